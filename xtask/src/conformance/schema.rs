//! The spec as JSON (OpenAPI 3.0, as the generator loads it: Swagger 2.0
//! and 3.1 converted, other files brought in), and whether a value is valid
//! for a schema of it: the part of JSON Schema that request values need
//! (types, `enum`, formats, `pattern`, bounds, lengths, `required`,
//! `additionalProperties`, `allOf`, `oneOf`, `anyOf`, `not`). A request may
//! not carry `readOnly` members.

use std::cell::RefCell;
use std::collections::HashMap;

use serde_json::Value;

use super::pattern::Pattern;

/// How deep a check or a value may go through references before it stops:
/// far deeper than any value the sweep writes.
pub const MAX_DEPTH: usize = 64;

/// The spec, with the compiled patterns of its schemas.
pub struct Document {
    pub root: Value,
    patterns: RefCell<HashMap<String, Option<Pattern>>>,
}

impl Document {
    pub fn new(root: Value) -> Document {
        Document { root, patterns: RefCell::default() }
    }

    /// The node a local reference (`#/components/schemas/Pet`) points at.
    pub fn target(&self, reference: &str) -> Option<&Value> {
        let pointer = reference.strip_prefix('#')?;
        self.root.pointer(pointer)
    }

    /// `node`, or what its `$ref` chain ends at; `None` for a reference
    /// that leads nowhere or in a circle.
    pub fn resolve<'a>(&'a self, node: &'a Value) -> Option<&'a Value> {
        let mut node = node;
        for _ in 0..MAX_DEPTH {
            match node.get("$ref").and_then(Value::as_str) {
                Some(reference) => node = self.target(reference)?,
                None => return Some(node),
            }
        }
        None
    }

    /// Whether `value` is valid for `schema`; the first reason it is not.
    /// `request`: members marked `readOnly` make it invalid.
    pub fn check(&self, value: &Value, schema: &Value, request: bool) -> Result<(), String> {
        self.check_at(value, schema, request, 0, "")
    }

    fn check_at(
        &self,
        value: &Value,
        schema: &Value,
        request: bool,
        depth: usize,
        at: &str,
    ) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Ok(());
        }
        let schema = self.resolve(schema).ok_or_else(|| format!("{at}: a reference that leads nowhere"))?;
        let fail = |why: String| Err(format!("{}: {why}", if at.is_empty() { "/" } else { at }));
        let nested =
            |value: &Value, schema: &Value, at: &str| self.check_at(value, schema, request, depth + 1, at);
        if value.is_null() && schema.get("nullable") == Some(&Value::Bool(true)) {
            return Ok(());
        }
        if let Some(options) = schema.get("enum").and_then(Value::as_array) {
            if !options.iter().any(|option| same(option, value)) {
                return fail(format!("{value} is not one of the enum's values"));
            }
        }
        for part in list(schema, "allOf") {
            nested(value, part, at)?;
        }
        if let Some(branch) = tagged_branch(schema, value) {
            return nested(value, branch, at);
        }
        let branches = |key| list(schema, key).filter(|branch| nested(value, branch, at).is_ok()).count();
        if schema.get("oneOf").is_some() && branches("oneOf") != 1 {
            return fail(format!("{} branches of oneOf match, not one", branches("oneOf")));
        }
        if schema.get("anyOf").is_some() && branches("anyOf") == 0 {
            return fail("no branch of anyOf matches".to_owned());
        }
        if let Some(not) = schema.get("not") {
            if nested(value, not, at).is_ok() {
                return fail("matches the schema of `not`".to_owned());
            }
        }
        if let Some(expected) = types(schema) {
            if !expected.iter().any(|ty| has_type(value, ty)) {
                return fail(format!("{value} is not of type {}", expected.join(" or ")));
            }
        }
        match value {
            Value::String(text) => self.check_string(text, schema).or_else(fail),
            Value::Number(_) => check_number(value, schema).or_else(fail),
            Value::Array(items) => {
                let count = items.len();
                if number(schema, "minItems").is_some_and(|min| (count as f64) < min) {
                    return fail(format!("{count} items, fewer than minItems"));
                }
                if number(schema, "maxItems").is_some_and(|max| (count as f64) > max) {
                    return fail(format!("{count} items, more than maxItems"));
                }
                if schema.get("uniqueItems") == Some(&Value::Bool(true))
                    && items.iter().enumerate().any(|(i, a)| items[..i].iter().any(|b| same(a, b)))
                {
                    return fail("repeated items where uniqueItems".to_owned());
                }
                if let Some(item_schema) = schema.get("items") {
                    for (index, item) in items.iter().enumerate() {
                        nested(item, item_schema, &format!("{at}/{index}"))?;
                    }
                }
                Ok(())
            }
            Value::Object(members) => {
                let properties = schema.get("properties").and_then(Value::as_object);
                for name in list(schema, "required").filter_map(Value::as_str) {
                    if !members.contains_key(name) {
                        return fail(format!("leaves out the required `{name}`"));
                    }
                }
                let count = members.len() as f64;
                if number(schema, "minProperties").is_some_and(|min| count < min)
                    || number(schema, "maxProperties").is_some_and(|max| count > max)
                {
                    return fail(format!("{count} members, outside min/maxProperties"));
                }
                for (name, member) in members {
                    let member_at = format!("{at}/{name}");
                    match properties.and_then(|properties| properties.get(name)) {
                        Some(property) => {
                            let property = self.resolve(property).unwrap_or(property);
                            if request && property.get("readOnly") == Some(&Value::Bool(true)) {
                                return fail(format!("`{name}` is readOnly"));
                            }
                            nested(member, property, &member_at)?;
                        }
                        None => match schema.get("additionalProperties") {
                            Some(Value::Bool(false)) => {
                                return fail(format!("`{name}` is not a declared property"))
                            }
                            Some(additional @ Value::Object(_)) => nested(member, additional, &member_at)?,
                            _ => {}
                        },
                    }
                }
                Ok(())
            }
            Value::Bool(_) | Value::Null => Ok(()),
        }
    }

    fn check_string(&self, text: &str, schema: &Value) -> Result<(), String> {
        let length = text.chars().count() as f64;
        if number(schema, "minLength").is_some_and(|min| length < min) {
            return Err(format!("{text:?} is shorter than minLength"));
        }
        if number(schema, "maxLength").is_some_and(|max| length > max) {
            return Err(format!("{text:?} is longer than maxLength"));
        }
        if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
            // A pattern the sweep does not read (ECMAScript has a few more
            // constructs) is not held against the value.
            let mut patterns = self.patterns.borrow_mut();
            let compiled = patterns.entry(pattern.to_owned()).or_insert_with(|| Pattern::new(pattern));
            if compiled.as_ref().is_some_and(|compiled| !compiled.is_match(text)) {
                return Err(format!("{text:?} does not match {pattern:?}"));
            }
        }
        match schema.get("format").and_then(Value::as_str) {
            Some(format) if !format_holds(format, text) => Err(format!("{text:?} is not a {format}")),
            _ => Ok(()),
        }
    }
}

/// The branch of a `oneOf` or `anyOf` that the discriminator's tag in
/// `value` names (through `mapping`, or by the schema's name), which alone
/// decides, as OpenAPI says.
fn tagged_branch<'a>(schema: &'a Value, value: &Value) -> Option<&'a Value> {
    let discriminator = schema.get("discriminator")?;
    let tag = value.get(discriminator.get("propertyName")?.as_str()?)?.as_str()?;
    let mapped = discriminator.get("mapping").and_then(|mapping| mapping.get(tag)).and_then(Value::as_str);
    list(schema, "oneOf").chain(list(schema, "anyOf")).find(|branch| {
        let reference = branch.get("$ref").and_then(Value::as_str).unwrap_or_default();
        match mapped {
            Some(target) => reference == target,
            None => reference.rsplit('/').next() == Some(tag),
        }
    })
}

/// The schemas (or values) of a keyword that holds a list.
pub fn list<'a>(schema: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    schema.get(key).and_then(Value::as_array).into_iter().flatten()
}

/// A numeric keyword (`minimum`, `maxLength`, ...).
pub fn number(schema: &Value, key: &str) -> Option<f64> {
    schema.get(key).and_then(Value::as_f64)
}

/// The types `type` allows, when it says.
pub fn types(schema: &Value) -> Option<Vec<&str>> {
    match schema.get("type")? {
        Value::String(ty) => Some(vec![ty.as_str()]),
        Value::Array(types) => Some(types.iter().filter_map(Value::as_str).collect()),
        _ => None,
    }
}

fn has_type(value: &Value, ty: &str) -> bool {
    match ty {
        "string" => value.is_string(),
        "integer" => value.as_f64().is_some_and(|number| number.fract() == 0.0),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        "null" => value.is_null(),
        _ => true,
    }
}

/// JSON equality, with `1` and `1.0` the same number.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

fn check_number(value: &Value, schema: &Value) -> Result<(), String> {
    let Some(number) = value.as_f64() else { return Ok(()) };
    // OpenAPI 3.0 writes exclusive bounds as booleans beside the bound.
    let exclusive = |key| schema.get(key) == Some(&Value::Bool(true));
    if let Some(min) = self::number(schema, "minimum") {
        if number < min || (exclusive("exclusiveMinimum") && number == min) {
            return Err(format!("{number} is below the minimum {min}"));
        }
    }
    if let Some(max) = self::number(schema, "maximum") {
        if number > max || (exclusive("exclusiveMaximum") && number == max) {
            return Err(format!("{number} is above the maximum {max}"));
        }
    }
    if let Some(step) = self::number(schema, "multipleOf").filter(|step| *step > 0.0) {
        let ratio = number / step;
        if (ratio - ratio.round()).abs() > 1e-9 {
            return Err(format!("{number} is not a multiple of {step}"));
        }
    }
    Ok(())
}

/// Whether `text` is written as `format` says, for the formats request
/// validators check; others hold.
fn format_holds(format: &str, text: &str) -> bool {
    let digits = |part: &str, count: usize| part.len() == count && part.bytes().all(|b| b.is_ascii_digit());
    let date = |text: &str| {
        let parts: Vec<&str> = text.split('-').collect();
        matches!(parts[..], [year, month, day] if digits(year, 4) && digits(month, 2) && digits(day, 2))
    };
    let time = |text: &str| {
        let (clock, zone) = match text.find(['Z', 'z', '+', '-']) {
            Some(at) => text.split_at(at),
            None => return false,
        };
        let clock = clock.split('.').next().unwrap_or_default();
        let zone_ok = matches!(zone, "Z" | "z")
            || zone.len() == 6 && digits(&zone[1..3], 2) && &zone[3..4] == ":" && digits(&zone[4..], 2);
        let parts: Vec<&str> = clock.split(':').collect();
        zone_ok && matches!(parts[..], [h, m, s] if digits(h, 2) && digits(m, 2) && digits(s, 2))
    };
    match format {
        "date" => date(text),
        "date-time" => text.split_once(['T', 't']).is_some_and(|(day, clock)| date(day) && time(clock)),
        "uuid" => {
            let groups: Vec<usize> = text.split('-').map(str::len).collect();
            groups == [8, 4, 4, 4, 12] && text.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
        }
        "email" => text.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.')),
        "ipv4" => {
            let parts: Vec<&str> = text.split('.').collect();
            parts.len() == 4 && parts.iter().all(|part| part.parse::<u8>().is_ok())
        }
        "uri" | "url" => text.split_once(':').is_some_and(|(scheme, _)| {
            scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        }),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn document() -> Document {
        Document::new(json!({
            "components": { "schemas": {
                "Pet": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "id": { "type": "integer", "readOnly": true },
                        "name": { "type": "string", "minLength": 2, "pattern": "^[a-z]+$" },
                        "born": { "type": "string", "format": "date" }
                    },
                    "additionalProperties": false
                }
            }}
        }))
    }

    #[test]
    fn checks_what_requests_need() {
        let document = document();
        let pet = json!({ "$ref": "#/components/schemas/Pet" });
        assert_eq!(document.check(&json!({ "name": "rex", "born": "2020-01-02" }), &pet, true), Ok(()));
        let problems = [
            json!({ "born": "2020-01-02" }),
            json!({ "name": "r" }),
            json!({ "name": "Rex" }),
            json!({ "name": "rex", "born": "yesterday" }),
            json!({ "name": "rex", "colour": "red" }),
        ];
        for value in problems {
            assert!(document.check(&value, &pet, true).is_err(), "{value}");
        }
        let with_id = json!({ "name": "rex", "id": 1 });
        assert!(document.check(&with_id, &pet, true).is_err());
        assert_eq!(document.check(&with_id, &pet, false), Ok(()));
    }

    #[test]
    fn one_of_takes_exactly_one_branch() {
        let document = document();
        let schema = json!({ "oneOf": [{ "type": "integer" }, { "type": "number" }] });
        assert!(document.check(&json!(1), &schema, true).is_err());
        assert_eq!(document.check(&json!(1.5), &schema, true), Ok(()));
    }

    #[test]
    fn formats() {
        assert!(format_holds("date-time", "2024-01-02T03:04:05Z"));
        assert!(format_holds("date-time", "2024-01-02T03:04:05.123+01:00"));
        assert!(!format_holds("date-time", "2024-01-02"));
        assert!(format_holds("uuid", "3fa85f64-5717-4562-b3fc-2c963f66afa6"));
        assert!(!format_holds("uuid", "3fa85f64"));
    }
}
