//! Specs split over files, and references the generator must refuse: each
//! problem is reported in the file it is in, a reference never leaves the
//! spec's directory tree (by `..` or by a symbolic link) and never names a
//! URL, and cycles across files are errors. The specs are written to a
//! fresh directory for each test.

use std::fs;
use std::path::{Path, PathBuf};

use generator::{Error, Options};

/// A fresh directory holding `files` (path, text); returns it.
fn spec_dir(test: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("references").join(test);
    if dir.exists() {
        fs::remove_dir_all(&dir).expect("remove the previous run's files");
    }
    for (path, text) in files {
        let path = dir.join("spec").join(path);
        fs::create_dir_all(path.parent().expect("a parent")).expect("directories");
        fs::write(&path, text).expect("write a spec file");
    }
    dir
}

fn generate(dir: &Path) -> Result<generator::ir::Api, Error> {
    let options = Options {
        spec: dir.join("spec/api.yaml"),
        spec_label: "spec/api.yaml".to_owned(),
        package_name: None,
        examples: None,
        standalone: true,
    };
    generator::api(&options)
}

fn error_lines(dir: &Path) -> Vec<String> {
    match generate(dir) {
        Ok(_) => panic!("generated although the spec is broken"),
        Err(error) => error.to_string().lines().map(str::to_owned).collect(),
    }
}

const ROOT_WITH_PET: &str = r#"
openapi: 3.0.3
info: {title: Pets, version: 1.0.0}
paths:
  /pets:
    get:
      operationId: getPet
      responses:
        '200':
          description: A pet.
          content:
            application/json:
              schema: {$ref: 'models/pet.yaml#/Pet'}
"#;

#[test]
fn a_problem_in_another_file_is_reported_there() {
    let pet = "Pet:\n  type: object\n  properties:\n    owner: {$ref: '#/Owner'}\n";
    let dir = spec_dir("located", &[("api.yaml", ROOT_WITH_PET), ("models/pet.yaml", pet)]);
    let lines = error_lines(&dir);
    assert_eq!(
        lines,
        ["spec/models/pet.yaml: #/Pet/properties/owner/$ref: $ref `#/Owner` does not resolve to anything in this document"]
    );
}

#[test]
fn a_warning_in_another_file_is_located_there() {
    let pet = "Pet:\n  type: object\n  properties:\n    tag: {type: [string, integer]}\n";
    let dir = spec_dir("warning", &[("api.yaml", ROOT_WITH_PET), ("models/pet.yaml", pet)]);
    let api = generate(&dir).expect("generates");
    let lines: Vec<String> = api.warnings.iter().map(|warning| warning.line("spec/api.yaml")).collect();
    assert_eq!(
        lines,
        ["spec/models/pet.yaml: #/Pet/properties/tag/type: `type` lists several types; the value is serde_json::Value"]
    );
}

#[test]
fn a_reference_may_not_leave_the_spec_directory() {
    let root = ROOT_WITH_PET.replace("models/pet.yaml#/Pet", "../outside.yaml#/Pet");
    let dir = spec_dir("dot_dot", &[("api.yaml", &root)]);
    fs::write(dir.join("outside.yaml"), "Pet: {type: object}\n").expect("a file beside the spec directory");
    let lines = error_lines(&dir);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with(
            "spec/api.yaml: #/paths/~1pets/get/responses/200/content/application~1json/schema/$ref: $ref `../outside.yaml#/Pet` points outside the spec's directory"
        ),
        "{lines:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_may_not_lead_out_of_the_spec_directory() {
    let root = ROOT_WITH_PET.replace("models/pet.yaml#/Pet", "linked/pet.yaml#/Pet");
    let dir = spec_dir("symlink", &[("api.yaml", &root)]);
    fs::create_dir_all(dir.join("elsewhere")).expect("a directory outside");
    fs::write(dir.join("elsewhere/pet.yaml"), "Pet: {type: object}\n").expect("a file outside");
    std::os::unix::fs::symlink(dir.join("elsewhere"), dir.join("spec/linked")).expect("a link");
    let lines = error_lines(&dir);
    assert!(lines[0].contains("points outside the spec's directory"), "{lines:?}");
}

#[test]
fn nothing_is_fetched_over_the_network() {
    let root = ROOT_WITH_PET.replace("models/pet.yaml#/Pet", "https://example.com/pet.yaml#/Pet");
    let dir = spec_dir("network", &[("api.yaml", &root)]);
    let lines = error_lines(&dir);
    assert!(lines[0].contains("names a URL; nothing is fetched over the network"), "{lines:?}");
}

#[test]
fn a_missing_or_unparsable_file_is_an_error_at_the_reference() {
    let dir = spec_dir("missing", &[("api.yaml", ROOT_WITH_PET)]);
    let lines = error_lines(&dir);
    assert!(
        lines[0].contains("/schema/$ref: $ref `models/pet.yaml#/Pet`: cannot read `models/pet.yaml`"),
        "{lines:?}"
    );
    let dir = spec_dir("unparsable", &[("api.yaml", ROOT_WITH_PET), ("models/pet.yaml", "Pet: [unclosed\n")]);
    let lines = error_lines(&dir);
    assert!(lines[0].contains("$ref `models/pet.yaml#/Pet`: spec/models/pet.yaml:"), "{lines:?}");
}

#[test]
fn parameters_that_refer_to_each_other_across_files_are_a_cycle() {
    let root = r#"
openapi: 3.0.3
info: {title: Cycle, version: 1.0.0}
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - $ref: 'a.yaml#/A'
      responses:
        '204': {description: Done.}
"#;
    let dir = spec_dir(
        "parameter_cycle",
        &[("api.yaml", root), ("a.yaml", "A: {$ref: 'b.yaml#/B'}\n"), ("b.yaml", "B: {$ref: 'a.yaml#/A'}\n")],
    );
    let lines = error_lines(&dir);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("spec/b.yaml: #/B/$ref: $ref `"), "{lines:?}");
    assert!(lines[0].ends_with("is part of a reference cycle"), "{lines:?}");
}

#[test]
fn path_items_that_refer_to_each_other_are_a_cycle() {
    let root = "openapi: 3.0.3\ninfo: {title: Cycle, version: 1.0.0}\npaths:\n  /a: {$ref: 'a.yaml'}\n";
    let dir = spec_dir(
        "path_cycle",
        &[("api.yaml", root), ("a.yaml", "$ref: 'b.yaml'\n"), ("b.yaml", "$ref: 'a.yaml'\n")],
    );
    let lines = error_lines(&dir);
    assert_eq!(lines, ["spec/b.yaml: #/$ref: $ref `a.yaml` is part of a reference cycle"]);
}

/// A file named from many places, by different relative paths, is read
/// once: its schema is one model, not one per reference.
#[test]
fn a_file_named_many_times_is_one_model() {
    let root = r#"
openapi: 3.0.3
info: {title: Shared, version: 1.0.0}
paths:
  /a:
    $ref: 'paths/a.yaml'
  /b:
    get:
      operationId: getB
      responses:
        '200':
          description: A pet.
          content:
            application/json:
              schema: {$ref: './models/../models/pet.yaml'}
components:
  schemas:
    Owner:
      type: object
      properties:
        pets: {type: array, items: {$ref: 'models/pet.yaml'}}
"#;
    let path_a = "get:\n  operationId: getA\n  responses:\n    '200':\n      description: A pet.\n      content:\n        application/json:\n          schema: {$ref: '../models/pet.yaml'}\n";
    let pet = "type: object\nproperties:\n  name: {type: string}\n  owner: {$ref: '../api.yaml#/components/schemas/Owner'}\n";
    let dir = spec_dir("shared", &[("api.yaml", root), ("paths/a.yaml", path_a), ("models/pet.yaml", pet)]);
    let api = generate(&dir).expect("generates");
    let names: Vec<&str> = api.models.iter().map(|model| model.name.as_str()).collect();
    assert_eq!(names, ["Owner", "Pet"]);
    let owner = api.models.iter().find(|model| model.name == "Owner").expect("Owner");
    let pet = api.models.iter().find(|model| model.name == "Pet").expect("Pet");
    assert!(format!("{:?}", owner.kind).contains("Model(\"Pet\")"), "{owner:?}");
    assert!(format!("{:?}", pet.kind).contains("Model(\"Owner\")"), "{pet:?}");
}
