//! Which way each model travels: sent in requests, received in responses,
//! or both. A change can break one side and not the other: a required field
//! added to a model the client only receives costs callers nothing, while
//! one added to a model they send must now be filled in.

use std::collections::{BTreeMap, BTreeSet};

use super::json;
use crate::ir::Api;

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

/// Members of an operation that describe its responses; the rest describe
/// the request.
fn is_response_member(key: &str) -> bool {
    ["success", "error", "response"].iter().any(|word| key.contains(word))
}

/// The direction of every model of `api`, by name.
pub fn directions(api: &Api) -> BTreeMap<String, Direction> {
    let mut sent = BTreeSet::new();
    let mut received = BTreeSet::new();
    json::models_mentioned(&json::value(&api.error_body), &mut received);
    for operation in &api.operations {
        if let serde_json::Value::Object(members) = json::value(operation) {
            for (key, member) in &members {
                let side = if is_response_member(key) { &mut received } else { &mut sent };
                json::models_mentioned(member, side);
            }
        }
    }
    let mentions: BTreeMap<&str, BTreeSet<String>> = api
        .models
        .iter()
        .map(|model| {
            let mut names = BTreeSet::new();
            json::models_mentioned(&json::value(&model.kind), &mut names);
            (model.name.as_str(), names)
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
