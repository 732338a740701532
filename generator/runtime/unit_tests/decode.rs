//! Decoding JSON bodies: whole numbers written as floats in integer fields,
//! the path of the field that failed, and serde's error as the source.

use std::collections::BTreeMap;
use std::error::Error as _;

use serde::Deserialize;

use crate::runtime::decode::{Failure, from_slice};

#[derive(Debug, Deserialize, PartialEq)]
struct Array {
    name: String,
    size: i64,
    cells: Option<u32>,
    shape: Vec<u16>,
    counts: BTreeMap<String, u64>,
    ratio: f64,
    nested: Option<Box<Array>>,
}

#[derive(Debug, Deserialize, PartialEq)]
enum Kind {
    Sized(i32),
    Shaped { rows: u8 },
}

fn failure<T: for<'de> Deserialize<'de> + std::fmt::Debug>(json: &str) -> Failure {
    match from_slice::<T>(json.as_bytes()) {
        Ok(value) => panic!("{json} decoded as {value:?}"),
        Err(failure) => failure,
    }
}

#[test]
fn integer_fields_take_whole_floats_at_every_depth() {
    let json = r#"{"name": "a", "size": 1024.0, "cells": 1.024e3, "shape": [2.0, 3e0],
        "counts": {"x": 5.0}, "ratio": 0.5,
        "nested": {"name": "b", "size": -7.0, "cells": null, "shape": [], "counts": {},
                   "ratio": 2, "nested": null}}"#;
    let nested = Array {
        name: "b".into(),
        size: -7,
        cells: None,
        shape: vec![],
        counts: BTreeMap::new(),
        ratio: 2.0,
        nested: None,
    };
    let expected = Array {
        name: "a".into(),
        size: 1024,
        cells: Some(1024),
        shape: vec![2, 3],
        counts: BTreeMap::from([("x".to_owned(), 5)]),
        ratio: 0.5,
        nested: Some(Box::new(nested)),
    };
    assert_eq!(from_slice::<Array>(json.as_bytes()).ok(), Some(expected));
    assert_eq!(
        from_slice::<Vec<Kind>>(br#"[{"Sized": 4.0}, {"Shaped": {"rows": 2.0}}]"#).ok(),
        Some(vec![Kind::Sized(4), Kind::Shaped { rows: 2 }])
    );
    assert_eq!(from_slice::<i64>(b"-9.2e18").ok(), Some(-9_200_000_000_000_000_000));
    assert_eq!(from_slice::<u64>(b"1.8e19").ok(), Some(18_000_000_000_000_000_000));
}

#[test]
fn fractional_or_out_of_range_floats_are_errors_naming_the_field() {
    let failed = failure::<Vec<Array>>(
        r#"[{"name": "a", "size": 1, "shape": [], "counts": {}, "ratio": 1},
            {"name": "b", "size": 1.5, "shape": [], "counts": {}, "ratio": 1}]"#,
    );
    assert_eq!(failed.path.as_deref(), Some("[1].size"));
    assert!(failed.source.to_string().contains("floating point `1.5`"), "{}", failed.source);

    let failed = failure::<Array>(
        r#"{"name": "a", "size": 1, "shape": [1, 70000.0], "counts": {}, "ratio": 1}"#,
    );
    assert_eq!(failed.path.as_deref(), Some("shape[1]"));
    assert!(failed.source.to_string().contains("70000"), "{}", failed.source);

    let failed = failure::<Array>(
        r#"{"name": "a", "size": 1, "shape": [], "counts": {"y": -1.0}, "ratio": 1}"#,
    );
    assert_eq!(failed.path.as_deref(), Some("counts.y"));

    // Past u64 or below i64 the float reaches the visitor as a float; between the two, as the
    // integer it is, which i64 rejects.
    for too_large in ["1e300", "-9.3e18"] {
        let failed = failure::<i64>(too_large);
        assert!(
            failed.source.to_string().contains("floating point"),
            "{too_large}: {}",
            failed.source
        );
    }
    let failed = failure::<i64>("9.3e18");
    assert!(
        failed.source.to_string().contains("integer `9300000000000000000`"),
        "{}",
        failed.source
    );
    assert!(failure::<u64>("-1.0").source.to_string().contains("-1"));
    assert!(failure::<u64>("2e19").source.to_string().contains("floating point"));
}

#[test]
fn a_body_that_is_wrong_as_a_whole_has_no_path() {
    let failed = failure::<Array>(r#""an array""#);
    assert_eq!(failed.path, None);
    let trailing = failure::<u8>("1 2");
    assert_eq!(trailing.path, None);
    assert!(trailing.source.to_string().contains("trailing characters"), "{}", trailing.source);
    assert!(trailing.source.source().is_none());
}

#[test]
fn missing_fields_and_wrong_types_are_located() {
    let failed = failure::<BTreeMap<String, Array>>(r#"{"first": {"name": 3}}"#);
    assert_eq!(failed.path.as_deref(), Some("first.name"));
    assert!(failed.source.is_data(), "{}", failed.source);
}
