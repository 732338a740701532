//! Operation parameters: merging path-level and operation-level ones,
//! typing them, and deciding their Rust names and wire layout.

use openapiv3::{Parameter, ParameterData, ParameterSchemaOrContent, PathItem, QueryStyle, ReferenceOr};

use super::docs;
use super::names::{self, NameSet};
use super::shape::Node;
use super::types::TypeSpace;
use crate::error::SpecProblem;
use crate::ir::{ListLayout, Literal, Param, ParamLocation, TypeRef};
use crate::load::LIST_SEPARATOR;
use crate::pointer::Pointer;
use crate::warning::WarningKind;

/// Headers OpenAPI 3.0 says a parameter definition must not describe: the
/// body's media type, content negotiation and credentials have their own
/// fields.
const IGNORED_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

/// The parameters that apply to an operation, each with the pointer of its
/// definition: the path item's, replaced by the operation's own where both
/// define the same name and location.
pub fn applicable<'a>(
    types: &TypeSpace<'a>,
    path_item: &'a PathItem,
    path_at: &Pointer,
    operation: &'a openapiv3::Operation,
    op_at: &Pointer,
) -> Result<Vec<(&'a Parameter, Pointer)>, SpecProblem> {
    let mut resolved: Vec<(&'a Parameter, Pointer)> = Vec::new();
    let levels = [(&path_item.parameters, path_at), (&operation.parameters, op_at)];
    for (parameters, level_at) in levels {
        for (index, parameter) in parameters.iter().enumerate() {
            let at = level_at.join("parameters").join(index.to_string());
            let (parameter, defined_at) = types.refs.resolve(parameter, &at)?;
            let key = identity(parameter);
            resolved.retain(|(existing, _)| identity(existing) != key);
            resolved.push((parameter, defined_at));
        }
    }
    Ok(resolved)
}

/// Parameters are identified by name and location.
fn identity(parameter: &Parameter) -> (String, &'static str) {
    let (data, location) = match parameter {
        Parameter::Query { parameter_data, .. } => (parameter_data, "query"),
        Parameter::Header { parameter_data, .. } => (parameter_data, "header"),
        Parameter::Path { parameter_data, .. } => (parameter_data, "path"),
        Parameter::Cookie { parameter_data, .. } => (parameter_data, "cookie"),
    };
    let name = if location == "header" { data.name.to_ascii_lowercase() } else { data.name.clone() };
    (name, location)
}

/// Whether `parameter` is a `Content-Type` header: not an argument (OpenAPI
/// 3.0 says to ignore it), but a sign that the server reads the
/// representation from that header even on requests without a body.
pub fn is_content_type_header(parameter: &Parameter) -> bool {
    matches!(parameter, Parameter::Header { parameter_data, .. } if parameter_data.name.eq_ignore_ascii_case("content-type"))
}

/// Types one parameter and names it; `None` for headers OpenAPI says to
/// ignore. `type_hint` prefixes names of inline types (the operation's type
/// name).
pub fn param<'a>(
    types: &mut TypeSpace<'a>,
    parameter: &'a Parameter,
    at: &Pointer,
    type_hint: &str,
    rust_names: &mut NameSet,
) -> Result<Option<Param>, SpecProblem> {
    let (data, location, layout_of_list) = match parameter {
        Parameter::Path { parameter_data, .. } => (parameter_data, ParamLocation::Path, None),
        Parameter::Query { parameter_data, style, .. } => {
            let layout = match style {
                QueryStyle::Form if parameter_data.explode.unwrap_or(true) => ListLayout::Repeated,
                QueryStyle::Form => ListLayout::Joined(','),
                QueryStyle::SpaceDelimited => ListLayout::Joined(' '),
                QueryStyle::PipeDelimited => ListLayout::Joined('|'),
                QueryStyle::DeepObject => ListLayout::DeepObject,
            };
            (parameter_data, ParamLocation::Query, Some(layout))
        }
        Parameter::Header { parameter_data, .. } => {
            if IGNORED_HEADERS.contains(&parameter_data.name.to_ascii_lowercase().as_str()) {
                return Ok(None);
            }
            (parameter_data, ParamLocation::Header, Some(ListLayout::Joined(',')))
        }
        Parameter::Cookie { parameter_data, .. } => {
            (parameter_data, ParamLocation::Cookie, Some(ListLayout::Joined(',')))
        }
    };
    let hint = format!("{type_hint}{}", names::camel(&data.name, "Param"));
    let (mut ty, typed_at) = match &data.format {
        ParameterSchemaOrContent::Schema(schema) => {
            let schema_at = at.join("schema");
            (types.type_of(Node::from(schema), &hint, &schema_at)?.ty, schema_at)
        }
        ParameterSchemaOrContent::Content(content) => content_type(types, content, &hint, at)?,
    };
    let separator = data.extensions.get(LIST_SEPARATOR).and_then(serde_json::Value::as_str);
    let layout_of_list = match (layout_of_list, separator.and_then(single_char)) {
        (Some(ListLayout::DeepObject), _) => Some(ListLayout::DeepObject),
        (Some(_), Some(separator)) => Some(ListLayout::Joined(separator)),
        (layout, _) => layout,
    };
    let layout = match (&ty, layout_of_list) {
        // Any value can be spelled out in brackets: objects, maps, lists
        // and unions of them.
        (_, Some(ListLayout::DeepObject)) => ListLayout::DeepObject,
        (TypeRef::List(item), Some(layout)) if item.is_scalar(&types.kind_of()) => layout,
        (ty, _) if ty.is_scalar(&types.kind_of()) => ListLayout::Single,
        (ty, Some(layout)) if ty.is_one_or_many(&types.kind_of()) => layout,
        _ => {
            let detail = format!(
                "a {} parameter of this type has no wire form this client knows; it takes the text to send",
                location.as_str()
            );
            types.warn(&typed_at, WarningKind::ParameterAsString(detail));
            ty = TypeRef::String;
            ListLayout::Single
        }
    };
    let required = data.required || location == ParamLocation::Path;
    Ok(Some(Param {
        wire_name: data.name.clone(),
        rust_name: claim_name(rust_names, &data.name, location),
        location,
        required,
        into: ty.is_union(&types.kind_of()),
        ty,
        layout,
        docs: param_docs(data),
        example: param_example(data),
    }))
}

/// The parameter's example (or its schema's), when it is a scalar.
fn param_example(data: &ParameterData) -> Option<Literal> {
    let schema_example = match &data.format {
        ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => schema.schema_data.example.as_ref(),
        _ => None,
    };
    match data.example.as_ref().or(schema_example)? {
        serde_json::Value::String(text) => Some(Literal::String(text.clone())),
        serde_json::Value::Bool(flag) => Some(Literal::Bool(*flag)),
        serde_json::Value::Number(number) => match number.as_i64() {
            Some(int) => Some(Literal::Int(i128::from(int))),
            None => number.as_f64().map(Literal::Float),
        },
        _ => None,
    }
}

/// The type of a parameter described by `content` (a media type and a
/// schema): a scalar as it is; anything else, JSON say, as the text the
/// caller encodes, with a warning.
fn content_type<'a>(
    types: &mut TypeSpace<'a>,
    content: &'a indexmap::IndexMap<String, openapiv3::MediaType>,
    hint: &str,
    at: &Pointer,
) -> Result<(TypeRef, Pointer), SpecProblem> {
    let Some((media_type, media)) = content.iter().next() else {
        return Err(SpecProblem::invalid(
            &at.join("content"),
            "a parameter's `content` must name one media type",
        ));
    };
    let media_at = at.join("content").join(media_type);
    let typed = match &media.schema {
        Some(schema) => Some(types.type_of(Node::from(schema), hint, &media_at.join("schema"))?.ty),
        None => None,
    };
    match typed {
        Some(ty) if ty.is_scalar(&types.kind_of()) && !super::responses::is_json(media_type) => {
            Ok((ty, media_at))
        }
        _ => {
            let detail = format!(
                "a parameter described by `content` ({media_type}); it takes the {media_type} text to send"
            );
            types.warn(&media_at, WarningKind::ParameterAsString(detail));
            Ok((TypeRef::String, media_at))
        }
    }
}

fn single_char(text: &str) -> Option<char> {
    let mut chars = text.chars();
    let first = chars.next()?;
    chars.next().is_none().then_some(first)
}

/// The parameter's Rust name. When the plain name is taken (`id` in the
/// path and `id` in the query), the location says which is which: `id_query`.
fn claim_name(rust_names: &mut NameSet, wire_name: &str, location: ParamLocation) -> String {
    let plain = names::snake(wire_name, "param");
    if !rust_names.is_taken(&plain) {
        return rust_names.claim(plain);
    }
    let location = match location {
        ParamLocation::Form => "field",
        other => other.as_str(),
    };
    rust_names.claim(names::snake(&format!("{wire_name} {location}"), "param"))
}

fn param_docs(data: &ParameterData) -> String {
    let default = match &data.format {
        ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => schema.schema_data.default.as_ref(),
        _ => None,
    };
    let default_note = default.map(|value| format!("The server uses `{value}` when this is not set."));
    docs::join([
        data.description.as_deref(),
        default_note.as_deref(),
        (data.deprecated == Some(true)).then_some("Deprecated."),
    ])
}
