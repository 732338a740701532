//! Schemas: Swagger 2.0's are almost OpenAPI 3.0's. What differs is where
//! references point, go-swagger's `x-nullable`, the `file` type and the
//! `discriminator`, which names a property instead of holding an object.

use serde_yaml::{Mapping, Value};

use super::key;

/// Keywords whose value is one schema.
const ONE_SCHEMA: &[&str] = &["items", "additionalProperties", "not"];
/// Keywords whose value is a list of schemas.
const SCHEMA_LISTS: &[&str] = &["allOf", "anyOf", "oneOf"];

/// A schema rewritten for OpenAPI 3.0. Nodes that are not mappings are
/// carried over unchanged.
pub fn convert(schema: &Value) -> Value {
    let Some(schema) = schema.as_mapping() else { return schema.clone() };
    let mut out = Mapping::new();
    for (name, value) in schema {
        let converted = match name.as_str() {
            Some("$ref") => value
                .as_str()
                .map_or_else(|| value.clone(), |reference| Value::String(reference_to(reference))),
            Some("x-nullable") => {
                out.insert(key("nullable"), value.clone());
                continue;
            }
            Some("type") if value.as_str() == Some("file") => {
                out.insert(key("format"), key("binary"));
                key("string")
            }
            Some("discriminator") => match value.as_str() {
                Some(property) => {
                    let mut discriminator = Mapping::new();
                    discriminator.insert(key("propertyName"), key(property));
                    Value::Mapping(discriminator)
                }
                None => value.clone(),
            },
            Some("properties") => match value.as_mapping() {
                Some(properties) => Value::Mapping(
                    properties.iter().map(|(name, property)| (name.clone(), convert(property))).collect(),
                ),
                None => value.clone(),
            },
            // Draft-4 tuple `items: [a, b]` is carried over for the bundler
            // to type (see `load::walk`).
            Some("items") if value.is_sequence() => {
                Value::Sequence(value.as_sequence().into_iter().flatten().map(convert).collect())
            }
            Some(keyword) if ONE_SCHEMA.contains(&keyword) => convert(value),
            Some(keyword) if SCHEMA_LISTS.contains(&keyword) => match value.as_sequence() {
                Some(items) => Value::Sequence(items.iter().map(convert).collect()),
                None => value.clone(),
            },
            _ => value.clone(),
        };
        out.insert(name.clone(), converted);
    }
    Value::Mapping(out)
}

/// A local reference rewritten to where OpenAPI 3.0 keeps the same node.
/// Other references are left as they are.
pub fn reference_to(reference: &str) -> String {
    const MOVES: &[(&str, &str)] = &[
        ("#/definitions/", "#/components/schemas/"),
        ("#/parameters/", "#/components/parameters/"),
        ("#/responses/", "#/components/responses/"),
    ];
    MOVES
        .iter()
        .find_map(|(from, to)| reference.strip_prefix(from).map(|rest| format!("{to}{rest}")))
        .unwrap_or_else(|| reference.to_owned())
}

/// Whether the schema is Swagger 2.0's `type: file`.
pub fn is_file(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("file")
}

#[cfg(test)]
mod tests {
    use super::convert;

    fn yaml(text: &str) -> serde_yaml::Value {
        serde_yaml::from_str(text).expect("test yaml")
    }

    #[test]
    fn rewrites_refs_nullable_files_and_discriminators() {
        let schema = yaml(
            "type: object\n\
             discriminator: kind\n\
             properties:\n  \
               owner: {$ref: '#/definitions/User', x-nullable: true}\n  \
               blob: {type: file}\n  \
               tags: {type: array, items: {$ref: '#/definitions/Tag'}}\n\
             allOf: [{$ref: '#/definitions/Base'}]\n",
        );
        let expected = yaml(
            "type: object\n\
             discriminator: {propertyName: kind}\n\
             properties:\n  \
               owner: {$ref: '#/components/schemas/User', nullable: true}\n  \
               blob: {format: binary, type: string}\n  \
               tags: {type: array, items: {$ref: '#/components/schemas/Tag'}}\n\
             allOf: [{$ref: '#/components/schemas/Base'}]\n",
        );
        assert_eq!(convert(&schema), expected);
    }
}
