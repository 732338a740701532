//! Specs the generator must refuse: each fixture in `tests/specs/malformed/`
//! names, in its first line, where the problem is (`# expect: <pointer>` or
//! `# expect: line N`). The error must name the file and that location.

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
    assert!(specs.len() >= 10, "expected the malformed fixtures, found {}", specs.len());
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

/// Every problem of a spec is reported, not just the first.
#[test]
fn all_problems_are_reported_at_once() {
    let spec = r##"
openapi: 3.0.3
info: {title: Two problems, version: 1.0.0}
paths:
  /a:
    get:
      operationId: a
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Missing'}
  /b:
    get:
      operationId: b
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '204': {description: done}
"##;
    let api = generator::load::parse("two.yaml", spec, false).expect("parses");
    let options = Options {
        spec: "two.yaml".into(),
        spec_label: "two.yaml".into(),
        package_name: None,
        examples: None,
        standalone: true,
    };
    let error = generator::generate_from(&api, &options).expect_err("two problems").to_string();
    let lines: Vec<&str> = error.lines().collect();
    assert_eq!(lines.len(), 2, "{error}");
    assert!(
        lines[0]
            .starts_with("two.yaml: #/paths/~1a/get/responses/200/content/application~1json/schema/$ref: "),
        "{error}"
    );
    assert!(
        lines[1].starts_with(
            "two.yaml: #/paths/~1b/get: invalid: path parameter `id` does not appear in the path template"
        ),
        "{error}"
    );
}
