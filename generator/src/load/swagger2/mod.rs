//! Swagger 2.0 read as OpenAPI 3.0.
//!
//! The document tree is rewritten before the typed parse, so both versions
//! reach the normalizer as the same `openapiv3` types and give the same IR.
//! The rewrite is deliberately lenient: a node of the wrong shape is carried
//! over as it is and the typed parse then reports it, at the pointer the
//! user wrote (see [`Origins`]). Only what OpenAPI 3.0 cannot say at all
//! (`collectionFormat: bogus`, say) is reported here, located in the
//! converted document too, so that only the operation (or the shared
//! parameter and the operations using it) is left out.

mod operations;
mod params;
mod schema;

pub use params::LIST_SEPARATOR;

use serde_yaml::{Mapping, Value};

use super::bundle::Broken;
use super::origins::Origins;
use crate::pointer::Pointer;

/// The media type assumed when neither the operation nor the document
/// lists `consumes` or `produces`.
const JSON: &str = "application/json";

/// Rewrites a Swagger 2.0 document (already checked to say `swagger: "2.0"`)
/// as OpenAPI 3.0.3, with what cannot be converted.
pub fn convert(document: &Mapping) -> (Value, Origins, Vec<Broken>) {
    let mut converter = Converter::new(document);
    let converted = converter.document();
    (Value::Mapping(converted), converter.origins, converter.problems)
}

/// State shared while converting one document.
struct Converter<'a> {
    source: &'a Mapping,
    /// Document-wide `consumes`, the default for every operation.
    consumes: Vec<String>,
    /// Document-wide `produces`, the default for every operation.
    produces: Vec<String>,
    origins: Origins,
    /// Located as written, and by the converted node they are in.
    problems: Vec<Broken>,
}

impl<'a> Converter<'a> {
    fn new(source: &'a Mapping) -> Self {
        Converter {
            source,
            consumes: media_types(source.get("consumes")).unwrap_or_else(|| vec![JSON.to_owned()]),
            produces: media_types(source.get("produces")).unwrap_or_else(|| vec![JSON.to_owned()]),
            origins: Origins::default(),
            problems: Vec::new(),
        }
    }

    fn document(&mut self) -> Mapping {
        let root = Pointer::root();
        let mut out = Mapping::new();
        out.insert(key("openapi"), key("3.0.3"));
        out.extend(carried_over(self.source, &["info", "tags", "externalDocs", "security"]));
        if let Some(servers) = self.servers() {
            out.insert(key("servers"), servers);
        }
        let paths = match self.source.get("paths") {
            Some(Value::Mapping(paths)) => Value::Mapping(self.paths(paths, &root.join("paths"))),
            Some(other) => other.clone(),
            None => Value::Mapping(Mapping::new()),
        };
        out.insert(key("paths"), paths);
        let components = self.components();
        if !components.is_empty() {
            out.insert(key("components"), Value::Mapping(components));
        }
        out
    }

    /// `host`, `basePath` and `schemes` as server URLs, HTTPS first.
    fn servers(&self) -> Option<Value> {
        let host = self.source.get("host").and_then(Value::as_str);
        let base_path = self.source.get("basePath").and_then(Value::as_str).unwrap_or_default();
        let urls: Vec<String> = match host {
            Some(host) => {
                let mut schemes: Vec<&str> = match self.source.get("schemes") {
                    Some(Value::Sequence(schemes)) => schemes.iter().filter_map(Value::as_str).collect(),
                    _ => Vec::new(),
                };
                schemes.retain(|scheme| matches!(*scheme, "http" | "https"));
                schemes.sort_by_key(|scheme| *scheme != "https");
                if schemes.is_empty() {
                    schemes.push("https");
                }
                schemes.iter().map(|scheme| format!("{scheme}://{host}{base_path}")).collect()
            }
            None if !base_path.is_empty() => vec![base_path.to_owned()],
            None => return None,
        };
        let servers = urls
            .into_iter()
            .map(|url| {
                let mut server = Mapping::new();
                server.insert(key("url"), Value::String(url));
                Value::Mapping(server)
            })
            .collect();
        Some(Value::Sequence(servers))
    }

    fn components(&mut self) -> Mapping {
        let root = Pointer::root();
        let mut components = Mapping::new();
        // Recorded whether or not the sections exist, so a dangling `$ref`
        // is reported as the user wrote it.
        let moved = [
            ("schemas", "definitions"),
            ("parameters", "parameters"),
            ("responses", "responses"),
            ("securitySchemes", "securityDefinitions"),
        ];
        for (section, original) in moved {
            self.origins.record(&root.join("components").join(section), &root.join(original));
        }
        if let Some(Value::Mapping(definitions)) = self.source.get("definitions") {
            let schemas = definitions
                .iter()
                .map(|(name, definition)| (name.clone(), schema::convert(definition)))
                .collect::<Mapping>();
            components.insert(key("schemas"), Value::Mapping(schemas));
        }
        if let Some(Value::Mapping(parameters)) = self.source.get("parameters") {
            let (parameters, bodies) = self.shared_parameters(parameters);
            if !parameters.is_empty() {
                components.insert(key("parameters"), Value::Mapping(parameters));
            }
            if !bodies.is_empty() {
                components.insert(key("requestBodies"), Value::Mapping(bodies));
            }
        }
        if let Some(Value::Mapping(responses)) = self.source.get("responses") {
            let produces = self.produces.clone();
            let responses = responses
                .iter()
                .map(|(name, response)| {
                    let name_text = name.as_str().unwrap_or_default();
                    let at = root.join("components").join("responses").join(name_text);
                    let original = root.join("responses").join(name_text);
                    (name.clone(), self.response(response, &produces, &at, &original))
                })
                .collect::<Mapping>();
            components.insert(key("responses"), Value::Mapping(responses));
        }
        if let Some(Value::Mapping(definitions)) = self.source.get("securityDefinitions") {
            let schemes =
                definitions.iter().map(|(name, scheme)| (name.clone(), security_scheme(scheme))).collect();
            components.insert(key("securitySchemes"), Value::Mapping(schemes));
        }
        components
    }
}

/// A node another file holds, which a `$ref` of the converted document
/// names as a `kind`: schemas and plain parameters are converted like the
/// document's own; other kinds are taken as they are.
pub fn external(kind: super::walk::Kind, node: &Value) -> Value {
    use super::walk::Kind;
    match kind {
        Kind::Schema => schema::convert(node),
        Kind::Parameter => params::plain(node, &Pointer::root()).unwrap_or_else(|_| node.clone()),
        _ => node.clone(),
    }
}

/// A list of media types, when the node is one.
fn media_types(node: Option<&Value>) -> Option<Vec<String>> {
    let Some(Value::Sequence(items)) = node else { return None };
    let types: Vec<String> = items.iter().filter_map(Value::as_str).map(str::to_owned).collect();
    (!types.is_empty()).then_some(types)
}

/// A security definition as an OpenAPI 3.0 security scheme. Unknown shapes
/// are carried over for the typed parse to report.
fn security_scheme(scheme: &Value) -> Value {
    let Some(definition) = scheme.as_mapping() else { return scheme.clone() };
    let mut out = Mapping::new();
    let copy = |out: &mut Mapping, name: &str| {
        if let Some(value) = definition.get(name) {
            out.insert(key(name), value.clone());
        }
    };
    copy(&mut out, "description");
    match definition.get("type").and_then(Value::as_str) {
        Some("basic") => {
            out.insert(key("type"), key("http"));
            out.insert(key("scheme"), key("basic"));
        }
        Some("apiKey") => {
            out.insert(key("type"), key("apiKey"));
            copy(&mut out, "in");
            copy(&mut out, "name");
        }
        Some("oauth2") => {
            let flow_name = match definition.get("flow").and_then(Value::as_str) {
                Some("application") => "clientCredentials",
                Some("accessCode") => "authorizationCode",
                Some("password") => "password",
                _ => "implicit",
            };
            let mut flow = Mapping::new();
            for field in ["authorizationUrl", "tokenUrl"] {
                copy(&mut flow, field);
            }
            let scopes = definition.get("scopes").cloned().unwrap_or_else(|| Value::Mapping(Mapping::new()));
            flow.insert(key("scopes"), scopes);
            let mut flows = Mapping::new();
            flows.insert(key(flow_name), Value::Mapping(flow));
            out.insert(key("type"), key("oauth2"));
            out.insert(key("flows"), Value::Mapping(flows));
        }
        _ => return scheme.clone(),
    }
    Value::Mapping(out)
}

/// The members of `source` that keep their name and meaning: those named in
/// `names`, and every `x-` extension.
fn carried_over(source: &Mapping, names: &[&str]) -> Mapping {
    source
        .iter()
        .filter(|(name, _)| name.as_str().is_some_and(|name| names.contains(&name) || name.starts_with("x-")))
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect()
}

/// A string node.
fn key(text: &str) -> Value {
    Value::String(text.to_owned())
}
