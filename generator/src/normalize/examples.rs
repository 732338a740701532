//! The examples a spec gives for request and response bodies, kept with the
//! type they must decode into, so tests can check the generated types
//! against the spec author's own data.

use std::collections::HashSet;

use openapiv3::{Example, MediaType, ReferenceOr};

use super::refs;
use crate::ir::{self, TypeRef};
use crate::pointer::Pointer;

/// The most JSON nodes the examples recorded hold together. An example
/// shared by many bodies is recorded once per type it must decode into, a
/// copy each time; past this, examples are no longer recorded (they only
/// feed tests, and a spec is not refused for them).
const MAX_EXAMPLE_NODES: usize = 2_000_000;

/// The examples recorded so far.
#[derive(Default)]
pub(super) struct Examples {
    pub list: Vec<ir::Example>,
    /// Schemas' own examples recorded, by place.
    places: HashSet<Pointer>,
    /// Body examples recorded: place, type and direction.
    uses: HashSet<(Pointer, TypeRef, bool)>,
    /// JSON nodes in `list`.
    nodes: usize,
}

impl Examples {
    /// Forgets the examples recorded after the first `len` (those of an
    /// operation left out), so that they can be recorded again.
    pub(super) fn truncate(&mut self, len: usize) {
        for example in self.list.drain(len.min(self.list.len())..) {
            self.places.remove(&example.pointer);
            self.uses.remove(&(example.pointer, example.ty, example.request));
            self.nodes -= json_nodes(&example.value);
        }
    }

    fn push(&mut self, pointer: Pointer, value: &serde_json::Value, ty: TypeRef, request: bool) {
        let nodes = json_nodes(value);
        if self.nodes.saturating_add(nodes) > MAX_EXAMPLE_NODES {
            return;
        }
        self.nodes += nodes;
        self.list.push(ir::Example { file: None, pointer, value: value.clone(), ty, request });
    }
}

/// The nodes of a JSON value, counted without recursion.
fn json_nodes(value: &serde_json::Value) -> usize {
    let mut count = 0;
    let mut pending = vec![value];
    while let Some(node) = pending.pop() {
        count += 1;
        match node {
            serde_json::Value::Array(items) => pending.extend(items),
            serde_json::Value::Object(members) => pending.extend(members.values()),
            _ => {}
        }
    }
    count
}

impl Examples {
    /// Records the examples of a JSON body (`media`, at `at`) of type `ty`:
    /// once per place, type and direction, however many bodies share them.
    pub(super) fn record_bodies(
        &mut self,
        refs: &refs::Refs<'_>,
        media: &MediaType,
        at: &Pointer,
        ty: &TypeRef,
        request: bool,
    ) {
        let mut found = Vec::new();
        if let Some(value) = &media.example {
            found.push((at.join("example"), value));
        }
        for (name, example) in &media.examples {
            let example_at = at.join("examples").join(name);
            // A broken reference to an example is no reason to refuse the
            // spec: examples do not change the client.
            let Ok((example, defined_at)) = refs.resolve::<Example>(example, &example_at) else {
                continue;
            };
            if let Some(value) = &example.value {
                found.push((defined_at.join("value"), value));
            }
        }
        for (pointer, value) in found {
            if self.uses.insert((pointer.clone(), ty.clone(), request)) {
                self.push(pointer, value, ty.clone(), request);
            }
        }
    }

    /// Records a schema's own `example` (of a model, or of a property),
    /// which must decode into `ty` (and, `both_ways`, serialize back to
    /// itself); once per place, however often the
    /// schema is typed (an `allOf` merges a component's properties again).
    pub(super) fn record_schema(
        &mut self,
        at: &Pointer,
        value: &serde_json::Value,
        ty: TypeRef,
        both_ways: bool,
    ) {
        if self.places.insert(at.clone()) {
            self.push(at.clone(), value, ty, both_ways);
        }
    }
}

impl refs::Component for Example {
    const SECTION: &'static str = "examples";
    fn section(components: &openapiv3::Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>> {
        &components.examples
    }
}
