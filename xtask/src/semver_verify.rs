//! `cargo xtask semver-verify [--check]`: cargo-semver-checks' verdict on
//! every case of `tests/specs/evolution/`, next to the bump our API diff
//! calls for.
//!
//! For each case it generates the old and the new crate, runs the pinned
//! cargo-semver-checks on them, and records in `verdicts.toml` the tool's
//! verdict (`major`, `minor` or `none`), our bump, and a fingerprint of both
//! whole crates, every file ([`Files::fingerprint`]). The tool takes minutes
//! to install and its first run compiles the crates' dependencies, so `cargo
//! xtask test` does not run it: a test (`tests/tests/evolution.rs`) compares
//! our bump with the recorded verdict and fails when the crates are no longer
//! the ones fingerprinted, so that any change to what the tool reads, the
//! runtime's included, is checked with the tool again: re-recording is this
//! one command.
//! Where the two differ for a reason (the tool reads Rust signatures, not
//! the requests the crate sends), the case carries a `reason`, written by
//! hand and kept by every run. `--check` writes nothing and fails when the
//! tool now says something else than the file.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use generator::description::{describe, text};
use generator::diff::{Outcome, Previous};
use generator::{Files, Options};
use toml_edit::{value, DocumentMut, Item, Table};

/// The version the verdicts were recorded with.
const PINNED: &str = "0.51.0";
const CASES: &str = "tests/specs/evolution";
const VERDICTS: &str = "tests/specs/evolution/verdicts.toml";

pub fn run(arguments: &[String], root: PathBuf) -> ExitCode {
    let check = match arguments {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => {
            eprintln!("usage: cargo xtask semver-verify [--check]");
            return ExitCode::from(2);
        }
    };
    match verify(&root, check) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// One case's record.
struct Verdict {
    case: String,
    crates: String,
    tool: &'static str,
    ours: String,
}

fn verify(root: &Path, check: bool) -> Result<(), String> {
    tool_is_pinned()?;
    let path = root.join(VERDICTS);
    let recorded = fs::read_to_string(&path).unwrap_or_default();
    let mut document: DocumentMut =
        recorded.parse().map_err(|error| format!("{VERDICTS} is not TOML: {error}"))?;
    let work = root.join("target/semver-verify");
    let mut verdicts = Vec::new();
    for case in cases(&root.join(CASES))? {
        let (old, new) = (crate_files(root, &case, "old")?, crate_files(root, &case, "new")?);
        let dir = work.join("cases").join(&case);
        write(&dir.join("old"), &old)?;
        write(&dir.join("new"), &new)?;
        let tool = run_tool(&dir, &work.join("target"))?;
        let ours = our_bump(root, &case)?;
        println!("{case:<28} cargo-semver-checks: {tool:<5}  ours: {ours}");
        verdicts.push(Verdict { case, crates: Files::fingerprint([&old, &new]), tool, ours });
    }
    if check {
        return compare(&document, &verdicts);
    }
    record(&mut document, &verdicts);
    fs::write(&path, document.to_string()).map_err(|error| format!("{VERDICTS}: {error}"))?;
    println!("wrote {VERDICTS}");
    Ok(())
}

fn tool_is_pinned() -> Result<(), String> {
    let output = Command::new("cargo-semver-checks").arg("--version").output().map_err(|error| {
        format!("cargo-semver-checks is not on PATH ({error}); install it with `cargo install cargo-semver-checks --version {PINNED} --locked`")
    })?;
    let version = String::from_utf8_lossy(&output.stdout);
    if version.trim() != format!("cargo-semver-checks {PINNED}") {
        return Err(format!("cargo-semver-checks {PINNED} is pinned, PATH has `{}`", version.trim()));
    }
    Ok(())
}

/// The case directories, by name.
fn cases(dir: &Path) -> Result<Vec<String>, String> {
    let entries = fs::read_dir(dir).map_err(|error| format!("{CASES}: {error}"))?;
    let mut cases: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.path().join("old.yaml").is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    Ok(cases)
}

/// The options the evolution test generates a case's side with.
fn options(root: &Path, case: &str, side: &str) -> Options {
    let label = format!("{CASES}/{case}/{side}.yaml");
    Options {
        spec: root.join(&label),
        spec_label: label,
        package_name: None,
        examples: None,
        standalone: true,
    }
}

fn crate_files(root: &Path, case: &str, side: &str) -> Result<Files, String> {
    generator::generate(&options(root, case, side)).map_err(|error| format!("{case}/{side}.yaml: {error}"))
}

fn write(dir: &Path, files: &Files) -> Result<(), String> {
    let _ = fs::remove_dir_all(dir);
    for (path, contents) in files.iter() {
        let path = dir.join(path);
        let made = path.parent().map_or(Ok(()), fs::create_dir_all).and_then(|()| fs::write(&path, contents));
        made.map_err(|error| format!("{}: {error}", path.display()))?;
    }
    Ok(())
}

/// The tool's verdict on `dir/old` to `dir/new`: the smallest release that
/// takes the changes it finds.
fn run_tool(dir: &Path, target: &Path) -> Result<&'static str, String> {
    let output = Command::new("cargo-semver-checks")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .args(["semver-checks", "check-release", "--baseline-root", "old", "--manifest-path"])
        .args(["new/Cargo.toml", "--release-type", "patch", "--default-features", "--color", "never"])
        .output()
        .map_err(|error| format!("cargo-semver-checks: {error}"))?;
    let said =
        format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    let summary = said.lines().find(|line| line.trim_start().starts_with("Summary")).unwrap_or_default();
    if summary.contains("requires new major version") {
        Ok("major")
    } else if summary.contains("requires new minor version") {
        Ok("minor")
    } else if summary.contains("no semver update required") {
        Ok("none")
    } else {
        Err(format!("cargo-semver-checks gave no verdict in {}:\n{said}", dir.display()))
    }
}

/// The bump our report calls for, the way the evolution test computes it.
fn our_bump(root: &Path, case: &str) -> Result<String, String> {
    let api = |side| generator::api(&options(root, case, side)).map_err(|error| format!("{case}: {error}"));
    let previous = Previous::parse(&text(&describe(&api("old")?)));
    match previous.compare(&api("new")?) {
        Outcome::Compared(report) => {
            Ok(report.bump().map_or_else(|| "none".to_owned(), |bump| bump.to_string()))
        }
        other => Err(format!("{case}: the old description is unreadable: {other}")),
    }
}

/// Rewrites the cases, keeping the reasons written by hand.
fn record(document: &mut DocumentMut, verdicts: &[Verdict]) {
    document.decor_mut().set_prefix(
        "# cargo-semver-checks' verdict on every case of tests/specs/evolution/, and the bump our API\n\
         # diff calls for. Written by `cargo xtask semver-verify`; `reason` says, by hand, why the two\n\
         # differ where they do. A test fails when they differ without one, or when the crates a\n\
         # case generates (every file of both) are not the ones fingerprinted in `crates`.\n",
    );
    let previous = document.get("cases").and_then(Item::as_table).cloned().unwrap_or_default();
    // Parsed, the header above is the first key's comment: written anew,
    // keys and all, so it is not kept twice.
    document.clear();
    document["tool"] = value(format!("cargo-semver-checks {PINNED}"));
    let mut cases = Table::new();
    for verdict in verdicts {
        let mut case = Table::new();
        case["crates"] = value(&verdict.crates);
        case["tool"] = value(verdict.tool);
        case["ours"] = value(&verdict.ours);
        if let Some(reason) = previous.get(&verdict.case).and_then(|old| old.get("reason")) {
            case["reason"] = reason.clone();
        }
        cases.insert(&verdict.case, Item::Table(case));
    }
    cases.set_implicit(true);
    document["cases"] = Item::Table(cases);
}

/// `--check`: the tool's verdicts now against the recorded ones.
fn compare(document: &DocumentMut, verdicts: &[Verdict]) -> Result<(), String> {
    let mut differences = Vec::new();
    for verdict in verdicts {
        let recorded = document.get("cases").and_then(|cases| cases.get(&verdict.case));
        let field = |key: &str| recorded.and_then(|case| case.get(key)).and_then(Item::as_str).unwrap_or("");
        if field("tool") != verdict.tool || field("crates") != verdict.crates {
            differences.push(format!(
                "{}: recorded `{}` for crates {}, the tool now says `{}` for crates {}",
                verdict.case,
                field("tool"),
                field("crates"),
                verdict.tool,
                verdict.crates
            ));
        }
    }
    if differences.is_empty() {
        println!("{VERDICTS} holds");
        Ok(())
    } else {
        Err(format!("{VERDICTS} is stale; run `cargo xtask semver-verify`:\n{}", differences.join("\n")))
    }
}
