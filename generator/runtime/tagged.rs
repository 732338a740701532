//! Encoding and decoding of tagged unions (`oneOf` with a `discriminator`).
//!
//! The tag is a property of the variant's own object (`{"petType": "cat",
//! "name": ...}`), which the variant's struct usually declares too. serde's
//! internally tagged enums would take the tag away before the struct sees
//! it and write it twice on the way out, so a union decodes the object
//! whole and picks the variant by the tag, and writes the variant's object
//! with the tag property set to the variant's tag. A struct's own value is
//! kept when it is one of the variant's tags (`kitty` for a cat tagged `cat`
//! or `kitty`), so decoded values round-trip exactly; any other value (a
//! default-constructed `""`, or a tag of another variant) is replaced, since
//! the variant says what the value is.

use serde::de::{DeserializeOwned, Error as _};
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::decode::Lenient;

/// Writes `variant`, with `property` set to the first of `tags` unless it
/// holds one of them already.
pub(crate) fn serialize<S: Serializer, T: Serialize>(
    variant: &T,
    property: &str,
    tags: &[&str],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut value = serde_json::to_value(variant).map_err(S::Error::custom)?;
    if let (Value::Object(members), Some(first)) = (&mut value, tags.first()) {
        let tagged = matches!(members.get(property), Some(Value::String(tag)) if tags.contains(&tag.as_str()));
        if !tagged {
            members.insert(property.to_owned(), Value::String((*first).to_owned()));
        }
    }
    value.serialize(serializer)
}

/// Reads one value and its tag.
pub(crate) fn read<'de, D: Deserializer<'de>>(
    deserializer: D,
    property: &'static str,
) -> Result<(String, Value), D::Error> {
    let value = Value::deserialize(deserializer)?;
    let tag = match value.get(property) {
        Some(Value::String(tag)) => tag.clone(),
        Some(other) => {
            return Err(D::Error::custom(format!(
                "`{property}` should be a string, found {other}"
            )));
        }
        None => return Err(D::Error::missing_field(property)),
    };
    Ok((tag, value))
}

/// Decodes the variant a tag selected from the whole value, with whole floats
/// accepted in integer fields as everywhere else.
pub(crate) fn decode<T: DeserializeOwned, E: serde::de::Error>(value: Value) -> Result<T, E> {
    T::deserialize(Lenient(value)).map_err(E::custom)
}
