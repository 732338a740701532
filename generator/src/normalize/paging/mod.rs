//! Paging: which operations return their results a page at a time, and
//! how, decided from the spec alone once every model is known. An
//! operation's `x-pagination` says it outright; Oxide's
//! `x-dropshot-pagination` names its parameters; otherwise the rules in
//! `rules` recognize the common schemes from names. An operation that looks
//! paged but matches no rule keeps a note saying why, and stays as it is.
//!
//! Requests of paged operations gain `pages()` and `items()`, of streamed
//! ones `bytes_stream()` or `events()`: a parameter whose Rust name is one of
//! those is renamed here, where names are decided.

mod body;
mod extension;
mod rules;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use openapiv3::{OpenAPI, ReferenceOr, SchemaKind, StatusCode, Type};

use self::body::Models;
use self::rules::{param_name, settable, Candidate, Found};
use super::names::NameSet;
use super::operations::BUILDER_METHODS;
use super::refs;
use crate::ir::{
    Model, NextPage, Operation, Pagination, Paging, PagingRule, ParamLocation, Streaming, SuccessBody,
};
use crate::pointer::Pointer;
use crate::warning::{Warning, WarningKind};

/// The extension that says how an operation pages.
const PAGINATION: &str = "x-pagination";
/// Oxide's extension on operations that page with `page_token` and `next_page`.
const DROPSHOT: &str = "x-dropshot-pagination";

/// Decides the paging of every operation, and renames parameters that would hide the methods
/// paged and streamed requests gain.
pub fn detect(spec: &OpenAPI, operations: &mut [Operation], models: &[Model], warnings: &mut Vec<Warning>) {
    let models = Models::new(models);
    let resolver = refs::Refs::new(spec);
    for operation in operations {
        let raw = raw_operation(spec, operation);
        operation.paging = paging(&resolver, &models, operation, raw.as_ref(), warnings);
        let mut methods = Vec::new();
        if matches!(operation.paging, Some(Paging::Paged(_))) {
            methods.extend(["pages", "items"]);
        }
        match &operation.success.stream {
            Some(Streaming::Bytes) => methods.push("bytes_stream"),
            Some(Streaming::Events(_)) => methods.push("events"),
            None => {}
        }
        if rename_clashing(operation, &methods) && matches!(operation.paging, Some(Paging::Paged(_))) {
            // The paging names parameters; decided again with their new names (no warning can
            // come twice: a paged operation had none).
            operation.paging = paging(&resolver, &models, operation, raw.as_ref(), &mut Vec::new());
        }
    }
}

/// The operation in the spec, and where it is.
fn raw_operation<'a>(
    spec: &'a OpenAPI,
    operation: &Operation,
) -> Option<(&'a openapiv3::Operation, Pointer)> {
    let ReferenceOr::Item(item) = spec.paths.paths.get(&operation.path)? else { return None };
    let method = operation.http_method.as_str().to_ascii_lowercase();
    let (_, raw) = item.iter().find(|(name, _)| *name == method)?;
    Some((raw, Pointer::root().join("paths").join(&operation.path).join(&method)))
}

fn paging(
    resolver: &refs::Refs<'_>,
    models: &Models<'_>,
    operation: &Operation,
    raw: Option<&(&openapiv3::Operation, Pointer)>,
    warnings: &mut Vec<Warning>,
) -> Option<Paging> {
    let body = match &operation.success.body {
        SuccessBody::Json(ty) => Some(ty),
        _ => None,
    };
    let (raw, at) = raw?;
    let raw: &openapiv3::Operation = raw;
    let candidate = Candidate {
        op: operation,
        body,
        link_header: declares_link(resolver, raw),
        firsts: firsts(resolver, raw, at),
    };
    match raw.extensions.get(PAGINATION) {
        Some(serde_json::Value::Bool(false)) => return None,
        Some(value) => {
            return Some(match extension::pagination(models, &candidate, value) {
                Ok(pagination) => Paging::Paged(Box::new(pagination)),
                Err(reason) => {
                    warnings
                        .push(Warning::new(&at.join(PAGINATION), WarningKind::Pagination(reason.clone())));
                    Paging::NotRecognized(format!("its `x-pagination` does not fit it: {reason}"))
                }
            });
        }
        None => {}
    }
    if let Some(value) = raw.extensions.get(DROPSHOT) {
        if let Some(pagination) = dropshot(models, &candidate, value) {
            return Some(Paging::Paged(Box::new(pagination)));
        }
    }
    match rules::recognize(models, &candidate)? {
        Found::Paged(pagination) => Some(Paging::Paged(pagination)),
        Found::Miss(reason) | Found::Hint(reason) => Some(Paging::NotRecognized(reason)),
    }
}

/// Dropshot's pages: `page_token` takes the response's `next_page`, and the items are `items`.
/// Later pages send only the page token, the limit and the query parameters the extension's
/// `required` lists: the others (the sort order, say) were fixed by the first page.
fn dropshot(models: &Models<'_>, candidate: &Candidate<'_>, value: &serde_json::Value) -> Option<Pagination> {
    let body = candidate.body?;
    let param = settable(candidate.op).find(|param| param.wire_name == "page_token")?;
    let field = models.path(body, &["next_page".to_owned()])?;
    if field.last().map(|step| &step.ty) != Some(&param.ty) {
        return None;
    }
    let (items, item) = models.named_items(body, &["items".to_owned()]).ok()?;
    let required: Vec<&str> = value
        .get("required")
        .and_then(serde_json::Value::as_array)
        .map(|names| names.iter().filter_map(serde_json::Value::as_str).collect())
        .unwrap_or_default();
    let kept = |name: &str| name == "page_token" || name == "limit" || required.contains(&name);
    let clear = settable(candidate.op)
        .filter(|param| param.location == ParamLocation::Query && !kept(&param.wire_name))
        .map(param_name)
        .collect();
    let next = NextPage::Cursor { param: param_name(param), field, clear };
    Some(Pagination { rule: PagingRule::Dropshot, items, item, next, enable: None })
}

/// Whether a 2xx response (or the `default` one, when none is listed) declares a `Link` header.
fn declares_link(resolver: &refs::Refs<'_>, raw: &openapiv3::Operation) -> bool {
    let responses = &raw.responses;
    let listed = responses.responses.iter().filter(|(status, _)| match status {
        StatusCode::Code(code) => (200..300).contains(code),
        StatusCode::Range(range) => *range == 2,
    });
    let successes: Vec<&ReferenceOr<openapiv3::Response>> = listed.map(|(_, response)| response).collect();
    let successes = if successes.is_empty() { responses.default.iter().collect() } else { successes };
    successes.into_iter().any(|response| {
        resolver
            .resolve(response, &Pointer::root())
            .is_ok_and(|(response, _)| response.headers.keys().any(|name| name.eq_ignore_ascii_case("link")))
    })
}

/// The first page number of each integer query parameter whose schema gives a `default` or a
/// `minimum`, by wire name.
fn firsts(resolver: &refs::Refs<'_>, raw: &openapiv3::Operation, at: &Pointer) -> HashMap<String, i64> {
    let mut firsts = HashMap::new();
    for parameter in &raw.parameters {
        let Ok((openapiv3::Parameter::Query { parameter_data, .. }, _)) = resolver.resolve(parameter, at)
        else {
            continue;
        };
        let openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) = &parameter_data.format
        else {
            continue;
        };
        let first = match &schema.schema_kind {
            SchemaKind::Type(Type::Integer(integer)) => {
                schema.schema_data.default.as_ref().and_then(serde_json::Value::as_i64).or(integer.minimum)
            }
            _ => None,
        };
        if let Some(first) = first {
            firsts.insert(parameter_data.name.clone(), first);
        }
    }
    firsts
}

/// Renames the parameters (and body) whose Rust names are `methods`, as names are claimed
/// everywhere else: `items` becomes `items2`. Whether any was renamed.
fn rename_clashing(operation: &mut Operation, methods: &[&str]) -> bool {
    let clashes = |name: &str| methods.contains(&name);
    let body_clashes = operation.body.as_ref().is_some_and(|body| clashes(&body.rust_name));
    if !operation.params.iter().any(|param| clashes(&param.rust_name)) && !body_clashes {
        return false;
    }
    let mut names = NameSet::with_reserved(BUILDER_METHODS);
    names.extend(methods.iter().copied());
    let taken = operation.params.iter().map(|param| param.rust_name.as_str());
    let taken = taken.chain(operation.body.iter().map(|body| body.rust_name.as_str()));
    let taken = taken
        .chain(operation.success.alternatives.iter().map(|alternative| alternative.method_name.as_str()));
    names.extend(taken.filter(|name| !clashes(name)));
    for param in operation.params.iter_mut().filter(|param| clashes(&param.rust_name)) {
        param.rust_name = names.claim(param.rust_name.clone());
    }
    if let Some(body) = operation.body.as_mut().filter(|body| clashes(&body.rust_name)) {
        body.rust_name = names.claim(body.rust_name.clone());
    }
    true
}
