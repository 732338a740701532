//! Finds where a spec that does not parse goes wrong.
//!
//! `openapiv3` uses flattened and untagged types throughout, and serde's
//! error path stops at the first of them (often `#/paths`). This walks the
//! well-known containers (path items, operations, their parameters, request
//! bodies and responses, and the `components` sections) and parses each on
//! its own, so the reported pointer is the innermost node that is wrong.

use openapiv3::{
    Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Responses, Schema, SecurityScheme,
};
use serde::de::DeserializeOwned;
use serde_yaml::Value;

use crate::pointer::Pointer;

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Where parsing failed, and the parser's message.
type Failure = (Pointer, String);

/// Parses one node as a given OpenAPI type.
pub(super) type Check = fn(&Value, &Pointer) -> Option<Failure>;

/// The innermost well-known node that fails to parse, with the parser's
/// message; `None` when every such node parses.
pub fn deepest_failure(root: &Value) -> Option<Failure> {
    let root_at = Pointer::root();
    let items = ["paths", "webhooks"]
        .into_iter()
        .flat_map(|container| entries(root.get(container)).into_iter().map(move |entry| (container, entry)));
    for (container, (path, item)) in items {
        let at = root_at.join(container).join(&path);
        for method in METHODS {
            if let Some(operation) = item.get(*method) {
                if let Some(failure) = operation_failure(operation, &at.join(method)) {
                    return Some(failure);
                }
            }
        }
        if let Some(failure) =
            list_failure::<ReferenceOr<Parameter>>(item.get("parameters"), &at.join("parameters"))
        {
            return Some(failure);
        }
        if let Some(failure) = failure::<PathItem>(item, &at) {
            return Some(failure);
        }
    }
    let components = root.get("components");
    let sections: [(&str, Check); 5] = [
        ("schemas", failure::<ReferenceOr<Schema>>),
        ("parameters", failure::<ReferenceOr<Parameter>>),
        ("requestBodies", failure::<ReferenceOr<RequestBody>>),
        ("responses", failure::<ReferenceOr<Response>>),
        ("securitySchemes", failure::<ReferenceOr<SecurityScheme>>),
    ];
    for (section, check) in sections {
        let section_at = root_at.join("components").join(section);
        for (name, value) in entries(components.and_then(|components| components.get(section))) {
            if let Some(failure) = check(value, &section_at.join(&name)) {
                return Some(failure);
            }
        }
    }
    None
}

pub(super) fn operation_failure(operation: &Value, at: &Pointer) -> Option<Failure> {
    if let Some(failure) =
        list_failure::<ReferenceOr<Parameter>>(operation.get("parameters"), &at.join("parameters"))
    {
        return Some(failure);
    }
    if let Some(body) = operation.get("requestBody") {
        if let Some(failure) = failure::<ReferenceOr<RequestBody>>(body, &at.join("requestBody")) {
            return Some(failure);
        }
    }
    if let Some(responses) = operation.get("responses") {
        let responses_at = at.join("responses");
        for (status, response) in entries(Some(responses)) {
            if let Some(failure) = failure::<ReferenceOr<Response>>(response, &responses_at.join(&status)) {
                return Some(failure);
            }
        }
        if let Some(failure) = failure::<Responses>(responses, &responses_at) {
            return Some(failure);
        }
    }
    failure::<Operation>(operation, at)
}

pub(super) fn list_failure<T: DeserializeOwned>(list: Option<&Value>, at: &Pointer) -> Option<Failure> {
    let items = list?.as_sequence()?;
    items.iter().enumerate().find_map(|(index, item)| failure::<T>(item, &at.join(index.to_string())))
}

pub(super) fn failure<T: DeserializeOwned>(value: &Value, at: &Pointer) -> Option<Failure> {
    serde_yaml::from_value::<T>(value.clone()).err().map(|error| (at.clone(), error.to_string()))
}

/// The entries of a mapping, keys as text (YAML allows `200:` as an integer).
pub(super) fn entries(mapping: Option<&Value>) -> Vec<(String, &Value)> {
    let Some(mapping) = mapping.and_then(Value::as_mapping) else {
        return Vec::new();
    };
    mapping
        .iter()
        .map(|(key, value)| {
            let key = match key {
                Value::String(text) => text.clone(),
                other => serde_yaml::to_string(other).unwrap_or_default().trim().to_owned(),
            };
            (key, value)
        })
        .collect()
}
