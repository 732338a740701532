//! Which way each model travels: sent in requests, received in responses,
//! or both. A change can break one side and not the other: a required field
//! added to a model the client only receives costs callers nothing, while
//! one added to a model they send must now be filled in.

use std::collections::{BTreeMap, BTreeSet};

use crate::description::format::ModelKind;
use crate::description::Description;

/// Which way a model travels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Direction {
    /// Callers build it: it is part of a request.
    pub sent: bool,
    /// Callers read it: it is part of a response.
    pub received: bool,
}

impl Direction {
    /// Both ways: what a model no operation uses counts as, since callers
    /// may build or read it themselves.
    pub const BOTH: Direction = Direction { sent: true, received: true };

    /// Either way, `self` or `other`: for a model whose uses changed.
    pub fn or(self, other: Direction) -> Direction {
        Direction { sent: self.sent || other.sent, received: self.received || other.received }
    }
}

/// The direction of every model of `api`, by name.
pub fn directions(api: &Description) -> BTreeMap<String, Direction> {
    let names: BTreeSet<&str> = api.models.iter().map(|model| model.name.as_str()).collect();
    let mut sent = BTreeSet::new();
    let mut received = BTreeSet::new();
    mentioned(&api.error_body, &names, &mut received);
    for operation in &api.operations {
        for param in &operation.params {
            mentioned(&param.ty, &names, &mut sent);
        }
        if let Some(body) = &operation.body {
            mentioned(&body.ty, &names, &mut sent);
        }
        mentioned(&operation.success.ty, &names, &mut received);
        for ty in operation.success.outcomes.iter().filter_map(|outcome| outcome.ty.as_ref()) {
            mentioned(ty, &names, &mut received);
        }
    }
    let mentions: BTreeMap<&str, BTreeSet<String>> = api
        .models
        .iter()
        .map(|model| {
            let mut held = BTreeSet::new();
            for ty in held_types(&model.kind) {
                mentioned(ty, &names, &mut held);
            }
            (model.name.as_str(), held)
        })
        .collect();
    let sent = reachable(sent, &mentions);
    let received = reachable(received, &mentions);
    api.models
        .iter()
        .map(|model| {
            let name = model.name.as_str();
            let direction = Direction { sent: sent.contains(name), received: received.contains(name) };
            let direction = if direction == Direction::default() { Direction::BOTH } else { direction };
            (model.name.clone(), direction)
        })
        .collect()
}

/// The types a model holds.
fn held_types(kind: &ModelKind) -> Vec<&String> {
    match kind {
        ModelKind::Struct(fields) => fields
            .fields
            .iter()
            .map(|field| &field.ty)
            .chain(fields.additional.iter().map(|extra| &extra.value))
            .collect(),
        ModelKind::Union(union) => union.variants.iter().map(|variant| &variant.ty).collect(),
        ModelKind::Alias(target) => vec![target],
        ModelKind::Newtype(newtype) => vec![&newtype.ty],
        ModelKind::Enum(_) => Vec::new(),
    }
}

/// Adds the models a Rust type names (`Vec<ArrayInfo>` names `ArrayInfo`).
fn mentioned(ty: &str, models: &BTreeSet<&str>, out: &mut BTreeSet<String>) {
    let words = ty.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '#'));
    out.extend(words.filter(|word| models.contains(word)).map(str::to_owned));
}

/// `roots` and every model they mention, transitively.
fn reachable(roots: BTreeSet<String>, mentions: &BTreeMap<&str, BTreeSet<String>>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut pending: Vec<String> = roots.into_iter().collect();
    while let Some(name) = pending.pop() {
        if let Some(children) = mentions.get(name.as_str()) {
            pending.extend(children.iter().filter(|child| !seen.contains(*child)).cloned());
        }
        seen.insert(name);
    }
    seen
}
