//! What one broken part of a document takes with it.
//!
//! A problem found while loading (a `$ref` that cannot be followed, a node
//! the typed parse refuses) belongs to the node of the bundled document it
//! is in. When that node is one operation, the operation is left out; a
//! path item, every operation in it; a component schema allows any value;
//! another component (a parameter, a response...) is left out, and so is
//! every operation that uses it, directly or through other components; a
//! security scheme, example, or the document's `tags`, `externalDocs`,
//! `servers` or `security` are left out. Each with a warning that names
//! what was left out and the problem, where it is written.
//!
//! A problem anywhere else (the document's `info`, its `paths` or
//! `components` as a whole, a `$ref` budget spent) makes the document
//! unusable: it is refused, with every such problem.

use std::collections::{BTreeMap, HashMap, HashSet};

/// Unusable components, by pointer, with the problem that makes them so.
type Unusable = BTreeMap<String, SpecProblem>;

use serde_yaml::{Mapping, Value};

use super::bundle::Broken;
use super::origins::Origins;
use super::places::key_text;
use crate::error::SpecProblem;
use crate::pointer::Pointer;
use crate::warning::{LeftOut, Warning, WarningKind};

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The sections whose entries an operation cannot do without: one that
/// uses an unusable entry is left out with it. (Examples, links and
/// callbacks are documentation to the client, and a security scheme is
/// named, not referred to.)
const USED_SECTIONS: &[&str] = &["parameters", "requestBodies", "responses", "headers"];

/// Top-level fields the client can do without.
const OPTIONAL_FIELDS: &[&str] = &["tags", "externalDocs", "servers", "security"];

/// What a problem belongs to.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Owner {
    /// An operation: `paths` or `webhooks`, the item's key, the method.
    Operation(&'static str, String, String),
    /// A whole path item (its parameters, or the item itself, are wrong).
    Item(&'static str, String),
    /// A component: its section and name.
    Component(String, String),
    /// A top-level field the client can do without.
    Field(String),
    /// The document itself.
    Document,
}

impl Owner {
    fn of(bundled: &Pointer) -> Owner {
        let tokens: Vec<String> = bundled.tokens().collect();
        // `paths`, `components` or one of its sections given by a `$ref` that cannot be
        // followed: nothing they hold can be read.
        let unread_container = match tokens.first().map(String::as_str) {
            Some("paths" | "webhooks") => tokens.get(1).is_some_and(|token| token == "$ref"),
            Some("components") => tokens.iter().skip(1).take(2).any(|token| token == "$ref"),
            _ => false,
        };
        if unread_container {
            return Owner::Document;
        }
        let container = match tokens.first().map(String::as_str) {
            Some("paths") => Some("paths"),
            Some("webhooks") => Some("webhooks"),
            _ => None,
        };
        match (container, tokens.as_slice()) {
            (Some(container), [_, item, method, ..]) if METHODS.contains(&method.as_str()) => {
                Owner::Operation(container, item.clone(), method.clone())
            }
            (Some(container), [_, item, ..]) => Owner::Item(container, item.clone()),
            (None, [components, section, name, ..]) if components == "components" => {
                Owner::Component(section.clone(), name.clone())
            }
            (None, [field, ..]) if OPTIONAL_FIELDS.contains(&field.as_str()) => Owner::Field(field.clone()),
            _ => Owner::Document,
        }
    }
}

/// Leaves out of `document` what each of `broken` belongs to, and returns
/// the warnings that say so; `origins` locates them in the files the user
/// wrote (the problems already are). Refuses the document, with every
/// problem, when one of them belongs to the document itself.
pub fn confine(
    document: &mut Value,
    broken: Vec<Broken>,
    origins: &Origins,
) -> Result<Vec<Warning>, Vec<SpecProblem>> {
    if broken.is_empty() {
        return Ok(Vec::new());
    }
    let mut by_owner: BTreeMap<Owner, Vec<SpecProblem>> = BTreeMap::new();
    for Broken { bundled, problem } in broken {
        by_owner.entry(Owner::of(&bundled)).or_default().push(problem);
    }
    if let Some(fatal) = by_owner.remove(&Owner::Document) {
        return Err(fatal);
    }
    let mut warnings = Vec::new();
    let mut warn = |at: &Pointer, kind: WarningKind| {
        let (file, pointer) = origins.locate(at);
        warnings.push(Warning { file, pointer, kind });
    };
    let mut unusable = Unusable::new();
    let mut dropped = Vec::new();
    let components_at = Pointer::root().join("components");
    for (owner, problems) in &by_owner {
        let Owner::Component(section, name) = owner else { continue };
        let at = components_at.join(section).join(name);
        if section == "schemas" {
            if let Some(schema) = entry_mut(document, &["components", section, name]) {
                *schema = Value::Mapping(Mapping::new());
            }
            let detail = format!("{}; the schema allows any value (serde_json::Value)", located(problems));
            warn(&at, WarningKind::SchemaUntyped(detail));
        } else if USED_SECTIONS.contains(&section.as_str()) {
            unusable.insert(at.as_str().to_owned(), problems[0].clone());
        } else {
            dropped.push((at.as_str().to_owned(), problems[0].clone()));
        }
    }
    spread(document, &mut unusable);
    for container in ["paths", "webhooks"] {
        leave_out_operations(document, container, &by_owner, &unusable, &mut warn);
    }
    for (at, problem) in unusable.into_iter().chain(dropped) {
        let pointer = Pointer::from_raw(at);
        let tokens: Vec<String> = pointer.tokens().collect();
        if let Some(Value::Mapping(section)) = entry_mut(document, &["components", &tokens[1]]) {
            section.shift_remove(tokens[2].as_str());
        }
        let detail = format!("left out: {}", located(&[problem]));
        warn(&pointer, WarningKind::PartLeftOut(detail));
    }
    for (owner, problems) in &by_owner {
        let Owner::Field(field) = owner else { continue };
        if let Some(root) = document.as_mapping_mut() {
            root.shift_remove(field.as_str());
        }
        let detail = format!("left out: {}", located(problems));
        warn(&Pointer::root().join(field), WarningKind::PartLeftOut(detail));
    }
    Ok(warnings)
}

/// Leaves out of `container` (`paths` or `webhooks`) each operation that a
/// problem belongs to, or that uses an unusable component, and each path
/// item whose own problem (or parameters) leave all of its operations out.
fn leave_out_operations(
    document: &mut Value,
    container: &'static str,
    by_owner: &BTreeMap<Owner, Vec<SpecProblem>>,
    unusable: &Unusable,
    warn: &mut impl FnMut(&Pointer, WarningKind),
) {
    let Some(items) = document.get_mut(container).and_then(Value::as_mapping_mut) else { return };
    let mut emptied = Vec::new();
    for (key, item) in items.iter_mut() {
        let Some(path) = key_text(key) else { continue };
        let item_at = Pointer::root().join(container).join(&path);
        let item_problem = by_owner
            .get(&Owner::Item(container, path.clone()))
            .map(|problems| problems[0].clone())
            .or_else(|| uses(item.get("parameters"), unusable));
        let mut warned = false;
        if let Some(mapping) = item.as_mapping_mut() {
            for method in METHODS {
                let Some(operation) = mapping.get(*method) else { continue };
                let problem = item_problem.clone().or_else(|| {
                    by_owner
                        .get(&Owner::Operation(container, path.clone(), (*method).to_owned()))
                        .map(|problems| problems[0].clone())
                        .or_else(|| uses(Some(operation), unusable))
                });
                let Some(problem) = problem else { continue };
                let what = match container {
                    "webhooks" => format!("webhook `{path}` ({})", method.to_ascii_uppercase()),
                    _ => format!("`{} {path}`", method.to_ascii_uppercase()),
                };
                warn(&item_at.join(method), WarningKind::OperationLeftOut(LeftOut { what, problem }));
                mapping.remove(*method);
                warned = true;
            }
        }
        if let Some(problem) = item_problem {
            if !warned {
                let detail = format!("the path item `{path}` is left out: {}", located(&[problem]));
                warn(&item_at, WarningKind::PartLeftOut(detail));
            }
            emptied.push(key.clone());
        }
    }
    for key in emptied {
        items.shift_remove(&key);
    }
}

/// The first problem, with its file and pointer, and how many more there are.
fn located(problems: &[SpecProblem]) -> String {
    let first = &problems[0];
    let file = first.file.as_deref().map(|file| format!("{file}: ")).unwrap_or_default();
    match problems.len() {
        1 => format!("{file}{first}"),
        count => format!("{file}{first} (and {} more problems)", count - 1),
    }
}

/// Marks unusable, with the problem of the one it uses, every component
/// that uses an unusable one, through any number of others.
fn spread(document: &Value, unusable: &mut Unusable) {
    let Some(components) = document.get("components") else { return };
    // Who refers to each component.
    let mut users: HashMap<String, Vec<String>> = HashMap::new();
    for section in USED_SECTIONS {
        let Some(entries) = components.get(*section).and_then(Value::as_mapping) else { continue };
        for (name, entry) in entries {
            let Some(name) = key_text(name) else { continue };
            let at = Pointer::root().join("components").join(section).join(&name).as_str().to_owned();
            let mut references = HashSet::new();
            references_in(entry, &mut references);
            for reference in references {
                users.entry(reference).or_default().push(at.clone());
            }
        }
    }
    let mut pending: Vec<String> = unusable.keys().cloned().collect();
    while let Some(component) = pending.pop() {
        let problem = unusable[&component].clone();
        for user in users.get(&component).into_iter().flatten() {
            if !unusable.contains_key(user) {
                unusable.insert(user.clone(), problem.clone());
                pending.push(user.clone());
            }
        }
    }
}

/// The problem of an unusable component `node` refers to, if it refers to one.
fn uses(node: Option<&Value>, unusable: &Unusable) -> Option<SpecProblem> {
    if unusable.is_empty() {
        return None;
    }
    let mut references = HashSet::new();
    references_in(node?, &mut references);
    let mut used: Vec<&String> =
        references.iter().filter(|reference| unusable.contains_key(*reference)).collect();
    used.sort();
    used.first().map(|reference| unusable[*reference].clone())
}

/// Every `$ref` text in `node`.
fn references_in(node: &Value, out: &mut HashSet<String>) {
    let mut pending = vec![node];
    while let Some(node) = pending.pop() {
        match node {
            Value::Mapping(mapping) => {
                if let Some(reference) = mapping.get("$ref").and_then(Value::as_str) {
                    out.insert(reference.to_owned());
                }
                pending.extend(mapping.values());
            }
            Value::Sequence(items) => pending.extend(items),
            _ => {}
        }
    }
}

/// The node under the keys `path`, if every step is a mapping.
fn entry_mut<'v>(document: &'v mut Value, path: &[&str]) -> Option<&'v mut Value> {
    path.iter().try_fold(document, |node, key| node.as_mapping_mut()?.get_mut(*key))
}
