//! How deep generated types nest. rustc's checks walk a type through every
//! type it holds (the drop check, auto traits such as `Send`, which every
//! operation's output needs, and layout) and fail past the recursion limit
//! of the crate doing the check: 128 unless that crate raises it, and a spec
//! cannot raise it in its users' crates, where values are dropped and sent
//! between threads. A chain of 2,000 nested objects, or a few hundred models
//! that all reach one another, goes far past it. A `Box` does not help:
//! those checks walk through it.
//!
//! So the walk from every model is bounded here, by a fixed budget: where a
//! path through the models would go further, the type that continues it
//! becomes `serde_json::Value` (the data still arrives, as JSON), with a
//! warning naming the place.

use std::collections::{HashMap, HashSet};

use super::graph::strongly_connected_components;
use crate::ir::{DefaultValue, Model, ModelKind, TypeRef};

/// How far the walk from any model may go, in [`steps`]: rustc's default
/// limit (128) less what users hold results in (`Result`, `Vec`, the futures
/// that keep them across an `.await`).
pub const BUDGET: usize = 112;

/// How far the walk may go inside a group of models that all reach one
/// another before the group is taken apart: ordinary recursive types (a
/// tree of nodes, a comment and its replies) and the webs of objects that
/// refer to one another in payment APIs stay whole, with room for the
/// paths that leave them.
const GROUP_BUDGET: usize = 96;

/// How far the walk may go through one type's own wrappers
/// (`Vec<Vec<...>>`); past that, the inner type is `serde_json::Value`.
pub const TYPE_BUDGET: usize = 24;

/// The steps the walk takes through a type's wrappers. Measured with rustc
/// 1.95 on chains of structs, the most expensive check (`Send`) takes about
/// one step per struct and `Option`, two per `Box`, three per `Vec` and
/// nine per `BTreeMap`; the drop check and layout take fewer.
pub fn steps(ty: &TypeRef) -> usize {
    match ty {
        TypeRef::Option(inner) => 1 + steps(inner),
        TypeRef::List(inner) => 3 + steps(inner),
        TypeRef::Map(inner) => 9 + steps(inner),
        _ => 0,
    }
}

/// Steps of a `Box`, which a type on a cycle may get.
const BOX_STEPS: usize = 2;

/// Where a model holds a type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Field(usize),
    Additional,
    Variant(usize),
    Target,
}

/// A model holding another.
struct Edge {
    holder: usize,
    slot: Slot,
    target: usize,
    /// The steps from the holder into the target.
    steps: usize,
}

/// A place whose type became `serde_json::Value`.
#[derive(Debug, PartialEq, Eq)]
pub struct Cut {
    /// The model holding it.
    pub model: String,
    /// The field (its JSON name), union variant, `additionalProperties` or
    /// aliased type.
    pub place: String,
    /// The model it held.
    pub held: String,
}

/// Makes every walk through `models` fit [`BUDGET`]: first takes apart the
/// groups of models that reach one another and could be walked too far
/// inside, by cutting the links back into the walk, then cuts the links
/// into models from which the rest of the walk would not fit.
pub fn bound(models: &mut [Model]) -> Vec<Cut> {
    let edges = edges(models);
    let mut kept = vec![true; edges.len()];
    take_heavy_groups_apart(models.len(), &edges, &mut kept);
    cut_deep_links(models.len(), &edges, &mut kept);
    let mut cuts = Vec::new();
    let mut cut_variants: HashSet<(usize, usize)> = HashSet::new();
    for (edge, _) in edges.iter().zip(&kept).filter(|(_, kept)| !**kept) {
        cuts.push(Cut {
            model: models[edge.holder].name.clone(),
            place: place(&models[edge.holder].kind, edge.slot),
            held: models[edge.target].name.clone(),
        });
        untype(&mut models[edge.holder].kind, edge.slot);
        if let Slot::Variant(position) = edge.slot {
            cut_variants.insert((edge.holder, position));
        }
    }
    for (holder, model) in models.iter_mut().enumerate() {
        if let ModelKind::Union(union) = &mut model.kind {
            if union.discriminator.is_none() {
                // An untagged union keeps the first variant that decodes, and
                // `serde_json::Value` decodes from anything: cut variants go
                // last, so that every other one is still tried first.
                let (cut, whole): (Vec<_>, Vec<_>) = std::mem::take(&mut union.variants)
                    .into_iter()
                    .enumerate()
                    .partition(|(position, _)| cut_variants.contains(&(holder, *position)));
                union.variants = whole.into_iter().chain(cut).map(|(_, variant)| variant).collect();
            }
        }
    }
    cuts
}

/// Every model each model holds, with the steps into it.
fn edges(models: &[Model]) -> Vec<Edge> {
    let index: HashMap<&str, usize> =
        models.iter().enumerate().map(|(position, model)| (model.name.as_str(), position)).collect();
    let mut edges = Vec::new();
    for (holder, model) in models.iter().enumerate() {
        let mut add = |slot: Slot, ty: &TypeRef, wrapper_steps: usize| {
            if let Some(&target) = held_model(ty).and_then(|name| index.get(name)) {
                let step = usize::from(!matches!(models[target].kind, ModelKind::Alias(_)));
                edges.push(Edge { holder, slot, target, steps: wrapper_steps + steps(ty) + step });
            }
        };
        match &model.kind {
            ModelKind::Struct(fields) => {
                for (position, field) in fields.fields.iter().enumerate() {
                    add(Slot::Field(position), &field.ty, usize::from(field.optional));
                }
                if let Some(extra) = &fields.additional {
                    add(Slot::Additional, &extra.value, steps(&TypeRef::Map(Box::new(TypeRef::Json))));
                }
            }
            ModelKind::Union(union) => {
                for (position, variant) in union.variants.iter().enumerate() {
                    add(Slot::Variant(position), &variant.ty, 0);
                }
            }
            ModelKind::Alias(target) => add(Slot::Target, target, 0),
            ModelKind::Newtype(newtype) => add(Slot::Target, &newtype.ty, 0),
            ModelKind::Enum(_) => {}
        }
    }
    edges
}

/// The model a type holds, behind any wrappers.
fn held_model(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Model(name) => Some(name),
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => held_model(inner),
        _ => None,
    }
}

/// The group of each model (models that reach one another through kept
/// links), and how far a walk may go inside each group.
fn groups(count: usize, edges: &[Edge], kept: &[bool]) -> (Vec<usize>, Vec<usize>) {
    let mut adjacency = vec![Vec::new(); count];
    for (edge, _) in edges.iter().zip(kept).filter(|(_, kept)| **kept) {
        adjacency[edge.holder].push(edge.target);
    }
    let group = strongly_connected_components(&adjacency);
    let mut inside_links: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (position, edge) in edges.iter().enumerate() {
        if kept[position] && group[edge.holder] == group[edge.target] {
            inside_links[edge.holder].push(position);
        }
    }
    // At most every member once, each leaving by its most expensive link.
    let mut inside = vec![0; group.iter().map(|&g| g + 1).max().unwrap_or(0)];
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); inside.len()];
    for (model, &g) in group.iter().enumerate() {
        members[g].push(model);
        let costliest = inside_links[model].iter().map(|&position| link_steps(&edges[position])).max();
        inside[g] += costliest.unwrap_or(0);
    }
    // That bound holds for any walk; rustc's walks are shorter, and
    // measured where that is cheap enough.
    for (g, members) in members.iter().enumerate() {
        if members.len() > 1 && members.len() <= MEASURED_GROUP {
            inside[g] = inside[g].min(deepest_search(members, edges, &inside_links));
        } else if inside[g] > GROUP_BUDGET {
            inside[g] = usize::MAX;
        }
    }
    (group, inside)
}

/// The steps of a link between two models of one group (which may be boxed).
fn link_steps(edge: &Edge) -> usize {
    edge.steps + BOX_STEPS
}

/// The largest group whose walks are measured one by one; a larger one
/// that could be walked too far is taken apart without measuring (measuring
/// costs the group's size times its links).
const MEASURED_GROUP: usize = 512;

/// How far rustc's checks walk inside a group. They search depth-first from
/// where they enter it, through the fields in order (auto traits) or in
/// reverse (the drop check's stack), and never enter a group twice: the
/// first entry reaches every member. So the deepest of those searches, from
/// every member in both orders, is how far they go inside.
fn deepest_search(members: &[usize], edges: &[Edge], inside_links: &[Vec<usize>]) -> usize {
    let mut deepest = 0;
    let mut seen_in: HashMap<usize, usize> = HashMap::new();
    let mut search = 0;
    for reversed in [false, true] {
        for &start in members {
            search += 1;
            seen_in.insert(start, search);
            let mut path = vec![(start, 0, 0)];
            while let Some((model, next, depth)) = path.pop() {
                deepest = deepest.max(depth);
                let links = &inside_links[model];
                let Some(&position) = (if reversed { links.iter().rev().nth(next) } else { links.get(next) })
                else {
                    continue;
                };
                path.push((model, next + 1, depth));
                let target = edges[position].target;
                if seen_in.get(&target) != Some(&search) {
                    seen_in.insert(target, search);
                    path.push((target, 0, depth + link_steps(&edges[position])));
                }
            }
        }
    }
    deepest
}

/// Cuts the links that close cycles inside the groups a walk could go too
/// far in, found by a depth-first search in model order, so that those
/// models no longer reach one another.
fn take_heavy_groups_apart(count: usize, edges: &[Edge], kept: &mut [bool]) {
    let (group, inside) = groups(count, edges, kept);
    let mut outgoing: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (position, edge) in edges.iter().enumerate() {
        let heavy = inside[group[edge.holder]] > GROUP_BUDGET;
        if heavy && group[edge.holder] == group[edge.target] {
            outgoing[edge.holder].push(position);
        }
    }
    // 0: not seen, 1: on the search's path, 2: done.
    let mut state = vec![0u8; count];
    for start in 0..count {
        if state[start] != 0 || outgoing[start].is_empty() {
            continue;
        }
        state[start] = 1;
        let mut path = vec![(start, 0)];
        while let Some((model, next)) = path.pop() {
            let Some(&position) = outgoing[model].get(next) else {
                state[model] = 2;
                continue;
            };
            path.push((model, next + 1));
            let target = edges[position].target;
            match state[target] {
                0 => {
                    state[target] = 1;
                    path.push((target, 0));
                }
                1 => kept[position] = false,
                _ => {}
            }
        }
    }
}

/// Cuts, from the models that hold nothing inward, every link whose walk
/// would not fit the budget, so that the walk from every group fits it.
fn cut_deep_links(count: usize, edges: &[Edge], kept: &mut [bool]) {
    let (group, inside) = groups(count, edges, kept);
    let mut leaving: Vec<Vec<usize>> = vec![Vec::new(); inside.len()];
    for (position, edge) in edges.iter().enumerate() {
        if kept[position] && group[edge.holder] != group[edge.target] {
            leaving[group[edge.holder]].push(position);
        }
    }
    // The longest walk from each group, computed after those of the groups
    // it leads to; an explicit stack keeps deep chains off the call stack.
    let mut depth: Vec<Option<usize>> = vec![None; inside.len()];
    for start in 0..inside.len() {
        let mut stack = vec![start];
        while let Some(&current) = stack.last() {
            if depth[current].is_some() {
                stack.pop();
                continue;
            }
            let pending: Vec<usize> = leaving[current]
                .iter()
                .map(|&position| group[edges[position].target])
                .filter(|&next| depth[next].is_none())
                .collect();
            if !pending.is_empty() {
                stack.extend(pending);
                continue;
            }
            let mut deepest = 0;
            for &position in &leaving[current] {
                let walk = edges[position].steps + depth[group[edges[position].target]].unwrap_or(0);
                if inside[current].saturating_add(walk) > BUDGET {
                    kept[position] = false;
                } else {
                    deepest = deepest.max(walk);
                }
            }
            depth[current] = Some(inside[current] + deepest);
            stack.pop();
        }
    }
}

/// How a warning names a place.
fn place(kind: &ModelKind, slot: Slot) -> String {
    match (kind, slot) {
        (ModelKind::Struct(fields), Slot::Field(position)) => {
            format!("`{}`", fields.fields[position].wire_name)
        }
        (ModelKind::Union(union), Slot::Variant(position)) => {
            format!("the variant `{}`", union.variants[position].name)
        }
        (_, Slot::Additional) => "`additionalProperties`".to_owned(),
        _ => "its type".to_owned(),
    }
}

/// Replaces the model the slot holds by `serde_json::Value`, in the same
/// wrappers.
fn untype(kind: &mut ModelKind, slot: Slot) {
    let ty = match (kind, slot) {
        (ModelKind::Struct(fields), Slot::Field(position)) => {
            let field = &mut fields.fields[position];
            if matches!(field.default, Some(DefaultValue::Variant { .. })) {
                field.default = None;
            }
            &mut field.ty
        }
        (ModelKind::Struct(fields), Slot::Additional) => match &mut fields.additional {
            Some(extra) => &mut extra.value,
            None => return,
        },
        (ModelKind::Union(union), Slot::Variant(position)) => &mut union.variants[position].ty,
        (ModelKind::Alias(target), Slot::Target) => target,
        (ModelKind::Newtype(newtype), Slot::Target) => &mut newtype.ty,
        _ => return,
    };
    let mut inner = ty;
    while let TypeRef::List(next) | TypeRef::Map(next) | TypeRef::Option(next) = inner {
        inner = next;
    }
    *inner = TypeRef::Json;
}

#[cfg(test)]
mod tests;
