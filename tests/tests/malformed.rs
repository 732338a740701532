//! Specs the generator must refuse, because nothing in them can be used: not
//! YAML or JSON, not an OpenAPI document, a version it does not read, no
//! `paths` or `components` to read, references that would copy the
//! document beyond bounds. Each fixture in `tests/specs/malformed/` names, in
//! its first line, where the problem is (`# expect: <pointer>` or `# expect:
//! line N`). The error must name the file and that location.
//!
//! A problem with one part of a document (an operation, a schema, a security
//! scheme) is not refused: see `warnings.rs` and `tests/specs/degrading/`.

use std::fs;
use std::path::PathBuf;

use generator::Options;

fn malformed_specs() -> Vec<(String, PathBuf)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("specs/malformed");
    let mut specs: Vec<(String, PathBuf)> = fs::read_dir(&dir)
        .expect("specs/malformed exists")
        .map(|entry| entry.expect("readable entry").path())
        .map(|path| (path.file_name().expect("file name").to_string_lossy().into_owned(), path))
        .collect();
    specs.sort();
    specs
}

/// The location a fixture's first line promises.
fn expected_location(path: &PathBuf) -> String {
    let text = fs::read_to_string(path).expect("readable spec");
    let first = text.lines().next().unwrap_or_default();
    first
        .strip_prefix("# expect: ")
        .unwrap_or_else(|| panic!("{}: no `# expect:` line", path.display()))
        .to_owned()
}

#[test]
fn every_malformed_spec_is_refused_with_file_and_location() {
    let specs = malformed_specs();
    assert!(specs.len() >= 9, "expected the malformed fixtures, found {}", specs.len());
    for (name, path) in specs {
        let label = format!("tests/specs/malformed/{name}");
        let options = Options {
            spec: path.clone(),
            spec_label: label.clone(),
            package_name: None,
            examples: None,
            standalone: true,
        };
        let error = match generator::generate(&options) {
            Ok(_) => panic!("{name}: generated although the spec is malformed"),
            Err(error) => error.to_string(),
        };
        let location = expected_location(&path);
        let expected = match location.strip_prefix("line ") {
            Some(line) => format!("{label}:{line}:"),
            None => format!("{label}: {location}: "),
        };
        assert!(
            error.starts_with(&expected),
            "{name}: expected the error to start with `{expected}`, got:\n{error}"
        );
    }
}
