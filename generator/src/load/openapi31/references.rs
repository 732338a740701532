//! `$ref` as 3.1 reads it: a schema reference may have sibling keywords
//! (applied as an `allOf` with the target would be), other references may
//! override the target's `summary` and `description`.

use serde_yaml::{Mapping, Value};

use super::{key, Rewrite};

/// Keywords beside a schema `$ref` that say nothing about values.
const INERT: &[&str] =
    &["$ref", "$schema", "$id", "$anchor", "$dynamicAnchor", "$comment", "$defs", "definitions"];

/// A schema `$ref` with keywords beside it becomes `allOf: [{$ref}]` with
/// the keywords beside the `allOf` (after any members it already has), so
/// annotations (`description`, `default`, `deprecated`) apply to the use
/// and other keywords add to the target as `allOf` does. Returns whether it
/// rewrote.
pub fn schema_siblings(schema: &mut Mapping, out: &mut Rewrite) -> bool {
    let Some(Value::String(reference)) = schema.get("$ref") else { return false };
    let has_siblings = schema
        .keys()
        .any(|name| name.as_str().is_none_or(|name| !INERT.contains(&name) && !name.starts_with("x-")));
    if !has_siblings {
        return false;
    }
    let mut member = Mapping::new();
    member.insert(key("$ref"), Value::String(reference.clone()));
    schema.shift_remove("$ref");
    let members = schema.entry(key("allOf")).or_insert_with(|| Value::Sequence(Vec::new()));
    let Value::Sequence(members) = members else {
        // `allOf` of the wrong shape: leave it for the typed parse.
        return true;
    };
    members.push(Value::Mapping(member));
    out.moved(&["allOf", &(members.len() - 1).to_string()], &[]);
    true
}

/// The `summary` and `description` beside a non-schema `$ref`, which
/// replace the target's own.
pub fn overrides(node: &Mapping) -> Vec<(Value, Value)> {
    ["summary", "description"]
        .into_iter()
        .filter_map(|name| node.get(name).map(|value| (key(name), value.clone())))
        .collect()
}

/// Puts the overrides on the node that replaced the reference.
pub fn apply_overrides(node: &mut Value, overrides: Vec<(Value, Value)>) {
    if let Some(node) = node.as_mapping_mut() {
        for (name, value) in overrides {
            node.insert(name, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siblings_become_an_all_of() {
        let mut value: Value =
            serde_yaml::from_str("{$ref: '#/components/schemas/A', description: d, x-a: 1}").expect("yaml");
        let mut out = Rewrite::default();
        assert!(schema_siblings(value.as_mapping_mut().expect("mapping"), &mut out));
        let expected: Value =
            serde_yaml::from_str("{description: d, x-a: 1, allOf: [{$ref: '#/components/schemas/A'}]}")
                .expect("yaml");
        assert_eq!(value, expected);
        let mut plain: Value =
            serde_yaml::from_str("{$ref: '#/components/schemas/A', x-a: 1}").expect("yaml");
        assert!(!schema_siblings(plain.as_mapping_mut().expect("mapping"), &mut out));
    }
}
