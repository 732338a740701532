//! `spec/array-api.yaml` against TileDB's own spec (Swagger 2.0, named by
//! `TILEDB_SWAGGER_REFERENCE`; the repository may not hold it): every model
//! property the two share must accept at least what TileDB's allows.
//!
//! The one narrowing allowed is a `number` upstream whose format names an
//! integer (`uint64`, `int32`) that is an `integer` of that format here: the
//! values upstream's format allows are whole numbers, and the client decodes
//! them however they are written (`1024`, `1024.0`, `1.024e3`; see
//! `client_matching.rs`). Anything else narrower fails this test.

use std::collections::BTreeSet;

use serde_yaml::Value;

const INTEGER_FORMATS: &[&str] = &["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"];

/// A property's type as `type/format`, `[items]` for arrays, `ref:Name` for
/// references (also through a one-element `allOf`), with ` nullable`.
fn describe(schema: &Value) -> String {
    if let Some([only]) = schema.get("allOf").and_then(Value::as_sequence).map(Vec::as_slice) {
        return describe(only);
    }
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return format!("ref:{}", reference.rsplit('/').next().unwrap_or(reference));
    }
    let text = |key: &str| schema.get(key).and_then(Value::as_str).unwrap_or("");
    let mut out = text("type").to_owned();
    if !text("format").is_empty() {
        out += &format!("/{}", text("format"));
    }
    if let Some(items) = schema.get("items") {
        out += &format!("[{}]", describe(items));
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_sequence) {
        let values: BTreeSet<String> = values.iter().map(|value| format!("{value:?}")).collect();
        out += &format!(" enum{values:?}");
    }
    let nullable = [schema.get("nullable"), schema.get("x-nullable")];
    if nullable.iter().any(|flag| flag.and_then(Value::as_bool) == Some(true)) {
        out += " nullable";
    }
    out
}

/// `ours` accepts no less than `upstream`, or narrows a `number` of an
/// integer format to an `integer` of the same format.
fn accepts(ours: &str, upstream: &str) -> bool {
    ours == upstream
        || INTEGER_FORMATS.iter().any(|format| {
            upstream.strip_prefix("number/").is_some_and(|rest| rest.starts_with(format))
                && ours == upstream.replacen("number/", "integer/", 1)
        })
}

fn required(schema: &Value) -> BTreeSet<String> {
    let names = schema.get("required").and_then(Value::as_sequence);
    names.into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect()
}

#[test]
fn no_model_property_accepts_less_than_tiledb_s_spec() {
    let Ok(reference) = std::env::var("TILEDB_SWAGGER_REFERENCE") else {
        eprintln!("NOT CHECKED: set TILEDB_SWAGGER_REFERENCE to TileDB's Swagger 2.0 spec (.ci/run does)");
        return;
    };
    let read = |path: &str| -> Value {
        let text = std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{path}: {error}"));
        serde_yaml::from_str(&text).unwrap_or_else(|error| panic!("{path}: {error}"))
    };
    let upstream = read(&reference);
    let ours = read(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/array-api.yaml"));
    let (mut compared, mut narrowed, mut problems) = (0, Vec::new(), Vec::new());
    let schemas = ours["components"]["schemas"].as_mapping().expect("components.schemas");
    for (name, model) in schemas {
        let name = name.as_str().expect("a schema name");
        let Some(theirs) = upstream["definitions"].get(name) else { continue };
        let stricter: Vec<String> = required(model).difference(&required(theirs)).cloned().collect();
        if !stricter.is_empty() {
            problems.push(format!("{name}: required here only: {stricter:?}"));
        }
        for (property, schema) in model.get("properties").and_then(Value::as_mapping).into_iter().flatten() {
            let property = property.as_str().expect("a property name");
            let Some(their_schema) = theirs.get("properties").and_then(|properties| properties.get(property))
            else {
                continue;
            };
            compared += 1;
            let (here, there) = (describe(schema), describe(their_schema));
            if here != there {
                if accepts(&here, &there) {
                    narrowed.push(format!("{name}.{property}"));
                } else {
                    problems.push(format!("{name}.{property}: `{here}` here, `{there}` upstream"));
                }
            }
        }
    }
    assert!(compared > 100, "only {compared} properties compared: is the reference TileDB's spec?");
    assert!(problems.is_empty(), "narrower than TileDB's spec:\n{}", problems.join("\n"));
    // The narrowings the wire tests decode from floats; a new one needs a test there.
    assert_eq!(narrowed, ["ArrayInfo.size", "ArrayInfo.share_count", "LastAccessedArray.accessed_time"]);
}

#[test]
fn the_comparison_sees_a_narrowing_and_lets_integer_formats_through() {
    assert!(accepts("integer/uint64", "number/uint64"));
    assert!(accepts("integer/int32 nullable", "number/int32 nullable"));
    assert!(!accepts("integer/int32", "number/double"));
    assert!(!accepts("integer", "number"));
    assert!(!accepts("string enum{\"a\"}", "string"));
    assert!(!accepts("integer/uint64", "number/uint64 nullable"));
}
