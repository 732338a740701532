//! What `cargo xtask codegen` reports when the spec changes: for each pair
//! of specs in `tests/specs/evolution/<case>/` (`old.yaml`, `new.yaml`),
//! the report of the changes from the first to the second, as a snapshot.
//! The old API goes through `api.json` as the command line's does, so the
//! description round-trips too.

use std::path::PathBuf;

use generator::description::{describe, text};
use generator::diff::{Bump, Outcome, Previous, Report};
use generator::ir::Api;
use generator::{Files, Options};

fn options(case: &str, side: &str) -> Options {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    Options {
        spec: root.join("specs/evolution").join(case).join(format!("{side}.yaml")),
        spec_label: format!("tests/specs/evolution/{case}/{side}.yaml"),
        package_name: None,
        examples: None,
        standalone: true,
    }
}

fn api(case: &str, side: &str) -> Api {
    generator::api(&options(case, side))
        .unwrap_or_else(|error| panic!("{case}/{side}.yaml should generate: {error}"))
}

/// The report from `case`'s old spec to its new one.
fn compared(case: &str) -> Report {
    let previous = Previous::parse(&text(&describe(&api(case, "old"))));
    match previous.compare(&api(case, "new")) {
        Outcome::Compared(report) => report,
        other => panic!("{case}: the old API should be readable, got: {other}"),
    }
}

fn report(case: &str) -> String {
    compared(case).to_string()
}

fn snapshot(case: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots");
    settings.bind(|| insta::assert_snapshot!(format!("evolution__{case}"), report(case)));
}

macro_rules! evolution_tests {
    ($($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                snapshot(stringify!($case));
            }
        )*

        /// The cases with a test above.
        const CASES: &[&str] = &[$(stringify!($case)),*];
    };
}

evolution_tests!(
    base_url_changed,
    credential_removed,
    default_dropped,
    docs_only,
    endpoint_changed,
    enum_value_added,
    enum_value_removed,
    field_made_required,
    field_type_changed,
    openapi31_migration,
    operation_removed,
    optional_query_param_added,
    renamed,
    request_body_removed,
    required_field_added,
    required_query_param_added,
    response_field_added,
    success_type_changed,
    union_variant_removed,
);

/// A case directory without a test above would be skipped without a word.
#[test]
fn every_case_directory_has_a_test() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("specs/evolution");
    let mut directories: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/specs/evolution")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.is_dir())
        .map(|path| path.file_name().unwrap_or_default().to_string_lossy().into_owned())
        .collect();
    directories.sort();
    assert_eq!(directories, CASES, "add the case to `evolution_tests!` in tests/tests/evolution.rs");
}

/// Our bump for every case against cargo-semver-checks' verdict, as
/// `cargo xtask semver-verify` recorded it in `verdicts.toml` for the crates
/// it fingerprinted there: every file of both, so a verdict recorded for
/// other crates (a change to the generator's output or to the runtime, which
/// may change what the tool says) fails until the command runs again. The tool sees the Rust API only:
/// where it cannot see a break (a request now sent elsewhere), the case says
/// why in `reason`, and a reason no longer needed fails as well.
#[test]
fn the_reports_agree_with_cargo_semver_checks() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("specs/evolution/verdicts.toml");
    let document: toml_edit::DocumentMut =
        std::fs::read_to_string(&path).expect("verdicts.toml").parse().expect("verdicts.toml is TOML");
    let rerun = "re-record every verdict with `cargo xtask semver-verify` (it needs cargo-semver-checks \
                 0.51.0 on PATH: `cargo install cargo-semver-checks --version 0.51.0 --locked`), then review \
                 the diff of tests/specs/evolution/verdicts.toml";
    let mut problems = Vec::new();
    let mut stale = Vec::new();
    for case in CASES {
        let Some(recorded) = document.get("cases").and_then(|cases| cases.get(case)) else {
            problems.push(format!("{case}: no verdict recorded; {rerun}"));
            continue;
        };
        let field = |key: &str| recorded.get(key).and_then(toml_edit::Item::as_str);
        let generate = |side| generator::generate(&options(case, side)).expect("generates");
        let crates = Files::fingerprint([&generate("old"), &generate("new")]);
        if field("crates") != Some(crates.as_str()) {
            stale.push(*case);
            continue;
        }
        let ours = compared(case).bump().map_or_else(|| "none".to_owned(), |bump| bump.to_string());
        let tool = field("tool").unwrap_or_default();
        if field("ours") != Some(ours.as_str()) {
            problems.push(format!("{case}: the report now calls for `{ours}`; {rerun}"));
        }
        let major = ours == Bump::Major.to_string();
        let minor_or_more = major || ours == Bump::Minor.to_string();
        let agree = (tool == "major") == major && (tool != "minor" || minor_or_more);
        match (agree, field("reason")) {
            (false, None) => problems.push(format!(
                "{case}: our report calls for `{ours}`, cargo-semver-checks for `{tool}`, and no `reason` says why"
            )),
            (true, Some(_)) => {
                problems.push(format!("{case}: the two agree now; drop its `reason` from verdicts.toml"))
            }
            _ => {}
        }
    }
    if !stale.is_empty() {
        problems.push(format!(
            "the crates of {} are not the ones cargo-semver-checks' verdict was recorded for (the generated \
             code or the runtime changed); {rerun}",
            stale.join(", ")
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
