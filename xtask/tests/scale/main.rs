//! Scale: a synthetic spec of 2,000 operations and 2,000 schemas generates,
//! and the crate it gives compiles.
//!
//! Slow (the `cargo check` of a crate that size takes a while), so it is
//! ignored by default; CI runs it with
//! `cargo test -p xtask --test scale -- --ignored --nocapture`, which also
//! prints how long generation and the check took.
//!
//! The crate is checked in `target/fixture-clients-target`, the directory
//! the fixture build uses, with the same features, so the dependencies are
//! compiled once for both.

mod synthetic;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use generator::{generate, output, Options};
use synthetic::{Synthetic, PER_RESOURCE};

/// 250 resources of 8 operations and 8 schemas each.
const RESOURCES: usize = 250;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_owned()
}

#[test]
#[ignore = "slow: generates and checks a 2,000-operation crate; run with --ignored"]
fn two_thousand_operations_generate_and_compile() {
    let root = root();
    let dir = root.join("target/scale");
    fs::create_dir_all(&dir).expect("target/scale");
    let spec = dir.join("synthetic.json");
    let synthetic = Synthetic { resources: RESOURCES };
    fs::write(&spec, synthetic.to_json()).expect("spec written");

    let options = Options {
        spec,
        spec_label: "synthetic.json".to_owned(),
        package_name: Some("synthetic-client".to_owned()),
        examples: None,
        standalone: true,
    };
    let started = Instant::now();
    let files = generate(&options).unwrap_or_else(|error| panic!("the synthetic spec generates: {error}"));
    let generated_in = started.elapsed();
    let requests = files.get("src/requests.rs").expect("requests.rs");
    let builders =
        requests.lines().filter(|line| line.starts_with("pub struct ") && line.ends_with("Request {"));
    assert_eq!(builders.count(), RESOURCES * PER_RESOURCE, "one request builder per operation");
    let lines: usize = files.iter().map(|(_, contents)| contents.lines().count()).sum();

    let crate_dir = dir.join("client");
    output::write(&files, &crate_dir).unwrap_or_else(|error| panic!("writing the crate: {error}"));
    fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock")).expect("lock file");
    let started = Instant::now();
    let check = Command::new(env!("CARGO"))
        .current_dir(&crate_dir)
        .args(["check", "--no-default-features", "--features", "blocking", "--quiet"])
        .env("CARGO_TARGET_DIR", root.join("target/fixture-clients-target"))
        // A one-off build: incremental state would cost time and over a
        // gigabyte of disk for nothing.
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let checked_in = started.elapsed();
    assert!(
        check.status.success(),
        "`cargo check` fails on the synthetic crate:\n{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let diagnostics = String::from_utf8_lossy(&check.stderr);
    assert!(!diagnostics.contains("warning"), "the synthetic crate has warnings:\n{diagnostics}");
    println!(
        "scale: {} operations, {} schemas: generated {lines} lines in {:.2} s, `cargo check` took {:.1} s",
        RESOURCES * PER_RESOURCE,
        RESOURCES * PER_RESOURCE + 1,
        generated_in.as_secs_f64(),
        checked_in.as_secs_f64(),
    );
}
