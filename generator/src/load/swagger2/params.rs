//! Parameters: Swagger 2.0 keeps a parameter's type on the parameter itself,
//! lays out lists with `collectionFormat`, and sends bodies and forms as
//! parameters (`in: body`, `in: formData`). OpenAPI 3.0 moves the type under
//! `schema`, says `style`/`explode`, and has `requestBody`.

use serde_yaml::{Mapping, Value};

use super::{key, schema};
use crate::error::SpecProblem;
use crate::pointer::Pointer;

/// Keywords of a Swagger 2.0 parameter that describe its value, and so move
/// under `schema`.
const SCHEMA_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
];

/// Keywords that stay on the parameter.
const PARAMETER_KEYWORDS: &[&str] =
    &["name", "in", "description", "required", "deprecated", "allowEmptyValue"];

/// Where a Swagger 2.0 parameter goes.
pub enum Kind {
    /// Path, query or header: an OpenAPI 3.0 parameter.
    Plain,
    /// `in: body`: the request body.
    Body,
    /// `in: formData`: one field of a form body.
    FormField,
}

/// Which of the three a parameter is, by its `in`.
pub fn kind(parameter: &Value) -> Kind {
    match parameter.get("in").and_then(Value::as_str) {
        Some("body") => Kind::Body,
        Some("formData") => Kind::FormField,
        _ => Kind::Plain,
    }
}

/// A path, query or header parameter in OpenAPI 3.0 form; `at` is where
/// the original is, for problems.
pub fn plain(parameter: &Value, at: &Pointer) -> Result<Value, SpecProblem> {
    let Some(parameter) = parameter.as_mapping() else { return Ok(parameter.clone()) };
    if let Some(reference) = parameter.get("$ref").and_then(Value::as_str) {
        let mut out = Mapping::new();
        out.insert(key("$ref"), Value::String(schema::reference_to(reference)));
        return Ok(Value::Mapping(out));
    }
    let mut out = Mapping::new();
    let mut value_schema = Mapping::new();
    for (name, value) in parameter {
        match name.as_str() {
            Some(keyword)
                if PARAMETER_KEYWORDS.contains(&keyword)
                    || keyword.starts_with("x-") && keyword != "x-nullable" =>
            {
                out.insert(name.clone(), value.clone());
            }
            Some(keyword) if SCHEMA_KEYWORDS.contains(&keyword) => {
                value_schema.insert(name.clone(), items_without_layout(keyword, value));
            }
            _ => {}
        }
    }
    let location = parameter.get("in").and_then(Value::as_str).unwrap_or_default();
    let is_list = parameter.get("type").and_then(Value::as_str) == Some("array");
    if is_list {
        let format = parameter.get("collectionFormat").and_then(Value::as_str).unwrap_or("csv");
        let (style, explode, separator) = list_style(location, format)
            .ok_or_else(|| SpecProblem::invalid(&at.join("collectionFormat"), unknown_layout(format)))?;
        out.insert(key("style"), key(style));
        out.insert(key("explode"), Value::Bool(explode));
        if let Some(separator) = separator {
            out.insert(key(LIST_SEPARATOR), key(separator));
        }
    }
    out.insert(key("schema"), schema::convert(&Value::Mapping(value_schema)));
    Ok(Value::Mapping(out))
}

/// The extension that carries a list separator OpenAPI 3.0 has no style
/// for (`collectionFormat: tsv`, or `pipes` in a header); the normalizer
/// reads it.
pub const LIST_SEPARATOR: &str = "x-list-separator";

/// OpenAPI 3.0's `style` and `explode` for a `collectionFormat`, and the
/// separator when no style says it.
fn list_style(location: &str, format: &str) -> Option<(&'static str, bool, Option<&'static str>)> {
    let separator = match format {
        "csv" => ",",
        "ssv" => " ",
        "tsv" => "\t",
        "pipes" => "|",
        "multi" => ",",
        _ => return None,
    };
    Some(match (location, format) {
        ("query", "csv") => ("form", false, None),
        ("query", "multi") => ("form", true, None),
        ("query", "ssv") => ("spaceDelimited", false, None),
        ("query", "pipes") => ("pipeDelimited", false, None),
        ("query", _) => ("form", false, Some(separator)),
        (_, "csv" | "multi") => ("simple", false, None),
        _ => ("simple", false, Some(separator)),
    })
}

fn unknown_layout(format: &str) -> String {
    format!("`collectionFormat: {format}`; Swagger 2.0 has csv, ssv, tsv, pipes and multi")
}

/// A parameter's `items` without the `collectionFormat` of nested lists,
/// which has no place in a schema.
fn items_without_layout(keyword: &str, value: &Value) -> Value {
    match (keyword, value) {
        ("items", Value::Mapping(items)) => {
            let mut items = items.clone();
            items.remove("collectionFormat");
            if let Some(inner) = items.get("items").cloned() {
                items.insert(key("items"), items_without_layout("items", &inner));
            }
            Value::Mapping(items)
        }
        _ => value.clone(),
    }
}

/// A body parameter as a request body sent as each of `consumes`.
pub fn body(parameter: &Mapping, consumes: &[String]) -> Mapping {
    let mut out = Mapping::new();
    for field in ["description", "required"] {
        if let Some(value) = parameter.get(field) {
            out.insert(key(field), value.clone());
        }
    }
    let value_schema =
        parameter.get("schema").map(schema::convert).unwrap_or_else(|| Value::Mapping(Mapping::new()));
    let content = consumes
        .iter()
        .map(|media_type| {
            let mut media = Mapping::new();
            media.insert(key("schema"), value_schema.clone());
            (key(media_type), Value::Mapping(media))
        })
        .collect();
    out.insert(key("content"), Value::Mapping(content));
    out
}

/// The media type a form goes as: multipart when the operation consumes it
/// or a field is a file, URL-encoded otherwise.
pub fn form_media_type(fields: &[&Mapping], consumes: &[String]) -> &'static str {
    let has_file = fields.iter().any(|field| field.get("type").and_then(Value::as_str) == Some("file"));
    if has_file || consumes.iter().any(|media_type| media_type.starts_with("multipart/form-data")) {
        "multipart/form-data"
    } else {
        "application/x-www-form-urlencoded"
    }
}

/// The schema of a form: one property per field.
pub fn form_schema(fields: &[&Mapping]) -> Value {
    let mut properties = Mapping::new();
    let mut required = Vec::new();
    for field in fields {
        let Some(name) = field.get("name").and_then(Value::as_str) else { continue };
        let mut property = Mapping::new();
        for (keyword, value) in *field {
            match keyword.as_str() {
                Some(keyword) if SCHEMA_KEYWORDS.contains(&keyword) || keyword == "description" => {
                    property.insert(key(keyword), items_without_layout(keyword, value));
                }
                _ => {}
            }
        }
        properties.insert(key(name), schema::convert(&Value::Mapping(property)));
        if field.get("required").and_then(Value::as_bool) == Some(true) {
            required.push(key(name));
        }
    }
    let mut form = Mapping::new();
    form.insert(key("type"), key("object"));
    form.insert(key("properties"), Value::Mapping(properties));
    if !required.is_empty() {
        form.insert(key("required"), Value::Sequence(required));
    }
    Value::Mapping(form)
}

#[cfg(test)]
mod tests {
    use super::plain;
    use crate::pointer::Pointer;

    fn yaml(text: &str) -> serde_yaml::Value {
        serde_yaml::from_str(text).expect("test yaml")
    }

    #[test]
    fn list_layouts_become_styles() {
        let at = Pointer::root();
        let multi =
            yaml("{name: tag, in: query, type: array, items: {type: string}, collectionFormat: multi}");
        let expected = yaml(
            "{name: tag, in: query, style: form, explode: true, schema: {type: array, items: {type: string}}}",
        );
        assert_eq!(plain(&multi, &at).expect("converts"), expected);
        let csv = yaml("{name: ids, in: path, required: true, type: array, items: {type: integer}}");
        let converted = plain(&csv, &at).expect("converts");
        assert_eq!(converted.get("style"), Some(&yaml("simple")));
        let tsv = yaml("{name: t, in: query, type: array, items: {type: string}, collectionFormat: tsv}");
        let converted = plain(&tsv, &at).expect("converts");
        assert_eq!(converted.get("x-list-separator"), Some(&yaml("\"\\t\"")));
        let odd = yaml("{name: t, in: query, type: array, items: {type: string}, collectionFormat: xsv}");
        let problem = plain(&odd, &at.join("parameters").join("0")).expect_err("not a Swagger layout");
        assert_eq!(problem.pointer.as_str(), "#/parameters/0/collectionFormat");
    }
}
