//! The conformance sweep of `cargo xtask test`: each swept crate's driver
//! (built with the fixtures) against its own Prism, all specs at once, each
//! checked against its list of operations that fail for a reason outside
//! this project.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use super::workspace::Swept;
use crate::conformance::{self, Prism, PRISM_PATIENCE};

/// Sweeps every crate of `swept`, each against the Prism of `prisms` in the
/// same place, with the driver the build made (`examples`).
pub fn all(swept: &[Swept], prisms: Vec<Prism>, examples: &BTreeMap<String, PathBuf>) -> Result<(), String> {
    let outcomes: Vec<Result<String, String>> = std::thread::scope(|scope| {
        let sweeps: Vec<_> = swept
            .iter()
            .zip(prisms)
            .map(|(swept, prism)| scope.spawn(move || one(swept, prism, examples)))
            .collect();
        sweeps
            .into_iter()
            .map(|sweep| sweep.join().unwrap_or_else(|_| Err("a sweep panicked".to_owned())))
            .collect()
    });
    let mut failures = Vec::new();
    for outcome in outcomes {
        match outcome {
            Ok(report) => print!("{report}"),
            Err(failure) => failures.push(failure),
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

/// One crate's sweep: its report, or the report of what fails.
fn one(swept: &Swept, mut prism: Prism, examples: &BTreeMap<String, PathBuf>) -> Result<String, String> {
    let name = conformance::example_name(&swept.package);
    let driver = examples
        .get(&name)
        .ok_or_else(|| format!("{}: the build made no example `{name}`", swept.package))?;
    let started =
        prism.wait_until_ready(PRISM_PATIENCE).map_err(|error| format!("{}: {error}", swept.package))?;
    let began = Instant::now();
    let summary = conformance::sweep(&swept.spec, driver, &mut prism, swept.listed, swept.examples)
        .map_err(|error| format!("{}: {error}\nPrism's last lines:\n{}", swept.package, prism.tail()))?;
    let mut report = format!(
        "{}: {}; {} calls in {:.1} s (Prism started in {:.1} s)\n",
        swept.spec.label,
        summary.line(),
        summary.calls,
        began.elapsed().as_secs_f64(),
        started.as_secs_f64()
    );
    if summary.passed() {
        return Ok(report);
    }
    for (line, details) in &summary.unlisted {
        let _ = write!(report, "  FAILS, not listed: {line}\n    {details}\n");
    }
    for stale in &summary.stale {
        let _ = writeln!(report, "  LISTED WRONGLY: {stale}");
    }
    let _ = writeln!(
        report,
        "  (served by `{}`; fix the failures that are ours, list in xtask/src/conformance/listed.rs only what the \
         vendor's spec or Prism gets wrong)",
        prism.command_line
    );
    Err(report)
}
