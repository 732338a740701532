//! The `cargo xtask codegen` command line: exit codes, messages, and what it
//! leaves on disk.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_owned()
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).current_dir(root()).args(args).output().expect("xtask runs")
}

/// `cargo xtask` where no rustfmt can be found: no `PATH` (codegen runs nothing else), no
/// `RUSTFMT`, and no `CARGO` to find one beside.
fn xtask_without_rustfmt(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(root())
        .args(args)
        .env("PATH", "")
        .env_remove("RUSTFMT")
        .env_remove("CARGO")
        .output()
        .expect("xtask runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current).expect("readable dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.insert(
                    path.strip_prefix(dir).expect("inside").to_owned(),
                    fs::read(&path).expect("readable"),
                );
            }
        }
    }
    files
}

fn generate_fixture(out: &Path) {
    let output =
        xtask(&["codegen", "--spec", "tests/specs/path_params.yaml", "--out", out.to_str().expect("utf-8")]);
    assert!(output.status.success(), "{}", text(&output.stderr));
}

/// The same check CI runs: the checked-in client matches the spec and the
/// generator. On failure the output is the diff and the command to rerun.
#[test]
fn checked_in_client_is_up_to_date() {
    let output = xtask(&["codegen", "--check"]);
    assert!(
        output.status.success(),
        "generated-client/ is stale; run `cargo xtask codegen`.\n{}\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
}

#[test]
fn check_lists_changed_missing_and_extra_files_with_a_diff() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("client");
    generate_fixture(&out);
    let out_arg = out.to_str().expect("utf-8");
    let check = ["codegen", "--spec", "tests/specs/path_params.yaml", "--out", out_arg, "--check"];
    assert!(xtask(&check).status.success(), "fresh output passes the check");

    let models = out.join("src/models.rs");
    let edited =
        fs::read_to_string(&models).expect("models.rs").replacen("pub struct", "pub(crate) struct", 1);
    fs::write(&models, edited).expect("edit");
    fs::remove_file(out.join("README.md")).expect("remove");
    fs::write(out.join("src/stray.rs"), "// not generated\n").expect("add");

    let output = xtask(&check);
    assert_eq!(output.status.code(), Some(1));
    let stdout = text(&output.stdout);
    assert!(stdout.contains("changed: src/models.rs"), "{stdout}");
    assert!(stdout.contains("-pub(crate) struct") && stdout.contains("+pub struct"), "{stdout}");
    assert!(stdout.contains("@@"), "a unified diff: {stdout}");
    assert!(stdout.contains("missing: README.md"), "{stdout}");
    assert!(stdout.contains("extra: src/stray.rs"), "{stdout}");
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "run `cargo xtask codegen --spec tests/specs/path_params.yaml --out {out_arg}`"
        )),
        "{stderr}"
    );
    assert!(out.join("src/stray.rs").exists(), "--check never writes");

    assert!(xtask(&check[..5]).status.success(), "regenerating repairs it");
    assert!(xtask(&check).status.success());
    assert!(!out.join("src/stray.rs").exists(), "files no longer generated are removed");
}

#[test]
fn malformed_spec_fails_and_leaves_previous_output_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("client");
    generate_fixture(&out);
    let before = snapshot(&out);
    for (spec, location) in [
        ("tests/specs/malformed/paths_not_a_mapping.yaml", "#/paths"),
        ("tests/specs/malformed/bad_yaml.yaml", "tests/specs/malformed/bad_yaml.yaml:14:"),
        ("tests/specs/malformed/openapi32.yaml", "#/openapi"),
    ] {
        let output = xtask(&["codegen", "--spec", spec, "--out", out.to_str().expect("utf-8")]);
        assert_eq!(output.status.code(), Some(1), "{spec}");
        let stderr = text(&output.stderr);
        assert!(stderr.contains(spec) && stderr.contains(location), "{spec}: {stderr}");
        assert_eq!(snapshot(&out), before, "{spec}: the previous output must stay as it was");
    }
}

/// Writing fails halfway (a directory stands where a file goes, after
/// files that were already replaced): the files replaced before are put
/// back, so the previous output is untouched.
#[test]
fn a_write_that_fails_halfway_leaves_the_previous_output_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("client");
    generate_fixture(&out);
    // README.md comes before src/requests.rs, so it is rewritten first.
    fs::write(out.join("README.md"), "edited by hand\n").expect("edit");
    fs::remove_file(out.join("src/requests.rs")).expect("remove");
    fs::create_dir(out.join("src/requests.rs")).expect("a directory in its place");
    fs::write(out.join("src/requests.rs/note.txt"), "in the way\n").expect("write");
    let before = snapshot(&out);

    let output =
        xtask(&["codegen", "--spec", "tests/specs/path_params.yaml", "--out", out.to_str().expect("utf-8")]);

    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("src/requests.rs"), "{stderr}");
    assert_eq!(snapshot(&out), before, "the README is back as it was, and nothing else changed");
}

/// A vendored output directory can carry a symbolic link (git keeps them)
/// where the generator stages `src/lib.rs`: the run fails saying so, the
/// file the link points to is not written, and the output is as it was.
#[cfg(unix)]
#[test]
fn a_link_planted_in_the_output_is_never_written_through() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("client");
    generate_fixture(&out);
    let victim = dir.path().join("victim.rs");
    fs::write(&victim, "outside the output\n").expect("write");
    std::os::unix::fs::symlink(&victim, out.join("src/lib.rs.codegen-tmp")).expect("symlink");
    // Something to write: without a change, nothing would be staged.
    fs::write(out.join("src/lib.rs"), "edited\n").expect("edit");
    let before = snapshot(&out);

    let output =
        xtask(&["codegen", "--spec", "tests/specs/path_params.yaml", "--out", out.to_str().expect("utf-8")]);

    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("src/lib.rs.codegen-tmp is a symbolic link"), "{stderr}");
    assert_eq!(fs::read_to_string(&victim).expect("victim"), "outside the output\n");
    assert_eq!(snapshot(&out), before);
}

/// Warnings are counted by kind on stderr, listed with `--warnings`, and
/// fail the run, writing nothing, with `--deny-warnings`.
#[test]
fn warnings_are_counted_listed_and_can_be_denied() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("client");
    let out_text = out.to_str().expect("utf-8");
    let spec = "tests/specs/degraded.yaml";
    let output = xtask(&["codegen", "--spec", spec, "--out", out_text]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with(
            "warning: 5 warnings: 2 × parameters typed as String, 1 × HTTP authentication schemes taken as a \
             whole Authorization header, 1 × `not` schemas typed as serde_json::Value, 1 × form bodies without \
             fields, passed as the encoded body\n"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("#/components/schemas/NotACat/not"), "only counts by default: {stderr}");

    let output = xtask(&["codegen", "--spec", spec, "--out", out_text, "--warnings"]);
    assert!(output.status.success());
    let stderr = text(&output.stderr);
    let listed = "warning: tests/specs/degraded.yaml: #/components/schemas/NotACat/not: a `not` schema has no Rust type";
    assert!(stderr.contains(listed), "{stderr}");

    let before = snapshot(&out);
    let output = xtask(&["codegen", "--spec", spec, "--out", out_text, "--deny-warnings"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.starts_with("error: 5 warnings:"), "{stderr}");
    assert!(
        stderr.contains("error: tests/specs/degraded.yaml: #/components/schemas/NotACat/not:"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(snapshot(&out), before);
}

#[test]
fn refuses_to_overwrite_a_directory_it_did_not_generate() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("Cargo.toml"), "[package]\nname = \"mine\"\n").expect("write");
    let before = snapshot(dir.path());
    let output = xtask(&[
        "codegen",
        "--spec",
        "tests/specs/path_params.yaml",
        "--out",
        dir.path().to_str().expect("utf-8"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("refusing to write"), "{}", text(&output.stderr));
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn replaces_output_generated_under_the_header_of_earlier_versions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("client");
    generate_fixture(&out);
    let manifest = out.join("Cargo.toml");
    let current = fs::read_to_string(&manifest).expect("Cargo.toml");
    let (_, rest) = current.split_once(" from ").expect("the header names the spec");
    fs::write(&manifest, format!("# Generated by cargo xtask codegen from {rest}")).expect("write");
    generate_fixture(&out);
    assert_eq!(fs::read_to_string(&manifest).expect("Cargo.toml"), current);
}

/// Without rustfmt the crate is generated all the same, in prettyplease's layout, and the
/// generator says why on one line; `--check` against a crate rustfmt laid out says that the
/// files differ in layout only. (The fixture workspace of `cargo xtask test` builds and lints
/// such a crate.)
#[test]
fn without_rustfmt_the_layout_is_prettyplease_s_and_check_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("client");
    generate_fixture(&out);
    let out_arg = out.to_str().expect("utf-8");
    let spec = "tests/specs/path_params.yaml";
    let check = xtask_without_rustfmt(&["codegen", "--spec", spec, "--out", out_arg, "--check"]);
    assert_eq!(check.status.code(), Some(1), "prettyplease's layout is not rustfmt's");
    let stderr = text(&check.stderr);
    let notes: Vec<&str> = stderr.lines().filter(|line| line.starts_with("note:")).collect();
    assert!(
        notes[0].contains("rustfmt did not lay out the Rust files") && notes[0].contains("not found"),
        "{stderr}"
    );
    assert!(notes[1].contains("src/requests.rs") && notes[1].contains("in layout only"), "{stderr}");

    let unformatted = dir.path().join("unformatted");
    let unformatted_arg = unformatted.to_str().expect("utf-8");
    let generate = xtask_without_rustfmt(&["codegen", "--spec", spec, "--out", unformatted_arg]);
    assert!(generate.status.success(), "{}", text(&generate.stderr));
    let stderr = text(&generate.stderr);
    let why: Vec<&str> = stderr.lines().filter(|line| line.contains("rustfmt")).collect();
    assert!(why.len() == 1 && why[0].contains("was not found"), "one line says why: {stderr}");
    let formatted = snapshot(&out);
    let prettyplease = snapshot(&unformatted);
    let requests = Path::new("src/requests.rs");
    assert_ne!(formatted[requests], prettyplease[requests]);
    assert_eq!(formatted.keys().collect::<Vec<_>>(), prettyplease.keys().collect::<Vec<_>>());
}

#[test]
fn usage_errors_exit_with_code_2() {
    assert_eq!(xtask(&["codegen", "--bogus"]).status.code(), Some(2));
    assert_eq!(xtask(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(xtask(&["codegen", "--spec"]).status.code(), Some(2));
}

const ARRAY_API: &str = "spec/array-api.yaml";

/// Every spec the repository ships: the array API and the fixtures.
fn shipped_specs() -> Vec<String> {
    let mut specs: Vec<String> = fs::read_dir(root().join("tests/specs"))
        .expect("tests/specs")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml" || ext == "json"))
        .map(|path| format!("tests/specs/{}", path.file_name().expect("name").to_string_lossy()))
        .collect();
    specs.sort();
    specs.insert(0, ARRAY_API.to_owned());
    specs
}

/// Same spec, same bytes, whatever the process: each process seeds its hash
/// maps differently and emits files on several threads, so two runs of the
/// binary catch output that depends on hash or scheduling order.
#[test]
fn two_processes_generate_byte_identical_crates() {
    let dir = tempfile::tempdir().expect("temp dir");
    let specs = shipped_specs();
    assert!(specs.len() > 10, "the array API and the fixtures: {specs:?}");
    for spec in &specs {
        let generate = |run: &str| {
            let out = dir.path().join(run).join(spec.replace('/', "_"));
            let mut args = vec!["codegen", "--spec", spec, "--out", out.to_str().expect("utf-8")];
            if spec == ARRAY_API {
                args.extend(["--examples", "spec/examples"]);
            }
            let output = xtask(&args);
            assert!(output.status.success(), "{spec}: {}", text(&output.stderr));
            snapshot(&out)
        };
        // Both at once: the runs are independent, and it halves the wait.
        let runs: Vec<BTreeMap<PathBuf, Vec<u8>>> = std::thread::scope(|scope| {
            let first = scope.spawn(|| generate("first"));
            let second = generate("second");
            vec![first.join().expect("the first run"), second]
        });
        assert!(runs[0].contains_key(Path::new("src/models.rs")), "{spec}: {:?}", runs[0].keys());
        assert!(runs[0] == runs[1], "{spec}: two runs differ in {:?}", differing_files(&runs[0], &runs[1]));
    }
}

fn differing_files(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<PathBuf> {
    a.keys().chain(b.keys()).filter(|file| a.get(*file) != b.get(*file)).cloned().collect()
}
