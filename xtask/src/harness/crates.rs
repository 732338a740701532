//! What the fixture workspace holds, and what is checked on each crate.
//!
//! Every crate gets clippy on its library and its tests with warnings
//! denied (clippy is the compiler of the build that the tests run from), and
//! the Rust examples of its README are type-checked (all READMEs together,
//! in the `readme-examples` crate). Beyond that, per crate:
//!
//! - tests: files copied into the crate's `tests/` (with the helpers of
//!   `tests/specs/wire/common.rs` as `tests/common/mod.rs`), built and run by
//!   the fixture test step;
//! - examples: a test written by the harness that puts every body example
//!   of the spec through its generated type ([`super::examples`]);
//! - `fmt`: `cargo fmt --check`, its tests included (the generated code must
//!   be formatted as rustfmt formats it);
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
//! Add one entry to [`EXTRA`]: `Extra::new(name, source)` with the fields
//! it needs beyond the defaults, for instance
//!
//! ```text
//! Extra {
//!     tests: &["tests/utoipa-server/roundtrip/client.rs"],
//!     dev_dependencies: &["utoipa-server = { path = \"../../../tests/utoipa-server\" }"],
//!     deny_warnings: true,
//!     ..Extra::new("utoipa-roundtrip", Source::Produced(served::utoipa_document, "utoipa-server/openapi.json"))
//! },
//! ```
//!
//! where the [`Source`] says where the spec comes from (a file of the
//! repository, an environment variable, a function that produces it, ...).
//! A dev-dependency from crates.io must also be one of a main workspace
//! member's, with the same features; otherwise the dependencies it shares
//! with the main workspace would resolve other features and be compiled a
//! second time, which the harness reports as an error. `cargo xtask test
//! --fixtures-only` runs the fixture steps alone while you work on one.

use std::fs;
use std::path::{Path, PathBuf};

use super::deep;
use super::served;
use super::synthetic::{self, SCALE_OPERATIONS};
use super::vendor_errors;
use crate::conformance::{listed, Listed};

/// The environment variable naming TileDB's Swagger 2.0 spec, which the
/// repository may not hold (its repository has no license). `.ci/run` sets
/// it; when set, the file must exist.
pub const REFERENCE_ENV: &str = "TILEDB_SWAGGER_REFERENCE";

/// What a crate gets beyond clippy and its tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Checks {
    pub fmt: bool,
    pub doc: bool,
    pub doctests: bool,
}

impl Checks {
    pub const FMT: Checks = Checks { fmt: true, doc: false, doctests: false };
    pub const DOC: Checks = Checks { fmt: true, doc: true, doctests: false };
    pub const ALL: Checks = Checks { fmt: true, doc: true, doctests: true };
    /// Rustdoc and doctests without the formatting check, for the corpus crates.
    pub const DOCTESTS: Checks = Checks { fmt: false, doc: true, doctests: true };
    pub const NONE: Checks = Checks { fmt: false, doc: false, doctests: false };
}

/// Where the spec of an extra crate comes from.
#[derive(Clone, Copy, Debug)]
pub enum Source {
    /// A file of the repository, by its path from the root.
    File(&'static str),
    /// A file the repository may not hold, named by this environment
    /// variable. Without the variable the crate is left out (and the run
    /// says so); with it, a missing file is an error.
    Env(&'static str),
    /// A hostile spec of the repository whose `@MARKER@` and `@EVIL@` the
    /// harness fills in ([`super::hostile`]): nothing in it may run.
    Hostile(&'static str),
    /// A document a function returns (the synthetic spec, a server's own),
    /// with the name messages give it.
    Produced(fn() -> Result<String, String>, &'static str),
}

/// A crate beyond the fixture specs; see the module's docs.
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
    /// Whether to test the spec's body examples, and those that contradict
    /// the spec's own schema, and how.
    pub examples: Option<&'static [vendor_errors::VendorError]>,
    /// Whether to sweep every operation against Prism (`crate::conformance`),
    /// and the operations that fail for a reason outside this project.
    pub conformance: Option<&'static [Listed]>,
    /// Whether a warning from the generator fails the run.
    pub deny_warnings: bool,
    /// Whether the whole crate is left to `cargo xtask test --ci`.
    pub ci_only: bool,
    /// How many operations the spec has: the crate must have a method for
    /// each.
    pub operations: Option<usize>,
    /// A name under which the spec is copied into the crate's `tests/`,
    /// for tests that compare with it.
    pub spec_in_tests: Option<&'static str>,
    /// Whether it is generated where no rustfmt can be found
    /// ([`super::without_rustfmt`]).
    pub without_rustfmt: bool,
}

impl Extra {
    /// A crate with clippy and `cargo fmt --check`, and nothing else; set
    /// the other fields with `Extra { field: value, ..Extra::new(..) }`.
    pub const fn new(name: &'static str, spec: Source) -> Extra {
        Extra {
            name,
            spec,
            checks: Checks::FMT,
            tests: &[],
            dev_dependencies: &[],
            examples: None,
            conformance: None,
            deny_warnings: false,
            ci_only: false,
            operations: None,
            spec_in_tests: None,
            without_rustfmt: false,
        }
    }
}

/// The extra crates.
pub const EXTRA: &[Extra] = &[
    // TileDB's own spec: the closest thing to what users generate from.
    Extra { checks: Checks::DOC, ..Extra::new("tiledb-reference", Source::Env(REFERENCE_ENV)) },
    // Every injection vector we know of: built, tested and documented, and
    // nothing of the spec may run (see `hostile.rs`).
    Extra {
        checks: Checks::ALL,
        ..Extra::new("hostile-openapi3", Source::Hostile("tests/hostile/hostile.yaml"))
    },
    Extra {
        checks: Checks::ALL,
        ..Extra::new("hostile-swagger2", Source::Hostile("tests/hostile/hostile_swagger2.yaml"))
    },
    // Real-world specs (tests/corpus/README.md): they generate, compile,
    // every body example decodes, and every operation conforms on the wire.
    // Their generated code is not rustfmt-checked here: rustfmt lays out
    // every crate, and the fixtures and hostile crates check that it did.
    Extra {
        checks: Checks::NONE,
        examples: Some(&[]),
        conformance: Some(listed::BOX),
        operations: Some(296),
        ..Extra::new("corpus-box", Source::File("tests/corpus/box.json"))
    },
    // Oxide's crate is also documented, and its methods' examples compiled: a real spec's tag
    // sections, deprecation notes and examples (193 of them, one merged doctest binary); and its
    // dropshot pagination on the wire: three pages of projects.
    Extra {
        checks: Checks::DOCTESTS,
        examples: Some(&[]),
        conformance: Some(listed::OXIDE),
        operations: Some(193),
        tests: &["tests/corpus/wire/oxide_nexus.rs"],
        ..Extra::new("corpus-oxide-nexus", Source::File("tests/corpus/oxide-nexus.json"))
    },
    // Its cursors on the wire: three pages of members.
    Extra {
        checks: Checks::NONE,
        examples: Some(vendor_errors::SLACK),
        conformance: Some(listed::SLACK),
        operations: Some(174),
        tests: &["tests/corpus/wire/slack_web.rs"],
        ..Extra::new("corpus-slack-web", Source::File("tests/corpus/slack-web.swagger2.json"))
    },
    Extra {
        checks: Checks::NONE,
        examples: Some(vendor_errors::TWILIO),
        conformance: Some(listed::TWILIO),
        operations: Some(197),
        ..Extra::new("corpus-twilio-api-v2010", Source::File("tests/corpus/twilio-api-v2010.json"))
    },
    // Stripe: 417 operations whose form bodies nest objects and lists. Its
    // crate takes minutes to build, more than the README's test command can
    // spend, so it is left to `--ci` (`.ci/run`). Its spec gives no example
    // (not one `example` or `examples`), so its responses are decoded in the
    // sweep only, from the bodies Prism makes up from the schemas.
    Extra {
        checks: Checks::NONE,
        conformance: Some(listed::STRIPE),
        operations: Some(417),
        ci_only: true,
        ..Extra::new("corpus-stripe", Source::File("tests/corpus/stripe-spec3.json"))
    },
    // The producer round trip: a client generated, without a warning, from
    // the OpenAPI 3.1 document an axum + utoipa server serves calls every
    // operation of that server.
    Extra {
        tests: &["tests/utoipa-server/roundtrip/client.rs"],
        dev_dependencies: &["utoipa-server = { path = \"../../../tests/utoipa-server\" }"],
        deny_warnings: true,
        spec_in_tests: Some("served-openapi.json"),
        ..Extra::new(
            "utoipa-roundtrip",
            Source::Produced(served::utoipa_document, "utoipa-server/openapi.json"),
        )
    },
    // The array API where no rustfmt can be found: prettyplease's layout, which `cargo fmt`
    // would change, builds and passes clippy all the same. It is also the
    // array API's crate of the conformance sweep, so the API is built once.
    Extra {
        checks: Checks::NONE,
        without_rustfmt: true,
        conformance: Some(listed::ARRAY_API),
        ..Extra::new("without-rustfmt", Source::File("spec/array-api.yaml"))
    },
    // Scale: the crate of a 2,000-operation spec passes clippy, and its
    // README's examples compile where rustc's recursion limit is the
    // default: its models all reach one another, and the generator keeps
    // the walks of rustc's checks through them short.
    Extra {
        checks: Checks::NONE,
        ci_only: true,
        operations: Some(SCALE_OPERATIONS),
        ..Extra::new("scale", Source::Produced(synthetic::spec, "synthetic.json"))
    },
    // Models nested far deeper than rustc's checks go: the crate builds,
    // its README's example drops a value of them, and a body example 40
    // levels deep goes through the types and back. Not rustfmt-checked, as
    // the corpus crates: the examples test the harness writes is laid out
    // for this repository's rustfmt settings, not the crate's.
    Extra {
        checks: Checks::NONE,
        examples: Some(&[]),
        ..Extra::new("deep-nesting", Source::Produced(deep::spec, "deep-nesting.json"))
    },
];

/// Fixture specs whose crates also get rustdoc, and doctests. Rustdoc on
/// the ones with the most prose (Markdown, HTML and links in descriptions)
/// and one large spec written like a public API (Oxide's crate, documented
/// with its doctests, is the real one; the other large fixtures' docs would
/// check the same emitters on the same kind of spec for 10 s more of CI);
/// doctests on small crates covering every kind of credential, form and raw
/// bodies, pages and streams, and Swagger 2.0 (every README's examples are
/// type-checked in `readme-examples` anyway, and a doctest of a large crate
/// would compile all of it once more).
const DOCUMENTED: &[(&str, Checks)] = &[
    ("docs_markup", Checks::ALL),
    ("security", Checks::ALL),
    ("form_bodies", Checks::ALL),
    ("raw_bodies", Checks::ALL),
    // The README's paging, byte stream and event stream examples.
    ("pages", Checks::ALL),
    ("streams", Checks::ALL),
    ("swagger2_petstore", Checks::ALL),
    ("json_document", Checks::DOC),
    ("large_payments", Checks::DOC),
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
    pub examples: Option<&'static [vendor_errors::VendorError]>,
    pub conformance: Option<&'static [Listed]>,
    pub deny_warnings: bool,
    pub operations: Option<usize>,
    pub spec_in_tests: Option<&'static str>,
    pub without_rustfmt: bool,
}

/// A spec to generate from.
#[derive(Debug)]
pub enum Spec {
    /// A file, and how messages name it.
    File {
        path: PathBuf,
        label: String,
    },
    Hostile(PathBuf),
    Produced(fn() -> Result<String, String>, &'static str),
}

impl Crate {
    pub fn package(&self) -> String {
        format!("fixture-{}", self.name)
    }

    /// Whether the crate was generated from one of the hostile specs.
    pub fn is_hostile(&self) -> bool {
        matches!(self.spec, Spec::Hostile(_))
    }
}

/// What the repository lists for the swept spec at `spec` (a file of the
/// repository under `root`): the operations that fail for a reason outside
/// this project, and the examples that contradict the spec; none for any
/// other file.
pub fn listed_for(root: &Path, spec: &Path) -> (&'static [Listed], &'static [vendor_errors::VendorError]) {
    let same = |path: &str| fs::canonicalize(root.join(path)).is_ok_and(|path| path == spec);
    EXTRA
        .iter()
        .find_map(|extra| match (extra.spec, extra.conformance) {
            (Source::File(path), Some(listed)) if same(path) => {
                Some((listed, extra.examples.unwrap_or_default()))
            }
            _ => None,
        })
        .unwrap_or_default()
}

/// Every crate of this run, in a stable order; `notes` collects what was
/// left out and why.
pub fn crates(root: &Path, ci: bool, notes: &mut Vec<String>) -> Result<Vec<Crate>, String> {
    let mut crates = fixture_crates(root)?;
    for extra in EXTRA.iter().filter(|extra| ci || !extra.ci_only) {
        let spec = match extra.spec {
            Source::Produced(produce, label) => Spec::Produced(produce, label),
            Source::Hostile(path) => Spec::Hostile(root.join(path)),
            Source::File(path) => Spec::File { path: root.join(path), label: path.to_owned() },
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
            examples: extra.examples,
            conformance: extra.conformance,
            deny_warnings: extra.deny_warnings,
            operations: extra.operations,
            spec_in_tests: extra.spec_in_tests,
            without_rustfmt: extra.without_rustfmt,
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
                    .map_or(Checks::FMT, |(_, checks)| *checks),
                tests: if wire.is_file() { vec![wire] } else { Vec::new() },
                dev_dependencies: Vec::new(),
                examples: None,
                conformance: None,
                deny_warnings: false,
                operations: None,
                spec_in_tests: None,
                without_rustfmt: false,
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

    #[test]
    fn every_extra_spec_and_test_file_exists() {
        for extra in EXTRA {
            if let Source::File(path) | Source::Hostile(path) = extra.spec {
                assert!(root().join(path).is_file(), "{}: {path}", extra.name);
            }
            for test in extra.tests {
                assert!(root().join(test).is_file(), "{}: {test}", extra.name);
            }
        }
    }

    #[test]
    fn every_corpus_spec_has_its_crate() {
        let corpus = files_with_extension(&root().join("tests/corpus"), &["json", "yaml"]).unwrap();
        for spec in corpus {
            let relative = spec.strip_prefix(root()).unwrap().to_string_lossy().into_owned();
            assert!(
                EXTRA.iter().any(|extra| matches!(extra.spec, Source::File(path) if path == relative)),
                "{relative} is in no crate of EXTRA"
            );
        }
    }
}
