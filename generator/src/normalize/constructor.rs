//! How callers build a struct: `new` with the fields it cannot do without,
//! and a chainable setter for each of the others.
//!
//! `new` takes every field that is not an `Option` (a required property),
//! since nothing else could fill it in. A schema may name more with the
//! `x-constructor-fields` extension, a list of property names: fields a
//! request is wrong without although the spec does not mark them required
//! (responses may still leave them out, so they stay `Option`s). The listed
//! ones come first, in the extension's order.

use std::collections::{HashMap, HashSet};

use super::names::NameSet;
use crate::ir::Struct;
use crate::pointer::Pointer;

/// Methods a setter must not be called: the constructor, the functions
/// serde calls for defaults (added per struct), methods of the traits every
/// struct implements or gets for free, which an inherent method of the same
/// name would hide from `value.clone()`-style calls, and the binary
/// operators, whose shape (`self` and one argument) a setter has, so that
/// clippy's `should_implement_trait` would ask for the trait.
const TAKEN: &[&str] = &[
    "new",
    "clone",
    "clone_from",
    "clone_into",
    "to_owned",
    "fmt",
    "eq",
    "ne",
    "default",
    "serialize",
    "deserialize",
    "into",
    "from",
    "try_into",
    "try_from",
    "borrow",
    "borrow_mut",
    "type_id",
    "add",
    "sub",
    "mul",
    "div",
    "rem",
    "shl",
    "shr",
    "bitand",
    "bitor",
    "bitxor",
];

/// Puts the fields `listed` names (the value of `x-constructor-fields`,
/// found at `at`) at the head of the constructor. Returns what could not be
/// used, with where it is and why.
pub fn listed(model: &mut Struct, listed: &serde_json::Value, at: &Pointer) -> Vec<(Pointer, String)> {
    let Some(entries) = listed.as_array() else {
        return vec![(at.clone(), "`x-constructor-fields` is not a list of property names; ignored".into())];
    };
    let mut unusable = Vec::new();
    let by_wire: HashMap<&str, &str> =
        model.fields.iter().map(|field| (field.wire_name.as_str(), field.rust_name.as_str())).collect();
    let mut taken: HashSet<&str> = model.constructor.iter().map(String::as_str).collect();
    let mut constructor = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        match entry.as_str().and_then(|wire| by_wire.get(wire)) {
            Some(&rust_name) if taken.insert(rust_name) => constructor.push(rust_name.to_owned()),
            Some(_) => {}
            None => unusable.push((
                at.join(index.to_string()),
                format!("{entry} names no property of this schema; `new` does not take it"),
            )),
        }
    }
    model.constructor.extend(constructor);
    unusable
}

/// Adds the fields that are not `Option`s to the constructor and names the
/// setters of the rest.
pub fn complete(model: &mut Struct) {
    let mut taken: HashSet<String> = model.constructor.iter().cloned().collect();
    for field in &model.fields {
        if !field.optional && taken.insert(field.rust_name.clone()) {
            model.constructor.push(field.rust_name.clone());
        }
    }
    let mut methods = NameSet::with_reserved(TAKEN);
    for field in model.fields.iter().filter(|field| field.default.is_some()) {
        methods.claim(field.default_fn());
    }
    for field in &mut model.fields {
        if taken.contains(&field.rust_name) {
            continue;
        }
        let name = &field.rust_name;
        let setter = if methods.is_taken(name) {
            methods.claim(format!("set_{}", name.trim_start_matches("r#")))
        } else {
            methods.claim(name.clone())
        };
        field.setter = Some(setter);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{DefaultValue, Field, Literal, TypeRef};

    fn field(name: &str, optional: bool) -> Field {
        Field {
            wire_name: name.trim_start_matches("r#").to_owned(),
            rust_name: name.to_owned(),
            ty: TypeRef::String,
            optional,
            skip_if_none: optional,
            default_if_missing: false,
            boxed: false,
            default: None,
            deprecated: false,
            tag: None,
            setter: None,
            docs: String::new(),
        }
    }

    fn model(fields: Vec<Field>) -> Struct {
        Struct { fields, additional: None, derive_default: false, constructor: Vec::new() }
    }

    fn setters(model: &Struct) -> Vec<Option<&str>> {
        model.fields.iter().map(|field| field.setter.as_deref()).collect()
    }

    #[test]
    fn required_fields_are_arguments_and_the_rest_get_setters() {
        let mut model = model(vec![field("a", true), field("b", false), field("r#type", true)]);
        complete(&mut model);
        assert_eq!(model.constructor, ["b"]);
        assert_eq!(setters(&model), [Some("a"), None, Some("r#type")]);
    }

    #[test]
    fn listed_fields_come_first_in_their_order() {
        let mut model = model(vec![field("actions", true), field("id", false), field("namespace", true)]);
        let unusable =
            listed(&mut model, &serde_json::json!(["namespace", "actions", "nope", 3]), &Pointer::root());
        complete(&mut model);
        assert_eq!(model.constructor, ["namespace", "actions", "id"]);
        assert_eq!(setters(&model), [None, None, None]);
        let at: Vec<String> = unusable.iter().map(|(at, _)| at.to_string()).collect();
        assert_eq!(at, ["#/2", "#/3"]);
        let mut other = self::model(vec![field("a", true)]);
        assert_eq!(listed(&mut other, &serde_json::json!("a"), &Pointer::root()).len(), 1);
        assert!(other.constructor.is_empty());
    }

    #[test]
    fn setters_avoid_methods_the_struct_has() {
        let mut with_default = field("limit", true);
        with_default.default = Some(DefaultValue::Literal(Literal::Int(3)));
        let fields = vec![
            field("new", true),
            field("clone", true),
            field("default_limit", true),
            with_default,
            field("set_new", true),
        ];
        let mut model = model(fields);
        complete(&mut model);
        assert_eq!(
            setters(&model),
            [
                Some("set_new"),
                Some("set_clone"),
                Some("set_default_limit"),
                Some("limit"),
                Some("set_set_new")
            ]
        );
    }
}
