//! Constructs with no precise Rust type generate with the nearest honest
//! one and a warning that names the file, the node and what was done; every
//! other fixture generates without any. What cannot be generated at all, when
//! it is one part of the document (an operation, a schema, a security
//! scheme), is left out or allows any value, with a warning, and the rest
//! generates.

use std::path::PathBuf;

use generator::Options;

fn warnings(spec: &str) -> Vec<String> {
    let (api, label) = api(spec);
    api.warnings.iter().map(|warning| warning.line(&label)).collect()
}

/// The IR of `tests/specs/<spec>`, and its label.
fn api(spec: &str) -> (generator::ir::Api, String) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let label = format!("tests/specs/{spec}");
    let options = Options {
        spec: root.join("specs").join(spec),
        spec_label: label.clone(),
        package_name: None,
        examples: None,
        standalone: true,
    };
    let api = generator::api(&options).unwrap_or_else(|error| panic!("{spec} should generate: {error}"));
    (api, label)
}

/// The `Client` methods of `api`, in order.
fn methods(api: &generator::ir::Api) -> Vec<&str> {
    api.operations.iter().map(|operation| operation.method_name.as_str()).collect()
}

#[test]
fn degraded_constructs_warn_where_they_are() {
    let at = "tests/specs/degraded.yaml: #";
    assert_eq!(
        warnings("degraded.yaml"),
        [
            format!("{at}/components/schemas/NotACat/not: a `not` schema has no Rust type; the value is serde_json::Value"),
            format!("{at}/components/securitySchemes/digest/scheme: HTTP authentication scheme `digest`: the client sends the `Authorization` header value the caller gives"),
            format!("{at}/paths/~1feedback/post/requestBody/content/application~1x-www-form-urlencoded: a form body whose schema names no fields; the client takes the encoded body (for multipart, set its Content-Type with the boundary through `header`)"),
            format!("{at}/paths/~1search~1{{filter}}/get/parameters/0/schema: a path parameter of this type has no wire form this client knows; it takes the text to send"),
            format!("{at}/paths/~1search~1{{filter}}/get/parameters/1/content/application~1json: a parameter described by `content` (application/json); it takes the application/json text to send"),
        ]
    );
}

#[test]
fn swagger2_tuples_and_type_lists_warn_at_the_definition() {
    let at = "tests/specs/swagger2_tuples.yaml: #/definitions/Point/properties";
    assert_eq!(
        warnings("swagger2_tuples.yaml"),
        [
            format!("{at}/either/type: `type` lists several types; the value is serde_json::Value"),
            format!("{at}/pair/items: tuple `items` (a list of schemas) has no Rust list type; its items (or, without `type: array`, the value) are serde_json::Value"),
        ]
    );
}

#[test]
fn numbers_beyond_64_bits_are_kept_as_floats_or_dropped() {
    let at = "tests/specs/big_numbers.yaml: #";
    assert_eq!(
        warnings("big_numbers.yaml"),
        [
            format!("{at}/components/schemas/Measure/properties/huge/example: `example` is beyond 64 bits; kept as a floating-point number"),
            format!("{at}/components/schemas/Measure/properties/huge/maximum: `maximum` is beyond 64 bits; kept as a floating-point number"),
            format!("{at}/components/schemas/Measure/properties/label/maxLength: `maxLength: 1.5` is not a count; dropped"),
            format!("{at}/paths/~1measures~1{{id}}/get/parameters/0/schema/minimum: `minimum` is beyond 64 bits; kept as a floating-point number"),
        ]
    );
}

#[test]
fn openapi31_keywords_without_an_honest_type_warn_where_written() {
    let at = "tests/specs/openapi31_keywords.yaml: #/components/schemas/Shape/properties";
    assert_eq!(
        warnings("openapi31_keywords.yaml"),
        [
            format!("{at}/anchor/prefixItems: tuple `items` (a list of schemas) has no Rust list type; its items (or, without `type: array`, the value) are serde_json::Value"),
            format!("{at}/checksum/contentEncoding: `contentEncoding: base32` is not decoded by the client; the value is the encoded String"),
            format!("{at}/parent/$dynamicRef: `$dynamicRef` is resolved to the anchor of that name in its file, not through the dynamic scope"),
            format!("{at}/size/if: `if`, `then` not checked: the value is typed by the rest of the schema, and members only a condition names are not typed"),
            format!("{at}/tags/patternProperties: `patternProperties` are not typed: members beyond the named properties are serde_json::Value"),
        ]
    );
}

#[test]
fn openapi31_mutual_tls_and_other_dialects_warn() {
    assert_eq!(
        warnings("openapi31_webhooks.yaml"),
        ["tests/specs/openapi31_webhooks.yaml: #/components/securitySchemes/client_certificate: `mutualTLS`: the client certificate is not part of the generated client; give one to the `reqwest::ClientBuilder` passed to `http_client_builder` (`identity`)"]
    );
    let spec = "openapi: 3.1.0\njsonSchemaDialect: https://json-schema.org/draft/2019-09/schema\ninfo: {title: T, version: '1'}\n";
    let loaded = generator::load::parse("dialect.yaml", spec, false).expect("parses");
    let lines: Vec<String> = loaded.warnings.iter().map(|warning| warning.line("dialect.yaml")).collect();
    assert_eq!(
        lines,
        ["dialect.yaml: #/jsonSchemaDialect: the schema dialect `https://json-schema.org/draft/2019-09/schema` is not OpenAPI 3.1's default; schemas are read as the default dialect"]
    );
}

#[test]
fn other_fixtures_have_no_warnings() {
    let warned = [
        "degraded.yaml",
        "swagger2_tuples.yaml",
        "big_numbers.yaml",
        "allof_annotations.yaml",
        "openapi31_keywords.yaml",
        "openapi31_webhooks.yaml",
        // Versions as real APIs write them, which Cargo does not take (below).
        "large_payments.yaml",
        "large_storage.yaml",
        "minimal.yaml",
        "left_out.yaml",
    ];
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("specs");
    let mut specs: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/specs")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml") || name.ends_with(".json"))
        .collect();
    specs.sort();
    for spec in specs.iter().filter(|spec| !warned.contains(&spec.as_str())) {
        assert_eq!(warnings(spec), Vec::<String>::new(), "{spec}");
    }
    assert_eq!(
        warnings("allof_annotations.yaml"),
        ["tests/specs/allof_annotations.yaml: #/components/schemas/File/properties/odd/allOf: these `allOf` members are not all objects and do not share one type; the value is serde_json::Value"]
    );
}

/// Real documents leave out `info.version`, write it as a YAML number, give
/// a description as an object, or an empty `oneOf`: the API is all there, so
/// it generates, with a warning for each, whatever its version.
#[test]
fn info_fields_and_prose_of_the_wrong_shape_warn_and_generate() {
    let spec = "\
openapi: 3.0.3
info: {title: Pets}
paths:
  /pets:
    get:
      responses:
        '200':
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      type: object
      description: {$ref: '#/components/schemas/Other/description'}
      properties:
        name: {type: string, title: [a, list]}
        kind: {type: string, oneOf: []}
";
    for (label, text) in [("pets30.yaml", spec.to_owned()), ("pets31.yaml", spec.replace("3.0.3", "3.1.0"))] {
        let loaded =
            generator::load::parse(label, &text, false).unwrap_or_else(|error| panic!("{label}: {error}"));
        let options = Options {
            spec: PathBuf::from(label),
            spec_label: label.to_owned(),
            package_name: None,
            examples: None,
            standalone: true,
        };
        let api = generator::api_from(&loaded, &options).unwrap_or_else(|error| panic!("{label}: {error}"));
        let lines: Vec<String> = api.warnings.iter().map(|warning| warning.line(label)).collect();
        assert_eq!(
            lines,
            [
                format!("{label}: #/components/schemas/Pet/description: `description` is not text; left out of the docs"),
                format!("{label}: #/components/schemas/Pet/properties/kind/oneOf: an empty `oneOf` allows no value; left out, so the rest of the schema types it"),
                format!("{label}: #/components/schemas/Pet/properties/name/title: `title` is not text; left out of the docs"),
                format!("{label}: #/info/version: `info.version` is missing; taken as `unversioned`"),
            ]
        );
        assert_eq!((api.api_version.as_str(), api.package_version.as_str()), ("unversioned", "0.1.0"));
        assert_eq!(
            api.operations.len(),
            1,
            "{label}: the operation, its response without a description included"
        );
    }
}

/// `info.version` is the package's version when Cargo takes it as one
/// (SemVer 2.0, as Cargo reads it); other versions real APIs write (a date,
/// `v1`, `1`) give `0.1.0` and a warning, and so do the ones Cargo rejects
/// for a detail (leading zeros, numbers beyond 64 bits, a second `+`).
#[test]
fn versions_cargo_does_not_take_fall_back_with_a_warning() {
    for (spec, version) in
        [("large_payments.yaml", "2024-06-20"), ("large_storage.yaml", "v1"), ("minimal.yaml", "1")]
    {
        assert_eq!(
            warnings(spec),
            [format!("tests/specs/{spec}: #/info/version: `info.version` {version:?} is not a semantic version Cargo accepts (`MAJOR.MINOR.PATCH`, numbers without leading zeros); the package is version 0.1.0")]
        );
    }
    for (version, package) in [
        ("1.2.3", "1.2.3"),
        ("0.9.0-beta.1+build.007", "0.9.0-beta.1+build.007"),
        ("01.2.3", "0.1.0"),
        ("1.2.3-01", "0.1.0"),
        ("1.2.3+a+b", "0.1.0"),
        ("18446744073709551616.0.0", "0.1.0"),
        ("", "0.1.0"),
        (" 1.2.3", "0.1.0"),
    ] {
        let api = api_of(
            &format!("openapi: 3.0.3\ninfo: {{title: Pets, version: {version:?}}}\npaths: {{}}\n"),
            None,
        )
        .unwrap_or_else(|error| panic!("{version:?}: {error}"));
        assert_eq!(api.package_version, package, "{version:?}");
        assert_eq!(api.api_version, version, "the API's own version is kept as written");
        assert_eq!(api.warnings.len(), usize::from(version != package), "{version:?}: {:?}", api.warnings);
    }
}

/// A title that makes the package name mean something else (a crate the
/// generated one depends on or that Rust provides, a keyword, a name Cargo
/// or Windows reserves) gives another name and a warning; the same name
/// chosen with `--crate-name` is an error, since only the caller can choose
/// another.
#[test]
fn package_names_that_mean_something_else_are_refused() {
    for (title, package) in [
        ("Serde", "serde-client"),
        ("Tokio", "tokio-client"),
        ("Std", "std-client"),
        ("Type", "type-client"),
        ("CON", "con-client"),
    ] {
        let api =
            api_of(&format!("openapi: 3.0.3\ninfo: {{title: {title}, version: 1.0.0}}\npaths: {{}}\n"), None)
                .unwrap_or_else(|error| panic!("{title}: {error}"));
        assert_eq!(api.package_name, package);
        let lines: Vec<String> = api.warnings.iter().map(|warning| warning.line("api.yaml")).collect();
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(
            lines[0].starts_with("api.yaml: #/info/title: `info.title` makes the package name"),
            "{lines:?}"
        );
    }
    let spec = "openapi: 3.0.3\ninfo: {title: Pets, version: 1.0.0}\npaths: {}\n";
    for (name, reason) in [
        ("serde_json", "is the name of one of the generated crate's dependencies"),
        ("proc-macro", "is the name of a crate built into Rust"),
        ("async", "is a Rust keyword, which cannot name a crate"),
        ("nul", "is a file name Windows reserves"),
        ("build", "is the name of a directory Cargo keeps in its target directory"),
    ] {
        let error = api_of(spec, Some(name)).expect_err(name).to_string();
        assert_eq!(error, format!("`{name}` cannot be the package name: it {reason}"));
    }
}

/// The IR of a spec given as text.
fn api_of(spec: &str, package_name: Option<&str>) -> Result<generator::ir::Api, generator::Error> {
    let loaded = generator::load::parse("api.yaml", spec, false)?;
    let options = Options {
        spec: PathBuf::from("api.yaml"),
        spec_label: "api.yaml".to_owned(),
        package_name: package_name.map(str::to_owned),
        examples: None,
        standalone: true,
    };
    generator::api_from(&loaded, &options)
}

/// Operations that cannot be generated are left out, each with a warning
/// that names it (method and path), where it is and why; the rest keeps the
/// names it would have had alone, and no model of a left-out operation
/// stays behind.
#[test]
fn operations_that_cannot_be_generated_are_left_out_with_a_warning_each() {
    let at = "tests/specs/left_out.yaml: #";
    let missing = "$ref `#/components/parameters/Missing` does not resolve to anything in this document";
    assert_eq!(
        warnings("left_out.yaml"),
        [
            format!("{at}/components/parameters/Broken: left out: #/components/parameters/Broken/$ref: {missing}"),
            format!("{at}/paths/~1owners/get: `GET /owners` is left out of the client: #/components/parameters/Broken/$ref: {missing}"),
            format!("{at}/paths/~1owners~1{{owner_id}}/get: `GET /owners/{{owner_id}}` is left out of the client: #/paths/~1owners~1{{owner_id}}/parameters/0/$ref: $ref `#/components/parameters/Nope` does not resolve to anything in this document"),
            format!("{at}/paths/~1pets/post: `POST /pets` is left out of the client: #/paths/~1pets/post/parameters/0/name: invalid: header name \"X-Trace\\r\\nX-Injected: 1\" is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~)"),
            format!("{at}/paths/~1pets~1{{id}}/get: `GET /pets/{{id}}` is left out of the client: #/paths/~1pets~1{{id}}/get: invalid: path parameter `pet_id` does not appear in the path template"),
            format!("{at}/paths/~1pets~1{{id}}~1photos/get: `GET /pets/{{id}}/photos` is left out of the client: #/paths/~1pets~1{{id}}~1photos/get/responses: invalid: invalid type: string \"everything is fine\", expected struct Responses"),
        ]
    );
    let (api, _) = api("left_out.yaml");
    assert_eq!(methods(&api), ["list_pets", "delete_pet", "get_pet"]);
    let get_pet = &api.operations[2];
    assert_eq!((get_pet.http_method.as_str(), get_pet.path.as_str()), ("GET", "/stores/{id}/pet"));
    let models: Vec<&str> = api.models.iter().map(|model| model.name.as_str()).collect();
    assert_eq!(models, ["Pet"], "the left-out `getPet`'s response model is gone with it");
    let summary = generator::warning::summary(&api.warnings).expect("warnings");
    assert_eq!(
        summary,
        "6 warnings: 5 × operations left out of the client, 1 × security schemes, components and examples that cannot be used, left out"
    );
}

/// Every broken operation of a spec is reported, not just the first, and
/// the operations beside them generate.
#[test]
fn every_broken_operation_is_reported_at_once() {
    let spec = r##"
openapi: 3.0.3
info: {title: Two problems, version: 1.0.0}
paths:
  /a:
    get:
      operationId: a
      parameters:
        - {$ref: '#/components/parameters/Missing'}
      responses:
        '204': {description: done}
  /b:
    get:
      operationId: b
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '204': {description: done}
  /c:
    get:
      operationId: c
      responses:
        '204': {description: done}
"##;
    let loaded = generator::load::parse("two.yaml", spec, false).expect("parses");
    let options = Options {
        spec: "two.yaml".into(),
        spec_label: "two.yaml".into(),
        package_name: None,
        examples: None,
        standalone: true,
    };
    let api = generator::api_from(&loaded, &options).expect("generates");
    let lines: Vec<String> = api.warnings.iter().map(|warning| warning.line("two.yaml")).collect();
    assert_eq!(
        lines,
        [
            "two.yaml: #/paths/~1a/get: `GET /a` is left out of the client: #/paths/~1a/get/parameters/0/$ref: $ref `#/components/parameters/Missing` does not resolve to anything in this document",
            "two.yaml: #/paths/~1b/get: `GET /b` is left out of the client: #/paths/~1b/get: invalid: path parameter `id` does not appear in the path template",
        ]
    );
    assert_eq!(methods(&api), ["c"]);
}

/// Specs the generator once refused for one broken part, in
/// `tests/specs/degrading/`: each generates, with exactly the warnings its
/// leading `# warns:` lines give (file label left out), and exactly the
/// `Client` methods its `# keeps:` line names.
#[test]
fn a_broken_part_is_left_out_or_untyped_and_the_rest_generates() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("specs/degrading");
    let mut specs: Vec<PathBuf> =
        std::fs::read_dir(&dir).expect("specs/degrading").map(|entry| entry.expect("entry").path()).collect();
    specs.sort();
    assert!(specs.len() >= 18, "expected the degrading fixtures, found {}", specs.len());
    for path in specs {
        let name = path.file_name().expect("a file").to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).expect("readable");
        let label = format!("tests/specs/degrading/{name}");
        let expected: Vec<String> = text
            .lines()
            .filter_map(|line| line.strip_prefix("# warns: "))
            .map(|warning| format!("{label}: {warning}"))
            .collect();
        assert!(!expected.is_empty(), "{name}: no `# warns:` line");
        let keeps = text.lines().find_map(|line| line.strip_prefix("# keeps: ")).expect("a `# keeps:` line");
        let kept: Vec<&str> = keeps.split(", ").filter(|method| !method.is_empty()).collect();
        let options = Options {
            spec: path.clone(),
            spec_label: label.clone(),
            package_name: None,
            examples: None,
            standalone: true,
        };
        let api = generator::api(&options).unwrap_or_else(|error| panic!("{name} should generate: {error}"));
        let found: Vec<String> = api.warnings.iter().map(|warning| warning.line(&label)).collect();
        assert_eq!(found, expected, "{name}");
        assert_eq!(methods(&api), kept, "{name}");
        generator::files(&api, &options).unwrap_or_else(|error| panic!("{name}: {error}"));
    }
}

/// OpenAPI 3.1 webhooks: one the parser refuses is left out, and a payload
/// schema it refuses allows any value, while the paths generate.
#[test]
fn a_webhook_that_cannot_be_read_is_left_out() {
    let spec = r#"
openapi: 3.1.0
info: {title: Hooks, version: 1.0.0}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '204': {description: ok}
webhooks:
  newPet:
    post:
      responses: 'whatever'
  oldPet:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, required: yes, properties: {name: {type: string}}}
      responses:
        '200': {description: ok}
"#;
    let loaded = generator::load::parse("hooks.yaml", spec, false).expect("parses");
    let options = Options {
        spec: "hooks.yaml".into(),
        spec_label: "hooks.yaml".into(),
        package_name: None,
        examples: None,
        standalone: true,
    };
    let api = generator::api_from(&loaded, &options).expect("generates");
    let lines: Vec<String> = api.warnings.iter().map(|warning| warning.line("hooks.yaml")).collect();
    assert_eq!(
        lines,
        [
            "hooks.yaml: #/webhooks/newPet/post: webhook `newPet` (POST) is left out of the client: #/webhooks/newPet/post/responses: invalid: invalid type: string \"whatever\", expected struct Responses",
            "hooks.yaml: #/webhooks/oldPet/post/requestBody/content/application~1json/schema: the schema cannot be read (invalid type: string \"yes\", expected a sequence); it allows any value (serde_json::Value)",
        ]
    );
    let webhooks: Vec<&str> = api.webhooks.iter().map(|webhook| webhook.name.as_str()).collect();
    assert_eq!(webhooks, ["oldPet"]);
    assert_eq!(methods(&api), ["list_pets"]);
}
