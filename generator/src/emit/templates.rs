//! `README.md`, rendered with tera from `templates/README.md.tera`. It is
//! the crate's docs (`lib.rs` includes it), so rustdoc reads it and compiles
//! its `rust` blocks: every value from the spec is prepared here for the
//! place it goes, and the template gets only those. Prose is sanitized
//! Markdown, names and values are escaped text or code spans
//! ([`crate::markdown`]), and strings in the examples are Rust literals.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use tera::{Context, Tera};

use crate::error::Error;
use crate::ir::{
    Api, BodyEncoding, Field, KeyLocation, Model, ModelKind, Operation, Paging, Param, ParamLocation,
    Streaming, SuccessBody, TypeRef,
};
use crate::markdown;
use crate::rust_type::{self, Scope};

const README: &str = include_str!("../../../templates/README.md.tera");

/// A row of the README's operation table, as Markdown table cells.
#[derive(Serialize)]
struct OperationRow {
    method: String,
    http_method: &'static str,
    path: String,
    summary: String,
}

/// One row of the README's webhook table.
#[derive(Serialize)]
struct WebhookRow {
    name: String,
    http_method: &'static str,
    payload: String,
    summary: String,
}

pub fn readme(api: &Api, header: &str) -> Result<String, Error> {
    let mut context = Context::new();
    // An HTML comment ends at `--`.
    context.insert("header", &header.replace("--", "- -"));
    // Both checked to be a package name and its identifier.
    context.insert("package_name", &api.package_name);
    context.insert("crate_ident", &api.crate_ident);
    context.insert("title", &markdown::text(&api.title));
    context.insert("api_version", &markdown::code(&api.api_version));
    context.insert("docs", &api.docs);
    let rows: Vec<OperationRow> = api
        .operations
        .iter()
        .map(|operation| OperationRow {
            method: markdown::code_in_table(operation.method_name.trim_start_matches("r#")),
            http_method: operation.http_method.as_str(),
            path: markdown::code_in_table(&operation.path),
            summary: table_cell(&markdown::summary(&operation.docs)),
        })
        .collect();
    context.insert("operations", &rows);
    let webhooks: Vec<WebhookRow> = api
        .webhooks
        .iter()
        .map(|webhook| WebhookRow {
            name: markdown::code_in_table(&webhook.name),
            http_method: webhook.http_method.as_str(),
            payload: webhook.payload.as_ref().map_or_else(
                || "none".to_owned(),
                |ty| markdown::code_in_table(&type_path(ty, &api.crate_ident)),
            ),
            summary: table_cell(&markdown::summary(&webhook.docs)),
        })
        .collect();
    context.insert("webhooks", &webhooks);
    let example_url = format!("https://api.example.com{}", api.base_path.as_deref().unwrap_or_default());
    context.insert("base_url", &rust_string(api.default_base_url.as_deref().unwrap_or(&example_url)));
    context.insert("default_base_url", &api.default_base_url.as_deref().map(markdown::code));
    context.insert("auth_call", &auth_call(api));
    context.insert("auth_methods", &auth_methods(api));
    context.insert("example", &example(api));
    let operation = example_operation(api);
    context.insert("mock_example", &operation.map(mock_call));
    context.insert("mock_method", &operation.map(|operation| operation.http_method.as_str()));
    // A list or map result can be scripted as `Default::default()`, whatever the spec.
    let default = operation.is_some_and(|operation| {
        matches!(&operation.success.body, SuccessBody::Json(TypeRef::List(_) | TypeRef::Map(_)))
    });
    context.insert("mock_default", &default);
    context.insert("model_example", &model_example(api));
    context.insert("streams", &streams_readme(api));
    render("README.md", README, &context)
}

/// A type as a user of the crate writes it: `my_api::models::Payload`.
fn type_path(ty: &TypeRef, crate_ident: &str) -> String {
    rust_type::name(ty, Scope::Outside)
        .replace("crate::", &format!("{crate_ident}::"))
        .replace("models::", &format!("{crate_ident}::models::"))
}

fn render(name: &str, template: &str, context: &Context) -> Result<String, Error> {
    let internal = |error: tera::Error| Error::Internal { what: name.to_owned(), message: error.to_string() };
    let mut tera = Tera::new();
    tera.autoescape_on(Vec::<&str>::new());
    tera.add_raw_template(name, template).map_err(internal)?;
    tera.render(name, context).map_err(internal)
}

/// `text` as a Rust string literal, valid whatever it holds: printable
/// ASCII as it is (quote and backslash escaped), everything else as a
/// `\u{…}` escape, so the literal stays on one line and holds no character
/// rustc or Markdown would read as anything but part of the string.
pub fn rust_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            other => out.push_str(&format!("\\u{{{:x}}}", u32::from(other))),
        }
    }
    out.push('"');
    out
}

/// The builder call that sets the first credential the API accepts.
fn auth_call(api: &Api) -> String {
    if let Some(key) = api.auth.api_keys.first() {
        format!(".{}(\"API_KEY\")", key.setter.trim_start_matches("r#"))
    } else if api.auth.bearer {
        ".bearer_token(\"TOKEN\")".to_owned()
    } else if api.auth.basic {
        ".basic_auth(\"USER\", \"PASSWORD\")".to_owned()
    } else {
        String::new()
    }
}

/// One list item per credential the builder accepts.
fn auth_methods(api: &Api) -> Vec<String> {
    let mut methods: Vec<String> = api
        .auth
        .api_keys
        .iter()
        .map(|key| {
            let place = match key.location {
                KeyLocation::Header => "header",
                KeyLocation::Query => "query parameter",
                KeyLocation::Cookie => "cookie",
            };
            format!(
                "`.{}(key)`: an API key, sent in the {} {place}.",
                key.setter.trim_start_matches("r#"),
                markdown::code(&key.name)
            )
        })
        .collect();
    if api.auth.basic {
        methods.push(
            "`.basic_auth(username, password)`: HTTP Basic authentication (RFC 7617, UTF-8).".to_owned(),
        );
    }
    if api.auth.bearer {
        methods.push(
            "`.bearer_token(token)`: `Authorization: Bearer <token>`, for OAuth2 access tokens too."
                .to_owned(),
        );
    }
    methods
}

/// A call for the examples, as Rust: the first operation that returns data
/// and whose required arguments are all strings (named after themselves).
fn example(api: &Api) -> Option<String> {
    let operation = example_operation(api)?;
    Some(call(operation, operation.params.iter().filter(|param| param.required)))
}

/// The first operation that returns data and whose required arguments are all strings.
fn example_operation(api: &Api) -> Option<&Operation> {
    api.operations.iter().find(|operation| {
        !matches!(operation.success.body, SuccessBody::Empty) && all_arguments_are_strings(operation)
    })
}

/// The mock server's method of `operation`, which takes its path arguments.
fn mock_call(operation: &Operation) -> String {
    call(operation, operation.params.iter().filter(|param| param.location == ParamLocation::Path))
}

/// A call of the operation's method with `arguments`, each named after itself.
fn call<'a>(operation: &Operation, arguments: impl Iterator<Item = &'a Param>) -> String {
    let arguments: Vec<String> = arguments.map(|param| rust_string(&param.wire_name)).collect();
    format!("{}({})", operation.method_name.trim_start_matches("r#"), arguments.join(", "))
}

/// A struct value for the examples, built with `new` and a setter: a body
/// some operation sends if one can be written with plain values (one that
/// `new` takes fields of first), else any struct that can.
fn model_example(api: &Api) -> Option<ModelExample> {
    // Looked up by name, so that specs of thousands of models and
    // operations are not searched once per model and field.
    let models: HashMap<&str, &Model> = api.models.iter().map(|model| (model.name.as_str(), model)).collect();
    let bodies: HashSet<&TypeRef> =
        api.operations.iter().filter_map(|op| op.body.as_ref().map(|body| &body.ty)).collect();
    let sent = |model: &&Model| bodies.contains(&TypeRef::Model(model.name.clone()));
    let structs = || api.models.iter().filter(|model| !model.deprecated);
    let takes =
        |model: &&Model| matches!(&model.kind, ModelKind::Struct(fields) if !fields.constructor.is_empty());
    let preferred = structs().filter(sent).filter(takes).chain(structs().filter(sent));
    preferred.chain(structs()).find_map(|model| {
        let ModelKind::Struct(fields) = &model.kind else { return None };
        let by_name: HashMap<&str, &Field> =
            fields.fields.iter().map(|field| (field.rust_name.as_str(), field)).collect();
        let arguments: Option<Vec<String>> = fields
            .constructor
            .iter()
            .map(|name| by_name.get(name.as_str()).and_then(|field| example_value(&models, field)))
            .collect();
        let (setter, value) = fields
            .fields
            .iter()
            .filter(|field| !field.deprecated)
            .find_map(|field| Some((field.setter.as_ref()?, example_value(&models, field)?)))?;
        let ty = format!("models::{}", model.name);
        let value = format!("{ty}::new({}).{setter}({value})", arguments?.join(", "));
        Some(ModelExample { ty, value })
    })
}

/// A type of `models` and an expression that builds a value of it.
#[derive(Serialize)]
struct ModelExample {
    ty: String,
    value: String,
}

/// A value of a field's type written in Rust, for the types that have an
/// obvious one: a string is the property's name.
fn example_value(models: &HashMap<&str, &Model>, field: &Field) -> Option<String> {
    /// `owned` for a list item, which goes in as it is: a `String`, a `Vec`.
    fn value(models: &HashMap<&str, &Model>, ty: &TypeRef, text: &str, owned: bool) -> Option<String> {
        Some(match ty {
            TypeRef::String if owned => format!("{}.to_owned()", rust_string(text)),
            TypeRef::String => rust_string(text),
            TypeRef::Bool => "true".to_owned(),
            TypeRef::Int(_) => "1".to_owned(),
            TypeRef::Float(_) => "1.0".to_owned(),
            TypeRef::List(item) if owned => format!("vec![{}]", value(models, item, text, true)?),
            TypeRef::List(item) => format!("[{}]", value(models, item, text, true)?),
            TypeRef::Model(name) => {
                let model = models.get(name.as_str())?;
                match &model.kind {
                    ModelKind::Enum(enumeration) if !model.deprecated => {
                        format!("models::{name}::{}", enumeration.variants.first()?.name)
                    }
                    _ => return None,
                }
            }
            _ => return None,
        })
    }
    if field.boxed {
        return None;
    }
    value(models, &field.ty, &field.wire_name, false)
}

fn all_arguments_are_strings(operation: &Operation) -> bool {
    let body_required = operation.body.as_ref().is_some_and(|body| body.required);
    !body_required
        && operation.params.iter().filter(|param| param.required).all(|param| param.ty == TypeRef::String)
}

/// One-line Markdown made safe for a table cell: a `|` that is not already
/// escaped (inside a code span, say) would end the cell.
fn table_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut backslashes = 0;
    for c in text.chars() {
        if c == '|' && backslashes % 2 == 0 {
            out.push('\\');
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
        out.push(c);
    }
    out
}

/// What the README says about pages and streams: a row per paged operation, and calls for its
/// examples (`None` when the spec has no such operation, or none whose arguments are all
/// strings).
#[derive(Serialize)]
struct StreamsReadme {
    paged: Vec<PagedRow>,
    /// A request of a paged operation.
    pages_example: Option<String>,
    /// A request whose response is binary.
    bytes_example: Option<String>,
    /// A request whose response is an event stream.
    events_example: Option<String>,
    /// Whether some operation sends a binary body, which can be streamed.
    binary_bodies: bool,
    /// Whether some operation sends a file part, which can be streamed.
    file_parts: bool,
}

/// A row of the README's table of paged operations, as Markdown table cells.
#[derive(Serialize)]
struct PagedRow {
    method: String,
    rule: &'static str,
}

fn streams_readme(api: &Api) -> StreamsReadme {
    let paged = api.operations.iter().filter_map(|operation| match &operation.paging {
        Some(Paging::Paged(pagination)) => Some((operation, pagination)),
        _ => None,
    });
    let example = |streaming: fn(&Streaming) -> bool| {
        api.operations.iter().filter(|operation| all_arguments_are_strings(operation)).find_map(|operation| {
            let plain = call(operation, operation.params.iter().filter(|param| param.required));
            if operation.success.stream.as_ref().is_some_and(streaming) {
                return Some(plain);
            }
            let alternative = operation
                .success
                .alternatives
                .iter()
                .find(|alternative| alternative.stream.as_ref().is_some_and(streaming))?;
            Some(format!("{plain}.{}()", alternative.method_name.trim_start_matches("r#")))
        })
    };
    StreamsReadme {
        paged: paged
            .clone()
            .map(|(operation, pagination)| PagedRow {
                method: markdown::code_in_table(operation.method_name.trim_start_matches("r#")),
                rule: pagination.rule.name(),
            })
            .collect(),
        pages_example: paged
            .map(|(operation, _)| operation)
            .find(|operation| all_arguments_are_strings(operation))
            .map(|operation| call(operation, operation.params.iter().filter(|param| param.required))),
        bytes_example: example(|streaming| *streaming == Streaming::Bytes),
        events_example: example(|streaming| matches!(streaming, Streaming::Events(_))),
        binary_bodies: api
            .operations
            .iter()
            .filter_map(|operation| operation.body.as_ref())
            .any(|body| body.encoding == BodyEncoding::Binary),
        file_parts: api.uses_type(|ty| *ty == TypeRef::File),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_strings_are_literals_of_exactly_the_text() {
        assert_eq!(rust_string("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(rust_string("x\n```\u{202E}é"), r#""x\u{a}```\u{202e}\u{e9}""#);
        for text in ["", "\"); std::process::exit(1); (\"", "\r\n", "\u{0}", "🦀"] {
            let literal: syn::LitStr = syn::parse_str(&rust_string(text)).expect("a string literal");
            assert_eq!(literal.value(), text);
        }
    }

    #[test]
    fn table_cells_keep_escaped_pipes() {
        assert_eq!(table_cell("a | `b|c` \\| d \\\\| e"), "a \\| `b\\|c` \\| d \\\\\\| e");
    }
}
