//! The specs in `tests/specs/pending/` use constructs the generator does not
//! support yet. Each must be refused for those alone: every problem is
//! `unsupported`, so the rest of the document is valid and understood. Once
//! a spec generates, this fails so that it moves into `tests/specs/`, where
//! it is compiled with the other fixtures.

use std::fs;
use std::path::PathBuf;

use generator::{Error, Options, ProblemKind};

#[test]
fn pending_specs_are_refused_only_for_unsupported_constructs() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("specs/pending");
    let mut specs: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("tests/specs/pending")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml" || ext == "json"))
        .collect();
    specs.sort();
    for spec in specs {
        let name = spec.file_name().expect("name").to_string_lossy().into_owned();
        let options = Options {
            spec_label: format!("tests/specs/pending/{name}"),
            spec,
            package_name: None,
            examples: None,
            standalone: true,
        };
        match generator::generate(&options) {
            Ok(_) => panic!(
                "{name} generates now: move it to tests/specs/ (COMPILE_ONLY in tests/tests/snapshots.rs \
                 already names it) and update tests/specs/pending/README.md"
            ),
            Err(Error::Spec { problems, .. }) => {
                let other: Vec<String> = problems
                    .iter()
                    .filter(|problem| !matches!(problem.kind, ProblemKind::Unsupported(_)))
                    .map(ToString::to_string)
                    .collect();
                assert!(other.is_empty(), "{name} has problems besides unsupported constructs: {other:#?}");
            }
            Err(other) => panic!("{name}: {other}"),
        }
    }
}
