//! `Cargo.toml` and `README.md`, rendered with tera from `templates/`.

use serde::Serialize;
use tera::{Context, Tera};

use crate::error::Error;
use crate::ir::{Api, Operation, SuccessBody, TypeRef};

const CARGO_TOML: &str = include_str!("../../../templates/Cargo.toml.tera");
const README: &str = include_str!("../../../templates/README.md.tera");

/// A row of the README's operation table.
#[derive(Serialize)]
struct OperationRow<'a> {
    method: &'a str,
    http_method: &'a str,
    path: &'a str,
    summary: String,
}

/// The README's example call.
#[derive(Serialize)]
struct Example {
    call: String,
}

pub fn cargo_toml(api: &Api, header: &str, standalone: bool) -> Result<String, Error> {
    let mut context = base_context(api, header);
    context.insert("standalone", &standalone);
    // A dependency only crates that have UUIDs need.
    context.insert("uuid", &api.uses_type(|ty| *ty == TypeRef::Uuid));
    render("Cargo.toml", CARGO_TOML, &context)
}

pub fn readme(api: &Api, header: &str) -> Result<String, Error> {
    let mut context = base_context(api, header);
    let rows: Vec<OperationRow<'_>> = api
        .operations
        .iter()
        .map(|operation| OperationRow {
            method: operation.method_name.trim_start_matches("r#"),
            http_method: operation.http_method.as_str(),
            path: &operation.path,
            summary: table_cell(operation.docs.lines().next().unwrap_or_default()),
        })
        .collect();
    context.insert("operations", &rows);
    let example_url = format!("https://api.example.com{}", api.base_path.as_deref().unwrap_or_default());
    context.insert("base_url", api.default_base_url.as_deref().unwrap_or(&example_url));
    context.insert("auth_call", &auth_call(api));
    context.insert("auth_methods", &auth_methods(api));
    context.insert("example", &example(api));
    render("README.md", README, &context)
}

fn base_context(api: &Api, header: &str) -> Context {
    let mut context = Context::new();
    context.insert("api", api);
    context.insert("header", header);
    context
}

fn render(name: &str, template: &str, context: &Context) -> Result<String, Error> {
    let internal = |error: tera::Error| Error::Internal { what: name.to_owned(), message: error.to_string() };
    let mut tera = Tera::new();
    tera.autoescape_on(Vec::<&str>::new());
    tera.add_raw_template(name, template).map_err(internal)?;
    tera.render(name, context).map_err(internal)
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

/// One line per credential the builder accepts.
fn auth_methods(api: &Api) -> Vec<String> {
    let mut methods: Vec<String> = api
        .auth
        .api_keys
        .iter()
        .map(|key| {
            let place = match key.location {
                crate::ir::KeyLocation::Header => "header",
                crate::ir::KeyLocation::Query => "query parameter",
                crate::ir::KeyLocation::Cookie => "cookie",
            };
            format!(
                "`.{}(key)`: an API key, sent in the `{}` {place}.",
                key.setter.trim_start_matches("r#"),
                key.name
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

/// A call for the example: the first operation that returns data and whose
/// required arguments are all strings (named after themselves).
fn example(api: &Api) -> Option<Example> {
    let operation = api.operations.iter().find(|operation| {
        !matches!(operation.success.body, SuccessBody::Empty) && all_arguments_are_strings(operation)
    })?;
    let arguments: Vec<String> = operation
        .params
        .iter()
        .filter(|param| param.required)
        .map(|param| format!("\"{}\"", param.wire_name))
        .collect();
    Some(Example {
        call: format!("{}({})", operation.method_name.trim_start_matches("r#"), arguments.join(", ")),
    })
}

fn all_arguments_are_strings(operation: &Operation) -> bool {
    let body_required = operation.body.as_ref().is_some_and(|body| body.required);
    !body_required
        && operation
            .params
            .iter()
            .filter(|param| param.required)
            .all(|param| param.ty == crate::ir::TypeRef::String)
}

/// Text that is safe inside a Markdown table cell.
fn table_cell(text: &str) -> String {
    text.replace('|', "\\|")
}
