//! `src/blocking.rs` (feature `blocking`): the same client for callers
//! without an async runtime. Every type wraps its async counterpart; setters
//! forward to it and `send` runs the call on a private runtime.

use proc_macro2::TokenStream;
use quote::quote;

use super::client::{builder_docs, builder_setters, MethodSignature};
use super::requests::{setters, success_type};
use super::rust::{doc, ident, module_doc};
use crate::ir::{Api, Operation};
use crate::markdown;

pub fn tokens(api: &Api) -> TokenStream {
    let module_docs = module_doc(
        "A blocking client, for programs without an async runtime (feature `blocking`).\n\n\
         It has the same methods and request builders as the async [`Client`](crate::Client); \
         builders end in `.send()` instead of `.await`. Each client runs its calls on a private \
         runtime with one worker thread, so it works from any thread, including one inside another \
         tokio runtime (where the call blocks that thread, as any blocking call does).",
    );
    let builder_docs = builder_docs(api);
    let methods = api.operations.iter().map(|operation| {
        let MethodSignature { docs, name, arguments, argument_names, builder, .. } =
            MethodSignature::of(operation, true);
        // A deprecated operation is deprecated here too, and forwarding to
        // the async method is not a use the caller should be warned about.
        let allow_deprecated = operation.deprecated.then(|| quote!(#[allow(deprecated)]));
        quote! {
            #docs
            #allow_deprecated
            pub fn #name(&self, #(#arguments),*) -> #builder {
                #builder {
                    inner: self.inner.#name(#(#argument_names),*),
                    runtime: Arc::clone(&self.runtime),
                }
            }
        }
    });
    let client_setters = builder_setters(api).into_iter().map(|setter| setter.forwarding(false));
    let builders = api.operations.iter().map(request_builder);
    let has_alternatives = api.operations.iter().any(|operation| !operation.success.alternatives.is_empty());
    let raw_request = has_alternatives.then(raw_request);
    let models_import = api.operations_mention_models().then(|| {
        quote!(
            use crate::models;
        )
    });
    // Without operations (an OpenAPI 3.1 document of webhooks only),
    // nothing reads what the client holds.
    let unread = api.operations.is_empty().then(|| quote!(#[allow(dead_code)]));
    let crate_imports = if api.operations.is_empty() {
        quote!(
            use crate::{Error, RetryPolicy};
        )
    } else {
        quote!(
            use crate::{ApiResponse, Error, RetryPolicy, requests};
        )
    };
    quote! {
        #module_docs

        use std::sync::Arc;
        use std::time::Duration;

        use crate::runtime::blocking::BlockingRuntime;
        #crate_imports
        #models_import

        /// Blocking client; see the [module docs](self). Clones share one connection pool and
        /// one runtime.
        #[derive(Clone, Debug)]
        pub struct Client {
            #unread
            inner: crate::Client,
            #unread
            runtime: Arc<BlockingRuntime>,
        }

        /// Configures a blocking [`Client`], exactly like [`crate::ClientBuilder`].
        #[derive(Debug)]
        #[must_use = "a builder does nothing until `build` is called"]
        pub struct ClientBuilder {
            inner: crate::ClientBuilder,
        }

        impl Client {
            #builder_docs
            pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
                ClientBuilder { inner: crate::Client::builder(base_url) }
            }

            #(#methods)*
        }

        impl ClientBuilder {
            #(#client_setters)*

            /// Checks the settings, starts the client's runtime and builds the client.
            ///
            /// # Errors
            ///
            /// As [`crate::ClientBuilder::build`], and [`Error::Config`] when the runtime
            /// cannot start.
            pub fn build(self) -> Result<Client, Error> {
                Ok(Client {
                    inner: self.inner.build()?,
                    runtime: Arc::new(BlockingRuntime::new()?),
                })
            }
        }

        #raw_request

        #(#builders)*
    }
}

fn request_builder(operation: &Operation) -> TokenStream {
    let builder = ident(&operation.builder_name);
    let success = success_type(operation);
    let method_name = operation.method_name.trim_start_matches("r#");
    let docs = format!(
        " Blocking request builder for [`Client::{method_name}`]: set optional parameters, then call [`send`](Self::send)."
    );
    let setters = setters(operation).into_iter().map(|setter| setter.forwarding(true));
    let alternatives = operation.success.alternatives.iter().map(|alternative| {
        let name = ident(&alternative.method_name);
        let docs = doc(
            &format!(
                "Asks for {} instead; `send` then gives the body's bytes.",
                markdown::code(&alternative.media_type)
            ),
            String::new,
        );
        quote! {
            #docs
            pub fn #name(self) -> RawRequest {
                RawRequest { inner: self.inner.#name(), runtime: self.runtime }
            }
        }
    });
    let errors = doc(&format!("# Errors\n\nAs documented on [`crate::Client::{method_name}`]."), String::new);
    quote! {
        #[doc = #docs]
        #[derive(Clone, Debug)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #builder {
            inner: requests::#builder,
            runtime: Arc<BlockingRuntime>,
        }

        impl #builder {
            #(#setters)*

            #(#alternatives)*

            /// Sends the request, waits for the response and decodes it.
            ///
            #errors
            pub fn send(self) -> Result<#success, Error> {
                self.runtime.run(self.inner.send())
            }

            /// Like [`send`](Self::send), with the response's status and headers.
            ///
            #errors
            pub fn send_with_response(self) -> Result<ApiResponse<#success>, Error> {
                self.runtime.run(self.inner.send_with_response())
            }
        }
    }
}

fn raw_request() -> TokenStream {
    quote! {
        /// A blocking request for a representation other than JSON, from a request builder's
        /// `accept_*` method.
        #[derive(Debug)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct RawRequest {
            inner: requests::RawRequest,
            runtime: Arc<BlockingRuntime>,
        }

        impl RawRequest {
            /// Sends the request and returns the body as it arrived.
            ///
            /// # Errors
            ///
            /// As for the JSON form of the request; a response in another media type is an
            /// [`Error::Decode`].
            pub fn send(self) -> Result<bytes::Bytes, Error> {
                self.runtime.run(self.inner.send())
            }

            /// Like [`send`](Self::send), with the response's status and headers.
            ///
            /// # Errors
            ///
            /// As for [`send`](Self::send).
            pub fn send_with_response(self) -> Result<ApiResponse<bytes::Bytes>, Error> {
                self.runtime.run(self.inner.send_with_response())
            }
        }
    }
}
