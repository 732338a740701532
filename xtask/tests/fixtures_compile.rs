//! Every fixture spec in `tests/specs/` (YAML or JSON) generates a crate that compiles
//! without warnings, passes clippy and documents without rustdoc warnings,
//! like the checked-in client.
//!
//! The crates are built together in one throwaway workspace under
//! `target/fixture-clients/`, with their own target directory (this test
//! runs while the outer cargo holds the main one) and without TLS features
//! (TLS does not change the generated code, and its C build is slow). They
//! reuse the workspace's `Cargo.lock`, so dependency versions match.

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
    for spec in specs {
        let name = spec.file_stem().expect("stem").to_string_lossy().replace('_', "-");
        let options = Options {
            spec_label: format!("tests/specs/{}", spec.file_name().expect("name").to_string_lossy()),
            spec,
            package_name: Some(format!("fixture-{name}")),
            examples: None,
            standalone: false,
        };
        let files = generate(&options).unwrap_or_else(|error| panic!("{name}: {error}"));
        output::write(&files, &workspace.join(&name)).unwrap_or_else(|error| panic!("{name}: {error}"));
        members.push(format!("\"{name}\""));
    }
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
    // Spec prose becomes rustdoc; it must not trip rustdoc's lints.
    cargo(&["doc", "--workspace", "--no-default-features", "--features", "blocking", "--no-deps", "--quiet"]);
}
