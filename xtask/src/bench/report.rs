//! `BENCHMARKS.md`: the tables, the targets, the machine and the commands.

use std::fmt::Write;
use std::time::Duration;

use super::measure::Summary;
use super::peers::{Peers, Tool, OPENAPI_GENERATOR_VERSION, PROGENITOR_VERSION};
use super::{compile, generation, overhead, progenitor_edits, user_program};

/// Everything one run measured.
pub struct Run<'a> {
    pub smoke: bool,
    /// When the run started.
    pub date: String,
    pub machine: Vec<String>,
    pub load_before: String,
    pub load_after: String,
    pub took: Duration,
    pub peers: &'a Peers,
    pub generation: &'a [generation::Row],
    /// The array API's crates first.
    pub compile: &'a [compile::Set],
    pub user_program: &'a [user_program::Row],
    pub overhead: &'a Result<Vec<overhead::Row>, String>,
    /// The text of [`ANALYSIS`], or why it could not be read.
    pub analysis: String,
}

/// The hand-written analysis of the misses, from profiles, kept next to the
/// code so that a rerun keeps it.
pub const ANALYSIS: &str = "xtask/src/bench/analysis.md";

pub fn render(run: &Run) -> String {
    let mut out = String::new();
    header(&mut out, run);
    targets(&mut out, run);
    generation_tables(&mut out, run);
    compile_table(&mut out, run);
    user_program_table(&mut out, run);
    overhead_table(&mut out, run);
    size_table(&mut out, run);
    out.push_str("## Where we are behind, and why\n\n");
    out.push_str(&run.analysis);
    machine(&mut out, run);
    commands(&mut out, run);
    out
}

fn header(out: &mut String, run: &Run) {
    out.push_str("# Benchmarks\n\n");
    let _ = writeln!(
        out,
        "Written by `cargo xtask bench{}`, started {} and done in {}; do not edit by hand, rerun it. Every number \
         below comes from that one run on one machine; ratios compare tools measured in the same run. \
         Times are medians (the number of runs is given as n).\n",
        if run.smoke { " --smoke" } else { "" },
        run.date,
        seconds(run.took),
    );
    if run.smoke {
        out.push_str(
            "**Smoke run: tiny sizes, one run each. These numbers show that the harness works, nothing else.** \
             Its crates are built in the main target directory with the main workspace's profiles, lock file and \
             feature pins, so that they reuse what the tests compiled; the commands below are the full run's.\n\n",
        );
    }
}

/// Ours and a peer's time on one spec, when both ran.
fn pair(row: &generation::Row, tool: Tool) -> Option<(Duration, Duration)> {
    match (row.cell(Tool::Ours), row.cell(tool)) {
        (Some(Ok(ours)), Some(Ok(theirs))) => Some((ours.summary.wall, theirs.summary.wall)),
        _ => None,
    }
}

fn targets(out: &mut String, run: &Run) {
    out.push_str("## Targets\n\n| Target | Result | |\n| --- | --- | --- |\n");
    let array_api = run
        .generation
        .iter()
        .find(|row| row.case.kind == generation::Kind::ArrayApi)
        .and_then(|row| row.cell(Tool::Ours));
    match array_api {
        Some(Ok(ours)) => target(
            out,
            "Array API generated in under 20 ms",
            &millis(ours.summary.wall),
            ours.summary.wall < Duration::from_millis(20),
        ),
        _ => target_unmeasured(out, "Array API generated in under 20 ms"),
    }
    for (tool, factor, label) in [
        (Tool::OpenApiGenerator, 50.0, "At least 50x faster than OpenAPI Generator on every spec"),
        (Tool::Progenitor, 1.0, "Faster than progenitor on every spec"),
    ] {
        // Every spec our generator took; the peer's failures there count.
        let compared: Vec<(String, Option<f64>)> = run
            .generation
            .iter()
            .filter(|row| matches!(row.cell(Tool::Ours), Some(Ok(_))))
            .map(|row| (row.case.short_name(), pair(row, tool).map(|(ours, theirs)| ratio(theirs, ours))))
            .collect();
        if compared.is_empty() {
            target_unmeasured(out, label);
            continue;
        }
        let result = compared
            .iter()
            .map(|(name, ratio)| match ratio {
                Some(ratio) => format!("{name}: {ratio:.1}x"),
                None => format!("{name}: not measured"),
            })
            .collect::<Vec<_>>()
            .join("; ");
        let good = |ratio: f64| if factor > 1.0 { ratio >= factor } else { ratio > 1.0 };
        let verdict = verdict(compared.iter().map(|(_, ratio)| ratio.map(good)));
        target(out, label, &result, verdict);
    }
    compile_targets(out, run);
    match run.overhead {
        Ok(rows) => {
            for case in ["get_array_metadata", "get_all_array_metadata"] {
                let label = format!("`{case}` within 5% of hand-written (requests/s and CPU per request)");
                match overhead_ratios(rows, case, "generated") {
                    Some((speed, cpu)) => target(
                        out,
                        &label,
                        &format!(
                            "{:+.1}% requests/s, {:+.1}% CPU per request",
                            (speed - 1.0) * 100.0,
                            (cpu - 1.0) * 100.0
                        ),
                        speed >= 0.95 && cpu <= 1.05,
                    ),
                    None => target_unmeasured(out, &label),
                }
            }
        }
        Err(_) => target_unmeasured(out, "Client overhead within 5% of hand-written"),
    }
    out.push('\n');
}

/// The array API crate's `cargo check` against both peers, its release build
/// and size against progenitor's, a user's program, and generation memory.
fn compile_targets(out: &mut String, run: &Run) {
    let array_api = run.compile.first();
    let row = |tool: Tool| array_api.and_then(|set| set.row(tool));
    let wall = |cell: &Result<Summary, String>| cell.as_ref().ok().map(|summary| summary.wall);
    let check = |tool: Tool| row(tool).and_then(|row| wall(&row.check));
    let label = "`cargo check` of the array API crate faster than both peers";
    match check(Tool::Ours) {
        Some(ours) => {
            let peers = [Tool::OpenApiGenerator, Tool::Progenitor];
            let result = std::iter::once(format!("ours {}", millis(ours)))
                .chain(peers.iter().map(|&tool| match check(tool) {
                    Some(theirs) => format!("{} {}", tool.name(), millis(theirs)),
                    None => format!("{} not measured", tool.name()),
                }))
                .collect::<Vec<_>>()
                .join(", ");
            let verdict = verdict(peers.iter().map(|&tool| check(tool).map(|theirs| ours < theirs)));
            target(out, label, &result, verdict);
        }
        None => target_unmeasured(out, label),
    }
    let release = |tool: Tool| row(tool).and_then(|row| wall(&row.release));
    at_most_progenitors(
        out,
        "`cargo build --release` of the array API crate at or below progenitor's",
        release(Tool::Ours)
            .zip(release(Tool::Progenitor))
            .map(|(ours, theirs)| (millis(ours), millis(theirs), ours <= theirs)),
    );
    for (label, time) in [
        (
            "A program calling three operations, release build after touching its `main.rs`, at or below progenitor's",
            (|row: &user_program::Row| row.after_main.clone()) as fn(&user_program::Row) -> Result<Summary, String>,
        ),
        (
            "The same program and the crate from scratch (dependencies built), at or below progenitor's",
            |row: &user_program::Row| row.from_scratch.clone(),
        ),
    ] {
        let of = |tool: Tool| {
            run.user_program.iter().find(|row| row.tool == tool).and_then(|row| wall(&time(row)))
        };
        at_most_progenitors(
            out,
            label,
            of(Tool::Ours).zip(of(Tool::Progenitor)).map(|(ours, theirs)| (millis(ours), millis(theirs), ours <= theirs)),
        );
    }
    let lines = |tool: Tool| row(tool).and_then(total_lines);
    at_most_progenitors(
        out,
        "Lines of Rust of the array API client, runtime included, at most 1.2x progenitor's (section 5)",
        lines(Tool::Ours)
            .zip(lines(Tool::Progenitor))
            .map(|(ours, theirs)| (ours.to_string(), theirs.to_string(), ours as f64 <= 1.2 * theirs as f64)),
    );
    let largest = run
        .generation
        .iter()
        .filter(|row| row.case.kind == generation::Kind::Synthetic)
        .max_by_key(|row| row.case.operations);
    let memory = |tool: Tool| match largest.and_then(|row| row.cell(tool)) {
        Some(Ok(timing)) => Some(timing.summary.peak_rss_kib),
        _ => None,
    };
    let label = match largest {
        Some(row) => format!("Peak memory generating the {} at or below progenitor's", row.case.name),
        None => "Peak memory generating the largest synthetic spec at or below progenitor's".to_owned(),
    };
    at_most_progenitors(
        out,
        &label,
        memory(Tool::Ours)
            .zip(memory(Tool::Progenitor))
            .map(|(ours, theirs)| (kib(ours), kib(theirs), ours <= theirs)),
    );
}

/// A target comparing ours with progenitor's: both values and whether ours
/// is within the bound, or unmeasured.
fn at_most_progenitors(out: &mut String, label: &str, measured: Option<(String, String, bool)>) {
    match measured {
        Some((ours, theirs, met)) => target(out, label, &format!("ours {ours}, progenitor {theirs}"), met),
        None => target_unmeasured(out, label),
    }
}

fn kib(size: u64) -> String {
    format!("{} MiB", size / 1024)
}

/// Whether a target was reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    Met,
    Missed,
    /// Met where measured, but some comparison could not be made.
    Incomplete,
}

/// Missed if any comparison failed, else incomplete if any is missing.
fn verdict(comparisons: impl Iterator<Item = Option<bool>>) -> Verdict {
    let comparisons: Vec<Option<bool>> = comparisons.collect();
    if comparisons.contains(&Some(false)) {
        Verdict::Missed
    } else if comparisons.contains(&None) {
        Verdict::Incomplete
    } else {
        Verdict::Met
    }
}

fn target(out: &mut String, label: &str, result: &str, verdict: impl Into<Verdict>) {
    let verdict = match verdict.into() {
        Verdict::Met => "met",
        Verdict::Missed => "**missed**",
        Verdict::Incomplete => "**unknown** (a peer was not measured)",
    };
    let _ = writeln!(out, "| {label} | {} | {verdict} |", escape(result));
}

impl From<bool> for Verdict {
    fn from(met: bool) -> Verdict {
        if met {
            Verdict::Met
        } else {
            Verdict::Missed
        }
    }
}

fn target_unmeasured(out: &mut String, label: &str) {
    let _ = writeln!(out, "| {label} | not measured (see below) | **unknown** |");
}

/// `variant` over plain hand-written: requests per second, and CPU per request.
fn overhead_ratios(rows: &[overhead::Row], case: &str, variant: &str) -> Option<(f64, f64)> {
    let find = |variant: &str| rows.iter().find(|row| row.case == case && row.variant == variant);
    let (measured, by_hand) = (find(variant)?, find(HAND_WRITTEN)?);
    Some((
        measured.requests_per_second() / by_hand.requests_per_second(),
        measured.cpu_ns as f64 / by_hand.cpu_ns.max(1) as f64,
    ))
}

/// The variant every other is compared with.
const HAND_WRITTEN: &str = "hand-written";

fn generation_tables(out: &mut String, run: &Run) {
    out.push_str(
        "## 1. Generation time\n\nWhole process from spawn to exit, output directory emptied before each run. Cell: \
         median wall time (median CPU time, user + system, of the process and its children), median peak resident \
         memory, number of runs, and the size of the Rust code written. A first run under 2 s is a discarded \
         warm-up. Ratios: their median wall time divided by ours.\n\n",
    );
    out.push_str(
        "| Spec | ours | OpenAPI Generator | progenitor | OpenAPI Generator ÷ ours | progenitor ÷ ours |\n",
    );
    out.push_str("| --- | --- | --- | --- | --- | --- |\n");
    for row in run.generation {
        let cells: Vec<String> = Tool::ALL.iter().map(|&tool| generation_cell(row.cell(tool))).collect();
        let ratios: Vec<String> = [Tool::OpenApiGenerator, Tool::Progenitor]
            .iter()
            .map(|&tool| {
                pair(row, tool)
                    .map_or_else(|| "–".to_owned(), |(ours, theirs)| format!("{:.1}x", ratio(theirs, ours)))
            })
            .collect();
        let _ = writeln!(out, "| {} | {} | {} |", row.case.name, cells.join(" | "), ratios.join(" | "));
    }
    out.push_str(
        "\nScaling on the synthetic specs: median wall time per operation (linear growth keeps it flat), and \
         megabytes of Rust written per second of wall time (the tools write very different amounts of code).\n\n",
    );
    let synthetic: Vec<&generation::Row> =
        run.generation.iter().filter(|row| row.case.kind == generation::Kind::Synthetic).collect();
    let _ = writeln!(
        out,
        "| Tool | {} |\n| --- |{}",
        synthetic
            .iter()
            .map(|row| format!("{} operations", row.case.operations.unwrap_or(0)))
            .collect::<Vec<_>>()
            .join(" | "),
        " --- |".repeat(synthetic.len())
    );
    for tool in Tool::ALL {
        let cells: Vec<String> = synthetic
            .iter()
            .map(|row| match (row.cell(tool), row.case.operations) {
                (Some(Ok(timing)), Some(operations)) if operations > 0 => {
                    let seconds = timing.summary.wall.as_secs_f64();
                    format!(
                        "{:.0} µs, {:.1} MB/s",
                        seconds * 1e6 / operations as f64,
                        timing.output_bytes as f64 / 1e6 / seconds.max(1e-9)
                    )
                }
                _ => "–".to_owned(),
            })
            .collect();
        let _ = writeln!(out, "| {} | {} |", tool.name(), cells.join(" | "));
    }
    let _ = writeln!(
        out,
        "\nprogenitor generated the array API from an edited copy: {}.\n",
        progenitor_edits::DESCRIPTION
    );
}

fn generation_cell(cell: Option<&Result<generation::Timing, String>>) -> String {
    match cell {
        Some(Ok(generation::Timing { summary, output_bytes })) => format!(
            "{} (CPU {}), {:.0} MiB, n={}, {} written",
            millis(summary.wall),
            millis(summary.cpu),
            summary.peak_rss_kib as f64 / 1024.0,
            summary.runs,
            bytes(*output_bytes)
        ),
        Some(Err(why)) => escape(why),
        None => "–".to_owned(),
    }
}

fn compile_table(out: &mut String, run: &Run) {
    out.push_str(
        "## 2. Compile time of each generated crate alone\n\nEach crate in a workspace of its own under \
         `target/bench/compile/SPEC/GENERATOR/`, all sharing one target directory, with its default features. An \
         untimed first build compiles the dependencies; each timed build follows a touch of the crate's \
         `src/lib.rs`, so only the generated crate is compiled. Cell: median wall time of the `cargo` process (n \
         runs).\n\n",
    );
    for set in run.compile {
        let _ = writeln!(out, "{}:\n", set.name);
        out.push_str(
            "| Generator | `cargo check` | ÷ ours | `cargo build --release` | ÷ ours |\n| --- | --- | --- | --- | --- |\n",
        );
        let ours = set.row(Tool::Ours);
        for row in &set.rows {
            let pair = |row: &compile::Row| [row.check.clone(), row.release.clone()];
            timed_row(out, row.tool, ours.map(pair), pair(row));
        }
        out.push('\n');
    }
}

fn user_program_table(out: &mut String, run: &Run) {
    out.push_str(
        "## 3. What a user pays\n\nA small program calling three operations of the array API \
         (`get_array_metadata`, `get_arrays_in_namespace`, `get_array_sharing_policies`) through each crate of \
         section 2, in a workspace of its own under `target/bench/user-program/GENERATOR/` sharing that target \
         directory. `cargo build --release` after touching the program's `main.rs` (what each edit of the \
         user's code costs, generic code the crate leaves to its callers included), and after touching the \
         generated crate's `src/lib.rs` too (the crate and the program from scratch, third-party dependencies \
         built). Cell: median wall time (n runs).\n\n\
         | Generator | after touching `main.rs` | ÷ ours | crate and program from scratch | ÷ ours |\n\
         | --- | --- | --- | --- | --- |\n",
    );
    let ours = run.user_program.iter().find(|row| row.tool == Tool::Ours);
    for row in run.user_program {
        let pair = |row: &user_program::Row| [row.after_main.clone(), row.from_scratch.clone()];
        timed_row(out, row.tool, ours.map(pair), pair(row));
    }
    out.push('\n');
}

/// A table row of two timed builds, each with its ratio to ours.
fn timed_row(
    out: &mut String,
    tool: Tool,
    ours: Option<[Result<Summary, String>; 2]>,
    theirs: [Result<Summary, String>; 2],
) {
    let _ = write!(out, "| {} |", tool.name());
    for (index, cell) in theirs.iter().enumerate() {
        let ratio = compare(ours.as_ref().map(|ours| &ours[index]), cell);
        let _ = write!(out, " {} | {ratio} |", compile_cell(cell));
    }
    out.push('\n');
}

fn compile_cell(cell: &Result<Summary, String>) -> String {
    match cell {
        Ok(summary) => format!("{} (n={})", millis(summary.wall), summary.runs),
        Err(why) => escape(why),
    }
}

fn compare(ours: Option<&Result<Summary, String>>, theirs: &Result<Summary, String>) -> String {
    match (ours, theirs) {
        (Some(Ok(ours)), Ok(theirs)) => format!("{:.2}x", ratio(theirs.wall, ours.wall)),
        _ => "–".to_owned(),
    }
}

fn overhead_table(out: &mut String, run: &Run) {
    out.push_str(
        "## 4. Client overhead at run time\n\nThe checked-in generated client against a hand-written `reqwest` + \
         `serde_json` call (same reqwest, same headers, same model types; the program checks that both send the \
         same request and decode the same result before timing), against one HTTP/1.1 server on 127.0.0.1 in the \
         same process, kept-alive connection. A third variant, hand-written with the 60 s per-call deadline the generated \
         client sets by default, shows what that timer costs. The client runs on a current-thread tokio runtime on the main thread \
         and the server on a thread of its own, so CPU time is the client thread's own (`CLOCK_THREAD_CPUTIME_ID`). \
         Rounds rotate the order of the variants; values are medians over rounds. MB/s = response bytes (10^6) per \
         second of wall time, decoding included.\n\n",
    );
    let rows = match run.overhead {
        Ok(rows) => rows,
        Err(why) => {
            let _ = writeln!(out, "Not measured: {}\n", escape(why));
            return;
        }
    };
    out.push_str(
        "| Call | Variant | Requests | Response | Requests/s | CPU per request | MB/s | vs hand-written |\n",
    );
    out.push_str("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for row in rows {
        let versus = match overhead_ratios(rows, &row.case, &row.variant) {
            Some((speed, cpu)) if row.variant != HAND_WRITTEN => {
                format!("{:+.1}% requests/s, {:+.1}% CPU", (speed - 1.0) * 100.0, (cpu - 1.0) * 100.0)
            }
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {:.0} | {:.1} µs | {:.0} | {versus} |",
            row.case,
            row.variant,
            row.requests,
            bytes(row.response_bytes),
            row.requests_per_second(),
            row.cpu_ns as f64 / 1e3,
            row.megabytes_per_second(),
        );
    }
    out.push('\n');
}

fn size_table(out: &mut String, run: &Run) {
    out.push_str(
        "## 5. Size of the generated crates\n\nLines in each crate's `.rs` files (docs and blank lines included); \
         the runtime each client needs, which ours copies into the crate (its `src/runtime/`, counted in the \
         crate's lines) and progenitor keeps in the `progenitor-client` crate its output depends on (counted from \
         Cargo's registry); their sum, the Rust a user's build compiles for the client; and the `.rlib` of the \
         release build of section 2.\n\n",
    );
    for set in run.compile {
        let _ = writeln!(out, "{}:\n", set.name);
        out.push_str(
            "| Generator | Lines in the crate | of which runtime | runtime in a crate of its own | total | ÷ ours | \
             rlib | ÷ ours |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n",
        );
        let ours = set.row(Tool::Ours);
        for row in &set.rows {
            let ratio = |ours: Option<usize>, theirs: Option<usize>| match (ours, theirs) {
                (Some(ours), Some(theirs)) if ours > 0 => format!("{:.2}x", theirs as f64 / ours as f64),
                _ => "–".to_owned(),
            };
            let total_ratio = ratio(ours.and_then(total_lines), total_lines(row));
            let rlib_ratio = match (ours.map(|ours| &ours.rlib_bytes), &row.rlib_bytes) {
                (Some(Ok(ours)), Ok(theirs)) if *ours > 0 => format!("{:.2}x", *theirs as f64 / *ours as f64),
                _ => "–".to_owned(),
            };
            let count = |cell: &Result<usize, String>| {
                cell.as_ref().map_or_else(|why| escape(why), ToString::to_string)
            };
            let (inside, outside) = match row.tool {
                Tool::Progenitor => ("0".to_owned(), count(&row.runtime_lines)),
                _ => (count(&row.runtime_lines), "0".to_owned()),
            };
            let total = total_lines(row).map_or_else(|| "–".to_owned(), |total| total.to_string());
            let rlib = row.rlib_bytes.as_ref().map_or_else(|why| escape(why), |size| bytes(*size));
            let _ = writeln!(
                out,
                "| {} | {} | {inside} | {outside} | {total} | {total_ratio} | {rlib} | {rlib_ratio} |",
                row.tool.name(),
                count(&row.lines),
            );
        }
        out.push('\n');
    }
}

/// The lines of the crate plus those of a runtime crate it depends on.
fn total_lines(row: &compile::Row) -> Option<usize> {
    let lines = *row.lines.as_ref().ok()?;
    match row.tool {
        Tool::Progenitor => Some(lines + *row.runtime_lines.as_ref().ok()?),
        _ => Some(lines),
    }
}

fn machine(out: &mut String, run: &Run) {
    out.push_str("\n## Machine\n\n");
    for line in &run.machine {
        let _ = writeln!(out, "- {line}");
    }
    let _ = writeln!(
        out,
        "- Load average (1, 5, 15 min): {} before the run, {} after. The machine is shared: other engineers \
         were compiling on the same 2 cores during the run, which is why every figure is a median and every \
         comparison a ratio from the same run.\n",
        run.load_before, run.load_after
    );
}

fn commands(out: &mut String, run: &Run) {
    out.push_str("## Commands\n\n`cargo xtask bench` reruns all of this and rewrites this file; `cargo xtask bench --smoke` \
                  is the quick version CI runs (written to `target/bench/BENCHMARKS.smoke.md`).\n\nSetup, as it went in this run:\n\n");
    for note in &run.peers.notes {
        let _ = writeln!(out, "- {}", escape(note));
    }
    let _ = writeln!(
        out,
        "\nGeneration (SPEC is each spec above, OUT a directory under `target/bench/generated/`):\n\n```sh\n\
         target/{profile}/xtask codegen --spec SPEC --out OUT --crate-name {ours}\n\
         java {yaml_limit} -jar target/bench-peers/openapi-generator-cli-{OPENAPI_GENERATOR_VERSION}/openapi_generator_cli/openapi-generator.jar \\\n    generate -g rust -i SPEC -o OUT --package-name {oag}\n\
         # what `cargo progenitor -i SPEC -o OUT -n {prog} -v 0.1.0` runs, without cargo in front:\n\
         target/bench-peers/cargo-progenitor-{PROGENITOR_VERSION}/bin/cargo-progenitor progenitor -i SPEC -o OUT -n {prog} -v 0.1.0\n```\n\n\
         Compile time, in each `target/bench/compile/SPEC/GENERATOR/` with `CARGO_TARGET_DIR=target/bench/compile-target` \
         (our crate generated with `--workspace-member` into the same kind of workspace):\n\n```sh\n\
         cargo check                 # untimed: dependencies\n\
         touch crate/src/lib.rs && cargo check\n\
         cargo build --release       # untimed: dependencies\n\
         touch crate/src/lib.rs && cargo build --release\n```\n\n\
         What a user pays, in each `target/bench/user-program/GENERATOR/` with the same target directory:\n\n```sh\n\
         cargo build --release       # untimed\n\
         touch src/main.rs && cargo build --release\n\
         touch ../../compile/array-api/GENERATOR/crate/src/lib.rs src/main.rs && cargo build --release\n```\n\n\
         Client overhead:\n\n```sh\n{}\n```\n\n\
         Synthetic specs are written by `xtask/src/bench/synth.rs` to `target/bench/specs/`; logs of every step are in \
         `target/bench/logs/`.",
        super::overhead::command(run.smoke),
        ours = Tool::Ours.package_name(),
        // The smoke run times the debug build it runs in.
        profile = if run.smoke { "debug" } else { "release" },
        yaml_limit = super::peers::OPENAPI_GENERATOR_YAML_LIMIT,
        oag = Tool::OpenApiGenerator.package_name(),
        prog = Tool::Progenitor.package_name(),
    );
}

fn ratio(theirs: Duration, ours: Duration) -> f64 {
    theirs.as_secs_f64() / ours.as_secs_f64().max(1e-9)
}

fn millis(duration: Duration) -> String {
    let ms = duration.as_secs_f64() * 1000.0;
    if ms >= 10_000.0 {
        format!("{:.1} s", ms / 1000.0)
    } else if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

fn seconds(duration: Duration) -> String {
    let total = duration.as_secs();
    format!("{} min {} s", total / 60, total % 60)
}

fn bytes(size: u64) -> String {
    if size >= 1 << 20 {
        format!("{:.1} MiB", size as f64 / f64::from(1 << 20))
    } else {
        format!("{:.1} KiB", size as f64 / 1024.0)
    }
}

/// Text safe inside a table cell.
fn escape(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::{verdict, Verdict};

    #[test]
    fn a_missing_comparison_makes_a_met_target_unknown_but_not_a_missed_one() {
        assert_eq!(verdict([Some(true), Some(true)].into_iter()), Verdict::Met);
        assert_eq!(verdict([Some(true), None].into_iter()), Verdict::Incomplete);
        assert_eq!(verdict([Some(false), None].into_iter()), Verdict::Missed);
    }
}
