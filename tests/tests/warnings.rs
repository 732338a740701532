//! Constructs with no precise Rust type generate with the nearest honest
//! one and a warning that names the file, the node and what was done; every
//! other fixture generates without any.

use std::path::PathBuf;

use generator::Options;

fn warnings(spec: &str) -> Vec<String> {
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
    api.warnings.iter().map(|warning| warning.line(&label)).collect()
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
                format!("{label}: #/info/version: `info.version` \"unversioned\" is not a semantic version Cargo accepts (`MAJOR.MINOR.PATCH`, numbers without leading zeros); the package is version 0.1.0"),
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
