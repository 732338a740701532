//! Responses: what a 2xx carries, and what the error responses look like.

use indexmap::IndexMap;
use openapiv3::{MediaType, Responses, StatusCode};

use super::docs;
use super::names::{self, NameSet};
use super::shape::{self, Node, Shape};
use super::types::TypeSpace;
use crate::error::SpecProblem;
use crate::ir::{
    Alternative, ErrorResponse, EventStream, Outcome, OutcomeBody, Outcomes, Streaming, Success, SuccessBody,
    TypeRef,
};
use crate::pointer::Pointer;

/// The responses of one operation.
pub struct OperationResponses {
    pub success: Success,
    pub errors: Vec<ErrorResponse>,
    /// Types of the JSON bodies of error responses.
    pub error_bodies: Vec<TypeRef>,
}

/// Reads the `responses` of an operation at `at`. Builder methods for other
/// media types are named from `rust_names`, the builder's namespace; an
/// enum of outcomes from `type_names`, the `requests` module's.
pub fn responses<'a>(
    types: &mut TypeSpace<'a>,
    responses: &'a Responses,
    at: &Pointer,
    type_hint: &str,
    rust_names: &mut NameSet,
    type_names: &mut NameSet,
) -> Result<OperationResponses, SpecProblem> {
    let at = at.join("responses");
    let mut success_statuses: Vec<String> = Vec::new();
    let mut success_bodies: Vec<Option<Body>> = Vec::new();
    let mut success_docs = Vec::new();
    let mut success_media_types: Vec<&str> = Vec::new();
    let mut errors = Vec::new();
    let mut error_bodies = Vec::new();
    // The events of the first 2xx `text/event-stream` content.
    let mut events: Option<EventStream> = None;
    let listed = responses
        .responses
        .iter()
        .map(|(status, response)| (status.to_string(), is_success(status), response));
    // A spec that documents only `default` describes its successes there
    // too: the client decodes a 2xx as that body.
    let default_is_success = !responses.responses.keys().any(is_success);
    let default =
        responses.default.iter().map(|response| ("default".to_owned(), default_is_success, response));
    for (status, success, response) in listed.chain(default) {
        let response_at = at.join(&status);
        let (response, defined_at) = types.refs.resolve(response, &response_at)?;
        let hint = if success { format!("{type_hint}Response") } else { format!("{type_hint}Error") };
        let body = body(types, &response.content, &defined_at, &hint, success)?;
        if status == "default" && success {
            // Also the error body, as for any `default`.
            if let Some(Body::Json(ty)) = &body {
                error_bodies.push(ty.clone());
            }
            errors
                .push(ErrorResponse { status: status.clone(), docs: docs::sanitize(&response.description) });
        }
        if success {
            if events.is_none() {
                if let Some((media_type, media)) =
                    response.content.iter().find(|(media_type, _)| is_event_stream(media_type))
                {
                    let media_at = defined_at.join("content").join(media_type);
                    events = Some(event_stream(types, media, &media_at, type_hint, &response.description)?);
                }
            }
            success_statuses.push(status);
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
    let body = match success_body(&success_bodies) {
        Some(body) => body,
        None => SuccessBody::Outcomes(outcomes(
            type_names.claim(format!("{type_hint}Outcome")),
            &success_statuses,
            &success_bodies,
            &success_docs,
        )),
    };
    let accept = match (&body, success_bodies.iter().flatten().next()) {
        // Each status has its own media type; the client takes them all.
        (SuccessBody::Outcomes(_), _) => {
            let mut media_types: Vec<&str> = Vec::new();
            for body in success_bodies.iter().flatten() {
                let media_type = match body {
                    Body::Json(_) => "application/json",
                    Body::Text(media_type) | Body::Raw(media_type) => media_type.as_str(),
                };
                if !media_types.contains(&media_type) {
                    media_types.push(media_type);
                }
            }
            media_types.join(", ")
        }
        (_, Some(Body::Raw(media_type) | Body::Text(media_type))) => media_type.clone(),
        _ => "application/json".to_owned(),
    };
    let mut alternatives: Vec<Alternative> = Vec::new();
    let offers_alternatives = !matches!(body, SuccessBody::Outcomes(_));
    for media_type in success_media_types.into_iter().filter(|_| offers_alternatives) {
        let taken = media_type == accept || alternatives.iter().any(|known| known.media_type == media_type);
        if taken || is_json(media_type) {
            continue;
        }
        // An alternative reads the body as bytes, or as events.
        let stream = match &events {
            Some(events) if is_event_stream(media_type) => Streaming::Events(events.clone()),
            _ => Streaming::Bytes,
        };
        alternatives.push(Alternative {
            media_type: media_type.to_owned(),
            method_name: rust_names.claim(names::snake(&format!("accept {}", subtype(media_type)), "accept")),
            struct_name: type_names.claim(format!("{type_hint}{}", names::camel(subtype(media_type), "Raw"))),
            stream: Some(stream),
        });
    }
    let stream = match (&body, events) {
        (SuccessBody::Raw, _) => Some(Streaming::Bytes),
        (SuccessBody::Text, Some(events)) if is_event_stream(&accept) => Some(Streaming::Events(events)),
        _ => None,
    };
    Ok(OperationResponses {
        success: Success {
            body,
            accept,
            docs: docs::join(success_docs.into_iter().map(Some)),
            alternatives,
            stream,
        },
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
    /// A `text/*` media type.
    Text(String),
    /// Any other media type.
    Raw(String),
}

/// A JSON media type wins; otherwise the first media type is read as bytes.
fn body<'a>(
    types: &mut TypeSpace<'a>,
    content: &'a IndexMap<String, MediaType>,
    at: &Pointer,
    hint: &str,
    success: bool,
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
        if success {
            types.examples.record_bodies(
                &types.refs,
                media,
                &at.join("content").join(media_type),
                &ty,
                false,
            );
        }
        return Ok(Some(Body::Json(ty)));
    }
    Ok(content.iter().next().map(|(media_type, media)| {
        let text = media_type.trim_start().to_ascii_lowercase().starts_with("text/");
        // `format: binary` says the text is bytes to keep as they are (a file to download).
        if text && !media.schema.as_ref().is_some_and(|schema| is_binary(types, schema)) {
            Body::Text(media_type.clone())
        } else {
            Body::Raw(media_type.clone())
        }
    }))
}

/// Whether a schema is `type: string, format: binary`.
fn is_binary(types: &TypeSpace<'_>, schema: &openapiv3::ReferenceOr<openapiv3::Schema>) -> bool {
    let Ok((schema, _)) = types.refs.resolve(schema, &Pointer::root()) else { return false };
    matches!(shape::shape(schema), Shape::String { format: Some(format), .. } if format == "binary")
}

/// Whether a media type is server-sent events.
fn is_event_stream(media_type: &str) -> bool {
    media_type.split(';').next().unwrap_or_default().trim().eq_ignore_ascii_case("text/event-stream")
}

/// The events of a `text/event-stream` content: its schema describes each event's `data`, JSON
/// unless it is a string (or absent, or says nothing).
fn event_stream<'a>(
    types: &mut TypeSpace<'a>,
    media: &'a MediaType,
    at: &Pointer,
    type_hint: &str,
    description: &str,
) -> Result<EventStream, SpecProblem> {
    let schema = media.schema.as_ref().filter(|schema| {
        let resolved = types.refs.resolve(*schema, &at.join("schema")).ok();
        !resolved.is_some_and(|(schema, _)| matches!(shape::shape(schema), Shape::String { .. } | Shape::Any))
    });
    let (data, json) = match schema {
        Some(schema) => {
            (types.type_of(Node::from(schema), &format!("{type_hint}Event"), &at.join("schema"))?.ty, true)
        }
        None => (TypeRef::String, false),
    };
    // JSON data cannot be `[DONE]`, so it ends the stream wherever an API sends it; text data
    // only where the spec says it does.
    let mentioned =
        description.contains(DONE) || serde_json::to_string(media).is_ok_and(|text| text.contains(DONE));
    let done = (json || mentioned).then(|| DONE.to_owned());
    Ok(EventStream { data, json, done })
}

/// The data that ends an event stream in the APIs that mark its end (OpenAI's and those like it).
const DONE: &str = "[DONE]";

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

/// One success type for all 2xx responses: the same body on every status
/// that has one, `Option` when some statuses have none. `None` when the
/// statuses carry different bodies.
fn success_body(bodies: &[Option<Body>]) -> Option<SuccessBody> {
    let with_body: Vec<&Body> = bodies.iter().flatten().collect();
    let Some(first) = with_body.first() else {
        return Some(SuccessBody::Empty);
    };
    if with_body.iter().any(|body| body != first) {
        return None;
    }
    let some_empty = with_body.len() < bodies.len();
    Some(match (first, some_empty) {
        (Body::Json(ty), false) => SuccessBody::Json(ty.clone()),
        (Body::Json(ty), true) => SuccessBody::JsonOrEmpty(ty.clone()),
        (Body::Text(_), false) => SuccessBody::Text,
        (Body::Raw(_) | Body::Text(_), _) => SuccessBody::Raw,
    })
}

/// An enum with a variant per 2xx status, for statuses that carry different
/// bodies.
fn outcomes(type_name: String, statuses: &[String], bodies: &[Option<Body>], docs: &[&str]) -> Outcomes {
    let mut variant_names = NameSet::default();
    let variants = statuses
        .iter()
        .zip(bodies)
        .zip(docs)
        .map(|((status, body), description)| {
            let code = status.parse::<u16>().ok();
            let variant = variant_names.claim(match code {
                Some(code) => reason_phrase(code).map_or_else(|| format!("Status{code}"), str::to_owned),
                None => "Success".to_owned(),
            });
            let body = match body {
                None => OutcomeBody::Empty,
                Some(Body::Json(ty)) => OutcomeBody::Json(ty.clone()),
                Some(Body::Text(media_type)) => OutcomeBody::Text(media_type.clone()),
                Some(Body::Raw(media_type)) => OutcomeBody::Raw(media_type.clone()),
            };
            Outcome { status: code, variant, body, docs: docs::sanitize(description) }
        })
        .collect();
    Outcomes { type_name, variants }
}

/// The variant name for a 2xx status: its reason phrase (RFC 9110).
fn reason_phrase(code: u16) -> Option<&'static str> {
    Some(match code {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        208 => "AlreadyReported",
        226 => "ImUsed",
        _ => return None,
    })
}

/// An error response body type shared by every operation, if there is one.
pub fn common_error_body(bodies: &[TypeRef]) -> TypeRef {
    match bodies.split_first() {
        Some((first, rest)) if rest.iter().all(|body| body == first) => first.clone(),
        _ => TypeRef::Json,
    }
}
