//! OpenAPI 3.1 webhooks: requests the API sends to a server of the
//! caller's. The client sends none of them, so they are not methods; what
//! the caller needs is the type of each payload, to decode what arrives.

use indexmap::IndexMap;
use openapiv3::PathItem;

use super::responses::is_json;
use super::types::TypeSpace;
use super::{docs, operations};
use crate::error::SpecProblem;
use crate::ir::{TypeRef, Webhook};
use crate::pointer::Pointer;
use crate::warning::{LeftOut, WarningKind};

/// Every webhook operation, in spec order, with its payload typed.
/// One whose payload cannot be typed is left out, with a warning.
pub fn webhooks<'a>(types: &mut TypeSpace<'a>, webhooks: &'a IndexMap<String, PathItem>) -> Vec<Webhook> {
    let mut found = Vec::new();
    for (name, item) in webhooks {
        let item_at = Pointer::root().join("webhooks").join(name);
        for (method, operation) in item.iter() {
            let at = item_at.join(method);
            let hint = match &operation.operation_id {
                Some(id) => format!("{id} payload"),
                None => format!("{name} {method} payload"),
            };
            let mark = types.mark();
            match payload(types, operation, &at, &hint) {
                Ok(payload) => found.push(Webhook {
                    name: name.clone(),
                    http_method: operations::http_method(method),
                    docs: docs::join([
                        operation.summary.as_deref().or(item.summary.as_deref()),
                        operation.description.as_deref().or(item.description.as_deref()),
                    ]),
                    payload,
                }),
                Err(problem) => {
                    types.rollback(mark);
                    let what = format!("webhook `{name}` ({})", method.to_ascii_uppercase());
                    types.warn(&at, WarningKind::OperationLeftOut(LeftOut { what, problem }));
                }
            }
        }
    }
    found
}

/// The type of a webhook's body: its JSON media type's schema, else the
/// only one's.
fn payload<'a>(
    types: &mut TypeSpace<'a>,
    operation: &'a openapiv3::Operation,
    at: &Pointer,
    hint: &str,
) -> Result<Option<TypeRef>, SpecProblem> {
    let Some(body) = &operation.request_body else { return Ok(None) };
    let (body, defined_at) = types.refs.resolve(body, &at.join("requestBody"))?;
    let media = body.content.iter().find(|(media_type, _)| is_json(media_type));
    let media = match media {
        Some(json) => Some(json),
        None if body.content.len() == 1 => body.content.iter().next(),
        None => None,
    };
    let Some((media_type, media)) = media else { return Ok(None) };
    let Some(schema) = &media.schema else { return Ok(None) };
    let schema_at = defined_at.join("content").join(media_type).join("schema");
    let typed = types.type_of(schema.into(), hint, &schema_at)?;
    Ok(Some(if typed.nullable { TypeRef::Option(Box::new(typed.ty)) } else { typed.ty }))
}
