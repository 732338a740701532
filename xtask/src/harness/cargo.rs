//! Running cargo for the harness: every run with the one target dir, its
//! output passed through, and the artifacts a build compiled (rather than
//! found fresh) and the examples it made collected from cargo's JSON
//! messages.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

/// The cargo that runs `cargo xtask`, or the one on `PATH`.
pub fn program() -> PathBuf {
    std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from)
}

/// cargo in `dir`, building into `target_dir`.
pub fn command(dir: &Path, target_dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(program());
    command.current_dir(dir).args(args).env("CARGO_TARGET_DIR", target_dir);
    command
}

/// The features of every cargo command on the whole workspace, so that each
/// crate is compiled once for all of them:
/// - the runtime crate's `blocking`, which nothing in the main workspace
///   turns on, so that the runtime is tested and linted with it, and its
///   default `mock`, which `--no-default-features` would turn off;
/// - no TLS stack (the generated client's default `rustls` off): the tests
///   talk plain HTTP to 127.0.0.1, the generated code is the same with any
///   backend, and rustls brings aws-lc, whose build is the costliest of any
///   dependency (30 s of CPU). CI builds and lints the client with each
///   backend.
pub const WORKSPACE_FEATURES: [&str; 3] =
    ["--no-default-features", "--features", "client-runtime/blocking,client-runtime/mock"];

/// Makes clippy the compiler of the workspace's own crates, as `cargo clippy`
/// does: a build then lints each crate in the same pass that compiles it,
/// instead of a `cargo clippy` pass that type-checks everything once more
/// (and needs every dependency type-checked apart from its build). Warnings
/// are denied, so a lint fails the build. Dependencies are compiled by
/// rustc as always. Cargo recompiles a workspace's crates when the wrapper
/// or its arguments change, so every command on one workspace sets it alike.
pub fn lint_while_building(command: &mut Command) {
    // The clippy of the toolchain that runs us, next to its cargo; the one on
    // `PATH` otherwise.
    let beside_cargo = program().with_file_name("clippy-driver");
    let driver = if beside_cargo.is_file() { beside_cargo } else { PathBuf::from("clippy-driver") };
    // `cargo clippy -- -D warnings` passes its arguments to the driver this way.
    command
        .env("RUSTC_WORKSPACE_WRAPPER", driver)
        .env("CLIPPY_ARGS", "-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__");
}

/// Runs `command` with its output shown; an error names it.
pub fn run(mut command: Command) -> Result<(), String> {
    let status = command.status().map_err(|error| format!("{}: {error}", describe(&command)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(&command)))
    }
}

/// Runs `command` with its standard output shown and returned.
pub fn run_capturing(mut command: Command) -> Result<String, String> {
    command.stdout(Stdio::piped());
    let mut child = command.spawn().map_err(|error| format!("{}: {error}", describe(&command)))?;
    let mut output = String::new();
    let stdout = child.stdout.take().expect("piped");
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|error| format!("{}: {error}", describe(&command)))?;
        println!("{line}");
        output.push_str(&line);
        output.push('\n');
    }
    let status = child.wait().map_err(|error| format!("{}: {error}", describe(&command)))?;
    if status.success() {
        Ok(output)
    } else {
        Err(format!("`{}` failed ({status})", describe(&command)))
    }
}

/// The option that makes cargo report artifacts as JSON on stdout and show
/// diagnostics as usual on stderr.
pub const JSON_MESSAGES: &str = "--message-format=json-render-diagnostics";

/// What a build given [`JSON_MESSAGES`] made.
#[derive(Default)]
pub struct Built {
    /// Ids of the packages it compiled (rather than found fresh).
    pub compiled: BTreeSet<String>,
    /// Each example's executable, by the example's name.
    pub examples: BTreeMap<String, PathBuf>,
}

/// Runs a build given [`JSON_MESSAGES`] and returns what it made.
pub fn run_collecting_compiled(mut command: Command) -> Result<Built, String> {
    command.stdout(Stdio::piped());
    let mut child = command.spawn().map_err(|error| format!("{}: {error}", describe(&command)))?;
    let mut built = Built::default();
    let stdout = child.stdout.take().expect("piped");
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|error| format!("{}: {error}", describe(&command)))?;
        match serde_json::from_str::<Value>(&line) {
            Ok(message) if message["reason"] == "compiler-artifact" => {
                if message["fresh"] == false {
                    built.compiled.extend(message["package_id"].as_str().map(str::to_owned));
                }
                let is_example = message["target"]["kind"]
                    .as_array()
                    .is_some_and(|kinds| kinds.iter().any(|kind| kind == "example"));
                if let (true, Some(name), Some(executable)) =
                    (is_example, message["target"]["name"].as_str(), message["executable"].as_str())
                {
                    built.examples.insert(name.to_owned(), PathBuf::from(executable));
                }
            }
            Ok(_) => {}
            // Not a message: a build script's or test's own output.
            Err(_) => println!("{line}"),
        }
    }
    let status = child.wait().map_err(|error| format!("{}: {error}", describe(&command)))?;
    if status.success() {
        Ok(built)
    } else {
        Err(format!("`{}` failed ({status})", describe(&command)))
    }
}

/// `cargo clippy ...` as a user would type it.
pub fn describe(command: &Command) -> String {
    let arguments: Vec<String> =
        command.get_args().map(|argument| argument.to_string_lossy().into_owned()).collect();
    format!("cargo {}", arguments.join(" "))
}
