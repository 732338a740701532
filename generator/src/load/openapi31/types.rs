//! `null` and unions of types, as 3.0 says them: `type: [string, "null"]`
//! is a nullable string, a `oneOf` member that only allows `null` makes
//! the `oneOf` nullable, and `type: [string, integer]` is a `oneOf` of a
//! string and an integer, each with the keywords that apply to it.

use serde_yaml::{Mapping, Value};

use super::{key, Rewrite};
use crate::warning::WarningKind;

/// Keywords that apply to values of one JSON type only.
const STRING: &[&str] = &["minLength", "maxLength", "pattern"];
const NUMBER: &[&str] = &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];
const ARRAY: &[&str] =
    &["items", "minItems", "maxItems", "uniqueItems", "contains", "minContains", "maxContains"];
const OBJECT: &[&str] = &[
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
    "propertyNames",
    "discriminator",
];
/// Formats of numbers; any other format is a string's.
const NUMBER_FORMATS: &[&str] =
    &["int32", "int64", "float", "double", "int8", "int16", "uint8", "uint16", "uint32", "uint64"];

/// `type` as a list, or `"null"`: `null` makes the schema nullable, one
/// other type is the type, several are a `oneOf` (unless the schema has
/// one already, whose members then say the types).
pub fn type_list(schema: &mut Mapping, out: &mut Rewrite) {
    let types: Vec<String> = match schema.get("type") {
        Some(Value::Sequence(types)) => types.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        Some(Value::String(only)) if only == "null" => vec![only.clone()],
        _ => return,
    };
    let mut others: Vec<String> = types.iter().filter(|name| *name != "null").cloned().collect();
    others.dedup();
    if others.len() < types.len() {
        schema.insert(key("nullable"), Value::Bool(true));
    }
    match others.as_slice() {
        [] => {
            schema.shift_remove("type");
            schema.shift_remove("enum");
            if !has_subschemas(schema) {
                let detail = "a schema that only allows `null` is typed as serde_json::Value".to_owned();
                out.warn(&["type"], WarningKind::SchemaKeyword(detail));
            }
        }
        [only] => {
            schema.insert(key("type"), key(only));
        }
        // The members, or the listed values, say the types.
        _ if schema.contains_key("oneOf") || schema.contains_key("anyOf") || schema.contains_key("enum") => {
            schema.shift_remove("type");
        }
        _ => split(schema, others, out),
    }
}

/// Whether the schema says more than its `type`, through subschemas.
fn has_subschemas(schema: &Mapping) -> bool {
    ["allOf", "oneOf", "anyOf", "$ref"].iter().any(|keyword| schema.contains_key(*keyword))
}

/// Replaces the `type` list by a `oneOf` with a member per type, integers
/// before numbers (so a whole number decodes as one), each taking the
/// keywords of its type.
fn split(schema: &mut Mapping, mut types: Vec<String>, out: &mut Rewrite) {
    types.sort_by_key(|name| name != "integer");
    schema.shift_remove("type");
    let format = schema.get("format").and_then(Value::as_str).map(str::to_owned);
    let numeric_format = format.as_deref().is_some_and(|format| NUMBER_FORMATS.contains(&format));
    let mut members = Vec::new();
    for name in &types {
        let mut member = Mapping::new();
        member.insert(key("type"), key(name));
        let keywords: &[&str] = match name.as_str() {
            "string" => STRING,
            "integer" | "number" => NUMBER,
            "array" => ARRAY,
            "object" => OBJECT,
            _ => &[],
        };
        for keyword in keywords {
            if let Some(value) = schema.get(*keyword) {
                member.insert(key(keyword), value.clone());
            }
        }
        let takes_format = match name.as_str() {
            "string" => !numeric_format,
            "integer" | "number" => numeric_format,
            _ => false,
        };
        if let (Some(format), true) = (&format, takes_format) {
            member.insert(key("format"), key(format));
        }
        members.push(Value::Mapping(member));
    }
    for keyword in STRING.iter().chain(NUMBER).chain(ARRAY).chain(OBJECT).chain(&["format"]) {
        schema.shift_remove(*keyword);
    }
    for index in 0..members.len() {
        out.moved(&["oneOf", &index.to_string()], &[]);
    }
    schema.insert(key("oneOf"), Value::Sequence(members));
}

/// Members of `oneOf`/`anyOf` that only allow `null` (`{type: "null"}`,
/// as utoipa writes an `Option` of a named type) make the schema nullable
/// instead. One member left (without a discriminator) is written as the
/// `allOf` of it, as 3.0 annotates a reference.
pub fn null_members(schema: &mut Mapping, out: &mut Rewrite) {
    for keyword in ["oneOf", "anyOf"] {
        let Some(Value::Sequence(members)) = schema.get(keyword) else { continue };
        if !members.iter().any(only_null) {
            continue;
        }
        let kept: Vec<(usize, Value)> =
            members.iter().cloned().enumerate().filter(|(_, member)| !only_null(member)).collect();
        schema.insert(key("nullable"), Value::Bool(true));
        let single =
            kept.len() == 1 && !schema.contains_key("discriminator") && !schema.contains_key("allOf");
        let target = if single { "allOf" } else { keyword };
        for (new, (old, _)) in kept.iter().enumerate() {
            out.moved(&[target, &new.to_string()], &[keyword, &old.to_string()]);
        }
        let mut kept: Vec<Value> = kept.into_iter().map(|(_, member)| member).collect();
        if single {
            hoist_annotations(schema, &mut kept[0]);
        }
        if kept.is_empty() {
            schema.shift_remove(keyword);
        } else if single {
            schema.shift_remove(keyword);
            schema.insert(key("allOf"), Value::Sequence(kept));
        } else {
            schema.insert(key(keyword), Value::Sequence(kept));
        }
    }
}

/// Annotations of the one member left (`{$ref, description}`, as utoipa
/// writes a documented `Option` field) describe the field: they move to
/// the schema, unless it has its own.
fn hoist_annotations(schema: &mut Mapping, member: &mut Value) {
    const ANNOTATIONS: &[&str] =
        &["title", "description", "default", "examples", "example", "deprecated", "readOnly", "writeOnly"];
    let Some(member) = member.as_mapping_mut() else { return };
    if !member.contains_key("$ref") {
        return;
    }
    for name in ANNOTATIONS {
        if schema.contains_key(*name) {
            continue;
        }
        if let Some(value) = member.shift_remove(*name) {
            schema.insert(key(name), value);
        }
    }
}

/// Whether a schema allows `null` and nothing else.
fn only_null(member: &Value) -> bool {
    let Some(member) = member.as_mapping() else { return false };
    let null = Value::String("null".to_owned());
    let says_null = match member.get("type") {
        Some(Value::String(name)) => name == "null",
        Some(Value::Sequence(types)) => types.len() == 1 && types[0] == null,
        _ => {
            matches!(member.get("const"), Some(Value::Null))
                || matches!(member.get("enum"), Some(Value::Sequence(values)) if values.iter().all(Value::is_null) && !values.is_empty())
        }
    };
    const ANNOTATIONS: &[&str] =
        &["type", "const", "enum", "title", "description", "$comment", "default", "examples"];
    says_null
        && member.keys().all(|name| {
            name.as_str().is_some_and(|name| ANNOTATIONS.contains(&name) || name.starts_with("x-"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Value {
        serde_yaml::from_str(text).expect("test yaml")
    }

    fn with(text: &str, rewrite: fn(&mut Mapping, &mut Rewrite)) -> (Value, Rewrite) {
        let mut value = yaml(text);
        let mut out = Rewrite::default();
        rewrite(value.as_mapping_mut().expect("a mapping"), &mut out);
        (value, out)
    }

    #[test]
    fn null_in_a_type_list_is_nullable() {
        let (value, _) = with("{type: [string, 'null'], maxLength: 3}", type_list);
        assert_eq!(value, yaml("{type: string, maxLength: 3, nullable: true}"));
    }

    #[test]
    fn several_types_are_a_union_with_their_own_keywords() {
        let (value, out) = with(
            "{type: [number, integer, string, 'null'], minimum: 1, maxLength: 4, description: d}",
            type_list,
        );
        assert_eq!(
            value,
            yaml(
                "{description: d, nullable: true, oneOf: [\
                 {type: integer, minimum: 1}, \
                 {type: number, minimum: 1}, \
                 {type: string, maxLength: 4}]}"
            )
        );
        assert_eq!(out.moved.len(), 3);
        let (value, _) = with("{type: [integer, string], enum: [1, max]}", type_list);
        assert_eq!(value, yaml("{enum: [1, max]}"));
    }

    #[test]
    fn null_members_make_the_union_nullable() {
        let (value, out) = with("{oneOf: [{type: 'null'}, {$ref: '#/components/schemas/A'}]}", null_members);
        assert_eq!(value, yaml("{nullable: true, allOf: [{$ref: '#/components/schemas/A'}]}"));
        assert_eq!(
            out.moved,
            vec![(vec!["allOf".to_owned(), "0".to_owned()], vec!["oneOf".to_owned(), "1".to_owned()])]
        );
        let (value, _) = with("{anyOf: [{type: string}, {type: 'null'}, {type: integer}]}", null_members);
        assert_eq!(value, yaml("{anyOf: [{type: string}, {type: integer}], nullable: true}"));
    }
}
