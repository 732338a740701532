//! How IR types are written in Rust, decided in one place: the emitters
//! write these names into the crate, and the API diff names types with them
//! in its report.

use crate::ir::{Field, FloatType, IntType, Operation, OutcomeBody, SuccessBody, TypeRef};

/// Where a type is written: inside `models`, or in a module that imports
/// `models` (`models::ArrayInfo`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Models,
    Outside,
}

/// The Rust type for `ty`: `Vec<models::ArrayInfo>`.
pub fn name(ty: &TypeRef, scope: Scope) -> String {
    match ty {
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::Int(int) => int_name(*int).to_owned(),
        TypeRef::Float(FloatType::F32) => "f32".to_owned(),
        TypeRef::Float(FloatType::F64) => "f64".to_owned(),
        TypeRef::String => "String".to_owned(),
        TypeRef::DateTime => "chrono::DateTime<chrono::Utc>".to_owned(),
        TypeRef::Date => "chrono::NaiveDate".to_owned(),
        TypeRef::Uuid => "uuid::Uuid".to_owned(),
        TypeRef::Base64 => "crate::Base64Bytes".to_owned(),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::JsonObject => "serde_json::Map<String, serde_json::Value>".to_owned(),
        TypeRef::Bytes => "bytes::Bytes".to_owned(),
        TypeRef::File => "crate::FilePart".to_owned(),
        TypeRef::Model(model) => match scope {
            Scope::Models => model.clone(),
            Scope::Outside => format!("models::{model}"),
        },
        TypeRef::List(item) => format!("Vec<{}>", name(item, scope)),
        TypeRef::Map(value) => format!("std::collections::BTreeMap<String, {}>", name(value, scope)),
        TypeRef::Option(inner) => format!("Option<{}>", name(inner, scope)),
    }
}

/// The Rust integer type.
pub fn int_name(int: IntType) -> &'static str {
    match int {
        IntType::I8 => "i8",
        IntType::I16 => "i16",
        IntType::I32 => "i32",
        IntType::I64 => "i64",
        IntType::U8 => "u8",
        IntType::U16 => "u16",
        IntType::U32 => "u32",
        IntType::U64 => "u64",
    }
}

/// A struct field's type, with its `Box` and `Option`.
pub fn field(field: &Field) -> String {
    let mut ty = name(&field.ty, Scope::Models);
    if field.boxed {
        ty = format!("Box<{ty}>");
    }
    if field.optional {
        ty = format!("Option<{ty}>");
    }
    ty
}

/// What an operation returns on success: `Vec<models::ArrayInfo>`, `()`, or its outcome enum.
pub fn success(operation: &Operation, scope: Scope) -> String {
    match &operation.success.body {
        SuccessBody::Empty => "()".to_owned(),
        SuccessBody::Json(ty) => name(ty, scope),
        SuccessBody::JsonOrEmpty(ty) => format!("Option<{}>", name(ty, scope)),
        SuccessBody::Raw => "bytes::Bytes".to_owned(),
        SuccessBody::Text => "String".to_owned(),
        SuccessBody::Outcomes(outcomes) => outcomes.type_name.clone(),
    }
}

/// The payload of one outcome variant, if it has one.
pub fn outcome(body: &OutcomeBody, scope: Scope) -> Option<String> {
    match body {
        OutcomeBody::Empty => None,
        OutcomeBody::Json(ty) => Some(name(ty, scope)),
        OutcomeBody::Text(_) => Some("String".to_owned()),
        OutcomeBody::Raw(_) => Some("bytes::Bytes".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_read_as_written_by_hand() {
        let ty = TypeRef::Map(Box::new(TypeRef::List(Box::new(TypeRef::Model("Type".to_owned())))));
        assert_eq!(name(&ty, Scope::Models), "std::collections::BTreeMap<String, Vec<Type>>");
        assert_eq!(name(&ty, Scope::Outside), "std::collections::BTreeMap<String, Vec<models::Type>>");
        assert_eq!(
            name(&TypeRef::Option(Box::new(TypeRef::Int(IntType::U64))), Scope::Models),
            "Option<u64>"
        );
    }
}
