//! Real-world specs (`tests/corpus/`, see its README): each generates
//! without an error, its crate passes clippy with warnings denied, and every
//! example the spec gives for a request or response body goes through the
//! generated type: response examples decode, request examples decode and
//! serialize back to the same JSON. An example that contradicts its own
//! spec's schema is listed below with its pointer and the reason; the test
//! also fails when a listed example starts to pass, so the list stays true.
//!
//! The crates are built in one throwaway workspace under
//! `target/corpus-clients/`, with the fixture crates' target directory
//! (`target/fixture-clients-target`), so dependencies are built once for
//! both. Generation time, warnings by kind and the build times are printed
//! (`--nocapture`).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use generator::ir::Example;
use generator::{output, Options};

#[path = "corpus/vendor_errors.rs"]
mod vendor_errors;

/// A corpus spec: its file in `tests/corpus/`, and the examples in it that
/// contradict its own schema (pointer, reason; see `corpus/vendor_errors.rs`).
struct Spec {
    file: &'static str,
    vendor_errors: &'static [(&'static str, &'static str)],
}

/// The specs of this test, kept apart from any other list so the harness
/// that builds all generated crates can take them over as they are.
const CORPUS: &[Spec] = &[
    Spec { file: "box.json", vendor_errors: &[] },
    Spec { file: "oxide-nexus.json", vendor_errors: &[] },
    Spec { file: "slack-web.swagger2.json", vendor_errors: vendor_errors::SLACK },
    Spec { file: "twilio-api-v2010.json", vendor_errors: vendor_errors::TWILIO },
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_owned()
}

#[test]
fn corpus_specs_generate_compile_and_decode_their_examples() {
    let root = root();
    let workspace = root.join("target/corpus-clients");
    let mut members = Vec::new();
    for spec in CORPUS {
        let name = corpus_crate_name(spec.file);
        let path = root.join("tests/corpus").join(spec.file);
        let options = Options {
            spec: path,
            spec_label: format!("tests/corpus/{}", spec.file),
            package_name: Some(name.clone()),
            examples: None,
            standalone: false,
        };
        let started = Instant::now();
        let api = generator::api(&options).unwrap_or_else(|error| panic!("{}: {error}", spec.file));
        let files = generator::files(&api, &options).unwrap_or_else(|error| panic!("{}: {error}", spec.file));
        let elapsed = started.elapsed();
        let warnings = generator::warning::summary(&api.warnings).unwrap_or_else(|| "no warnings".to_owned());
        println!(
            "{}: generated in {:.2} s: {} operations, {} models, {} examples; {warnings}",
            spec.file,
            elapsed.as_secs_f64(),
            api.operations.len(),
            api.models.len(),
            api.examples.len(),
        );
        let crate_dir = workspace.join(&name);
        output::write(&files, &crate_dir).unwrap_or_else(|error| panic!("{name}: {error}"));
        add_examples_test(&crate_dir, &api.crate_ident, &api.examples, spec.vendor_errors);
        members.push(format!("\"{name}\""));
    }
    // The crates are big and built once: without debug info they compile
    // in a fraction of the time (their dependencies keep the settings the
    // fixture crates share).
    let profiles: String =
        members.iter().map(|name| format!("[profile.dev.package.{name}]\ndebug = false\n\n")).collect();
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n{profiles}", members.join(", "));
    fs::write(workspace.join("Cargo.toml"), manifest).expect("workspace manifest");
    fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).expect("lock file");
    cargo(
        &workspace,
        &["clippy", "--workspace", "--all-targets", "--no-default-features", "--", "-D", "warnings"],
    );
    let output = cargo(
        &workspace,
        &[
            "test",
            "--workspace",
            "--no-default-features",
            "--no-fail-fast",
            "--test",
            "examples",
            "--",
            "--nocapture",
        ],
    );
    for line in output.lines().filter(|line| line.contains("examples:")) {
        println!("{line}");
    }
}

/// `corpus-box` for `box.json`.
fn corpus_crate_name(file: &str) -> String {
    let stem = file.strip_suffix(".json").unwrap_or(file);
    format!("corpus-{}", stem.replace(['.', '_'], "-"))
}

/// Runs cargo in the corpus workspace; panics with its output when it
/// fails, and returns its standard output otherwise.
fn cargo(workspace: &Path, args: &[&str]) -> String {
    let started = Instant::now();
    let output = Command::new(env!("CARGO"))
        .current_dir(workspace)
        .args(args)
        .env("CARGO_TARGET_DIR", root().join("target/fixture-clients-target"))
        // Nothing here is rebuilt after an edit, so incremental state is
        // only overhead.
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    println!("`cargo {}` took {:.1} s", args[..2].join(" "), started.elapsed().as_secs_f64());
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "`cargo {}` fails on the corpus crates:\n{stdout}\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// Writes `tests/examples.rs` into the crate: one entry per example, each
/// checked by a function made for its type.
fn add_examples_test(
    crate_dir: &Path,
    crate_ident: &str,
    examples: &[Example],
    vendor_errors: &[(&str, &str)],
) {
    let mut entries = String::new();
    for example in examples {
        let check = if example.request { "request" } else { "response" };
        let ty = generator::type_path(&example.ty, crate_ident);
        let json = serde_json::to_string(&example.value).expect("an example serializes");
        let place = match &example.file {
            Some(file) => format!("{file}{}", example.pointer),
            None => example.pointer.to_string(),
        };
        writeln!(entries, "    ({place:?}, {json:?}, {check}::<{ty}>),").expect("writing to a string");
    }
    let mut listed = String::new();
    for (pointer, reason) in vendor_errors {
        writeln!(listed, "    ({pointer:?}, {reason:?}),").expect("writing to a string");
    }
    let text = EXAMPLES_TEST.replace("/* EXAMPLES */", &entries).replace("/* VENDOR_ERRORS */", &listed);
    let tests_dir = crate_dir.join("tests");
    fs::create_dir_all(&tests_dir).expect("tests directory");
    fs::write(tests_dir.join("examples.rs"), text).expect("examples test");
    let manifest_path = crate_dir.join("Cargo.toml");
    let manifest = fs::read_to_string(&manifest_path).expect("manifest");
    let manifest = manifest.replacen(
        "[dev-dependencies]\n",
        "[dev-dependencies]\nchrono = \"0.4\"\nserde = \"1\"\nserde_json = \"1\"\n",
        1,
    );
    assert!(manifest.contains("chrono = \"0.4\""), "the generated manifest has no [dev-dependencies] table");
    fs::write(&manifest_path, manifest).expect("manifest");
}

/// The examples test of one corpus crate; the harness fills in the lists.
const EXAMPLES_TEST: &str = r#"//! The spec's body examples through the generated types (written by
//! `tests/tests/corpus.rs`).

// A spec without request examples leaves their check unused.
#![allow(dead_code)]

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

type Check = fn(&str) -> Result<(), String>;

/// Pointer (with the file when not the spec), the example, and its check.
const EXAMPLES: &[(&str, &str, Check)] = &[
/* EXAMPLES */];

/// Examples that contradict the spec's own schema: pointer and reason.
const VENDOR_ERRORS: &[(&str, &str)] = &[
/* VENDOR_ERRORS */];

/// A response example decodes.
fn response<T: DeserializeOwned>(json: &str) -> Result<(), String> {
    serde_json::from_str::<T>(json).map(drop).map_err(|error| error.to_string())
}

/// A request example (or a scalar's) decodes, and serializes back to the
/// same JSON.
fn request<T: DeserializeOwned + Serialize>(json: &str) -> Result<(), String> {
    let value: Value = serde_json::from_str(json).map_err(|error| error.to_string())?;
    let typed: T = serde_json::from_value(value.clone()).map_err(|error| error.to_string())?;
    let back = serde_json::to_value(&typed).map_err(|error| error.to_string())?;
    match difference(&value, &back, "") {
        None => Ok(()),
        Some(place) => Err(format!("serialized differently at `{place}`: {back}")),
    }
}

/// Where two JSON values differ, ignoring what does not change the meaning:
/// members that are `null` on one side and absent on the other, numbers
/// written differently (`1` and `1.0`), and timestamps written in other
/// offsets or precision.
fn difference(sent: &Value, back: &Value, at: &str) -> Option<String> {
    match (sent, back) {
        (Value::Object(a), Value::Object(b)) => {
            let keys = a.keys().chain(b.keys());
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
        if let Err(reason) = check(json) {
            failures.push((*place, reason));
        }
    }
    let listed = |place: &str| VENDOR_ERRORS.iter().any(|(pointer, _)| *pointer == place);
    let ours: Vec<String> = failures
        .iter()
        .filter(|(place, _)| !listed(place))
        .map(|(place, reason)| format!("{place}: {reason}"))
        .collect();
    let passing: Vec<&str> = VENDOR_ERRORS
        .iter()
        .map(|(pointer, _)| *pointer)
        .filter(|pointer| !failures.iter().any(|(place, _)| place == pointer))
        .collect();
    println!(
        "{} examples: {} decoded, {} listed as vendor errors",
        env!("CARGO_PKG_NAME"),
        EXAMPLES.len() - failures.len(),
        failures.len() - ours.len(),
    );
    assert!(ours.is_empty(), "{} examples do not decode:\n{}", ours.len(), ours.join("\n"));
    assert!(passing.is_empty(), "listed as vendor errors but decode now: {passing:?}");
}
"#;
