//! Generates a typed, async Rust client crate from an OpenAPI 3.1, 3.0 or
//! Swagger 2.0 document.
//!
//! The pipeline runs one way: [`load`] reads the document into `openapiv3`
//! types, `normalize` turns them into the [`ir`] (deciding every Rust name),
//! `emit` writes Rust an item at a time and the other files with tera, and
//! [`output`] writes the files or checks them against what is on disk.
//! Beside the crate, the pipeline writes [`description`]: the API as the
//! crate exposes it (`api.json`), which the next run's [`diff`] compares
//! with, to say what the change means for the crate's callers.

pub mod description;
pub mod diff;
mod emit;
pub mod error;
mod examples;
pub mod ir;
pub mod load;
pub mod markdown;
pub mod message;
#[cfg(test)]
mod module_cycles;
mod normalize;
pub mod output;
mod pointer;
pub mod rust_type;
pub mod rustfmt;
pub mod warning;

use std::path::PathBuf;

pub use error::{Error, ProblemKind, SpecProblem};
pub use output::Files;
pub use pointer::Pointer;
pub use warning::{LeftOut, Warning, WarningKind};

/// What to generate from.
#[derive(Clone, Debug)]
pub struct Options {
    /// The spec file (YAML, or JSON when it ends in `.json`).
    pub spec: PathBuf,
    /// How the spec is named in messages and the generated header, e.g.
    /// `spec/array-api.yaml`.
    pub spec_label: String,
    /// The Cargo package name; derived from `info.title` when `None`.
    pub package_name: Option<String>,
    /// A directory of example programs (`*.rs`) to ship in the crate's
    /// `examples/`, and how to name it in their header.
    pub examples: Option<(PathBuf, String)>,
    /// Emit an empty `[workspace]` table so the crate builds on its own even
    /// inside another workspace's directory tree. Off for a crate that is a
    /// member of the enclosing workspace.
    pub standalone: bool,
}

/// Generates the client crate described by `options` in memory. Nothing is
/// written; see [`output`] for that.
pub fn generate(options: &Options) -> Result<Files, Error> {
    files(&api(options)?, options)
}

/// Generates from an already parsed document.
pub fn generate_from(loaded: &load::Loaded, options: &Options) -> Result<Files, Error> {
    files(&api_from(loaded, options)?, options)
}

/// The IR of the spec `options` names: the first half of [`generate`], for
/// callers that look at the API (or adjust it) before emitting it.
pub fn api(options: &Options) -> Result<ir::Api, Error> {
    let loaded = load::load(&options.spec, &options.spec_label)?;
    api_from(&loaded, options)
}

/// The IR of an already parsed document.
pub fn api_from(loaded: &load::Loaded, options: &Options) -> Result<ir::Api, Error> {
    if let Some(name) = &options.package_name {
        if let Some(reason) = normalize::package_name_refusal(name) {
            return Err(Error::InvalidOption(format!("`{name}` cannot be the package name: it {reason}")));
        }
    }
    let settings = normalize::Settings {
        package_name: options.package_name.clone(),
        spec_label: options.spec_label.clone(),
        schema_copies: loaded.schema_copies.clone(),
    };
    let mut api = normalize::normalize(&loaded.api, &loaded.webhooks, &settings);
    let found = std::mem::take(&mut api.warnings);
    api.warnings = loaded.warnings.clone();
    api.warnings.extend(found.into_iter().map(|warning| loaded.origins.original_warning(warning)));
    warning::tidy(&mut api.warnings);
    for example in &mut api.examples {
        let (file, pointer) = loaded.origins.locate(&example.pointer);
        example.file = file;
        example.pointer = pointer;
    }
    Ok(api)
}

/// How `ty` is written in code outside the generated crate `crate_ident`:
/// `my_api::models::Pet`, `Vec<my_api::models::Pet>`. For tests and tools
/// that name the generated types, such as the examples harness.
pub fn type_path(ty: &ir::TypeRef, crate_ident: &str) -> String {
    rust_type::name(ty, rust_type::Scope::Outside)
        .replace("crate::", &format!("{crate_ident}::"))
        .replace("models::", &format!("{crate_ident}::models::"))
}

/// The files of the crate for `api`: the second half of [`generate`]. Beside the crate, the API
/// as the generator saw it (`api.json`), so the next run can say what changed.
pub fn files(api: &ir::Api, options: &Options) -> Result<Files, Error> {
    files_formatted_by(api, options, start_rustfmt()?)
}

/// Starts the rustfmt that lays the generated Rust files out (see [`rustfmt`]), for
/// [`files_formatted_by`]. Starting it takes longer than formatting a small crate: a caller
/// that starts it first, before reading the spec, has it ready by the time the files are.
pub fn start_rustfmt() -> Result<rustfmt::Rustfmt, Error> {
    emit::rustfmt()
}

/// [`files`], laid out by a rustfmt [`start_rustfmt`] started earlier.
pub fn files_formatted_by(
    api: &ir::Api,
    options: &Options,
    rustfmt: rustfmt::Rustfmt,
) -> Result<Files, Error> {
    let mut files = emit::emit(api, options.standalone, rustfmt)?;
    files.insert(description::FILE, description::text(&description::describe(api)));
    if let Some((dir, label)) = &options.examples {
        examples::add(&mut files, dir, label, &emit::header(&options.spec_label))?;
    }
    Ok(files)
}
