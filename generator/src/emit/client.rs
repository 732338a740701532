//! `src/client.rs`: how a client is started, and the credentials the spec
//! declares as builder methods. The client itself and its other settings
//! are the runtime's; the operations are in `requests`.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust_file::{RustFile, RustText};
use super::tokens::{docs, ident, string};
use crate::error::Error;
use crate::ir::{Api, ApiKey, KeyLocation};
use crate::markdown;

pub fn text(api: &Api, header: &str) -> Result<RustText, Error> {
    let mut file = RustFile::new("src/client.rs", header);
    let credentials = !api.auth.api_keys.is_empty() || api.auth.basic || api.auth.bearer;
    if credentials {
        file.items(quote!(
            use crate::{Client, ClientBuilder, Credential, Secret};
        ));
    } else {
        file.items(quote!(
            use crate::{Client, ClientBuilder};
        ));
    }
    let builder_docs = docs(&builder_docs(api), String::new);
    file.block(
        quote!(impl Client),
        [quote! {
            #builder_docs
            pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
                ClientBuilder::new(base_url.into())
            }
        }],
    );
    if credentials {
        let keys = api.auth.api_keys.iter().map(api_key);
        let basic = api.auth.basic.then(|| {
            let docs = docs(
                "Authenticates with HTTP Basic credentials (RFC 7617, UTF-8). Replaces a bearer \
                 token set earlier.",
                String::new,
            );
            quote! {
                #docs
                pub fn basic_auth(self, username: impl Into<String>, password: impl Into<String>) -> Self {
                    self.credential(Credential::Basic(username.into(), Secret::new(password)))
                }
            }
        });
        let bearer = api.auth.bearer.then(|| {
            let docs = docs(
                "Authenticates with a bearer token (for example an OAuth2 access token), sent as \
                 `Authorization: Bearer <token>`. Replaces Basic credentials set earlier.",
                String::new,
            );
            quote! {
                #docs
                pub fn bearer_token(self, token: impl Into<String>) -> Self {
                    self.credential(Credential::Bearer(Secret::new(token)))
                }
            }
        });
        file.block(quote!(impl ClientBuilder), keys.chain(basic).chain(bearer));
    }
    file.finish()
}

/// Docs of `Client::builder`.
fn builder_docs(api: &Api) -> String {
    let example = match (&api.default_base_url, &api.base_path) {
        (Some(_), _) => " the base URL, e.g. [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL).".to_owned(),
        (None, Some(path)) => format!(
            " the base URL. The API is served under {}, so the base URL ends with it: {}.",
            markdown::code(path),
            markdown::code(&format!("https://api.example.com{path}"))
        ),
        (None, None) => " the base URL.".to_owned(),
    };
    format!("Starts configuring a client for the API at{example}")
}

/// The builder method that sets an API key.
fn api_key(key: &ApiKey) -> TokenStream {
    let docs = docs(&key.docs, String::new);
    let setter = ident(&key.setter);
    let location = ident(match key.location {
        KeyLocation::Header => "Header",
        KeyLocation::Query => "Query",
        KeyLocation::Cookie => "Cookie",
    });
    let name = string(&key.name);
    quote! {
        #docs
        pub fn #setter(self, key: impl Into<String>) -> Self {
            self.credential(Credential::#location(#name, Secret::new(key)))
        }
    }
}
