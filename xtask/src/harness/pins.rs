//! The feature pins: a member of the fixture workspace that declares every
//! external dependency the main workspace's members declare (dev- and
//! build-dependencies included), with the same features.
//!
//! Cargo compiles a dependency once per set of features it is used with, and
//! resolves those features from what the packages of one build ask for. The
//! fixture crates ask for less than the main workspace does (no `tera`, no
//! `tracing-subscriber`), so on their own they would get, say, `serde_core`
//! without `alloc` and `hyper` without `server`, and everything above those
//! would be compiled a second time. With the pins in every fixture build,
//! both workspaces ask for the same things, resolve the same features (on
//! the host side too, since build-dependencies are pinned as
//! build-dependencies), and share every artifact in the one target dir.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// What the harness needs to know about the main workspace.
pub struct MainWorkspace {
    /// Ids of every package of its dependency graph, members excluded.
    pub dependencies: BTreeSet<String>,
    /// The pins crate's manifest.
    pub pins_manifest: String,
}

/// Reads the main workspace with `cargo metadata`.
pub fn main_workspace(root: &Path) -> Result<MainWorkspace, String> {
    let output = Command::new(super::cargo::program())
        .current_dir(root)
        .args(["metadata", "--format-version", "1", "--locked"])
        .output()
        .map_err(|error| format!("cargo metadata: {error}"))?;
    if !output.status.success() {
        return Err(format!("cargo metadata failed:\n{}", String::from_utf8_lossy(&output.stderr)));
    }
    let metadata: Value = serde_json::from_slice(&output.stdout)
        .map_err(|error| format!("cargo metadata's output: {error}"))?;
    let members: BTreeSet<&str> = strings(&metadata["workspace_members"]).collect();
    let packages = metadata["packages"].as_array().ok_or("cargo metadata: no packages")?;
    let dependencies = packages
        .iter()
        .filter_map(|package| package["id"].as_str())
        .filter(|id| !members.contains(id))
        .map(str::to_owned)
        .collect();
    let mut tables = Tables::default();
    for package in
        packages.iter().filter(|package| package["id"].as_str().is_some_and(|id| members.contains(id)))
    {
        for dependency in package["dependencies"].as_array().into_iter().flatten() {
            tables.add(dependency)?;
        }
    }
    Ok(MainWorkspace { dependencies, pins_manifest: tables.manifest() })
}

fn strings(value: &Value) -> impl Iterator<Item = &str> {
    value.as_array().into_iter().flatten().filter_map(Value::as_str)
}

/// One pinned dependency: what the members ask for, merged.
#[derive(Default)]
struct Pin {
    package: String,
    requirements: BTreeSet<String>,
    default_features: bool,
    features: BTreeSet<String>,
}

/// Dependency tables by header (`dependencies`, `build-dependencies`, or a
/// `target.'cfg(..)'` one), then by package name.
#[derive(Default)]
struct Tables(BTreeMap<String, BTreeMap<String, Pin>>);

impl Tables {
    fn add(&mut self, dependency: &Value) -> Result<(), String> {
        let name = dependency["name"].as_str().ok_or("a dependency without a name")?;
        if dependency["path"].is_string() {
            // Another member: its own dependencies are pinned as its.
            return Ok(());
        }
        // An optional dependency is pinned as if enabled: the generated
        // crates' (the mock server's) are, in the main workspace's tests and
        // in every fixture build.
        let source = dependency["source"].as_str().unwrap_or_default();
        if !source.contains("crates.io") && !source.contains("index.crates.io") {
            return Err(format!("`{name}` comes from {source}; the pins handle crates.io dependencies only"));
        }
        let table = match dependency["kind"].as_str() {
            Some("build") => "build-dependencies",
            _ => "dependencies",
        };
        let header = match dependency["target"].as_str() {
            Some(target) => format!("target.{}.{table}", quoted(target)),
            None => table.to_owned(),
        };
        let requirement = dependency["req"].as_str().unwrap_or("*");
        // One pin per package and semver-compatible series: the workspace may
        // use two (syn 2 for proc macros, syn 3 for the generator).
        let key = format!("{name}-v{}", series(requirement).replace(['.', '*'], "-"));
        let pin = self.0.entry(header).or_default().entry(key).or_default();
        pin.package = name.to_owned();
        pin.requirements.insert(requirement.to_owned());
        pin.default_features |= dependency["uses_default_features"].as_bool().unwrap_or(true);
        pin.features.extend(strings(&dependency["features"]).map(str::to_owned));
        Ok(())
    }

    fn manifest(&self) -> String {
        let mut manifest = String::from(
            "# Written by `cargo xtask test`: every external dependency of the main workspace's\n\
             # members, with their features, so the fixture crates resolve the same features.\n\n\
             [package]\nname = \"fixture-feature-pins\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
             publish = false\nbuild = \"build.rs\"\n\n[lib]\npath = \"lib.rs\"\n",
        );
        for (header, pins) in &self.0 {
            manifest.push_str(&format!("\n[{header}]\n"));
            for (key, pin) in pins {
                let requirement = pin.requirements.iter().cloned().collect::<Vec<_>>().join(", ");
                let features: Vec<String> = pin.features.iter().map(|feature| quoted(feature)).collect();
                manifest.push_str(&format!(
                    "{} = {{ package = {}, version = {}, default-features = {}, features = [{}] }}\n",
                    quoted(key),
                    quoted(&pin.package),
                    quoted(&requirement),
                    pin.default_features,
                    features.join(", ")
                ));
            }
        }
        manifest
    }
}

/// Packages `cargo xtask` (which builds xtask alone) compiles with features
/// `cargo test --workspace` does not give them, so that they, and all that
/// depends on them, would be compiled twice; empty when xtask's manifest
/// keeps the two in step.
pub fn xtask_alone_differences(root: &Path) -> Result<Vec<String>, String> {
    let tree = |selection: &[&str]| -> Result<BTreeMap<String, BTreeSet<String>>, String> {
        let output = Command::new(super::cargo::program())
            .current_dir(root)
            .args(["tree", "--locked", "--prefix", "none", "--format", "{p} [{f}]"])
            .args(selection)
            .output()
            .map_err(|error| format!("cargo tree: {error}"))?;
        if !output.status.success() {
            return Err(format!("cargo tree failed:\n{}", String::from_utf8_lossy(&output.stderr)));
        }
        let mut packages: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            let line = line.trim_end_matches(" (*)");
            if let Some((package, features)) = line.split_once(" [") {
                packages.entry(package.to_owned()).or_default().insert(format!("[{features}"));
            }
        }
        Ok(packages)
    };
    let alone = tree(&["-p", "xtask", "--edges", "normal,build"])?;
    let workspace = tree(&["--workspace", "--edges", "normal,build,dev"])?;
    Ok(alone
        .into_iter()
        .filter(|(package, variants)| workspace.get(package).is_none_or(|all| !variants.is_subset(all)))
        .map(|(package, variants)| {
            let list = |set: Option<&BTreeSet<String>>| {
                set.into_iter().flatten().cloned().collect::<Vec<_>>().join(" ")
            };
            format!(
                "{package}: alone {}; in the workspace {}",
                list(Some(&variants)),
                list(workspace.get(&package))
            )
        })
        .collect())
}

/// The semver-compatible series a requirement asks for: `1` for `^1.0.181`,
/// `0.4` for `0.4.20`, `*` when it names none.
fn series(requirement: &str) -> String {
    let version = requirement.trim_start_matches(|c: char| !c.is_ascii_digit());
    let mut parts = version.split(|c: char| !c.is_ascii_digit());
    match (parts.next(), parts.next()) {
        (Some("0"), Some(minor)) => format!("0.{minor}"),
        (Some(major), _) if !major.is_empty() => major.to_owned(),
        _ => "*".to_owned(),
    }
}

/// A TOML basic string.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            control if control.is_control() => out.push_str(&format!("\\u{:04X}", control as u32)),
            other => out.push(other),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn requirements_of_several_members_merge_into_one_pin() {
        let mut tables = Tables::default();
        let registry = "registry+https://github.com/rust-lang/crates.io-index";
        for dependency in [
            json!({"name": "tokio", "source": registry, "req": "^1", "kind": null,
                   "uses_default_features": false, "features": ["time"], "optional": false}),
            json!({"name": "tokio", "source": registry, "req": "^1", "kind": "dev",
                   "uses_default_features": true, "features": ["macros"], "optional": false}),
            json!({"name": "syn", "source": registry, "req": "^2", "kind": "build",
                   "uses_default_features": true, "features": [], "optional": false}),
            json!({"name": "generator", "path": "/x/generator", "req": "*", "kind": null}),
        ] {
            tables.add(&dependency).unwrap();
        }
        let manifest = tables.manifest();
        assert!(manifest.contains(
            "[dependencies]\n\"tokio-v1\" = { package = \"tokio\", version = \"^1\", default-features = true, features = [\"macros\", \"time\"] }\n"
        ), "{manifest}");
        assert!(
            manifest.contains("[build-dependencies]\n\"syn-v2\" = { package = \"syn\", version = \"^2\""),
            "{manifest}"
        );
        assert!(!manifest.contains("generator"), "{manifest}");
    }

    #[test]
    fn toml_strings_are_escaped() {
        assert_eq!(quoted("cfg(target_os = \"linux\")"), "\"cfg(target_os = \\\"linux\\\")\"");
        assert_eq!(quoted("a\\b\n"), "\"a\\\\b\\u000A\"");
    }
}
