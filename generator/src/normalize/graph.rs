//! Passes over the finished set of models: which aliases must become
//! newtypes and which fields must be boxed to break recursion, and which
//! structs can derive `Default`.

use std::collections::{HashMap, HashSet};

use crate::ir::{Model, ModelKind, Newtype, TypeRef};

/// Types as `serde_json::Value` the aliases that stand for one another and
/// for nothing else (`Tray = Slot` and `Slot = Tray`, as a one-member
/// `allOf` and a `$ref` around each other write it): no finite value meets
/// them, and as newtypes they would decode by recursing without end.
/// Returns their names.
pub fn untype_bare_alias_cycles(models: &mut [Model]) -> Vec<String> {
    let bare = |target: &TypeRef| match target {
        TypeRef::Model(name) => vec![name.clone()],
        _ => Vec::new(),
    };
    let in_cycle = alias_cycles(models, bare);
    let mut untyped = Vec::new();
    for (model, in_cycle) in models.iter_mut().zip(in_cycle) {
        if in_cycle {
            model.kind = ModelKind::Alias(TypeRef::Json);
            untyped.push(model.name.clone());
        }
    }
    untyped.sort();
    untyped
}

/// Turns aliases that name themselves (`Tree = Vec<Tree>`, directly or
/// through other aliases) into newtypes: Rust cannot expand a recursive type
/// alias, but a struct may hold itself in a `Vec`.
pub fn newtype_recursive_aliases(models: &mut [Model]) {
    let anywhere = |target: &TypeRef| {
        let mut targets = Vec::new();
        collect_models(target, &mut targets);
        targets
    };
    let in_cycle = alias_cycles(models, anywhere);
    for (model, in_cycle) in models.iter_mut().zip(in_cycle) {
        if let (true, ModelKind::Alias(target)) = (in_cycle, &model.kind) {
            model.kind =
                ModelKind::Newtype(Newtype { ty: target.clone(), boxed: false, derive_default: false });
        }
    }
}

/// For each model, whether it is an alias on a cycle of aliases, following
/// from each alias the models `targets` finds in its type.
fn alias_cycles(models: &[Model], targets: impl Fn(&TypeRef) -> Vec<String>) -> Vec<bool> {
    let index: HashMap<&str, usize> = models
        .iter()
        .enumerate()
        .filter(|(_, model)| matches!(model.kind, ModelKind::Alias(_)))
        .map(|(position, model)| (model.name.as_str(), position))
        .collect();
    let edges: Vec<Vec<usize>> = models
        .iter()
        .map(|model| match &model.kind {
            ModelKind::Alias(target) => {
                targets(target).iter().filter_map(|target| index.get(target.as_str()).copied()).collect()
            }
            _ => Vec::new(),
        })
        .collect();
    let component = strongly_connected_components(&edges);
    let mut size: HashMap<usize, usize> = HashMap::new();
    for &c in &component {
        *size.entry(c).or_default() += 1;
    }
    (0..models.len())
        .map(|position| size[&component[position]] > 1 || edges[position].contains(&position))
        .collect()
}

/// Boxes every struct field and union variant whose type leads back to the
/// model holding it without passing through a `Vec` or map (which already
/// allocate); otherwise the type would have infinite size. That is exactly
/// a field whose model is in the same strongly connected component as its
/// holder, computed once for the whole graph.
pub fn box_recursive_fields(models: &mut [Model]) {
    let index: HashMap<&str, usize> =
        models.iter().enumerate().map(|(position, model)| (model.name.as_str(), position)).collect();
    let edges: Vec<Vec<usize>> = models
        .iter()
        .map(|model| {
            direct_targets(&model.kind)
                .iter()
                .filter_map(|target| index.get(target.as_str()).copied())
                .collect()
        })
        .collect();
    let component = strongly_connected_components(&edges);
    let position: HashMap<String, usize> =
        index.into_iter().map(|(name, position)| (name.to_owned(), position)).collect();
    for (holder, model) in models.iter_mut().enumerate() {
        let cyclic = |ty: &TypeRef| {
            inline_model(ty)
                .and_then(|target| position.get(target))
                .is_some_and(|&target| component[target] == component[holder])
        };
        match &mut model.kind {
            ModelKind::Struct(fields) => {
                for field in &mut fields.fields {
                    field.boxed = cyclic(&field.ty);
                }
            }
            ModelKind::Union(union) => {
                for variant in &mut union.variants {
                    variant.boxed = cyclic(&variant.ty);
                }
            }
            ModelKind::Newtype(newtype) => newtype.boxed = cyclic(&newtype.ty),
            ModelKind::Enum(_) | ModelKind::Alias(_) => {}
        }
    }
}

/// The strongly connected component of each node (Kosaraju's algorithm,
/// iterative so deep graphs cannot overflow the stack).
pub(super) fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    let count = edges.len();
    let mut order = Vec::with_capacity(count);
    let mut visited = vec![false; count];
    for start in 0..count {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        let mut stack = vec![(start, 0)];
        while let Some((node, next)) = stack.pop() {
            if let Some(&target) = edges[node].get(next) {
                stack.push((node, next + 1));
                if !visited[target] {
                    visited[target] = true;
                    stack.push((target, 0));
                }
            } else {
                order.push(node);
            }
        }
    }
    let mut reverse = vec![Vec::new(); count];
    for (node, targets) in edges.iter().enumerate() {
        for &target in targets {
            reverse[target].push(node);
        }
    }
    let mut component = vec![usize::MAX; count];
    for (next_component, &root) in order.iter().rev().enumerate() {
        if component[root] != usize::MAX {
            continue;
        }
        component[root] = next_component;
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            for &source in &reverse[node] {
                if component[source] == usize::MAX {
                    component[source] = next_component;
                    stack.push(source);
                }
            }
        }
    }
    component
}

/// Marks structs whose every required field has a `Default` (optional fields
/// are `Option` and always do). Computed as a fixed point because structs
/// refer to each other.
pub fn decide_default(models: &mut [Model]) {
    let mut defaultable: HashSet<String> = models
        .iter()
        .filter(|model| match &model.kind {
            ModelKind::Struct(_) | ModelKind::Alias(_) | ModelKind::Newtype(_) => true,
            ModelKind::Enum(values) => values.default.is_some(),
            ModelKind::Union(_) => false,
        })
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
        let derives = defaultable.contains(&model.name);
        match &mut model.kind {
            ModelKind::Struct(fields) => fields.derive_default = derives,
            ModelKind::Newtype(newtype) => newtype.derive_default = derives,
            ModelKind::Enum(_) | ModelKind::Union(_) | ModelKind::Alias(_) => {}
        }
    }
}

fn kind_has_default(kind: &ModelKind, defaultable: &HashSet<String>) -> bool {
    match kind {
        ModelKind::Struct(fields) => {
            fields.fields.iter().all(|field| field.optional || type_has_default(&field.ty, defaultable))
        }
        ModelKind::Alias(target) => type_has_default(target, defaultable),
        ModelKind::Newtype(newtype) => type_has_default(&newtype.ty, defaultable),
        ModelKind::Enum(values) => values.default.is_some(),
        ModelKind::Union(_) => false,
    }
}

fn type_has_default(ty: &TypeRef, defaultable: &HashSet<String>) -> bool {
    match ty {
        TypeRef::Model(name) => defaultable.contains(name),
        _ => true,
    }
}

/// Every model a type mentions, behind any wrapper.
fn collect_models(ty: &TypeRef, out: &mut Vec<String>) {
    match ty {
        TypeRef::Model(name) => out.push(name.clone()),
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => collect_models(inner, out),
        _ => {}
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
    kind.held_types().into_iter().filter_map(inline_model).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::strongly_connected_components;

    #[test]
    fn cycles_share_a_component_and_chains_do_not() {
        // 0 -> 1 -> 2 -> 0 is a cycle; 3 -> 0 points into it; 4 refers to itself.
        let edges = vec![vec![1], vec![2], vec![0], vec![0], vec![4]];
        let component = strongly_connected_components(&edges);
        assert_eq!(component[0], component[1]);
        assert_eq!(component[1], component[2]);
        assert_ne!(component[3], component[0]);
        assert_ne!(component[4], component[3]);
        assert_ne!(component[4], component[0]);
    }
}
