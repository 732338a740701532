//! The examples a spec gives for request and response bodies, kept with the
//! type they must decode into, so tests can check the generated types
//! against the spec author's own data.

use openapiv3::{Example, MediaType, ReferenceOr};

use super::refs;
use super::types::TypeSpace;
use crate::ir::{self, TypeRef};
use crate::pointer::Pointer;

impl TypeSpace<'_> {
    /// Records the examples of a JSON body (`media`, at `at`) of type `ty`.
    pub(super) fn record_examples(&mut self, media: &MediaType, at: &Pointer, ty: &TypeRef, request: bool) {
        let mut found = Vec::new();
        if let Some(value) = &media.example {
            found.push((at.join("example"), value.clone()));
        }
        for (name, example) in &media.examples {
            let example_at = at.join("examples").join(name);
            // A broken reference to an example is no reason to refuse the
            // spec: examples do not change the client.
            let Ok((example, defined_at)) = refs::resolve::<Example>(self.api, example, &example_at) else {
                continue;
            };
            if let Some(value) = &example.value {
                found.push((defined_at.join("value"), value.clone()));
            }
        }
        for (pointer, value) in found {
            self.examples.push(ir::Example { file: None, pointer, value, ty: ty.clone(), request });
        }
    }
}

impl TypeSpace<'_> {
    /// Records a schema's own `example` (of a model, or of a property),
    /// which must decode into `ty` (and, `both_ways`, serialize back to
    /// itself); once per place, however often the
    /// schema is typed (an `allOf` merges a component's properties again).
    pub(super) fn record_example(
        &mut self,
        at: &Pointer,
        value: &serde_json::Value,
        ty: TypeRef,
        both_ways: bool,
    ) {
        if self.examples.iter().any(|known| known.pointer == *at) {
            return;
        }
        self.examples.push(ir::Example {
            file: None,
            pointer: at.clone(),
            value: value.clone(),
            ty,
            request: both_ways,
        });
    }
}

impl refs::Component for Example {
    const SECTION: &'static str = "examples";
    fn section(components: &openapiv3::Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>> {
        &components.examples
    }
}
