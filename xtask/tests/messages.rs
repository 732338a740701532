//! What `cargo xtask codegen` prints cannot drive the terminal: spec text
//! (path keys, schema names, `$ref`s) and names and contents of files on
//! disk reach its errors, warnings and `--check` listing with every control
//! character and bidirectional control escaped. The tests compare the exact
//! bytes printed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_owned()
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).current_dir(root()).args(args).output().expect("xtask runs")
}

fn utf8(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temporary path")
}

/// Text the terminal only prints: no control character but the line
/// breaks between lines, no bidirectional control.
fn assert_inert(bytes: &[u8]) {
    let text = String::from_utf8(bytes.to_vec()).expect("UTF-8 output");
    let active = text.chars().find(|&c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
    });
    assert_eq!(active, None, "{text:?}");
}

/// Writes `spec` as JSON into a fresh directory; returns it and the spec's path.
fn spec_file(spec: serde_json::Value) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("spec.json");
    fs::write(&path, spec.to_string()).expect("write the spec");
    (dir, path)
}

#[test]
fn errors_show_path_keys_and_refs_escaped() {
    let (dir, spec) = spec_file(serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1.0.0"},
        "paths": {
            "/items/{id}\u{1b}[2K\r": {"get": {"responses": {"204": {"description": "Done."}}}},
            "/other": {"get": {"responses": {"200": {"description": "One.", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Gone\u{1b}]52;c;aGk=\u{7}"}
            }}}}}}
        }
    }));
    let out = dir.path().join("out");
    // Both problems leave one part out with a warning; denied, the warnings are the errors.
    let output = xtask(&["codegen", "--spec", utf8(&spec), "--out", utf8(&out), "--deny-warnings"]);
    assert_eq!(output.status.code(), Some(1));
    let spec = utf8(&spec);
    let path = "#/paths/~1items~1{id}\\u{1b}[2K\\r/get";
    let expected = format!(
        "error: 2 warnings: 1 × operations left out of the client, 1 × schemas that cannot be read or typed, \
         typed as serde_json::Value\n\
         error: {spec}: {path}: `GET /items/{{id}}\\u{{1b}}[2K\\r` is left out of the client: {path}: invalid: \
         the path names `{{id}}` but no path parameter defines it\n\
         error: {spec}: #/paths/~1other/get/responses/200/content/application~1json/schema/$ref: $ref \
         `#/components/schemas/Gone\\u{{1b}}]52;c;aGk=\\u{{7}}` does not resolve to anything in this document; the \
         value is serde_json::Value\n\
         nothing was written; {} is unchanged\n",
        utf8(&out)
    );
    assert_eq!(String::from_utf8_lossy(&output.stderr), expected);
    assert_inert(&output.stderr);
}

#[test]
fn warnings_show_schema_names_escaped() {
    let (dir, spec) = spec_file(serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1.0.0"},
        "paths": {},
        "components": {"schemas": {"Not\u{1b}[2K\rA\u{202E}B": {"not": {"type": "string"}}}}
    }));
    let out = dir.path().join("out");
    let output = xtask(&["codegen", "--spec", utf8(&spec), "--out", utf8(&out), "--deny-warnings"]);
    assert_eq!(output.status.code(), Some(1));
    let expected = format!(
        "error: 1 warning: 1 × `not` schemas typed as serde_json::Value\n\
         error: {}: #/components/schemas/Not\\u{{1b}}[2K\\rA\\u{{202e}}B/not: a `not` schema has no Rust type; the \
         value is serde_json::Value\n\
         nothing was written; {} is unchanged\n",
        utf8(&spec),
        utf8(&out)
    );
    assert_eq!(String::from_utf8_lossy(&output.stderr), expected);
    assert_inert(&output.stderr);
}

#[test]
fn file_names_from_refs_and_from_disk_are_escaped() {
    let (dir, spec) = spec_file(serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1.0.0"},
        "paths": {},
        "components": {"schemas": {"A": {"$ref": "gone\u{1b}[31m.yaml"}}}
    }));
    let out = dir.path().join("out");
    // The schema that cannot be read allows any value, with a warning; denied, it is the error.
    let output = xtask(&["codegen", "--spec", utf8(&spec), "--out", utf8(&out), "--deny-warnings"]);
    assert_eq!(output.status.code(), Some(1));
    let expected = format!(
        "error: 1 warning: 1 × schemas that cannot be read or typed, typed as serde_json::Value\n\
         error: {}: #/components/schemas/A/$ref: $ref `gone\\u{{1b}}[31m.yaml`: cannot read \
         `gone\\u{{1b}}[31m.yaml`: No such file or directory (os error 2); the value is serde_json::Value\n\
         nothing was written; {} is unchanged\n",
        utf8(&spec),
        utf8(&out)
    );
    assert_eq!(String::from_utf8_lossy(&output.stderr), expected);
    assert_inert(&output.stderr);

    // A generated directory with a stray file and an edited one: `--check`
    // lists the file's name and the edited line escaped.
    let spec = "tests/specs/minimal.yaml";
    assert!(xtask(&["codegen", "--spec", spec, "--out", utf8(&out)]).status.success());
    fs::write(out.join("src/stray\u{1b}[2K\r.rs"), "").expect("a stray file");
    let readme = fs::read_to_string(out.join("README.md")).expect("README.md");
    fs::write(out.join("README.md"), format!("\u{1b}]52;c;aGk=\u{7}\n{readme}")).expect("edit README.md");
    let output = xtask(&["codegen", "--spec", spec, "--out", utf8(&out), "--check"]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("\n-\\u{1b}]52;c;aGk=\\u{7}\n"), "{stdout}");
    assert!(stdout.contains("\nextra: src/stray\\u{1b}[2K\\r.rs (not generated any more)\n"), "{stdout}");
    assert_inert(&output.stdout);
    assert_inert(&output.stderr);
}
