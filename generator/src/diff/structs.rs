//! Struct models: their fields, read by callers when the struct arrives in
//! a response and filled in by them when it is part of a request.

use std::collections::{BTreeMap, HashSet};

use super::change::{from_to, Changes, Class};
use super::direction::Direction;
use super::renames::Candidates;
use super::{bare, json};
use crate::description::format::{Field, Struct};

/// Members of a field that only name it.
const NAME_KEYS: [&str; 3] = ["rust_name", "wire_name", "docs"];

/// Adds the changes between two versions of a struct that travels
/// `direction`.
pub fn compare(old: &Struct, new: &Struct, direction: Direction, changes: &mut Changes<'_>) {
    let old_fields: BTreeMap<&str, &Field> = old.fields.iter().map(|f| (f.rust_name.as_str(), f)).collect();
    let new_fields: BTreeMap<&str, &Field> = new.fields.iter().map(|f| (f.rust_name.as_str(), f)).collect();
    let mut candidates = Candidates::default();
    for field in old.fields.iter().filter(|field| !new_fields.contains_key(field.rust_name.as_str())) {
        candidates.removed(&field.rust_name, json::shape(field, &NAME_KEYS));
    }
    for field in new.fields.iter().filter(|field| !old_fields.contains_key(field.rust_name.as_str())) {
        candidates.added(&field.rust_name, json::shape(field, &NAME_KEYS));
    }
    let renames = candidates.pairs();
    for field in &old.fields {
        let name = field.rust_name.as_str();
        match new_fields.get(name) {
            None => changes.push(
                Class::Breaking,
                format!("field `{}` removed{}", bare(name), renames.removed_hint(name)),
            ),
            Some(new_field) => field_changes(field, new_field, direction, changes),
        }
    }
    let takes: HashSet<&str> = new.constructor.iter().map(String::as_str).collect();
    for field in new.fields.iter().filter(|field| !old_fields.contains_key(field.rust_name.as_str())) {
        let (class, what) = added_field(field, &takes, direction);
        changes.push(class, format!("{what}{}", renames.added_hint(&field.rust_name)));
    }
    constructor(old, new, &old_fields, &new_fields, changes);
    additional(old, new, changes);
    if old.derive_default != new.derive_default {
        if new.derive_default {
            changes.push(Class::Additive, "now implements `Default`");
        } else {
            changes.push(Class::Breaking, "no longer implements `Default`");
        }
    }
    let unlisted = json::unlisted_differences(
        &json::value(old),
        &json::value(new),
        &["fields", "additional", "derive_default", "constructor"],
    );
    changes.push_unlisted("", unlisted);
}

/// Structs are `#[non_exhaustive]`: callers build them with `new` and
/// setters, never with a literal naming every field. So a new field costs
/// them nothing unless `new` takes it (`takes`: `new`'s arguments), which
/// changes its arguments (for a model the client only receives too: tests
/// build those).
fn added_field(field: &Field, takes: &HashSet<&str>, direction: Direction) -> (Class, String) {
    let name = bare(&field.rust_name);
    let required_on_wire = !field.skip_if_none;
    let adjective = if required_on_wire { "required" } else { "optional" };
    let added = format!("{adjective} field `{name}` added");
    if takes.contains(field.rust_name.as_str()) {
        (Class::Breaking, format!("{added}; `new` takes it"))
    } else if !direction.sent {
        (Class::Additive, format!("{added} (only received)"))
    } else if required_on_wire {
        // Nullable, so `None` goes out as `null`, which the API accepts.
        (Class::Additive, format!("{added}; `None` is sent as `null` until its setter is called"))
    } else {
        (Class::Additive, format!("{added} (a new setter; `new` leaves it unset)"))
    }
}

/// `new`'s arguments among the fields both versions have: a field added to
/// or removed from the struct is reported as such.
fn constructor(
    old: &Struct,
    new: &Struct,
    old_fields: &BTreeMap<&str, &Field>,
    new_fields: &BTreeMap<&str, &Field>,
    changes: &mut Changes<'_>,
) {
    let kept = |list: &[String], other: &BTreeMap<&str, &Field>| -> Vec<String> {
        list.iter()
            .filter(|name| other.contains_key(name.as_str()))
            .map(|name| bare(name).to_owned())
            .collect()
    };
    let (before, after) = (kept(&old.constructor, new_fields), kept(&new.constructor, old_fields));
    if before != after {
        changes.push(
            Class::Breaking,
            format!("`new` takes ({}) instead of ({})", after.join(", "), before.join(", ")),
        );
    }
}

fn field_changes(old: &Field, new: &Field, direction: Direction, changes: &mut Changes<'_>) {
    let name = bare(&new.rust_name);
    let (old_type, new_type) = (field_type(old), field_type(new));
    let only_optionality = old.optional != new.optional && old.boxed == new.boxed && old.ty == new.ty;
    if only_optionality {
        // Rust sees `Option<T>` become `T` (or back), which breaks readers
        // and writers alike, whatever the API promises on the wire.
        let (state, promise) = match (new.optional, direction.sent) {
            (false, false) => ("required", "the API now always sends it"),
            (false, true) => ("required", "requests must set it"),
            (true, _) => ("optional", "it may now be missing"),
        };
        changes.push(
            Class::Breaking,
            format!(
                "field `{name}` is now {state}: its type changes {} ({promise})",
                from_to(&old_type, &new_type)
            ),
        );
    } else if old_type != new_type {
        changes
            .push(Class::Breaking, format!("field `{name}` type changed {}", from_to(&old_type, &new_type)));
    } else if old.skip_if_none != new.skip_if_none {
        // A nullable field: it stays `Option<T>`; only whether `None` is
        // left out of requests or sent as `null` follows the API.
        let what = if new.skip_if_none {
            "is now optional; it stays an `Option`, and `None` is left out of requests"
        } else {
            "is now required; it stays an `Option` because it may be null, and `None` is sent as `null`"
        };
        changes.push(Class::Additive, format!("field `{name}` {what}"));
    }
    if old.default_if_missing != new.default_if_missing {
        if new.default_if_missing {
            changes.push(Class::Additive, format!("field `{name}`: a missing value now decodes as empty"));
        } else {
            changes.push(Class::Breaking, format!("field `{name}`: a missing value now fails to decode"));
        }
    }
    if old.wire_name != new.wire_name {
        changes.push(
            Class::Breaking,
            format!("field `{name}` is now the property {}", from_to(&old.wire_name, &new.wire_name)),
        );
    }
    if old.docs != new.docs {
        changes.push(Class::DocsOnly, format!("docs of field `{name}` changed"));
    }
    if let (Some(old_setter), Some(new_setter)) = (&old.setter, &new.setter) {
        if old_setter != new_setter {
            changes.push(
                Class::Breaking,
                format!("field `{name}`: setter renamed {}", from_to(old_setter, new_setter)),
            );
        }
    }
    // A setter that appears or goes away moved the field out of or into `new`, reported there.
    let listed = [
        "wire_name",
        "rust_name",
        "ty",
        "optional",
        "boxed",
        "skip_if_none",
        "default_if_missing",
        "setter",
        "docs",
    ];
    let unlisted = json::unlisted_differences(&json::value(old), &json::value(new), &listed);
    changes.push_unlisted(&format!("field `{name}`: "), unlisted);
}

/// The map that keeps undeclared properties.
fn additional(old: &Struct, new: &Struct, changes: &mut Changes<'_>) {
    match (&old.additional, &new.additional) {
        (None, Some(extra)) => {
            changes.push(
                Class::Additive,
                format!("now keeps undeclared properties in field `{}`", extra.rust_name),
            );
        }
        (Some(extra), None) => {
            changes.push(
                Class::Breaking,
                format!("no longer keeps undeclared properties (field `{}` removed)", extra.rust_name),
            );
        }
        (Some(old_extra), Some(new_extra)) => {
            let (old_type, new_type) = (&old_extra.value, &new_extra.value);
            if old_type != new_type {
                changes.push(
                    Class::Breaking,
                    format!("undeclared property values changed {}", from_to(old_type, new_type)),
                );
            }
            if old_extra.rust_name != new_extra.rust_name {
                changes.push(
                    Class::Breaking,
                    format!(
                        "undeclared properties field renamed {}",
                        from_to(&old_extra.rust_name, &new_extra.rust_name)
                    ),
                );
            }
        }
        (None, None) => {}
    }
}

/// The field's Rust type, with its `Box` and `Option`.
fn field_type(field: &Field) -> String {
    let mut ty = field.ty.clone();
    if field.boxed {
        ty = format!("Box<{ty}>");
    }
    if field.optional {
        ty = format!("Option<{ty}>");
    }
    ty
}
