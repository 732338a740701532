//! `cargo xtask conformance --spec FILE`: the sweep of any spec, with a
//! crate of its own in `target/conformance/`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use generator::Options;

use super::{example_name, sweep, Prism, Spec, Summary, PRISM_PATIENCE};
use crate::harness::cargo;

/// The profile tables that are not about one package of the workspace
/// (which a crate of its own does not have).
fn general_profiles(profiles: &str) -> String {
    let mut out = String::new();
    let mut keep = true;
    for line in profiles.lines() {
        if line.starts_with('[') {
            keep = !line.contains(".package.") || line.contains(".package.\"*\"]");
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

const USAGE: &str = "usage: cargo xtask conformance --spec FILE";

/// `cargo xtask conformance --spec FILE`.
pub fn run(arguments: &[String], root: &Path) -> ExitCode {
    let spec = match arguments {
        [flag, spec] if flag == "--spec" => PathBuf::from(spec),
        _ => {
            eprintln!("error: {USAGE}");
            return ExitCode::from(2);
        }
    };
    match run_spec(&spec, root) {
        Ok(summary) => {
            println!("{}", summary.line());
            if summary.passed() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run_spec(spec: &Path, root: &Path) -> Result<Summary, String> {
    let spec = std::fs::canonicalize(spec).map_err(|error| format!("{}: {error}", spec.display()))?;
    let label = spec.file_name().unwrap_or_default().to_string_lossy().into_owned();
    let options = Options {
        spec: spec.clone(),
        spec_label: label,
        package_name: None,
        examples: None,
        standalone: true,
    };
    let (swept, mut files) = Spec::generate(&options)?;
    let package = swept.api.package_name.clone();
    let scratch = root.join("target/conformance");
    let dir = scratch.join(&package);
    // The workspace's profiles, so that the dependencies its tests built are
    // reused where their features agree.
    let manifest = files.get("Cargo.toml").unwrap_or_default().to_owned();
    files.insert("Cargo.toml", format!("{manifest}\n{}", general_profiles(&crate::harness::profiles(root)?)));
    generator::output::write(&files, &dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    if !dir.join("Cargo.lock").exists() {
        std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
            .map_err(|error| format!("Cargo.lock: {error}"))?;
    }
    // Prism starts while the crate builds.
    let mut prism = Prism::start(root, &spec, &scratch)?;
    let name = example_name(&package);
    let target_dir = crate::harness::target_dir(root)?;
    let build = cargo::command(&dir, &target_dir, &["build", "--example", &name, cargo::JSON_MESSAGES]);
    let built = cargo::run_collecting_compiled(build)?;
    let driver = built.examples.get(&name).ok_or_else(|| format!("the build made no example `{name}`"))?;
    let started = prism.wait_until_ready(PRISM_PATIENCE)?;
    println!("Prism serves {} (started in {:.1} s)", swept.label, started.as_secs_f64());
    let swept_at = Instant::now();
    // A spec the repository sweeps is held to its lists, as `cargo xtask test` holds it.
    let (listed, examples) = crate::harness::listed_for(root, &spec);
    let summary = sweep(&swept, driver, &mut prism, listed, examples)?;
    let mut details = String::new();
    for (line, detail) in &summary.unlisted {
        println!("{line}");
        details.push_str(&format!("{line}\n    {detail}\n\n"));
    }
    for stale in &summary.stale {
        println!("listed wrongly: {stale}");
    }
    let failures = scratch.join(format!("{package}.failures.txt"));
    std::fs::write(&failures, details).map_err(|error| format!("{}: {error}", failures.display()))?;
    println!(
        "{} calls in {:.1} s; each failure with its requests as sent: {}",
        summary.calls,
        swept_at.elapsed().as_secs_f64(),
        failures.display()
    );
    Ok(summary)
}
