//! `src/client.rs`: `Client`, its builder with the spec's credentials, and
//! one method per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::requests::success_type;
use super::rust::{doc, ident, type_tokens, Scope};
use crate::ir::{Api, ApiKey, KeyLocation, Operation, TypeRef};

pub fn tokens(api: &Api) -> TokenStream {
    let client_docs = doc(
        &format!(
            "Async client for the {} (API version {}).\n\nBuild one with [`Client::builder`]. Clones are cheap and share \
             one connection pool, so keep one client and clone it where needed.",
            api.title, api.api_version
        ),
        String::new,
    );
    let default_base_url = api.default_base_url.as_ref().map(|url| {
        quote! {
            /// The API's base URL as the spec's first server entry gives it.
            pub const DEFAULT_BASE_URL: &str = #url;
        }
    });
    let builder_example = match &api.default_base_url {
        Some(_) => " the base URL, e.g. [`DEFAULT_BASE_URL`]",
        None => " the base URL",
    };
    let builder_docs = format!(" Starts configuring a client for the API at{builder_example}.");
    let methods = api.operations.iter().map(method);
    let api_keys = api.auth.api_keys.iter().map(api_key_setter);
    let basic = api.auth.basic.then(|| {
        quote! {
            /// Authenticates with HTTP Basic credentials (RFC 7617, UTF-8).
            /// Replaces a bearer token set earlier.
            pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
                self.config.credential(Credential::Basic {
                    username: username.into(),
                    password: Secret::new(password.into()),
                });
                self
            }
        }
    });
    let bearer = api.auth.bearer.then(|| {
        quote! {
            /// Authenticates with a bearer token (for example an OAuth2 access token), sent as
            /// `Authorization: Bearer <token>`. Replaces Basic credentials set earlier.
            pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
                self.config.credential(Credential::Bearer(Secret::new(token.into())));
                self
            }
        }
    });
    let uses_credentials = !api.auth.api_keys.is_empty() || api.auth.basic || api.auth.bearer;
    let credential_imports = uses_credentials.then(|| {
        quote!(
            use crate::runtime::{Credential, Secret};
        )
    });
    // Client methods take required parameters and bodies, which may be models.
    let takes_models = api.operations.iter().any(|operation| {
        let required_params = operation.params.iter().filter(|param| param.required).map(|param| &param.ty);
        let required_body = operation.body.iter().filter(|body| body.required).map(|body| &body.ty);
        required_params.chain(required_body).any(TypeRef::mentions_model)
    });
    let models_import = takes_models.then(|| {
        quote!(
            use crate::models;
        )
    });
    quote! {
        use std::sync::Arc;

        #credential_imports
        use crate::runtime::{Config, Transport};
        use crate::{Error, requests};
        #models_import

        #default_base_url

        /// Sent as `User-Agent` with every request.
        const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

        #client_docs
        #[derive(Clone, Debug)]
        pub struct Client {
            pub(crate) transport: Arc<Transport>,
        }

        /// Configures a [`Client`]; finish with [`build`](Self::build).
        ///
        /// Its `Debug` output never shows credentials.
        #[derive(Debug)]
        #[must_use = "a builder does nothing until `build` is called"]
        pub struct ClientBuilder {
            config: Config,
        }

        impl Client {
            #[doc = #builder_docs]
            pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
                ClientBuilder {
                    config: Config::new(base_url.into(), USER_AGENT),
                }
            }

            #(#methods)*
        }

        impl ClientBuilder {
            #(#api_keys)*
            #basic
            #bearer

            /// Sends requests through `client` instead of a default one, for example to set
            /// proxies or TLS roots.
            pub fn http_client(mut self, client: reqwest::Client) -> Self {
                self.config.http_client(client);
                self
            }

            /// Checks the settings and builds the client.
            ///
            /// # Errors
            ///
            /// [`Error::Config`] when the base URL is not an absolute `http` or `https` URL,
            /// or a credential has characters an HTTP header cannot carry.
            pub fn build(self) -> Result<Client, Error> {
                Ok(Client {
                    transport: Arc::new(self.config.build()?),
                })
            }
        }
    }
}

fn api_key_setter(key: &ApiKey) -> TokenStream {
    let setter = ident(&key.setter);
    let docs = doc(&key.docs, String::new);
    let name = &key.name;
    let variant = ident(match key.location {
        KeyLocation::Header => "Header",
        KeyLocation::Query => "Query",
        KeyLocation::Cookie => "Cookie",
    });
    quote! {
        #docs
        pub fn #setter(mut self, key: impl Into<String>) -> Self {
            self.config.credential(Credential::#variant {
                name: #name,
                value: Secret::new(key.into()),
            });
            self
        }
    }
}

/// The `Client` method of one operation: takes the required parameters and
/// returns the request builder.
fn method(operation: &Operation) -> TokenStream {
    let name = ident(&operation.method_name);
    let builder = ident(&operation.builder_name);
    let mut arguments = Vec::new();
    let mut values = Vec::new();
    let mut argument_docs = Vec::new();
    for param in operation.params.iter().filter(|param| param.required) {
        let argument = ident(&param.rust_name);
        let (ty, value) = argument_type(&param.ty, &argument);
        arguments.push(quote!(#argument: #ty));
        values.push(value);
        let summary = param.docs.lines().next().unwrap_or_default();
        argument_docs.push(format!("* `{}`: {summary}", param.rust_name.trim_start_matches("r#")));
    }
    if let Some(body) = operation.body.as_ref().filter(|body| body.required) {
        let argument = ident(&body.rust_name);
        let ty = type_tokens(&body.ty, Scope::Outside);
        arguments.push(quote!(#argument: #ty));
        values.push(quote!(#argument));
        let summary = body.docs.lines().next().unwrap_or("the request body");
        argument_docs.push(format!("* `{}`: {summary}", body.rust_name.trim_start_matches("r#")));
    }
    let mut text = operation.docs.clone();
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&format!("`{} {}`", operation.http_method.as_str(), operation.path));
    if !argument_docs.is_empty() {
        text.push_str("\n\n# Arguments\n\n");
        text.push_str(&argument_docs.join("\n"));
    }
    let success = success_type(operation);
    text.push_str(&format!(
        "\n\nAwait the returned builder for a `Result<{}, Error>`, after setting any optional parameters on it.",
        success.to_string().replace(' ', "")
    ));
    let docs = doc(&text, String::new);
    let errors = errors_doc(operation);
    let deprecated = operation.deprecated.then(|| quote!(#[deprecated]));
    quote! {
        #docs
        ///
        #errors
        #deprecated
        pub fn #name(&self, #(#arguments),*) -> requests::#builder {
            requests::#builder::new(self.clone(), #(#values),*)
        }
    }
}

/// Positional string arguments accept anything that converts into `String`.
fn argument_type(ty: &TypeRef, argument: &proc_macro2::Ident) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::String => (quote!(impl Into<String>), quote!(#argument.into())),
        other => (type_tokens(other, Scope::Outside), quote!(#argument)),
    }
}

/// The `# Errors` section shared by the client method and `send`.
pub fn errors_doc(operation: &Operation) -> TokenStream {
    let mut text =
        String::from("# Errors\n\n[`Error::Api`] when the server answers with a status outside 2xx");
    if operation.errors.is_empty() {
        text.push('.');
    } else {
        text.push_str("; the spec documents:\n");
        for error in &operation.errors {
            let description = error.docs.lines().next().unwrap_or_default();
            text.push_str(&format!("\n* `{}`: {description}", error.status));
        }
    }
    text.push_str(
        "\n\n[`Error::Transport`] when no response arrives, [`Error::Decode`] when the response \
         body does not match the result type, and [`Error::InvalidRequest`] when an argument \
         cannot be sent.",
    );
    doc(&text, String::new)
}
