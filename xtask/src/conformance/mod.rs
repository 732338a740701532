//! The conformance sweep: every operation of a spec called through its
//! generated client against Prism serving the same spec with request
//! validation on, once with the required arguments and once with every
//! optional one too, and every response decoded.
//!
//! `cargo xtask conformance --spec FILE` sweeps any spec: it generates the
//! crate into `target/conformance/<name>/` with the driver as an example,
//! builds it, and prints a line per operation that fails, then `N of M
//! operations conform`. `cargo xtask test` sweeps the array API and the
//! corpus with the crates it has built, checking each spec's failures
//! against its list of reasons outside this project ([`listed`]).
//!
//! - [`arguments`]: the calls, with values from the spec's valid examples
//!   or written from its schemas ([`synthesize`], [`schema`], [`pattern`]);
//! - [`driver`]: the program that makes them through the crate's `Client`,
//!   and [`execute`], which runs it;
//! - [`prism`]: the server, and [`recorder`], which shows what was sent;
//! - [`outcome`]: what each call got, and the check against the list
//!   ([`deep_object`]: what Prism's reader of form fields and query
//!   parameters gets wrong);
//! - [`command`]: `cargo xtask conformance`.

mod arguments;
mod command;
mod deep_object;
mod driver;
mod execute;
pub mod listed;
mod outcome;
mod pattern;
mod prism;
mod recorder;
mod schema;
mod synthesize;

use std::path::{Path, PathBuf};
use std::time::Duration;

use generator::{ir, Files, Options};
use serde_json::{json, Value};

use crate::harness::vendor_errors::VendorError;

pub use command::run;
pub use driver::example_name;
pub use listed::Listed;
pub use outcome::Summary;
pub use prism::Prism;

/// How long Prism may take to start: the largest spec takes well under a
/// minute on an idle machine, and much longer on a loaded one.
pub const PRISM_PATIENCE: Duration = Duration::from_secs(900);

/// What a sweep needs of one spec.
pub struct Spec {
    /// How messages name it.
    pub label: String,
    /// The file Prism serves.
    pub path: PathBuf,
    pub api: ir::Api,
    /// The spec as OpenAPI 3.0 JSON, as the generator read it.
    pub document: Value,
}

impl Spec {
    /// Loads the spec `options` names and generates its crate, with the
    /// driver among its examples.
    pub fn generate(options: &Options) -> Result<(Spec, Files), String> {
        let failed = |error: &dyn std::fmt::Display| format!("{}: {error}", options.spec_label);
        let loaded =
            generator::load::load(&options.spec, &options.spec_label).map_err(|error| failed(&error))?;
        let api = generator::api_from(&loaded, options).map_err(|error| failed(&error))?;
        let mut files = generator::files(&api, options).map_err(|error| failed(&error))?;
        files.insert(&format!("examples/{}.rs", example_name(&api.package_name)), driver::program(&api));
        let document = serde_json::to_value(&loaded.api).map_err(|error| failed(&error))?;
        let spec = Spec { label: options.spec_label.clone(), path: options.spec.clone(), api, document };
        Ok((spec, files))
    }
}

/// Makes every call of `spec` with the `driver` (its crate's example)
/// against `prism`, and checks the failures against `listed` and the
/// spec's listed wrong `examples`. The calls that fail are made once more
/// against a recorder, so that each failure shows the request as sent.
pub fn sweep(
    spec: &Spec,
    driver: &Path,
    prism: &mut Prism,
    listed: &'static [Listed],
    examples: &[VendorError],
) -> Result<Summary, String> {
    let document = schema::Document::new(spec.document.clone());
    let planned = arguments::plan(&spec.api, &document);
    // Each call as the driver reads it, and its operation and kind, by id.
    let mut calls = Vec::new();
    let mut made = Vec::new();
    for (index, operation) in planned.iter().enumerate() {
        for call in operation.calls.iter().flatten() {
            calls.push(json!({
                "id": made.len(),
                "method": operation.operation.method_name,
                "authorization": call.authorization,
                "args": call.args,
            }));
            made.push((index, call.kind));
        }
    }
    let outcomes = execute::calls(driver, prism, &mut calls)?;
    let mut operations: Vec<outcome::Operation> = planned.iter().map(outcome::Operation::of).collect();
    let mut failed = Vec::new();
    for (id, (index, kind)) in made.iter().enumerate() {
        let problem = match outcomes.get(&id) {
            Some(outcome) => outcome::problem(outcome, &planned[*index].only_errors),
            None => Some("the driver printed nothing for this call".to_owned()),
        };
        if let Some(problem) = problem {
            failed.push((id, *index, operations[*index].failures.len()));
            operations[*index].failures.push(outcome::Failure { call: *kind, problem, request: None });
        }
    }
    let again = failed.iter().map(|(id, _, _)| calls[*id].clone()).collect();
    for ((_, index, failure), request) in failed.iter().zip(execute::record(driver, again)?) {
        operations[*index].failures[*failure].request = request;
    }
    Ok(outcome::check(&operations, made.len(), listed, examples))
}
