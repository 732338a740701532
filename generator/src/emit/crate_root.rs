//! `src/lib.rs`: the crate's docs (its README), modules and re-exports.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;

pub fn tokens(api: &Api) -> TokenStream {
    let default_base_url = api.default_base_url.as_ref().map(|_| quote!(DEFAULT_BASE_URL,));
    let recursion_limit = api.recursion_limit.map(|limit| {
        let limit = limit.to_string();
        // The drop check of deeply nested models needs more than the default.
        quote!(#![recursion_limit = #limit])
    });
    quote! {
        #![doc = include_str!("../README.md")]
        #![forbid(unsafe_code)]
        #recursion_limit
        #![warn(missing_docs)]

        #[cfg(feature = "blocking")]
        pub mod blocking;
        mod client;
        mod error;
        pub mod models;
        pub mod requests;
        mod runtime;

        pub use client::{Client, ClientBuilder, #default_base_url};
        pub use error::{ApiError, DecodeError, Error, ErrorBody};
        pub use runtime::{ApiResponse, RetryPolicy};
        /// The HTTP client this crate uses, for [`ClientBuilder::http_client`].
        pub use reqwest;
        pub use reqwest::StatusCode;
    }
}
