//! Path items, operations and responses.

use serde_yaml::{Mapping, Value};

use super::params::{self, Kind};
use super::{carried_over, key, media_types, schema, Converter};
use crate::load::bundle::Broken;
use crate::pointer::Pointer;

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// A body or form field parameter, with where the user wrote it.
struct Located<'a> {
    parameter: &'a Mapping,
    at: Pointer,
}

/// The parameters of one level (path item or operation), sorted by where
/// they go.
#[derive(Default)]
struct Sorted<'a> {
    plain: Vec<Value>,
    body: Option<Located<'a>>,
    /// A `$ref` to a shared body parameter, already rewritten, with the
    /// parameter's name.
    body_ref: Option<(String, Option<&'a Value>, Pointer)>,
    form: Vec<Located<'a>>,
}

impl<'a> Converter<'a> {
    pub(super) fn paths(&mut self, paths: &'a Mapping, at: &Pointer) -> Mapping {
        paths
            .iter()
            .map(|(path, item)| {
                let item_at = at.join(path.as_str().unwrap_or_default());
                let converted = match item.as_mapping() {
                    Some(item) => Value::Mapping(self.path_item(item, &item_at)),
                    None => item.clone(),
                };
                (path.clone(), converted)
            })
            .collect()
    }

    fn path_item(&mut self, item: &'a Mapping, at: &Pointer) -> Mapping {
        let shared = self.sort_parameters(item.get("parameters"), at, at);
        let mut out = carried_over(item, &["$ref"]);
        if !shared.plain.is_empty() {
            out.insert(key("parameters"), Value::Sequence(shared.plain.clone()));
        }
        for method in METHODS {
            let Some(operation) = item.get(*method) else { continue };
            let converted = match operation.as_mapping() {
                Some(operation) => Value::Mapping(self.operation(operation, &shared, &at.join(method))),
                None => operation.clone(),
            };
            out.insert(key(method), converted);
        }
        out
    }

    /// Splits a `parameters` list into plain parameters (converted, their new
    /// positions recorded as coming from the old ones), the body and form
    /// fields. `$ref`s to shared parameters are sorted by what they name.
    fn sort_parameters(
        &mut self,
        list: Option<&'a Value>,
        at: &Pointer,
        converted_at: &Pointer,
    ) -> Sorted<'a> {
        let mut sorted = Sorted::default();
        let Some(Value::Sequence(list)) = list else { return sorted };
        for (index, parameter) in list.iter().enumerate() {
            let original = at.join("parameters").join(index.to_string());
            let (resolved, resolved_at) =
                self.shared_parameter(parameter).unwrap_or((parameter, original.clone()));
            match (params::kind(resolved), resolved.as_mapping()) {
                (Kind::Body, Some(body)) if !std::ptr::eq(resolved, parameter) => {
                    let component = resolved_at.tokens().last().unwrap_or_default();
                    let reference = format!("#/components/requestBodies/{component}");
                    sorted.body_ref = Some((reference, body.get("name"), original));
                }
                (Kind::Body, Some(body)) => sorted.body = Some(Located { parameter: body, at: resolved_at }),
                (Kind::FormField, Some(field)) => {
                    sorted.form.push(Located { parameter: field, at: resolved_at })
                }
                _ => {
                    let converted = converted_at.join("parameters").join(sorted.plain.len().to_string());
                    sorted.plain.push(self.plain_parameter(parameter, &converted, &original));
                }
            }
        }
        sorted
    }

    /// The shared parameter a `$ref` names, with its pointer, when it is
    /// one of this document's.
    fn shared_parameter(&self, parameter: &Value) -> Option<(&'a Value, Pointer)> {
        let reference = parameter.get("$ref")?.as_str()?;
        let name = reference.strip_prefix("#/parameters/")?;
        let resolved = self.source.get("parameters")?.get(name)?;
        Some((resolved, Pointer::root().join("parameters").join(name)))
    }

    fn operation(&mut self, operation: &'a Mapping, shared: &Sorted<'a>, at: &Pointer) -> Mapping {
        let own = self.sort_parameters(operation.get("parameters"), at, at);
        let consumes = media_types(operation.get("consumes")).unwrap_or_else(|| self.consumes.clone());
        let produces = media_types(operation.get("produces")).unwrap_or_else(|| self.produces.clone());
        let mut out = carried_over(
            operation,
            &["tags", "summary", "description", "externalDocs", "operationId", "deprecated", "security"],
        );
        if !own.plain.is_empty() {
            out.insert(key("parameters"), Value::Sequence(own.plain.clone()));
        }
        if let Some((body, name)) = self.request_body(&own, shared, &consumes, at) {
            out.insert(key("requestBody"), body);
            // Where OpenAPI 3.0 converters keep the body parameter's name,
            // which names the Rust argument.
            if let Some(name) = name {
                out.insert(key("x-codegen-request-body-name"), name.clone());
            }
        }
        let responses = match operation.get("responses") {
            Some(Value::Mapping(responses)) => {
                let responses_at = at.join("responses");
                let converted = responses
                    .iter()
                    .map(|(status, response)| {
                        let status_text = match status {
                            Value::Number(number) => number.to_string(),
                            other => other.as_str().unwrap_or_default().to_owned(),
                        };
                        let response_at = responses_at.join(&status_text);
                        (status.clone(), self.response(response, &produces, &response_at, &response_at))
                    })
                    .collect();
                Value::Mapping(converted)
            }
            Some(other) => other.clone(),
            None => Value::Mapping(Mapping::new()),
        };
        out.insert(key("responses"), responses);
        out
    }

    /// The operation's body (its own body or form, else the path item's),
    /// and the name of the body parameter.
    fn request_body(
        &mut self,
        own: &Sorted<'a>,
        shared: &Sorted<'a>,
        consumes: &[String],
        at: &Pointer,
    ) -> Option<(Value, Option<&'a Value>)> {
        let converted_at = at.join("requestBody");
        let level =
            if own.body.is_some() || own.body_ref.is_some() || !own.form.is_empty() { own } else { shared };
        if let Some((reference, name, original)) = &level.body_ref {
            self.origins.record(&converted_at, original);
            let mut body = Mapping::new();
            body.insert(key("$ref"), Value::String(reference.clone()));
            return Some((Value::Mapping(body), *name));
        }
        if let Some(body) = &level.body {
            return Some((
                Value::Mapping(self.body_parameter(body.parameter, consumes, &converted_at, &body.at)),
                body.parameter.get("name"),
            ));
        }
        let first = level.form.first()?;
        let fields: Vec<&Mapping> = level.form.iter().map(|field| field.parameter).collect();
        let media_type = params::form_media_type(&fields, consumes);
        self.origins.record(&converted_at, &first.at);
        let schema_at = converted_at.join("content").join(media_type).join("schema");
        for field in &level.form {
            if let Some(name) = field.parameter.get("name").and_then(Value::as_str) {
                self.origins.record(&schema_at.join("properties").join(name), &field.at);
            }
        }
        let mut media = Mapping::new();
        media.insert(key("schema"), params::form_schema(&fields));
        let mut content = Mapping::new();
        content.insert(key(media_type), Value::Mapping(media));
        let mut body = Mapping::new();
        let required =
            fields.iter().any(|field| field.get("required").and_then(Value::as_bool) == Some(true));
        body.insert(key("required"), Value::Bool(required));
        body.insert(key("content"), Value::Mapping(content));
        Some((Value::Mapping(body), None))
    }

    /// A response: its schema goes under `content`, once per media type the
    /// operation produces (files as bytes), and its headers get schemas.
    pub(super) fn response(
        &mut self,
        response: &Value,
        produces: &[String],
        at: &Pointer,
        original: &Pointer,
    ) -> Value {
        let Some(response) = response.as_mapping() else { return response.clone() };
        if let Some(reference) = response.get("$ref").and_then(Value::as_str) {
            let mut out = Mapping::new();
            out.insert(key("$ref"), Value::String(schema::reference_to(reference)));
            return Value::Mapping(out);
        }
        let mut out = carried_over(response, &["description"]);
        if !out.contains_key("description") {
            out.insert(key("description"), key(""));
        }
        if let Some(body_schema) = response.get("schema") {
            let media_types = response_media_types(body_schema, produces);
            let examples = response.get("examples").and_then(Value::as_mapping);
            let mut content = Mapping::new();
            for media_type in media_types {
                let schema_at = at.join("content").join(&media_type);
                self.origins.record(&schema_at.join("schema"), &original.join("schema"));
                let mut media = Mapping::new();
                media.insert(key("schema"), schema::convert(body_schema));
                // Examples are keyed by media type; a JSON one serves any
                // JSON media type the operation produces.
                let is_json = |text: &str| text.contains("json");
                let example = examples.and_then(|examples| {
                    let named = |wanted: &dyn Fn(&str) -> bool| {
                        examples.iter().find(|(name, _)| name.as_str().is_some_and(wanted))
                    };
                    named(&|name| name == media_type)
                        .or_else(|| named(&|name| is_json(name) && is_json(&media_type)))
                });
                if let Some((name, example)) = example {
                    let name = name.as_str().unwrap_or_default();
                    self.origins.record(&schema_at.join("example"), &original.join("examples").join(name));
                    media.insert(key("example"), example.clone());
                }
                content.insert(Value::String(media_type), Value::Mapping(media));
            }
            out.insert(key("content"), Value::Mapping(content));
        }
        if let Some(Value::Mapping(headers)) = response.get("headers") {
            let headers =
                headers.iter().map(|(name, header)| (name.clone(), response_header(header))).collect();
            out.insert(key("headers"), Value::Mapping(headers));
        }
        Value::Mapping(out)
    }
}

/// The media types a response body comes in: what the operation produces;
/// for a file, the non-JSON ones (or any bytes at all).
fn response_media_types(body_schema: &Value, produces: &[String]) -> Vec<String> {
    if !schema::is_file(body_schema) {
        return produces.to_vec();
    }
    let binary: Vec<String> =
        produces.iter().filter(|media_type| !media_type.contains("json")).cloned().collect();
    if binary.is_empty() {
        vec!["application/octet-stream".to_owned()]
    } else {
        binary
    }
}

/// A response header: its type moves under `schema`.
fn response_header(header: &Value) -> Value {
    let Some(header) = header.as_mapping() else { return header.clone() };
    let mut out = Mapping::new();
    let mut value_schema = Mapping::new();
    for (name, value) in header {
        match name.as_str() {
            Some("description") => {
                out.insert(name.clone(), value.clone());
            }
            Some("collectionFormat") => {}
            _ => {
                value_schema.insert(name.clone(), value.clone());
            }
        }
    }
    out.insert(key("schema"), schema::convert(&Value::Mapping(value_schema)));
    Value::Mapping(out)
}

impl<'a> Converter<'a> {
    /// The document's shared `parameters`: plain ones for
    /// `components/parameters`, body ones for `components/requestBodies`.
    pub(super) fn shared_parameters(&mut self, parameters: &'a Mapping) -> (Mapping, Mapping) {
        let root = Pointer::root();
        let mut plain = Mapping::new();
        let mut bodies = Mapping::new();
        let consumes = self.consumes.clone();
        for (name, parameter) in parameters {
            let name_text = name.as_str().unwrap_or_default();
            let original = root.join("parameters").join(name_text);
            match (params::kind(parameter), parameter.as_mapping()) {
                (Kind::Body, Some(body)) => {
                    let at = root.join("components").join("requestBodies").join(name_text);
                    bodies.insert(
                        name.clone(),
                        Value::Mapping(self.body_parameter(body, &consumes, &at, &original)),
                    );
                }
                // Form fields are inlined into each operation's form.
                (Kind::FormField, Some(_)) => {}
                _ => {
                    let at = root.join("components").join("parameters").join(name_text);
                    plain.insert(name.clone(), self.plain_parameter(parameter, &at, &original));
                }
            }
        }
        (plain, bodies)
    }

    /// A path, query or header parameter converted to live at `converted`
    /// (its type keywords under `schema`), with the move recorded. One that
    /// cannot be converted is kept as written, so references to it still
    /// resolve, and its problem recorded.
    fn plain_parameter(&mut self, parameter: &Value, converted: &Pointer, original: &Pointer) -> Value {
        self.origins.record(&converted.join("schema"), original);
        self.origins.record(converted, original);
        params::plain(parameter, original).unwrap_or_else(|problem| {
            self.problems.push(Broken { bundled: converted.clone(), problem });
            parameter.clone()
        })
    }

    /// A body parameter as the request body at `converted`, sent as each of
    /// `consumes`, with the moves of it and its schema recorded.
    fn body_parameter(
        &mut self,
        body: &Mapping,
        consumes: &[String],
        converted: &Pointer,
        original: &Pointer,
    ) -> Mapping {
        self.origins.record(converted, original);
        for media_type in consumes {
            let schema_at = converted.join("content").join(media_type).join("schema");
            self.origins.record(&schema_at, &original.join("schema"));
        }
        params::body(body, consumes)
    }
}
