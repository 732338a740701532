//! Valid values written from a schema: the spec's own example when it has a
//! valid one, otherwise a value built from what the schema says (`enum`,
//! `format`, `pattern`, bounds, lengths, `required`, a branch of `oneOf`).
//! Every value is checked against its schema before it is used, so what the
//! writer gets wrong shows as a value it cannot write, not as a request the
//! server rejects.

use serde_json::{json, Map, Value};

use super::pattern;
use super::schema::{list, number, types, Document, MAX_DEPTH};

/// Which members of objects a value has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Members {
    /// The required ones.
    Required,
    /// Every one that can be written, down to [`OPTIONAL_DEPTH`] objects
    /// deep (below that, the required ones).
    All,
}

/// How many objects deep optional members are written: enough to reach the
/// nested objects and lists of form bodies (`items[0][price_data][recurring]`),
/// without writing a recursive schema out to its limit.
const OPTIONAL_DEPTH: usize = 4;

/// Writes values for schemas of one document.
pub struct Synthesizer<'a> {
    document: &'a Document,
}

/// Where the writer is: the references it is inside, how deep, how many
/// objects deep.
#[derive(Clone)]
struct Place {
    references: Vec<String>,
    depth: usize,
    objects: usize,
}

impl Place {
    fn deeper(&self) -> Place {
        Place { depth: self.depth + 1, ..self.clone() }
    }
}

impl<'a> Synthesizer<'a> {
    pub fn new(document: &'a Document) -> Synthesizer<'a> {
        Synthesizer { document }
    }

    /// A valid request value for `schema`, or why none could be written.
    pub fn value(&self, schema: &Value, members: Members) -> Result<Value, String> {
        let value = self.at(schema, members, &Place { references: Vec::new(), depth: 0, objects: 0 })?;
        self.document
            .check(&value, schema, true)
            .map(|()| value.clone())
            .map_err(|why| format!("the value written, {value}, is not valid: {why}"))
    }

    /// The first of `examples` that is valid for `schema`.
    pub fn valid_example<'v>(
        &self,
        examples: impl IntoIterator<Item = &'v Value>,
        schema: &Value,
    ) -> Option<Value> {
        examples.into_iter().find(|example| self.document.check(example, schema, true).is_ok()).cloned()
    }

    fn at(&self, schema: &Value, members: Members, place: &Place) -> Result<Value, String> {
        if place.depth > MAX_DEPTH {
            return Err("the schema nests deeper than a value can be written".to_owned());
        }
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            if place.references.iter().any(|inside| inside == reference) {
                return Err(format!("{reference} contains itself"));
            }
            let target =
                self.document.target(reference).ok_or_else(|| format!("{reference} leads nowhere"))?;
            let mut inner = place.deeper();
            inner.references.push(reference.to_owned());
            return self.at(target, members, &inner);
        }
        if let Some(example) = self.valid_example(schema.get("example"), schema) {
            return Ok(example);
        }
        if let Some(first) = list(schema, "enum").find(|value| !value.is_null()) {
            return Ok(first.clone());
        }
        if schema.get("allOf").is_some() {
            return self.all_of(schema, members, place);
        }
        for key in ["oneOf", "anyOf"] {
            if schema.get(key).is_some() {
                return self.choice(schema, key, members, place);
            }
        }
        let ty = types(schema).and_then(|types| types.into_iter().find(|ty| *ty != "null"));
        let ty = ty.unwrap_or_else(|| {
            if ["properties", "required", "additionalProperties"].iter().any(|key| schema.get(key).is_some())
            {
                "object"
            } else if schema.get("items").is_some() {
                "array"
            } else {
                "string"
            }
        });
        match ty {
            "object" => self.object(schema, members, place),
            "array" => self.array(schema, members, place),
            "integer" => integer(schema),
            "number" => decimal(schema),
            "boolean" => Ok(Value::Bool(true)),
            _ => string(schema),
        }
    }

    /// `allOf`: the objects its parts write, merged; a part that is not an
    /// object gives the value.
    fn all_of(&self, schema: &Value, members: Members, place: &Place) -> Result<Value, String> {
        let mut rest = schema.clone();
        let parts = rest.as_object_mut().and_then(|rest| rest.remove("allOf")).unwrap_or_default();
        let mut parts: Vec<Value> = parts.as_array().cloned().unwrap_or_default();
        if has_constraints(&rest) {
            parts.push(rest);
        }
        // Members one part requires may be declared by another.
        let required: Vec<Value> = parts.iter().flat_map(|part| self.required_of(part)).collect();
        let mut merged = Map::new();
        for part in &parts {
            let part = with_required(part, &required, self.document);
            match self.at(&part, members, &place.deeper())? {
                // The part that declares a member writes it; another that
                // only requires it (the schema around `allOf`) would write
                // any value.
                Value::Object(members) => {
                    for (name, value) in members {
                        merged.entry(name).or_insert(value);
                    }
                }
                other if merged.is_empty() => return Ok(other),
                _ => {}
            }
        }
        Ok(Value::Object(merged))
    }

    /// The `required` list of a schema, through its references and `allOf`.
    fn required_of(&self, schema: &Value) -> Vec<Value> {
        let Some(schema) = self.document.resolve(schema) else { return Vec::new() };
        let mut required: Vec<Value> = list(schema, "required").cloned().collect();
        for part in list(schema, "allOf") {
            required.extend(self.required_of(part));
        }
        required
    }

    /// `oneOf` or `anyOf`: the first branch whose value the whole schema
    /// accepts, with the discriminator's tag for it.
    fn choice(&self, schema: &Value, key: &str, members: Members, place: &Place) -> Result<Value, String> {
        let mut rest = schema.clone();
        if let Some(rest) = rest.as_object_mut() {
            rest.remove(key);
            rest.remove("discriminator");
        }
        let mut reasons = Vec::new();
        for branch in list(schema, key) {
            let combined =
                if has_constraints(&rest) { json!({ "allOf": [rest, branch] }) } else { branch.clone() };
            let value = match self.at(&combined, members, &place.deeper()) {
                Ok(value) => self.tagged(schema, branch, value),
                Err(why) => {
                    reasons.push(why);
                    continue;
                }
            };
            match self.document.check(&value, schema, true) {
                Ok(()) => return Ok(value),
                Err(why) => reasons.push(why),
            }
        }
        Err(format!("no branch of {key} gives a valid value: {}", reasons.join("; ")))
    }

    /// `value` with the discriminator property set to the tag of `branch`.
    fn tagged(&self, schema: &Value, branch: &Value, mut value: Value) -> Value {
        let Some(discriminator) = schema.get("discriminator") else { return value };
        let (Some(property), Some(reference)) = (
            discriminator.get("propertyName").and_then(Value::as_str),
            branch.get("$ref").and_then(Value::as_str),
        ) else {
            return value;
        };
        let mapped = discriminator.get("mapping").and_then(Value::as_object).and_then(|mapping| {
            mapping.iter().find(|(_, target)| target.as_str() == Some(reference)).map(|(tag, _)| tag.clone())
        });
        let tag = mapped.unwrap_or_else(|| reference.rsplit('/').next().unwrap_or_default().to_owned());
        if let Some(members) = value.as_object_mut() {
            members.insert(property.to_owned(), Value::String(tag));
        }
        value
    }

    fn object(&self, schema: &Value, members: Members, place: &Place) -> Result<Value, String> {
        let required: Vec<&str> = list(schema, "required").filter_map(Value::as_str).collect();
        let optional_too = members == Members::All && place.objects < OPTIONAL_DEPTH;
        let inner = Place { objects: place.objects + 1, ..place.deeper() };
        let mut out = Map::new();
        let properties = schema.get("properties").and_then(Value::as_object);
        for (name, property) in properties.into_iter().flatten() {
            let wanted = required.contains(&name.as_str());
            let resolved = self.document.resolve(property).unwrap_or(property);
            // A request leaves out what the server writes, even when required (for responses).
            if resolved.get("readOnly") == Some(&Value::Bool(true)) || !(wanted || optional_too) {
                continue;
            }
            match self.at(property, members, &inner) {
                Ok(value) => {
                    out.insert(name.clone(), value);
                }
                Err(why) if wanted => return Err(format!("`{name}`: {why}")),
                Err(_) => {}
            }
        }
        // An object with no member is nothing in a form or a query (no
        // `name[key]=value` pair), so a required one would go missing on the
        // wire: it gets its first member that can be written.
        if out.is_empty() && !optional_too && required.is_empty() {
            for (name, property) in properties.into_iter().flatten() {
                let resolved = self.document.resolve(property).unwrap_or(property);
                if resolved.get("readOnly") == Some(&Value::Bool(true)) {
                    continue;
                }
                if let Ok(value) = self.at(property, members, &inner) {
                    out.insert(name.clone(), value);
                    break;
                }
            }
        }
        let additional = match schema.get("additionalProperties") {
            Some(Value::Bool(false)) => None,
            Some(additional @ Value::Object(_)) => Some(additional.clone()),
            _ => Some(json!({ "type": "string" })),
        };
        let undeclared: Vec<&str> =
            required.iter().copied().filter(|name| !out.contains_key(*name)).collect();
        for name in undeclared {
            let additional =
                additional.as_ref().ok_or_else(|| format!("`{name}` is required but not declared"))?;
            out.insert(name.to_owned(), self.at(additional, members, &inner)?);
        }
        let open_map = properties.is_none_or(Map::is_empty) && schema.get("additionalProperties").is_some();
        let wanted = number(schema, "minProperties").unwrap_or(0.0) as usize;
        if open_map && (optional_too || out.len() < wanted) {
            if let Some(additional) = &additional {
                while out.len() < wanted.max(1) {
                    let value = self.at(additional, members, &inner)?;
                    out.insert(format!("key{}", out.len() + 1), value);
                }
            }
        }
        Ok(Value::Object(out))
    }

    fn array(&self, schema: &Value, members: Members, place: &Place) -> Result<Value, String> {
        let max = number(schema, "maxItems").map(|max| max as usize);
        let count =
            (number(schema, "minItems").unwrap_or(1.0) as usize).max(1).min(max.unwrap_or(usize::MAX));
        let Some(items) = schema.get("items") else { return Ok(Value::Array(vec![json!("sample"); count])) };
        let unique = schema.get("uniqueItems") == Some(&Value::Bool(true));
        let options: Vec<&Value> =
            self.document.resolve(items).map(|items| list(items, "enum").collect()).unwrap_or_default();
        if unique && !options.is_empty() {
            return Ok(Value::Array(options.into_iter().take(count).cloned().collect()));
        }
        let item = self.at(items, members, &Place { objects: place.objects + 1, ..place.deeper() })?;
        Ok(Value::Array(vec![item; count]))
    }
}

/// Whether a schema says something about values besides the keyword being
/// handled (not only docs).
fn has_constraints(schema: &Value) -> bool {
    let docs = ["description", "title", "example", "examples", "nullable", "deprecated", "externalDocs"];
    schema.as_object().is_some_and(|members| {
        members.keys().any(|key| !docs.contains(&key.as_str()) && !key.starts_with("x-"))
    })
}

/// `part` requiring the members in `required` that it declares.
fn with_required(part: &Value, required: &[Value], document: &Document) -> Value {
    let Some(resolved) = document.resolve(part) else { return part.clone() };
    let declared = resolved.get("properties").and_then(Value::as_object);
    let extra: Vec<Value> = required
        .iter()
        .filter(|name| {
            name.as_str().is_some_and(|name| declared.is_some_and(|declared| declared.contains_key(name)))
        })
        .filter(|name| !list(resolved, "required").any(|present| present == *name))
        .cloned()
        .collect();
    if extra.is_empty() {
        return part.clone();
    }
    let mut part = resolved.clone();
    if let Some(members) = part.as_object_mut() {
        let mut all: Vec<Value> = list(resolved, "required").cloned().collect();
        all.extend(extra);
        members.insert("required".to_owned(), Value::Array(all));
    }
    part
}

fn integer(schema: &Value) -> Result<Value, String> {
    let exclusive = |key| schema.get(key) == Some(&Value::Bool(true));
    let min = number(schema, "minimum").map(|min| {
        if exclusive("exclusiveMinimum") {
            min.floor() + 1.0
        } else {
            min.ceil()
        }
    });
    let max = number(schema, "maximum").map(|max| {
        if exclusive("exclusiveMaximum") {
            max.ceil() - 1.0
        } else {
            max.floor()
        }
    });
    let mut value = match (min, max) {
        (Some(min), _) => min,
        (None, Some(max)) => max.min(1.0),
        (None, None) => 1.0,
    };
    if let Some(step) = number(schema, "multipleOf").filter(|step| *step >= 1.0) {
        value = (value / step).ceil() * step;
    }
    Ok(json!(value as i64))
}

fn decimal(schema: &Value) -> Result<Value, String> {
    let min = number(schema, "minimum");
    let max = number(schema, "maximum");
    let exclusive = |key| schema.get(key) == Some(&Value::Bool(true));
    let value = match (min, max) {
        (Some(min), Some(max)) => (min + max) / 2.0,
        (Some(min), None) if exclusive("exclusiveMinimum") => min + 1.5,
        (Some(min), None) => min,
        (None, Some(max)) => max.min(2.5) - if exclusive("exclusiveMaximum") { 1.0 } else { 0.0 },
        (None, None) => 2.5,
    };
    match number(schema, "multipleOf").filter(|step| *step > 0.0) {
        Some(step) => Ok(json!((value / step).ceil() * step)),
        None => Ok(json!(value)),
    }
}

fn string(schema: &Value) -> Result<Value, String> {
    let min = number(schema, "minLength").unwrap_or(0.0) as usize;
    let max = number(schema, "maxLength").map(|max| max as usize);
    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
        return pattern::sample(pattern, min, max)
            .map(Value::String)
            .ok_or_else(|| format!("cannot write a string that matches {pattern:?}"));
    }
    let text = match schema.get("format").and_then(Value::as_str).unwrap_or_default() {
        "date-time" => "2024-01-02T03:04:05Z",
        "date" => "2024-01-02",
        "time" => "03:04:05",
        "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "email" => "user@example.com",
        "uri" | "url" | "uri-reference" | "iri" => "https://example.com/",
        "hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "byte" => "c2FtcGxl",
        "int32" | "int64" | "integer" => "1",
        "float" | "double" | "decimal" | "number" => "2.5",
        "password" => "secret",
        _ => "sample",
    };
    let mut text = text.to_owned();
    while text.chars().count() < min {
        text.push('x');
    }
    if let Some(max) = max {
        text = text.chars().take(max).collect();
    }
    Ok(Value::String(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document() -> Document {
        Document::new(json!({
            "components": { "schemas": {
                "Pet": {
                    "type": "object",
                    "required": ["name", "kind"],
                    "properties": {
                        "id": { "type": "integer", "readOnly": true },
                        "name": { "type": "string", "minLength": 3 },
                        "kind": { "type": "string", "enum": ["dog", "cat"] },
                        "sid": { "type": "string", "pattern": "^PN[0-9a-f]{4}$" },
                        "weight": { "type": "number", "minimum": 1, "maximum": 9 },
                        "tags": { "type": "array", "items": { "type": "string", "format": "uuid" } },
                        "parent": { "$ref": "#/components/schemas/Pet" }
                    }
                },
                "Shape": {
                    "oneOf": [{ "$ref": "#/components/schemas/Circle" }, { "$ref": "#/components/schemas/Square" }],
                    "discriminator": { "propertyName": "shape", "mapping": { "sq": "#/components/schemas/Square" } }
                },
                "Circle": { "type": "object", "required": ["shape", "r"], "properties": {
                    "shape": { "type": "string" }, "r": { "type": "integer", "minimum": 2 } } },
                "Square": { "type": "object", "required": ["shape"], "properties": { "shape": { "type": "string" } } },
                "Profile": { "type": "object", "properties": {
                    "id": { "type": "string", "readOnly": true }, "headline": { "type": "string" },
                    "url": { "type": "string" } } }
            }}
        }))
    }

    #[test]
    fn an_object_without_required_members_gets_one_to_be_sent_at_all() {
        let document = document();
        let synthesizer = Synthesizer::new(&document);
        let profile = json!({ "$ref": "#/components/schemas/Profile" });
        assert_eq!(synthesizer.value(&profile, Members::Required), Ok(json!({ "headline": "sample" })));
    }

    #[test]
    fn writes_the_required_members_or_all() {
        let document = document();
        let synthesizer = Synthesizer::new(&document);
        let pet = json!({ "$ref": "#/components/schemas/Pet" });
        assert_eq!(
            synthesizer.value(&pet, Members::Required),
            Ok(json!({ "name": "sample", "kind": "dog" }))
        );
        let all = synthesizer.value(&pet, Members::All).unwrap();
        assert_eq!(all["sid"], "PNaaaa");
        assert_eq!(all["weight"], 5.0);
        assert_eq!(all["tags"], json!(["3fa85f64-5717-4562-b3fc-2c963f66afa6"]));
        assert!(all.get("id").is_none(), "readOnly members stay out: {all}");
        assert!(all.get("parent").is_none(), "a schema inside itself is left out: {all}");
    }

    #[test]
    fn tags_the_branch_of_a_discriminated_union() {
        let document = document();
        let synthesizer = Synthesizer::new(&document);
        let shape = json!({ "$ref": "#/components/schemas/Shape" });
        // The first branch: a Circle is also a valid Square (oneOf fails),
        // unless tagged; with the tag, only the mapping decides.
        let value = synthesizer.value(&shape, Members::Required);
        assert!(value.is_ok(), "{value:?}");
    }

    #[test]
    fn prefers_a_valid_example() {
        let document = Document::new(json!({}));
        let synthesizer = Synthesizer::new(&document);
        let schema = json!({ "type": "string", "format": "date", "example": "2021-05-06" });
        assert_eq!(synthesizer.value(&schema, Members::Required), Ok(json!("2021-05-06")));
        let wrong = json!({ "type": "string", "format": "date", "example": "May 6th" });
        assert_eq!(synthesizer.value(&wrong, Members::Required), Ok(json!("2024-01-02")));
    }
}
