//! The examples test of a crate generated from a real-world spec: every
//! example the spec gives for a request or response body goes through the
//! generated type. Response examples decode; request examples decode and
//! serialize back to the same JSON. An example that contradicts its own
//! spec's schema is listed in [`super::vendor_errors`] with its pointer and
//! the contradiction (a member left out, a value of another type, and
//! where): its failure passes only when decoding fails there, with that
//! error, so a new bug of ours in a listed example fails the test too. The
//! test also fails when a listed example starts to pass, so the list stays
//! true.

use std::fmt::Write as _;

use generator::ir::Example;
use generator::Files;

use super::vendor_errors::VendorError;

/// The dev-dependencies the test needs, chrono with the generated crate's
/// own features (its default ones would pull in the system clock's crates,
/// which the workspace does not build).
pub const DEV_DEPENDENCIES: &[&str] = &[
    "chrono = { version = \"0.4\", default-features = false, features = [\"alloc\", \"serde\"] }",
    "serde = \"1\"",
    "serde_json = \"1\"",
    "serde_path_to_error = \"0.1\"",
];

/// Adds `tests/examples.rs` to the crate's files: one entry per example,
/// each checked by a function made for its type.
pub fn add_test(
    files: &mut Files,
    crate_ident: &str,
    examples: &[Example],
    vendor_errors: &[VendorError],
) -> Result<(), String> {
    let mut entries = String::new();
    for example in examples {
        let check = if example.request { "request" } else { "response" };
        let ty = generator::type_path(&example.ty, crate_ident);
        let json = serde_json::to_string(&example.value).map_err(|error| format!("an example: {error}"))?;
        let place = match &example.file {
            Some(file) => format!("{file}{}", example.pointer),
            None => example.pointer.to_string(),
        };
        // Writing to a String cannot fail.
        let _ = writeln!(entries, "    ({place:?}, {json:?}, {check}::<{ty}>),");
    }
    let mut listed = String::new();
    for error in vendor_errors {
        let (example, at, message) = (error.example, error.at, error.contradiction.message());
        let _ = writeln!(listed, "    ({example:?}, {at:?}, {message:?}),");
    }
    let text = TEST.replace("/* EXAMPLES */", &entries).replace("/* VENDOR_ERRORS */", &listed);
    files.insert("tests/examples.rs", text);
    Ok(())
}

/// The test; [`add_test`] fills in the lists.
const TEST: &str = r#"//! The spec's body examples through the generated types (written by
//! `cargo xtask test`, see `xtask/src/harness/examples.rs`).

// A spec without request examples leaves their check unused.
#![allow(dead_code)]

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

type Check = fn(&str) -> Result<(), Failure>;

/// Why an example failed: where in it (a path of members, `.` for its root)
/// and the error, without its line and column.
#[derive(Debug, PartialEq)]
struct Failure {
    at: String,
    error: String,
}

impl Failure {
    fn at_root(error: impl ToString) -> Failure {
        Failure { at: ".".to_owned(), error: error.to_string() }
    }
}

/// Pointer (with the file when not the spec), the example, and its check.
const EXAMPLES: &[(&str, &str, Check)] = &[
/* EXAMPLES */];

/// Examples that contradict the spec's own schema: pointer, where in the
/// example, and the error decoding it gives.
const VENDOR_ERRORS: &[(&str, &str, &str)] = &[
/* VENDOR_ERRORS */];

/// A response example decodes, as the client decodes a body.
fn response<T: DeserializeOwned>(json: &str) -> Result<(), Failure> {
    let mut json = serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize::<_, T>(&mut json).map(drop).map_err(|error| {
        let at = error.path().to_string();
        let error = error.into_inner();
        let position = format!(" at line {} column {}", error.line(), error.column());
        Failure { at, error: error.to_string().trim_end_matches(&position).to_owned() }
    })
}

/// A request example (or a scalar's) decodes, and serializes back to the
/// same JSON.
fn request<T: DeserializeOwned + Serialize>(json: &str) -> Result<(), Failure> {
    let value: Value = serde_json::from_str(json).map_err(Failure::at_root)?;
    let typed: T = serde_path_to_error::deserialize(value.clone())
        .map_err(|error| Failure { at: error.path().to_string(), error: error.into_inner().to_string() })?;
    let back = serde_json::to_value(&typed).map_err(Failure::at_root)?;
    match difference(&value, &back, "") {
        None => Ok(()),
        Some(place) => Err(Failure { at: place, error: format!("serialized differently: {back}") }),
    }
}

/// Where two JSON values differ, ignoring what does not change the meaning:
/// members that are `null` on one side and absent on the other, numbers
/// written differently (`1` and `1.0`), and timestamps written in other
/// offsets or precision.
fn difference(sent: &Value, back: &Value, at: &str) -> Option<String> {
    match (sent, back) {
        (Value::Object(a), Value::Object(b)) => {
            // Each key once: a key of both sides visited twice would make
            // the walk exponential in how deep the objects nest.
            let keys = a.keys().chain(b.keys().filter(|key| !a.contains_key(*key)));
            for key in keys {
                let (x, y) = (a.get(key).unwrap_or(&Value::Null), b.get(key).unwrap_or(&Value::Null));
                if let Some(place) = difference(x, y, &format!("{at}/{key}")) {
                    return Some(place);
                }
            }
            None
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            a.iter().zip(b).enumerate().find_map(|(index, (x, y))| difference(x, y, &format!("{at}/{index}")))
        }
        // An `f32` goes back out as the nearest `f32`.
        (Value::Number(a), Value::Number(b)) if close(a.as_f64(), b.as_f64()) => None,
        (Value::String(a), Value::String(b)) if a == b || same_instant(a, b) => None,
        (a, b) if a == b => None,
        _ => Some(at.to_owned()),
    }
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b || (a - b).abs() <= 1e-6 * a.abs().max(b.abs()),
        _ => false,
    }
}

fn same_instant(a: &str, b: &str) -> bool {
    match (chrono_like(a), chrono_like(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// A timestamp's instant in seconds and its fraction as written, for
/// comparison only; `None` for other strings.
fn chrono_like(text: &str) -> Option<(i64, u32)> {
    let parsed = text.parse::<chrono::DateTime<chrono::FixedOffset>>().ok()?;
    Some((parsed.timestamp(), parsed.timestamp_subsec_nanos()))
}

#[test]
fn examples_decode() {
    let mut failures = Vec::new();
    for (place, json, check) in EXAMPLES {
        if let Err(failure) = check(json) {
            failures.push((*place, failure));
        }
    }
    // A listed example's failure is the vendor's only when it is the one
    // listed: the same place in the example, the same error.
    let listed = |place: &str, failure: &Failure| {
        VENDOR_ERRORS.iter().any(|(pointer, at, error)| {
            *pointer == place && failure == &Failure { at: (*at).to_owned(), error: (*error).to_owned() }
        })
    };
    let ours: Vec<String> = failures
        .iter()
        .filter(|(place, failure)| !listed(place, failure))
        .map(|(place, failure)| format!("{place}: at `{}`: {}", failure.at, failure.error))
        .collect();
    let passing: Vec<&str> = VENDOR_ERRORS
        .iter()
        .map(|(pointer, _, _)| *pointer)
        .filter(|pointer| !failures.iter().any(|(place, _)| place == pointer))
        .collect();
    println!(
        "{} examples: {} decoded, {} listed as vendor errors",
        env!("CARGO_PKG_NAME"),
        EXAMPLES.len() - failures.len(),
        failures.len() - ours.len(),
    );
    assert!(!EXAMPLES.is_empty(), "the spec gives no body example: nothing is tested");
    assert!(ours.is_empty(), "{} examples do not decode:\n{}", ours.len(), ours.join("\n"));
    assert!(passing.is_empty(), "listed as vendor errors but decode now: {passing:?}");
}
"#;
