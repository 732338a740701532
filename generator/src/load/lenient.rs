//! What real documents get wrong in ways that say nothing about the API:
//! the typed parse would refuse them (or the crate would not compile), so
//! they are repaired on the walk, with a warning where something the author
//! wrote is set aside.

use serde_yaml::Value;

use super::walk::Kind;
use crate::warning::WarningKind;

/// Descriptions, summaries and titles are text; one that is not (a `$ref`
/// object, a list) is only documentation, so it is dropped. A response,
/// which must have a description, gets an empty one when it has none.
/// Returns the dropped fields' warnings, by field.
pub fn prose(node: &mut Value, kind: Kind) -> Vec<(&'static str, WarningKind)> {
    let mut warnings = Vec::new();
    if matches!(kind, Kind::Callback | Kind::MediaType) {
        return warnings;
    }
    let Some(mapping) = node.as_mapping_mut() else { return warnings };
    for field in ["description", "summary", "title"] {
        if mapping.get(field).is_none_or(Value::is_string) {
            continue;
        }
        mapping.remove(field);
        let detail = format!("`{field}` is not text; left out of the docs");
        warnings.push((field, WarningKind::NotText(detail)));
    }
    if kind == Kind::Response && !mapping.contains_key("description") && !mapping.contains_key("$ref") {
        mapping.insert(key("description"), key(""));
    }
    warnings
}

/// An empty `oneOf` or `anyOf` allows no value at all, which is never what
/// its author meant (generators write one after removing the members, and
/// a discriminator's mapping may still name them, as schemas that are no
/// longer there). It is dropped, with a warning, and the rest of the schema
/// types the value.
pub fn empty_unions(schema: &mut Value) -> Vec<(&'static str, WarningKind)> {
    let mut warnings = Vec::new();
    let Some(mapping) = schema.as_mapping_mut() else { return warnings };
    for keyword in ["oneOf", "anyOf"] {
        if mapping.get(keyword).and_then(Value::as_sequence).is_some_and(Vec::is_empty) {
            mapping.remove(keyword);
            let detail =
                format!("an empty `{keyword}` allows no value; left out, so the rest of the schema types it");
            warnings.push((keyword, WarningKind::EmptyUnion(detail)));
        }
    }
    warnings
}

fn key(text: &str) -> Value {
    Value::String(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Value {
        serde_yaml::from_str(text).expect("test yaml")
    }

    #[test]
    fn an_empty_union_is_dropped() {
        let mut schema = yaml("{type: object, anyOf: [], oneOf: [], discriminator: {propertyName: type}}");
        assert_eq!(empty_unions(&mut schema).len(), 2);
        assert_eq!(schema, yaml("{type: object, discriminator: {propertyName: type}}"));
        let mut schema = yaml("{oneOf: [{type: string}]}");
        assert!(empty_unions(&mut schema).is_empty());
    }
}
