//! Small pieces of bundling: where a node's copy goes and what it is
//! called, and how reference text is read.

use serde_yaml::{Mapping, Value};

use crate::pointer::Pointer;

/// Whether `pointer` is `#/components/<section>/<name>`.
pub(super) fn is_component(pointer: &Pointer, section: &str) -> bool {
    let tokens: Vec<String> = pointer.tokens().collect();
    matches!(tokens.as_slice(), [components, found, _] if components == "components" && found == section)
}

/// A name for a node from where it is: `FooBar` for
/// `#/components/schemas/Foo/properties/bar`, `Limit` for `#/Limit` in
/// another file. `None` for a whole file.
pub(super) fn component_name(pointer: &Pointer) -> Option<String> {
    const STRUCTURE: &[&str] = &[
        "components",
        "schemas",
        "parameters",
        "responses",
        "requestBodies",
        "headers",
        "definitions",
        "$defs",
        "paths",
        "properties",
        "items",
        "schema",
        "content",
        "allOf",
        "oneOf",
        "anyOf",
        "additionalProperties",
        "not",
        "requestBody",
    ];
    let parts: Vec<String> = pointer
        .tokens()
        .filter(|token| {
            !STRUCTURE.contains(&token.as_str()) && !token.contains('/') || token.starts_with('/')
        })
        .map(|token| token.replace(['/', '{', '}'], " ").trim().to_owned())
        .filter(|token| !token.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

pub(super) fn set_reference(node: &mut Value, reference: &str) {
    let mut mapping = Mapping::new();
    mapping.insert(Value::String("$ref".to_owned()), Value::String(reference.to_owned()));
    *node = Value::Mapping(mapping);
}

/// Adds the copied components to the document's `components`.
pub(super) fn add_components(document: &mut Value, added: Vec<(&'static str, String, Value)>) {
    let Some(root) = document.as_mapping_mut() else { return };
    let components =
        root.entry(Value::String("components".to_owned())).or_insert_with(|| Value::Mapping(Mapping::new()));
    let Some(components) = components.as_mapping_mut() else { return };
    for (section, name, value) in added {
        let entries = components
            .entry(Value::String(section.to_owned()))
            .or_insert_with(|| Value::Mapping(Mapping::new()));
        if let Some(entries) = entries.as_mapping_mut() {
            entries.insert(Value::String(name), value);
        }
    }
}

/// A mapping key as text (YAML allows `200:` as a number).
pub(super) fn key_text(key: &Value) -> Option<String> {
    match key {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// `%20` and friends in a relative file reference, decoded.
pub(super) fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes.get(index + 1..index + 3).and_then(|pair| std::str::from_utf8(pair).ok());
        match (bytes[index], hex.and_then(|hex| u8::from_str_radix(hex, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                index += 3;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_where_the_node_is() {
        let name = |text: &str| component_name(&Pointer::from_raw(text.to_owned()));
        assert_eq!(name("#/components/schemas/Foo/properties/bar").as_deref(), Some("Foo bar"));
        assert_eq!(name("#/components/parameters/limit/schema").as_deref(), Some("limit"));
        assert_eq!(name("#/Droplet").as_deref(), Some("Droplet"));
        assert_eq!(
            name("#/paths/~1users~1{id}/get/responses/200/content/application~1json/schema").as_deref(),
            Some("users  id get 200")
        );
        assert_eq!(name("#"), None);
        assert_eq!(percent_decode("a%20b.yaml"), "a b.yaml");
    }
}
