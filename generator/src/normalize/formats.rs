//! Primitive types by `type` and `format`, including the contradictory
//! combinations real specs contain, which get a sensible type and a note in
//! the docs rather than an error.

use super::shape::Shape;
use crate::ir::{FloatType, IntType, TypeRef};

/// A `string` by format. `binary` stays a `String` in JSON: JSON has no raw
/// bytes, so a binary property inside a JSON document is text already.
pub fn string_type(format: Option<&str>) -> TypeRef {
    match format {
        Some("date-time") => TypeRef::DateTime,
        Some("date") => TypeRef::Date,
        Some("uuid") => TypeRef::Uuid,
        Some("byte") => TypeRef::Base64,
        _ => TypeRef::String,
    }
}

/// Integer widths by format. Unknown or missing formats are `i64`: servers
/// send values like 4294967295 for "integer" with no format, which `i32`
/// cannot hold. `float`/`double` on an integer (seen in real specs) follow
/// the format, as the server's own type does.
pub fn integer_type(format: Option<&str>) -> TypeRef {
    match format {
        Some("float") => TypeRef::Float(FloatType::F32),
        Some("double") => TypeRef::Float(FloatType::F64),
        _ => TypeRef::Int(int_width(format).unwrap_or(IntType::I64)),
    }
}

/// The integer type an integer format names, if it names one.
pub fn int_width(format: Option<&str>) -> Option<IntType> {
    Some(match format? {
        "int8" => IntType::I8,
        "int16" => IntType::I16,
        "int32" => IntType::I32,
        "int64" => IntType::I64,
        "uint8" => IntType::U8,
        "uint16" => IntType::U16,
        "uint32" => IntType::U32,
        "uint64" => IntType::U64,
        _ => return None,
    })
}

/// A `number` is a float whatever its format says: `type: number, format:
/// uint64` still allows `1.5`, and decoding must not reject what the schema
/// allows.
pub fn number_type(format: Option<&str>) -> TypeRef {
    TypeRef::Float(match format {
        Some("float") => FloatType::F32,
        _ => FloatType::F64,
    })
}

/// Whether `value` fits in `int`.
pub fn fits(int: IntType, value: i128) -> bool {
    let (min, max): (i128, i128) = match int {
        IntType::I8 => (i8::MIN.into(), i8::MAX.into()),
        IntType::I16 => (i16::MIN.into(), i16::MAX.into()),
        IntType::I32 => (i32::MIN.into(), i32::MAX.into()),
        IntType::I64 => (i64::MIN.into(), i64::MAX.into()),
        IntType::U8 => (0, u8::MAX.into()),
        IntType::U16 => (0, u16::MAX.into()),
        IntType::U32 => (0, u32::MAX.into()),
        IntType::U64 => (0, u64::MAX.into()),
    };
    (min..=max).contains(&value)
}

/// A line for the docs when the type and format disagree, or the format
/// says something the Rust type does not.
pub fn note(shape: &Shape<'_>) -> Option<String> {
    match shape {
        Shape::Integer { format: Some(format), .. } if matches!(format.as_str(), "float" | "double") => {
            let rust = if format == "float" { "f32" } else { "f64" };
            Some(format!(
                "The spec says `type: integer` with `format: {format}`; this is an `{rust}`, which holds \
                 every value of the server's {format} type."
            ))
        }
        Shape::Number { format: Some(format) } if int_width(Some(format)).is_some() => Some(format!(
            "The spec says `type: number` with `format: {format}`; this is an `f64`, since a number \
             may have a fraction."
        )),
        Shape::String { format: Some(format), .. } if format == "binary" => {
            Some("Binary data (`format: binary`), which JSON carries as a string.".to_owned())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_formats_get_a_type_that_decodes_every_allowed_value() {
        assert_eq!(integer_type(Some("float")), TypeRef::Float(FloatType::F32));
        assert_eq!(integer_type(Some("decimal")), TypeRef::Int(IntType::I64));
        assert_eq!(integer_type(None), TypeRef::Int(IntType::I64));
        assert_eq!(number_type(Some("uint64")), TypeRef::Float(FloatType::F64));
        assert_eq!(string_type(Some("binary")), TypeRef::String);
        assert_eq!(string_type(Some("byte")), TypeRef::Base64);
        assert_eq!(string_type(Some("uuid")), TypeRef::Uuid);
    }

    #[test]
    fn odd_formats_are_explained() {
        let note_of = |shape| note(&shape).unwrap_or_default();
        assert!(note_of(Shape::Number { format: Some("uint64".into()) }).contains("`format: uint64`"));
        assert!(note_of(Shape::Integer { format: Some("float".into()), values: vec![] }).contains("`f32`"));
        assert_eq!(note(&Shape::Integer { format: Some("int32".into()), values: vec![] }), None);
    }

    #[test]
    fn ranges() {
        assert!(fits(IntType::U64, i128::from(u64::MAX)));
        assert!(!fits(IntType::U8, -1));
        assert!(!fits(IntType::I32, i128::from(i32::MAX) + 1));
    }
}
