//! Generation time: each generator on each spec, as whole processes.

use std::path::{Path, PathBuf};

use super::measure::{self, Repeat, Summary};
use super::peers::{Peers, Tool};
use super::{progenitor_edits, synth, Settings};

/// Which of the specs a case is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    ArrayApi,
    Synthetic,
    /// TileDB's Swagger 2.0 spec, named by `TILEDB_SWAGGER_REFERENCE`.
    SwaggerReference,
}

/// One spec to generate from.
pub struct Case {
    pub kind: Kind,
    pub name: String,
    pub operations: Option<usize>,
    /// The spec, or why there is none.
    pub spec: Result<PathBuf, String>,
    /// The edited copy progenitor gets, when it needs one, or why there is none.
    pub progenitor_spec: Option<Result<PathBuf, String>>,
}

impl Case {
    /// A few words for the targets table.
    pub fn short_name(&self) -> String {
        match (self.kind, self.operations) {
            (Kind::ArrayApi, _) => "array API".to_owned(),
            (Kind::Synthetic, Some(operations)) => format!("{operations} ops"),
            (Kind::Synthetic, None) => "synthetic".to_owned(),
            (Kind::SwaggerReference, _) => "Swagger 2.0".to_owned(),
        }
    }

    /// The spec `tool` generates from.
    pub fn spec_for(&self, tool: Tool) -> Result<&Path, String> {
        let spec = self.spec.as_ref().map_err(Clone::clone)?;
        match (tool, &self.progenitor_spec) {
            (Tool::Progenitor, Some(edited)) => edited.as_deref().map_err(Clone::clone),
            _ => Ok(spec),
        }
    }
}

/// One tool on one spec.
pub struct Timing {
    pub summary: Summary,
    /// Bytes of Rust the tool wrote.
    pub output_bytes: u64,
}

/// The timings of one spec, one cell per tool.
pub struct Row {
    pub case: Case,
    pub cells: Vec<(Tool, Result<Timing, String>)>,
}

impl Row {
    pub fn cell(&self, tool: Tool) -> Option<&Result<Timing, String>> {
        self.cells.iter().find(|(of, _)| *of == tool).map(|(_, cell)| cell)
    }
}

/// The array API, the synthetic specs and the Swagger 2.0 reference file.
pub fn cases(settings: &Settings) -> std::io::Result<Vec<Case>> {
    let specs = settings.work.join("specs");
    std::fs::create_dir_all(&specs)?;
    let array_api = settings.root.join("spec/array-api.yaml");
    let edited = specs.join("array-api.progenitor.yaml");
    let progenitor_spec = match progenitor_edits::apply(&std::fs::read_to_string(&array_api)?) {
        Ok((text, _)) => std::fs::write(&edited, text).map(|()| Ok(edited))?,
        Err(why) => Err(why),
    };
    let mut cases = vec![Case {
        kind: Kind::ArrayApi,
        name: "array API (`spec/array-api.yaml`)".to_owned(),
        operations: Some(17),
        spec: Ok(array_api),
        progenitor_spec: Some(progenitor_spec),
    }];
    for &operations in settings.synthetic_sizes {
        let path = specs.join(format!("synthetic-{operations}.yaml"));
        std::fs::write(&path, synth::spec(operations))?;
        cases.push(Case {
            kind: Kind::Synthetic,
            name: format!("synthetic, {operations} operations + {operations} schemas"),
            operations: Some(operations),
            spec: Ok(path),
            progenitor_spec: None,
        });
    }
    // The repository may not hold TileDB's spec (it has no license): it is
    // measured when the environment names it, and a name that is not a file
    // is an error rather than a skipped row.
    let variable = crate::harness::REFERENCE_ENV;
    let reference = match std::env::var_os(variable).map(PathBuf::from) {
        None => Err(format!("skipped: {variable} is not set")),
        Some(path) if path.is_file() => Ok(path),
        Some(path) => {
            let message = format!("{variable} is set to {}, which is not a file", path.display());
            return Err(std::io::Error::new(std::io::ErrorKind::NotFound, message));
        }
    };
    cases.push(Case {
        kind: Kind::SwaggerReference,
        name: format!("TileDB's Swagger 2.0 spec (`${variable}`)"),
        operations: None,
        spec: reference,
        progenitor_spec: None,
    });
    Ok(cases)
}

/// Times every tool on every case; failures become cells, never abort.
pub fn measure(settings: &Settings, peers: &Peers, cases: Vec<Case>) -> Vec<Row> {
    cases
        .into_iter()
        .enumerate()
        .map(|(index, case)| {
            let cells = Tool::ALL
                .iter()
                .map(|&tool| {
                    eprintln!("bench: generating {} with {}", case.name, tool.name());
                    (tool, time_one(settings, peers, &case, index, tool))
                })
                .collect();
            Row { case, cells }
        })
        .collect()
}

fn time_one(
    settings: &Settings,
    peers: &Peers,
    case: &Case,
    index: usize,
    tool: Tool,
) -> Result<Timing, String> {
    let spec = case.spec_for(tool)?;
    let out = settings.work.join(format!("generated/{index}/{}", tool.slug()));
    let log = settings.logs.join(format!("generate-{index}-{}.log", tool.slug()));
    let command = peers.command(tool, spec, &out)?;
    let program = command.get_program().to_owned();
    let arguments: Vec<_> = command.get_args().map(ToOwned::to_owned).collect();
    let repeat = if settings.smoke {
        Repeat {
            min_runs: 1,
            max_runs: 1,
            budget: std::time::Duration::ZERO,
            warm_up_below: std::time::Duration::ZERO,
        }
    } else {
        Repeat {
            min_runs: 3,
            max_runs: 21,
            budget: std::time::Duration::from_secs(20),
            warm_up_below: std::time::Duration::from_secs(2),
        }
    };
    let summary = measure::repeat(
        repeat,
        &log,
        || remove_dir(&out),
        || {
            let mut command = std::process::Command::new(&program);
            command.args(&arguments);
            command
        },
    )
    .map_err(|why| format!("failed: {why}"))?;
    let output_bytes = rust_bytes(&out).map_err(|error| format!("failed: reading the output: {error}"))?;
    Ok(Timing { summary, output_bytes })
}

/// Bytes of the `.rs` files under `dir`, recursively.
fn rust_bytes(dir: &Path) -> std::io::Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if path.is_dir() {
            total += rust_bytes(&path)?;
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            total += entry.metadata()?.len();
        }
    }
    Ok(total)
}

fn remove_dir(dir: &Path) -> std::io::Result<()> {
    match std::fs::remove_dir_all(dir) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}
