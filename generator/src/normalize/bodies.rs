//! Request bodies: which media type the client sends, and how.
//!
//! One body can be offered in several media types; the client sends the
//! first it supports in this order of preference: JSON (typed), a form
//! (URL-encoded, then multipart), text, then anything else as bytes. A form's
//! properties become parameters of their own, so they are passed like query
//! parameters (required ones positional, optional ones by setter) rather
//! than through a struct built for the one call.

use std::collections::HashSet;

use openapiv3::{MediaType, QueryStyle, ReferenceOr, Schema};

use super::docs;
use super::names::{self, NameSet};
use super::objects;
use super::refs;
use super::responses::is_json;
use super::shape::{Node, Shape};
use super::types::TypeSpace;
use crate::error::SpecProblem;
use crate::ir::{Body, BodyEncoding, FormEncoding, ListLayout, Param, ParamLocation, TypeRef};
use crate::pointer::Pointer;
use crate::warning::WarningKind;

/// What an operation's `requestBody` becomes.
#[derive(Default)]
pub struct RequestBody {
    /// A body passed as one value.
    pub body: Option<Body>,
    /// A form: how it is encoded, and its fields as parameters.
    pub form: Option<(FormEncoding, Vec<Param>)>,
}

const URL_ENCODED: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

/// How much a media type is preferred; lower is better.
fn preference(media_type: &str) -> u8 {
    let essence = essence(media_type);
    if is_json(media_type) {
        0
    } else if essence == URL_ENCODED {
        1
    } else if essence == MULTIPART {
        2
    } else if essence.starts_with("text/") {
        3
    } else {
        4
    }
}

fn essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// The body of `operation`, defined at `at`.
pub fn request_body<'a>(
    types: &mut TypeSpace<'a>,
    operation: &'a openapiv3::Operation,
    at: &Pointer,
    type_hint: &str,
    rust_names: &mut NameSet,
) -> Result<RequestBody, SpecProblem> {
    let Some(request_body) = &operation.request_body else {
        return Ok(RequestBody::default());
    };
    let (request_body, defined_at) = types.refs.resolve(request_body, &at.join("requestBody"))?;
    let Some((media_type, media)) =
        request_body.content.iter().min_by_key(|(media_type, _)| preference(media_type))
    else {
        return Ok(RequestBody::default());
    };
    let media_at = defined_at.join("content").join(media_type);
    let others: Vec<&str> =
        request_body.content.keys().map(String::as_str).filter(|other| other != media_type).collect();
    let also = (!others.is_empty()).then(|| {
        format!(
            "The server also accepts this body as {}; this client sends `{media_type}`.",
            quoted_list(&others)
        )
    });
    let docs = docs::join([request_body.description.as_deref(), also.as_deref()]);
    let encoding = match preference(media_type) {
        1 => Some(FormEncoding::UrlEncoded),
        2 => Some(FormEncoding::Multipart),
        _ => None,
    };
    if let Some(encoding) = encoding {
        if let Some(fields) = form_fields(types, media, &media_at, at, type_hint, rust_names)? {
            return Ok(RequestBody { body: None, form: Some((encoding, fields)) });
        }
    }
    let (ty, encoding) = match preference(media_type) {
        0 => {
            let ty = match &media.schema {
                Some(schema) => {
                    types
                        .type_of(Node::from(schema), &format!("{type_hint}Body"), &media_at.join("schema"))?
                        .ty
                }
                None => TypeRef::Json,
            };
            types.examples.record_bodies(&types.refs, media, &media_at, &ty, true);
            (ty, BodyEncoding::Json)
        }
        // A form whose fields are unknown: the caller writes it.
        1 | 3 => (TypeRef::String, BodyEncoding::Text),
        _ => (TypeRef::Bytes, BodyEncoding::Binary),
    };
    let name = operation
        .extensions
        .get("x-codegen-request-body-name")
        .and_then(serde_json::Value::as_str)
        .unwrap_or("body");
    let content_type = if media_type == "*/*" { "application/json" } else { media_type.as_str() };
    Ok(RequestBody {
        body: Some(Body {
            rust_name: rust_names.claim(names::snake(name, "body")),
            ty,
            required: request_body.required,
            content_type: content_type.to_owned(),
            encoding,
            docs,
        }),
        form: None,
    })
}

fn quoted_list(items: &[&str]) -> String {
    items.iter().map(|item| format!("`{item}`")).collect::<Vec<_>>().join(", ")
}

/// The properties of a form's schema (the media type at `at`, of the
/// operation at `operation_at`), as parameters. Binary strings
/// (`format: binary`, which the loader makes of Swagger 2.0's `type: file`
/// and OpenAPI 3.1's `contentEncoding: binary` and `contentMediaType`) are
/// file parts. `None`, with a warning, when the schema names no fields
/// (none at all, or not an object): the body is then passed as written.
fn form_fields<'a>(
    types: &mut TypeSpace<'a>,
    media: &'a MediaType,
    at: &Pointer,
    operation_at: &Pointer,
    type_hint: &str,
    rust_names: &mut NameSet,
) -> Result<Option<Vec<Param>>, SpecProblem> {
    let schema_at = at.join("schema");
    let untyped = |types: &mut TypeSpace<'a>, at: &Pointer, why: &str| {
        let detail = format!(
            "a form body whose schema {why}; the client takes the encoded body (for multipart, set its \
             Content-Type with the boundary through `header`)"
        );
        types.warn(at, WarningKind::UntypedForm(detail));
        Ok(None)
    };
    let Some(schema) = &media.schema else {
        return untyped(types, at, "names no fields");
    };
    let (schema, defined_at) = types.refs.resolve(schema, &schema_at)?;
    let Shape::Object(object) = *types.shape(schema) else {
        return untyped(types, &defined_at, "names no fields");
    };
    // The fields of a form written elsewhere (a request body or schema
    // component) are copied into each operation that uses it.
    let (fields, text) =
        if defined_at.is_within(operation_at) { (0, 0) } else { objects::copy_cost(object.properties) };
    if !types.copy_fields(fields, text) {
        let why = format!(
            "names more fields than are left to copy (a spec's forms and `allOf`s may copy {} fields and \
             {} bytes of descriptions in all)",
            objects::MAX_COPIED_FIELDS,
            objects::MAX_COPIED_TEXT
        );
        return untyped(types, at, &why);
    }
    let required: HashSet<&str> = object.required.iter().map(String::as_str).collect();
    let mut fields = Vec::new();
    for (wire_name, property) in object.properties {
        let property_at = defined_at.join("properties").join(wire_name);
        let file = is_binary(types, property.into());
        let ty = if file {
            TypeRef::File
        } else {
            let hint = format!("{type_hint}{}", names::camel(wire_name, "Field"));
            types.type_of(property.into(), &hint, &property_at)?.ty
        };
        let description = match property {
            ReferenceOr::Item(schema) => schema.schema_data.description.as_deref(),
            ReferenceOr::Reference { .. } => None,
        };
        // `style: deepObject` in the field's encoding: its list items are
        // numbered (`items[0][price]`) wherever they are.
        let deep = media.encoding.get(wire_name).and_then(|encoding| encoding.style.as_ref());
        let layout = match deep {
            Some(QueryStyle::DeepObject) => ListLayout::DeepObject,
            _ => ListLayout::Single,
        };
        fields.push(Param {
            wire_name: wire_name.clone(),
            rust_name: rust_names.claim(names::snake(wire_name, "field")),
            location: ParamLocation::Form,
            required: required.contains(wire_name.as_str()),
            into: file,
            ty,
            layout,
            docs: docs::join([description]),
            example: None,
        });
    }
    Ok(Some(fields))
}

/// Whether a form field is a file: `type: string, format: binary`.
fn is_binary<'a>(types: &TypeSpace<'a>, node: Node<'a>) -> bool {
    let schema = match node {
        Node::Inline(schema) => schema,
        Node::Ref(reference) => {
            let Ok(name) = refs::component_name::<Schema>(reference, &Pointer::root()) else { return false };
            match types.api.components.as_ref().and_then(|components| components.schemas.get(&name)) {
                Some(ReferenceOr::Item(schema)) => schema,
                _ => return false,
            }
        }
    };
    matches!(&*types.shape(schema), Shape::String { format: Some(format), .. } if format == "binary")
}
