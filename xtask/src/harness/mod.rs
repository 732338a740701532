//! `cargo xtask test [--ci] [--fixtures-only]`: every test of the project.
//!
//! 1. Generates a crate from every fixture spec and every extra crate (see
//!    [`crates`]) into one throwaway workspace, `target/fixtures/`.
//! 2. Runs `cargo test --workspace --locked`: the generator's tests, the
//!    snapshots, the checked-in client against loopback servers, Prism.
//! 3. On the fixture workspace: one clippy pass over every target of every
//!    crate with warnings denied, one test build that runs the wire and
//!    behaviour tests, then rustdoc (warnings denied) and doctests on the
//!    crates that ask for them.
//!
//! Every cargo run uses the one target dir and the same profile settings,
//! and the fixture builds resolve dependency features exactly as the main
//! workspace does ([`pins`]), so each dependency is compiled once for
//! `cargo test` and once for clippy and rustdoc, whichever workspace comes
//! first. A fixture step that compiles a dependency an earlier step already
//! built is an error.
//!
//! `--ci` adds the slow extra crates (the 2,000-operation crate).
//! `--fixtures-only` skips step 2.

mod cargo;
mod crates;
mod pins;
mod readme;
mod synthetic;
mod workspace;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

pub use crates::REFERENCE_ENV;

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
    println!("\n== cargo xtask test: time per step");
    for (step, took) in &run.timings {
        println!("{:>8.1} s  {step}", took.as_secs_f64());
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
    timings: Vec<(String, Duration)>,
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
            let test = cargo::command(&root, &target_dir, &["test", "--workspace", "--locked"]);
            self.step("cargo test --workspace", || cargo::run(test))?;
        }
        let dir = &fixtures.dir;
        let pins = ["-p", workspace::PINS];
        // Every fixture crate with its blocking client, in every step.
        let fixture_cargo = |args: &[&str]| {
            let mut command = cargo::command(dir, &target_dir, args);
            command.args(["--features", "blocking"]);
            command
        };

        let mut clippy = fixture_cargo(&["clippy", "--workspace", "--all-targets", cargo::JSON_MESSAGES]);
        clippy.args(["--", "-D", "warnings"]);
        self.step("fixtures: clippy, every target", || cargo::run_collecting_compiled(clippy).map(drop))?;

        let build = fixture_cargo(&["test", "--workspace", "--test", "*", "--no-run", cargo::JSON_MESSAGES]);
        let compiled = self.step("fixtures: build the tests", || cargo::run_collecting_compiled(build))?;
        if workspace_tests {
            built_once(&compiled, &main.dependencies, "the fixture test build", "`cargo test --workspace`")?;
        }
        let test = fixture_cargo(&["test", "--workspace", "--test", "*"]);
        self.step("fixtures: run the wire and behaviour tests", || cargo::run(test))?;

        let selected = |packages: &[String]| -> Vec<String> {
            packages.iter().flat_map(|package| ["-p".to_owned(), package.clone()]).collect()
        };
        let mut doc = fixture_cargo(&["doc", "--no-deps", cargo::JSON_MESSAGES]);
        doc.args(pins).args(selected(&fixtures.documented)).env("RUSTDOCFLAGS", "-D warnings");
        let compiled = self.step("fixtures: rustdoc", || cargo::run_collecting_compiled(doc))?;
        built_once(&compiled, &main.dependencies, "rustdoc", "clippy")?;

        let mut doctests = fixture_cargo(&["test", "--doc"]);
        doctests.args(pins).args(selected(&fixtures.doctested)).env("RUSTDOCFLAGS", "-D warnings");
        self.step("fixtures: doctests", || cargo::run(doctests))
    }

    /// Runs one step, printing its name and recording how long it took.
    fn step<T>(&mut self, name: &str, body: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
        println!("\n== {name}");
        let started = Instant::now();
        let outcome = body();
        self.timings.push((name.to_owned(), started.elapsed()));
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

/// `CARGO_TARGET_DIR` made absolute, or the workspace's `target/`.
fn target_dir(root: &Path) -> Result<PathBuf, String> {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                Ok(dir)
            } else {
                let current = std::env::current_dir().map_err(|error| format!("the current directory: {error}"))?;
                Ok(current.join(dir))
            }
        }
        None => Ok(root.join("target")),
    }
}
