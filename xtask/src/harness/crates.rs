//! What the fixture workspace holds, and what is checked on each crate.
//!
//! Every crate gets clippy on all its targets with warnings denied, and the
//! Rust examples of its README are type-checked (all READMEs together, in the
//! `readme-examples` crate). Beyond that, per crate:
//!
//! - tests: files copied into the crate's `tests/` (with the helpers of
//!   `tests/specs/wire/common.rs` as `tests/common/mod.rs`), built and run by
//!   the fixture test step;
//! - `doc`: rustdoc with warnings denied (spec prose becomes rustdoc);
//! - `doctests`: the crate's doctests, its README's examples included, built
//!   and run by rustdoc as a user of the crate would.
//!
//! There is a crate per spec in `tests/specs/` (`minimal.yaml` gives
//! `fixture-minimal`), whose test is `tests/specs/wire/<spec stem>.rs` when
//! that file exists, and the extra crates of [`EXTRA`].
//!
//! # Adding an extra crate
//!
//! Add an [`Extra`] to [`EXTRA`]: a name, where its spec comes from (for a
//! file of the repository, add a [`Source`] variant holding its path), the
//! checks it needs, its test files, and the dev-dependencies they need beyond
//! the ones every test gets (`WIRE_DEV_DEPENDENCIES` in `workspace.rs`). A
//! dev-dependency must also be one of the `tests` package's, with the same
//! features; otherwise the dependencies it shares with the main workspace
//! would resolve other features and be compiled a second time, which the
//! harness reports as an error. `cargo xtask test --fixtures-only` runs the
//! fixture steps alone while you work on one.

use std::fs;
use std::path::{Path, PathBuf};

/// The environment variable naming TileDB's Swagger 2.0 spec, which the
/// repository may not hold (its repository has no license). `.ci/run` sets
/// it; when set, the file must exist.
pub const REFERENCE_ENV: &str = "TILEDB_SWAGGER_REFERENCE";

/// What a crate gets beyond clippy and its tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Checks {
    pub doc: bool,
    pub doctests: bool,
}

impl Checks {
    pub const NONE: Checks = Checks { doc: false, doctests: false };
    pub const DOC: Checks = Checks { doc: true, doctests: false };
    pub const ALL: Checks = Checks { doc: true, doctests: true };
}

/// Where the spec of an extra crate comes from.
#[derive(Clone, Copy, Debug)]
pub enum Source {
    /// A file the repository may not hold, named by this environment
    /// variable. Without the variable the crate is left out (and the run
    /// says so); with it, a missing file is an error.
    Env(&'static str),
    /// The synthetic spec of 2,000 operations and 2,000 schemas
    /// ([`super::synthetic`]), written by the harness.
    Synthetic,
}

/// A crate beyond the fixture specs.
#[derive(Debug)]
pub struct Extra {
    /// The crate's directory under `target/fixtures/`; its package is
    /// `fixture-<name>`.
    pub name: &'static str,
    pub spec: Source,
    pub checks: Checks,
    /// Test files, by their path from the repository root, copied into the
    /// crate's `tests/` under their own names.
    pub tests: &'static [&'static str],
    /// `[dev-dependencies]` lines those tests need beyond the ones every test
    /// gets, e.g. `axum = "0.8"`.
    pub dev_dependencies: &'static [&'static str],
    /// Only in `cargo xtask test --ci`: checks too slow for every run.
    pub ci_only: bool,
}

/// The extra crates.
pub const EXTRA: &[Extra] = &[
    // TileDB's own spec: the closest thing to what users generate from.
    Extra {
        name: "tiledb-reference",
        spec: Source::Env(REFERENCE_ENV),
        checks: Checks::DOC,
        tests: &[],
        dev_dependencies: &[],
        ci_only: false,
    },
    // Scale: the crate of a 2,000-operation spec passes clippy.
    Extra {
        name: "scale",
        spec: Source::Synthetic,
        checks: Checks::NONE,
        tests: &[],
        dev_dependencies: &[],
        ci_only: true,
    },
];

/// Fixture specs whose crates also get rustdoc, and doctests. Rustdoc on
/// the ones with the most prose (Markdown, HTML and links in descriptions)
/// and the large specs written like public APIs; doctests on small crates
/// covering every kind of credential, form and raw bodies, and Swagger 2.0
/// (every README's examples are type-checked in `readme-examples` anyway,
/// and a doctest of a large crate would compile all of it once more).
const DOCUMENTED: &[(&str, Checks)] = &[
    ("docs_markup", Checks::ALL),
    ("security", Checks::ALL),
    ("form_bodies", Checks::ALL),
    ("raw_bodies", Checks::ALL),
    ("swagger2_petstore", Checks::ALL),
    ("json_document", Checks::DOC),
    ("large_code_hosting", Checks::DOC),
    ("large_payments", Checks::DOC),
    ("large_storage", Checks::DOC),
];

/// The shared helpers of the wire tests.
pub const WIRE_COMMON: &str = "tests/specs/wire/common.rs";

/// One crate of the fixture workspace.
#[derive(Debug)]
pub struct Crate {
    /// Its directory under `target/fixtures/`.
    pub name: String,
    pub spec: Spec,
    pub checks: Checks,
    /// Test files, absolute.
    pub tests: Vec<PathBuf>,
    pub dev_dependencies: Vec<String>,
}

/// A spec to generate from.
#[derive(Debug)]
pub enum Spec {
    /// A file, and how messages name it.
    File { path: PathBuf, label: String },
    Synthetic,
}

impl Crate {
    pub fn package(&self) -> String {
        format!("fixture-{}", self.name)
    }
}

/// Every crate of this run, in a stable order; `notes` collects what was
/// left out and why.
pub fn crates(root: &Path, ci: bool, notes: &mut Vec<String>) -> Result<Vec<Crate>, String> {
    let mut crates = fixture_crates(root)?;
    for extra in EXTRA.iter().filter(|extra| ci || !extra.ci_only) {
        let spec = match extra.spec {
            Source::Synthetic => Spec::Synthetic,
            Source::Env(variable) => match std::env::var_os(variable) {
                None => {
                    notes.push(format!("{}: left out, {variable} is not set", extra.name));
                    continue;
                }
                Some(value) => {
                    let path = PathBuf::from(value);
                    if !path.is_file() {
                        return Err(format!(
                            "{variable} is set to {}, which is not a file; unset it to leave `{}` out",
                            path.display(),
                            extra.name
                        ));
                    }
                    Spec::File { label: path.file_name().unwrap_or_default().to_string_lossy().into(), path }
                }
            },
        };
        crates.push(Crate {
            name: extra.name.to_owned(),
            spec,
            checks: extra.checks,
            tests: extra.tests.iter().map(|test| root.join(test)).collect(),
            dev_dependencies: extra.dev_dependencies.iter().map(|line| (*line).to_owned()).collect(),
        });
    }
    let mut names: Vec<&str> = crates.iter().map(|krate| krate.name.as_str()).collect();
    names.sort_unstable();
    if let Some(pair) = names.windows(2).find(|pair| pair[0] == pair[1]) {
        return Err(format!("two fixture crates are named `{}`", pair[0]));
    }
    Ok(crates)
}

/// A crate per spec in `tests/specs/`, with its wire test. A wire test
/// without a spec is an error: renaming a spec must not drop its test.
fn fixture_crates(root: &Path) -> Result<Vec<Crate>, String> {
    let specs = files_with_extension(&root.join("tests/specs"), &["yaml", "json"])?;
    let wire_dir = root.join("tests/specs/wire");
    let wire_tests = files_with_extension(&wire_dir, &["rs"])?;
    let stem = |path: &Path| path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
    let spec_stems: Vec<String> = specs.iter().map(|path| stem(path)).collect();
    let orphans: Vec<String> = wire_tests
        .iter()
        .filter(|test| root.join(WIRE_COMMON) != **test && !spec_stems.contains(&stem(test)))
        .map(|test| test.display().to_string())
        .collect();
    if !orphans.is_empty() {
        return Err(format!(
            "wire tests without a spec of the same name in tests/specs/: {}",
            orphans.join(", ")
        ));
    }
    Ok(specs
        .into_iter()
        .map(|path| {
            let stem = stem(&path);
            let wire = wire_dir.join(format!("{stem}.rs"));
            Crate {
                name: stem.replace(['_', '.'], "-"),
                checks: DOCUMENTED
                    .iter()
                    .find(|(name, _)| *name == stem)
                    .map_or(Checks::NONE, |(_, checks)| *checks),
                tests: if wire.is_file() { vec![wire] } else { Vec::new() },
                dev_dependencies: Vec::new(),
                spec: Spec::File {
                    label: format!("tests/specs/{}", path.file_name().unwrap_or_default().to_string_lossy()),
                    path,
                },
            }
        })
        .collect())
}

/// The files directly in `dir` ending in one of `extensions`, sorted.
fn files_with_extension(dir: &Path, extensions: &[&str]) -> Result<Vec<PathBuf>, String> {
    let entries = fs::read_dir(dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|error| format!("{}: {error}", dir.display()))?.path();
        let matches = path.extension().is_some_and(|ext| extensions.iter().any(|wanted| ext == *wanted));
        if matches && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> PathBuf {
        crate::codegen::project_root()
    }

    #[test]
    fn every_documented_fixture_exists() {
        let crates = fixture_crates(&root()).unwrap();
        for (name, checks) in DOCUMENTED {
            let name = name.replace('_', "-");
            assert!(crates.iter().any(|krate| krate.name == name && krate.checks == *checks), "{name}");
        }
    }

    #[test]
    fn every_wire_test_belongs_to_a_fixture() {
        let crates = fixture_crates(&root()).unwrap();
        let with_tests = crates.iter().filter(|krate| !krate.tests.is_empty()).count();
        let wire = files_with_extension(&root().join("tests/specs/wire"), &["rs"]).unwrap();
        assert_eq!(with_tests, wire.len() - 1, "every wire test but common.rs is some crate's");
    }
}
