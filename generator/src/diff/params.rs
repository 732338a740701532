//! Parameters: required ones are positional arguments of the `Client`
//! method, in order; optional ones are setters on the request builder.

use std::collections::BTreeMap;

use super::change::{from_to, Changes, Class};
use super::renames::Candidates;
use super::{bare, json};
use crate::description::format::{Operation, Param};

/// Adds the changes between the parameters of two versions of an operation,
/// keyed by their Rust name (the setter, for optional ones).
pub fn compare(old: &Operation, new: &Operation, changes: &mut Changes<'_>) {
    const PARAM_NAME_KEYS: [&str; 3] = ["rust_name", "wire_name", "docs"];
    let old_params: BTreeMap<&str, &Param> = old.params.iter().map(|p| (p.rust_name.as_str(), p)).collect();
    let new_params: BTreeMap<&str, &Param> = new.params.iter().map(|p| (p.rust_name.as_str(), p)).collect();
    let mut candidates = Candidates::default();
    for param in old.params.iter().filter(|param| !new_params.contains_key(param.rust_name.as_str())) {
        candidates.removed(&param.rust_name, json::shape(param, &PARAM_NAME_KEYS));
    }
    for param in new.params.iter().filter(|param| !old_params.contains_key(param.rust_name.as_str())) {
        candidates.added(&param.rust_name, json::shape(param, &PARAM_NAME_KEYS));
    }
    let renames = candidates.pairs();
    for param in &old.params {
        let name = &param.rust_name;
        match new_params.get(name.as_str()) {
            None => changes.push(
                Class::Breaking,
                format!(
                    "{} parameter `{}` removed{}",
                    requiredness(param),
                    bare(name),
                    renames.removed_hint(name)
                ),
            ),
            Some(new_param) => param_changes(param, new_param, changes),
        }
    }
    for param in new.params.iter().filter(|param| !old_params.contains_key(param.rust_name.as_str())) {
        let hint = renames.added_hint(&param.rust_name);
        let name = bare(&param.rust_name);
        if param.required {
            changes.push(
                Class::Breaking,
                format!("required parameter `{name}` added (a new positional argument){hint}"),
            );
        } else {
            changes.push(Class::Additive, format!("optional parameter `{name}` added (a new setter){hint}"));
        }
    }
    let still_required = |params: &[Param], other: &BTreeMap<&str, &Param>| -> Vec<String> {
        params
            .iter()
            .filter(|param| param.required && other.get(param.rust_name.as_str()).is_some_and(|p| p.required))
            .map(|param| bare(&param.rust_name).to_owned())
            .collect()
    };
    let (old_order, new_order) =
        (still_required(&old.params, &new_params), still_required(&new.params, &old_params));
    if old_order != new_order {
        changes.push(
            Class::Breaking,
            format!(
                "positional arguments reordered from ({}) to ({})",
                old_order.join(", "),
                new_order.join(", ")
            ),
        );
    }
}

fn param_changes(old: &Param, new: &Param, changes: &mut Changes<'_>) {
    let name = bare(&new.rust_name);
    if old.required != new.required {
        let what = if new.required {
            "is now required (a positional argument instead of a setter)"
        } else {
            "is now optional (a setter instead of a positional argument)"
        };
        changes.push(Class::Breaking, format!("parameter `{name}` {what}"));
    }
    let (old_type, new_type) = (&old.ty, &new.ty);
    if old_type != new_type {
        changes.push(
            Class::Breaking,
            format!("parameter `{name}` type changed {}", from_to(old_type, new_type)),
        );
    }
    let (old_place, new_place) = (placement(old), placement(new));
    if old_place != new_place {
        changes.push(
            Class::Breaking,
            format!("parameter `{name}` is now sent as {new_place} instead of {old_place}"),
        );
    }
    if old.layout != new.layout {
        changes.push(
            Class::Breaking,
            format!("parameter `{name}` list layout changed from {} to {}", old.layout, new.layout),
        );
    }
    if old.docs != new.docs {
        changes.push(Class::DocsOnly, format!("docs of parameter `{name}` changed"));
    }
    let listed = ["wire_name", "rust_name", "location", "required", "ty", "layout", "docs"];
    let unlisted = json::unlisted_differences(&json::value(old), &json::value(new), &listed);
    changes.push_unlisted(&format!("parameter `{name}`: "), unlisted);
}

/// Where a parameter travels and under which name: ``query `limit` ``.
fn placement(param: &Param) -> String {
    format!("{} `{}`", param.location, param.wire_name)
}

fn requiredness(param: &Param) -> &'static str {
    if param.required {
        "required"
    } else {
        "optional"
    }
}
