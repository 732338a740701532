//! Operations: the `Client` methods, their arguments, setters and results.

use std::collections::{BTreeMap, BTreeSet};

use super::change::{from_to, Change, Changes, Class};
use super::renames::Candidates;
use super::{bare, json, params};
use crate::description::format::{Body, Operation};
use crate::description::Description;

/// Members of an operation that only name it.
const NAME_KEYS: [&str; 4] = ["id", "method_name", "builder_name", "struct_name"];

/// Adds the changes between the operations of `old` and `new`, keyed by
/// their `Client` method.
pub fn compare(old: &Description, new: &Description, list: &mut Vec<Change>) {
    let old_ops: BTreeMap<&str, &Operation> = by_method(old);
    let new_ops: BTreeMap<&str, &Operation> = by_method(new);
    let mut candidates = Candidates::default();
    for (name, operation) in &old_ops {
        if !new_ops.contains_key(name) {
            candidates.removed(name, json::shape(*operation, &NAME_KEYS));
        }
    }
    for (name, operation) in &new_ops {
        if !old_ops.contains_key(name) {
            candidates.added(name, json::shape(*operation, &NAME_KEYS));
        }
    }
    let renames = candidates.pairs();
    let names: BTreeSet<&str> = old_ops.keys().chain(new_ops.keys()).copied().collect();
    for name in names {
        let mut changes = Changes::new(format!("operation `{}`", bare(name)), list);
        match (old_ops.get(name), new_ops.get(name)) {
            (Some(old), None) => {
                changes.push(
                    Class::Breaking,
                    format!("removed ({}){}", endpoint(old), renames.removed_hint(name)),
                );
            }
            (None, Some(new)) => {
                changes
                    .push(Class::Additive, format!("added ({}){}", endpoint(new), renames.added_hint(name)));
            }
            (Some(old), Some(new)) => operation(old, new, &mut changes),
            (None, None) => {}
        }
    }
}

fn by_method(api: &Description) -> BTreeMap<&str, &Operation> {
    api.operations.iter().map(|operation| (operation.method_name.as_str(), operation)).collect()
}

/// `GET /arrays/{namespace}`.
fn endpoint(operation: &Operation) -> String {
    format!("`{} {}`", operation.http_method, operation.path)
}

fn operation(old: &Operation, new: &Operation, changes: &mut Changes<'_>) {
    let (old_endpoint, new_endpoint) = (endpoint(old), endpoint(new));
    if old_endpoint != new_endpoint {
        changes.push(Class::Breaking, format!("now calls {new_endpoint} instead of {old_endpoint}"));
    }
    if old.builder_name != new.builder_name {
        changes.push(
            Class::Breaking,
            format!("request builder renamed {}", from_to(&old.builder_name, &new.builder_name)),
        );
    }
    if old.struct_name != new.struct_name {
        changes.push(
            Class::Breaking,
            format!("parameters struct renamed {}", from_to(&old.struct_name, &new.struct_name)),
        );
    }
    if old.id != new.id {
        changes.push(
            Class::DocsOnly,
            format!("operation id changed {} (traces name it)", from_to(&old.id, &new.id)),
        );
    }
    if old.deprecated != new.deprecated {
        let what = if new.deprecated { "now deprecated" } else { "no longer deprecated" };
        changes.push(Class::Additive, what);
    }
    if old.docs != new.docs {
        changes.push(Class::DocsOnly, "docs changed");
    }
    if old.tags != new.tags {
        changes.push(
            Class::DocsOnly,
            format!("tags changed {}", from_to(&old.tags.join(", "), &new.tags.join(", "))),
        );
    }
    params::compare(old, new, changes);
    body(old.body.as_ref(), new.body.as_ref(), changes);
    success(old, new, changes);
    errors(old, new, changes);
    let listed = [
        NAME_KEYS.as_slice(),
        &["http_method", "path", "deprecated", "docs", "tags", "params", "body", "success", "errors"],
    ]
    .concat();
    changes.push_unlisted("", json::unlisted_differences(&json::value(old), &json::value(new), &listed));
}

fn body(old: Option<&Body>, new: Option<&Body>, changes: &mut Changes<'_>) {
    match (old, new) {
        (None, None) => {}
        (None, Some(new)) if new.required => {
            changes.push(Class::Breaking, "required request body added (a new positional argument)");
        }
        (None, Some(_)) => changes.push(Class::Additive, "optional request body added (a new setter)"),
        (Some(_), None) => changes.push(Class::Breaking, "request body removed"),
        (Some(old), Some(new)) => {
            if old.required != new.required {
                let what = if new.required { "now required" } else { "now optional" };
                changes.push(Class::Breaking, format!("request body {what}"));
            }
            let (old_type, new_type) = (&old.ty, &new.ty);
            if old_type != new_type {
                changes.push(
                    Class::Breaking,
                    format!("request body type changed {}", from_to(old_type, new_type)),
                );
            }
            if !new.required && old.rust_name != new.rust_name {
                changes.push(
                    Class::Breaking,
                    format!("request body setter renamed {}", from_to(&old.rust_name, &new.rust_name)),
                );
            }
            if old.content_type != new.content_type {
                changes.push(
                    Class::Breaking,
                    format!(
                        "request body content type changed {}",
                        from_to(&old.content_type, &new.content_type)
                    ),
                );
            }
            if old.docs != new.docs {
                changes.push(Class::DocsOnly, "docs of the request body changed");
            }
            let listed = ["rust_name", "ty", "required", "content_type", "docs"];
            let unlisted = json::unlisted_differences(&json::value(old), &json::value(new), &listed);
            changes.push_unlisted("request body: ", unlisted);
        }
    }
}

fn success(old: &Operation, new: &Operation, changes: &mut Changes<'_>) {
    let (old_type, new_type) = (&old.success.ty, &new.success.ty);
    if old_type != new_type {
        changes.push(Class::Breaking, format!("success type changed {}", from_to(old_type, new_type)));
    }
    let (old_success, new_success) = (&old.success, &new.success);
    if old_success.accept != new_success.accept {
        changes.push(
            Class::Breaking,
            format!("`Accept` changed {}", from_to(&old_success.accept, &new_success.accept)),
        );
    }
    let old_alternatives: BTreeMap<&str, &str> =
        old_success.alternatives.iter().map(|a| (a.method_name.as_str(), a.media_type.as_str())).collect();
    let new_alternatives: BTreeMap<&str, &str> =
        new_success.alternatives.iter().map(|a| (a.method_name.as_str(), a.media_type.as_str())).collect();
    for (method, media_type) in &old_alternatives {
        match new_alternatives.get(method) {
            None => {
                changes.push(Class::Breaking, format!("builder method `{method}` (`{media_type}`) removed"))
            }
            Some(new_type) if new_type != media_type => changes.push(
                Class::Breaking,
                format!("builder method `{method}` now asks for `{new_type}` instead of `{media_type}`"),
            ),
            Some(_) => {}
        }
    }
    for (method, media_type) in
        new_alternatives.iter().filter(|(method, _)| !old_alternatives.contains_key(*method))
    {
        changes.push(Class::Additive, format!("builder method `{method}` (`{media_type}`) added"));
    }
    if old_success.docs != new_success.docs {
        changes.push(Class::DocsOnly, "docs of the success response changed");
    }
    let listed = ["ty", "accept", "alternatives", "docs"];
    let unlisted = json::unlisted_differences(&json::value(old_success), &json::value(new_success), &listed);
    changes.push_unlisted("success response: ", unlisted);
}

/// Documented error responses: they only feed the docs, unless the IR
/// gives them more than a status and a description.
fn errors(old: &Operation, new: &Operation, changes: &mut Changes<'_>) {
    let old_errors: BTreeMap<&str, _> = old.errors.iter().map(|e| (e.status.as_str(), e)).collect();
    let new_errors: BTreeMap<&str, _> = new.errors.iter().map(|e| (e.status.as_str(), e)).collect();
    for (status, error) in &old_errors {
        match new_errors.get(status) {
            None => changes.push(Class::DocsOnly, format!("error response `{status}` no longer documented")),
            Some(new_error) => {
                if error.docs != new_error.docs {
                    changes.push(Class::DocsOnly, format!("docs of error response `{status}` changed"));
                }
                let unlisted = json::unlisted_differences(
                    &json::value(*error),
                    &json::value(*new_error),
                    &["status", "docs"],
                );
                changes.push_unlisted(&format!("error response `{status}`: "), unlisted);
            }
        }
    }
    for status in new_errors.keys().filter(|status| !old_errors.contains_key(*status)) {
        changes.push(Class::DocsOnly, format!("error response `{status}` now documented"));
    }
}
