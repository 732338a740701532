//! Snapshot tests: what the generator emits for each small spec in
//! `tests/specs/`, one construct per spec. A change in output shows up as a
//! reviewable diff; accept intended ones with `INSTA_UPDATE=always cargo test
//! -p tests --test snapshots` (or `cargo insta review`).
//!
//! The runtime modules are the same for every spec (the runtime crate's own
//! tests and the checked-in client exercise them) and are not snapshotted
//! here; which ones a spec gets, and its `runtime/mod.rs`, are.

use std::path::PathBuf;

use generator::{Files, Options};

fn generate(spec: &str) -> Files {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let options = Options {
        spec: root.join("specs").join(spec),
        spec_label: format!("tests/specs/{spec}"),
        package_name: None,
        examples: None,
        standalone: true,
    };
    generator::generate(&options).unwrap_or_else(|error| panic!("{spec} should generate: {error}"))
}

/// The spec-dependent Rust files of a fixture.
const ALL_FILES: &[&str] = &["src/models.rs", "src/client.rs", "src/requests.rs"];

/// Snapshots the spec-dependent Rust files of one fixture.
fn snapshot(spec: &str) {
    snapshot_files(spec, ALL_FILES);
}

/// Snapshots `files` of one fixture.
fn snapshot_files(spec: &str, wanted: &[&str]) {
    let files = generate(spec);
    let name = spec.rsplit_once('.').map_or(spec, |(stem, _)| stem);
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots");
    settings.bind(|| {
        for file in wanted {
            let contents = files.get(file).unwrap_or_else(|| panic!("{spec}: {file} missing"));
            let suffix = file.trim_start_matches("src/").trim_end_matches(".rs");
            insta::assert_snapshot!(format!("{name}__{suffix}"), contents);
        }
    });
}

macro_rules! snapshot_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                snapshot(concat!(stringify!($name), ".yaml"));
            }
        )*

        /// The YAML fixtures with a snapshot test above.
        const SNAPSHOTTED: &[&str] = &[$(concat!(stringify!($name), ".yaml")),*];
    };
}

snapshot_tests!(
    allof_variants,
    arrays,
    deep_refs,
    default_error,
    degraded,
    docs_markup,
    enum_values,
    enums,
    file_parts,
    form_bodies,
    form_encodings,
    header_params,
    integer_formats,
    left_out,
    maps,
    media_types,
    minimal,
    multi_file,
    multi_file_operations,
    name_collisions,
    naming,
    nested_arrays,
    nested_objects,
    no_content,
    nullable,
    one_of,
    openapi31_keywords,
    openapi31_refs,
    openapi31_types,
    openapi31_webhooks,
    operation_names,
    pages,
    param_unions,
    parameters_everywhere,
    path_items,
    path_params,
    query_params,
    raw_bodies,
    request_body,
    response_shapes,
    security,
    servers_and_paths,
    status_outcomes,
    streams,
    swagger2_petstore,
    swagger2_tuples,
    yaml_features,
);

macro_rules! model_snapshot_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                // The model constructs do not change how operations are emitted.
                snapshot_files(concat!(stringify!($name), ".yaml"), &["src/models.rs"]);
            }
        )*

        /// The YAML fixtures with a models-only snapshot test above.
        const MODELS_SNAPSHOTTED: &[&str] = &[$(concat!(stringify!($name), ".yaml")),*];
    };
}

model_snapshot_tests!(
    all_of,
    allof_annotations,
    any_of,
    big_numbers,
    defaults,
    deprecated,
    discriminator,
    formats,
    free_form,
    integer_enums,
    naming_collisions,
    read_write_only,
    recursive,
    reserved_names,
);

/// The request structs and builders of operations named after the prelude
/// and the requests module's own names (the whole module is too long to
/// review; the fixture crate's build shows it compiles).
#[test]
fn reserved_names_requests() {
    let files = generate("reserved_names.yaml");
    let requests = files.get("src/requests.rs").expect("src/requests.rs");
    let types: Vec<&str> = requests
        .lines()
        .filter(|line| line.starts_with("pub struct ") || line.starts_with("pub type "))
        .collect();
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots");
    settings.bind(|| insta::assert_snapshot!("reserved_names__request_types", types.join("\n")));
}

/// A spec published as JSON rather than YAML.
#[test]
fn json_document() {
    snapshot("json_document.json");
}

/// Large specs in the style of public APIs: too big to review as snapshots,
/// so `cargo xtask test` builds, lints and documents their crates instead
/// (with every fixture spec's, see `xtask/src/harness/crates.rs`).
const COMPILE_ONLY: &[&str] = &["large_code_hosting.yaml", "large_payments.yaml", "large_storage.yaml"];

/// A fixture added to `tests/specs/` without a snapshot test here would only
/// be compiled; this makes adding it to the list above part of adding it.
#[test]
fn every_fixture_has_a_snapshot_test() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("specs");
    let mut missing: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/specs")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml") || name.ends_with(".json"))
        .filter(|name| {
            !SNAPSHOTTED.contains(&name.as_str())
                && !MODELS_SNAPSHOTTED.contains(&name.as_str())
                && name != "json_document.json"
                && !COMPILE_ONLY.contains(&name.as_str())
        })
        .collect();
    missing.sort();
    assert!(missing.is_empty(), "fixtures without a snapshot test in tests/tests/snapshots.rs: {missing:?}");
}

/// The error body type follows the spec's shared error schema.
#[test]
fn default_error_module() {
    let files = generate("default_error.yaml");
    let runtime = files.get("src/runtime/mod.rs").expect("runtime/mod.rs");
    assert!(runtime.contains("pub type ErrorBody = crate::models::Problem;"), "{runtime}");
}

/// Webhooks are no methods: their payload types are listed in the README.
#[test]
fn webhooks_readme() {
    let files = generate("openapi31_webhooks.yaml");
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots");
    settings.bind(|| {
        insta::assert_snapshot!("openapi31_webhooks__readme", files.get("README.md").expect("README.md"));
    });
}

/// The crate docs: the README, then the operations by tag (declared tags first, each line
/// linked to its method), and the `custom` module with its example.
#[test]
fn crate_docs() {
    let files = generate("docs_markup.yaml");
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots");
    settings
        .bind(|| insta::assert_snapshot!("docs_markup__lib", files.get("src/lib.rs").expect("src/lib.rs")));
}

/// The non-Rust files come from the tera templates; the mock server's
/// methods take each operation's path arguments, of any type.
#[test]
fn manifest_readme_and_mock() {
    let files = generate("path_params.yaml");
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots");
    settings.bind(|| {
        insta::assert_snapshot!("path_params__cargo_toml", files.get("Cargo.toml").expect("Cargo.toml"));
        insta::assert_snapshot!("path_params__readme", files.get("README.md").expect("README.md"));
        insta::assert_snapshot!("path_params__mock", files.get("src/mock.rs").expect("src/mock.rs"));
    });
}

/// The specs [`output_is_deterministic`] generates twice.
const DETERMINISM_SPECS: [&str; 4] =
    ["nested_objects.yaml", "enums.yaml", "one_of.yaml", "large_payments.yaml"];

/// Set in the process [`output_is_deterministic`] starts: the file to write
/// that process's generated files to.
const DETERMINISM_OUT: &str = "SNAPSHOTS_DETERMINISM_OUT";

/// Every file of every spec of [`DETERMINISM_SPECS`], as one text.
fn determinism_output() -> String {
    let mut text = String::new();
    for spec in DETERMINISM_SPECS {
        for (path, contents) in generate(spec).iter() {
            text.push_str(&format!("==> {spec}: {path} ({} bytes)\n{contents}\n", contents.len()));
        }
    }
    text
}

/// Same spec, same bytes: generation is deterministic. The second
/// generation runs in another process (this test again, which writes its
/// output to a file and stops), so every `HashMap` there has other random
/// keys: one that reached the output, even one built once per process,
/// would order it differently there.
#[test]
fn output_is_deterministic() {
    if let Some(out) = std::env::var_os(DETERMINISM_OUT) {
        std::fs::write(out, determinism_output()).expect("the output file");
        return;
    }
    let out = std::env::temp_dir().join(format!("snapshots-determinism-{}.txt", std::process::id()));
    let status = std::process::Command::new(std::env::current_exe().expect("the test binary"))
        .args(["output_is_deterministic", "--exact", "--test-threads", "1"])
        .env(DETERMINISM_OUT, &out)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("the test binary runs");
    assert!(status.success(), "the second generation failed: {status}");
    let other = std::fs::read_to_string(&out).expect("the other process's output");
    let _ = std::fs::remove_file(&out);
    let here = determinism_output();
    if here != other {
        let first = here.lines().zip(other.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "two processes generated different files; first difference at line {}:\n  here:  {:?}\n  there: {:?}",
            first + 1,
            here.lines().nth(first),
            other.lines().nth(first)
        );
    }
}

/// Every file in `snapshots/` belongs to a snapshot some test takes (here,
/// or `evolution__<case>` in `evolution.rs`, one per directory of
/// `specs/evolution/`), and none is a pending `.snap.new`: a snapshot
/// nothing checks would pass whatever the generator does.
#[test]
fn every_snapshot_file_is_checked_and_none_is_pending() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let stem = |spec: &str| spec.rsplit_once('.').map_or(spec, |(stem, _)| stem).to_owned();
    let mut expected: Vec<String> = Vec::new();
    for spec in SNAPSHOTTED.iter().chain(["json_document.json"].iter()) {
        expected.extend(ALL_FILES.iter().map(|file| {
            format!("{}__{}", stem(spec), file.trim_start_matches("src/").trim_end_matches(".rs"))
        }));
    }
    expected.extend(MODELS_SNAPSHOTTED.iter().map(|spec| format!("{}__models", stem(spec))));
    expected.extend(
        [
            "path_params__cargo_toml",
            "path_params__readme",
            "path_params__mock",
            "openapi31_webhooks__readme",
            "reserved_names__request_types",
            "docs_markup__lib",
        ]
        .map(str::to_owned),
    );
    for case in std::fs::read_dir(root.join("specs/evolution")).expect("tests/specs/evolution") {
        expected.push(format!("evolution__{}", case.expect("entry").file_name().to_string_lossy()));
    }
    // The paging reports of `tests/tests/paging.rs`, one per corpus spec.
    for spec in std::fs::read_dir(root.join("corpus")).expect("tests/corpus") {
        let path = spec.expect("entry").path();
        if path.extension().is_some_and(|extension| extension == "json" || extension == "yaml") {
            let stem = path.file_stem().expect("a file name").to_string_lossy().into_owned();
            expected.push(format!("paging__{stem}"));
        }
    }
    let mut unexpected = Vec::new();
    for entry in std::fs::read_dir(root.join("tests/snapshots")).expect("tests/snapshots") {
        let name = entry.expect("entry").file_name().to_string_lossy().into_owned();
        match name.strip_suffix(".snap") {
            Some(snapshot) if expected.iter().any(|wanted| wanted == snapshot) => {}
            _ => unexpected.push(name),
        }
    }
    unexpected.sort();
    assert!(
        unexpected.is_empty(),
        "files in tests/tests/snapshots/ no test checks, or pending review (.snap.new): {unexpected:?}"
    );
}
