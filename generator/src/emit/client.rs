//! `src/client.rs`: `Client`, its builder with the spec's credentials and
//! the client-wide settings, and one method per operation.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::requests::success_type;
use super::rust::{doc, ident, type_tokens, Scope};
use super::setters::Setter;
use crate::ir::{Api, ApiKey, KeyLocation, Operation, TypeRef};
use crate::markdown;

pub fn tokens(api: &Api) -> TokenStream {
    let client_docs = doc(
        &format!(
            "Async client for the {} (API version {}).\n\nBuild one with [`Client::builder`]. Clones are cheap and \
             share one connection pool, so keep one client and clone it where needed.",
            markdown::text(&api.title),
            markdown::code(&api.api_version)
        ),
        String::new,
    );
    let default_base_url = api.default_base_url.as_ref().map(|url| {
        quote! {
            /// The API's base URL as the spec's first server entry gives it.
            pub const DEFAULT_BASE_URL: &str = #url;
        }
    });
    let builder_docs = builder_docs(api);
    let methods = api.operations.iter().map(|operation| {
        let signature = MethodSignature::of(operation, false);
        let MethodSignature { docs, name, arguments, values, builder, .. } = &signature;
        quote! {
            #docs
            pub fn #name(&self, #(#arguments),*) -> requests::#builder {
                requests::#builder::new(self.clone(), #(#values),*)
            }
        }
    });
    let setters = builder_setters(api).into_iter().map(|setter| setter.method());
    let uses_credentials = !api.auth.api_keys.is_empty() || api.auth.basic || api.auth.bearer;
    let credential_imports = uses_credentials.then(|| {
        quote!(
            use crate::runtime::config::{Credential, Secret};
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
    // An API without operations (an OpenAPI 3.1 document of webhooks only)
    // has no builders, and nothing reads the transport.
    let has_operations = !api.operations.is_empty();
    let crate_imports = if has_operations {
        quote!(
            use crate::{Error, RetryPolicy, requests};
        )
    } else {
        quote!(
            use crate::{Error, RetryPolicy};
        )
    };
    let unread = (!has_operations).then(|| quote!(#[allow(dead_code)]));
    quote! {
        use std::sync::Arc;
        use std::time::Duration;

        #credential_imports
        use crate::runtime::config::Config;
        use crate::runtime::transport::Transport;
        #crate_imports
        #models_import

        #default_base_url

        /// Sent as `User-Agent` with every request.
        const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

        #client_docs
        #[derive(Clone, Debug)]
        pub struct Client {
            #unread
            pub(crate) transport: Arc<Transport>,
        }

        /// Configures a [`Client`]; finish with [`build`](Self::build).
        ///
        /// Defaults: a 10 s connect timeout, a 60 s timeout for each call (retries included),
        /// [`RetryPolicy::default`], and responses of at most 64 MiB. Redirects are followed within
        /// the API's origin only, no `Referer` is sent, and responses are not decompressed. Its
        /// `Debug` output never shows credentials.
        #[derive(Debug)]
        #[must_use = "a builder does nothing until `build` is called"]
        pub struct ClientBuilder {
            config: Config,
        }

        impl Client {
            #builder_docs
            pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
                ClientBuilder {
                    config: Config::new(base_url.into(), USER_AGENT),
                }
            }

            #(#methods)*
        }

        impl ClientBuilder {
            #(#setters)*

            /// Checks the settings and builds the client.
            ///
            /// # Errors
            ///
            /// [`Error::Config`] when the base URL is not an absolute `http` or `https` URL,
            /// or a credential or default header has characters an HTTP header cannot carry.
            pub fn build(self) -> Result<Client, Error> {
                Ok(Client {
                    transport: Arc::new(self.config.build()?),
                })
            }
        }
    }
}

/// Docs of `Client::builder` (shared with the blocking client).
pub fn builder_docs(api: &Api) -> TokenStream {
    let example = match (&api.default_base_url, &api.base_path) {
        (Some(_), _) => " the base URL, e.g. [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL).".to_owned(),
        (None, Some(path)) => format!(
            " the base URL. The API is served under {}, so the base URL ends with it: {}.",
            markdown::code(path),
            markdown::code(&format!("https://api.example.com{path}"))
        ),
        (None, None) => " the base URL.".to_owned(),
    };
    doc(&format!("Starts configuring a client for the API at{example}"), String::new)
}

/// The `ClientBuilder` methods: the spec's credentials, then the settings
/// every client has.
pub fn builder_setters(api: &Api) -> Vec<Setter> {
    let mut setters: Vec<Setter> = api.auth.api_keys.iter().map(api_key_setter).collect();
    let username = ident("username");
    let password = ident("password");
    let token = ident("token");
    let into_string = quote!(impl Into<String>);
    if api.auth.basic {
        setters.push(Setter {
            docs: doc(
                "Authenticates with HTTP Basic credentials (RFC 7617, UTF-8). Replaces a bearer token set earlier.",
                String::new,
            ),
            name: ident("basic_auth"),
            arguments: vec![(username.clone(), into_string.clone()), (password.clone(), into_string.clone())],
            body: quote! {
                self.config.credential(Credential::Basic {
                    username: #username.into(),
                    password: Secret::new(#password.into()),
                });
            },
        });
    }
    if api.auth.bearer {
        setters.push(Setter {
            docs: doc(
                "Authenticates with a bearer token (for example an OAuth2 access token), sent as \
                 `Authorization: Bearer <token>`. Replaces Basic credentials set earlier.",
                String::new,
            ),
            name: ident("bearer_token"),
            arguments: vec![(token.clone(), into_string.clone())],
            body: quote!(self.config.credential(Credential::Bearer(Secret::new(#token.into())));),
        });
    }
    let timeout = ident("timeout");
    let policy = ident("policy");
    let name = ident("name");
    let value = ident("value");
    let limit = ident("limit");
    let builder = ident("builder");
    setters.extend([
        Setter {
            docs: doc(
                "How long a whole call may take, every attempt and the waits between them included \
                 (default 60 s). A request builder's `timeout` overrides it for one call.",
                String::new,
            ),
            name: ident("timeout"),
            arguments: vec![(timeout.clone(), quote!(Duration))],
            body: quote!(self.config.timeout(#timeout);),
        },
        Setter {
            docs: doc(
                "How long opening a connection may take (default 10 s; with \
                 [`http_client_builder`](Self::http_client_builder), that builder's own unless set here).",
                String::new,
            ),
            name: ident("connect_timeout"),
            arguments: vec![(timeout.clone(), quote!(Duration))],
            body: quote!(self.config.connect_timeout(#timeout);),
        },
        Setter {
            docs: doc(
                "When failed calls are tried again (default: [`RetryPolicy::default`]); \
                 [`RetryPolicy::never`] turns retries off.",
                String::new,
            ),
            name: ident("retry_policy"),
            arguments: vec![(policy.clone(), quote!(RetryPolicy))],
            body: quote!(self.config.retry_policy(#policy);),
        },
        Setter {
            docs: doc(
                "Adds a header to every request. Headers the operation sets (credentials, parameters) \
                 take precedence; its value is never shown by `Debug`.",
                String::new,
            ),
            name: ident("default_header"),
            arguments: vec![(name.clone(), into_string.clone()), (value.clone(), into_string)],
            body: quote!(self.config.default_header(#name.into(), #value.into());),
        },
        Setter {
            docs: doc(
                "The largest successful response body a call reads, in bytes (default 64 MiB). A larger \
                 one ends the call with [`Error::ResponseTooLarge`] as soon as its `Content-Length` says \
                 so or the limit is passed while reading, so a server cannot make the client hold more. \
                 Error responses keep only their first 64 KiB.",
                String::new,
            ),
            name: ident("max_response_bytes"),
            arguments: vec![(limit.clone(), quote!(u64))],
            body: quote!(self.config.max_response_bytes(#limit);),
        },
        Setter {
            docs: doc(
                "Builds the HTTP client from `builder` instead of a default one, for example to set \
                 proxies or TLS roots. Two of its settings are replaced when the client is built: \
                 redirects are followed within the API's origin only, and no `Referer` header is sent, \
                 so credentials (an API key in a header, or in a query string a `Referer` would repeat) \
                 never reach another host. Its decompression settings are kept; the response limits \
                 then count decompressed bytes.",
                String::new,
            ),
            name: ident("http_client_builder"),
            arguments: vec![(builder.clone(), quote!(reqwest::ClientBuilder))],
            body: quote!(self.config.http_client_builder(#builder);),
        },
    ]);
    setters
}

fn api_key_setter(key: &ApiKey) -> Setter {
    let name = &key.name;
    let variant = ident(match key.location {
        KeyLocation::Header => "Header",
        KeyLocation::Query => "Query",
        KeyLocation::Cookie => "Cookie",
    });
    let argument = ident("key");
    Setter {
        docs: doc(&key.docs, String::new),
        name: ident(&key.setter),
        arguments: vec![(argument.clone(), quote!(impl Into<String>))],
        body: quote! {
            self.config.credential(Credential::#variant {
                name: #name,
                value: Secret::new(#argument.into()),
            });
        },
    }
}

/// The `Client` method of one operation: docs, name, arguments (required
/// parameters, then the required body) and how they are passed to the
/// builder. Shared with the blocking client.
pub struct MethodSignature {
    pub docs: TokenStream,
    pub name: Ident,
    /// `name: Type` for each argument.
    pub arguments: Vec<TokenStream>,
    /// The argument names, in order.
    pub argument_names: Vec<Ident>,
    /// What the builder's `new` gets for each argument.
    pub values: Vec<TokenStream>,
    pub builder: Ident,
}

impl MethodSignature {
    /// The signature on the async client, or on the blocking one.
    pub fn of(operation: &Operation, blocking: bool) -> Self {
        let mut arguments = Vec::new();
        let mut argument_names = Vec::new();
        let mut values = Vec::new();
        let mut argument_docs = Vec::new();
        for param in operation.params.iter().filter(|param| param.required) {
            let argument = ident(&param.rust_name);
            let (ty, value) = if param.into {
                into_argument(&param.ty, &argument)
            } else {
                argument_type(&param.ty, &argument)
            };
            arguments.push(quote!(#argument: #ty));
            argument_names.push(argument);
            values.push(value);
            argument_docs.push(argument_doc(&param.rust_name, &markdown::summary(&param.docs)));
        }
        if let Some(body) = operation.body.as_ref().filter(|body| body.required) {
            let argument = ident(&body.rust_name);
            let (ty, value) = argument_type(&body.ty, &argument);
            arguments.push(quote!(#argument: #ty));
            values.push(value);
            argument_names.push(argument);
            let summary = Some(markdown::summary(&body.docs)).filter(|summary| !summary.is_empty());
            argument_docs
                .push(argument_doc(&body.rust_name, summary.as_deref().unwrap_or("the request body")));
        }
        let mut text = operation.docs.clone();
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&markdown::code(&format!("{} {}", operation.http_method.as_str(), operation.path)));
        if !operation.tags.is_empty() {
            let tags: Vec<String> = operation.tags.iter().map(|tag| markdown::code(tag)).collect();
            let label = if tags.len() == 1 { "Tag" } else { "Tags" };
            text.push_str(&format!(" ({label}: {})", tags.join(", ")));
        }
        if !argument_docs.is_empty() {
            text.push_str("\n\n# Arguments\n\n");
            text.push_str(&argument_docs.join("\n"));
        }
        let success = success_type(operation).to_string().replace(' ', "");
        let finish = if blocking { "Call `send` on" } else { "Await" };
        text.push_str(&format!(
            "\n\n{finish} the returned builder for a `Result<{success}, Error>`, after setting any optional parameters on it."
        ));
        let body_docs = doc(&text, String::new);
        let errors = errors_doc(operation);
        let deprecated = operation.deprecated.then(|| quote!(#[deprecated]));
        MethodSignature {
            docs: quote! {
                #body_docs
                ///
                #errors
                #deprecated
            },
            name: ident(&operation.method_name),
            arguments,
            argument_names,
            values,
            builder: ident(&operation.builder_name),
        }
    }
}

/// One line of a method's `# Arguments` section.
fn argument_doc(name: &str, summary: &str) -> String {
    let name = name.trim_start_matches("r#");
    if summary.is_empty() {
        format!("* `{name}`")
    } else {
        format!("* `{name}`: {summary}")
    }
}

/// An argument that takes anything converting into its type (a union's
/// members): `impl Into<models::NameOrId>`.
pub fn into_argument(ty: &TypeRef, argument: &Ident) -> (TokenStream, TokenStream) {
    let ty = type_tokens(ty, Scope::Outside);
    (quote!(impl Into<#ty>), quote!(#argument.into()))
}

/// Positional string and byte arguments accept anything that converts into
/// `String` or `Bytes`.
fn argument_type(ty: &TypeRef, argument: &Ident) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::String => (quote!(impl Into<String>), quote!(#argument.into())),
        TypeRef::Bytes => (quote!(impl Into<bytes::Bytes>), quote!(#argument.into())),
        other => (type_tokens(other, Scope::Outside), quote!(#argument)),
    }
}

/// The `# Errors` section of a client method.
fn errors_doc(operation: &Operation) -> TokenStream {
    let mut text =
        String::from("# Errors\n\n[`Error::Api`] when the server answers with a status outside 2xx");
    if operation.errors.is_empty() {
        text.push('.');
    } else {
        text.push_str("; the spec documents:\n");
        for error in &operation.errors {
            let description = markdown::summary(&error.docs);
            text.push_str(&format!("\n* {}: {description}", markdown::code(&error.status)));
        }
    }
    text.push_str(
        "\n\n[`Error::Transport`] when no response arrives in time, [`Error::Decode`] when the response \
         body does not match the result type, and [`Error::InvalidRequest`] when an argument \
         cannot be sent.",
    );
    doc(&text, String::new)
}
