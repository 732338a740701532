//! What `Cargo.toml` says about the package: its name, version and
//! description, from `info` (or the caller's choice of name), each checked
//! against what Cargo and the crate's users can live with. Spec text that
//! cannot be used falls back with a warning; a name the caller chose and
//! Cargo cannot take is an error, since only the caller can choose another.

use heck::ToKebabCase;
use toml_edit::DocumentMut;

use super::names;
use crate::markdown;
use crate::pointer::Pointer;
use crate::warning::{Warning, WarningKind};

/// The generated crate's fixed manifest, whose dependencies a package
/// cannot be named after.
const MANIFEST: &str = include_str!("../../../templates/manifest.toml");

/// The crates every Rust program can name without depending on them: a
/// package of one of these names is shadowed by them in its own doctests.
const BUILT_IN_CRATES: &[&str] = &["alloc", "core", "proc_macro", "std", "test"];

/// Names Cargo reserves for what it keeps in a target directory.
const CARGO_DIRECTORIES: &[&str] = &["build", "deps", "examples", "incremental"];

/// File names Windows reserves in every directory (with any extension).
const WINDOWS_DEVICES: &[&str] = &[
    "aux", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "con", "lpt1", "lpt2",
    "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9", "nul", "prn",
];

/// The package name, from the caller (when given) or from `info.title`; a
/// title whose name Cargo or the crate's users cannot live with is replaced,
/// with a warning.
pub fn name(chosen: Option<&str>, title: &str, warnings: &mut Vec<Warning>) -> String {
    if let Some(chosen) = chosen {
        return chosen.to_owned();
    }
    let derived = from_title(title);
    let Some(reason) = refusal(&derived) else {
        return derived;
    };
    let suffixed = format!("{derived}-client");
    let name = if refusal(&suffixed).is_none() { suffixed } else { FALLBACK_NAME.to_owned() };
    let detail =
        format!("`info.title` makes the package name `{derived}`, which {reason}; the package is `{name}`");
    warnings.push(Warning::new(&Pointer::root().join("info").join("title"), WarningKind::Manifest(detail)));
    name
}

/// The name of a package whose title gives none.
const FALLBACK_NAME: &str = "api-client";

fn from_title(title: &str) -> String {
    let mut name = title.to_kebab_case();
    name.retain(|c| c.is_ascii_alphanumeric() || c == '-');
    if is_well_formed(&name) {
        name
    } else {
        FALLBACK_NAME.to_owned()
    }
}

/// Whether `name` has the characters of a Cargo package name.
fn is_well_formed(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Why `name` cannot be the package's name, or `None` when it can: what
/// Cargo refuses, and names that make the crate's own code, its doctests or
/// its users' `use` lines mean something else (`serde`, `std`, `type`).
pub fn refusal(name: &str) -> Option<String> {
    if !is_well_formed(name) {
        return Some(
            "is not a package name (letters, digits, `-` and `_`, starting with a letter)".to_owned(),
        );
    }
    let ident = name.replace('-', "_");
    let lower = name.to_ascii_lowercase();
    if names::KEYWORDS.contains(&ident.as_str()) {
        Some("is a Rust keyword, which cannot name a crate".to_owned())
    } else if BUILT_IN_CRATES.contains(&ident.as_str()) {
        Some("is the name of a crate built into Rust".to_owned())
    } else if dependencies().iter().any(|dependency| dependency.replace('-', "_") == ident) {
        Some("is the name of one of the generated crate's dependencies".to_owned())
    } else if CARGO_DIRECTORIES.contains(&lower.as_str()) {
        Some("is the name of a directory Cargo keeps in its target directory".to_owned())
    } else if WINDOWS_DEVICES.contains(&lower.as_str()) {
        Some("is a file name Windows reserves".to_owned())
    } else {
        None
    }
}

/// The names of the generated crate's dependencies, as its manifest lists
/// them (normal and dev-dependencies).
fn dependencies() -> Vec<String> {
    let Ok(manifest) = MANIFEST.parse::<DocumentMut>() else {
        return Vec::new();
    };
    ["dependencies", "dev-dependencies"]
        .into_iter()
        .filter_map(|table| manifest.get(table).and_then(|item| item.as_table_like()))
        .flat_map(|table| table.iter().map(|(name, _)| name.to_owned()).collect::<Vec<_>>())
        .collect()
}

/// The version of a new package: `info.version` when Cargo accepts it as a
/// version (SemVer 2.0, read by the parser Cargo uses), so the package
/// tracks the API; `0.1.0` with a warning otherwise.
pub fn version(version: &str, warnings: &mut Vec<Warning>) -> String {
    if semver::Version::parse(version).is_ok() {
        return version.to_owned();
    }
    // The loader filled in a missing version, and said so where `info` is.
    if version == crate::load::NO_VERSION {
        return "0.1.0".to_owned();
    }
    let detail = format!(
        "`info.version` {version:?} is not a semantic version Cargo accepts (`MAJOR.MINOR.PATCH`, numbers \
         without leading zeros); the package is version 0.1.0"
    );
    warnings.push(Warning::new(&Pointer::root().join("info").join("version"), WarningKind::Manifest(detail)));
    "0.1.0".to_owned()
}

/// The package's one-line description, with the title's control and
/// bidirectional characters replaced as the docs replace them: Cargo and
/// crates.io show it as it is.
pub fn description(title: &str) -> String {
    let title: String =
        title.chars().map(|c| if markdown::is_unwanted(c) { '\u{FFFD}' } else { c }).collect();
    format!("Async Rust client for the {title}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn derived(title: &str) -> (String, Vec<String>) {
        let mut warnings = Vec::new();
        let name = name(None, title, &mut warnings);
        (name, warnings.iter().map(|warning| warning.line("api.yaml")).collect())
    }

    #[test]
    fn titles_give_kebab_case_names() {
        assert_eq!(derived("TileDB Array API"), ("tile-db-array-api".to_owned(), Vec::new()));
        assert_eq!(derived("3D Printing").0, "api-client");
        assert_eq!(derived("").0, "api-client");
    }

    #[test]
    fn names_that_mean_something_else_fall_back_with_a_warning() {
        for (title, name) in [
            ("Serde", "serde-client"),
            ("Serde JSON", "serde-json-client"),
            ("tokio", "tokio-client"),
            ("HTTP body util", "http-body-util-client"),
            ("STD", "std-client"),
            ("Proc Macro", "proc-macro-client"),
            ("Test", "test-client"),
            ("Type", "type-client"),
            ("Self", "self-client"),
            ("Build", "build-client"),
            ("CON", "con-client"),
            ("nul", "nul-client"),
            ("Uuid", "uuid-client"),
        ] {
            let (derived, warnings) = derived(title);
            assert_eq!(derived, name, "{title}");
            assert_eq!(warnings.len(), 1, "{title}");
            assert!(
                warnings[0].starts_with("api.yaml: #/info/title: `info.title` makes the package name"),
                "{warnings:?}"
            );
        }
    }

    /// The list cannot drift from the manifest: every dependency there is refused.
    #[test]
    fn every_dependency_of_the_manifest_is_refused() {
        let dependencies = dependencies();
        for expected in ["reqwest", "serde", "serde_json", "tokio", "http-body-util", "thiserror"] {
            assert!(dependencies.iter().any(|name| name == expected), "{expected}: {dependencies:?}");
        }
        for dependency in &dependencies {
            assert!(refusal(dependency).is_some(), "{dependency}");
        }
        assert_eq!(refusal("tiledb-array-api"), None);
    }

    #[test]
    fn versions_cargo_refuses_fall_back_with_a_warning() {
        for accepted in ["1.0.0", "0.9.0-beta.1", "2.17.51+build.7", "1.2.3-rc.1+007"] {
            let mut warnings = Vec::new();
            assert_eq!(version(accepted, &mut warnings), accepted);
            assert!(warnings.is_empty(), "{accepted}");
        }
        for refused in [
            "01.2.3",
            "1.2.3-01",
            "1.2.3+a+b",
            "18446744073709551616.0.0",
            "",
            " ",
            "1.0.0 ",
            "v1",
            "1.0",
            "2024-06-20",
        ] {
            let mut warnings = Vec::new();
            assert_eq!(version(refused, &mut warnings), "0.1.0", "{refused:?}");
            assert_eq!(warnings.len(), 1, "{refused:?}");
        }
    }

    #[test]
    fn the_description_holds_no_control_or_bidi_characters() {
        assert_eq!(
            description("Pets\u{202E}ipa\u{1b}[2K\u{7}"),
            "Async Rust client for the Pets\u{FFFD}ipa\u{FFFD}[2K\u{FFFD}"
        );
    }
}
