//! `cargo xtask bench [--smoke]`: our generator side by side with OpenAPI
//! Generator and progenitor, measured in one run on one machine, written to
//! `BENCHMARKS.md` (the smoke run writes `target/bench/BENCHMARKS.smoke.md`).
//!
//! Benchmarks are not tests: nothing here asserts a time. The smoke run uses
//! tiny sizes and one run of each, so CI keeps the harness working; it fails
//! only when our own side fails to run.

mod compile;
mod generation;
mod machine;
mod measure;
mod overhead;
mod peers;
mod progenitor_edits;
mod report;
mod synth;
mod user_program;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

pub use measure::timeval;
use peers::Tool;

use crate::harness::Sharing;

/// Paths and sizes of one run.
pub struct Settings {
    /// The workspace root.
    pub root: PathBuf,
    /// `target/bench/`: specs, generated code, logs.
    pub work: PathBuf,
    pub logs: PathBuf,
    /// The target directory the generated crates share.
    pub compile_target: PathBuf,
    /// In the smoke run, the main workspace's target dir and what the
    /// crates' workspaces need to reuse its dependencies, so that CI builds
    /// them once; the full run measures builds of its own.
    pub sharing: Option<Sharing>,
    pub smoke: bool,
    pub synthetic_sizes: &'static [usize],
}

pub fn run(arguments: &[String], root: PathBuf) -> ExitCode {
    let smoke = match arguments {
        [] => false,
        [flag] if flag == "--smoke" => true,
        _ => {
            eprintln!("error: usage: cargo xtask bench [--smoke]");
            return ExitCode::from(2);
        }
    };
    let work = root.join("target/bench");
    let sharing = if smoke {
        match Sharing::new(&root) {
            Ok(sharing) => Some(sharing),
            Err(error) => {
                eprintln!("error: {error}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        None
    };
    let settings = Settings {
        logs: work.join("logs"),
        compile_target: sharing
            .as_ref()
            .map_or_else(|| work.join("compile-target"), |s| s.target_dir.clone()),
        sharing,
        work,
        root,
        smoke,
        synthetic_sizes: if smoke { &[10, 50] } else { &[100, 1000, 5000] },
    };
    match bench(&settings) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Runs everything and writes the report; `Ok(false)` when our side failed.
fn bench(settings: &Settings) -> std::io::Result<bool> {
    let started = Instant::now();
    if settings.logs.exists() {
        std::fs::remove_dir_all(&settings.logs)?;
    }
    std::fs::create_dir_all(&settings.logs)?;
    let date = machine::now();
    let load_before = machine::load_average();
    let peers = peers::install(&settings.root, settings.smoke, &settings.logs);
    let cases = generation::cases(settings)?;
    let generation = generation::measure(settings, &peers, cases);
    let compile = compile_sets(settings, &peers, &generation);
    let user_program = match compile.first() {
        Some(array_api) => user_program::measure(settings, array_api),
        None => Vec::new(),
    };
    let overhead = overhead::measure(settings);
    let run = report::Run {
        smoke: settings.smoke,
        date,
        machine: machine::describe(),
        load_before,
        load_after: machine::load_average(),
        took: started.elapsed(),
        peers: &peers,
        generation: &generation,
        compile: &compile,
        user_program: &user_program,
        overhead: &overhead,
        analysis: std::fs::read_to_string(settings.root.join(report::ANALYSIS))
            .unwrap_or_else(|error| format!("({} could not be read: {error})\n", report::ANALYSIS)),
    };
    let text = report::render(&run);
    let path = if settings.smoke {
        settings.work.join("BENCHMARKS.smoke.md")
    } else {
        settings.root.join("BENCHMARKS.md")
    };
    std::fs::write(&path, text)?;
    println!("wrote {} in {}", path.display(), peers::seconds(started.elapsed()));
    let failures = our_failures(&generation, &compile, &user_program, &overhead);
    for failure in &failures {
        eprintln!("error: {failure}");
    }
    Ok(failures.is_empty())
}

/// The array API crate of every tool first, then the largest synthetic spec
/// up to 1,000 operations with ours and progenitor.
fn compile_sets(
    settings: &Settings,
    peers: &peers::Peers,
    generation: &[generation::Row],
) -> Vec<compile::Set> {
    let mut sets = Vec::new();
    if let Some(array_api) = generation.iter().find(|row| row.case.kind == generation::Kind::ArrayApi) {
        sets.push(compile::measure(settings, peers, &array_api.case, "array-api", &Tool::ALL));
    }
    let synthetic = generation
        .iter()
        .filter(|row| row.case.kind == generation::Kind::Synthetic)
        .filter(|row| row.case.operations.is_some_and(|operations| operations <= 1000))
        .max_by_key(|row| row.case.operations);
    if let Some(synthetic) = synthetic {
        let tools = [Tool::Ours, Tool::Progenitor];
        sets.push(compile::measure(settings, peers, &synthetic.case, "synthetic", &tools));
    }
    sets
}

/// What failed on our side: any generation of a spec that was there to
/// generate from, the compile of our crate, or the overhead program.
fn our_failures(
    generation: &[generation::Row],
    compile: &[compile::Set],
    user_program: &[user_program::Row],
    overhead: &Result<Vec<overhead::Row>, String>,
) -> Vec<String> {
    let mut failures = Vec::new();
    for row in generation.iter().filter(|row| row.case.spec.is_ok()) {
        if let Some(Err(why)) = row.cell(Tool::Ours) {
            failures.push(format!("generating {}: {why}", row.case.name));
        }
    }
    for set in compile {
        if let Some(Err(why)) = set.row(Tool::Ours).map(|row| &row.check) {
            failures.push(format!("cargo check of our crate of {}: {why}", set.name));
        }
    }
    for row in user_program.iter().filter(|row| row.tool == Tool::Ours) {
        if let Err(why) = &row.after_main {
            failures.push(format!("the program using our crate: {why}"));
        }
    }
    if let Err(why) = overhead {
        failures.push(format!("client overhead: {why}"));
    }
    failures
}
