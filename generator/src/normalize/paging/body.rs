//! Looking into a page's body: the struct a response decodes to (through
//! aliases), its fields and those of the structs in it, and its list of
//! items. Names are compared in a normal form, so `next_cursor`,
//! `nextCursor` and `NextCursor` are one name.

use std::collections::HashMap;

use crate::ir::{Field, FieldStep, Model, ModelKind, Struct, TypeRef};

/// The models, by name.
pub struct Models<'m>(HashMap<&'m str, &'m Model>);

/// How deep a chain of aliases is followed.
const MAX_ALIASES: usize = 16;

/// What a list of items is called, in the order a name is preferred when a
/// body has several lists.
const ITEM_NAMES: &[&str] =
    &["items", "data", "entries", "results", "records", "values", "elements", "nodes", "list", "content"];

impl<'m> Models<'m> {
    pub fn new(models: &'m [Model]) -> Self {
        Models(models.iter().map(|model| (model.name.as_str(), model)).collect())
    }

    /// What `ty` is once aliases are followed.
    fn target<'t>(&self, mut ty: &'t TypeRef) -> Option<&'t TypeRef>
    where
        'm: 't,
    {
        for _ in 0..MAX_ALIASES {
            match ty {
                TypeRef::Model(name) => match &self.0.get(name.as_str())?.kind {
                    ModelKind::Alias(target) => ty = target,
                    _ => return Some(ty),
                },
                _ => return Some(ty),
            }
        }
        None
    }

    /// The struct `ty` names, through aliases.
    pub fn structure(&self, ty: &TypeRef) -> Option<&'m Struct> {
        match self.target(ty)? {
            TypeRef::Model(name) => match &self.0.get(name.as_str())?.kind {
                ModelKind::Struct(structure) => Some(structure),
                _ => None,
            },
            _ => None,
        }
    }

    /// The item type of the list `ty` is, through aliases.
    pub fn list_item<'t>(&self, ty: &'t TypeRef) -> Option<&'t TypeRef>
    where
        'm: 't,
    {
        match self.target(ty)? {
            TypeRef::List(item) => Some(item),
            _ => None,
        }
    }

    /// Every field of `body`, then every field of the structs its fields hold, as paths from
    /// the body, in spec order.
    pub fn fields(&self, body: &'m Struct) -> Vec<Vec<FieldStep>> {
        let top = body.fields.iter().map(|field| vec![step(field)]);
        let nested = body.fields.iter().flat_map(|field| {
            let inner = self.structure(&field.ty).map_or(&[][..], |inner| &inner.fields[..]);
            inner.iter().map(move |inner| vec![step(field), step(inner)])
        });
        top.chain(nested).collect()
    }

    /// The fields along `wire_names` from the body of type `ty`.
    pub fn path(&self, ty: &TypeRef, wire_names: &[String]) -> Option<Vec<FieldStep>> {
        let mut steps = Vec::new();
        let mut ty = ty.clone();
        for wire_name in wire_names {
            let field = self.structure(&ty)?.fields.iter().find(|field| &field.wire_name == wire_name)?;
            steps.push(step(field));
            ty = field.ty.clone();
        }
        Some(steps)
    }

    /// Where a page's items are in a body of type `ty`, and their type: the body itself when it
    /// is a list, else its only list field, or the one named like a page's items.
    pub fn items(&self, ty: &TypeRef) -> Result<(Vec<FieldStep>, TypeRef), String> {
        if let Some(item) = self.list_item(ty) {
            return Ok((Vec::new(), item.clone()));
        }
        let Some(body) = self.structure(ty) else {
            return Err("its response is not an object with a list of items".to_owned());
        };
        let lists: Vec<(&Field, &TypeRef)> =
            body.fields.iter().filter_map(|field| Some((field, self.list_item(&field.ty)?))).collect();
        let chosen = match lists.as_slice() {
            [] => return Err("its response has no list of items".to_owned()),
            [only] => only,
            _ => ITEM_NAMES
                .iter()
                .find_map(|name| lists.iter().find(|(field, _)| norm(&field.wire_name) == *name))
                .ok_or_else(|| {
                    let names: Vec<String> =
                        lists.iter().map(|(field, _)| quoted(&field.wire_name)).collect();
                    format!(
                        "its response has several lists ({}) and none is named like a page's items",
                        names.join(", ")
                    )
                })?,
        };
        Ok((vec![step(chosen.0)], chosen.1.clone()))
    }

    /// The items' path as a list of wire names, when given (`x-pagination`'s `items`).
    pub fn named_items(
        &self,
        ty: &TypeRef,
        wire_names: &[String],
    ) -> Result<(Vec<FieldStep>, TypeRef), String> {
        let path = self
            .path(ty, wire_names)
            .ok_or_else(|| format!("`items` names no property of the response: {}", dotted(wire_names)))?;
        let last = path.last().map_or(ty, |step| &step.ty);
        let item =
            self.list_item(last).ok_or_else(|| format!("`items` ({}) is not a list", dotted(wire_names)))?;
        Ok((path.clone(), item.clone()))
    }
}

/// A field as a step of a path.
fn step(field: &Field) -> FieldStep {
    FieldStep {
        wire_name: field.wire_name.clone(),
        rust_name: field.rust_name.clone(),
        optional: field.optional,
        ty: field.ty.clone(),
    }
}

/// A name in its normal form: lowercase letters and digits only.
pub fn norm(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// The normal form of a path's last field.
pub fn last_norm(path: &[FieldStep]) -> String {
    path.last().map(|step| norm(&step.wire_name)).unwrap_or_default()
}

/// A path as the spec's names joined with dots: `response_metadata.next_cursor`.
pub fn dotted(wire_names: &[String]) -> String {
    wire_names.join(".")
}

/// A path of steps as the spec's names joined with dots.
pub fn dotted_steps(path: &[FieldStep]) -> String {
    path.iter().map(|step| step.wire_name.as_str()).collect::<Vec<_>>().join(".")
}

/// A name in backquotes, for reasons.
pub fn quoted(name: &str) -> String {
    format!("`{name}`")
}
