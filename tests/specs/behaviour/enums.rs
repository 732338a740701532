//! Integer, mixed and awkwardly named enums: known values decode to their
//! variant, unknown ones survive a round trip.

use fixture_integer_enums::models::{Copies, Job, Kind, Layout, Priority, Status, Tray};
use serde_json::{Value, json};

fn decode<T: serde::de::DeserializeOwned>(wire: Value) -> T {
    serde_json::from_value(wire).expect("decodes")
}

#[test]
fn integer_enums_decode_known_and_keep_unknown_values() {
    assert_eq!(decode::<Priority>(json!(-1)), Priority::Low);
    assert_eq!(decode::<Priority>(json!(7)), Priority::Unknown(7));
    assert_eq!(serde_json::to_value(Priority::Unknown(7)).expect("encodes"), json!(7));
    assert_eq!(serde_json::to_value(Priority::Urgent).expect("encodes"), json!(10));
    assert_eq!(Priority::default(), Priority::Normal);
    assert_eq!(i32::from(Priority::Low), -1);
    assert_eq!(Priority::from(10), Priority::Urgent);
    assert!(serde_json::from_value::<Priority>(json!("10")).is_err(), "a string is not an integer");
    assert_eq!(decode::<Status>(json!(9_007_199_254_740_993_i64)), Status::Value9007199254740993);
    // 300 does not fit the spec's uint8, so the enum is wider.
    assert_eq!(decode::<Tray>(json!(300)), Tray::Value300);
    assert_eq!(Priority::Urgent.to_string(), "10");
}

#[test]
fn mixed_enums_compare_whole_json_values() {
    assert_eq!(decode::<Copies>(json!("all")), Copies::All);
    assert_eq!(decode::<Copies>(json!(2)), Copies::Value2);
    assert_eq!(decode::<Copies>(json!(2.5)), Copies::Value2Point5);
    assert_eq!(decode::<Copies>(json!(true)), Copies::True);
    assert_eq!(decode::<Copies>(json!("2")), Copies::Unknown(json!("2")));
    assert_eq!(serde_json::to_value(Copies::Value1).expect("encodes"), json!(1));
    assert_eq!(Copies::All.to_string(), "all");
}

#[test]
fn values_that_are_not_identifiers() {
    assert_eq!(decode::<Layout>(json!("")), Layout::Empty);
    assert_eq!(decode::<Layout>(json!("1d")), Layout::Value1d);
    assert_eq!(decode::<Layout>(json!("Unknown")), Layout::Unknown);
    assert_eq!(decode::<Layout>(json!("diagonal")), Layout::Unrecognized("diagonal".into()));
    assert_eq!(serde_json::to_value(Layout::RowMajor).expect("encodes"), json!("row-major"));
    assert_eq!(Layout::default(), Layout::RowMajor);
}

#[test]
fn single_value_and_defaulted_enums_let_structs_default() {
    let job = Job::default();
    assert_eq!(job.kind, Kind::PrintJob);
    assert_eq!(job.priority, Priority::Normal);
    assert_eq!(serde_json::to_value(&job).expect("encodes"), json!({ "kind": "print-job", "priority": 0 }));
}
