//! Hostile specs (`tests/hostile/`) generate crates that build and pass
//! their tests, doctests included, without running any spec text.
//!
//! Each payload in the specs appends its name to a marker file if it ever
//! runs: as a doctest that escaped a sanitized code block, as Rust that
//! broke out of a string in the README's examples, or as the build script
//! of a dependency smuggled into `Cargo.toml` (the `evil` crate this test
//! writes next to them). The crates are built and tested with `cargo` in
//! one throwaway workspace under `target/hostile/`, with their own target
//! directory (`target/hostile-target/`: this test runs while the outer
//! cargo holds the workspace's), offline, from the workspace's
//! `Cargo.lock`, without TLS (it does not change the generated code and its
//! C build is slow). Then the marker must not exist, and the build must have
//! resolved nothing the workspace's lock file does not already hold.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use generator::{generate, output, Files, Options};
use toml_edit::{DocumentMut, Item};

/// The hostile specs and the package names they are generated under.
const SPECS: [(&str, &str); 2] =
    [("hostile.yaml", "hostile-openapi3"), ("hostile_swagger2.yaml", "hostile-swagger2")];

/// Every direct dependency a generated crate may have.
const DEPENDENCIES: [&str; 10] = [
    "base64",
    "bytes",
    "chrono",
    "percent-encoding",
    "reqwest",
    "serde",
    "serde_json",
    "thiserror",
    "tokio",
    "tracing",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_owned()
}

/// Where this test works, and its marker file.
struct Scene {
    dir: PathBuf,
    marker: PathBuf,
}

impl Scene {
    /// A fresh directory, with the `evil` crate a smuggled dependency would
    /// name: its build script writes the marker.
    fn new(name: &str) -> Scene {
        let dir = root().join("target").join(name);
        if dir.exists() {
            fs::remove_dir_all(&dir).expect("remove the previous run");
        }
        let marker = dir.join("marker");
        let evil = dir.join("evil");
        fs::create_dir_all(evil.join("src")).expect("evil crate directory");
        fs::write(
            evil.join("Cargo.toml"),
            "[package]\nname = \"evil\"\nversion = \"0.1.0\"\nedition = \"2021\"\nbuild = \"build.rs\"\n",
        )
        .expect("evil manifest");
        fs::write(evil.join("src/lib.rs"), "").expect("evil lib");
        fs::write(
            evil.join("build.rs"),
            format!(
                "fn main() {{ std::io::Write::write_all(&mut std::fs::OpenOptions::new().create(true)\
                 .append(true).open({:?}).unwrap(), b\"evil-build-script;\").unwrap(); }}\n",
                marker.to_str().expect("a UTF-8 path")
            ),
        )
        .expect("evil build script");
        Scene { dir, marker }
    }

    /// Generates the crate of `spec` with the placeholders filled in.
    fn generate(&self, spec: &str, package: &str, standalone: bool) -> Files {
        let text = fs::read_to_string(root().join("tests/hostile").join(spec)).expect("hostile spec");
        let text = text
            .replace("@MARKER@", self.marker.to_str().expect("a UTF-8 path"))
            .replace("@EVIL@", self.dir.join("evil").to_str().expect("a UTF-8 path"));
        let path = self.dir.join("specs").join(spec);
        fs::create_dir_all(path.parent().expect("specs directory")).expect("specs directory");
        fs::write(&path, text).expect("filled-in spec");
        let options = Options {
            spec: path,
            spec_label: spec.to_owned(),
            package_name: Some(package.to_owned()),
            examples: None,
            standalone,
        };
        generate(&options).unwrap_or_else(|error| panic!("{spec} does not generate: {error}"))
    }

    fn assert_nothing_ran(&self, after: &str) {
        if let Ok(ran) = fs::read_to_string(&self.marker) {
            panic!("spec text ran during {after}: {ran}");
        }
    }
}

/// The keys of a TOML table, sorted.
fn keys(item: &Item) -> Vec<String> {
    let table = item.as_table_like().expect("a table");
    let mut keys: Vec<String> = table.iter().map(|(key, _)| key.to_owned()).collect();
    keys.sort();
    keys
}

#[test]
fn the_manifest_holds_exactly_the_expected_tables_and_keys() {
    let scene = Scene::new("hostile-manifest");
    let title = {
        let text = fs::read_to_string(root().join("tests/hostile/hostile.yaml")).expect("hostile spec");
        let doc: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
        let title = doc["info"]["title"].as_str().expect("a title").to_owned();
        title
            .replace("@EVIL@", scene.dir.join("evil").to_str().expect("a UTF-8 path"))
            .replace("@MARKER@", scene.marker.to_str().expect("a UTF-8 path"))
    };
    for standalone in [false, true] {
        let files = scene.generate("hostile.yaml", "hostile-openapi3", standalone);
        let text = files.get("Cargo.toml").expect("a manifest");
        let manifest: DocumentMut = text.parse().unwrap_or_else(|error| panic!("{error}\n{text}"));
        let mut tables = vec!["dependencies", "dev-dependencies", "features", "package"];
        if standalone {
            tables.push("workspace");
            assert!(keys(&manifest["workspace"]).is_empty(), "{text}");
        }
        assert_eq!(keys(manifest.as_item()), tables, "{text}");
        assert_eq!(
            keys(&manifest["package"]),
            ["description", "edition", "exclude", "metadata", "name", "readme", "version"],
            "{text}"
        );
        assert_eq!(manifest["package"]["name"].as_str(), Some("hostile-openapi3"));
        assert_eq!(manifest["package"]["version"].as_str(), Some("0.1.0"));
        let description = format!("Async Rust client for the {title}");
        assert_eq!(manifest["package"]["description"].as_str(), Some(description.as_str()), "{text}");
        assert_eq!(keys(&manifest["package"]["metadata"]), ["docs"]);
        assert_eq!(keys(&manifest["package"]["metadata"]["docs"]), ["rs"]);
        assert_eq!(keys(&manifest["package"]["metadata"]["docs"]["rs"]), ["features"]);
        assert_eq!(keys(&manifest["features"]), ["blocking", "default", "native-tls", "rustls"]);
        assert_eq!(keys(&manifest["dependencies"]), DEPENDENCIES);
        assert_eq!(keys(&manifest["dev-dependencies"]), ["tokio"]);
        // Only crates.io versions: no path, git or registry of another's choosing.
        for (name, dependency) in manifest["dependencies"].as_table().expect("a table") {
            if let Some(details) = dependency.as_table_like() {
                let allowed = ["default-features", "features", "version"];
                assert!(details.iter().all(|(key, _)| allowed.contains(&key)), "{name}: {text}");
            }
        }
    }
}

#[test]
fn hostile_specs_build_and_test_without_running_spec_text() {
    let scene = Scene::new("hostile");
    let workspace = scene.dir.join("workspace");
    let mut members = Vec::new();
    for (spec, package) in SPECS {
        let files = scene.generate(spec, package, false);
        for (path, text) in files.iter() {
            assert!(!text.contains("hunter2"), "{spec}: the server URL's password is in {path}");
        }
        output::write(&files, &workspace.join(package)).unwrap_or_else(|error| panic!("{spec}: {error}"));
        members.push(format!("{package:?}"));
    }
    fs::write(
        workspace.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", ")),
    )
    .expect("workspace manifest");
    fs::copy(root().join("Cargo.lock"), workspace.join("Cargo.lock")).expect("lock file");

    let features: Vec<String> = SPECS.iter().map(|(_, package)| format!("{package}/blocking")).collect();
    let features = features.join(",");
    let cargo = |command: &str| {
        let output = Command::new(env!("CARGO"))
            .current_dir(&workspace)
            .args([command, "--workspace", "--offline", "--no-default-features", "--features", &features])
            .env("CARGO_TARGET_DIR", root().join("target/hostile-target"))
            .env_remove("RUSTFLAGS")
            .env_remove("RUSTDOCFLAGS")
            .output()
            .expect("cargo runs");
        scene.assert_nothing_ran(&format!("cargo {command}"));
        assert!(
            output.status.success(),
            "`cargo {command}` fails on the hostile crates:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    // Formatted as rustfmt formats it, whatever the strings in it hold.
    let fmt = Command::new(env!("CARGO"))
        .current_dir(&workspace)
        .args(["fmt", "--all", "--check"])
        .output()
        .expect("cargo fmt runs");
    assert!(
        fmt.status.success(),
        "the hostile crates are not formatted as rustfmt formats them:\n{}",
        String::from_utf8_lossy(&fmt.stdout)
    );
    cargo("build");
    let tests = cargo("test");
    // The payloads did not run because the docs hold no Rust to run, not
    // because doctests were skipped: the README's examples are doctests.
    for package in ["hostile-openapi3", "hostile-swagger2"] {
        let compiled = tests.matches(&format!("{package}/src/../README.md - (line")).count();
        assert!(compiled >= 4, "{package}: {compiled} README doctests compiled:\n{tests}");
    }
    scene.assert_nothing_ran("the whole run");
    assert_resolved_only_known_packages(&workspace.join("Cargo.lock"));
}

/// Every package in the build's lock file is a hostile crate or one the
/// workspace's own lock file holds (same name, version and source), and the
/// hostile crates depend on exactly [`DEPENDENCIES`].
fn assert_resolved_only_known_packages(lock: &Path) {
    let packages = |path: &Path| -> Vec<(String, String, Option<String>, Vec<String>)> {
        let text = fs::read_to_string(path).expect("a lock file");
        let lock: DocumentMut = text.parse().expect("a TOML lock file");
        let packages = lock["package"].as_array_of_tables().expect("packages");
        packages
            .iter()
            .map(|package| {
                let text = |key: &str| package.get(key).and_then(Item::as_str).map(str::to_owned);
                let dependencies = package
                    .get("dependencies")
                    .and_then(Item::as_array)
                    .map(|list| {
                        list.iter()
                            .filter_map(|value| value.as_str())
                            .map(|name| name.split(' ').next().unwrap_or_default().to_owned())
                            .collect()
                    })
                    .unwrap_or_default();
                (
                    text("name").unwrap_or_default(),
                    text("version").unwrap_or_default(),
                    text("source"),
                    dependencies,
                )
            })
            .collect()
    };
    let known: BTreeSet<(String, String, Option<String>)> = packages(&root().join("Cargo.lock"))
        .into_iter()
        .filter(|(_, _, source, _)| source.is_some())
        .map(|(name, version, source, _)| (name, version, source))
        .collect();
    let hostile: Vec<&str> = SPECS.iter().map(|(_, package)| *package).collect();
    for (name, version, source, dependencies) in packages(lock) {
        if hostile.contains(&name.as_str()) {
            assert_eq!(source, None, "{name}");
            let dependencies: BTreeSet<&str> = dependencies.iter().map(String::as_str).collect();
            assert_eq!(dependencies, DEPENDENCIES.into_iter().collect(), "{name}'s dependencies");
        } else {
            let entry = (name, version, source);
            assert!(
                known.contains(&entry),
                "the hostile build resolved {entry:?}, which the workspace does not use"
            );
        }
    }
}
