//! The parts of a document the typed parse refuses, found so that they
//! alone are given up.
//!
//! A schema the parser refuses (`required: yes`, `enum` values of the
//! wrong type) allows any value instead, with a warning: the innermost
//! such schema, so its neighbours keep their types. What still does not
//! parse is reported per operation, path item, component or top-level
//! field, for [`super::confine`] to leave out.

use openapiv3::{
    Callback, Example, ExternalDocumentation, Header, Link, Parameter, PathItem, ReferenceOr, RequestBody,
    Response, Schema, SecurityRequirement, SecurityScheme, Server, Tag,
};
use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

use super::locate;
use super::places::key_text;
use crate::pointer::Pointer;
use crate::warning::{Warning, WarningKind};

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// A node that does not parse: the node it belongs to (what is left out),
/// where it goes wrong, and the parser's message.
pub struct Unparsable {
    pub owner: Pointer,
    pub at: Pointer,
    pub message: String,
}

/// Makes every schema of `document` that the parser refuses allow any
/// value; returns the warnings, located in the bundled document.
pub fn schemas(document: &mut Value) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let root = Pointer::root();
    for container in ["paths", "webhooks"] {
        for (path, item) in entries_mut(document.get_mut(container)) {
            let item_at = root.join(container).join(&path);
            parameters(item.get_mut("parameters"), &item_at.join("parameters"), &mut warnings);
            for method in METHODS {
                let Some(operation) = item.get_mut(*method) else { continue };
                let at = item_at.join(method);
                parameters(operation.get_mut("parameters"), &at.join("parameters"), &mut warnings);
                if let Some(body) = operation.get_mut("requestBody") {
                    content(body, &at.join("requestBody"), &mut warnings);
                }
                for (status, response) in entries_mut(operation.get_mut("responses")) {
                    self::response(response, &at.join("responses").join(&status), &mut warnings);
                }
            }
        }
    }
    let components_at = root.join("components");
    let components = document.get_mut("components");
    let Some(components) = components.and_then(Value::as_mapping_mut) else { return warnings };
    for (section, entries) in components.iter_mut() {
        let Some(section) = key_text(section) else { continue };
        let section_at = components_at.join(&section);
        for (name, entry) in entries_mut(Some(entries)) {
            let at = section_at.join(&name);
            match section.as_str() {
                "schemas" => schema(entry, &at, &mut warnings),
                "parameters" | "headers" => parameter(entry, &at, &mut warnings),
                "requestBodies" => content(entry, &at, &mut warnings),
                "responses" => response(entry, &at, &mut warnings),
                _ => {}
            }
        }
    }
    warnings
}

/// Every operation, path item, component and top-level field of `document`
/// that does not parse, after [`schemas`].
pub fn unparsable(document: &Value) -> Vec<Unparsable> {
    let mut found = Vec::new();
    let root = Pointer::root();
    for container in ["paths", "webhooks"] {
        let Some(items) = document.get(container) else { continue };
        let container_at = root.join(container);
        for (path, item) in locate::entries(Some(items)) {
            let item_at = container_at.join(&path);
            let mut operations_parse = true;
            for method in METHODS {
                let Some(operation) = item.get(*method) else { continue };
                let at = item_at.join(method);
                if let Some((failed_at, message)) = locate::operation_failure(operation, &at) {
                    found.push(Unparsable { owner: at, at: failed_at, message });
                    operations_parse = false;
                }
            }
            if !operations_parse {
                continue;
            }
            let failure = locate::list_failure::<ReferenceOr<Parameter>>(
                item.get("parameters"),
                &item_at.join("parameters"),
            )
            .or_else(|| locate::failure::<PathItem>(item, &item_at));
            if let Some((at, message)) = failure {
                found.push(Unparsable { owner: item_at, at, message });
            }
        }
    }
    let components_at = root.join("components");
    let sections: [(&str, locate::Check); 9] = [
        ("schemas", locate::failure::<ReferenceOr<Schema>>),
        ("parameters", locate::failure::<ReferenceOr<Parameter>>),
        ("requestBodies", locate::failure::<ReferenceOr<RequestBody>>),
        ("responses", locate::failure::<ReferenceOr<Response>>),
        ("headers", locate::failure::<ReferenceOr<Header>>),
        ("securitySchemes", locate::failure::<ReferenceOr<SecurityScheme>>),
        ("examples", locate::failure::<ReferenceOr<Example>>),
        ("links", locate::failure::<ReferenceOr<Link>>),
        ("callbacks", locate::failure::<ReferenceOr<Callback>>),
    ];
    let components = document.get("components");
    for (section, check) in sections {
        let section_at = components_at.join(section);
        for (name, entry) in locate::entries(components.and_then(|components| components.get(section))) {
            let owner = section_at.join(&name);
            if let Some((at, message)) = check(entry, &owner) {
                found.push(Unparsable { owner, at, message });
            }
        }
    }
    let fields: [(&str, locate::Check); 4] = [
        ("tags", locate::failure::<Vec<Tag>>),
        ("externalDocs", locate::failure::<ExternalDocumentation>),
        ("servers", locate::failure::<Vec<Server>>),
        ("security", locate::failure::<Vec<SecurityRequirement>>),
    ];
    for (field, check) in fields {
        let at = root.join(field);
        if let Some((failed_at, message)) = document.get(field).and_then(|value| check(value, &at)) {
            found.push(Unparsable { owner: at, at: failed_at, message });
        }
    }
    found
}

fn parameters(list: Option<&mut Value>, at: &Pointer, warnings: &mut Vec<Warning>) {
    let Some(items) = list.and_then(Value::as_sequence_mut) else { return };
    for (index, item) in items.iter_mut().enumerate() {
        parameter(item, &at.join(index.to_string()), warnings);
    }
}

/// A parameter or header: its `schema`, or the schemas of its `content`.
fn parameter(node: &mut Value, at: &Pointer, warnings: &mut Vec<Warning>) {
    if let Some(found) = node.get_mut("schema") {
        schema(found, &at.join("schema"), warnings);
    }
    content(node, at, warnings);
}

fn response(node: &mut Value, at: &Pointer, warnings: &mut Vec<Warning>) {
    for (name, header) in entries_mut(node.get_mut("headers")) {
        parameter(header, &at.join("headers").join(&name), warnings);
    }
    content(node, at, warnings);
}

/// The schemas of a node's `content`.
fn content(node: &mut Value, at: &Pointer, warnings: &mut Vec<Warning>) {
    for (media_type, media) in entries_mut(node.get_mut("content")) {
        if let Some(found) = media.get_mut("schema") {
            schema(found, &at.join("content").join(&media_type).join("schema"), warnings);
        }
    }
}

/// A schema that does not parse allows any value, once the schemas inside
/// it had their chance.
fn schema(node: &mut Value, at: &Pointer, warnings: &mut Vec<Warning>) {
    if parses::<ReferenceOr<Schema>>(node) {
        return;
    }
    for keyword in ["items", "not", "additionalProperties"] {
        if let Some(child) = node.get_mut(keyword).filter(|child| child.is_mapping()) {
            schema(child, &at.join(keyword), warnings);
        }
    }
    for (name, property) in entries_mut(node.get_mut("properties")) {
        schema(property, &at.join("properties").join(&name), warnings);
    }
    for keyword in ["allOf", "oneOf", "anyOf"] {
        let Some(members) = node.get_mut(keyword).and_then(Value::as_sequence_mut) else { continue };
        for (index, member) in members.iter_mut().enumerate() {
            schema(member, &at.join(keyword).join(index.to_string()), warnings);
        }
    }
    let Err(error) = serde_yaml::from_value::<ReferenceOr<Schema>>(node.clone()) else { return };
    *node = Value::Mapping(Mapping::new());
    let detail = format!("the schema cannot be read ({error}); it allows any value (serde_json::Value)");
    warnings.push(Warning::new(at, WarningKind::SchemaUntyped(detail)));
}

fn parses<T: DeserializeOwned>(node: &Value) -> bool {
    serde_yaml::from_value::<T>(node.clone()).is_ok()
}

/// The entries of a mapping, keys as text, to change in place.
fn entries_mut(node: Option<&mut Value>) -> Vec<(String, &mut Value)> {
    let Some(mapping) = node.and_then(Value::as_mapping_mut) else { return Vec::new() };
    mapping.iter_mut().filter_map(|(key, value)| Some((key_text(key)?, value))).collect()
}
