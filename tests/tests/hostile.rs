//! The manifest a hostile spec (`tests/hostile/`) generates holds exactly
//! the expected tables and keys, whatever its title smuggles in.
//!
//! Building, linting, documenting and testing the hostile crates (doctests
//! included) without any spec text running is `cargo xtask test`'s job
//! (`xtask/src/harness/hostile.rs`): there they share the one target
//! directory with every other generated crate.

use std::fs;
use std::path::{Path, PathBuf};

use generator::{generate, Files, Options};
use toml_edit::{DocumentMut, Item};

/// Every direct dependency a generated crate may have.
const DEPENDENCIES: [&str; 17] = [
    "base64",
    "bytes",
    "chrono",
    "futures-core",
    "futures-util",
    "http-body",
    "http-body-util",
    "hyper",
    "hyper-util",
    "percent-encoding",
    "reqwest",
    "serde",
    "serde_json",
    "serde_path_to_error",
    "thiserror",
    "tokio",
    "tracing",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_owned()
}

/// Where this test works, and the marker file the specs name.
struct Scene {
    dir: PathBuf,
    marker: PathBuf,
}

impl Scene {
    /// A fresh directory. Nothing is built here, so the `evil` crate the
    /// title names need not exist.
    fn new(name: &str) -> Scene {
        let dir = root().join("target").join(name);
        if dir.exists() {
            fs::remove_dir_all(&dir).expect("remove the previous run");
        }
        let marker = dir.join("marker");
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
            ["description", "edition", "exclude", "metadata", "name", "readme", "rust-version", "version"],
            "{text}"
        );
        assert_eq!(manifest["package"]["name"].as_str(), Some("hostile-openapi3"));
        assert_eq!(manifest["package"]["version"].as_str(), Some("0.1.0"));
        assert_eq!(manifest["package"]["rust-version"].as_str(), Some("1.88"));
        let description = format!("Async Rust client for the {title}");
        assert_eq!(manifest["package"]["description"].as_str(), Some(description.as_str()), "{text}");
        assert_eq!(keys(&manifest["package"]["metadata"]), ["docs"]);
        assert_eq!(keys(&manifest["package"]["metadata"]["docs"]), ["rs"]);
        assert_eq!(keys(&manifest["package"]["metadata"]["docs"]["rs"]), ["features"]);
        assert_eq!(keys(&manifest["features"]), ["blocking", "default", "mock", "native-tls", "rustls"]);
        assert_eq!(keys(&manifest["dependencies"]), DEPENDENCIES);
        assert_eq!(keys(&manifest["dev-dependencies"]), ["tokio"]);
        // Only crates.io versions: no path, git or registry of another's choosing.
        for (name, dependency) in manifest["dependencies"].as_table().expect("a table") {
            if let Some(details) = dependency.as_table_like() {
                let allowed = ["default-features", "features", "optional", "version"];
                assert!(details.iter().all(|(key, _)| allowed.contains(&key)), "{name}: {text}");
            }
        }
    }
}
