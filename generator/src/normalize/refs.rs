//! `$ref` resolution for the reusable parts of `components`.
//!
//! Schemas are not resolved here: a schema `$ref` becomes a named type (see
//! `schemas`). Parameters, request bodies and responses are inlined at their
//! use site, following chains of references and reporting cycles.

use indexmap::IndexMap;
use openapiv3::{Components, OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema};

use crate::error::{ProblemKind, SpecProblem};
use crate::pointer::Pointer;

/// A kind of object that can live under `#/components/<section>`.
pub trait Component: Sized {
    /// The section name under `components`.
    const SECTION: &'static str;
    /// That section of `components`.
    fn section(components: &Components) -> &IndexMap<String, ReferenceOr<Self>>;
}

impl Component for Parameter {
    const SECTION: &'static str = "parameters";
    fn section(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &components.parameters
    }
}

impl Component for RequestBody {
    const SECTION: &'static str = "requestBodies";
    fn section(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &components.request_bodies
    }
}

impl Component for Response {
    const SECTION: &'static str = "responses";
    fn section(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &components.responses
    }
}

impl Component for Schema {
    const SECTION: &'static str = "schemas";
    fn section(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &components.schemas
    }
}

/// Follows `item` to the object it stands for. Returns the object and the
/// pointer where it is defined (the use site for inline objects).
pub fn resolve<'a, T: Component>(
    api: &'a OpenAPI,
    item: &'a ReferenceOr<T>,
    at: &Pointer,
) -> Result<(&'a T, Pointer), SpecProblem> {
    let mut current = item;
    let mut location = at.clone();
    let mut seen: Vec<&str> = Vec::new();
    loop {
        match current {
            ReferenceOr::Item(object) => return Ok((object, location)),
            ReferenceOr::Reference { reference } => {
                let ref_at = location.join("$ref");
                if seen.contains(&reference.as_str()) {
                    return Err(SpecProblem::new(&ref_at, ProblemKind::RefCycle(reference.clone())));
                }
                seen.push(reference);
                let name = component_name::<T>(reference, &ref_at)?;
                current = api
                    .components
                    .as_ref()
                    .and_then(|components| T::section(components).get(&name))
                    .ok_or_else(|| SpecProblem::new(&ref_at, ProblemKind::DanglingRef(reference.clone())))?;
                location = Pointer::root().join("components").join(T::SECTION).join(&name);
            }
        }
    }
}

/// The component name a `$ref` of kind `T` names: `Foo` for
/// `#/components/schemas/Foo`.
pub fn component_name<T: Component>(reference: &str, at: &Pointer) -> Result<String, SpecProblem> {
    let Some(target) = Pointer::from_local_ref(reference) else {
        return Err(SpecProblem::new(at, ProblemKind::ExternalRef(reference.to_owned())));
    };
    let tokens: Vec<String> = target.tokens().collect();
    match tokens.as_slice() {
        [components, section, name] if components == "components" && section == T::SECTION => {
            Ok(name.clone())
        }
        _ => Err(SpecProblem::unsupported(
            at,
            format!(
                "$ref `{reference}`: only references to #/components/{}/<name> are supported here",
                T::SECTION
            ),
        )),
    }
}
