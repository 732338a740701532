//! `src/lib.rs`: the crate's docs (its README), modules and re-exports.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, TypeRef};

pub fn tokens(api: &Api) -> TokenStream {
    let default_base_url = api.default_base_url.as_ref().map(|_| quote!(DEFAULT_BASE_URL,));
    let recursion_limit = api.recursion_limit.map(|limit| {
        let limit = limit.to_string();
        // The drop check of deeply nested models needs more than the default.
        quote!(#![recursion_limit = #limit])
    });
    let uses_base64 = api.uses_type(|ty| *ty == TypeRef::Base64);
    let base64 = uses_base64.then(|| {
        quote!(
            pub use runtime::base64_bytes::Base64Bytes;
        )
    });
    // Deprecated models warn where they are named; the crate's own code
    // names them to encode, decode and pass them, and must not warn.
    let allow_deprecated = api.has_deprecated_models().then(|| quote!(#[allow(deprecated)]));
    quote! {
        #![doc = include_str!("../README.md")]
        #![forbid(unsafe_code)]
        #recursion_limit
        #![warn(missing_docs)]
        // Names, prose and arguments come from the spec, as its authors
        // wrote them: a parameter may be called `foo`, CommonMark lets a list
        // item's text continue unindented or indented deeper, and an
        // operation's required parameters are its method's arguments.
        #![allow(
            clippy::disallowed_names,
            clippy::doc_lazy_continuation,
            clippy::doc_overindented_list_items,
            clippy::too_many_arguments
        )]

        #[cfg(feature = "blocking")]
        #allow_deprecated
        pub mod blocking;
        #allow_deprecated
        mod client;
        #allow_deprecated
        mod error;
        #allow_deprecated
        pub mod models;
        #allow_deprecated
        pub mod requests;
        mod runtime;

        #base64
        pub use client::{Client, ClientBuilder, #default_base_url};
        pub use error::{ApiError, DecodeError, Error, ErrorBody};
        pub use runtime::{ApiResponse, RetryPolicy};
        /// The HTTP client this crate uses, for [`ClientBuilder::http_client_builder`].
        pub use reqwest;
        pub use reqwest::StatusCode;
    }
}
