//! The generated crate's `rust-version` is the oldest toolchain it builds
//! with: the newest of edition 2024's 1.85 and the `rust-version` every
//! package of its resolved dependency graph (Cargo.lock) declares. A lock
//! update that brings a dependency needing a newer Rust fails here, as does a
//! manifest that claims more than its dependencies need.
//!
//! What this proves: no dependency, by its own declaration, needs a newer
//! compiler than the manifest says, and clippy's `incompatible_msrv` (run on
//! the crate with `-D warnings`) checks the crate's own use of the standard
//! library against it. It does not compile anything with that toolchain.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// Edition 2024 became stable in Rust 1.85.
const EDITION_2024: (u64, u64) = (1, 85);

fn version(text: &str) -> (u64, u64) {
    let mut parts = text.split('.').map(|part| part.parse::<u64>().expect("a numeric rust-version"));
    (parts.next().expect("a major version"), parts.next().unwrap_or(0))
}

/// The packages `root` builds with (normal and build dependencies, not dev),
/// transitively, by package id.
fn graph(nodes: &BTreeMap<&str, &Value>, root: &str) -> BTreeSet<String> {
    let (mut seen, mut stack) = (BTreeSet::new(), vec![root.to_owned()]);
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        for dependency in nodes[id.as_str()]["deps"].as_array().expect("deps") {
            let kinds = dependency["dep_kinds"].as_array().expect("dep_kinds");
            if kinds.iter().any(|kind| kind["kind"].as_str() != Some("dev")) {
                stack.push(dependency["pkg"].as_str().expect("a package id").to_owned());
            }
        }
    }
    seen
}

#[test]
fn rust_version_is_the_newest_any_dependency_declares() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--offline", "--manifest-path"])
        .arg(root.join("Cargo.toml"))
        .output()
        .expect("cargo metadata runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let metadata: Value = serde_json::from_slice(&output.stdout).expect("cargo metadata's JSON");
    let packages: BTreeMap<&str, &Value> = metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|package| (package["id"].as_str().expect("an id"), package))
        .collect();
    let nodes: BTreeMap<&str, &Value> = metadata["resolve"]["nodes"]
        .as_array()
        .expect("resolve nodes")
        .iter()
        .map(|node| (node["id"].as_str().expect("an id"), node))
        .collect();
    // The array crate's graph, and that of every dependency the template names
    // that the array API does not use (uuid), as other specs' crates get them.
    let manifest = std::fs::read_to_string(root.join("templates/manifest.toml")).expect("the template");
    let template: toml_edit::DocumentMut = manifest.parse().expect("the template parses");
    let named: BTreeSet<&str> =
        template["dependencies"].as_table().expect("[dependencies]").iter().map(|(name, _)| name).collect();
    let roots = packages.iter().filter(|(_, package)| {
        let name = package["name"].as_str().expect("a name");
        name == "tiledb-array-api" || (named.contains(name) && package["source"].is_string())
    });
    let mut needed = vec![(EDITION_2024, "edition 2024".to_owned())];
    let mut counted = BTreeSet::new();
    for (id, _) in roots {
        for member in graph(&nodes, id) {
            let package = packages[member.as_str()];
            if !counted.insert(member.clone()) {
                continue;
            }
            if let Some(declared) = package["rust_version"].as_str() {
                let name =
                    format!("{} {}", package["name"].as_str().unwrap(), package["version"].as_str().unwrap());
                needed.push((version(declared), name));
            }
        }
    }
    assert!(counted.len() > 50, "only {} packages in the graph", counted.len());
    let newest = needed.iter().map(|(version, _)| *version).max().expect("edition 2024 at least");
    let setters: Vec<&str> =
        needed.iter().filter(|(version, _)| *version == newest).map(|(_, name)| name.as_str()).collect();

    let generated = std::fs::read_to_string(root.join("generated-client/Cargo.toml")).expect("the manifest");
    let generated: toml_edit::DocumentMut = generated.parse().expect("the manifest parses");
    let declared = generated["package"]["rust-version"].as_str().expect("a rust-version in [package]");
    assert_eq!(
        version(declared),
        newest,
        "generated-client/Cargo.toml says rust-version {declared}; its dependencies need {}.{} ({})",
        newest.0,
        newest.1,
        setters.join(", ")
    );
}
