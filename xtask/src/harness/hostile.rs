//! The hostile specs (`tests/hostile/`): their crates are built, linted,
//! documented and tested, doctests included, with the fixture crates, and
//! no text of theirs may run.
//!
//! Each payload in the specs appends its name to a marker file if it ever
//! runs: as a doctest that escaped a sanitized code block, as Rust that
//! broke out of a string in the README's examples, or as the build script
//! of a dependency smuggled into `Cargo.toml` (the `evil` crate written
//! here, outside the fixture workspace). Before anything is built, the
//! fixture workspace's dependencies are resolved and fetched, and nothing
//! the hostile crates reach may be missing from the main workspace's lock
//! file; then every cargo step runs `--frozen` (nothing more is resolved or
//! fetched), the marker is checked after each, and at the end the README
//! examples must have run as doctests.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use generator::Files;
use toml_edit::{DocumentMut, Item};

/// Every direct dependency a generated crate may have (the three `http-`
/// and `hyper` crates with the `mock` feature).
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

/// README doctests each hostile crate must have run: the examples are
/// doctests, so the payloads did not run because nothing of them is Rust,
/// not because the doctests were skipped.
const README_DOCTESTS: usize = 4;

/// Where the hostile specs are filled in, the `evil` crate, the marker.
pub struct Scene {
    dir: PathBuf,
    marker: PathBuf,
}

impl Scene {
    /// A fresh `target/fixtures-hostile/`, with the `evil` crate whose
    /// build script writes the marker.
    pub fn new(root: &Path) -> Result<Scene, String> {
        let dir = root.join("target/fixtures-hostile");
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|error| format!("{}: {error}", dir.display()))?;
        }
        let marker = dir.join("marker");
        let evil = dir.join("evil");
        let marker_text = marker.to_str().ok_or("the target directory's path is not UTF-8")?;
        write(&evil.join("src/lib.rs"), "")?;
        write(
            &evil.join("Cargo.toml"),
            "[package]\nname = \"evil\"\nversion = \"0.1.0\"\nedition = \"2021\"\nbuild = \"build.rs\"\n",
        )?;
        write(
            &evil.join("build.rs"),
            &format!(
                "fn main() {{ std::io::Write::write_all(&mut std::fs::OpenOptions::new().create(true)\
                 .append(true).open({marker_text:?}).unwrap(), b\"evil-build-script;\").unwrap(); }}\n"
            ),
        )?;
        Ok(Scene { dir, marker })
    }

    /// Writes `spec` with its placeholders filled in; returns the copy.
    pub fn fill(&self, spec: &Path) -> Result<PathBuf, String> {
        let text = fs::read_to_string(spec).map_err(|error| format!("{}: {error}", spec.display()))?;
        let utf8 =
            |path: &Path| path.to_str().map(str::to_owned).ok_or("the target directory's path is not UTF-8");
        let text =
            text.replace("@MARKER@", &utf8(&self.marker)?).replace("@EVIL@", &utf8(&self.dir.join("evil"))?);
        let filled = self.dir.join("specs").join(spec.file_name().unwrap_or_default());
        write(&filled, &text)?;
        Ok(filled)
    }

    /// Fails when any spec text has run so far.
    pub fn nothing_ran(&self, during: &str) -> Result<(), String> {
        match fs::read_to_string(&self.marker) {
            Ok(ran) => Err(format!("hostile spec text ran during {during}: {ran}")),
            Err(_) => Ok(()),
        }
    }
}

/// What a hostile crate's generated files must not hold: the password of
/// the server URL in the spec.
pub fn check_files(package: &str, files: &Files) -> Result<(), String> {
    for (path, text) in files.iter() {
        if text.contains("hunter2") {
            return Err(format!("{package}: the server URL's password is in {path}"));
        }
    }
    Ok(())
}

/// After the last step: each hostile crate (directory, package) ran its
/// README's examples as doctests (`doctests` is that step's output). They
/// are the crate docs' doctests: rustdoc names them after the README, or
/// after `lib.rs` when the crate docs go on after it (the index of the
/// operations by tag, which has no code).
pub fn check_doctests(crates: &[(String, String)], doctests: &str) -> Result<(), String> {
    for (directory, package) in crates {
        let ran = doctests.matches(&format!("{directory}/src/../README.md - (line")).count()
            + doctests.matches(&format!("{directory}/src/lib.rs - (line")).count();
        if ran < README_DOCTESTS {
            return Err(format!("{package}: {ran} README doctests ran, expected at least {README_DOCTESTS}"));
        }
    }
    Ok(())
}

/// Before anything is built: the hostile crates depend on exactly
/// [`DEPENDENCIES`], and everything they reach in the fixture workspace's
/// lock file is in the main workspace's (same name, version and source), so
/// that no spec can bring in a crate of its own.
pub fn check_lock(packages: &[String], fixture_lock: &Path, main_lock: &Path) -> Result<(), String> {
    let known: BTreeSet<(String, String, Option<String>)> = lock_packages(main_lock)?
        .into_iter()
        .filter(|package| package.source.is_some())
        .map(|package| (package.name, package.version, package.source))
        .collect();
    let locked = lock_packages(fixture_lock)?;
    let mut reached: Vec<&Locked> = Vec::new();
    for package in packages {
        let Some(hostile) = locked.iter().find(|locked| locked.name == *package) else {
            return Err(format!("{package} is not in {}", fixture_lock.display()));
        };
        let names: BTreeSet<&str> =
            hostile.dependencies.iter().map(|dependency| dependency.name.as_str()).collect();
        if names != DEPENDENCIES.into_iter().collect() {
            return Err(format!("{package}: depends on {names:?}, not exactly {DEPENDENCIES:?}"));
        }
        reached.push(hostile);
    }
    let mut seen: BTreeSet<(&str, &str)> = BTreeSet::new();
    while let Some(package) = reached.pop() {
        if !seen.insert((&package.name, &package.version)) {
            continue;
        }
        let hostile = packages.contains(&package.name);
        if !hostile
            && !known.contains(&(package.name.clone(), package.version.clone(), package.source.clone()))
        {
            return Err(format!(
                "the hostile crates reach {} {} ({}), which the workspace's lock file does not hold",
                package.name,
                package.version,
                package.source.as_deref().unwrap_or("a local path")
            ));
        }
        for dependency in &package.dependencies {
            let target = locked.iter().find(|locked| {
                locked.name == dependency.name
                    && dependency.version.as_ref().is_none_or(|version| *version == locked.version)
            });
            reached.extend(target);
        }
    }
    Ok(())
}

/// A package of a lock file.
struct Locked {
    name: String,
    version: String,
    source: Option<String>,
    dependencies: Vec<Dependency>,
}

/// A dependency as a lock file names it: by name, with the version when
/// several are locked.
struct Dependency {
    name: String,
    version: Option<String>,
}

fn lock_packages(path: &Path) -> Result<Vec<Locked>, String> {
    let text = fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))?;
    let lock: DocumentMut = text.parse().map_err(|error| format!("{}: {error}", path.display()))?;
    let packages =
        lock["package"].as_array_of_tables().ok_or_else(|| format!("{}: no packages", path.display()))?;
    Ok(packages
        .iter()
        .map(|package| {
            let text = |key: &str| package.get(key).and_then(Item::as_str).map(str::to_owned);
            let dependencies = package
                .get("dependencies")
                .and_then(Item::as_array)
                .map(|list| {
                    list.iter()
                        .filter_map(|value| value.as_str())
                        .map(|text| {
                            let mut words = text.split(' ');
                            let name = words.next().unwrap_or_default().to_owned();
                            Dependency { name, version: words.next().map(str::to_owned) }
                        })
                        .collect()
                })
                .unwrap_or_default();
            Locked {
                name: text("name").unwrap_or_default(),
                version: text("version").unwrap_or_default(),
                source: text("source"),
                dependencies,
            }
        })
        .collect())
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|error| format!("{}: {error}", parent.display()))?;
    }
    fs::write(path, text).map_err(|error| format!("{}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGISTRY: &str = "registry+https://github.com/rust-lang/crates.io-index";

    /// A locked package: name, version, source, dependencies.
    type Entry = (&'static str, &'static str, Option<&'static str>, Vec<&'static str>);

    fn write_lock(dir: &Path, name: &str, packages: &[Entry]) -> PathBuf {
        let mut text = String::from("version = 4\n");
        for (package, version, source, dependencies) in packages {
            text.push_str(&format!("\n[[package]]\nname = \"{package}\"\nversion = \"{version}\"\n"));
            if let Some(source) = source {
                text.push_str(&format!("source = \"{source}\"\n"));
            }
            let quoted: Vec<String> =
                dependencies.iter().map(|dependency| format!("\"{dependency}\"")).collect();
            text.push_str(&format!("dependencies = [{}]\n", quoted.join(", ")));
        }
        let path = dir.join(name);
        fs::write(&path, text).unwrap();
        path
    }

    /// The generated crates' dependencies from crates.io, and `extra`.
    fn packages(extra: &[Entry]) -> Vec<Entry> {
        let mut packages: Vec<Entry> =
            DEPENDENCIES.iter().map(|name| (*name, "1.0.0", Some(REGISTRY), Vec::new())).collect();
        packages.extend_from_slice(extra);
        packages
    }

    #[test]
    fn what_the_hostile_crates_reach_must_be_in_the_main_lock() {
        let dir = tempfile::tempdir().unwrap();
        let main = write_lock(dir.path(), "main.lock", &packages(&[]));
        let hostile = ["fixture-hostile".to_owned()];
        let crate_entry = |dependencies: Vec<&'static str>| ("fixture-hostile", "0.1.0", None, dependencies);

        // Another fixture crate may use what the main lock does not hold.
        let fine =
            packages(&[crate_entry(DEPENDENCIES.to_vec()), ("uuid", "1.0.0", Some(REGISTRY), Vec::new())]);
        check_lock(&hostile, &write_lock(dir.path(), "fine.lock", &fine), &main).unwrap();

        // A dependency of a dependency the main lock does not hold.
        let mut reaching =
            packages(&[crate_entry(DEPENDENCIES.to_vec()), ("evil", "0.1.0", None, Vec::new())]);
        reaching.iter_mut().find(|package| package.0 == "serde").unwrap().3 = vec!["evil"];
        let error =
            check_lock(&hostile, &write_lock(dir.path(), "reaching.lock", &reaching), &main).unwrap_err();
        assert!(error.contains("evil 0.1.0 (a local path)"), "{error}");

        // A dependency of its own.
        let mut own = DEPENDENCIES.to_vec();
        own.push("evil");
        let own = packages(&[crate_entry(own), ("evil", "0.1.0", None, Vec::new())]);
        let error = check_lock(&hostile, &write_lock(dir.path(), "own.lock", &own), &main).unwrap_err();
        assert!(error.contains("not exactly"), "{error}");
    }

    #[test]
    fn each_hostile_readme_must_have_run_its_examples_as_doctests() {
        let crates = [("hostile-a".to_owned(), "fixture-hostile-a".to_owned())];
        let line = |n: usize| format!("test hostile-a/src/../README.md - (line {n}) ... ok\n");
        let four: String = (1..=4).map(line).collect();
        check_doctests(&crates, &four).unwrap();
        let three: String = (1..=3).map(line).collect();
        let error = check_doctests(&crates, &three).unwrap_err();
        assert!(error.contains("3 README doctests ran"), "{error}");
        // With more crate docs after the README, rustdoc names them after `lib.rs`; a module's
        // example there is no README example.
        let crate_docs = |n: usize| format!("test hostile-a/src/lib.rs - (line {n}) - compile ... ok\n");
        let custom = "test hostile-a/src/lib.rs - custom (line 9) - compile ... ok\n";
        check_doctests(&crates, &(1..=4).map(crate_docs).collect::<String>()).unwrap();
        let three = (1..=3).map(crate_docs).collect::<String>() + custom;
        assert!(check_doctests(&crates, &three).is_err());
    }
}
