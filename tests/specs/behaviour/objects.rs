//! Structs: defaults of missing properties, read-only and write-only
//! properties, free-form and flattened maps, awkward names, recursion.

use fixture_defaults::models::{Engine, RenderOptions};
use fixture_free_form::models::{Attributes, Document};
use fixture_naming_collisions::models::Thing;
use fixture_read_write_only::models::Account;
use fixture_recursive::models::{Forest, Grove, Tree};
use serde_json::json;

#[test]
fn missing_properties_decode_as_their_defaults_but_none_is_not_sent() {
    let options: RenderOptions = serde_json::from_value(json!({ "scene": "hall" })).expect("decodes");
    assert_eq!(options.samples, Some(16));
    assert_eq!(options.offset, Some(-3));
    assert_eq!(options.gamma, Some(2.2));
    assert_eq!(options.exposure, Some(1.0));
    assert_eq!(options.denoise, Some(true));
    assert_eq!(options.format.as_deref(), Some("png"));
    assert_eq!(options.engine, Some(Engine::PathTracer));
    assert_eq!(options.seed, None, "an out-of-range default is not applied");
    assert_eq!(options.note, None);
    let request = RenderOptions::new("hall");
    assert_eq!(serde_json::to_value(&request).expect("encodes"), json!({ "scene": "hall" }));
    let explicit: RenderOptions =
        serde_json::from_value(json!({ "scene": "x", "samples": 1 })).expect("decodes");
    assert_eq!(explicit.samples, Some(1));
}

#[test]
fn one_way_required_properties_are_optional() {
    // A response has no password; a request has no id or creation time.
    let response: Account = serde_json::from_value(json!({
        "id": "a1", "email": "a@example.com", "created": "2024-05-01T10:00:00Z"
    }))
    .expect("decodes");
    assert_eq!(response.password, None);
    let request =
        Account::new("a@example.com").password("secret");
    assert_eq!(
        serde_json::to_value(&request).expect("encodes"),
        json!({ "email": "a@example.com", "password": "secret" })
    );
}

#[test]
fn free_form_and_flattened_maps_keep_every_member() {
    let wire = json!({
        "id": "d1",
        "body": { "any": ["thing"] },
        "extra_true": { "a": 1 },
        "extra_empty": { "b": null },
        "maybe_counts": { "x": null, "y": 2 },
        "raw": 5,
        "attributes": { "color": "red", "size": 3, "tags": ["x"] },
        "subtitle": "undeclared"
    });
    let document: Document = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(document.additional_properties.get("subtitle").map(String::as_str), Some("undeclared"));
    let attributes: &Attributes = document.attributes.as_ref().expect("attributes");
    assert_eq!(attributes.color.as_deref(), Some("red"));
    assert_eq!(attributes.additional_properties.get("size"), Some(&json!(3)));
    assert_eq!(serde_json::to_value(&document).expect("encodes"), wire);
}

#[test]
fn awkward_property_names_keep_their_wire_names() {
    let wire = json!({
        "type": "t", "self": "s", "Self": "S", "crate": "c", "fooBar": "1", "foo_bar": "2",
        "foo-bar": "3", "foo.bar": "4", "$ref_count": 1, "@id": "i", "display name": "d",
        "2fa": true, "": "empty", "additional_properties": "declared", "other": "undeclared"
    });
    let thing: Thing = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(thing.self_2.as_deref(), Some("S"));
    assert_eq!(thing.foo_bar3.as_deref(), Some("3"));
    assert_eq!(thing.field.as_deref(), Some("empty"));
    assert_eq!(thing.additional_properties.as_deref(), Some("declared"));
    assert_eq!(thing.additional_properties2.get("other").map(String::as_str), Some("undeclared"));
    assert_eq!(serde_json::to_value(&thing).expect("encodes"), wire);
}

#[test]
fn setters_step_around_the_methods_a_struct_has() {
    let thing = Thing::new().set_new("n").set_clone("c").set_default("d").set_set_new("s").r#type("t");
    let wire = json!({ "new": "n", "clone": "c", "default": "d", "set_new": "s", "type": "t" });
    assert_eq!(serde_json::to_value(&thing).expect("encodes"), wire);
    // The struct's own methods are still the traits'.
    assert_eq!(thing.clone(), thing);
    assert_eq!(Thing::default(), Thing::new());
    let options = RenderOptions::new("hall").set_default_samples("few").samples(8);
    assert_eq!(
        serde_json::to_value(&options).expect("encodes"),
        json!({ "scene": "hall", "default_samples": "few", "samples": 8 })
    );
}

#[test]
fn recursive_aliases_are_newtypes_with_the_same_json() {
    let wire = json!([[[]], []]);
    let tree: Tree = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(tree, Tree(vec![Tree(vec![Tree(vec![])]), Tree(vec![])]));
    assert_eq!(serde_json::to_value(&tree).expect("encodes"), wire);
    let forest: Forest = serde_json::from_value(json!({ "oak": { "elm": {} } })).expect("decodes");
    let oak: &Grove = forest.0.get("oak").expect("oak");
    assert!(oak.0.0.contains_key("elm"));
}

#[test]
#[allow(deprecated)]
fn deprecated_models_still_work() {
    use fixture_deprecated::models::{OldStyle, OldWidget, Widget};
    let widget: Widget = serde_json::from_value(json!({
        "name": "w", "legacy_code": "c", "legacy": { "name": "old" }, "style": "flat"
    }))
    .expect("decodes");
    assert_eq!(widget.legacy, Some(OldWidget::new("old")));
    assert_eq!(widget.style, Some(OldStyle::Flat));
}

/// OpenAPI 3.1's type lists and null members: `null` is `None`, several
/// types are a union, `const` is a one-value enum.
#[test]
fn openapi31_nullable_fields_and_type_unions() {
    use fixture_openapi31_types::models::{Reading, ReadingKind, ReadingValue, Unit};

    let wire = serde_json::json!({ "kind": "reading", "value": "n/a", "unit": null, "label": null, "quality": 0.5 });
    let reading: Reading = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(reading.kind, ReadingKind::Reading);
    assert_eq!(reading.value, ReadingValue::String("n/a".into()));
    assert_eq!(reading.unit, None);
    assert_eq!(reading.quality, Some(0.5));
    assert_eq!(serde_json::to_value(&reading).expect("encodes"), wire, "required nullable fields are sent as null");
    let reading: Reading =
        serde_json::from_value(serde_json::json!({ "kind": "reading", "value": 21.5, "unit": "kelvin", "label": "a" }))
            .expect("decodes");
    assert_eq!(reading.value, ReadingValue::Number(21.5));
    assert_eq!(reading.unit, Some(Unit::Kelvin));
}
