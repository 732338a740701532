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
//! what their models put on the wire and decode from it. Every generated
//! crate must also be formatted as rustfmt formats it (`cargo fmt --check`),
//! its wire tests included.
//!
//! One more crate joins them: the client of the utoipa server
//! (`tests/utoipa-server`), generated from the OpenAPI 3.1 document the
//! server serves over 127.0.0.1, whose test runs it against that server
//! (see [`add_utoipa_roundtrip`]).

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
    let mut packages = Vec::new();
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
        eprintln!(
            "note: {} is not present; the reference Swagger 2.0 spec is not compiled",
            reference.display()
        );
    }
    for spec in specs {
        let stem = spec.file_stem().expect("stem").to_string_lossy().into_owned();
        let name = stem.replace(['_', '.'], "-");
        packages.push(format!("fixture-{name}"));
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
    let roundtrip = add_utoipa_roundtrip(&root, &workspace);
    members.push(format!("\"{roundtrip}\""));
    packages.push(format!("fixture-{roundtrip}"));
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
    let mut fmt = vec!["fmt", "--check"];
    for package in &packages {
        fmt.extend(["-p", package.as_str()]);
    }
    cargo(&fmt);
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

/// The producer round trip: starts the axum + utoipa server on 127.0.0.1,
/// fetches the OpenAPI 3.1 document it serves, generates a client crate
/// from it (without a warning), and gives the crate the round-trip test
/// (`tests/utoipa-server/roundtrip/client.rs`), which starts a server of its
/// own and calls every operation. Returns the member's directory name.
fn add_utoipa_roundtrip(root: &Path, workspace: &Path) -> String {
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let address = runtime.block_on(utoipa_server::spawn()).expect("the utoipa server starts on 127.0.0.1");
    let document = http_get(address, "/openapi.json");
    drop(runtime);
    let served: serde_json::Value = serde_json::from_str(&document).expect("the served document is JSON");
    assert_eq!(served["openapi"], "3.1.0", "utoipa serves OpenAPI 3.1");
    let spec = workspace.join("utoipa-server.openapi.json");
    fs::create_dir_all(workspace).expect("fixture workspace");
    fs::write(&spec, &document).expect("the served document");
    let options = Options {
        spec,
        spec_label: "utoipa-server/openapi.json".to_owned(),
        package_name: Some("fixture-utoipa-roundtrip".to_owned()),
        examples: None,
        standalone: false,
    };
    let api =
        generator::api(&options).unwrap_or_else(|error| panic!("the utoipa document generates: {error}"));
    let warnings: Vec<String> = api.warnings.iter().map(|warning| warning.line("openapi.json")).collect();
    assert!(warnings.is_empty(), "the utoipa document generates with warnings: {warnings:#?}");
    let files = generator::files(&api, &options).expect("emits");
    let crate_dir = workspace.join("utoipa-roundtrip");
    output::write(&files, &crate_dir).expect("writes the round-trip crate");
    let tests_dir = crate_dir.join("tests");
    if tests_dir.exists() {
        fs::remove_dir_all(&tests_dir).expect("remove old tests");
    }
    fs::create_dir_all(&tests_dir).expect("tests dir");
    fs::copy(root.join("tests/utoipa-server/roundtrip/client.rs"), tests_dir.join("roundtrip.rs"))
        .expect("copy the round-trip test");
    fs::write(tests_dir.join("served-openapi.json"), &document).expect("the document beside the test");
    let manifest_path = crate_dir.join("Cargo.toml");
    let manifest = fs::read_to_string(&manifest_path).expect("manifest");
    let manifest = manifest.replacen(
        "[dev-dependencies]\n",
        // The crate's manifest already has tokio (with `macros` and
        // `rt-multi-thread`) for its doctests.
        "[dev-dependencies]\nserde_json = \"1\"\nutoipa-server = { path = \"../../../tests/utoipa-server\" }\n",
        1,
    );
    assert!(manifest.contains("utoipa-server"), "the generated manifest has no [dev-dependencies] table");
    fs::write(&manifest_path, manifest).expect("manifest");
    "utoipa-roundtrip".to_owned()
}

/// The body of a `GET` of `path` from the server at `address`.
fn http_get(address: std::net::SocketAddr, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).expect("connects to the server");
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).expect("sends the request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("reads the response");
    let (head, body) = response.split_once("\r\n\r\n").expect("an HTTP response");
    assert!(head.starts_with("HTTP/1.1 200"), "GET {path}: {head}");
    assert!(!head.to_ascii_lowercase().contains("transfer-encoding"), "GET {path}: a chunked body: {head}");
    body.to_owned()
}
