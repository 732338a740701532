//! `$ref` resolution for the reusable parts of `components`.
//!
//! Schemas are not resolved here: a schema `$ref` becomes a named type (see
//! `schemas`). Parameters, request bodies and responses are inlined at their
//! use site, following chains of references and reporting cycles; where
//! each chain ends is found once ([`Refs`]).

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

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

/// Follows `$ref`s to the objects they stand for. Where a chain of
/// references that starts at a component ends is worked out once and kept,
/// so a chain of aliases (`A0 → A1 → … → A5000`) is walked once, not once
/// per use and per link.
pub struct Refs<'a> {
    api: &'a OpenAPI,
    /// By section and component name, for components that are references:
    /// the component their chain ends at, or why it ends at none.
    ends: RefCell<HashMap<(&'static str, String), ChainEnd>>,
}

/// The component a chain of references ends at, or why it ends at none.
type ChainEnd = Result<String, SpecProblem>;

impl<'a> Refs<'a> {
    pub fn new(api: &'a OpenAPI) -> Self {
        Refs { api, ends: RefCell::new(HashMap::new()) }
    }

    /// Follows `item` (at `at`) to the object it stands for. Returns the
    /// object and the pointer where it is defined (the use site for inline
    /// objects).
    pub fn resolve<T: Component>(
        &self,
        item: &'a ReferenceOr<T>,
        at: &Pointer,
    ) -> Result<(&'a T, Pointer), SpecProblem> {
        let reference = match item {
            ReferenceOr::Item(object) => return Ok((object, at.clone())),
            ReferenceOr::Reference { reference } => reference,
        };
        let ref_at = at.join("$ref");
        // A component that is itself a reference starts its own chain, so a
        // problem on that chain is reported at this component's `$ref`.
        let start = match self.component_named_by::<T>(at) {
            Some(own) => own,
            None => self.target::<T>(reference, &ref_at)?,
        };
        let name = self.end::<T>(start)?;
        match self.section::<T>().and_then(|section| section.get(&name)) {
            Some(ReferenceOr::Item(object)) => Ok((object, component_at::<T>(&name))),
            _ => Err(SpecProblem::new(&ref_at, ProblemKind::DanglingRef(reference.clone()))),
        }
    }

    /// The name of the component of kind `T` that `at` points at, if it
    /// points at one.
    fn component_named_by<T: Component>(&self, at: &Pointer) -> Option<String> {
        let mut tokens = at.tokens();
        let (Some(components), Some(section), Some(name), None) =
            (tokens.next(), tokens.next(), tokens.next(), tokens.next())
        else {
            return None;
        };
        let known = self.section::<T>().is_some_and(|s| s.contains_key(&name));
        (components == "components" && section == T::SECTION && known).then_some(name)
    }

    fn section<T: Component>(&self) -> Option<&'a IndexMap<String, ReferenceOr<T>>> {
        self.api.components.as_ref().map(T::section)
    }

    /// The component `reference` (written at `ref_at`) names, which exists.
    fn target<T: Component>(&self, reference: &str, ref_at: &Pointer) -> Result<String, SpecProblem> {
        let name = component_name::<T>(reference, ref_at)?;
        match self.section::<T>() {
            Some(section) if section.contains_key(&name) => Ok(name),
            _ => Err(SpecProblem::new(ref_at, ProblemKind::DanglingRef(reference.to_owned()))),
        }
    }

    /// The component the chain of references that starts at `name` ends at:
    /// `name` itself when it is no reference.
    fn end<T: Component>(&self, name: String) -> Result<String, SpecProblem> {
        let mut path: Vec<String> = Vec::new();
        let mut on_path: HashSet<String> = HashSet::new();
        let mut current = name;
        let end = loop {
            if let Some(known) = self.ends.borrow().get(&(T::SECTION, current.clone())) {
                break known.clone();
            }
            let Some(ReferenceOr::Reference { reference }) =
                self.section::<T>().and_then(|s| s.get(&current))
            else {
                break Ok(current);
            };
            let ref_at = component_at::<T>(&current).join("$ref");
            on_path.insert(current.clone());
            path.push(current);
            match self.target::<T>(reference, &ref_at) {
                Ok(next) if on_path.contains(&next) => break self.cycle::<T>(&mut path, &next),
                Ok(next) => current = next,
                Err(problem) => break Err(problem),
            }
        };
        let mut ends = self.ends.borrow_mut();
        for name in path {
            ends.insert((T::SECTION, name), end.clone());
        }
        end
    }

    /// The chain `path` has come back to `entry`: each component on the
    /// cycle is a problem at its own `$ref`, as resolving it alone would
    /// find, and is taken out of `path`; what led into the cycle shares the
    /// problem of the component where it entered.
    fn cycle<T: Component>(&self, path: &mut Vec<String>, entry: &str) -> ChainEnd {
        let start = path.iter().position(|name| name == entry).unwrap_or(0);
        let mut ends = self.ends.borrow_mut();
        for name in path.drain(start..) {
            let reference = match self.section::<T>().and_then(|section| section.get(&name)) {
                Some(ReferenceOr::Reference { reference }) => reference.clone(),
                _ => continue,
            };
            let ref_at = component_at::<T>(&name).join("$ref");
            ends.insert((T::SECTION, name), Err(SpecProblem::new(&ref_at, ProblemKind::RefCycle(reference))));
        }
        ends.get(&(T::SECTION, entry.to_owned())).cloned().unwrap_or_else(|| Ok(entry.to_owned()))
    }
}

/// Where the component `name` of kind `T` is.
fn component_at<T: Component>(name: &str) -> Pointer {
    Pointer::root().join("components").join(T::SECTION).join(name)
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

#[cfg(test)]
mod tests {
    use openapiv3::{OpenAPI, Parameter, ReferenceOr};

    use super::Refs;
    use crate::error::ProblemKind;
    use crate::pointer::Pointer;

    fn spec(parameters: &str) -> OpenAPI {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  parameters:\n{parameters}"
        );
        serde_yaml::from_str(&text).unwrap_or_else(|error| panic!("{text}\n{error}"))
    }

    fn reference(name: &str) -> ReferenceOr<Parameter> {
        ReferenceOr::Reference { reference: format!("#/components/parameters/{name}") }
    }

    /// Each use of a chain of aliases ends where the chain does, and so does
    /// each use of a link inside it; a cycle is reported at the reference
    /// that closes it, for every use that reaches it.
    #[test]
    fn chains_end_where_they_end_and_cycles_are_found() {
        let mut parameters: String =
            (0..50).map(|i| format!("    A{i}: {{$ref: '#/components/parameters/A{}'}}\n", i + 1)).collect();
        parameters.push_str("    A50: {name: p, in: query, schema: {type: string}}\n");
        parameters.push_str("    C0: {$ref: '#/components/parameters/C1'}\n");
        parameters.push_str("    C1: {$ref: '#/components/parameters/C2'}\n");
        parameters.push_str("    C2: {$ref: '#/components/parameters/C0'}\n");
        parameters.push_str("    D: {$ref: '#/components/parameters/C1'}\n");
        let api = spec(&parameters);
        let refs = Refs::new(&api);
        let use_site = Pointer::root().join("paths");
        for name in ["A0", "A25", "A49", "A50", "A0"] {
            let item = reference(name);
            let (parameter, at) = refs.resolve(&item, &use_site).unwrap();
            assert_eq!(parameter.parameter_data_ref().name, "p");
            assert_eq!(at.as_str(), "#/components/parameters/A50");
        }
        for name in ["D", "C2", "C0"] {
            let item = reference(name);
            let problem = refs.resolve(&item, &use_site).unwrap_err();
            assert!(matches!(problem.kind, ProblemKind::RefCycle(_)), "{name}: {problem}");
            assert!(problem.pointer.as_str().starts_with("#/components/parameters/C"), "{name}: {problem}");
        }
        let dangling = refs.resolve(&reference("Nowhere"), &use_site).unwrap_err();
        assert_eq!(dangling.pointer.as_str(), "#/paths/$ref");
        assert!(matches!(dangling.kind, ProblemKind::DanglingRef(_)));
    }
}
