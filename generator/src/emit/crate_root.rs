//! `src/lib.rs`: the crate's docs (its README), modules and re-exports.

use super::code::{string, Code, Expr};
use crate::ir::{Api, Operation, OutcomeBody, SuccessBody, TypeRef};

pub fn text(api: &Api, header: &str) -> String {
    let mut code = Code::new(header);
    code.gap();
    code.line("#![doc = include_str!(\"../README.md\")]");
    code.line("#![forbid(unsafe_code)]");
    if let Some(limit) = api.recursion_limit {
        // The drop check of deeply nested models needs more than the default.
        code.line(&format!("#![recursion_limit = \"{limit}\"]"));
    }
    code.line("#![warn(missing_docs)]");
    code.comment(
        "Names, prose and arguments come from the spec, as its authors wrote them: a parameter may\n\
         be called `foo`, CommonMark lets a list item's text continue unindented or indented deeper,\n\
         and an operation's required parameters are its method's arguments.",
    );
    let lints = [
        "clippy::disallowed_names",
        "clippy::doc_lazy_continuation",
        "clippy::doc_overindented_list_items",
        "clippy::too_many_arguments",
    ];
    code.inner_attr("allow", &lints.map(str::to_owned));
    code.gap();
    // Deprecated models warn where they are named; the crate's own code names them to encode,
    // decode and pass them, and must not warn.
    let allow_deprecated = api.has_deprecated_models();
    for (module, public) in
        [("client", false), ("mock", true), ("models", true), ("requests", true), ("runtime", false)]
    {
        if module == "mock" {
            code.line("#[cfg(feature = \"mock\")]");
        }
        if allow_deprecated && module != "runtime" {
            code.line("#[allow(deprecated)]");
        }
        code.line(&format!("{}mod {module};", if public { "pub " } else { "" }));
    }
    code.gap();
    let mut exports = vec![
        "ApiError",
        "ApiResponse",
        "Client",
        "ClientBuilder",
        "Credential",
        "DecodeError",
        "Error",
        "ErrorBody",
        "RetryPolicy",
        "Secret",
    ];
    if api.uses_type(|ty| *ty == TypeRef::Base64) {
        exports.push("Base64Bytes");
    }
    if api.uses_type(|ty| *ty == TypeRef::File) {
        exports.push("FilePart");
    }
    exports.sort_unstable();
    code.line("pub use reqwest::StatusCode;");
    code.use_list("pub use runtime::", &exports);
    code.gap();
    code.docs("The HTTP client this crate uses, for [`ClientBuilder::http_client_builder`].", String::new);
    code.line("pub use reqwest;");
    for (name, docs) in reexported_crates(api) {
        code.gap();
        code.docs(docs, String::new);
        code.line(&format!("pub use {name};"));
    }
    if let Some(url) = &api.default_base_url {
        code.gap();
        code.docs("The API's base URL as the spec's first server entry gives it.", String::new);
        code.assign("pub const DEFAULT_BASE_URL: &str =", &Expr::atom(string(url)), ";");
    }
    code.finish()
}

/// The crates whose types the crate's public API shows, beyond reqwest: re-exported, so a user
/// names them through this crate and never has to match their versions by hand. Only those the
/// spec's types need.
fn reexported_crates(api: &Api) -> Vec<(&'static str, &'static str)> {
    let crates = [
        ("bytes", "The `bytes` crate, whose `Bytes` carries binary bodies.", binary_bodies(api)),
        (
            "chrono",
            "The `chrono` crate, whose types hold the API's dates and times.",
            api.uses_type(|ty| matches!(ty, TypeRef::DateTime | TypeRef::Date)),
        ),
        (
            "serde_json",
            "The `serde_json` crate, whose `Value` holds free-form JSON.",
            api.uses_type(|ty| matches!(ty, TypeRef::Json | TypeRef::JsonObject)),
        ),
        (
            "uuid",
            "The `uuid` crate, whose `Uuid` holds the API's UUIDs.",
            api.uses_type(|ty| *ty == TypeRef::Uuid),
        ),
    ];
    crates.into_iter().filter(|(_, _, used)| *used).map(|(name, docs, _)| (name, docs)).collect()
}

/// Whether a parameter, body or result is `bytes::Bytes`: a binary request body, a file part
/// (made from bytes), or a response in a media type other than JSON and text.
fn binary_bodies(api: &Api) -> bool {
    let raw_result = |operation: &Operation| match &operation.success.body {
        SuccessBody::Raw => true,
        SuccessBody::Outcomes(outcomes) => {
            outcomes.variants.iter().any(|outcome| matches!(outcome.body, OutcomeBody::Raw(_)))
        }
        _ => false,
    };
    api.uses_type(|ty| matches!(ty, TypeRef::Bytes | TypeRef::File))
        || api
            .operations
            .iter()
            .any(|operation| raw_result(operation) || !operation.success.alternatives.is_empty())
}
