//! `cargo xtask test [--ci] [--fixtures-only]`: every test of the project.
//!
//! 1. Generates a crate from every fixture spec and every extra crate (the
//!    hostile specs, the real-world corpus, ...: see [`crates`]) into one
//!    throwaway workspace, `target/fixtures/`.
//! 2. Runs `cargo test --workspace --locked`: the generator's tests, the
//!    snapshots, the checked-in client against loopback servers, Prism, and
//!    the runtime crate's own tests with its `blocking` feature (so that
//!    it is compiled once, with every feature, here and in CI's clippy).
//! 3. On the fixture workspace: `cargo fmt --check` of the generated
//!    crates; one build of the libraries and tests of every crate with
//!    clippy as the compiler ([`cargo::lint_while_building`]), warnings
//!    denied, so that each crate is linted in the pass that compiles it
//!    rather than type-checked twice; the wire, behaviour and examples
//!    tests; the conformance sweep of the array API and the corpus
//!    ([`crate::conformance`]: every operation through the crate against
//!    Prism, which starts while the crates build); then rustdoc (warnings
//!    denied) and doctests on the crates that ask for them, and the checks
//!    of the hostile crates ([`hostile`]).
//!
//! Every cargo run uses the one target dir and the same profile settings,
//! and the fixture builds resolve dependency features exactly as the main
//! workspace does ([`pins`]), so each dependency is compiled once for
//! `cargo test` and once for rustdoc and the workspace's clippy, whichever
//! comes first. A fixture build that compiles a dependency `cargo test`
//! already built is an error, and so is a test run that compiles anything.
//!
//! `--ci` adds what is too slow for every run: the 2,000-operation crate,
//! and Stripe's crate with its sweep.
//! `--fixtures-only` skips step 2.

pub(crate) mod cargo;
mod crates;
mod deep;
mod examples;
mod hostile;
mod pins;
mod readme;
mod served;
mod sharing;
mod sweep;
mod synthetic;
pub(crate) mod vendor_errors;
mod without_rustfmt;
mod workspace;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::bench::timeval;
use crate::conformance;

pub use cargo::WORKSPACE_FEATURES;
pub(crate) use crates::listed_for;
pub use crates::REFERENCE_ENV;
pub use sharing::Sharing;
pub(crate) use workspace::profiles;

const USAGE: &str = "usage: cargo xtask test [--ci] [--fixtures-only]";

pub fn run(arguments: &[String], root: PathBuf) -> ExitCode {
    let mut ci = false;
    let mut workspace_tests = true;
    for argument in arguments {
        match argument.as_str() {
            "--ci" => ci = true,
            "--fixtures-only" => workspace_tests = false,
            other => {
                eprintln!("error: unknown argument `{other}`\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let mut run = Run { root, timings: Vec::new() };
    let outcome = run.all(ci, workspace_tests);
    println!("\n== cargo xtask test: time per step (wall, and CPU of the processes it ran)");
    for (step, wall, cpu) in &run.timings {
        println!("{:>8.1} s {:>8.1} s CPU  {step}", wall.as_secs_f64(), cpu.as_secs_f64());
    }
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

struct Run {
    root: PathBuf,
    /// Each step's name, wall time and CPU time (user and system).
    timings: Vec<(String, Duration, Duration)>,
}

impl Run {
    fn all(&mut self, ci: bool, workspace_tests: bool) -> Result<(), String> {
        let root = self.root.clone();
        let target_dir = target_dir(&root)?;
        let mut notes = Vec::new();
        let (main, fixtures) = self.step("generate the fixture crates", || {
            let main = pins::main_workspace(&root)?;
            let crates = crates::crates(&root, ci, &mut notes)?;
            let fixtures = workspace::write(&root, &crates, &main.pins_manifest)?;
            Ok((main, fixtures))
        })?;
        for note in &notes {
            println!("note: {note}");
        }
        self.step("cargo xtask resolves features as the workspace does", || {
            let differences = pins::xtask_alone_differences(&root)?;
            if differences.is_empty() {
                return Ok(());
            }
            Err(format!(
                "built alone, xtask gives these packages other features than the workspace does, so they \
                 are compiled twice; ask for the workspace's features in xtask/Cargo.toml:\n  {}",
                differences.join("\n  ")
            ))
        })?;
        if workspace_tests {
            let mut test = cargo::command(&root, &target_dir, &["test", "--workspace", "--locked"]);
            test.args(cargo::WORKSPACE_FEATURES);
            self.step("cargo test --workspace", || cargo::run(test))?;
        }
        let dir = &fixtures.dir;
        let pins = ["-p", workspace::PINS];
        let selected = |packages: &[String]| -> Vec<String> {
            packages.iter().flat_map(|package| ["-p".to_owned(), package.clone()]).collect()
        };
        // Every fixture crate with its blocking client and its mock server
        // and without TLS (as in the main workspace, [`cargo::WORKSPACE_FEATURES`]),
        // in every step, with the dependencies resolved and fetched below and
        // nothing more, and clippy as the compiler of the crates of the
        // fixture workspace.
        let fixture_cargo = |args: &[&str]| {
            let mut command = cargo::command(dir, &target_dir, args);
            command.args(["--frozen", "--no-default-features", "--features", "blocking,mock"]);
            cargo::lint_while_building(&mut command);
            command
        };
        let scene = fixtures.scene.as_ref();
        let nothing_ran = |step: &str| scene.map_or(Ok(()), |scene| scene.nothing_ran(step));

        let fetch = cargo::command(dir, &target_dir, &["fetch", "--quiet"]);
        self.step("fixtures: resolve and fetch their dependencies", || cargo::run(fetch))?;
        if !fixtures.hostile.is_empty() {
            let packages: Vec<String> = fixtures.hostile.iter().map(|(_, package)| package.clone()).collect();
            self.step("hostile crates: nothing reached beyond the workspace's lock file", || {
                hostile::check_lock(&packages, &dir.join("Cargo.lock"), &root.join("Cargo.lock"))
            })?;
        }

        let mut fmt = cargo::command(dir, &target_dir, &["fmt", "--check"]);
        fmt.args(selected(&fixtures.formatted));
        let checked_in = cargo::command(
            &root,
            &target_dir,
            &["fmt", "--check", "-p", "tiledb-array-api", "-p", "client-runtime"],
        );
        self.step("generated code formatted as rustfmt formats it", || {
            cargo::run(checked_in).and(cargo::run(fmt))
        })?;

        // Libraries, examples and integration tests, linted as they are
        // compiled. A library nothing runs (the 2,000-operation crate) is
        // compiled too: machine code adds about a seventh to what
        // type-checking and linting it cost (measured on the Twilio crate),
        // and a type-check of its own would run alone on one core after the
        // build. A generated library has no `#[cfg(test)]` code, so
        // compiling it a second time as a unit test (what `--all-targets`
        // adds) would lint the same code twice.
        let targets = ["--lib", "--bins", "--examples", "--test", "*"];
        let mut build = fixture_cargo(&["build", "--workspace", cargo::JSON_MESSAGES]);
        build.args(targets);
        // Prism starts on the specs to sweep while the crates build: loading
        // a large spec takes it a while on one core, and the build's last
        // minutes leave the other idle.
        let prisms = self.step("conformance: start Prism on every spec to sweep", || {
            fixtures
                .swept
                .iter()
                .map(|swept| conformance::Prism::start(&root, &swept.spec.path, &dir.join("prism")))
                .collect::<Result<Vec<_>, String>>()
        })?;
        let built = self.step("fixtures: build and lint the libraries and tests", || {
            cargo::run_collecting_compiled(build)
        })?;
        nothing_ran("the build")?;
        if workspace_tests {
            built_once(&built.compiled, &main.dependencies, "the fixture build", "`cargo test --workspace`")?;
        }
        self.step("conformance: every operation of the array API and the corpus against Prism", || {
            sweep::all(&fixtures.swept, prisms, &built.examples)
        })?;
        let test = fixture_cargo(&["test", "--workspace", "--test", "*", cargo::JSON_MESSAGES]);
        let compiled = self.step("fixtures: run the wire, behaviour and examples tests", || {
            cargo::run_collecting_compiled(test).map(|built| built.compiled)
        })?;
        nothing_ran("the tests")?;
        if !compiled.is_empty() {
            return Err(format!(
                "the fixture test run compiled what the build should have, so something differs (profile, \
                 flags, targets) and they are built twice: {}",
                compiled.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }

        let mut doc = fixture_cargo(&["doc", "--no-deps"]);
        doc.args(pins).args(selected(&fixtures.documented)).env("RUSTDOCFLAGS", "-D warnings");
        self.step("fixtures: rustdoc", || cargo::run(doc))?;
        nothing_ran("rustdoc")?;

        let mut doctests = fixture_cargo(&["test", "--doc"]);
        doctests.args(pins).args(selected(&fixtures.doctested)).env("RUSTDOCFLAGS", "-D warnings");
        let output = self.step("fixtures: doctests", || cargo::run_capturing(doctests))?;
        nothing_ran("the doctests")?;
        hostile::check_doctests(&fixtures.hostile, &output)
    }

    /// Runs one step, printing its name and recording how long it took:
    /// wall time, and the CPU time of this process and the ones it waited
    /// for (cargo, and through cargo every compiler and test), which other
    /// work on the machine does not inflate.
    fn step<T>(&mut self, name: &str, body: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
        println!("\n== {name}");
        let started = Instant::now();
        let cpu_before = cpu_time();
        let outcome = body();
        self.timings.push((name.to_owned(), started.elapsed(), cpu_time().saturating_sub(cpu_before)));
        outcome.map_err(|error| format!("{name}: {error}"))
    }
}

/// Fails when a fixture step compiled a dependency of the main workspace
/// that `earlier` already built: its features or profile differ.
fn built_once(
    compiled: &BTreeSet<String>,
    dependencies: &BTreeSet<String>,
    step: &str,
    earlier: &str,
) -> Result<(), String> {
    let twice: Vec<&str> = compiled.intersection(dependencies).map(String::as_str).collect();
    if twice.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{step} compiled dependencies that {earlier} had built, so something differs (features, \
         profile, flags), and they are built twice: {}",
        twice.join(", ")
    ))
}

/// User and system time of this process and of every child it has waited
/// for, with their own waited-for children.
fn cpu_time() -> Duration {
    [libc::RUSAGE_SELF, libc::RUSAGE_CHILDREN]
        .into_iter()
        .map(|who| {
            // SAFETY: all-zero is a valid `rusage` (plain integers and timevals).
            let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
            // SAFETY: `usage` is valid for writes; `who` is one of the two defined values.
            if unsafe { libc::getrusage(who, &mut usage) } != 0 {
                return Duration::ZERO;
            }
            timeval(usage.ru_utime) + timeval(usage.ru_stime)
        })
        .sum()
}

/// `CARGO_TARGET_DIR` made absolute, or the workspace's `target/`.
pub(crate) fn target_dir(root: &Path) -> Result<PathBuf, String> {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                Ok(dir)
            } else {
                let current =
                    std::env::current_dir().map_err(|error| format!("the current directory: {error}"))?;
                Ok(current.join(dir))
            }
        }
        None => Ok(root.join("target")),
    }
}
