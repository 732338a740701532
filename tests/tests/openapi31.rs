//! OpenAPI 3.1: the array API rewritten as 3.1 generates the checked-in
//! client byte for byte, and the API diff sees no change across the
//! migration; 3.1 documents are located as written in their errors and
//! warnings.

use std::path::{Path, PathBuf};

use generator::diff::Previous;
use generator::{output, Options};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_owned()
}

/// Options that generate `spec` as the checked-in client is generated, with
/// the default spec's label (it is in every file's header).
fn as_checked_in(spec: &Path) -> Options {
    let root = root();
    Options {
        spec: spec.to_owned(),
        spec_label: "spec/array-api.yaml".to_owned(),
        package_name: Some("tiledb-array-api".to_owned()),
        examples: Some((root.join("spec/examples"), "spec/examples".to_owned())),
        standalone: false,
    }
}

/// What `cargo xtask codegen --check` does after replacing
/// `spec/array-api.yaml` with its 3.1 version: no API change is reported,
/// and no file differs.
#[test]
fn the_array_api_in_openapi_31_generates_the_checked_in_client() {
    let root = root();
    let options = as_checked_in(&root.join("tests/specs/openapi31/array-api.yaml"));
    let mut api =
        generator::api(&options).unwrap_or_else(|error| panic!("the 3.1 array API generates: {error}"));
    assert!(api.warnings.is_empty(), "{:?}", api.warnings);
    let out = root.join("generated-client");
    let previous = Previous::load(&out);
    previous.keep_version(&mut api);
    let outcome = previous.compare(&api);
    assert!(outcome.to_string().starts_with("semver: no API changes"), "{outcome}");
    let files = generator::files(&api, &options).expect("emits");
    let differences = output::check(&files, &out).expect("generated-client/ is readable");
    let listed: Vec<String> = differences.iter().map(ToString::to_string).collect();
    assert!(
        listed.is_empty(),
        "the 3.1 array API's client differs from generated-client/:\n{}",
        listed.join("\n")
    );
}
