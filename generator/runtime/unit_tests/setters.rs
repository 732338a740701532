//! Setters declared with `setter!`.

use crate::runtime::setter;

#[derive(Debug, Default, PartialEq)]
struct Model {
    name: Option<String>,
    tags: Option<Vec<String>>,
    new: Option<u32>,
    size: Option<u64>,
    nested: Option<Box<Model>>,
}

impl Model {
    setter!(name: String);
    setter!(tags: [String]);
    setter!(set_new = new: u32);
    setter!(exact size: u64);
    setter!(#[deprecated] nested: Box<Model>);
}

#[test]
#[allow(deprecated)]
fn setters_wrap_their_value_in_some() {
    let model = Model::default()
        .name("a")
        .tags(["x", "y"].map(String::from))
        .set_new(7u8)
        .size(10_000)
        .nested(Model::default());
    let expected = Model {
        name: Some("a".to_owned()),
        tags: Some(vec!["x".to_owned(), "y".to_owned()]),
        new: Some(7),
        size: Some(10_000),
        nested: Some(Box::new(Model::default())),
    };
    assert_eq!(model, expected);
}
