//! Tagged unions pick their variant by the discriminator and write it
//! once; untagged ones take the first variant that fits.

use fixture_discriminator::models::{Cat, Circle, Dog, Lizard, Pet, Shape};
use fixture_recursive::models::{BinaryOp, Expr, Literal};
use serde_json::{Value, json};

fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(wire: &Value) -> (T, Value) {
    let decoded: T = serde_json::from_value(wire.clone()).expect("decodes");
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    (decoded, encoded)
}

#[test]
fn mapped_tags_select_the_variant_and_round_trip_exactly() {
    for tag in ["cat", "kitty"] {
        let wire = json!({ "petType": tag, "name": "Tom", "indoor": true });
        let (pet, encoded) = round_trip::<Pet>(&wire);
        let Pet::Cat(cat) = &pet else { panic!("{tag} should be a cat: {pet:?}") };
        assert_eq!(cat.pet_type, tag);
        assert_eq!(cat.indoor, Some(true));
        assert_eq!(encoded, wire);
    }
    let (pet, _) = round_trip::<Pet>(&json!({ "petType": "dog", "name": "Rex", "good": true }));
    assert!(matches!(pet, Pet::Dog(Dog { good: true, .. })), "{pet:?}");
}

#[test]
fn the_variant_decides_the_tag_it_is_written_with() {
    // A default-constructed struct carries "" in its tag field.
    let mut tom = Cat::default();
    tom.name = "Tom".into();
    let cat = Pet::Cat(tom);
    assert_eq!(serde_json::to_value(&cat).expect("encodes"), json!({ "petType": "cat", "name": "Tom" }));
    // A struct whose tag names another variant is corrected, not sent as a dog.
    let mut dog_tagged = Cat::new("Tom");
    dog_tagged.pet_type = "dog".into();
    let dog_tagged_cat = Pet::Cat(dog_tagged);
    assert_eq!(serde_json::to_value(&dog_tagged_cat).expect("encodes")["petType"], "cat");
}

#[test]
fn a_variant_s_struct_carries_its_tag_without_the_caller_naming_it() {
    // `new` takes no tag: the variant says what it is, alone or in the union.
    let tom = Cat::new("Tom");
    assert_eq!(tom.pet_type, "cat");
    assert_eq!(serde_json::to_value(&tom).expect("encodes"), json!({ "petType": "cat", "name": "Tom" }));
    let pet: Pet = tom.into();
    assert_eq!(serde_json::to_value(&pet).expect("encodes"), json!({ "petType": "cat", "name": "Tom" }));
    let circle = Shape::from(Circle::new(2.0));
    assert_eq!(serde_json::to_value(&circle).expect("encodes"), json!({ "kind": "Circle", "radius": 2.0 }));
}

#[test]
fn variants_without_the_tag_property_get_it_added_once() {
    let lizard = Pet::Lizard(Lizard::new().length_cm(12.5));
    let encoded = serde_json::to_string(&lizard).expect("encodes");
    assert_eq!(encoded, r#"{"length_cm":12.5,"petType":"Lizard"}"#);
    assert_eq!(serde_json::from_str::<Pet>(&encoded).expect("decodes"), lizard);
}

#[test]
fn unknown_tags_are_kept_and_missing_tags_are_errors() {
    let wire = json!({ "petType": "parrot", "name": "Polly", "words": 12 });
    let (pet, encoded) = round_trip::<Pet>(&wire);
    assert_eq!(pet, Pet::Unknown(wire.clone()));
    assert_eq!(encoded, wire);
    let error = serde_json::from_value::<Pet>(json!({ "name": "Tom" })).expect_err("no tag");
    assert!(error.to_string().contains("petType"), "{error}");
    let error = serde_json::from_value::<Pet>(json!({ "petType": 3 })).expect_err("tag not a string");
    assert!(error.to_string().contains("petType"), "{error}");
    // The tag selects the variant, whose own decoding errors are reported.
    assert!(serde_json::from_value::<Pet>(json!({ "petType": "dog", "name": "Rex" })).is_err());
}

#[test]
fn schema_names_are_the_tags_without_a_mapping() {
    let (shape, encoded) = round_trip::<Shape>(&json!({ "kind": "Circle", "radius": 2.0 }));
    assert!(matches!(shape, Shape::Circle(Circle { radius, .. }) if radius == 2.0), "{shape:?}");
    assert_eq!(encoded, json!({ "kind": "Circle", "radius": 2.0 }));
}

#[test]
fn recursive_tagged_unions_round_trip() {
    let wire = json!({
        "op": "bin",
        "left": { "op": "lit", "value": 1.0 },
        "right": { "op": "call", "args": [{ "op": "lit", "value": 2.0 }] }
    });
    let (expr, encoded) = round_trip::<Expr>(&wire);
    let Expr::BinaryOp(binary) = &expr else { panic!("{expr:?}") };
    let BinaryOp { left, .. } = &**binary;
    assert!(matches!(&**left, Expr::Literal(Literal { value, .. }) if *value == 1.0), "{left:?}");
    assert_eq!(encoded, wire);
}

#[test]
fn untagged_unions_take_the_first_variant_that_fits() {
    use fixture_any_of::models::{Hit, QueryTerm};
    let (term, _) = round_trip::<QueryTerm>(&json!(["a", "b"]));
    assert_eq!(term, QueryTerm::StringList(vec!["a".into(), "b".into()]));
    let (hit, encoded) = round_trip::<Hit>(&json!(0.5));
    assert_eq!(hit, Hit::Number(0.5));
    assert_eq!(encoded, json!(0.5));
}

/// OpenAPI 3.1 as utoipa writes serde's internally tagged enums: inline
/// members told apart by a required property of one value each.
#[test]
fn implied_tags_select_the_variant() {
    use fixture_openapi31_types::models::{Alert, AlertOffline, AlertTooHot};

    // `since` is optional: `null` decodes as `None`, which is not sent.
    let (alert, encoded) = round_trip::<Alert>(&json!({ "kind": "offline", "since": null }));
    assert!(matches!(&alert, Alert::Offline(AlertOffline { since: None, .. })), "{alert:?}");
    assert_eq!(encoded, json!({ "kind": "offline" }));
    let (alert, _) = round_trip::<Alert>(&json!({ "kind": "too_hot", "celsius": 41.5 }));
    assert!(matches!(&alert, Alert::TooHot(AlertTooHot { celsius, .. }) if *celsius == 41.5), "{alert:?}");
    let (alert, encoded) = round_trip::<Alert>(&json!({ "kind": "flooded", "depth": 3 }));
    assert!(matches!(&alert, Alert::Unknown(_)), "{alert:?}");
    assert_eq!(encoded, json!({ "kind": "flooded", "depth": 3 }));
}
