//! Spec text to a document tree, YAML or JSON.
//!
//! The tree is serde_yaml's `Value`, read through a visitor of our own so
//! that an integer no 64-bit type holds (`minimum: -9223372036854776000` is
//! in real documents) becomes a float instead of failing the whole parse:
//! serde_yaml's own `Value` refuses 128-bit integers.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Number, Value};

use crate::error::{Error, SpecProblem};
use crate::pointer::Pointer;

/// Parses `text` as JSON or YAML; `label` names the file in messages.
pub fn parse(label: &str, text: &str, is_json: bool) -> Result<Value, Error> {
    if is_json {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        // Big specs nest deeply (schemas inside schemas); the tree is walked
        // without recursion limits of its own, so stay with serde_json's.
        let value = Lenient::deserialize(&mut deserializer).and_then(|value| {
            deserializer.end()?;
            Ok(value.0)
        });
        return value.map_err(|error| Error::Syntax {
            file: label.to_owned(),
            line: error.line(),
            column: error.column(),
            format: "JSON",
            message: error.to_string(),
        });
    }
    let mut yaml = serde_yaml::from_str::<Lenient>(text).map(|value| value.0).map_err(|error| {
        let (line, column) = error.location().map_or((0, 0), |at| (at.line(), at.column()));
        // The location is already in front; serde_yaml repeats it at the end.
        let message = error.to_string();
        let message = message.split(" at line ").next().unwrap_or_default().to_owned();
        Error::Syntax { file: label.to_owned(), line, column, format: "YAML", message }
    })?;
    // Real-world specs share fragments with YAML merge keys (`<<: *base`).
    yaml.apply_merge().map_err(|error| Error::Spec {
        file: label.to_owned(),
        problems: vec![SpecProblem::invalid(&Pointer::root(), error.to_string())],
    })?;
    Ok(yaml)
}

/// A document node, with oversized integers read as floats.
struct Lenient(Value);

impl<'de> Deserialize<'de> for Lenient {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LenientVisitor).map(Lenient)
    }
}

struct LenientVisitor;

impl<'de> Visitor<'de> for LenientVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML or JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_i128<E>(self, value: i128) -> Result<Value, E> {
        Ok(match i64::try_from(value) {
            Ok(small) => Value::Number(small.into()),
            Err(_) => Value::Number(Number::from(value as f64)),
        })
    }

    fn visit_u128<E>(self, value: u128) -> Result<Value, E> {
        Ok(match u64::try_from(value) {
            Ok(small) => Value::Number(small.into()),
            Err(_) => Value::Number(Number::from(value as f64)),
        })
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Value::Number(Number::from(value)))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Lenient::deserialize(deserializer).map(|value| value.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(access.size_hint().unwrap_or(0).min(1024));
        while let Some(Lenient(item)) = access.next_element()? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut mapping = Mapping::new();
        while let Some((Lenient(key), Lenient(value))) = access.next_entry()? {
            // A repeated key keeps its first value, as YAML parsers that
            // accept repeats do; JSON parsers keep the last. Both are rare.
            if !mapping.contains_key(&key) {
                mapping.insert(key, value);
            }
        }
        Ok(Value::Mapping(mapping))
    }

    /// A YAML tag (`!name value`).
    fn visit_enum<A: de::EnumAccess<'de>>(self, access: A) -> Result<Value, A::Error> {
        let (tag, variant): (String, _) = access.variant()?;
        let Lenient(value) = variant.newtype_variant()?;
        Ok(Value::Tagged(Box::new(TaggedValue { tag: Tag::new(tag), value })))
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn integers_beyond_64_bits_become_floats() {
        let yaml =
            parse("a.yaml", "minimum: -9223372036854776000\nmax: 99999999999999999999999\nn: 3\n", false)
                .expect("parses");
        assert_eq!(yaml.get("minimum").and_then(serde_yaml::Value::as_f64), Some(-9.223372036854776e18));
        assert!(yaml.get("max").is_some_and(serde_yaml::Value::is_f64));
        assert_eq!(yaml.get("n").and_then(serde_yaml::Value::as_i64), Some(3));
        let json = parse("a.json", r#"{"m": -9223372036854776000, "k": [1, 2.5]}"#, true).expect("parses");
        assert!(json.get("m").is_some_and(serde_yaml::Value::is_f64));
    }

    #[test]
    fn syntax_errors_have_a_line() {
        let error = parse("a.yaml", "a: [1,\n", false).expect_err("unclosed");
        assert!(error.to_string().starts_with("a.yaml:"), "{error}");
        let error = parse("a.json", "{\"a\": }", true).expect_err("no value");
        assert!(error.to_string().starts_with("a.json:1:"), "{error}");
    }
}
