//! Stage 2: from `openapiv3` types to the [IR](crate::ir).
//!
//! Every Rust name is decided here. Nothing here refuses the document: what
//! cannot be generated is one schema (typed as `serde_json::Value`), one
//! operation or one security scheme (left out), each with a warning, so a
//! spec author sees everything to fix and still gets the rest.

mod bodies;
mod constructor;
mod deprecation;
mod docs;
mod enums;
mod examples;
mod formats;
mod graph;
#[cfg(test)]
mod model_tests;
mod names;
mod nesting;
mod objects;
mod operations;
mod package;
mod paging;
mod params;
mod refs;
mod responses;
mod security;
mod shape;
mod types;
mod unions;
mod variant_tags;
mod webhooks;
mod wire_names;

use indexmap::IndexMap;
use openapiv3::{OpenAPI, PathItem};

use crate::ir::Api;

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

/// Builds the IR of `api` and its (OpenAPI 3.1) `webhooks`. What cannot be
/// generated is one part of the document, left out or typed loosely with a
/// warning: a schema allows any value, an operation or security scheme is
/// left out.
pub fn normalize(api: &OpenAPI, webhooks: &IndexMap<String, PathItem>, settings: &Settings) -> Api {
    let mut types = types::TypeSpace::new(api, &settings.schema_copies);
    types.define_components();
    let mut security_warnings = Vec::new();
    let auth = security::auth(api, &mut security_warnings);
    let (mut operations, error_bodies) = operations::operations(&mut types);
    deprecation::notes(&mut operations);
    let webhooks = webhooks::webhooks(&mut types, webhooks);
    let (models, mut warnings, examples) = types.finish();
    warnings.extend(security_warnings);
    paging::detect(api, &mut operations, &models, &mut warnings);
    let package_name = package::name(settings.package_name.as_deref(), &api.info.title, &mut warnings);
    Api {
        crate_ident: package_name.replace('-', "_"),
        package_name,
        package_version: package::version(&api.info.version, &mut warnings),
        package_description: package::description(&api.info.title),
        title: api.info.title.clone(),
        api_version: api.info.version.clone(),
        docs: docs::join([api.info.description.as_deref()]),
        spec_label: settings.spec_label.clone(),
        default_base_url: default_base_url(api),
        base_path: base_path(api),
        auth,
        tags: tags(api, &operations),
        operations,
        webhooks,
        error_body: responses::common_error_body(&error_bodies),
        models,
        warnings,
        examples,
    }
}

/// The tags the operations carry, declared ones first in the spec's order.
fn tags(api: &OpenAPI, operations: &[crate::ir::Operation]) -> Vec<crate::ir::Tag> {
    let used: std::collections::HashSet<&str> =
        operations.iter().flat_map(|operation| operation.tags.iter().map(String::as_str)).collect();
    let mut seen = std::collections::HashSet::new();
    let declared = api
        .tags
        .iter()
        .filter(|tag| used.contains(tag.name.as_str()))
        .map(|tag| (tag.name.as_str(), docs::join([tag.description.as_deref()])));
    let undeclared = operations
        .iter()
        .flat_map(|operation| operation.tags.iter())
        .map(|tag| (tag.as_str(), String::new()));
    declared
        .chain(undeclared)
        .filter(|(name, _)| seen.insert(*name))
        .map(|(name, docs)| crate::ir::Tag { name: name.to_owned(), docs })
        .collect()
}

/// Why `name`, chosen by the caller, cannot be the package's name, or
/// `None` when it can (see [`package::refusal`]).
pub fn package_name_refusal(name: &str) -> Option<String> {
    package::refusal(name)
}

/// The first server URL, with its variables at their defaults, if it is
/// absolute. A user name or password in it is left out: the URL becomes a
/// constant in the crate and an example in its README, and credentials are
/// set on the client builder.
fn default_base_url(api: &OpenAPI) -> Option<String> {
    let server = api.servers.first()?;
    let url = substitute(&server.url, |name| {
        server.variables.as_ref()?.get(name).map(|variable| variable.default.as_str())
    });
    let rest = url.strip_prefix("http://").or_else(|| url.strip_prefix("https://"))?;
    let scheme = &url[..url.len() - rest.len()];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = match rest[..authority_end].rfind('@') {
        Some(at) => &rest[at + 1..],
        None => rest,
    };
    Some(format!("{scheme}{host}").trim_end_matches('/').to_owned())
}

/// `template` with each `{name}` that `value` knows replaced by its value,
/// in one pass over the template: a value holding `{other}` stays as it is,
/// so values cannot expand one another (each doubling the URL).
fn substitute<'v>(template: &str, value: impl Fn(&str) -> Option<&'v str>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find(['{', '}']).filter(|&close| after[close..].starts_with('}'));
        match close.and_then(|close| Some((value(&after[..close])?, close))) {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The first server URL when it is a path (`/v1`), without its trailing
/// slash; `None` for `/` and absolute URLs.
fn base_path(api: &OpenAPI) -> Option<String> {
    let url = api.servers.first()?.url.trim_end_matches('/');
    (url.starts_with('/') && !url.contains('{')).then(|| url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::substitute;

    #[test]
    fn server_variables_are_substituted_once_from_the_template() {
        let values = |name: &str| match name {
            "a" => Some("x"),
            "b" => Some("y"),
            "c" => Some("{a}{a}"),
            _ => None,
        };
        assert_eq!(substitute("https://{a}.{b}/v1", values), "https://x.y/v1");
        // A value naming a variable is text: each variable doubling the
        // next would make 40 variables a terabyte.
        assert_eq!(substitute("https://{c}{c}/", values), "https://{a}{a}{a}{a}/");
        assert_eq!(substitute("{unknown}/{a}/{/{{b}}/{", values), "{unknown}/x/{/{y}/{");
    }
}
