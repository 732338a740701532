//! `src/requests.rs`: one request builder per operation. Required
//! parameters were given to the `Client` method; optional ones and
//! per-request options have setters; awaiting the builder (or calling
//! `send`) performs the call.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::outcomes;
use super::rust::{doc, ident, module_doc, type_tokens, Scope};
use super::setters::Setter;
use crate::ir::{
    Api, BodyEncoding, FormEncoding, HttpMethod, ListLayout, Operation, Param, ParamLocation, SuccessBody,
    TypeRef,
};
use crate::markdown;

pub fn tokens(api: &Api) -> TokenStream {
    // Without operations the module does not import `Client`.
    let client_link = if api.operations.is_empty() { "[`Client`](crate::Client)" } else { "[`Client`]" };
    let module_docs = module_doc(&format!(
        "Request builders, one per operation, returned by the {client_link} methods.\n\n\
         Set optional parameters and per-request options with the builder's methods, then `.await` it \
         (or call `send`, or `send_with_response` for the status and headers too)."
    ));
    let builders = api.operations.iter().map(builder);
    let models_import = api.operations_mention_models().then(|| {
        quote!(
            use crate::models;
        )
    });
    // An API may have no operations (an OpenAPI 3.1 document of webhooks
    // only): then the builders' imports would be unused.
    let imports = if api.operations.is_empty() {
        quote! {
            use std::future::Future;
            use std::pin::Pin;

            pub use crate::runtime::RawRequest;
            use crate::Error;
        }
    } else {
        quote! {
            use std::future::{Future, IntoFuture};
            use std::pin::Pin;
            use std::time::Duration;

            pub use crate::runtime::RawRequest;
            use crate::runtime::request::{Request, RequestOptions};
            use crate::runtime::transport::Operation;
            use crate::{ApiResponse, Client, Error, RetryPolicy};
        }
    };
    quote! {
        #module_docs

        #imports
        #models_import

        /// The future an awaited request builder runs.
        pub type ResponseFuture<T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

        #(#builders)*
    }
}

/// The Rust type of a successful result.
pub fn success_type(operation: &Operation) -> TokenStream {
    match &operation.success.body {
        SuccessBody::Empty => quote!(()),
        SuccessBody::Json(ty) => type_tokens(ty, Scope::Outside),
        SuccessBody::JsonOrEmpty(ty) => {
            let ty = type_tokens(ty, Scope::Outside);
            quote!(Option<#ty>)
        }
        SuccessBody::Raw => quote!(bytes::Bytes),
        SuccessBody::Text => quote!(String),
        SuccessBody::Outcomes(outcomes) => {
            let name = ident(&outcomes.type_name);
            quote!(crate::requests::#name)
        }
    }
}

/// The type a parameter (or body) value is stored as.
fn stored_type(ty: &TypeRef) -> TokenStream {
    type_tokens(ty, Scope::Outside)
}

/// Every setter of an operation's builder: optional parameters, an
/// optional body, and the per-request options.
pub fn setters(operation: &Operation) -> Vec<Setter> {
    let mut setters: Vec<Setter> =
        operation.params.iter().filter(|param| !param.required).map(param_setter).collect();
    if let Some(body) = operation.body.as_ref().filter(|body| !body.required) {
        let name = ident(&body.rust_name);
        let (argument, value) = setter_argument(&body.ty, &name);
        setters.push(Setter {
            docs: doc(&body.docs, || "The request body.".to_owned()),
            arguments: vec![(name.clone(), argument)],
            body: quote!(self.#name = Some(#value);),
            name,
        });
    }
    setters.extend(option_setters(operation));
    setters
}

/// A setter for an optional parameter. Strings (and lists of strings) take
/// anything that converts into `String`.
fn param_setter(param: &Param) -> Setter {
    let name = ident(&param.rust_name);
    let place = match param.location {
        ParamLocation::Path => "path parameter",
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
        ParamLocation::Form => "form field",
    };
    let where_sent = format!("Sent as {place} {}.", markdown::code(&param.wire_name));
    let text = if param.docs.is_empty() { where_sent } else { format!("{}\n\n{where_sent}", param.docs) };
    let (argument, value) = if param.into {
        super::client::into_argument(&param.ty, &name)
    } else {
        setter_argument(&param.ty, &name)
    };
    Setter {
        docs: doc(&text, String::new),
        arguments: vec![(name.clone(), argument)],
        body: quote!(self.#name = Some(#value);),
        name,
    }
}

/// A setter's argument type and how the stored value is made from it:
/// strings, bytes and lists take anything that converts.
fn setter_argument(ty: &TypeRef, name: &proc_macro2::Ident) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::String => (quote!(impl Into<String>), quote!(#name.into())),
        TypeRef::List(item) if **item == TypeRef::String => (
            quote!(impl IntoIterator<Item = impl Into<String>>),
            quote!(#name.into_iter().map(Into::into).collect()),
        ),
        TypeRef::List(item) => {
            let item = stored_type(item);
            (quote!(impl IntoIterator<Item = #item>), quote!(#name.into_iter().collect()))
        }
        TypeRef::Bytes => (quote!(impl Into<bytes::Bytes>), quote!(#name.into())),
        other => (stored_type(other), quote!(#name)),
    }
}

/// Per-request options. Opting POST and PATCH into retries is offered on
/// those methods only.
fn option_setters(operation: &Operation) -> Vec<Setter> {
    let timeout = ident("timeout");
    let policy = ident("policy");
    let name = ident("name");
    let value = ident("value");
    let mut setters = vec![
        Setter {
            docs: doc(
                "Replaces the client's timeout for this call: the whole call, retries and the waits \
                 between them included, ends with [`Error::Transport`] (`is_timeout()`) once it passes.",
                String::new,
            ),
            name: ident("timeout"),
            arguments: vec![(timeout.clone(), quote!(Duration))],
            body: quote!(self.options.timeout = Some(#timeout);),
        },
        Setter {
            docs: doc(
                "Replaces the client's retry policy for this call; [`RetryPolicy::never`] turns retries off.",
                String::new,
            ),
            name: ident("retry_policy"),
            arguments: vec![(policy.clone(), quote!(RetryPolicy))],
            body: quote!(self.options.retry = Some(#policy);),
        },
        Setter {
            docs: doc(
                "Adds a header to this request, after (and over) every other header, credentials included.",
                String::new,
            ),
            name: ident("header"),
            arguments: vec![
                (name.clone(), quote!(impl Into<String>)),
                (value.clone(), quote!(impl Into<String>)),
            ],
            body: quote!(self.options.header(#name.into(), #value.into());),
        },
    ];
    if matches!(operation.http_method, HttpMethod::Post | HttpMethod::Patch) {
        setters.push(Setter {
            docs: doc(
                &format!(
                    "Lets the retry policy repeat this {} request. {} is not idempotent, so it is never retried \
                     unless you say repeating it is safe.",
                    operation.http_method.as_str(),
                    operation.http_method.as_str()
                ),
                String::new,
            ),
            name: ident("retry_non_idempotent"),
            arguments: Vec::new(),
            body: quote!(self.options.retry_non_idempotent = true;),
        });
    }
    setters
}

fn builder(operation: &Operation) -> TokenStream {
    let builder = ident(&operation.builder_name);
    let success = success_type(operation);
    let body = operation.body.as_ref();

    let mut field_names = Vec::new();
    let mut field_types = Vec::new();
    let mut new_args = Vec::new();
    for param in operation.params.iter().filter(|param| param.required) {
        let name = ident(&param.rust_name);
        let ty = stored_type(&param.ty);
        new_args.push(quote!(#name: #ty));
        field_names.push(name);
        field_types.push(ty);
    }
    if let Some(body) = body.filter(|body| body.required) {
        let name = ident(&body.rust_name);
        let ty = stored_type(&body.ty);
        new_args.push(quote!(#name: #ty));
        field_names.push(name);
        field_types.push(ty);
    }
    let positional = field_names.clone();
    let mut defaulted = Vec::new();
    let optional_types = operation
        .params
        .iter()
        .filter(|param| !param.required)
        .map(|param| (&param.rust_name, &param.ty))
        .chain(body.filter(|body| !body.required).map(|body| (&body.rust_name, &body.ty)));
    for (name, ty) in optional_types {
        let name = ident(name);
        let ty = stored_type(ty);
        field_types.push(quote!(Option<#ty>));
        field_names.push(name.clone());
        defaulted.push(name);
    }

    let setters = setters(operation).into_iter().map(|setter| setter.method());
    let alternatives = operation.success.alternatives.iter().map(|alternative| {
        let name = ident(&alternative.method_name);
        let media_type = &alternative.media_type;
        let docs = doc(
            &format!(
                "Asks for {} instead; awaiting the result gives the body's bytes.",
                markdown::code(media_type)
            ),
            String::new,
        );
        quote! {
            #docs
            pub fn #name(self) -> RawRequest {
                RawRequest::new(self.into_request(), #media_type)
            }
        }
    });
    let operation_static = operation_static(operation);
    let into_request = into_request(operation);
    let decode = match &operation.success.body {
        SuccessBody::Empty => quote!(Ok(response.empty())),
        SuccessBody::Json(_) => quote!(response.json()),
        SuccessBody::JsonOrEmpty(_) => quote!(response.json_or_empty()),
        SuccessBody::Raw => {
            let media_type = &operation.success.accept;
            quote!(response.bytes(#media_type))
        }
        SuccessBody::Text => {
            let media_type = &operation.success.accept;
            quote!(response.text(#media_type))
        }
        SuccessBody::Outcomes(outcomes) => outcomes::decode(outcomes),
    };
    let outcomes_enum = match &operation.success.body {
        SuccessBody::Outcomes(outcomes) => Some(outcomes::definition(operation, outcomes)),
        _ => None,
    };
    let send = match &operation.success.body {
        SuccessBody::Empty => quote! {
            self.send_with_response().await?;
            Ok(())
        },
        _ => quote!(Ok(self.send_with_response().await?.into_body())),
    };
    let method_name = operation.method_name.trim_start_matches("r#");
    let builder_docs = format!(
        " Request builder for [`Client::{method_name}`]: set optional parameters, then `.await` it or call [`send`](Self::send)."
    );
    let errors = doc(&format!("# Errors\n\nAs documented on [`Client::{method_name}`]."), String::new);
    quote! {
        #operation_static

        #outcomes_enum

        #[doc = #builder_docs]
        #[derive(Clone, Debug)]
        #[must_use = "a request does nothing until it is awaited or sent"]
        pub struct #builder {
            client: Client,
            options: RequestOptions,
            #(#field_names: #field_types,)*
        }

        impl #builder {
            pub(crate) fn new(client: Client, #(#new_args),*) -> Self {
                Self {
                    client,
                    options: RequestOptions::default(),
                    #(#positional,)*
                    #(#defaulted: None,)*
                }
            }

            #(#setters)*

            #(#alternatives)*

            /// Sends the request and decodes the response.
            ///
            #errors
            pub async fn send(self) -> Result<#success, Error> {
                #send
            }

            /// Like [`send`](Self::send), with the response's status and headers.
            ///
            #errors
            pub async fn send_with_response(self) -> Result<ApiResponse<#success>, Error> {
                let response = self.into_request().send().await?;
                #decode
            }

            #into_request
        }

        impl IntoFuture for #builder {
            type Output = Result<#success, Error>;
            type IntoFuture = ResponseFuture<#success>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }
    }
}

fn operation_static(operation: &Operation) -> TokenStream {
    let static_name = ident(&operation.static_name);
    let name = operation.method_name.trim_start_matches("r#");
    let id = &operation.id;
    let method = format_ident!("{}", operation.http_method.as_str());
    let path = &operation.path;
    let accept = &operation.success.accept;
    let authenticated = operation.authenticated;
    let content_type_negotiation = operation.content_type_negotiation;
    quote! {
        static #static_name: Operation = Operation {
            name: #name,
            id: #id,
            method: reqwest::Method::#method,
            path: #path,
            accept: #accept,
            authenticated: #authenticated,
            content_type_negotiation: #content_type_negotiation,
        };
    }
}

/// The request the builder describes, not yet sent.
fn into_request(operation: &Operation) -> TokenStream {
    let static_name = ident(&operation.static_name);
    let params = operation.params.iter().map(|param| {
        let name = ident(&param.rust_name);
        let wire = &param.wire_name;
        let value = if param.required { quote!(&self.#name) } else { quote!(self.#name.as_ref()) };
        // Serialized values (deep objects, form fields) take an `Option` either way.
        let optional = if param.required { quote!(Some(&self.#name)) } else { quote!(self.#name.as_ref()) };
        match (param.location, param.layout) {
            (ParamLocation::Path, _) => quote!(.path_param(#wire, &self.#name)),
            (ParamLocation::Query, ListLayout::DeepObject) => quote!(.query_deep(#wire, #optional)),
            (ParamLocation::Query, ListLayout::Joined(separator)) => {
                quote!(.query_joined(#wire, #value, #separator))
            }
            (ParamLocation::Query, _) => quote!(.query(#wire, #value)),
            (ParamLocation::Header, _) => quote!(.header(#wire, #value)),
            (ParamLocation::Cookie, _) => quote!(.cookie(#wire, #value)),
            (ParamLocation::Form, _) if param.ty == TypeRef::Bytes => quote!(.form_file(#wire, #optional)),
            (ParamLocation::Form, _) => quote!(.form_field(#wire, #optional)),
        }
    });
    let form = operation.form.map(|encoding| match encoding {
        FormEncoding::UrlEncoded => quote!(.urlencoded("application/x-www-form-urlencoded")),
        FormEncoding::Multipart => quote!(.multipart()),
    });
    let body = operation.body.as_ref().map(|body| {
        let name = ident(&body.rust_name);
        let content_type = &body.content_type;
        let value = if body.required { quote!(Some(&self.#name)) } else { quote!(self.#name.as_ref()) };
        match body.encoding {
            BodyEncoding::Json if body.required => quote!(.json(#content_type, &self.#name)),
            BodyEncoding::Json => quote!(.json_opt(#content_type, self.#name.as_ref())),
            BodyEncoding::Text => quote!(.text(#content_type, #value)),
            BodyEncoding::Binary => quote!(.bytes(#content_type, #value)),
        }
    });
    quote! {
        fn into_request(self) -> Request {
            self.client
                .transport
                .request(&#static_name, self.options)
                #(#params)*
                #form
                #body
        }
    }
}
