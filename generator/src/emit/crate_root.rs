//! `src/lib.rs`: the crate's docs (its README), modules and re-exports.

use quote::quote;

use super::runtime;
use super::rust_file::{RustFile, RustText};
use super::tokens::{docs, ident, string};
use crate::error::Error;
use crate::ir::{Api, Operation, OutcomeBody, SuccessBody, TypeRef};

pub fn text(api: &Api, header: &str) -> Result<RustText, Error> {
    let mut file = RustFile::new("src/lib.rs", header);
    file.inner(quote! {
        #![doc = include_str!("../README.md")]
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
    });
    file.comment(
        "Names, prose and arguments come from the spec, as its authors wrote them: a parameter may\n\
         be called `foo`, CommonMark lets a list item's text continue unindented or indented deeper,\n\
         and an operation's required parameters are its method's arguments.",
    );
    file.inner(quote! {
        #![allow(
            clippy::disallowed_names,
            clippy::doc_lazy_continuation,
            clippy::doc_overindented_list_items,
            clippy::too_many_arguments
        )]
    });
    // Deprecated models warn where they are named; the crate's own code names them to encode,
    // decode and pass them, and must not warn.
    let allow = api.has_deprecated_models().then(|| quote!(#[allow(deprecated)]));
    file.items(quote! {
        #allow
        mod client;
        #[cfg(feature = "mock")]
        #allow
        pub mod mock;
        #allow
        pub mod models;
        #allow
        pub mod requests;
        mod runtime;
    });
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
    if runtime::paged(api) {
        exports.extend(["Items", "Pages"]);
    }
    if runtime::streamed(api) {
        exports.push("ByteStream");
    }
    if runtime::event_streams(api) {
        exports.extend(["Event", "Events"]);
    }
    if runtime::uploads(api) {
        exports.push("Upload");
    }
    exports.sort_unstable();
    let exports = exports.into_iter().map(ident);
    file.items(quote! {
        pub use reqwest::StatusCode;
        pub use runtime::{#(#exports),*};
    });
    let reqwest_docs =
        docs("The HTTP client this crate uses, for [`ClientBuilder::http_client_builder`].", String::new);
    file.items(quote! {
        #reqwest_docs
        pub use reqwest;
    });
    for (name, text) in reexported_crates(api) {
        let (docs, name) = (docs(text, String::new), ident(name));
        file.items(quote! {
            #docs
            pub use #name;
        });
    }
    if let Some(url) = &api.default_base_url {
        let docs = docs("The API's base URL as the spec's first server entry gives it.", String::new);
        let url = string(url);
        file.items(quote! {
            #docs
            pub const DEFAULT_BASE_URL: &str = #url;
        });
    }
    file.finish()
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
