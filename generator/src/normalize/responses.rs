//! Responses: what a 2xx carries, and what the error responses look like.

use indexmap::IndexMap;
use openapiv3::{MediaType, Responses, StatusCode};

use super::docs;
use super::names::{self, NameSet};
use super::refs;
use super::shape::Node;
use super::types::TypeSpace;
use crate::error::SpecProblem;
use crate::ir::{Alternative, ErrorResponse, Success, SuccessBody, TypeRef};
use crate::pointer::Pointer;

/// The responses of one operation.
pub struct OperationResponses {
    pub success: Success,
    pub errors: Vec<ErrorResponse>,
    /// Types of the JSON bodies of error responses.
    pub error_bodies: Vec<TypeRef>,
}

/// Reads the `responses` of an operation at `at`. Builder methods for other
/// media types are named from `rust_names`, the builder's namespace.
pub fn responses<'a>(
    types: &mut TypeSpace<'a>,
    responses: &'a Responses,
    at: &Pointer,
    type_hint: &str,
    rust_names: &mut NameSet,
) -> Result<OperationResponses, SpecProblem> {
    let at = at.join("responses");
    let mut success_bodies: Vec<Option<Body>> = Vec::new();
    let mut success_docs = Vec::new();
    let mut success_media_types: Vec<&str> = Vec::new();
    let mut errors = Vec::new();
    let mut error_bodies = Vec::new();
    let listed = responses
        .responses
        .iter()
        .map(|(status, response)| (status.to_string(), is_success(status), response));
    let default = responses.default.iter().map(|response| ("default".to_owned(), false, response));
    for (status, success, response) in listed.chain(default) {
        let response_at = at.join(&status);
        let (response, defined_at) = refs::resolve(types.api, response, &response_at)?;
        let hint = if success { format!("{type_hint}Response") } else { format!("{type_hint}Error") };
        let body = body(types, &response.content, &defined_at, &hint)?;
        if success {
            success_media_types.extend(response.content.keys().map(String::as_str));
            success_bodies.push(body);
            success_docs.push(response.description.as_str());
        } else {
            if let Some(Body::Json(ty)) = body {
                error_bodies.push(ty);
            }
            errors.push(ErrorResponse { status, docs: docs::sanitize(&response.description) });
        }
    }
    let body = success_body(&success_bodies, &at)?;
    let accept = match &success_bodies.iter().flatten().next() {
        Some(Body::Raw(media_type)) => media_type.clone(),
        _ => "application/json".to_owned(),
    };
    let mut alternatives: Vec<Alternative> = Vec::new();
    for media_type in success_media_types {
        let taken = media_type == accept || alternatives.iter().any(|known| known.media_type == media_type);
        if taken || is_json(media_type) {
            continue;
        }
        alternatives.push(Alternative {
            media_type: media_type.to_owned(),
            method_name: rust_names.claim(names::snake(&format!("accept {}", subtype(media_type)), "accept")),
        });
    }
    Ok(OperationResponses {
        success: Success { body, accept, docs: docs::join(success_docs.into_iter().map(Some)), alternatives },
        errors,
        error_bodies,
    })
}

fn is_success(status: &StatusCode) -> bool {
    match status {
        StatusCode::Code(code) => (200..300).contains(code),
        StatusCode::Range(range) => *range == 2,
    }
}

/// What one response's content decodes to.
#[derive(Clone, Debug, PartialEq)]
enum Body {
    Json(TypeRef),
    Raw(String),
}

/// A JSON media type wins; otherwise the first media type is read as bytes.
fn body<'a>(
    types: &mut TypeSpace<'a>,
    content: &'a IndexMap<String, MediaType>,
    at: &Pointer,
    hint: &str,
) -> Result<Option<Body>, SpecProblem> {
    if let Some((media_type, media)) = content.iter().find(|(media_type, _)| is_json(media_type)) {
        let ty = match &media.schema {
            Some(schema) => {
                let schema_at = at.join("content").join(media_type).join("schema");
                let typed = types.type_of(Node::from(schema), hint, &schema_at)?;
                if typed.nullable {
                    TypeRef::Option(Box::new(typed.ty))
                } else {
                    typed.ty
                }
            }
            None => TypeRef::Json,
        };
        return Ok(Some(Body::Json(ty)));
    }
    Ok(content.keys().next().map(|media_type| Body::Raw(media_type.clone())))
}

/// Whether a media type carries JSON: `application/json`,
/// `application/problem+json`, with or without parameters.
pub fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    // Spring-generated specs declare JSON bodies as `*/*`.
    essence.ends_with("/json") || essence.ends_with("+json") || essence == "*/*"
}

/// The part of a media type that names the format: `capnp` for
/// `application/capnp` and `application/x-capnp`, `csv` for `text/csv`.
fn subtype(media_type: &str) -> &str {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    let subtype = essence.split('/').nth(1).unwrap_or(essence);
    subtype.strip_prefix("x-").unwrap_or(subtype)
}

/// One success type for all 2xx responses: the same JSON type on every
/// status that has a body, `Option` when some statuses have none.
fn success_body(bodies: &[Option<Body>], at: &Pointer) -> Result<SuccessBody, SpecProblem> {
    let with_body: Vec<&Body> = bodies.iter().flatten().collect();
    let Some(first) = with_body.first() else {
        return Ok(SuccessBody::Empty);
    };
    if with_body.iter().any(|body| body != first) {
        return Err(SpecProblem::unsupported(
            at,
            "2xx responses with different body types; one operation must have one result type",
        ));
    }
    let some_empty = with_body.len() < bodies.len();
    Ok(match (first, some_empty) {
        (Body::Json(ty), false) => SuccessBody::Json(ty.clone()),
        (Body::Json(ty), true) => SuccessBody::JsonOrEmpty(ty.clone()),
        (Body::Raw(_), _) => SuccessBody::Raw,
    })
}

/// An error response body type shared by every operation, if there is one.
pub fn common_error_body(bodies: &[TypeRef]) -> TypeRef {
    match bodies.split_first() {
        Some((first, rest)) if rest.iter().all(|body| body == first) => first.clone(),
        _ => TypeRef::Json,
    }
}
