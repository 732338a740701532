//! The bound on how deep generated types nest, checked on the IR of specs
//! shaped like the ones that broke rustc: long chains, dense webs of models
//! that all reach one another, deeply nested lists.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::{steps, BUDGET};
use crate::ir::{Api, Model, ModelKind, TypeRef};
use crate::normalize::{normalize, Settings};

fn api(schemas: Map<String, Value>) -> Api {
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1.0.0"},
        "paths": {},
        "components": {"schemas": schemas},
    });
    let spec: openapiv3::OpenAPI = serde_json::from_value(spec).expect("an OpenAPI document");
    let settings = Settings {
        package_name: None,
        spec_label: "test.json".to_owned(),
        schema_copies: Default::default(),
    };
    normalize(&spec, &Default::default(), &settings)
}

fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// The longest walk from any model, in steps, as the emitted types give
/// it: one per model, one per `Option` (optional fields included), two per
/// `Box`, three per `Vec`, nine per map. The models must not reach one another
/// in a cycle, but through a self-reference (a recursive type), which the
/// drop check and auto traits visit once.
fn longest_walk(models: &[Model]) -> usize {
    let by_name: HashMap<&str, &Model> = models.iter().map(|model| (model.name.as_str(), model)).collect();
    fn held(ty: &TypeRef) -> Option<&str> {
        match ty {
            TypeRef::Model(name) => Some(name),
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => held(inner),
            _ => None,
        }
    }
    fn walk<'a>(
        name: &'a str,
        by_name: &HashMap<&'a str, &'a Model>,
        memo: &mut HashMap<&'a str, usize>,
        on_path: &mut Vec<&'a str>,
    ) -> usize {
        if let Some(&known) = memo.get(name) {
            return known;
        }
        assert!(!on_path.contains(&name), "a cycle through {name} is left: {on_path:?}");
        on_path.push(name);
        let model = by_name[name];
        let mut slots: Vec<(usize, &TypeRef)> = Vec::new();
        match &model.kind {
            ModelKind::Struct(fields) => {
                for field in &fields.fields {
                    let boxed = if field.boxed { 2 } else { 0 };
                    slots.push((usize::from(field.optional) + boxed, &field.ty));
                }
                slots.extend(fields.additional.iter().map(|extra| (9, &extra.value)));
            }
            ModelKind::Union(union) => slots.extend(
                union.variants.iter().map(|variant| (if variant.boxed { 2 } else { 0 }, &variant.ty)),
            ),
            ModelKind::Alias(target) => slots.push((0, target)),
            ModelKind::Newtype(newtype) => slots.push((if newtype.boxed { 2 } else { 0 }, &newtype.ty)),
            ModelKind::Enum(_) => {}
        }
        let mut deepest = 0;
        for (extra, ty) in slots {
            let Some(target) = held(ty).filter(|target| *target != name) else { continue };
            let step = usize::from(!matches!(by_name[target].kind, ModelKind::Alias(_)));
            deepest = deepest.max(extra + steps(ty) + step + walk(target, by_name, memo, on_path));
        }
        on_path.pop();
        memo.insert(name, deepest);
        deepest
    }
    let mut memo = HashMap::new();
    models.iter().map(|model| walk(&model.name, &by_name, &mut memo, &mut Vec::new())).max().unwrap_or(0)
}

fn warnings(api: &Api) -> Vec<String> {
    api.warnings.iter().map(|warning| warning.line("test.json")).collect()
}

/// 2,000 objects, each holding the next: cut at regular distances, never
/// at every level, and no walk longer than the budget.
#[test]
fn a_long_chain_is_cut_where_it_would_go_too_deep() {
    let count = 2000;
    let mut schemas = Map::new();
    for level in 0..count {
        let mut properties = json!({"name": {"type": "string"}});
        if level + 1 < count {
            properties["next"] = reference(&format!("Level{}", level + 1));
        }
        schemas.insert(format!("Level{level}"), json!({"type": "object", "properties": properties}));
    }
    let api = api(schemas);
    assert!(longest_walk(&api.models) <= BUDGET, "{}", longest_walk(&api.models));
    let warned = warnings(&api);
    // Each level costs two steps (the `Option` and the struct), so at least
    // `BUDGET / 2` levels stay typed between two cuts.
    assert!(warned.len() <= count / (BUDGET / 2), "{} cuts", warned.len());
    assert!(warned.len() >= count * 2 / BUDGET - 1, "{} cuts", warned.len());
    assert!(
        warned[0].starts_with("test.json: #/components/schemas/Level")
            && warned[0].contains("`next` of `Level"),
        "{warned:?}"
    );
}

/// A web like the 2,000-operation synthetic spec's: every resource owns one
/// other and lists another, so all of them reach one another.
#[test]
fn a_dense_web_of_models_is_taken_apart() {
    let count = 250;
    let mut schemas = Map::new();
    for index in 0..count {
        let owner = format!("Resource{}", (index * 7 + 1) % count);
        let related = format!("Resource{}", (index * 13 + 5) % count);
        schemas.insert(
            format!("Resource{index}"),
            json!({
                "type": "object",
                "properties": {
                    "owner": reference(&owner),
                    "related": {"type": "array", "items": reference(&related)},
                    "id": {"type": "string"}
                }
            }),
        );
    }
    let api = api(schemas);
    assert!(longest_walk(&api.models) <= BUDGET, "{}", longest_walk(&api.models));
    let typed = api
        .models
        .iter()
        .filter_map(|model| match &model.kind {
            ModelKind::Struct(fields) => {
                Some(fields.fields.iter().filter(|field| field.ty.mentions_model()).count())
            }
            _ => None,
        })
        .sum::<usize>();
    assert!(typed > count, "most links stay typed: {typed} of {}", 2 * count);
}

/// Recursive types of real APIs stay whole.
#[test]
fn small_recursive_types_keep_their_types() {
    let mut schemas = Map::new();
    schemas.insert(
        "Node".to_owned(),
        json!({
            "type": "object",
            "properties": {
                "children": {"type": "array", "items": reference("Node")},
                "parent": reference("Node"),
                "labels": {"type": "object", "additionalProperties": reference("Node")},
                "comment": reference("Comment")
            }
        }),
    );
    schemas.insert(
        "Comment".to_owned(),
        json!({
            "type": "object",
            "properties": {
                "replies": {"type": "array", "items": reference("Comment")},
                "node": reference("Node")
            }
        }),
    );
    let api = api(schemas);
    assert_eq!(warnings(&api), Vec::<String>::new());
}

/// An untagged union tries its variants in order, and a
/// `serde_json::Value` decodes from anything: a cut variant goes last.
#[test]
fn a_cut_variant_of_an_untagged_union_is_tried_last() {
    let count = 200;
    let mut schemas = Map::new();
    for level in 0..count {
        let next = if level + 1 < count {
            reference(&format!("Level{}", level + 1))
        } else {
            json!({"type": "string"})
        };
        schemas.insert(
            format!("Level{level}"),
            json!({"oneOf": [next, {"type": "integer"}, {"type": "boolean"}]}),
        );
    }
    let api = api(schemas);
    assert!(longest_walk(&api.models) <= BUDGET, "{}", longest_walk(&api.models));
    let mut cut = 0;
    for model in &api.models {
        let ModelKind::Union(union) = &model.kind else { panic!("{} is not a union", model.name) };
        if union.variants.last().is_some_and(|variant| variant.ty == TypeRef::Json) {
            cut += 1;
            assert_eq!(union.variants[0].ty, TypeRef::Int(crate::ir::IntType::I64), "{}", model.name);
        }
    }
    assert!(cut > 0 && cut == warnings(&api).len(), "{cut} cut: {:?}", warnings(&api));
}

/// Lists of lists of ... of strings, 40 deep (about what a JSON or YAML
/// parser lets a file nest): the inner ones are JSON.
#[test]
fn deeply_nested_lists_end_in_json() {
    let mut schema = json!({"type": "string"});
    for _ in 0..40 {
        schema = json!({"type": "array", "items": schema});
    }
    let mut schemas = Map::new();
    schemas.insert("Grid".to_owned(), json!({"type": "object", "properties": {"cells": schema}}));
    let api = api(schemas);
    let ModelKind::Struct(fields) = &api.models[0].kind else { panic!("a struct") };
    let mut ty = &fields.fields[0].ty;
    let mut lists = 0;
    while let TypeRef::List(inner) = ty {
        lists += 1;
        ty = inner;
    }
    assert_eq!(*ty, TypeRef::Json);
    assert!(steps(&fields.fields[0].ty) <= super::TYPE_BUDGET && lists > 1, "{lists} lists");
    assert!(!warnings(&api).is_empty());
}

/// Objects of a payment API refer to one another through a few hubs (a
/// charge names its customer, the customer its default charge, ...): all
/// of them reach one another, but rustc's depth-first walks stay short, so
/// they keep their types.
#[test]
fn a_web_around_hubs_stays_whole() {
    let spokes = 40;
    let mut schemas = Map::new();
    let mut hub = Map::new();
    for index in 0..spokes {
        hub.insert(format!("spoke{index}"), reference(&format!("Spoke{index}")));
        schemas.insert(
            format!("Spoke{index}"),
            json!({"type": "object", "properties": {"hub": reference("Hub"), "id": {"type": "string"}}}),
        );
    }
    schemas.insert("Hub".to_owned(), json!({"type": "object", "properties": hub}));
    assert_eq!(warnings(&api(schemas)), Vec::<String>::new());
}
