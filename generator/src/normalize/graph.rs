//! Passes over the finished set of models: which fields must be boxed to
//! break recursion, and which structs can derive `Default`.

use std::collections::{HashMap, HashSet};

use crate::ir::{Model, ModelKind, TypeRef};

/// Boxes every struct field and union variant whose type leads back to the
/// model holding it without passing through a `Vec` or map (which already
/// allocate); otherwise the type would have infinite size.
pub fn box_recursive_fields(models: &mut [Model]) {
    let edges: HashMap<String, Vec<String>> =
        models.iter().map(|model| (model.name.clone(), direct_targets(&model.kind))).collect();
    for model in models.iter_mut() {
        let reaches_self =
            |ty: &TypeRef| inline_model(ty).is_some_and(|target| reaches(&edges, target, &model.name));
        match &mut model.kind {
            ModelKind::Struct(fields) => {
                for field in &mut fields.fields {
                    field.boxed = reaches_self(&field.ty);
                }
            }
            ModelKind::Union(union) => {
                for variant in &mut union.variants {
                    variant.boxed = reaches_self(&variant.ty);
                }
            }
            ModelKind::Enum(_) | ModelKind::Alias(_) => {}
        }
    }
}

/// Marks structs whose every required field has a `Default` (optional fields
/// are `Option` and always do). Computed as a fixed point because structs
/// refer to each other.
pub fn decide_default(models: &mut [Model]) {
    let mut defaultable: HashSet<String> = models
        .iter()
        .filter(|model| matches!(model.kind, ModelKind::Struct(_) | ModelKind::Alias(_)))
        .map(|model| model.name.clone())
        .collect();
    loop {
        let lost: Vec<String> = models
            .iter()
            .filter(|model| defaultable.contains(&model.name))
            .filter(|model| !kind_has_default(&model.kind, &defaultable))
            .map(|model| model.name.clone())
            .collect();
        if lost.is_empty() {
            break;
        }
        for name in lost {
            defaultable.remove(&name);
        }
    }
    for model in models {
        if let ModelKind::Struct(fields) = &mut model.kind {
            fields.derive_default = defaultable.contains(&model.name);
        }
    }
}

fn kind_has_default(kind: &ModelKind, defaultable: &HashSet<String>) -> bool {
    match kind {
        ModelKind::Struct(fields) => {
            fields.fields.iter().all(|field| field.optional || type_has_default(&field.ty, defaultable))
        }
        ModelKind::Alias(target) => type_has_default(target, defaultable),
        ModelKind::Enum(_) | ModelKind::Union(_) => false,
    }
}

fn type_has_default(ty: &TypeRef, defaultable: &HashSet<String>) -> bool {
    match ty {
        TypeRef::Model(name) => defaultable.contains(name),
        _ => true,
    }
}

/// The model a value of this type holds inline (not behind a `Vec` or map).
fn inline_model(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Model(name) => Some(name),
        TypeRef::Option(inner) => inline_model(inner),
        _ => None,
    }
}

/// Models held inline by a model.
fn direct_targets(kind: &ModelKind) -> Vec<String> {
    let types: Vec<&TypeRef> = match kind {
        ModelKind::Struct(fields) => fields.fields.iter().map(|field| &field.ty).collect(),
        ModelKind::Union(union) => union.variants.iter().map(|variant| &variant.ty).collect(),
        ModelKind::Alias(target) => vec![target],
        ModelKind::Enum(_) => Vec::new(),
    };
    types.into_iter().filter_map(inline_model).map(str::to_owned).collect()
}

fn reaches(edges: &HashMap<String, Vec<String>>, from: &str, to: &str) -> bool {
    let mut seen = HashSet::new();
    let mut stack = vec![from];
    while let Some(current) = stack.pop() {
        if current == to {
            return true;
        }
        if seen.insert(current) {
            stack.extend(edges.get(current).into_iter().flatten().map(String::as_str));
        }
    }
    false
}
