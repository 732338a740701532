//! Operations: one client method and request builder each.

use openapiv3::{PathItem, ReferenceOr};

use super::bodies;
use super::docs;
use super::names::{self, NameSet};
use super::params;
use super::responses;
use super::security;
use super::types::TypeSpace;
use super::wire_names;
use crate::error::SpecProblem;
use crate::ir::{HttpMethod, Operation, ParamLocation, TypeRef};
use crate::pointer::Pointer;
use crate::warning::{LeftOut, WarningKind};

/// Names request builders already use for their own methods; a parameter
/// with one of these names gets a suffix.
pub(super) const BUILDER_METHODS: &[&str] = &[
    "call",
    "call_with_response",
    "client",
    "header",
    "idle_timeout",
    "into_future",
    "into_request",
    "new",
    "options",
    "retry_non_idempotent",
    "retry_policy",
    "send",
    "send_with_response",
    "timeout",
];

/// Type names the `requests` module already uses (its own and imported);
/// request builders and enums of outcomes live there too.
const REQUESTS_MODULE_NAMES: &[&str] = &[
    "ApiResponse",
    "Client",
    "Duration",
    "Endpoint",
    "Error",
    "Form",
    "Future",
    "IntoFuture",
    "Method",
    "Next",
    "Operation",
    "Paginated",
    "ParamValues",
    "Parts",
    "Pin",
    "RawRequest",
    "Reader",
    "Request",
    "RequestOptions",
    "Response",
    "ResponseFuture",
    "RetryPolicy",
    "ServerEvents",
    "ToParam",
    "Total",
];

/// Names the `Client` already uses, and those of the mock `Server` (feature `mock`), which has a
/// method of each operation's name too: their inherent methods (a second one of the same name
/// does not compile; a test below reads them from the runtime) and the trait methods their
/// callers use (an inherent method would hide it).
const CLIENT_METHODS: &[&str] = &[
    "base_url",
    "builder",
    "client",
    "client_builder",
    "clone",
    "fmt",
    "mock",
    "received",
    "request",
    "start",
    "state",
];

/// All operations in spec order, and the JSON bodies their error responses
/// declare. An operation that cannot be generated (a path parameter the
/// path does not name, a header name HTTP cannot carry...) is left out with
/// a warning, and leaves nothing behind: no name, model or warning of its
/// own.
pub fn operations(types: &mut TypeSpace<'_>) -> (Vec<Operation>, Vec<TypeRef>) {
    let mut method_names = NameSet::with_reserved(CLIENT_METHODS);
    let mut builder_names = NameSet::with_reserved(&[REQUESTS_MODULE_NAMES, names::PRELUDE].concat());
    let mut operations = Vec::new();
    let mut error_bodies = Vec::new();
    for (path, item) in &types.api.paths.paths {
        let path_at = Pointer::root().join("paths").join(path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                // The loader copies every path item a `$ref` names in place.
                let detail = format!("a path item given by `$ref` (`{reference}`) is left out");
                types.warn(&path_at, WarningKind::PartLeftOut(detail));
                continue;
            }
        };
        for (method, operation) in item.iter() {
            let at = path_at.join(method);
            let mark = (types.mark(), method_names.mark(), builder_names.mark());
            let names = Names { methods: &mut method_names, builders: &mut builder_names };
            let built = wire_names::operation(&types.refs, item, &path_at, operation, &at)
                .and_then(|()| self::operation(types, path, item, &path_at, method, operation, &at, names));
            match built {
                Ok((operation, bodies)) => {
                    operations.push(operation);
                    error_bodies.extend(bodies);
                }
                Err(problem) => {
                    let (types_mark, methods_mark, builders_mark) = mark;
                    types.rollback(types_mark);
                    method_names.release_since(methods_mark);
                    builder_names.release_since(builders_mark);
                    let what = format!("`{} {path}`", method.to_ascii_uppercase());
                    types.warn(&at, WarningKind::OperationLeftOut(LeftOut { what, problem }));
                }
            }
        }
    }
    (operations, error_bodies)
}

struct Names<'n> {
    methods: &'n mut NameSet,
    builders: &'n mut NameSet,
}

#[allow(clippy::too_many_arguments)]
fn operation<'a>(
    types: &mut TypeSpace<'a>,
    path: &str,
    item: &'a PathItem,
    path_at: &Pointer,
    method: &str,
    operation: &'a openapiv3::Operation,
    at: &Pointer,
    names: Names<'_>,
) -> Result<(Operation, Vec<TypeRef>), SpecProblem> {
    let id = operation.operation_id.clone().unwrap_or_else(|| format!("{method} {path}"));
    let method_name = names.methods.claim(names::snake(&id, "call"));
    // Named after the method (not the id) so that a numbered method gets
    // a matching builder: `list_pets2` and `ListPets2Request`.
    let type_hint = names::camel(method_name.trim_start_matches("r#"), "Call");
    let builder_name = names.builders.claim(format!("{type_hint}Request"));
    let struct_name = names.builders.claim(type_hint.clone());

    let mut rust_names = NameSet::with_reserved(BUILDER_METHODS);
    let mut params = Vec::new();
    let mut content_type_negotiation = false;
    for (parameter, defined_at) in params::applicable(types, item, path_at, operation, at)? {
        content_type_negotiation |= params::is_content_type_header(parameter);
        if let Some(param) = params::param(types, parameter, &defined_at, &type_hint, &mut rust_names)? {
            params.push(param);
        }
    }
    let placeholders = placeholders(path, path_at)?;
    order_path_params(&mut params, &placeholders, at)?;
    let request_body = bodies::request_body(types, operation, at, &type_hint, &mut rust_names)?;
    let form = request_body.form.map(|(encoding, fields)| {
        params.extend(fields);
        encoding
    });
    let responses =
        responses::responses(types, &operation.responses, at, &type_hint, &mut rust_names, names.builders)?;
    let http_method = http_method(method);
    let operation = Operation {
        struct_name,
        id,
        method_name,
        builder_name,
        http_method,
        path: path.to_owned(),
        docs: docs::join([operation.summary.as_deref(), operation.description.as_deref()]),
        deprecated: operation.deprecated,
        deprecation_note: None,
        tags: operation.tags.clone(),
        params,
        body: request_body.body,
        form,
        success: responses.success,
        errors: responses.errors,
        authenticated: security::authenticated(operation.security.as_ref(), types.api.security.as_ref()),
        content_type_negotiation,
        paging: None,
    };
    Ok((operation, responses.error_bodies))
}

pub(super) fn http_method(method: &str) -> HttpMethod {
    match method {
        "put" => HttpMethod::Put,
        "post" => HttpMethod::Post,
        "delete" => HttpMethod::Delete,
        "options" => HttpMethod::Options,
        "head" => HttpMethod::Head,
        "patch" => HttpMethod::Patch,
        "trace" => HttpMethod::Trace,
        _ => HttpMethod::Get,
    }
}

/// The `{name}` placeholders of a path template, in order.
fn placeholders(path: &str, at: &Pointer) -> Result<Vec<String>, SpecProblem> {
    let mut found = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            return Err(SpecProblem::invalid(at, format!("unclosed `{{` in path template `{path}`")));
        };
        found.push(rest[open + 1..open + close].to_owned());
        rest = &rest[open + close + 1..];
    }
    Ok(found)
}

/// Puts path parameters first, in the order the path first names them, and
/// checks that path and parameters agree. A placeholder the path repeats
/// (`/accounts/{id}/x/accounts/{id}`) is one parameter, which fills every
/// occurrence (the runtime's `Parts::path` takes one value per name).
fn order_path_params(
    params: &mut Vec<crate::ir::Param>,
    placeholders: &[String],
    at: &Pointer,
) -> Result<(), SpecProblem> {
    let mut seen = std::collections::HashSet::new();
    let names: Vec<&String> =
        placeholders.iter().filter(|placeholder| seen.insert(placeholder.as_str())).collect();
    for param in params.iter().filter(|param| param.location == ParamLocation::Path) {
        if !seen.contains(param.wire_name.as_str()) {
            return Err(SpecProblem::invalid(
                at,
                format!("path parameter `{}` does not appear in the path template", param.wire_name),
            ));
        }
    }
    let mut ordered = Vec::with_capacity(params.len());
    for placeholder in names {
        let Some(index) = params
            .iter()
            .position(|param| param.location == ParamLocation::Path && param.wire_name == *placeholder)
        else {
            return Err(SpecProblem::invalid(
                at,
                format!("the path names `{{{placeholder}}}` but no path parameter defines it"),
            ));
        };
        ordered.push(params.remove(index));
    }
    ordered.append(params);
    *params = ordered;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::security::CLIENT_BUILDER_METHODS;
    use super::{BUILDER_METHODS, CLIENT_METHODS};

    /// The methods of the runtime's `impl {type_name}` blocks (of any visibility) in `source`.
    fn inherent_methods(source: &str, impl_head: &str) -> Vec<String> {
        let mut methods = Vec::new();
        let mut inside = false;
        for line in source.lines() {
            if line.starts_with("impl") {
                inside = line == format!("{impl_head} {{");
            } else if line == "}" {
                inside = false;
            } else if inside {
                let words = line.trim_start().trim_start_matches("pub(crate) ").trim_start_matches("pub ");
                let words = words.trim_start_matches("async ");
                if let Some(rest) = words.strip_prefix("fn ") {
                    let name: String =
                        rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    methods.push(name);
                }
            }
        }
        methods
    }

    /// An operation's method beside a runtime method of the same name does not compile, so
    /// every one of them is reserved, whatever the runtime adds later.
    #[test]
    fn the_runtime_methods_operations_sit_beside_are_reserved() {
        let runtime = [
            include_str!("../../runtime/client.rs"),
            include_str!("../../runtime/mock.rs"),
            include_str!("../../runtime/operation.rs"),
        ]
        .concat();
        let client = inherent_methods(&runtime, "impl Client");
        let server = inherent_methods(&runtime, "impl Server");
        let request = inherent_methods(&runtime, "impl<Op: Operation> Request<Op>");
        let builder = inherent_methods(&runtime, "impl ClientBuilder");
        assert!(client.contains(&"request".to_owned()), "{client:?}");
        assert!(server.contains(&"start".to_owned()), "{server:?}");
        assert!(request.contains(&"send".to_owned()), "{request:?}");
        assert!(builder.contains(&"timeout".to_owned()), "{builder:?}");
        for method in client.iter().chain(&server) {
            assert!(CLIENT_METHODS.contains(&method.as_str()), "`{method}` is not in CLIENT_METHODS");
        }
        for method in &request {
            assert!(BUILDER_METHODS.contains(&method.as_str()), "`{method}` is not in BUILDER_METHODS");
        }
        for method in &builder {
            let reserved = CLIENT_BUILDER_METHODS.contains(&method.as_str());
            assert!(reserved, "`{method}` is not in CLIENT_BUILDER_METHODS");
        }
    }
}
