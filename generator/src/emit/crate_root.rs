//! `src/lib.rs`: the crate's docs (its README), modules and re-exports.

use super::code::{string, Code, Expr};
use crate::ir::{Api, TypeRef};

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
        exports.sort_unstable();
    }
    code.line("pub use reqwest::StatusCode;");
    code.use_list("pub use runtime::", &exports);
    code.gap();
    code.docs("The HTTP client this crate uses, for [`ClientBuilder::http_client_builder`].", String::new);
    code.line("pub use reqwest;");
    if let Some(url) = &api.default_base_url {
        code.gap();
        code.docs("The API's base URL as the spec's first server entry gives it.", String::new);
        code.assign("pub const DEFAULT_BASE_URL: &str =", &Expr::atom(string(url)), ";");
    }
    code.finish()
}
