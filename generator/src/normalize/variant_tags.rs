//! The tag of a tagged union's variant is fixed by the variant: a struct
//! that is a variant takes no argument for its tag property and has no
//! setter for it; `new` sets it to the variant's tag, which the union writes
//! anyway (`runtime::tagged`), so a struct sent on its own carries it too.

use std::collections::HashMap;

use crate::ir::{DefaultValue, Literal, Model, ModelKind, TypeRef};

/// Fixes the tag field of every struct that is a variant of tagged unions
/// which all give it the same property and first tag; a struct two unions
/// tag differently keeps its tag as an argument, since neither value is its.
pub fn fix(models: &mut [Model]) {
    let mut tags: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for model in models.iter() {
        let ModelKind::Union(union) = &model.kind else { continue };
        let Some(discriminator) = &union.discriminator else { continue };
        for variant in &union.variants {
            if let (TypeRef::Model(name), Some(tag)) = (&variant.ty, variant.tags.first()) {
                tags.entry(name.clone()).or_default().push((discriminator.property.clone(), tag.clone()));
            }
        }
    }
    let enum_variants: HashMap<String, Vec<(String, String)>> = models
        .iter()
        .filter_map(|model| match &model.kind {
            ModelKind::Enum(values) => Some((
                model.name.clone(),
                values
                    .variants
                    .iter()
                    .filter_map(|variant| match &variant.value {
                        Literal::String(value) => Some((value.clone(), variant.name.clone())),
                        _ => None,
                    })
                    .collect(),
            )),
            _ => None,
        })
        .collect();
    for model in models.iter_mut() {
        let ModelKind::Struct(fields) = &mut model.kind else { continue };
        let Some(found) = tags.get(&model.name) else { continue };
        let (property, tag) = &found[0];
        if found.iter().any(|other| other != &found[0]) {
            continue;
        }
        let Some(field) = fields.fields.iter_mut().find(|field| &field.wire_name == property) else {
            continue;
        };
        let value = match &field.ty {
            TypeRef::String => DefaultValue::Literal(Literal::String(tag.clone())),
            TypeRef::Model(name) => {
                let variant = enum_variants.get(name).and_then(|variants| {
                    variants.iter().find(|(value, _)| value == tag).map(|(_, variant)| variant.clone())
                });
                match variant {
                    Some(variant) => DefaultValue::Variant { model: name.clone(), variant },
                    None => continue,
                }
            }
            _ => continue,
        };
        field.tag = Some(value);
        field.setter = None;
        let rust_name = field.rust_name.clone();
        fields.constructor.retain(|name| *name != rust_name);
    }
}
