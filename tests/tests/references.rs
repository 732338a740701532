//! Specs split over files, and references that cannot be followed: each
//! problem is reported in the file it is in, a reference never leaves the
//! spec's directory tree (by `..` or by a symbolic link) and never names a
//! URL, and cycles across files are found. What such a reference stands for
//! is given up alone: a schema allows any value, an operation is left out,
//! each with a warning. The specs are written to a fresh directory for each
//! test.

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

/// The warnings of the spec in `dir`, which must generate, and its `Client`
/// methods.
fn warnings_and_methods(dir: &Path) -> (Vec<String>, Vec<String>) {
    let api = generate(dir).unwrap_or_else(|error| panic!("should generate: {error}"));
    let warnings = api.warnings.iter().map(|warning| warning.line("spec/api.yaml")).collect();
    let methods = api.operations.iter().map(|operation| operation.method_name.clone()).collect();
    (warnings, methods)
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

/// Where the response schema of [`ROOT_WITH_PET`] is written.
const PET_SCHEMA_REF: &str =
    "spec/api.yaml: #/paths/~1pets/get/responses/200/content/application~1json/schema/$ref";

#[test]
fn a_reference_that_names_nothing_in_another_file_warns_there() {
    let pet = "Pet:\n  type: object\n  properties:\n    owner: {$ref: '#/Owner'}\n";
    let dir = spec_dir("located", &[("api.yaml", ROOT_WITH_PET), ("models/pet.yaml", pet)]);
    let (warnings, methods) = warnings_and_methods(&dir);
    assert_eq!(
        warnings,
        ["spec/models/pet.yaml: #/Pet/properties/owner/$ref: $ref `#/Owner` does not resolve to anything in this document; the value is serde_json::Value"]
    );
    assert_eq!(methods, ["get_pet"]);
}

#[test]
fn a_warning_in_another_file_is_located_there() {
    let pet = "Pet:\n  type: object\n  properties:\n    tag: {type: [string, integer]}\n";
    let dir = spec_dir("warning", &[("api.yaml", ROOT_WITH_PET), ("models/pet.yaml", pet)]);
    let (warnings, _) = warnings_and_methods(&dir);
    assert_eq!(
        warnings,
        ["spec/models/pet.yaml: #/Pet/properties/tag/type: `type` lists several types; the value is serde_json::Value"]
    );
}

/// The file the reference names is not read: its schema is no model, and
/// the response is any JSON value.
#[test]
fn a_reference_may_not_leave_the_spec_directory() {
    let root = ROOT_WITH_PET.replace("models/pet.yaml#/Pet", "../outside.yaml#/Pet");
    let dir = spec_dir("dot_dot", &[("api.yaml", &root)]);
    fs::write(dir.join("outside.yaml"), "Pet: {type: object, properties: {secret: {type: string}}}\n")
        .expect("a file beside the spec directory");
    let api = generate(&dir).expect("generates");
    let warnings: Vec<String> = api.warnings.iter().map(|warning| warning.line("spec/api.yaml")).collect();
    assert_eq!(
        warnings,
        [format!(
            "{PET_SCHEMA_REF}: $ref `../outside.yaml#/Pet` points outside the spec's directory; references must stay inside it; the value is serde_json::Value"
        )]
    );
    assert!(api.models.is_empty(), "{:?}", api.models);
    assert_eq!(format!("{:?}", api.operations[0].success.body), "Json(Json)");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_may_not_lead_out_of_the_spec_directory() {
    let root = ROOT_WITH_PET.replace("models/pet.yaml#/Pet", "linked/pet.yaml#/Pet");
    let dir = spec_dir("symlink", &[("api.yaml", &root)]);
    fs::create_dir_all(dir.join("elsewhere")).expect("a directory outside");
    fs::write(dir.join("elsewhere/pet.yaml"), "Pet: {type: object}\n").expect("a file outside");
    std::os::unix::fs::symlink(dir.join("elsewhere"), dir.join("spec/linked")).expect("a link");
    let api = generate(&dir).expect("generates");
    let warnings: Vec<String> = api.warnings.iter().map(|warning| warning.line("spec/api.yaml")).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("points outside the spec's directory"), "{warnings:?}");
    assert!(api.models.is_empty(), "{:?}", api.models);
}

#[test]
fn nothing_is_fetched_over_the_network() {
    let root = ROOT_WITH_PET.replace("models/pet.yaml#/Pet", "https://example.com/pet.yaml#/Pet");
    let dir = spec_dir("network", &[("api.yaml", &root)]);
    let (warnings, _) = warnings_and_methods(&dir);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].starts_with(PET_SCHEMA_REF), "{warnings:?}");
    assert!(warnings[0].contains("names a URL; nothing is fetched over the network"), "{warnings:?}");
}

#[test]
fn a_missing_or_unparsable_file_warns_at_the_reference() {
    let dir = spec_dir("missing", &[("api.yaml", ROOT_WITH_PET)]);
    let (warnings, _) = warnings_and_methods(&dir);
    assert!(
        warnings[0].starts_with(&format!(
            "{PET_SCHEMA_REF}: $ref `models/pet.yaml#/Pet`: cannot read `models/pet.yaml`"
        )),
        "{warnings:?}"
    );
    let dir = spec_dir("unparsable", &[("api.yaml", ROOT_WITH_PET), ("models/pet.yaml", "Pet: [unclosed\n")]);
    let (warnings, _) = warnings_and_methods(&dir);
    assert!(warnings[0].contains("$ref `models/pet.yaml#/Pet`: spec/models/pet.yaml:"), "{warnings:?}");
}

#[test]
fn parameters_that_refer_to_each_other_across_files_are_a_cycle_that_leaves_the_operation_out() {
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
  /health:
    get:
      operationId: health
      responses:
        '204': {description: Healthy.}
"#;
    let dir = spec_dir(
        "parameter_cycle",
        &[("api.yaml", root), ("a.yaml", "A: {$ref: 'b.yaml#/B'}\n"), ("b.yaml", "B: {$ref: 'a.yaml#/A'}\n")],
    );
    let (warnings, methods) = warnings_and_methods(&dir);
    assert_eq!(
        warnings,
        // The chain from the operation starts at A, so the cycle is reported at A's `$ref`.
        ["spec/api.yaml: #/paths/~1pets/get: `GET /pets` is left out of the client: spec/a.yaml: #/A/$ref: $ref `#/components/parameters/B` is part of a reference cycle"]
    );
    assert_eq!(methods, ["health"]);
}

#[test]
fn path_items_that_refer_to_each_other_are_a_cycle_that_leaves_the_path_out() {
    let root = "openapi: 3.0.3\ninfo: {title: Cycle, version: 1.0.0}\npaths:\n  /a: {$ref: 'a.yaml'}\n  \
                /b: {get: {operationId: b, responses: {'204': {description: Done.}}}}\n";
    let dir = spec_dir(
        "path_cycle",
        &[("api.yaml", root), ("a.yaml", "$ref: 'b.yaml'\n"), ("b.yaml", "$ref: 'a.yaml'\n")],
    );
    let (warnings, methods) = warnings_and_methods(&dir);
    assert_eq!(
        warnings,
        ["spec/b.yaml: #: the path item `/a` is left out: spec/b.yaml: #/$ref: $ref `a.yaml` is part of a reference cycle"]
    );
    assert_eq!(methods, ["b"]);
}

/// An operation, a list of parameters, a map of responses and a section of
/// `components` may each be a `$ref` to another file, where OpenAPI lists
/// no reference: the generator follows them as JSON Reference tools do.
#[test]
fn a_reference_is_followed_wherever_it_stands() {
    let root = r#"
openapi: 3.0.3
info: {title: Anywhere, version: 1.0.0}
paths:
  /pets/{id}:
    parameters: {$ref: 'shared.yaml#/parameters'}
    get: {$ref: 'operations/get_pet.yaml'}
components:
  schemas: {$ref: 'schemas.yaml'}
"#;
    let get_pet = "operationId: getPet\nresponses: {$ref: '../shared.yaml#/responses'}\n";
    let shared = "parameters:\n  - {name: id, in: path, required: true, schema: {type: string}}\n\
                  responses:\n  '200':\n    description: The pet.\n    content:\n      application/json:\n        \
                  schema: {$ref: 'schemas.yaml#/Pet'}\n";
    let schemas = "Pet: {type: object, properties: {owner: {$ref: '#/Owner'}}}\nOwner: {type: object, properties: {name: {type: string}}}\n";
    let dir = spec_dir(
        "anywhere",
        &[
            ("api.yaml", root),
            ("operations/get_pet.yaml", get_pet),
            ("shared.yaml", shared),
            ("schemas.yaml", schemas),
        ],
    );
    let api = generate(&dir).expect("generates");
    assert!(api.warnings.is_empty(), "{:?}", api.warnings);
    let operation = &api.operations[0];
    assert_eq!((operation.method_name.as_str(), operation.path.as_str()), ("get_pet", "/pets/{id}"));
    assert_eq!(operation.params.iter().map(|param| param.wire_name.as_str()).collect::<Vec<_>>(), ["id"]);
    assert_eq!(format!("{:?}", operation.success.body), "Json(Model(\"Pet\"))");
    let names: Vec<&str> = api.models.iter().map(|model| model.name.as_str()).collect();
    assert_eq!(names, ["Owner", "Pet"], "each schema once, under its section's name");
}

/// A map that names itself through a `$ref` is a cycle, reported where it
/// comes back, not followed forever.
#[test]
fn a_map_given_by_a_reference_to_itself_is_a_cycle() {
    let root = r#"
openapi: 3.0.3
info: {title: Looping, version: 1.0.0}
paths: {}
components:
  schemas:
    Node:
      type: object
      properties: {$ref: '#/x-properties'}
x-properties:
  child:
    type: object
    properties: {$ref: '#/x-properties'}
"#;
    let dir = spec_dir("map_cycle", &[("api.yaml", root)]);
    let (warnings, _) = warnings_and_methods(&dir);
    assert_eq!(
        warnings,
        ["spec/api.yaml: #/components/schemas/Node: #/x-properties/child/properties/$ref: $ref `#/x-properties` is part of a reference cycle; the schema allows any value (serde_json::Value)"]
    );
}

/// Maps given by references, each naming the next, nest only so deep: the
/// walk of each level is a few stack frames.
#[test]
fn references_nested_too_deep_are_not_followed() {
    let mut root = String::from(
        "openapi: 3.0.3\ninfo: {title: Deep, version: 1.0.0}\npaths: {}\ncomponents:\n  schemas:\n    \
         Top: {type: object, properties: {$ref: '#/x-p0'}}\n",
    );
    for level in 0..200 {
        root.push_str(&format!(
            "x-p{level}: {{a: {{type: object, properties: {{$ref: '#/x-p{}'}}}}}}\n",
            level + 1
        ));
    }
    root.push_str("x-p200: {leaf: {type: string}}\n");
    let dir = spec_dir("deep", &[("api.yaml", &root)]);
    let (warnings, _) = warnings_and_methods(&dir);
    assert_eq!(
        warnings,
        ["spec/api.yaml: #/components/schemas/Top: #/x-p63/a/properties/$ref: invalid: $ref `#/x-p64`: references copied in place nest more than 64 deep here; the schema allows any value (serde_json::Value)"]
    );
}

/// References that name one another many times over (a "billion laughs"
/// across files) would copy the document beyond any size: the document is
/// refused, at the reference where the copies passed the bound.
#[test]
fn references_that_name_one_another_too_many_times_over_are_refused() {
    let mut files = vec![(
        "api.yaml".to_owned(),
        "openapi: 3.0.3\ninfo: {title: Laughs, version: 1.0.0}\npaths: {}\ntags: {$ref: 'l0.yaml'}\n"
            .to_owned(),
    )];
    for level in 0..6 {
        let next = vec![format!("{{$ref: 'l{}.yaml'}}", level + 1); 10];
        files.push((format!("l{level}.yaml"), format!("[{}]\n", next.join(", "))));
    }
    files.push(("l6.yaml".to_owned(), "{name: leaf}\n".to_owned()));
    let files: Vec<(&str, &str)> = files.iter().map(|(path, text)| (path.as_str(), text.as_str())).collect();
    let dir = spec_dir("laughs", &files);
    let lines = error_lines(&dir);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("spec/l"), "{lines:?}");
    assert!(lines[0].contains("they name one another too many times over"), "{lines:?}");
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
