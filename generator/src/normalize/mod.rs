//! Stage 2: from `openapiv3` types to the [IR](crate::ir).
//!
//! Every Rust name is decided here. Problems are collected rather than
//! returned at the first one, so a spec author sees everything to fix.

mod bodies;
mod constructor;
mod docs;
mod enums;
mod examples;
mod formats;
mod graph;
#[cfg(test)]
mod model_tests;
mod names;
mod objects;
mod operations;
mod paging;
mod params;
mod refs;
mod responses;
mod security;
mod shape;
mod types;
mod unions;
mod webhooks;
mod wire_names;

use heck::ToKebabCase;
use indexmap::IndexMap;
use openapiv3::{OpenAPI, PathItem};

use crate::error::SpecProblem;
use crate::ir::{Api, Auth};

/// Choices that do not come from the spec.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The Cargo package name; derived from `info.title` when `None`.
    pub package_name: Option<String>,
    /// How the spec file is named in the "generated from" header.
    pub spec_label: String,
    /// Schemas written inline that are also components (see
    /// [`crate::load::Loaded::schema_copies`]).
    pub schema_copies: std::collections::HashMap<String, String>,
}

/// Builds the IR of `api` and its (OpenAPI 3.1) `webhooks`, or every
/// problem found.
pub fn normalize(
    api: &OpenAPI,
    webhooks: &IndexMap<String, PathItem>,
    settings: &Settings,
) -> Result<Api, Vec<SpecProblem>> {
    let mut types = types::TypeSpace::new(api, &settings.schema_copies);
    let mut problems = types.define_components();
    problems.extend(wire_names::check(api));
    let mut security_warnings = Vec::new();
    let auth = security::auth(api, &mut security_warnings).unwrap_or_else(|problem| {
        problems.push(problem);
        Auth::default()
    });
    let (mut operations, error_bodies) = operations::operations(&mut types, &mut problems);
    let webhooks = webhooks::webhooks(&mut types, webhooks, &mut problems);
    if !problems.is_empty() {
        problems.sort_by(|a, b| a.pointer.as_str().cmp(b.pointer.as_str()));
        problems.dedup();
        return Err(problems);
    }
    let package_name =
        settings.package_name.clone().unwrap_or_else(|| package_name_from_title(&api.info.title));
    let (models, nesting_depth, mut warnings, examples) = types.finish();
    warnings.extend(security_warnings);
    paging::detect(api, &mut operations, &models, &mut warnings);
    Ok(Api {
        crate_ident: package_name.replace('-', "_"),
        package_name,
        package_version: package_version(&api.info.version),
        title: api.info.title.clone(),
        api_version: api.info.version.clone(),
        docs: docs::join([api.info.description.as_deref()]),
        spec_label: settings.spec_label.clone(),
        default_base_url: default_base_url(api),
        base_path: base_path(api),
        auth,
        operations,
        webhooks,
        error_body: responses::common_error_body(&error_bodies),
        models,
        recursion_limit: recursion_limit(nesting_depth),
        warnings,
        examples,
    })
}

/// rustc's default recursion limit.
const DEFAULT_RECURSION_LIMIT: usize = 128;

/// A recursion limit for the generated crate when its types nest too deeply
/// for the default: each model level costs the drop check a few steps
/// (`Option`, `Box`, `Vec`, the struct), so allow four per level and some
/// headroom, rounded up to a power of two.
fn recursion_limit(nesting_depth: usize) -> Option<usize> {
    let needed = nesting_depth.saturating_mul(4).saturating_add(32);
    (needed > DEFAULT_RECURSION_LIMIT).then(|| needed.next_power_of_two())
}

/// Whether `name` can be a Cargo package name.
pub fn is_valid_package_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn package_name_from_title(title: &str) -> String {
    let mut name = title.to_kebab_case();
    name.retain(|c| c.is_ascii_alphanumeric() || c == '-');
    if is_valid_package_name(&name) {
        name
    } else {
        "api-client".to_owned()
    }
}

/// The API version when it is a semantic version (the package then tracks
/// the API), `0.1.0` otherwise.
fn package_version(version: &str) -> String {
    let core = version.split(['-', '+']).next().unwrap_or_default();
    let numbers: Vec<&str> = core.split('.').collect();
    let is_semver = numbers.len() == 3
        && numbers.iter().all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        && version.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'));
    if is_semver {
        version.to_owned()
    } else {
        "0.1.0".to_owned()
    }
}

/// The first server URL, with its variables at their defaults, if it is
/// absolute. A user name or password in it is left out: the URL becomes a
/// constant in the crate and an example in its README, and credentials are
/// set on the client builder.
fn default_base_url(api: &OpenAPI) -> Option<String> {
    let server = api.servers.first()?;
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    let rest = url.strip_prefix("http://").or_else(|| url.strip_prefix("https://"))?;
    let scheme = &url[..url.len() - rest.len()];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = match rest[..authority_end].rfind('@') {
        Some(at) => &rest[at + 1..],
        None => rest,
    };
    Some(format!("{scheme}{host}").trim_end_matches('/').to_owned())
}

/// The first server URL when it is a path (`/v1`), without its trailing
/// slash; `None` for `/` and absolute URLs.
fn base_path(api: &OpenAPI) -> Option<String> {
    let url = api.servers.first()?.url.trim_end_matches('/');
    (url.starts_with('/') && !url.contains('{')).then(|| url.to_owned())
}
