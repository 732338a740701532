//! The generators we compare with, installed once under `target/bench-peers/`
//! through their ordinary package clients, and how each is run.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use super::measure;

pub const OPENAPI_GENERATOR_VERSION: &str = "7.26.0";
pub const PROGENITOR_VERSION: &str = "0.15.1";
pub const OPENAPI_GENERATOR_YAML_LIMIT: &str = "-DmaxYamlCodePoints=100000000";

/// A generator under test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    Ours,
    OpenApiGenerator,
    Progenitor,
}

impl Tool {
    pub const ALL: [Tool; 3] = [Tool::Ours, Tool::OpenApiGenerator, Tool::Progenitor];

    pub fn name(self) -> &'static str {
        match self {
            Tool::Ours => "ours",
            Tool::OpenApiGenerator => "OpenAPI Generator",
            Tool::Progenitor => "progenitor",
        }
    }

    /// A short name for directories.
    pub fn slug(self) -> &'static str {
        match self {
            Tool::Ours => "ours",
            Tool::OpenApiGenerator => "openapi-generator",
            Tool::Progenitor => "progenitor",
        }
    }

    /// The Cargo package name each generator is asked to use. OpenAPI
    /// Generator writes it into Rust paths as given, so no `-`.
    pub fn package_name(self) -> &'static str {
        match self {
            Tool::Ours => "bench-ours",
            Tool::OpenApiGenerator => "bench_openapi_generator",
            Tool::Progenitor => "bench-progenitor",
        }
    }
}

/// Where each generator's program is, or why it is not there.
pub struct Peers {
    /// Our release build of xtask.
    pub ours: Result<PathBuf, String>,
    /// The jar inside the PyPI package `openapi-generator-cli`.
    pub openapi_generator: Result<PathBuf, String>,
    /// The `cargo-progenitor` binary.
    pub progenitor: Result<PathBuf, String>,
    /// What each install step did, for the report.
    pub notes: Vec<String>,
}

impl Peers {
    pub fn program(&self, tool: Tool) -> Result<&Path, &str> {
        let program = match tool {
            Tool::Ours => &self.ours,
            Tool::OpenApiGenerator => &self.openapi_generator,
            Tool::Progenitor => &self.progenitor,
        };
        program.as_deref().map_err(String::as_str)
    }

    /// The command that generates `spec` into `out` with `tool`.
    pub fn command(&self, tool: Tool, spec: &Path, out: &Path) -> Result<Command, String> {
        let program = self.program(tool).map_err(str::to_owned)?;
        let mut command;
        match tool {
            Tool::Ours => {
                command = Command::new(program);
                command.arg("codegen").arg("--spec").arg(spec).arg("--out").arg(out);
                command.args(["--crate-name", tool.package_name()]);
            }
            Tool::OpenApiGenerator => {
                command = Command::new("java");
                // The YAML parser refuses documents over 3 Mi code points
                // (the 5,000-operation spec) unless told otherwise.
                command
                    .arg(OPENAPI_GENERATOR_YAML_LIMIT)
                    .arg("-jar")
                    .arg(program)
                    .args(["generate", "-g", "rust", "-i"])
                    .arg(spec);
                command.arg("-o").arg(out).args(["--package-name", tool.package_name()]);
            }
            Tool::Progenitor => {
                // What `cargo progenitor ...` runs, without cargo in front.
                command = Command::new(program);
                command.args(["progenitor", "-i"]).arg(spec).arg("-o").arg(out);
                command.args(["-n", tool.package_name(), "-v", "0.1.0"]);
            }
        }
        Ok(command)
    }
}

/// Builds our generator and installs the peers that are missing. With
/// `smoke`, our generator is the running debug binary and cargo-progenitor is
/// used only when already installed: its install compiles for minutes.
pub fn install(root: &Path, smoke: bool, logs: &Path) -> Peers {
    let dir = root.join("target/bench-peers");
    let mut notes = Vec::new();
    let ours = if smoke {
        std::env::current_exe().map_err(|error| format!("failed: {error}"))
    } else {
        let mut build = Command::new(cargo());
        build.current_dir(root).args(["build", "--release", "--locked", "-p", "xtask"]);
        step(&mut notes, "our generator: `cargo build --release --locked -p xtask`", &mut build, logs)
            .map(|()| root.join("target/release/xtask"))
    };

    let jar_dir = dir.join(format!("openapi-generator-cli-{OPENAPI_GENERATOR_VERSION}"));
    let jar = jar_dir.join("openapi_generator_cli/openapi-generator.jar");
    let openapi_generator = if jar.is_file() {
        notes.push(format!(
            "OpenAPI Generator {OPENAPI_GENERATOR_VERSION}: cached in `{}`",
            relative(&jar_dir, root)
        ));
        Ok(jar)
    } else {
        let mut pip = Command::new("python3");
        pip.args(["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--target"]);
        pip.arg(&jar_dir).arg(format!("openapi-generator-cli=={OPENAPI_GENERATOR_VERSION}"));
        let label = format!(
            "OpenAPI Generator: `python3 -m pip install --target {} openapi-generator-cli=={OPENAPI_GENERATOR_VERSION}`",
            relative(&jar_dir, root)
        );
        step(&mut notes, &label, &mut pip, logs).map(|()| jar)
    }
    .and_then(|jar| java_version().map(|_| jar));

    let progenitor_dir = dir.join(format!("cargo-progenitor-{PROGENITOR_VERSION}"));
    let progenitor_bin = progenitor_dir.join("bin/cargo-progenitor");
    let progenitor = if progenitor_bin.is_file() {
        notes.push(format!(
            "progenitor {PROGENITOR_VERSION}: cached in `{}`",
            relative(&progenitor_dir, root)
        ));
        Ok(progenitor_bin)
    } else if smoke {
        Err("skipped: not installed, and the smoke run does not compile it".to_owned())
    } else {
        let mut install = Command::new(cargo());
        install.args(["install", "cargo-progenitor", "--version", PROGENITOR_VERSION, "--locked", "--root"]);
        install.arg(&progenitor_dir);
        let label = format!(
            "progenitor: `cargo install cargo-progenitor --version {PROGENITOR_VERSION} --locked --root {}`",
            relative(&progenitor_dir, root)
        );
        step(&mut notes, &label, &mut install, logs).map(|()| progenitor_bin)
    };
    Peers { ours, openapi_generator, progenitor, notes }
}

/// Runs one install or build step, noting how long it took.
fn step(notes: &mut Vec<String>, label: &str, command: &mut Command, logs: &Path) -> Result<(), String> {
    let log = logs.join(format!("install-{}.log", notes.len()));
    let started = Instant::now();
    let outcome = measure::run(command, &log);
    let took = started.elapsed();
    match outcome {
        Ok(run) if run.success => {
            notes.push(format!("{label}: {}", seconds(took)));
            Ok(())
        }
        Ok(_) => {
            let why = format!("failed: {}", measure::first_error_line(&log));
            notes.push(format!("{label}: {why}"));
            Err(why)
        }
        Err(error) => {
            let why = format!("failed: {error}");
            notes.push(format!("{label}: {why}"));
            Err(why)
        }
    }
}

/// The first line of `java -version`, or why there is no Java.
pub fn java_version() -> Result<String, String> {
    let output =
        Command::new("java").arg("-version").output().map_err(|error| format!("failed: java: {error}"))?;
    let text = String::from_utf8_lossy(&output.stderr);
    Ok(text.lines().next().unwrap_or("java").to_owned())
}

/// The cargo that runs us, so nested builds use the same toolchain.
pub fn cargo() -> PathBuf {
    std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from)
}

pub fn seconds(duration: Duration) -> String {
    format!("{:.1} s", duration.as_secs_f64())
}

/// `path` relative to the workspace root, for commands shown in the report.
pub fn relative(path: &Path, root: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}
