//! Models: the types in the generated `models` module.

use std::collections::{BTreeMap, BTreeSet};

use super::change::{from_to, Change, Changes, Class};
use super::direction::Direction;
use super::renames::Candidates;
use super::{json, structs};
use crate::description::format::{Enum, Model, ModelKind, Union, UnionVariant, Variant};
use crate::description::Description;

/// The members of a model that are not its shape: its name, and which way it travels, which
/// follows from the operations (compared on their own).
const WAYS_AND_NAME: [&str; 3] = ["name", "sent", "received"];

/// Adds the changes between the models of `old` and `new`, keyed by name.
pub fn compare(old: &Description, new: &Description, list: &mut Vec<Change>) {
    let old_models: BTreeMap<&str, &Model> = old.models.iter().map(|m| (m.name.as_str(), m)).collect();
    let new_models: BTreeMap<&str, &Model> = new.models.iter().map(|m| (m.name.as_str(), m)).collect();
    let mut candidates = Candidates::default();
    for model in old.models.iter().filter(|model| !new_models.contains_key(model.name.as_str())) {
        candidates.removed(&model.name, json::shape(model, &WAYS_AND_NAME));
    }
    for model in new.models.iter().filter(|model| !old_models.contains_key(model.name.as_str())) {
        candidates.added(&model.name, json::shape(model, &WAYS_AND_NAME));
    }
    let renames = candidates.pairs();
    let names: BTreeSet<&str> = old_models.keys().chain(new_models.keys()).copied().collect();
    for name in names {
        let mut changes = Changes::new(format!("model `{name}`"), list);
        match (old_models.get(name), new_models.get(name)) {
            (Some(_), None) => {
                changes.push(Class::Breaking, format!("removed{}", renames.removed_hint(name)))
            }
            (None, Some(_)) => changes.push(Class::Additive, format!("added{}", renames.added_hint(name))),
            (Some(old), Some(new)) => {
                model(old, new, Direction::of(old).or(Direction::of(new)), &mut changes)
            }
            (None, None) => {}
        }
    }
}

fn model(old: &Model, new: &Model, direction: Direction, changes: &mut Changes<'_>) {
    if old.docs != new.docs {
        changes.push(Class::DocsOnly, "docs changed");
    }
    let (old_kind, new_kind) = (kind_name(&old.kind), kind_name(&new.kind));
    if old_kind != new_kind {
        changes.push(Class::Breaking, format!("is now {new_kind} instead of {old_kind}"));
    } else {
        match (&old.kind, &new.kind) {
            (ModelKind::Struct(old), ModelKind::Struct(new)) => {
                structs::compare(old, new, direction, changes)
            }
            (ModelKind::Enum(old), ModelKind::Enum(new)) => enums(old, new, changes),
            (ModelKind::Union(old), ModelKind::Union(new)) => unions(old, new, direction, changes),
            (ModelKind::Alias(old), ModelKind::Alias(new)) => {
                if old != new {
                    changes.push(Class::Breaking, format!("aliased type changed {}", from_to(old, new)));
                }
            }
            // Kinds added to the IR later: compared whole.
            (old, new) => {
                let unlisted = json::unlisted_differences(
                    &serde_json::json!({ "kind": json::value(old) }),
                    &serde_json::json!({ "kind": json::value(new) }),
                    &[],
                );
                changes.push_unlisted("", unlisted);
            }
        }
    }
    let unlisted = json::unlisted_differences(
        &json::value(old),
        &json::value(new),
        &["name", "docs", "kind", "sent", "received"],
    );
    changes.push_unlisted("", unlisted);
}

/// "a struct", "an enum", ...: the name of the `ModelKind` variant as
/// serialized, so kinds added to the IR later are named too.
fn kind_name(kind: &ModelKind) -> String {
    let tag = match json::value(kind) {
        serde_json::Value::Object(members) => members.keys().next().cloned().unwrap_or_default(),
        serde_json::Value::String(tag) => tag,
        _ => String::new(),
    };
    let tag = tag.to_lowercase();
    // "an alias", "an enum", but "a union".
    let article = if tag.starts_with(['a', 'e', 'i', 'o']) { "an" } else { "a" };
    format!("{article} {tag}")
}

/// String enums have a fallback variant, and are `#[non_exhaustive]`:
/// a value the previous client did not know decoded into the fallback, and
/// callers' matches already have a wildcard arm, so a new value is additive.
fn enums(old: &Enum, new: &Enum, changes: &mut Changes<'_>) {
    let old_variants: BTreeMap<String, &Variant> =
        old.variants.iter().map(|v| (v.value.clone(), v)).collect();
    let new_variants: BTreeMap<String, &Variant> =
        new.variants.iter().map(|v| (v.value.clone(), v)).collect();
    for (wire, variant) in &old_variants {
        let Some(new_variant) = new_variants.get(wire) else {
            changes.push(Class::Breaking, format!("value `{wire}` removed (variant `{}`)", variant.name));
            continue;
        };
        if new_variant.name != variant.name {
            changes.push(
                Class::Breaking,
                format!("variant of value `{wire}` renamed {}", from_to(&variant.name, &new_variant.name)),
            );
        }
        let unlisted = json::unlisted_differences(
            &json::value(*variant),
            &json::value(*new_variant),
            &["name", "value"],
        );
        changes.push_unlisted(&format!("value `{wire}`: "), unlisted);
    }
    for (wire, variant) in new_variants.iter().filter(|(wire, _)| !old_variants.contains_key(*wire)) {
        changes.push(
            Class::Additive,
            format!(
                "value `{wire}` added as variant `{}` (the previous client kept it in `{}`)",
                variant.name, old.fallback
            ),
        );
    }
    if old.fallback != new.fallback {
        changes.push(
            Class::Breaking,
            format!("fallback variant renamed {}", from_to(&old.fallback, &new.fallback)),
        );
    }
    match (&old.default, &new.default) {
        (Some(_), None) => changes.push(Class::Breaking, "no longer implements `Default`"),
        (None, Some(variant)) => {
            changes.push(Class::Additive, format!("now implements `Default` (`{variant}`)"))
        }
        (Some(before), Some(after)) if before != after => {
            changes.push(Class::Breaking, format!("`Default` now gives `{after}` instead of `{before}`"))
        }
        _ => {}
    }
    let unlisted = json::unlisted_differences(
        &json::value(old),
        &json::value(new),
        &["variants", "fallback", "default"],
    );
    changes.push_unlisted("", unlisted);
}

/// Unions are `#[non_exhaustive]`, so a new variant breaks no match. A
/// tagged union picks the variant by its tag, and an untagged one tries them
/// in order: a variant added after the others only takes values the previous
/// client could not decode (or kept as JSON), while one tried before an old
/// variant may take values that decoded as it, in a union callers receive.
fn unions(old: &Union, new: &Union, direction: Direction, changes: &mut Changes<'_>) {
    let variant_type = |variant: &UnionVariant| {
        let ty = variant.ty.clone();
        if variant.boxed {
            format!("Box<{ty}>")
        } else {
            ty
        }
    };
    let old_variants: BTreeMap<&str, &UnionVariant> =
        old.variants.iter().map(|v| (v.name.as_str(), v)).collect();
    let new_variants: BTreeMap<&str, &UnionVariant> =
        new.variants.iter().map(|v| (v.name.as_str(), v)).collect();
    for (name, variant) in &old_variants {
        let Some(new_variant) = new_variants.get(name) else {
            changes.push(Class::Breaking, format!("variant `{name}` removed"));
            continue;
        };
        let (old_type, new_type) = (variant_type(variant), variant_type(new_variant));
        if old_type != new_type {
            changes.push(
                Class::Breaking,
                format!("variant `{name}` type changed {}", from_to(&old_type, &new_type)),
            );
        }
        let unlisted = json::unlisted_differences(
            &json::value(*variant),
            &json::value(*new_variant),
            &["name", "ty", "boxed"],
        );
        changes.push_unlisted(&format!("variant `{name}`: "), unlisted);
    }
    // After the last variant both versions have, a new variant only takes
    // values no old one decoded.
    let last_kept = new.variants.iter().rposition(|variant| old_variants.contains_key(variant.name.as_str()));
    for (index, variant) in new.variants.iter().enumerate() {
        let name = variant.name.as_str();
        if old_variants.contains_key(name) {
            continue;
        }
        let ty = variant_type(variant);
        let tried_before_old = last_kept.is_some_and(|last| index < last);
        match (&new.discriminator, direction.received) {
            (Some(tagged), _) => changes.push(
                Class::Additive,
                format!(
                    "variant `{name}({ty})` added (the previous client kept its tag in `{}`)",
                    tagged.fallback
                ),
            ),
            (None, true) if tried_before_old => changes.push(
                Class::Breaking,
                format!(
                    "variant `{name}({ty})` added before others: decoding tries it first, so \
                     responses that decoded as a later variant may decode as it"
                ),
            ),
            _ => changes.push(Class::Additive, format!("variant `{name}({ty})` added")),
        }
    }
    let order = |union: &Union| -> Vec<String> { union.variants.iter().map(|v| v.name.clone()).collect() };
    let (old_order, new_order) = (order(old), order(new));
    let same_names = old_variants.keys().eq(new_variants.keys());
    if direction.received && same_names && old_order != new_order {
        changes.push(
            Class::Breaking,
            format!(
                "variants reordered from ({}) to ({}): decoding tries them in order",
                old_order.join(", "),
                new_order.join(", ")
            ),
        );
    }
    let unlisted = json::unlisted_differences(&json::value(old), &json::value(new), &["variants"]);
    changes.push_unlisted("", unlisted);
}
