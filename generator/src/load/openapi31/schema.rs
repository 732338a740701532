//! JSON Schema 2020-12 keywords rewritten into what the typed parse reads
//! (OpenAPI 3.0's schema object), each the way that keeps the most of its
//! meaning: `const` is a one-value `enum`, `examples` gives `example`,
//! numeric `exclusiveMinimum` a `minimum` marked exclusive, base64 content
//! `format: byte`. What no Rust type says honestly is dropped or loosened,
//! with a warning.

use serde_yaml::{Mapping, Value};

use super::{key, Rewrite};
use crate::markdown;
use crate::warning::WarningKind;

/// Keywords that only identify or annotate a schema resource, or hold
/// schemas reached by reference alone (the bundler reads those from the
/// file as written).
const IDENTIFIERS: &[&str] =
    &["$schema", "$id", "$anchor", "$dynamicAnchor", "$vocabulary", "$comment", "$defs", "definitions"];

/// Keywords whose value is a list of schemas.
const SCHEMA_LISTS: &[&str] = &["allOf", "oneOf", "anyOf", "prefixItems"];

/// Rewrites one schema's own keywords (not its subschemas: the walk
/// reaches those and rewrites them in turn).
pub fn rewrite(schema: &mut Mapping, out: &mut Rewrite) {
    for identifier in IDENTIFIERS {
        schema.shift_remove(*identifier);
    }
    boolean_subschemas(schema);
    constant(schema, out);
    examples(schema, out);
    exclusive_bounds(schema, out);
    content(schema, out);
    arrays(schema, out);
    conditionals(schema, out);
    dependent_required(schema);
    unevaluated(schema, out);
    pattern_properties(schema, out);
}

/// `true` and `false` as subschemas: `true` allows anything (`{}`); a
/// property that is `false` may not appear, so it is left out, and `false`
/// elsewhere is `not: {}`.
fn boolean_subschemas(schema: &mut Mapping) {
    let nothing = || {
        let mut not = Mapping::new();
        not.insert(key("not"), Value::Mapping(Mapping::new()));
        Value::Mapping(not)
    };
    let as_schema = |value: &mut Value| {
        if let Value::Bool(allowed) = value {
            *value = if *allowed { Value::Mapping(Mapping::new()) } else { nothing() };
        }
    };
    if let Some(Value::Mapping(properties)) = schema.get_mut("properties") {
        properties.retain(|_, property| !matches!(property, Value::Bool(false)));
        properties.values_mut().for_each(as_schema);
    }
    // `items` booleans say something of their own (see `arrays`), and the
    // typed parse reads `additionalProperties` booleans as 3.0 does.
    for keyword in ["not", "unevaluatedProperties"] {
        if let Some(value) = schema.get_mut(keyword) {
            as_schema(value);
        }
    }
    for keyword in SCHEMA_LISTS {
        if let Some(Value::Sequence(members)) = schema.get_mut(*keyword) {
            members.iter_mut().for_each(as_schema);
        }
    }
}

/// `const: v` is `enum: [v]`: a one-value enum, or a field that always
/// holds that value.
fn constant(schema: &mut Mapping, out: &mut Rewrite) {
    let Some(value) = schema.shift_remove("const") else { return };
    if value.is_null() {
        schema.insert(key("type"), key("null"));
        return;
    }
    schema.insert(key("enum"), Value::Sequence(vec![value]));
    out.moved(&["enum", "0"], &["const"]);
}

/// `examples: [a, b]` gives the `example` the docs show and the tests
/// decode: the first one.
fn examples(schema: &mut Mapping, out: &mut Rewrite) {
    let Some(Value::Sequence(examples)) = schema.shift_remove("examples") else { return };
    if schema.contains_key("example") {
        return;
    }
    if let Some(first) = examples.into_iter().next() {
        schema.insert(key("example"), first);
        out.moved(&["example"], &["examples", "0"]);
    }
}

/// Numeric `exclusiveMinimum: 5` is 3.0's `minimum: 5, exclusiveMinimum:
/// true`, unless `minimum` is already the stricter bound.
fn exclusive_bounds(schema: &mut Mapping, out: &mut Rewrite) {
    for (exclusive, inclusive, stricter) in [
        ("exclusiveMinimum", "minimum", (|a: f64, b: f64| a >= b) as fn(f64, f64) -> bool),
        ("exclusiveMaximum", "maximum", |a: f64, b: f64| a <= b),
    ] {
        let Some(bound) = schema.get(exclusive).filter(|value| value.is_number()).cloned() else { continue };
        let existing = schema.get(inclusive).and_then(Value::as_f64);
        let exclusive_wins = match (existing, bound.as_f64()) {
            (Some(existing), Some(new)) => !(stricter(existing, new) && existing != new),
            _ => true,
        };
        if exclusive_wins {
            schema.insert(key(inclusive), bound);
            schema.insert(key(exclusive), Value::Bool(true));
            out.moved(&[inclusive], &[exclusive]);
        } else {
            schema.shift_remove(exclusive);
        }
    }
}

/// String content: base64 is bytes (`format: byte`); `contentEncoding:
/// binary`, or a media type without an encoding, is the content itself
/// (`format: binary`, which is raw bytes as a body or a multipart file part,
/// and a `String` inside JSON). Other encodings stay strings.
fn content(schema: &mut Mapping, out: &mut Rewrite) {
    let encoding = schema.shift_remove("contentEncoding");
    let media_type = schema.shift_remove("contentMediaType");
    schema.shift_remove("contentSchema");
    let format = match encoding.as_ref().and_then(Value::as_str) {
        Some(encoding) if matches!(encoding.to_ascii_lowercase().as_str(), "base64" | "base64url") => "byte",
        Some(encoding) if encoding.eq_ignore_ascii_case("binary") => "binary",
        Some(encoding) => {
            let detail = format!(
                "`contentEncoding: {}` is not decoded by the client; the value is the encoded String",
                markdown_free(encoding)
            );
            out.warn(&["contentEncoding"], WarningKind::SchemaKeyword(detail));
            return;
        }
        None if media_type.is_some() => "binary",
        None => return,
    };
    if !schema.contains_key("format") {
        schema.insert(key("format"), key(format));
    }
    if !schema.contains_key("type") {
        schema.insert(key("type"), key("string"));
    }
}

/// `prefixItems` (tuples) and `items: false` (nothing past the prefix).
/// A tuple whose members are all one schema is a list of it; otherwise the
/// items are any JSON value, with a warning.
fn arrays(schema: &mut Mapping, out: &mut Rewrite) {
    let closed = matches!(schema.get("items"), Some(Value::Bool(false)));
    if let Some(Value::Bool(_)) = schema.get("items") {
        schema.shift_remove("items");
    }
    let Some(Value::Sequence(prefix)) = schema.shift_remove("prefixItems") else {
        if closed {
            // No prefix and nothing else: the list is always empty.
            schema.insert(key("items"), Value::Mapping(Mapping::new()));
        }
        return;
    };
    let rest = schema.get("items").cloned();
    let first = prefix.first().cloned();
    let same = first.filter(|first| {
        prefix.iter().all(|member| member == first) && rest.as_ref().is_none_or(|rest| rest == first)
    });
    match same {
        Some(only) => {
            schema.insert(key("items"), only);
            out.moved(&["items"], &["prefixItems", "0"]);
        }
        None => {
            schema.insert(key("items"), Value::Mapping(Mapping::new()));
            out.warn(&["prefixItems"], WarningKind::TupleItems);
        }
    }
    if !schema.contains_key("type") {
        schema.insert(key("type"), key("array"));
    }
}

/// `if`/`then`/`else` and `dependentSchemas` constrain a value the rest of
/// the schema already types; the client does not check them.
fn conditionals(schema: &mut Mapping, out: &mut Rewrite) {
    let mut dropped = Vec::new();
    for keyword in ["if", "then", "else", "dependentSchemas"] {
        if schema.shift_remove(keyword).is_some() {
            dropped.push(keyword);
        }
    }
    let Some(first) = dropped.first() else { return };
    let names: Vec<String> = dropped.iter().map(|keyword| format!("`{keyword}`")).collect();
    let detail = format!(
        "{} not checked: the value is typed by the rest of the schema, and members only a condition \
         names are not typed",
        names.join(", ")
    );
    out.warn(&[first], WarningKind::SchemaKeyword(detail));
}

/// `dependentRequired` (if `a` is present, `b` must be too) is a rule the
/// fields' `Option`s already allow; it goes into the docs.
fn dependent_required(schema: &mut Mapping) {
    let Some(Value::Mapping(rules)) = schema.shift_remove("dependentRequired") else { return };
    let mut sentences = Vec::new();
    for (name, required) in &rules {
        let (Some(name), Some(required)) = (name.as_str(), required.as_sequence()) else { continue };
        let required: Vec<String> = required.iter().filter_map(Value::as_str).map(markdown::code).collect();
        if !required.is_empty() {
            sentences.push(format!(
                "When {} is set, so must be {}.",
                markdown::code(name),
                required.join(", ")
            ));
        }
    }
    if sentences.is_empty() {
        return;
    }
    let description = schema.get("description").and_then(Value::as_str).unwrap_or_default();
    let joined = [description.to_owned(), sentences.join(" ")]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    schema.insert(key("description"), Value::String(joined));
}

/// `unevaluatedProperties` says what `additionalProperties` says when the
/// schema has no `additionalProperties` of its own; `unevaluatedItems` is
/// not checked.
fn unevaluated(schema: &mut Mapping, out: &mut Rewrite) {
    if let Some(value) = schema.shift_remove("unevaluatedProperties") {
        if !schema.contains_key("additionalProperties") {
            schema.insert(key("additionalProperties"), value);
            out.moved(&["additionalProperties"], &["unevaluatedProperties"]);
        }
    }
    if schema.shift_remove("unevaluatedItems").is_some() {
        let detail = "`unevaluatedItems` not checked: items are typed by `items`".to_owned();
        out.warn(&["unevaluatedItems"], WarningKind::SchemaKeyword(detail));
    }
}

/// `patternProperties`: a map of the pattern's schema when every key must
/// match one pattern of that schema (no fixed properties, and nothing or
/// the same schema for other keys); otherwise the other members are any
/// JSON value, with a warning.
fn pattern_properties(schema: &mut Mapping, out: &mut Rewrite) {
    let Some(Value::Mapping(patterns)) = schema.shift_remove("patternProperties") else { return };
    let Some(first) = patterns.values().next().cloned() else { return };
    let one_schema = patterns.values().all(|value| *value == first);
    let no_properties = schema.get("properties").and_then(Value::as_mapping).is_none_or(Mapping::is_empty);
    let others_fit = match schema.get("additionalProperties") {
        Some(Value::Bool(false)) => true,
        Some(other) => *other == first,
        None => false,
    };
    if one_schema && no_properties && others_fit {
        schema.insert(key("additionalProperties"), first);
        let pattern = patterns.keys().next().and_then(Value::as_str).unwrap_or_default().to_owned();
        out.moved(&["additionalProperties"], &["patternProperties", &pattern]);
        return;
    }
    if matches!(schema.get("additionalProperties"), Some(Value::Bool(false)) | None) {
        schema.insert(key("additionalProperties"), Value::Mapping(Mapping::new()));
    }
    if !schema.contains_key("type") {
        schema.insert(key("type"), key("object"));
    }
    let detail = "`patternProperties` are not typed: members beyond the named properties are \
                  serde_json::Value"
        .to_owned();
    out.warn(&["patternProperties"], WarningKind::SchemaKeyword(detail));
}

/// A spec string shown in a warning: control characters escaped, so a
/// terminal shows what is there.
fn markdown_free(text: &str) -> String {
    text.escape_debug().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(yaml: &str) -> (Value, Rewrite) {
        let mut value: Value = serde_yaml::from_str(yaml).expect("test yaml");
        let mut out = Rewrite::default();
        rewrite(value.as_mapping_mut().expect("a mapping"), &mut out);
        (value, out)
    }

    fn yaml(text: &str) -> Value {
        serde_yaml::from_str(text).expect("test yaml")
    }

    #[test]
    fn constants_examples_and_bounds() {
        let (value, out) =
            rewritten("{type: integer, const: 3, examples: [3, 4], exclusiveMinimum: 0, minimum: -5}");
        assert_eq!(value, yaml("{type: integer, enum: [3], example: 3, exclusiveMinimum: true, minimum: 0}"));
        assert_eq!(out.moved.len(), 3);
        let (value, _) = rewritten("{type: number, exclusiveMaximum: 10, maximum: 5}");
        assert_eq!(value, yaml("{type: number, maximum: 5}"));
    }

    #[test]
    fn content_and_tuples() {
        let (value, out) = rewritten("{type: string, contentEncoding: base64, contentMediaType: image/png}");
        assert_eq!(value, yaml("{type: string, format: byte}"));
        assert!(out.warnings.is_empty());
        for content in ["contentEncoding: binary", "contentMediaType: image/png", "contentEncoding: BINARY"] {
            let (value, out) = rewritten(&format!("{{type: string, {content}}}"));
            assert_eq!(value, yaml("{type: string, format: binary}"), "{content}");
            assert!(out.warnings.is_empty(), "{content}");
        }
        let (value, out) =
            rewritten("{type: array, prefixItems: [{type: string}, {type: integer}], items: false}");
        assert_eq!(value, yaml("{type: array, items: {}}"));
        assert_eq!(out.warnings.len(), 1);
        let (value, out) = rewritten("{type: array, prefixItems: [{type: string}, {type: string}]}");
        assert_eq!(value, yaml("{type: array, items: {type: string}}"));
        assert!(out.warnings.is_empty());
    }

    #[test]
    fn maps_from_patterns_only_when_every_key_fits() {
        let (value, out) = rewritten(
            "{type: object, patternProperties: {'^x': {type: integer}}, additionalProperties: false}",
        );
        assert_eq!(value, yaml("{type: object, additionalProperties: {type: integer}}"));
        assert!(out.warnings.is_empty());
        let (value, out) = rewritten("{type: object, patternProperties: {'^x': {type: integer}}}");
        assert_eq!(value, yaml("{type: object, additionalProperties: {}}"));
        assert_eq!(out.warnings.len(), 1);
    }
}
