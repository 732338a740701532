//! What `cargo xtask codegen` reports when the spec changes: for each pair
//! of specs in `tests/specs/evolution/<case>/` (`old.yaml`, `new.yaml`),
//! the report of the changes from the first to the second, as a snapshot.
//! The old API goes through `api.json` as the command line's does, so the
//! description round-trips too.

use std::path::PathBuf;

use generator::description::{describe, text, Outcome, Previous};
use generator::ir::Api;
use generator::Options;

fn api(case: &str, side: &str) -> Api {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let options = Options {
        spec: root.join("specs/evolution").join(case).join(format!("{side}.yaml")),
        spec_label: format!("tests/specs/evolution/{case}/{side}.yaml"),
        package_name: None,
        examples: None,
        standalone: true,
    };
    generator::api(&options).unwrap_or_else(|error| panic!("{case}/{side}.yaml should generate: {error}"))
}

/// The report from `case`'s old spec to its new one.
fn report(case: &str) -> String {
    let previous = Previous::parse(&text(&describe(&api(case, "old"))));
    match previous.compare(&api(case, "new")) {
        Outcome::Compared(report) => report.to_string(),
        other => panic!("{case}: the old API should be readable, got: {other}"),
    }
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
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    directories.sort();
    assert_eq!(directories, CASES, "add the case to `evolution_tests!` in tests/tests/evolution.rs");
}
