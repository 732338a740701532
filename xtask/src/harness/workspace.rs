//! Writes the fixture workspace, `target/fixtures/`: a crate per
//! [`Crate`], `behaviour` (tests of what the fixtures' models put on the
//! wire and decode), `readme-examples` (every README's Rust examples, type-
//! checked in one crate rather than as a doctest program each), the feature
//! pins, and a manifest with the main workspace's profiles, so that both
//! workspaces compile dependencies the same way.
//!
//! Files that did not change are not touched, so cargo rebuilds only the
//! crates whose generated code did.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Instant;

use generator::{output, Files, Options};

use super::crates::{Crate, Spec, WIRE_COMMON};
use super::hostile::Scene;
use super::without_rustfmt;
use super::{examples, hostile, readme, vendor_errors};
use crate::conformance::{self, Listed};

/// The behaviour tests' sources, copied into the `behaviour` crate.
const BEHAVIOUR: &str = "tests/specs/behaviour";

/// What every crate's tests may use besides the crate and tokio: the loopback
/// server, JSON, capturing traces and logs, a socket that refuses
/// connections. Declared as the `tests` package declares them.
const WIRE_DEV_DEPENDENCIES: &[&str] = &[
    "log = \"0.4\"",
    "serde_json = \"1\"",
    "socket2 = \"0.6\"",
    "tracing = \"0.1\"",
    "tracing-subscriber = { version = \"0.3\", default-features = false, features = [\"registry\", \"std\"] }",
    "wiremock = \"0.6\"",
];

/// The fixture workspace, written.
pub struct Workspace {
    pub dir: PathBuf,
    /// Packages to check with `cargo fmt`, to document with rustdoc, and to
    /// run the doctests of.
    pub formatted: Vec<String>,
    pub documented: Vec<String>,
    pub doctested: Vec<String>,
    /// The hostile crates (directory, package), and where their payloads
    /// would leave a mark.
    pub hostile: Vec<(String, String)>,
    pub scene: Option<Scene>,
    /// The crates to sweep against Prism.
    pub swept: Vec<Swept>,
}

/// A crate swept against Prism: its package, its spec, the operations
/// listed as failing for a reason outside this project, and the examples
/// listed as contradicting the spec's schemas.
pub struct Swept {
    pub package: String,
    pub spec: conformance::Spec,
    pub listed: &'static [Listed],
    pub examples: &'static [vendor_errors::VendorError],
}

/// The package of the feature pins, part of every fixture build, and its
/// directory.
pub const PINS: &str = "fixture-feature-pins";
pub const PINS_DIR: &str = "feature-pins";
/// The package of the behaviour tests (`tests/specs/behaviour/`), and its directory.
const BEHAVIOUR_PACKAGE: &str = "fixture-behaviour";
const BEHAVIOUR_DIR: &str = "behaviour";
/// The members the harness writes beside the generated crates: directory and package.
const HARNESS_CRATES: [(&str, &str); 3] =
    [(BEHAVIOUR_DIR, BEHAVIOUR_PACKAGE), (readme::DIR, readme::PACKAGE), (PINS_DIR, PINS)];

/// The crate of the feature pins ([`super::pins`]).
pub fn pins_crate(pins_manifest: &str) -> Files {
    let mut pins = Files::default();
    pins.insert("Cargo.toml", format!("{}\n{pins_manifest}", header()));
    pins.insert("lib.rs", "//! Nothing: the manifest is what matters.\n".to_owned());
    pins.insert(
        "build.rs",
        "//! Here so that the build-dependencies are resolved.\n\nfn main() {}\n".to_owned(),
    );
    pins
}

/// Generates every crate and writes the workspace around them.
pub fn write(root: &Path, crates: &[Crate], pins_manifest: &str) -> Result<Workspace, String> {
    let dir = root.join("target/fixtures");
    fs::create_dir_all(&dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    let scene = if crates.iter().any(Crate::is_hostile) { Some(Scene::new(root)?) } else { None };
    let mut readmes = Vec::new();
    let mut problems = Vec::new();
    let mut swept = Vec::new();
    // Each crate's generation is one core's work (and a rustfmt's): the crates are generated
    // side by side.
    let generated = in_parallel(crates, |krate| generate(root, &dir, krate, scene.as_ref()));
    for (krate, outcome) in crates.iter().zip(generated) {
        match outcome {
            Ok((readme, spec)) => {
                if let (Some(spec), Some(listed)) = (spec, krate.conformance) {
                    let examples = krate.examples.unwrap_or_default();
                    swept.push(Swept { package: krate.package(), spec, listed, examples });
                }
                readmes.push((krate.package(), readme));
            }
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    write_crate(&dir.join(BEHAVIOUR_DIR), behaviour_crate(root, crates)?)?;
    write_crate(&dir.join(readme::DIR), readme::crate_files(&readmes)?)?;
    write_crate(&dir.join(PINS_DIR), pins_crate(pins_manifest))?;
    let members: Vec<String> = crates
        .iter()
        .map(|krate| krate.name.clone())
        .chain(HARNESS_CRATES.iter().map(|(dir, _)| (*dir).to_owned()))
        .collect();

    let quoted: Vec<String> = members.iter().map(|member| super::pins::quoted(member)).collect();
    let mut manifest = format!(
        "{}\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n{}",
        header(),
        quoted.join(", "),
        profiles(root)?
    );
    // Generated and never stepped through: debug info would only slow the
    // build, by about a sixth for a small crate and its tests (the package's
    // own setting; its dependencies' stay shared with the main workspace).
    let packages = crates
        .iter()
        .map(Crate::package)
        .chain(HARNESS_CRATES.iter().map(|(_, package)| (*package).to_owned()));
    for package in packages {
        manifest.push_str(&format!("\n[profile.dev.package.{package}]\ndebug = false\n"));
    }
    write_if_changed(&dir.join("Cargo.toml"), &manifest)?;
    fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
        .map_err(|error| format!("Cargo.lock: {error}"))?;
    let packages_with =
        |wanted: &dyn Fn(&Crate) -> bool| crates.iter().filter(|k| wanted(k)).map(Crate::package).collect();
    Ok(Workspace {
        dir,
        formatted: packages_with(&|krate| krate.checks.fmt),
        documented: packages_with(&|krate| krate.checks.doc),
        doctested: packages_with(&|krate| krate.checks.doctests),
        hostile: crates
            .iter()
            .filter(|krate| krate.is_hostile())
            .map(|krate| (krate.name.clone(), krate.package()))
            .collect(),
        scene,
        swept,
    })
}

/// The dependency line of a harness crate on the fixture crate `package` in `directory`:
/// without TLS, as every fixture build asks for its crates.
pub fn fixture_dependency(package: &str, directory: &str) -> String {
    format!("{package} = {{ path = \"../{directory}\", default-features = false }}")
}

/// `work` done on each of `items`, on as many threads as there are cores; the results in the
/// items' order.
fn in_parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = thread::available_parallelism().map_or(1, usize::from).min(items.len()).max(1);
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<R>> = items.iter().map(|_| None).collect();
    thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(index) else { return done };
                        done.push((index, work(item)));
                    }
                })
            })
            .collect();
        for worker in workers {
            match worker.join() {
                Ok(done) => done.into_iter().for_each(|(index, result)| results[index] = Some(result)),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    results.into_iter().flatten().collect()
}

/// The first line of every manifest the harness writes (the generator's
/// marker, so that `output::write` may replace the files).
pub(super) fn header() -> String {
    format!("{} (the fixture workspace of `cargo xtask test`). Do not edit.", output::MARKER)
}

/// Generates one crate, with its tests (and the driver of the conformance
/// sweep when it is swept), into `dir/<name>`; returns its README, and the
/// spec to sweep.
fn generate(
    root: &Path,
    dir: &Path,
    krate: &Crate,
    scene: Option<&Scene>,
) -> Result<(String, Option<conformance::Spec>), String> {
    let failed = |error: &dyn std::fmt::Display| format!("{}: {error}", krate.name);
    let (spec, spec_label) = match &krate.spec {
        Spec::File { path, label } => (path.clone(), label.clone()),
        Spec::Hostile(path) => {
            let scene = scene.ok_or_else(|| failed(&"no scene for the hostile specs"))?;
            let label = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
            (scene.fill(path)?, label)
        }
        Spec::Produced(produce, label) => {
            let text = produce().map_err(|error| failed(&error))?;
            let extension = if text.trim_start().starts_with('{') { "json" } else { "yaml" };
            let path = dir.join(format!("{}.{extension}", krate.name));
            write_if_changed(&path, &text)?;
            (path, (*label).to_owned())
        }
    };
    let options = Options {
        spec,
        spec_label: spec_label.clone(),
        package_name: Some(krate.package()),
        examples: None,
        standalone: false,
    };
    if krate.without_rustfmt {
        let out = dir.join(&krate.name);
        without_rustfmt::generate(root, &options.spec, &out, &krate.package())?;
        let readme = read(&out.join("README.md"))?;
        if krate.conformance.is_none() {
            return Ok((readme, None));
        }
        // The sweep's driver joins the crate the command line wrote.
        let (swept, files) = conformance::Spec::generate(&options)?;
        let driver = format!("examples/{}.rs", conformance::example_name(&swept.api.package_name));
        let examples = out.join("examples");
        fs::create_dir_all(&examples).map_err(|error| format!("{}: {error}", examples.display()))?;
        write_if_changed(&out.join(&driver), files.get(&driver).unwrap_or_default())?;
        return Ok((readme, Some(swept)));
    }
    let started = Instant::now();
    let (api, mut files, document) = if krate.conformance.is_some() {
        let (spec, files) = conformance::Spec::generate(&options)?;
        (spec.api, files, Some(spec.document))
    } else {
        let api = generator::api(&options).map_err(|error| failed(&error))?;
        let files = generator::files(&api, &options).map_err(|error| failed(&error))?;
        (api, files, None)
    };
    let took = started.elapsed().as_secs_f64();
    if krate.deny_warnings && !api.warnings.is_empty() {
        let lines: Vec<String> = api.warnings.iter().map(|warning| warning.line(&spec_label)).collect();
        return Err(failed(&format!("the spec generates with warnings:\n{}", lines.join("\n"))));
    }
    if let Some(vendor_errors) = krate.examples {
        let warnings = generator::warning::summary(&api.warnings).unwrap_or_else(|| "no warnings".to_owned());
        println!(
            "{spec_label}: generated in {took:.2} s: {} operations, {} models, {} examples; {warnings}",
            api.operations.len(),
            api.models.len(),
            api.examples.len(),
        );
        examples::add_test(&mut files, &api.crate_ident, &api.examples, vendor_errors)
            .map_err(|error| failed(&error))?;
    }
    if let Some(operations) = krate.operations {
        // Each operation's method ends by handing its data to the runtime.
        let methods = files.get("src/requests.rs").unwrap_or_default().matches("self.request(").count();
        if methods != operations {
            return Err(failed(&format!(
                "expected a method for each of {operations} operations, found {methods}"
            )));
        }
        let lines: usize = files.iter().map(|(_, contents)| contents.lines().count()).sum();
        println!("{spec_label}: {operations} operations generated {lines} lines in {took:.2} s");
    }
    if krate.is_hostile() {
        hostile::check_files(&krate.package(), &files)?;
    }
    add_tests(root, krate, &mut files)?;
    if let Some(name) = krate.spec_in_tests {
        files.insert(&format!("tests/{name}"), read(&options.spec)?);
    }
    let readme = files.get("README.md").unwrap_or_default().to_owned();
    write_crate(&dir.join(&krate.name), files)?;
    let swept =
        document.map(|document| conformance::Spec { label: spec_label, path: options.spec, api, document });
    Ok((readme, swept))
}

/// Puts the crate's test files into `tests/`, with the shared helpers and
/// the dev-dependencies they need.
fn add_tests(root: &Path, krate: &Crate, files: &mut Files) -> Result<(), String> {
    let mut dev_dependencies: BTreeSet<String> = krate.dev_dependencies.iter().cloned().collect();
    if krate.examples.is_some() {
        dev_dependencies.extend(examples::DEV_DEPENDENCIES.iter().map(|line| (*line).to_owned()));
    }
    if !krate.tests.is_empty() {
        for test in &krate.tests {
            let name = test.file_name().unwrap_or_default().to_string_lossy();
            files.insert(&format!("tests/{name}"), read(test)?);
        }
        files.insert("tests/common/mod.rs", read(&root.join(WIRE_COMMON))?);
        dev_dependencies.extend(WIRE_DEV_DEPENDENCIES.iter().map(|line| (*line).to_owned()));
    }
    if dev_dependencies.is_empty() {
        return Ok(());
    }
    let dev_dependencies: Vec<String> = dev_dependencies.into_iter().collect();
    let manifest = files.get("Cargo.toml").unwrap_or_default();
    let table = "[dev-dependencies]\n";
    if !manifest.contains(table) {
        return Err(format!("{}: the generated manifest has no [dev-dependencies] table", krate.name));
    }
    let manifest = manifest.replacen(table, &format!("{table}{}\n", dev_dependencies.join("\n")), 1);
    files.insert("Cargo.toml", manifest);
    Ok(())
}

/// The `behaviour` crate: one integration test made of the files in
/// `tests/specs/behaviour/`, depending on the fixture crates they name.
fn behaviour_crate(root: &Path, crates: &[Crate]) -> Result<Files, String> {
    let sources = root.join(BEHAVIOUR);
    let mut files = Files::default();
    let mut used = BTreeSet::new();
    let entries = fs::read_dir(&sources).map_err(|error| format!("{}: {error}", sources.display()))?;
    for entry in entries {
        let path = entry.map_err(|error| format!("{BEHAVIOUR}: {error}"))?.path();
        let text = read(&path)?;
        used.extend(crate_names(&text));
        files.insert(
            &format!("tests/behaviour/{}", path.file_name().unwrap_or_default().to_string_lossy()),
            text,
        );
    }
    let mut dependencies = Vec::new();
    for package in &used {
        let krate = crates
            .iter()
            .find(|krate| krate.package() == *package)
            .ok_or_else(|| format!("{BEHAVIOUR} uses `{package}`, which is no fixture crate"))?;
        dependencies.push(fixture_dependency(package, &krate.name));
    }
    files.insert(
        "Cargo.toml",
        format!(
            "{}\n[package]\nname = \"{BEHAVIOUR_PACKAGE}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\n{}\nserde = \"1\"\nserde_json = \"1\"\n",
            header(),
            dependencies.join("\n")
        ),
    );
    files.insert("src/lib.rs", "//! The tests are in `tests/behaviour/`.\n".to_owned());
    Ok(files)
}

/// Packages a Rust source names as `fixture_*` crates, as package names.
fn crate_names(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("fixture_") {
        let preceded_by_ident =
            rest[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_');
        let tail = &rest[at..];
        let end = tail.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(tail.len());
        if !preceded_by_ident {
            names.insert(tail[..end].replace('_', "-"));
        }
        rest = &tail[end..];
    }
    names
}

/// The `[profile.*]` tables of the main workspace's manifest, verbatim.
pub fn profiles(root: &Path) -> Result<String, String> {
    let manifest = read(&root.join("Cargo.toml"))?;
    let mut out = String::new();
    let mut in_profile = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            in_profile = line.starts_with("[profile.") || line.starts_with("[profile]");
        }
        if in_profile {
            out.push_str(line);
            out.push('\n');
        }
    }
    Ok(out)
}

pub fn write_crate(dir: &Path, files: Files) -> Result<(), String> {
    output::write(&files, dir).map(drop).map_err(|error| format!("{}: {error}", dir.display()))
}

fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if fs::read_to_string(path).is_ok_and(|current| current == contents) {
        return Ok(());
    }
    fs::write(path, contents).map_err(|error| format!("{}: {error}", path.display()))
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_finds_fixture_paths_only() {
        let text = "use fixture_any_of::models;\nlet x = my_fixture_y; fixture_formats::A";
        let names: Vec<String> = crate_names(text).into_iter().collect();
        assert_eq!(names, ["fixture-any-of", "fixture-formats"]);
    }

    #[test]
    fn profiles_are_copied_from_the_workspace_manifest() {
        let profiles = profiles(&crate::codegen::project_root()).unwrap();
        assert!(profiles.starts_with("[profile.dev]\n"), "{profiles}");
        assert!(!profiles.contains("[workspace"), "{profiles}");
    }
}
