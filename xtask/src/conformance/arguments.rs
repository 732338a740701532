//! The calls of the sweep: for each operation of the crate, where it is in
//! the spec, and the arguments of two calls, one with the required
//! parameters and body and one with every optional one too (left out when it
//! would be the same call). Arguments are JSON, named as the `Client` method
//! and setters name them; the driver turns each into the crate's own type.

use generator::ir::{self, ParamLocation, TypeRef};
use serde::Serialize;
use serde_json::{Map, Value};

use super::schema::Document;
use super::synthesize::{Members, Synthesizer};

/// One operation's calls.
pub struct Planned<'a> {
    pub operation: &'a ir::Operation,
    /// The operation in the spec: `#/paths/~1pets~1{id}/get`.
    pub pointer: String,
    /// The calls, or why no call could be written.
    pub calls: Result<Vec<Call>, String>,
    /// The statuses the spec documents, when none is a 2xx: the client
    /// returns each as an `Error::Api`, as it returns every status but a
    /// 2xx, so that is what a call of the operation gives.
    pub only_errors: Vec<String>,
}

/// One call: which arguments, and which credential goes in `Authorization`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Call {
    pub kind: CallKind,
    pub authorization: Option<Authorization>,
    pub args: Map<String, Value>,
}

/// The two calls of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum CallKind {
    /// Required parameters and body.
    Required,
    /// Every parameter, and the body with its optional members.
    All,
}

impl CallKind {
    pub fn label(self) -> &'static str {
        match self {
            CallKind::Required => "required arguments",
            CallKind::All => "all arguments",
        }
    }
}

/// The credential an operation needs in the `Authorization` header (API keys
/// go with every call: they do not exclude each other).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Authorization {
    Basic,
    Bearer,
}

/// The calls of every operation of `api`, whose spec is `document`.
pub fn plan<'a>(api: &'a ir::Api, document: &Document) -> Vec<Planned<'a>> {
    let synthesizer = Synthesizer::new(document);
    api.operations
        .iter()
        .map(|operation| {
            let pointer = format!(
                "#/paths/{}/{}",
                escape(&operation.path),
                operation.http_method.as_str().to_lowercase()
            );
            let calls = calls(document, &synthesizer, operation, &pointer);
            let only_errors = only_errors(document, &pointer);
            Planned { operation, pointer, calls, only_errors }
        })
        .collect()
}

/// The statuses the operation at `pointer` documents, when none is a 2xx.
fn only_errors(document: &Document, pointer: &str) -> Vec<String> {
    let statuses: Vec<String> = document
        .target(&format!("{pointer}/responses"))
        .and_then(Value::as_object)
        .map(|responses| responses.keys().cloned().collect())
        .unwrap_or_default();
    if statuses.iter().any(|status| status.starts_with('2')) {
        Vec::new()
    } else {
        statuses
    }
}

/// A JSON pointer token.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn calls(
    document: &Document,
    synthesizer: &Synthesizer<'_>,
    operation: &ir::Operation,
    pointer: &str,
) -> Result<Vec<Call>, String> {
    let node = document.target(pointer).ok_or_else(|| format!("the spec has no {pointer}"))?;
    let path_item =
        document.target(pointer.rsplit_once('/').map_or("", |(item, _)| item)).unwrap_or(&Value::Null);
    let spec = Spec { document, synthesizer, operation, node, path_item };
    let authorization = spec.authorization();
    let mut calls = Vec::new();
    for kind in [CallKind::Required, CallKind::All] {
        let args = spec.arguments(kind)?;
        if calls.iter().all(|call: &Call| call.args != args) {
            calls.push(Call { kind, authorization, args });
        }
    }
    Ok(calls)
}

/// One operation in the spec.
struct Spec<'a> {
    document: &'a Document,
    synthesizer: &'a Synthesizer<'a>,
    operation: &'a ir::Operation,
    node: &'a Value,
    path_item: &'a Value,
}

impl Spec<'_> {
    /// The arguments of one call, by their Rust names.
    fn arguments(&self, kind: CallKind) -> Result<Map<String, Value>, String> {
        let members = match kind {
            CallKind::Required => Members::Required,
            CallKind::All => Members::All,
        };
        let mut args = Map::new();
        for param in &self.operation.params {
            if kind == CallKind::Required && !param.required {
                continue;
            }
            let value = match param.location {
                ParamLocation::Form => self.form_field(param, members),
                _ => self.parameter(param, members),
            };
            let value =
                value.map_err(|why| format!("{} `{}`: {why}", place(param.location), param.wire_name))?;
            args.insert(param.rust_name.clone(), as_argument(&param.ty, value));
        }
        if let Some(body) = self.operation.body.as_ref().filter(|body| body.required || kind == CallKind::All)
        {
            let value = self.body(body, members).map_err(|why| format!("the body: {why}"))?;
            args.insert(body.rust_name.clone(), as_argument(&body.ty, value));
        }
        Ok(args)
    }

    /// A path, query, header or cookie parameter: its valid example, or a
    /// value written from its schema.
    fn parameter(&self, param: &ir::Param, members: Members) -> Result<Value, String> {
        let location = place_in(param.location);
        let spec_param = self
            .parameters()
            .into_iter()
            .find(|spec_param| {
                let name = spec_param.get("name").and_then(Value::as_str).unwrap_or_default();
                let same_name = if param.location == ParamLocation::Header {
                    name.eq_ignore_ascii_case(&param.wire_name)
                } else {
                    name == param.wire_name
                };
                same_name && spec_param.get("in").and_then(Value::as_str) == Some(location)
            })
            .ok_or("the spec does not declare it")?;
        let content_schema = || {
            let content = spec_param.get("content")?.as_object()?;
            content.values().next()?.get("schema")
        };
        let schema = spec_param.get("schema").or_else(content_schema).cloned().unwrap_or(Value::Null);
        let examples = examples(self.document, spec_param);
        match self.synthesizer.valid_example(examples, &schema) {
            Some(example) => Ok(example),
            None => self.synthesizer.value(&schema, members),
        }
    }

    /// The operation's parameters with the path item's, references resolved.
    fn parameters(&self) -> Vec<&Value> {
        [self.node, self.path_item]
            .into_iter()
            .filter_map(|node| node.get("parameters").and_then(Value::as_array))
            .flatten()
            .filter_map(|param| self.document.resolve(param))
            .collect()
    }

    /// A field of the form body, from the property of the form's schema.
    fn form_field(&self, param: &ir::Param, members: Members) -> Result<Value, String> {
        let media = self.request_media(|media_type| {
            media_type.starts_with("application/x-www-form-urlencoded")
                || media_type.starts_with("multipart/form-data")
        })?;
        let schema = media
            .get("schema")
            .and_then(|schema| self.document.resolve(schema))
            .ok_or("the form has no schema")?;
        let property = schema
            .get("properties")
            .and_then(|properties| properties.get(&param.wire_name))
            .ok_or("the form's schema does not declare it")?;
        self.synthesizer.value(property, members)
    }

    /// The body in the media type the client sends.
    fn body(&self, body: &ir::Body, members: Members) -> Result<Value, String> {
        let content_type = body.content_type.as_str();
        let media = self.request_media(|media_type| media_type == content_type || media_type == "*/*")?;
        let schema = media.get("schema").cloned().unwrap_or(Value::Null);
        if let Some(example) = self.synthesizer.valid_example(examples(self.document, media), &schema) {
            return Ok(example);
        }
        if schema.is_null() {
            // Any value will do: bytes or text the spec says nothing about.
            return Ok(Value::String("sample".to_owned()));
        }
        self.synthesizer.value(&schema, members)
    }

    /// The request body's media type object that `wanted` picks.
    fn request_media(&self, wanted: impl Fn(&str) -> bool) -> Result<&Value, String> {
        let body = self
            .node
            .get("requestBody")
            .and_then(|body| self.document.resolve(body))
            .ok_or("the spec has no request body")?;
        let content =
            body.get("content").and_then(Value::as_object).ok_or("the request body has no content")?;
        content
            .iter()
            .find(|(media_type, _)| wanted(&media_type.to_ascii_lowercase()))
            .map(|(_, media)| media)
            .ok_or_else(|| "the request body has no media type the client sends".to_owned())
    }

    /// What goes in `Authorization`: from the first alternative of the
    /// operation's (or the document's) security requirements that the
    /// client can meet.
    fn authorization(&self) -> Option<Authorization> {
        if !self.operation.authenticated {
            return None;
        }
        let requirements = self.node.get("security").or_else(|| self.document.root.get("security"))?;
        let schemes = self.document.root.pointer("/components/securitySchemes");
        let scheme_kind = |name: &str| -> Option<Option<Authorization>> {
            let scheme = self.document.resolve(schemes?.get(name)?)?;
            match scheme.get("type").and_then(Value::as_str)? {
                "apiKey" => Some(None),
                "http" => match scheme.get("scheme").and_then(Value::as_str)?.to_ascii_lowercase().as_str() {
                    "basic" => Some(Some(Authorization::Basic)),
                    "bearer" => Some(Some(Authorization::Bearer)),
                    _ => None,
                },
                "oauth2" | "openIdConnect" => Some(Some(Authorization::Bearer)),
                _ => None,
            }
        };
        requirements.as_array()?.iter().find_map(|requirement| {
            let kinds: Option<Vec<Option<Authorization>>> =
                requirement.as_object()?.keys().map(|name| scheme_kind(name)).collect();
            Some(kinds?.into_iter().flatten().next())
        })?
    }
}

/// The examples a parameter or media type gives: `example`, then each of
/// `examples`' values.
fn examples<'a>(document: &'a Document, node: &'a Value) -> Vec<&'a Value> {
    let named = node.get("examples").and_then(Value::as_object).into_iter().flatten();
    let values = named.filter_map(|(_, example)| document.resolve(example)?.get("value"));
    node.get("example").into_iter().chain(values).collect()
}

/// A value as the driver takes it: bytes (and files) as a string, and a value the
/// generator could only type as a string (a list of objects in a query,
/// which OpenAPI gives no form for) as its JSON text, which is what a caller
/// would write there.
fn as_argument(ty: &TypeRef, value: Value) -> Value {
    match (ty, value) {
        (TypeRef::Bytes | TypeRef::File | TypeRef::String, Value::String(text)) => Value::String(text),
        (TypeRef::Bytes | TypeRef::File | TypeRef::String, other) => Value::String(other.to_string()),
        (_, value) => value,
    }
}

fn place_in(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
        ParamLocation::Form => "form",
    }
}

fn place(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path parameter",
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
        ParamLocation::Form => "form field",
    }
}
