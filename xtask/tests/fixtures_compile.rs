//! Every fixture spec in `tests/specs/` (YAML or JSON) generates a crate that compiles
//! without warnings, passes clippy and documents without rustdoc warnings,
//! like the checked-in client. Fixtures with a test file in
//! `tests/specs/wire/` (named like the spec) also run it against a loopback
//! server, as an integration test of their crate.
//!
//! The crates are built together in one throwaway workspace under
//! `target/fixture-clients/`, with their own target directory (this test
//! runs while the outer cargo holds the main one) and without TLS features
//! (TLS does not change the generated code, and its C build is slow). They
//! reuse the workspace's `Cargo.lock`, so dependency versions match.
//!
//! Then the tests in `fixture_behaviour/` run against the fixture crates:
//! what their models put on the wire and decode from it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use generator::{generate, output, Options};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_owned()
}

#[test]
fn fixture_clients_compile_cleanly() {
    let root = root();
    let workspace = root.join("target/fixture-clients");
    let mut members = Vec::new();
    let mut specs: Vec<PathBuf> = fs::read_dir(root.join("tests/specs"))
        .expect("tests/specs")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml" || ext == "json"))
        .collect();
    specs.sort();
    assert!(!specs.is_empty());
    // TileDB's public Swagger 2.0 spec sits beside the repository on the
    // machines this project is developed on; it is not ours to commit.
    let reference = root.join("../shared/reference/tiledb-array-api.swagger2.yaml");
    if reference.exists() {
        specs.push(reference);
    } else {
        eprintln!("note: {} is not present; the reference Swagger 2.0 spec is not compiled", reference.display());
    }
    for spec in specs {
        let stem = spec.file_stem().expect("stem").to_string_lossy().into_owned();
        let name = stem.replace(['_', '.'], "-");
        let options = Options {
            spec_label: spec.file_name().expect("name").to_string_lossy().into_owned(),
            spec,
            package_name: Some(format!("fixture-{name}")),
            examples: None,
            standalone: false,
        };
        let files = generate(&options).unwrap_or_else(|error| panic!("{name}: {error}"));
        let crate_dir = workspace.join(&name);
        output::write(&files, &crate_dir).unwrap_or_else(|error| panic!("{name}: {error}"));
        add_wire_tests(&root, &stem, &crate_dir);
        members.push(format!("\"{name}\""));
    }
    add_behaviour_crate(&root, &workspace, &members);
    members.push("\"behaviour\"".to_owned());
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    fs::write(workspace.join("Cargo.toml"), manifest).expect("workspace manifest");
    fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).expect("lock file");

    let cargo = |args: &[&str]| {
        let output = Command::new(env!("CARGO"))
            .current_dir(&workspace)
            .args(args)
            .env("CARGO_TARGET_DIR", root.join("target/fixture-clients-target"))
            .env("RUSTDOCFLAGS", "-D warnings")
            .env_remove("RUSTFLAGS")
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "`cargo {}` fails on the generated fixture crates:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
    };
    cargo(&["clippy", "--workspace", "--no-default-features", "--quiet", "--", "-D", "warnings"]);
    cargo(&[
        "clippy",
        "--workspace",
        "--no-default-features",
        "--features",
        "blocking",
        "--quiet",
        "--",
        "-D",
        "warnings",
    ]);
    cargo(&["test", "--workspace", "--no-default-features", "--quiet"]);
    // Spec prose becomes rustdoc; it must not trip rustdoc's lints.
    cargo(&["doc", "--workspace", "--no-default-features", "--features", "blocking", "--no-deps", "--quiet"]);
    cargo(&["test", "-p", "fixture-behaviour", "--no-default-features", "--quiet"]);
}

/// The crate of behaviour tests, depending on every fixture crate (quoted
/// directory names in `members`).
fn add_behaviour_crate(root: &Path, workspace: &Path, members: &[String]) {
    let dir = workspace.join("behaviour");
    fs::create_dir_all(dir.join("src")).expect("behaviour crate directory");
    let sources = root.join("xtask/tests/fixture_behaviour");
    for entry in fs::read_dir(&sources).expect("xtask/tests/fixture_behaviour") {
        let path = entry.expect("entry").path();
        fs::copy(&path, dir.join("src").join(path.file_name().expect("name"))).expect("copy a test source");
    }
    let dependencies: Vec<String> = members
        .iter()
        .map(|quoted| {
            let name = quoted.trim_matches('"');
            format!("fixture-{name} = {{ path = \"../{name}\", default-features = false }}")
        })
        .collect();
    let manifest = format!(
        "[package]\nname = \"fixture-behaviour\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\n{}\nserde = \"1\"\nserde_json = \"1\"\n",
        dependencies.join("\n")
    );
    fs::write(dir.join("Cargo.toml"), manifest).expect("behaviour manifest");
}

/// Copies the fixture's wire test (and the helpers it shares) into the
/// crate's `tests/`, with the dev-dependencies it needs; removes a stale one.
fn add_wire_tests(root: &Path, stem: &str, crate_dir: &Path) {
    let wire = root.join("tests/specs/wire");
    let tests_dir = crate_dir.join("tests");
    if tests_dir.exists() {
        fs::remove_dir_all(&tests_dir).expect("remove old tests");
    }
    let test = wire.join(format!("{stem}.rs"));
    if !test.exists() {
        return;
    }
    fs::create_dir_all(tests_dir.join("common")).expect("tests dir");
    fs::copy(&test, tests_dir.join("wire.rs")).expect("copy wire test");
    fs::copy(wire.join("common.rs"), tests_dir.join("common/mod.rs")).expect("copy common");
    let manifest_path = crate_dir.join("Cargo.toml");
    let manifest = fs::read_to_string(&manifest_path).expect("manifest");
    let manifest = manifest.replacen(
        "[dev-dependencies]\n",
        "[dev-dependencies]\nserde_json = \"1\"\nwiremock = \"0.6\"\n",
        1,
    );
    assert!(manifest.contains("wiremock"), "{stem}: the generated manifest has no [dev-dependencies] table");
    fs::write(&manifest_path, manifest).expect("manifest");
}
