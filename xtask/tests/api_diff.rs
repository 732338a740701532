//! The API diff on the command line: the report after writing and before
//! `--check`'s diff, `--bump` on the version and the changelog, and what
//! happens without a readable previous description.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_owned()
}

fn spec(case: &str, side: &str) -> String {
    format!("tests/specs/evolution/{case}/{side}.yaml")
}

/// Runs `cargo xtask codegen --spec SPEC --out OUT` with `extra` arguments.
fn codegen(spec: &str, out: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(root())
        .args(["codegen", "--spec", spec, "--out", out.to_str().expect("utf-8")])
        .args(extra)
        .output()
        .expect("xtask runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn succeeded(output: Output) -> String {
    assert!(output.status.success(), "{}\n{}", stdout(&output), String::from_utf8_lossy(&output.stderr));
    stdout(&output)
}

/// The `version = ...` line of the generated manifest.
fn version(out: &Path) -> String {
    let manifest = fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml");
    manifest.lines().find(|line| line.starts_with("version = ")).expect("a version line").to_owned()
}

#[test]
fn writing_reports_the_changes_and_keeps_the_version_until_bumped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("client");
    let first = succeeded(codegen(&spec("optional_query_param_added", "old"), &out, &[]));
    assert!(first.contains("no previous API description (api.json); nothing to compare"), "{first}");
    assert!(out.join("api.json").is_file());

    let second = succeeded(codegen(&spec("optional_query_param_added", "new"), &out, &[]));
    assert!(
        second.contains("additive: operation `list_pets`: optional parameter `tag` added (a new setter)"),
        "{second}"
    );
    assert!(second.contains("semver: 1 additive: minor bump, 1.4.0 -> 1.5.0"), "{second}");
    assert!(second.contains("--bump` to apply it"), "{second}");
    assert_eq!(version(&out), r#"version = "1.4.0""#, "without --bump the version stays");
    assert!(!out.join("CHANGELOG.md").exists());

    let third = succeeded(codegen(&spec("optional_query_param_added", "new"), &out, &[]));
    assert!(third.contains("semver: no API changes; the version stays 1.4.0"), "{third}");
}

#[test]
fn bump_moves_the_version_and_prepends_a_changelog_entry() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("client");
    succeeded(codegen(&spec("optional_query_param_added", "old"), &out, &[]));

    let bumped = succeeded(codegen(&spec("optional_query_param_added", "new"), &out, &["--bump"]));
    assert!(bumped.contains("bumped the crate to 1.5.0"), "{bumped}");
    assert_eq!(version(&out), r#"version = "1.5.0""#);
    let api = fs::read_to_string(out.join("api.json")).expect("api.json");
    assert!(api.contains(r#""package_version": "1.5.0""#), "the description records the bumped version");
    let changelog = fs::read_to_string(out.join("CHANGELOG.md")).expect("CHANGELOG.md");
    assert!(changelog.starts_with("# Changelog\n"), "{changelog}");
    assert!(
        changelog.contains(
            "## 1.5.0\n\n### Additions\n\n- Operation `list_pets`: optional parameter `tag` added (a new setter)\n"
        ),
        "{changelog}"
    );

    // The bumped output is what the new spec generates now: the version is
    // the crate's, not info.version's.
    succeeded(codegen(&spec("optional_query_param_added", "new"), &out, &["--check"]));

    // From `tag` to a required `store`: breaking, and the entry goes on top.
    let breaking = succeeded(codegen(&spec("required_query_param_added", "new"), &out, &["--bump"]));
    assert!(breaking.contains("major bump, 1.5.0 -> 2.0.0"), "{breaking}");
    assert_eq!(version(&out), r#"version = "2.0.0""#);
    let changelog = fs::read_to_string(out.join("CHANGELOG.md")).expect("CHANGELOG.md");
    let newest = changelog.find("## 2.0.0").expect("the new entry");
    let previous = changelog.find("## 1.5.0").expect("the previous entry");
    assert!(newest < previous, "{changelog}");
    assert!(
        changelog
            .contains("### Breaking changes\n\n- Operation `list_pets`: optional parameter `tag` removed\n"),
        "{changelog}"
    );

    // Regenerating leaves the changelog alone, and --check does not count it.
    succeeded(codegen(&spec("required_query_param_added", "new"), &out, &[]));
    assert_eq!(fs::read_to_string(out.join("CHANGELOG.md")).expect("CHANGELOG.md"), changelog);
    succeeded(codegen(&spec("required_query_param_added", "new"), &out, &["--check"]));
}

#[test]
fn check_prints_the_report_before_the_diff() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("client");
    succeeded(codegen(&spec("field_type_changed", "old"), &out, &[]));
    let output = codegen(&spec("field_type_changed", "new"), &out, &["--check"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let report = text.find("breaking: model `Pet`: field `id` type changed from `i64` to `String`");
    let diff = text.find("changed: src/models.rs");
    assert!(report.is_some() && diff.is_some() && report < diff, "{text}");
    assert!(text.contains("semver: 1 breaking: major bump, 1.4.0 -> 2.0.0"), "{text}");
}

#[test]
fn an_unreadable_description_skips_the_diff() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("client");
    succeeded(codegen(&spec("docs_only", "old"), &out, &[]));
    fs::write(out.join("api.json"), r#"{"package_version": "1.4.3", "models": 42}"#).expect("write");
    let text = succeeded(codegen(&spec("docs_only", "new"), &out, &["--bump"]));
    assert!(text.contains("no previous API description readable (api.json: "), "{text}");
    assert!(text.contains("diff skipped"), "{text}");
    assert!(text.contains("--bump: nothing to compare with"), "{text}");
    assert_eq!(version(&out), r#"version = "1.4.3""#, "the recorded version is still the base");
    succeeded(codegen(&spec("docs_only", "new"), &out, &["--check"]));
}

#[test]
fn check_and_bump_do_not_go_together() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = codegen(&spec("docs_only", "old"), dir.path(), &["--check", "--bump"]);
    assert_eq!(output.status.code(), Some(2));
}
