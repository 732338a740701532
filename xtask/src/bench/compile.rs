//! Compile time of each generated crate alone, and its size: the array API
//! with every tool, and a synthetic spec with ours and progenitor.
//!
//! Each crate sits in a workspace of its own under
//! `target/bench/compile/SPEC/TOOL/`, all sharing one target directory; a
//! first build compiles the dependencies, then every timed build follows a
//! touch of the crate's `src/lib.rs`, so only the generated crate is compiled.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use super::generation::Case;
use super::measure::{self, Repeat, Summary};
use super::peers::{self, Peers, Tool};
use super::Settings;

/// One generator's crate.
pub struct Row {
    pub tool: Tool,
    pub check: Result<Summary, String>,
    pub release: Result<Summary, String>,
    /// Lines of Rust in the crate.
    pub lines: Result<usize, String>,
    /// Lines of the runtime: ours is copied into the crate (so counted in
    /// `lines` too), progenitor's is a crate the generated one depends on.
    pub runtime_lines: Result<usize, String>,
    pub rlib_bytes: Result<u64, String>,
}

/// One spec's crates.
pub struct Set {
    /// The spec, as the generation table names it.
    pub name: String,
    /// The spec's directory under `target/bench/compile/`.
    pub slug: String,
    pub rows: Vec<Row>,
}

impl Set {
    pub fn row(&self, tool: Tool) -> Option<&Row> {
        self.rows.iter().find(|row| row.tool == tool)
    }
}

/// Generates `case` with each of `tools` and compiles the results.
pub fn measure(settings: &Settings, peers: &Peers, case: &Case, slug: &str, tools: &[Tool]) -> Set {
    let rows = tools
        .iter()
        .map(|&tool| {
            eprintln!("bench: compiling the crate of {} from {}", tool.name(), case.name);
            match case.spec_for(tool).and_then(|spec| prepare(settings, peers, slug, tool, spec)) {
                Ok(workspace) => compile(settings, slug, tool, &workspace),
                Err(why) => Row {
                    tool,
                    check: Err(why.clone()),
                    release: Err(why.clone()),
                    lines: Err(why.clone()),
                    runtime_lines: Err(why.clone()),
                    rlib_bytes: Err(why),
                },
            }
        })
        .collect();
    Set { name: case.name.clone(), slug: slug.to_owned(), rows }
}

/// Where `tool`'s crate of the spec `slug` is generated.
pub fn crate_dir(settings: &Settings, slug: &str, tool: Tool) -> PathBuf {
    settings.work.join("compile").join(slug).join(tool.slug()).join("crate")
}

/// A generated crate in a workspace of its own.
struct Workspace {
    manifest: PathBuf,
    crate_dir: PathBuf,
}

/// Generates the crate into its workspace.
fn prepare(
    settings: &Settings,
    peers: &Peers,
    slug: &str,
    tool: Tool,
    spec: &Path,
) -> Result<Workspace, String> {
    let crate_dir = crate_dir(settings, slug, tool);
    let dir = crate_dir.parent().unwrap_or(&crate_dir).to_owned();
    let io = |error: std::io::Error| format!("failed: {}: {error}", dir.display());
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(io)?;
    }
    std::fs::create_dir_all(&dir).map_err(io)?;
    let mut command = peers.command(tool, spec, &crate_dir)?;
    if tool == Tool::Ours {
        command.arg("--workspace-member");
    }
    let log = settings.logs.join(format!("compile-generate-{slug}-{}.log", tool.slug()));
    let run = measure::run(&mut command, &log).map_err(io)?;
    if !run.success {
        return Err(format!("failed: {}", measure::first_error_line(&log)));
    }
    let crate_manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).map_err(io)?;
    if crate_manifest.lines().any(|line| line.trim() == "[workspace]") {
        return Ok(Workspace { manifest: crate_dir.join("Cargo.toml"), crate_dir });
    }
    let manifest = dir.join("Cargo.toml");
    let workspace = match &settings.sharing {
        Some(sharing) => sharing.write_into(&dir, &["crate"])?,
        None => "[workspace]\nresolver = \"2\"\nmembers = [\"crate\"]\n".to_owned(),
    };
    std::fs::write(&manifest, workspace).map_err(io)?;
    Ok(Workspace { manifest, crate_dir })
}

fn compile(settings: &Settings, slug: &str, tool: Tool, workspace: &Workspace) -> Row {
    let Workspace { manifest, crate_dir } = workspace;
    let lines = count_lines(&crate_dir.join("src")).map_err(|error| format!("failed: {error}"));
    let lib = crate_dir.join("src/lib.rs");
    let log = |what: &str| settings.logs.join(format!("compile-{what}-{slug}-{}.log", tool.slug()));
    let check = timed_builds(settings, manifest, &[&lib], &log("check"), &["check"]);
    // After a build, which writes the lock file.
    let runtime_lines = runtime_lines(tool, manifest, crate_dir);
    let (release, rlib_bytes) = if settings.smoke {
        let skipped = "skipped in the smoke run".to_owned();
        (Err(skipped.clone()), Err(skipped))
    } else {
        let release = timed_builds(settings, manifest, &[&lib], &log("release"), &["build", "--release"]);
        let rlib = settings
            .compile_target
            .join(format!("release/lib{}.rlib", tool.package_name().replace('-', "_")));
        let size = std::fs::metadata(&rlib)
            .map(|meta| meta.len())
            .map_err(|error| format!("failed: {}: {error}", rlib.display()));
        (release, size)
    };
    Row { tool, check, release, lines, runtime_lines, rlib_bytes }
}

/// One untimed build for the dependencies (except in the smoke run), then
/// builds after touching only `touched`.
pub fn timed_builds(
    settings: &Settings,
    manifest: &Path,
    touched: &[&Path],
    log: &Path,
    cargo_args: &[&str],
) -> Result<Summary, String> {
    let command = || {
        let mut command = Command::new(peers::cargo());
        command.args(cargo_args).arg("--manifest-path").arg(manifest);
        command.env("CARGO_TARGET_DIR", &settings.compile_target);
        if settings.sharing.is_some() {
            // The feature pins with the crate.
            command.arg("--workspace");
        }
        command
    };
    // The smoke run's one build is also its measurement (its numbers mean
    // nothing): the steps of CI before it built the dependencies already.
    if !settings.smoke {
        let first = measure::run(&mut command(), log).map_err(|error| format!("failed: {error}"))?;
        if !first.success {
            return Err(format!("failed: {}", measure::first_error_line(log)));
        }
    }
    // Release builds take many times longer than checks: fewer of them.
    let runs = match (settings.smoke, cargo_args.contains(&"--release")) {
        (true, _) => 1,
        (false, false) => 5,
        (false, true) => 3,
    };
    let repeat =
        Repeat { min_runs: runs, max_runs: runs, budget: Duration::ZERO, warm_up_below: Duration::ZERO };
    let touch_all = || touched.iter().try_for_each(|file| touch(file));
    measure::repeat(repeat, log, touch_all, command).map_err(|why| format!("failed: {why}"))
}

fn touch(file: &Path) -> std::io::Result<()> {
    std::fs::File::options().append(true).open(file)?.set_modified(SystemTime::now())
}

/// Ours: `src/runtime/` of the crate. progenitor: the sources of the
/// `progenitor-client` version the workspace's lock file names, in Cargo's
/// registry. OpenAPI Generator writes everything into the crate.
fn runtime_lines(tool: Tool, manifest: &Path, crate_dir: &Path) -> Result<usize, String> {
    let failed = |error: &dyn std::fmt::Display| format!("failed: {error}");
    match tool {
        Tool::Ours => count_lines(&crate_dir.join("src/runtime")).map_err(|error| failed(&error)),
        Tool::OpenApiGenerator => Ok(0),
        Tool::Progenitor => {
            let lock = manifest.with_file_name("Cargo.lock");
            let text = std::fs::read_to_string(&lock).map_err(|error| failed(&error))?;
            let version = locked_version(&text, "progenitor-client")
                .ok_or_else(|| format!("failed: no progenitor-client in {}", lock.display()))?;
            let cargo_home = std::env::var_os("CARGO_HOME")
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
                .ok_or("failed: neither CARGO_HOME nor HOME is set")?;
            let registries =
                std::fs::read_dir(cargo_home.join("registry/src")).map_err(|error| failed(&error))?;
            let sources = registries
                .filter_map(Result::ok)
                .map(|registry| registry.path().join(format!("progenitor-client-{version}/src")))
                .find(|sources| sources.is_dir())
                .ok_or_else(|| format!("failed: progenitor-client {version} is not in Cargo's registry"))?;
            count_lines(&sources).map_err(|error| failed(&error))
        }
    }
}

/// The version of `package` in a `Cargo.lock`.
fn locked_version(lock: &str, package: &str) -> Option<String> {
    let lock: toml_edit::DocumentMut = lock.parse().ok()?;
    let packages = lock.get("package")?.as_array_of_tables()?;
    let entry =
        packages.iter().find(|entry| entry.get("name").and_then(|name| name.as_str()) == Some(package))?;
    entry.get("version")?.as_str().map(str::to_owned)
}

/// Lines of the `.rs` files under `dir`, recursively.
pub fn count_lines(dir: &Path) -> std::io::Result<usize> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            total += count_lines(&path)?;
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            total += std::fs::read_to_string(&path)?.lines().count();
        }
    }
    Ok(total)
}
