//! Enum schemas: their known values, a Rust name for each, the variant that
//! keeps unknown values, and the default.

use std::collections::{HashMap, HashSet};

use openapiv3::Schema;

use super::formats::{self, fits};
use super::names::{self, NameSet};
use super::shape;
use crate::ir::{Enum, EnumRepr, IntType, Literal, Variant};

/// Names the fallback variant may take, in order of preference.
const FALLBACK_NAMES: [&str; 3] = ["Unknown", "Other", "Unrecognized"];

/// An enum of strings.
pub fn of_strings(values: &[String], schema: &Schema) -> Enum {
    let values: Vec<Literal> = values.iter().cloned().map(Literal::String).collect();
    build(EnumRepr::String, &values, schema)
}

/// An enum of integers, as wide as `format` says, or wider when a value
/// does not fit that width (then it could not be written in Rust at all).
pub fn of_integers(values: &[i128], format: Option<&str>, schema: &Schema) -> Enum {
    let stated = formats::int_width(format).unwrap_or(IntType::I64);
    let width = [stated, IntType::I64, IntType::U64]
        .into_iter()
        .find(|&width| values.iter().all(|&value| fits(width, value)));
    let literals: Vec<Literal> = values.iter().map(|&value| Literal::Int(value)).collect();
    match width {
        Some(width) => build(EnumRepr::Integer(width), &literals, schema),
        // Negative values and values above `i64::MAX` together: no Rust
        // integer holds them all, a JSON value does.
        None => build(EnumRepr::Json, &literals, schema),
    }
}

/// An enum of values of several JSON types.
pub fn of_mixed(values: &[Literal], schema: &Schema) -> Enum {
    build(EnumRepr::Json, values, schema)
}

fn build(repr: EnumRepr, values: &[Literal], schema: &Schema) -> Enum {
    let given_names = given_variant_names(schema, values.len());
    let mut variant_names = NameSet::default();
    let mut variants: Vec<Variant> = Vec::with_capacity(values.len());
    let mut seen = HashSet::new();
    for (index, value) in values.iter().enumerate() {
        if !seen.insert(Key::of(value)) {
            continue;
        }
        let base = match given_names.as_ref().and_then(|given| given.get(index)) {
            Some(given) => names::camel(given, "Value"),
            None => variant_name(value),
        };
        variants.push(Variant { name: variant_names.claim(base), value: value.clone() });
    }
    let fallback = FALLBACK_NAMES
        .into_iter()
        .find(|candidate| !variants.iter().any(|variant| variant.name == *candidate))
        .map(str::to_owned)
        .unwrap_or_else(|| variant_names.claim(FALLBACK_NAMES[0].to_owned()));
    let default = default_variant(repr, &variants, schema);
    Enum { repr, variants, fallback, default }
}

/// An enum value as a set of values tells it apart from others: as
/// `Literal`'s equality does, but hashed, so that a list of tens of
/// thousands of values is deduplicated, and a value looked up, in constant
/// time each.
#[derive(PartialEq, Eq, Hash)]
enum Key<'v> {
    Scalar(Scalar),
    String(&'v str),
}

/// A value that is not a string.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Scalar {
    Bool(bool),
    Int(i128),
    /// The bits of the float, `-0.0` as `0.0` (they are equal).
    Float(u64),
}

impl<'v> Key<'v> {
    fn of(value: &'v Literal) -> Self {
        Key::Scalar(match value {
            Literal::Bool(flag) => Scalar::Bool(*flag),
            Literal::Int(number) => Scalar::Int(*number),
            Literal::Float(number) => Scalar::Float(if *number == 0.0 { 0 } else { number.to_bits() }),
            Literal::String(text) => return Key::String(text),
        })
    }
}

/// An enum's variants by value, to find the one a `default` names.
pub struct Lookup {
    /// By value, the first variant that is not a string with it: its place
    /// and name.
    by_scalar: HashMap<Scalar, (usize, String)>,
    /// By text, the first variant whose value is that string.
    by_text: HashMap<String, (usize, String)>,
}

impl Lookup {
    pub fn of(values: &Enum) -> Lookup {
        let mut lookup = Lookup { by_scalar: HashMap::new(), by_text: HashMap::new() };
        for (index, variant) in values.variants.iter().enumerate() {
            let entry = (index, variant.name.clone());
            match Key::of(&variant.value) {
                Key::Scalar(scalar) => lookup.by_scalar.entry(scalar).or_insert(entry),
                Key::String(text) => lookup.by_text.entry(text.to_owned()).or_insert(entry),
            };
        }
        lookup
    }

    /// The first variant that is `value`, or whose string is its text.
    pub fn variant(&self, value: &Literal) -> Option<&str> {
        let exact = match Key::of(value) {
            Key::Scalar(scalar) => self.by_scalar.get(&scalar),
            Key::String(_) => None,
        };
        let text = self.by_text.get(&value.text());
        [exact, text].into_iter().flatten().min_by_key(|(index, _)| *index).map(|(_, name)| name.as_str())
    }
}

/// Variant names the spec gives, from the `x-enum-varnames` extension
/// (openapi-generator) or `x-enumNames` (NSwag), when there is one per
/// value.
fn given_variant_names(schema: &Schema, count: usize) -> Option<Vec<String>> {
    let extensions = &schema.schema_data.extensions;
    let given = extensions.get("x-enum-varnames").or_else(|| extensions.get("x-enumNames"))?;
    let given: Vec<String> =
        given.as_array()?.iter().map(|name| name.as_str().map(str::to_owned)).collect::<Option<_>>()?;
    (given.len() == count).then_some(given)
}

/// The Rust name of an enum value: `row-major` is `RowMajor`, `1d` is
/// `Value1d`, `-1` is `ValueMinus1`, `""` is `Empty`.
pub fn variant_name(value: &Literal) -> String {
    match value {
        Literal::String(text) if text.is_empty() => "Empty".to_owned(),
        Literal::String(text) => names::camel(text, "Value"),
        Literal::Bool(true) => "True".to_owned(),
        Literal::Bool(false) => "False".to_owned(),
        Literal::Int(_) | Literal::Float(_) => {
            let text = value.text().replace('-', "Minus").replace('.', "Point").replace('+', "");
            names::camel(&format!("Value{text}"), "Value")
        }
    }
}

/// The variant `Default` gives: the schema's `default` when it is a known
/// value, or the only value there is.
fn default_variant(repr: EnumRepr, variants: &[Variant], schema: &Schema) -> Option<String> {
    let given = schema.schema_data.default.as_ref().and_then(shape::literal);
    let given = match (repr, given) {
        (EnumRepr::String, Some(value)) => Some(Literal::String(value.text())),
        (_, given) => given,
    };
    match (given, variants) {
        (Some(value), _) => {
            variants.iter().find(|variant| variant.value == value).map(|variant| variant.name.clone())
        }
        (None, [only]) => Some(only.name.clone()),
        (None, _) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(yaml: &str) -> Schema {
        serde_yaml::from_str(yaml).unwrap_or_else(|error| panic!("{yaml}: {error}"))
    }

    #[test]
    fn awkward_values_get_readable_distinct_names() {
        let values: Vec<String> = ["row-major", "1d", "", "a-b", "a_b", "Unknown"]
            .iter()
            .map(|value| (*value).to_owned())
            .collect();
        let model = of_strings(&values, &schema("type: string"));
        let names: Vec<&str> = model.variants.iter().map(|variant| variant.name.as_str()).collect();
        assert_eq!(names, ["RowMajor", "Value1d", "Empty", "AB", "AB2", "Unknown"]);
        assert_eq!(model.fallback, "Other");
        assert_eq!(model.default, None);
    }

    #[test]
    fn integer_enums_widen_to_hold_every_value() {
        let model = of_integers(&[1, -1, 3_000_000_000], Some("int32"), &schema("type: integer"));
        assert_eq!(model.repr, EnumRepr::Integer(IntType::I64));
        let names: Vec<&str> = model.variants.iter().map(|variant| variant.name.as_str()).collect();
        assert_eq!(names, ["Value1", "ValueMinus1", "Value3000000000"]);
        let unsigned = of_integers(&[i128::from(u64::MAX)], None, &schema("type: integer"));
        assert_eq!(unsigned.repr, EnumRepr::Integer(IntType::U64));
    }

    #[test]
    fn defaults_and_given_names() {
        let spec = "type: integer\ndefault: 2\nx-enum-varnames: [Low, High]";
        let model = of_integers(&[1, 2], None, &schema(spec));
        assert_eq!(model.variants[1].name, "High");
        assert_eq!(model.default.as_deref(), Some("High"));
        let single = of_strings(&["cat".to_owned()], &schema("type: string"));
        assert_eq!(single.default.as_deref(), Some("Cat"));
        let unknown_default =
            of_strings(&["a".to_owned(), "b".to_owned()], &schema("type: string\ndefault: c"));
        assert_eq!(unknown_default.default, None);
    }
}
