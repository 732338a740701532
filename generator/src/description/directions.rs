//! Which way each model travels, read from the IR: sent in requests, received
//! in responses, or both. The description records it so that the API diff
//! can tell which side a change breaks (a required field added to a model the
//! client only receives costs callers nothing, one added to a model they
//! send must now be filled in), for the previous API as for the new one.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, OutcomeBody, SuccessBody, TypeRef};

/// The models of `api` a request holds and those a response holds, each
/// with the models they hold in turn.
pub struct Directions<'a> {
    sent: BTreeSet<&'a str>,
    received: BTreeSet<&'a str>,
}

impl<'a> Directions<'a> {
    pub fn of(api: &'a Api) -> Directions<'a> {
        let mut sent = BTreeSet::new();
        let mut received = BTreeSet::new();
        received.extend(api.error_body.model());
        for operation in &api.operations {
            sent.extend(operation.params.iter().filter_map(|param| param.ty.model()));
            sent.extend(operation.body.iter().filter_map(|body| body.ty.model()));
            let results: Vec<&TypeRef> = match &operation.success.body {
                SuccessBody::Json(ty) | SuccessBody::JsonOrEmpty(ty) => vec![ty],
                SuccessBody::Outcomes(outcomes) => outcomes
                    .variants
                    .iter()
                    .filter_map(|outcome| match &outcome.body {
                        OutcomeBody::Json(ty) => Some(ty),
                        _ => None,
                    })
                    .collect(),
                SuccessBody::Empty | SuccessBody::Raw | SuccessBody::Text => Vec::new(),
            };
            received.extend(results.into_iter().filter_map(TypeRef::model));
        }
        let held: BTreeMap<&str, Vec<&str>> = api
            .models
            .iter()
            .map(|model| {
                (
                    model.name.as_str(),
                    model.kind.held_types().into_iter().filter_map(TypeRef::model).collect(),
                )
            })
            .collect();
        Directions { sent: reachable(sent, &held), received: reachable(received, &held) }
    }

    /// Whether callers build the model: a request holds it.
    pub fn sent(&self, model: &str) -> bool {
        self.sent.contains(model)
    }

    /// Whether callers read the model: a response holds it.
    pub fn received(&self, model: &str) -> bool {
        self.received.contains(model)
    }
}

/// `roots` and every model they hold, transitively.
fn reachable<'a>(roots: BTreeSet<&'a str>, held: &BTreeMap<&'a str, Vec<&'a str>>) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut pending: Vec<&str> = roots.into_iter().collect();
    while let Some(name) = pending.pop() {
        if seen.insert(name) {
            pending.extend(held.get(name).into_iter().flatten().filter(|child| !seen.contains(*child)));
        }
    }
    seen
}
