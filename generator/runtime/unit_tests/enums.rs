//! String enums declared with `string_enum!`.

crate::runtime::string_enum! {
    /// A test enum.
    #[derive(Default)]
    pub enum Layout {
        /// `row-major`
        #[default]
        RowMajor = "row-major",
        /// `col-major`
        ColMajor = "col-major",
        Unknown(String),
    }
}

#[test]
fn known_and_unknown_values_round_trip() {
    let decoded: Vec<Layout> = serde_json::from_str(r#"["row-major", "hilbert"]"#).unwrap();
    assert_eq!(decoded, [Layout::RowMajor, Layout::Unknown("hilbert".to_owned())]);
    assert_eq!(serde_json::to_string(&decoded).unwrap(), r#"["row-major","hilbert"]"#);
    assert!(serde_json::from_str::<Layout>("3").is_err());
}

#[test]
fn text_forms_are_the_wire_value() {
    use crate::runtime::ToParam;
    assert_eq!(Layout::ColMajor.to_string(), "col-major");
    assert_eq!("col-major".parse::<Layout>(), Ok(Layout::ColMajor));
    assert_eq!(Layout::default().to_param(), "row-major");
}

crate::runtime::string_enum! {
    /// Values named like `FromStr::Err` and the variants of `Result`.
    pub enum Outcome {
        /// `Err`
        Err = "Err",
        /// `Ok`
        Ok = "Ok",
        Other(String),
    }
}

#[test]
fn values_named_like_associated_items_parse() {
    assert_eq!("Err".parse::<Outcome>(), Ok(Outcome::Err));
    assert_eq!("Ok".parse::<Outcome>(), Ok(Outcome::Ok));
    assert_eq!(Outcome::Err.as_str(), "Err");
    let decoded: Vec<Outcome> = serde_json::from_str(r#"["Ok", "Err", "Maybe"]"#).unwrap();
    assert_eq!(decoded, [Outcome::Ok, Outcome::Err, Outcome::Other("Maybe".to_owned())]);
}
