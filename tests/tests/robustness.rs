//! The generator never panics on a broken spec: valid specs (the array API
//! and every fixture) are mutated the ways real documents go wrong (nodes
//! deleted, values of the wrong type, values copied from elsewhere, dangling
//! `$ref`s, odd strings and numbers (extremes included), truncated lists, renamed keys), and each
//! result must be generated code whose warnings name locations inside the
//! mutated document, or an error that names the file and such a location.
//!
//! A generated crate must also be Rust: every file that depends on the spec
//! parses (`syn::parse_file`), so a name or doc string that breaks the
//! syntax is caught here and not only when a fixture is compiled.
//!
//! The default run tries 400 documents; CI raises the budget with
//! `PROPTEST_CASES`. The specs are split among [`SHARDS`] tests, which run
//! in parallel. The random seed is printed, taken from `PROPTEST_RNG_SEED`
//! when set, and part of every failure message: a failure replays with
//! `PROPTEST_RNG_SEED=<seed> cargo test -p tests --test robustness`.

use std::fs;
use std::hash::{BuildHasher as _, RandomState};
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::OnceLock;

use generator::{Error, Options, Warning, WarningKind};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, FileFailurePersistence, RngSeed, TestRunner};
use serde_yaml::{Mapping, Value};

/// Cases when `PROPTEST_CASES` is not set, over all shards: each spec
/// mutated a dozen times or more, in well under 20 seconds.
const DEFAULT_CASES: u32 = 400;

/// How many tests share the specs (and the cases) out, so that they run in
/// parallel.
const SHARDS: usize = 8;

const LABEL: &str = "mutated.yaml";

/// The seed of this run: `PROPTEST_RNG_SEED`, or a random one. Printed
/// once; each shard derives its own from it.
fn seed() -> u64 {
    static SEED: OnceLock<u64> = OnceLock::new();
    *SEED.get_or_init(|| {
        let seed = match std::env::var("PROPTEST_RNG_SEED") {
            Ok(text) => {
                text.trim().parse().unwrap_or_else(|_| panic!("PROPTEST_RNG_SEED={text} is not a u64"))
            }
            Err(_) => RandomState::new().hash_one(std::time::SystemTime::now()),
        };
        eprintln!("robustness: seed {seed} (replay with PROPTEST_RNG_SEED={seed})");
        seed
    })
}

/// The proptest settings of shard `shard`: its share of the cases and its
/// own seed, derived from the run's.
fn config(shard: usize) -> Config {
    let total =
        std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(DEFAULT_CASES);
    Config {
        cases: total.div_ceil(SHARDS as u32),
        rng_seed: RngSeed::Fixed(seed().wrapping_add(shard as u64)),
        // Failures found before are tried first. proptest looks for the file
        // beside the crate's lib.rs or main.rs, which a test file has not;
        // tests run in the package's directory.
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/robustness.proptest-regressions",
        ))),
        ..Config::default()
    }
}

/// The specs of shard `shard`: every [`SHARDS`]th one.
fn shard_specs(shard: usize) -> Vec<&'static (String, Value)> {
    specs().iter().skip(shard).step_by(SHARDS).collect()
}

/// The valid specs, parsed once: name and document.
fn specs() -> &'static [(String, Value)] {
    static SPECS: OnceLock<Vec<(String, Value)>> = OnceLock::new();
    SPECS.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let mut paths = vec![root.join("../spec/array-api.yaml")];
        let mut fixtures: Vec<PathBuf> = fs::read_dir(root.join("specs"))
            .expect("tests/specs")
            .map(|entry| entry.expect("entry").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "yaml" || ext == "json"))
            .collect();
        fixtures.sort();
        paths.extend(fixtures);
        paths
            .into_iter()
            .map(|path| {
                let text = fs::read_to_string(&path).expect("readable spec");
                let mut value: Value = serde_yaml::from_str(&text).expect("fixture specs are valid YAML");
                // Mutate what the generator reads, and what its pointers
                // point into: the document with YAML merge keys applied.
                value.apply_merge().expect("merge keys apply");
                (path.file_name().expect("name").to_string_lossy().into_owned(), value)
            })
            .collect()
    })
}

/// One step in a JSON pointer: a mapping key or a list index.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    Key(Value),
    Item(usize),
}

/// What to do to one node, picked by [`Index`] among the document's nodes.
#[derive(Clone, Debug)]
enum Mutation {
    Delete(Index),
    Replace(Index, Value),
    CopyFrom { node: Index, source: Index },
    DanglingRef(Index, &'static str),
    Tweak(Index, Value),
    Truncate(Index, usize),
    RenameKey(Index, &'static str),
}

/// Values of every YAML type, some of which a spec would accept in places.
fn replacement() -> impl Strategy<Value = Value> {
    prop::sample::select(vec![
        Value::Null,
        Value::Bool(true),
        Value::Bool(false),
        Value::from(-1),
        Value::from(0),
        Value::from(i64::MAX),
        Value::from(u64::MAX),
        Value::from(0.5),
        Value::from(1e308),
        Value::from(""),
        Value::from("object"),
        Value::from("string"),
        Value::from("array"),
        Value::from("integer"),
        Value::from("#/components/schemas"),
        Value::Sequence(vec![]),
        Value::Sequence(vec![Value::Null]),
        Value::Sequence(vec![Value::from("a"), Value::from("a")]),
        Value::Mapping(Mapping::new()),
        serde_yaml::from_str("{type: object, properties: {}}").expect("literal"),
        serde_yaml::from_str("{type: array}").expect("literal"),
        serde_yaml::from_str("{$ref: '#/components/schemas/Missing'}").expect("literal"),
        serde_yaml::from_str("{allOf: []}").expect("literal"),
        serde_yaml::from_str("{oneOf: [{type: string}, {type: string}]}").expect("literal"),
        serde_yaml::from_str("{type: string, enum: ['', '-', '1', 'a b', 'A', 'a']}").expect("literal"),
    ])
}

/// Strings and numbers that stress naming and parsing.
fn tweak() -> impl Strategy<Value = Value> {
    prop::sample::select(vec![
        Value::from(""),
        Value::from(" "),
        Value::from("type"),
        Value::from("self"),
        Value::from("Self"),
        Value::from("crate"),
        Value::from("r#type"),
        Value::from("123abc"),
        Value::from("a-b.c d"),
        Value::from("über_größe"),
        Value::from("日本"),
        Value::from("{id}"),
        Value::from("/{"),
        Value::from("*/*"),
        Value::from("application/xml"),
        Value::from("date-time"),
        Value::from("int32"),
        Value::from("uint64"),
        Value::from("`code` <b>html</b> [link]"),
        Value::from("x".repeat(200)),
        Value::from(-7),
        Value::from(3.25),
        Value::from(i64::MIN),
        // Numbers at and past the ends of what a field's type holds.
        Value::from(1e300),
        Value::from(-1e308),
        Value::from(1e308),
        Value::from(5e-324),
        Value::from(-0.0),
        Value::from(3.5e38),
        Value::from(2_147_483_648_i64),
        Value::from(-2_147_483_649_i64),
        Value::from(256),
        Value::Bool(true),
    ])
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let dangling = prop::sample::select(vec![
        "#/components/schemas/Missing",
        "#/components/schemas/",
        "#/components/parameters/Missing",
        "#/components/responses/Missing",
        "#/paths",
        "#",
        "",
        "other.yaml#/components/schemas/Pet",
        "#/components/schemas/a~1b",
    ]);
    let key = prop::sample::select(vec!["type", "self", "Self", "", "a-b", "$ref", "200", "default", "_"]);
    prop_oneof![
        3 => any::<Index>().prop_map(Mutation::Delete),
        3 => (any::<Index>(), replacement()).prop_map(|(node, value)| Mutation::Replace(node, value)),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(node, source)| Mutation::CopyFrom { node, source }),
        2 => (any::<Index>(), dangling).prop_map(|(node, target)| Mutation::DanglingRef(node, target)),
        2 => (any::<Index>(), tweak()).prop_map(|(node, value)| Mutation::Tweak(node, value)),
        1 => (any::<Index>(), 0..3usize).prop_map(|(node, keep)| Mutation::Truncate(node, keep)),
        1 => (any::<Index>(), key).prop_map(|(node, key)| Mutation::RenameKey(node, key)),
    ]
}

/// The path of every node below the root, in document order.
fn node_paths(value: &Value) -> Vec<Vec<Step>> {
    fn walk(value: &Value, path: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        match value {
            Value::Mapping(map) => {
                for (key, child) in map {
                    path.push(Step::Key(key.clone()));
                    out.push(path.clone());
                    walk(child, path, out);
                    path.pop();
                }
            }
            Value::Sequence(items) => {
                for (index, child) in items.iter().enumerate() {
                    path.push(Step::Item(index));
                    out.push(path.clone());
                    walk(child, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

fn node<'v>(value: &'v Value, path: &[Step]) -> Option<&'v Value> {
    path.iter().try_fold(value, |value, step| match step {
        Step::Key(key) => value.as_mapping()?.get(key),
        Step::Item(index) => value.as_sequence()?.get(*index),
    })
}

fn node_mut<'v>(value: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    path.iter().try_fold(value, |value, step| match step {
        Step::Key(key) => value.as_mapping_mut()?.get_mut(key),
        Step::Item(index) => value.as_sequence_mut()?.get_mut(*index),
    })
}

/// Applies `mutation` to `doc`; a mutation with nothing to act on (no `$ref`
/// in the document, say) leaves it as it is.
fn apply(doc: &mut Value, mutation: &Mutation) {
    let paths = node_paths(doc);
    if paths.is_empty() {
        return;
    }
    let pick = |index: &Index| paths[index.index(paths.len())].clone();
    match mutation {
        Mutation::Delete(index) => {
            let path = pick(index);
            let (last, parent) = path.split_last().expect("paths are non-empty");
            match (node_mut(doc, parent), last) {
                (Some(Value::Mapping(map)), Step::Key(key)) => {
                    map.remove(key);
                }
                (Some(Value::Sequence(items)), Step::Item(at)) => {
                    items.remove(*at);
                }
                _ => {}
            }
        }
        Mutation::Replace(index, value) | Mutation::Tweak(index, value) => {
            let path = pick(index);
            let target = node_mut(doc, &path).expect("picked from the document");
            // A tweak changes scalars only: a wrong-typed container is what
            // `Replace` is for.
            if matches!(mutation, Mutation::Replace(..))
                || !matches!(target, Value::Mapping(_) | Value::Sequence(_))
            {
                *target = value.clone();
            }
        }
        Mutation::CopyFrom { node: index, source } => {
            let copied = node(doc, &pick(source)).expect("picked from the document").clone();
            *node_mut(doc, &pick(index)).expect("picked from the document") = copied;
        }
        Mutation::DanglingRef(index, target) => {
            let refs: Vec<&Vec<Step>> =
                paths.iter().filter(|path| path.last() == Some(&Step::Key(Value::from("$ref")))).collect();
            if !refs.is_empty() {
                let path = refs[index.index(refs.len())];
                *node_mut(doc, path).expect("picked from the document") = Value::from(*target);
            }
        }
        Mutation::Truncate(index, keep) => {
            let lists: Vec<&Vec<Step>> =
                paths.iter().filter(|path| matches!(node(doc, path), Some(Value::Sequence(_)))).collect();
            if !lists.is_empty() {
                let path = lists[index.index(lists.len())].clone();
                if let Some(Value::Sequence(items)) = node_mut(doc, &path) {
                    items.truncate(*keep);
                }
            }
        }
        Mutation::RenameKey(index, key) => {
            let path = pick(index);
            let (last, parent) = path.split_last().expect("paths are non-empty");
            if let (Some(Value::Mapping(map)), Step::Key(old)) = (node_mut(doc, parent), last) {
                // Rebuilt so the renamed key keeps its place in the order.
                let renamed = std::mem::take(map)
                    .into_iter()
                    .map(|(k, v)| if &k == old { (Value::from(*key), v) } else { (k, v) })
                    .collect();
                *map = renamed;
            }
        }
    }
}

/// Whether a problem's pointer names a node of `doc`, or a missing member of
/// one (an error about a required key that is absent).
fn locates_a_node(doc: &Value, pointer: &generator::Pointer) -> bool {
    let tokens: Vec<String> = pointer.tokens().collect();
    let mut current = doc;
    for (depth, token) in tokens.iter().enumerate() {
        let child = match current {
            Value::Mapping(map) => {
                map.iter().find(|(key, _)| key_text(key).as_deref() == Some(token.as_str()))
            }
            Value::Sequence(items) => {
                token.parse::<usize>().ok().and_then(|at| items.get(at)).map(|v| (v, v))
            }
            _ => None,
        };
        match child {
            Some((_, value)) => current = value,
            None => return depth + 1 == tokens.len() && current.is_mapping(),
        }
    }
    true
}

fn key_text(key: &Value) -> Option<String> {
    match key {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// Generates from `doc` as the generator reads a YAML file: the files and
/// the warnings.
fn generate(doc: &Value) -> Result<(generator::Files, Vec<Warning>), Error> {
    let text = serde_yaml::to_string(doc).expect("a YAML value serializes");
    let options = Options {
        spec: PathBuf::from(LABEL),
        spec_label: LABEL.to_owned(),
        package_name: None,
        examples: None,
        standalone: true,
    };
    let loaded = generator::load::parse(LABEL, &text, false)?;
    let api = generator::api_from(&loaded, &options)?;
    // The layout is not what this test checks, and a rustfmt process per case would take most
    // of its time.
    let files = generator::files_formatted_by(&api, &options, generator::rustfmt::Rustfmt::none())?;
    Ok((files, api.warnings))
}

/// The places a warning names in the spec file: its own, and that of the
/// problem that left an operation out.
fn places(warning: &Warning) -> Vec<(&Option<String>, &generator::Pointer)> {
    let mut places = vec![(&warning.file, &warning.pointer)];
    if let WarningKind::OperationLeftOut(left_out) = &warning.kind {
        places.push((&left_out.problem.file, &left_out.problem.pointer));
    }
    places
}

/// Generates from the mutated document and checks the outcome.
fn check(spec: &str, doc: &Value, mutations: &[Mutation]) -> Result<(), TestCaseError> {
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| generate(doc)));
    let context = || {
        let text = serde_yaml::to_string(doc).unwrap_or_default();
        format!("{spec} after {mutations:?} (seed {}):\n{text}", seed())
    };
    match outcome {
        Err(_) => Err(TestCaseError::fail(format!("the generator panicked on {}", context()))),
        Ok(Ok((files, warnings))) => {
            prop_assert!(files.get("src/lib.rs").is_some(), "no lib.rs for {}", context());
            for warning in &warnings {
                for (file, pointer) in places(warning) {
                    prop_assert!(
                        file.is_none() && locates_a_node(doc, pointer),
                        "`{}` names no node of {}",
                        warning.line(LABEL),
                        context()
                    );
                }
            }
            check_parse(&files).map_err(|problem| TestCaseError::fail(format!("{problem} for {}", context())))
        }
        Ok(Err(Error::Spec { file, problems })) => {
            prop_assert_eq!(file, LABEL);
            prop_assert!(!problems.is_empty(), "a spec error without problems for {}", context());
            for problem in &problems {
                prop_assert!(
                    locates_a_node(doc, &problem.pointer),
                    "`{problem}` names no node of {}",
                    context()
                );
            }
            Ok(())
        }
        Ok(Err(Error::Syntax { file, line, .. })) => {
            prop_assert_eq!(file, LABEL);
            prop_assert!(line > 0, "a syntax error without a line for {}", context());
            Ok(())
        }
        Ok(Err(other)) => Err(TestCaseError::fail(format!("unexpected error `{other}` for {}", context()))),
    }
}

/// Parses the generated Rust files whose text depends on the spec: all but
/// the runtime, which is copied as it is and compiled with the checked-in
/// client.
fn check_parse(files: &generator::Files) -> Result<(), String> {
    let spec_dependent =
        files.iter().filter(|(path, _)| path.ends_with(".rs") && !path.starts_with("src/runtime/"));
    for (path, contents) in spec_dependent {
        if let Err(error) = syn::parse_file(contents) {
            let at = error.span().start();
            let line = contents.lines().nth(at.line.saturating_sub(1)).unwrap_or_default();
            return Err(format!(
                "{path} does not parse as Rust ({error} at {}:{}: `{line}`)",
                at.line, at.column
            ));
        }
    }
    Ok(())
}

/// Runs shard `shard`: its specs, mutated, its share of the cases. The
/// runner is built here rather than by `proptest!`, which would apply
/// `PROPTEST_CASES` and `PROPTEST_RNG_SEED` to each shard as they are.
fn run_shard(shard: usize) {
    let specs = shard_specs(shard);
    let mut runner = TestRunner::new(config(shard));
    let cases = (any::<Index>(), prop::collection::vec(mutation(), 1..=4));
    let outcome = runner.run(&cases, |(spec, mutations)| {
        let (name, original) = specs[spec.index(specs.len())];
        let mut doc = original.clone();
        for mutation in &mutations {
            apply(&mut doc, mutation);
        }
        check(name, &doc, &mutations)
    });
    if let Err(failure) = outcome {
        panic!("{failure}\n{runner}\nreplay with PROPTEST_RNG_SEED={}", seed());
    }
}

macro_rules! shards {
    ($($name:ident: $shard:literal),* $(,)?) => {$(
        #[test]
        fn $name() {
            run_shard($shard);
        }
    )*};
}

shards!(
    mutated_specs_generate_or_fail_with_a_location_0: 0,
    mutated_specs_generate_or_fail_with_a_location_1: 1,
    mutated_specs_generate_or_fail_with_a_location_2: 2,
    mutated_specs_generate_or_fail_with_a_location_3: 3,
    mutated_specs_generate_or_fail_with_a_location_4: 4,
    mutated_specs_generate_or_fail_with_a_location_5: 5,
    mutated_specs_generate_or_fail_with_a_location_6: 6,
    mutated_specs_generate_or_fail_with_a_location_7: 7,
);

/// The shards together cover every spec, each once.
#[test]
fn the_shards_cover_every_spec() {
    let sharded: usize = (0..SHARDS).map(|index| shard_specs(index).len()).sum();
    assert_eq!(sharded, specs().len());
    assert!(shard_specs(SHARDS - 1).len() >= 2, "every shard has specs to mutate");
}

/// The parse check is not vacuous: text that is not Rust is reported.
#[test]
fn a_file_that_is_not_rust_is_found() {
    let mut files = generator::Files::default();
    files.insert("src/lib.rs", "pub mod models;\n".to_owned());
    files.insert("src/models.rs", "pub struct Pet { name: String, }\n".to_owned());
    files.insert("src/runtime/mod.rs", "not rust, and not checked".to_owned());
    assert!(check_parse(&files).is_ok());
    files.insert("src/models.rs", "pub struct 1Pet {}\n".to_owned());
    assert!(check_parse(&files).is_err());
}

/// The check is not vacuous: a dangling `$ref` costs what it stands in
/// (a schema, or the operation), with a warning that names the `$ref`
/// itself.
#[test]
fn a_dangling_ref_is_reported_at_the_ref() {
    let (_, original) = specs().iter().find(|(name, _)| name == "array-api.yaml").expect("array API");
    let mut doc = original.clone();
    let first_ref = node_paths(&doc)
        .into_iter()
        .find(|path| path.last() == Some(&Step::Key(Value::from("$ref"))))
        .expect("the array API uses $ref");
    *node_mut(&mut doc, &first_ref).expect("found above") = Value::from("#/components/schemas/Missing");
    let (_, warnings) = generate(&doc).expect("generates");
    let named: Vec<&generator::Pointer> =
        warnings.iter().flat_map(places).map(|(_, pointer)| pointer).collect();
    assert!(named.iter().any(|pointer| pointer.as_str().ends_with("/$ref")), "{warnings:?}");
    assert!(named.iter().all(|pointer| locates_a_node(&doc, pointer)), "{warnings:?}");
}
