//! The IR the normalizer builds for model constructs, checked on small
//! specs: what the emitters are then told to write.

use super::{normalize, Settings};
use crate::ir::{Api, DefaultValue, Field, Literal, Model, ModelKind, Struct, TypeRef, Union};

fn api(components: &str) -> Api {
    let text = format!(
        "openapi: 3.0.3\ninfo:\n  title: T\n  version: 1.0.0\npaths: {{}}\ncomponents:\n  schemas:\n{}",
        components.lines().map(|line| format!("    {line}\n")).collect::<String>()
    );
    let spec: openapiv3::OpenAPI =
        serde_yaml::from_str(&text).unwrap_or_else(|error| panic!("{text}\n{error}"));
    let settings = Settings {
        package_name: None,
        spec_label: "test.yaml".to_owned(),
        schema_copies: Default::default(),
    };
    normalize(&spec, &Default::default(), &settings)
}

fn model<'a>(api: &'a Api, name: &str) -> &'a Model {
    api.models.iter().find(|model| model.name == name).unwrap_or_else(|| panic!("no model {name}"))
}

fn union<'a>(api: &'a Api, name: &str) -> &'a Union {
    match &model(api, name).kind {
        ModelKind::Union(union) => union,
        other => panic!("{name} is {other:?}"),
    }
}

fn fields<'a>(api: &'a Api, name: &str) -> &'a Struct {
    match &model(api, name).kind {
        ModelKind::Struct(fields) => fields,
        other => panic!("{name} is {other:?}"),
    }
}

fn field<'a>(api: &'a Api, model_name: &str, wire: &str) -> &'a Field {
    let holder = fields(api, model_name);
    holder.fields.iter().find(|field| field.wire_name == wire).unwrap_or_else(|| panic!("no field {wire}"))
}

const PETS: &str = "
Pet:
  oneOf:
    - $ref: '#/components/schemas/Cat'
    - $ref: '#/components/schemas/Dog'
    - $ref: '#/components/schemas/Unknown'
  discriminator:
    propertyName: petType
    mapping:
      cat: '#/components/schemas/Cat'
      kitty: Cat
      other: '#/components/schemas/Dog'
Cat: {type: object, properties: {petType: {type: string}}}
Dog: {type: object, properties: {petType: {type: string}}}
Unknown: {type: object, properties: {petType: {type: string}}}
Mixed:
  oneOf:
    - $ref: '#/components/schemas/Cat'
    - type: object
      properties: {petType: {type: string}}
  discriminator:
    propertyName: petType
";

#[test]
fn discriminator_tags_come_from_the_mapping_or_the_schema_name() {
    let api = api(PETS);
    let pet = union(&api, "Pet");
    let tags: Vec<(&str, Vec<&str>)> = pet
        .variants
        .iter()
        .map(|variant| (variant.name.as_str(), variant.tags.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(tags, [("Cat", vec!["cat", "kitty"]), ("Dog", vec!["other"]), ("Unknown", vec!["Unknown"])]);
    let discriminator = pet.discriminator.as_ref().expect("tagged");
    assert_eq!(discriminator.property, "petType");
    // `Unknown` is a variant already, so the fallback takes another name.
    assert_eq!(discriminator.fallback, "Unknown2");
}

#[test]
fn a_discriminated_union_with_an_inline_alternative_stays_untagged() {
    let api = api(PETS);
    let mixed = union(&api, "Mixed");
    assert!(mixed.discriminator.is_none());
    assert!(mixed.variants.iter().all(|variant| variant.tags.is_empty()));
}

#[test]
fn a_variant_s_tag_is_fixed_by_its_union_unless_two_unions_disagree() {
    let api = api(&format!(
        "{PETS}
Shape:
  oneOf: [{{$ref: '#/components/schemas/Circle'}}, {{$ref: '#/components/schemas/Square'}}]
  discriminator: {{propertyName: kind}}
Circle:
  type: object
  required: [kind, radius]
  properties: {{kind: {{type: string, enum: [Circle]}}, radius: {{type: number}}}}
Square:
  type: object
  required: [kind, side]
  properties: {{kind: {{type: string, enum: [Square]}}, side: {{type: number}}}}
Other:
  oneOf: [{{$ref: '#/components/schemas/Dog'}}, {{$ref: '#/components/schemas/Unknown'}}]
  discriminator: {{propertyName: petType, mapping: {{hound: Dog}}}}
"
    ));
    // The first tag of the variant, as a string or as the enum's variant; no setter, no argument.
    let cat = field(&api, "Cat", "petType");
    assert_eq!(cat.tag, Some(DefaultValue::Literal(Literal::String("cat".to_owned()))));
    assert_eq!(cat.setter, None);
    let circle = field(&api, "Circle", "kind");
    let Some(DefaultValue::Variant { model, variant }) = &circle.tag else { panic!("{:?}", circle.tag) };
    assert_eq!((model.as_str(), variant.as_str()), ("CircleKind", "Circle"));
    assert_eq!(fields(&api, "Circle").constructor, ["radius"]);
    // `Pet` tags a dog `other`, `Other` tags it `hound`: neither value is the struct's own.
    let dog = field(&api, "Dog", "petType");
    assert_eq!(dog.tag, None);
    assert_eq!(dog.setter.as_deref(), Some("pet_type"));
    // Both unions tag `Unknown` by its schema name.
    assert!(field(&api, "Unknown", "petType").tag.is_some());
}

#[test]
fn one_way_required_properties_are_optional_and_others_are_not() {
    let api = api("
Account:
  type: object
  required: [id, password, email]
  properties:
    id: {type: string, readOnly: true}
    password: {type: string, writeOnly: true}
    email: {type: string}
");
    for wire in ["id", "password"] {
        let one_way = field(&api, "Account", wire);
        assert!(one_way.optional && one_way.skip_if_none, "{wire}");
    }
    let email = field(&api, "Account", "email");
    assert!(!email.optional && !email.skip_if_none);
}

#[test]
fn defaults_are_typed_like_their_field_or_left_out() {
    let api = api("
Options:
  type: object
  required: [needed]
  properties:
    needed: {type: integer, default: 1}
    ratio: {type: number, format: float, default: 2}
    mode: {default: b, allOf: [{$ref: '#/components/schemas/Mode'}]}
    wrong: {type: integer, default: 'x'}
    tiny: {type: integer, format: int8, default: 128}
Mode: {type: string, enum: [a, b]}
");
    assert_eq!(field(&api, "Options", "needed").default, None, "required: always present");
    assert_eq!(field(&api, "Options", "ratio").default, Some(DefaultValue::Literal(Literal::Float(2.0))));
    assert_eq!(
        field(&api, "Options", "mode").default,
        Some(DefaultValue::Variant { model: "Mode".into(), variant: "B".into() }),
        "Mode is defined after Options and still found"
    );
    assert_eq!(field(&api, "Options", "wrong").default, None);
    assert_eq!(field(&api, "Options", "tiny").default, None);
}

#[test]
fn colliding_schema_names_are_numbered_in_spec_order() {
    let api = api("
thing: {type: string}
Thing: {type: integer}
THING: {type: boolean}
Self: {type: string}
Option: {type: string}
");
    let names: Vec<&str> = api.models.iter().map(|model| model.name.as_str()).collect();
    assert_eq!(names, ["OptionModel", "SelfValue", "Thing", "Thing2", "Thing3"]);
    assert!(matches!(model(&api, "Thing2").kind, ModelKind::Alias(crate::ir::TypeRef::Int(_))));
}

#[test]
fn only_aliases_that_contain_themselves_become_newtypes() {
    let api = api("
Tree: {type: array, items: {$ref: '#/components/schemas/Tree'}}
Names: {type: array, items: {type: string}}
");
    assert!(matches!(model(&api, "Tree").kind, ModelKind::Newtype(_)));
    assert!(matches!(model(&api, "Names").kind, ModelKind::Alias(_)));
}

/// A one-member `allOf` and a `$ref` around each other name no value at
/// all: typed as JSON with a warning, not as newtypes that would decode by
/// recursing without end. An alias of them is untouched.
#[test]
fn schemas_that_only_name_each_other_become_json_with_a_warning() {
    let api = api("
Tray: {allOf: [{$ref: '#/components/schemas/Slot'}]}
Slot: {$ref: '#/components/schemas/Tray'}
Shelf: {type: array, items: {$ref: '#/components/schemas/Tray'}}
");
    for name in ["Tray", "Slot"] {
        assert!(matches!(model(&api, name).kind, ModelKind::Alias(TypeRef::Json)), "{name}");
    }
    assert!(matches!(model(&api, "Shelf").kind, ModelKind::Alias(TypeRef::List(_))));
    let kinds: Vec<String> = api.warnings.iter().map(|warning| format!("{:?}", warning.kind)).collect();
    assert!(
        kinds.iter().any(|kind| kind.starts_with("AliasCycle") && kind.contains("Slot, Tray")),
        "{kinds:?}"
    );
}

#[test]
fn deprecation_is_recorded_on_models_and_fields() {
    let api = api("
Old: {type: object, deprecated: true, properties: {a: {type: string, deprecated: true}, b: {type: string}}}
");
    assert!(model(&api, "Old").deprecated);
    assert!(field(&api, "Old", "a").deprecated);
    assert!(!field(&api, "Old", "b").deprecated);
    assert!(api.has_deprecated_models());
}

/// An inline `allOf` property that merges in the component it belongs to
/// contains itself: its model refers to itself (boxed) instead of being
/// expanded without end.
#[test]
fn inline_all_of_that_contains_its_own_component_is_recursive() {
    let api = api("
Entity:
  type: object
  required: [id]
  properties:
    id:
      allOf:
        - $ref: '#/components/schemas/Entity'
        - $ref: '#/components/schemas/Titled'
Titled: {type: object, properties: {title: {type: string}}}
");
    let entity_id = field(&api, "Entity", "id");
    assert_eq!(entity_id.ty, crate::ir::TypeRef::Model("EntityId".to_owned()));
    let inner = field(&api, "EntityId", "id");
    assert_eq!(inner.ty, crate::ir::TypeRef::Model("EntityId".to_owned()));
    assert!(inner.boxed, "a struct that contains itself needs a box");
    let wires: Vec<&str> =
        fields(&api, "EntityId").fields.iter().map(|field| field.wire_name.as_str()).collect();
    assert_eq!(wires, ["id", "title"]);
}

/// A component that is only a reference to itself, directly or through
/// other aliases, is a reference cycle, not an endless alias chain: each
/// allows any value, with a warning.
#[test]
fn alias_cycles_allow_any_value_with_a_warning() {
    let text = "openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\npaths: {}\ncomponents:\n  schemas:\n    \
                A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n    \
                Own: {$ref: '#/components/schemas/Own'}\n";
    let spec: openapiv3::OpenAPI = serde_yaml::from_str(text).expect("valid YAML");
    let settings = Settings {
        package_name: None,
        spec_label: "test.yaml".to_owned(),
        schema_copies: Default::default(),
    };
    let api = normalize(&spec, &Default::default(), &settings);
    for name in ["A", "B", "Own"] {
        let model = api.models.iter().find(|model| model.name == name).expect("each is a model");
        assert!(matches!(model.kind, crate::ir::ModelKind::Alias(TypeRef::Json)), "{name}: {model:?}");
    }
    let warnings: Vec<String> = api.warnings.iter().map(|warning| warning.line("test.yaml")).collect();
    assert_eq!(
        warnings,
        [
            "test.yaml: #/components/schemas/A/$ref: $ref `#/components/schemas/B` is part of a reference cycle; the value is serde_json::Value",
            "test.yaml: #/components/schemas/B/$ref: $ref `#/components/schemas/A` is part of a reference cycle; the value is serde_json::Value",
            "test.yaml: #/components/schemas/Own/$ref: $ref `#/components/schemas/Own` is part of a reference cycle; the value is serde_json::Value",
        ]
    );
}
