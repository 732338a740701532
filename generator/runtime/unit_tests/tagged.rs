//! Tagged unions, written the way the generator writes them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::runtime::tagged;

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
struct Cat {
    #[serde(rename = "petType")]
    pet_type: String,
    name: String,
}

#[derive(Debug, PartialEq)]
enum Pet {
    Cat(Cat),
    Unknown(serde_json::Value),
}

impl Serialize for Pet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Pet::Cat(value) => tagged::serialize(value, "petType", &["cat", "kitty"], serializer),
            Pet::Unknown(value) => value.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Pet {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (tag, value) = tagged::read(deserializer, "petType")?;
        match tag.as_str() {
            "cat" | "kitty" => tagged::decode(value).map(Pet::Cat),
            _ => Ok(Pet::Unknown(value)),
        }
    }
}

#[test]
fn the_tag_picks_the_variant_and_unknown_tags_are_kept() {
    let kitty: Pet = serde_json::from_str(r#"{"petType": "kitty", "name": "Tom"}"#).unwrap();
    assert_eq!(kitty, Pet::Cat(Cat { pet_type: "kitty".to_owned(), name: "Tom".to_owned() }));
    assert_eq!(serde_json::to_string(&kitty).unwrap(), r#"{"name":"Tom","petType":"kitty"}"#);
    let dog: Pet = serde_json::from_str(r#"{"petType": "dog"}"#).unwrap();
    assert_eq!(dog, Pet::Unknown(serde_json::json!({"petType": "dog"})));
    assert!(serde_json::from_str::<Pet>(r#"{"name": "Tom"}"#).is_err());
}

#[test]
fn a_tag_that_is_not_one_of_the_variant_s_is_replaced() {
    let cat = Pet::Cat(Cat { name: "Tom".to_owned(), ..Cat::default() });
    assert_eq!(serde_json::to_string(&cat).unwrap(), r#"{"name":"Tom","petType":"cat"}"#);
}
