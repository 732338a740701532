//! `src/requests.rs`: one request builder per operation. Required
//! parameters were given to the `Client` method; optional ones have
//! setters; awaiting the builder (or calling `send`) performs the call.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::{doc, ident, module_doc, type_tokens, Scope};
use crate::ir::{Api, ListLayout, Operation, Param, ParamLocation, SuccessBody, TypeRef};

pub fn tokens(api: &Api) -> TokenStream {
    let module_docs = module_doc(
        "Request builders, one per operation, returned by the [`Client`] methods.\n\n\
         Set optional parameters with the builder's methods, then `.await` it (or call `send`).",
    );
    let builders = api.operations.iter().map(builder);
    let uses_models = api.operations.iter().flat_map(Operation::signature_types).any(TypeRef::mentions_model);
    let models_import = uses_models.then(|| {
        quote!(
            use crate::models;
        )
    });
    quote! {
        #module_docs

        use std::future::{Future, IntoFuture};
        use std::pin::Pin;

        use crate::runtime::Operation;
        use crate::{Client, Error};
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
    }
}

/// The type a parameter (or body) value is stored as.
fn stored_type(ty: &TypeRef) -> TokenStream {
    type_tokens(ty, Scope::Outside)
}

fn builder(operation: &Operation) -> TokenStream {
    let builder = ident(&operation.builder_name);
    let success = success_type(operation);
    let required: Vec<&Param> = operation.params.iter().filter(|param| param.required).collect();
    let optional: Vec<&Param> = operation.params.iter().filter(|param| !param.required).collect();

    let mut field_names = Vec::new();
    let mut field_types = Vec::new();
    let mut new_args = Vec::new();
    for param in &required {
        let name = ident(&param.rust_name);
        let ty = stored_type(&param.ty);
        new_args.push(quote!(#name: #ty));
        field_names.push(name);
        field_types.push(ty);
    }
    let body = operation.body.as_ref();
    if let Some(body) = body.filter(|body| body.required) {
        let name = ident(&body.rust_name);
        let ty = stored_type(&body.ty);
        new_args.push(quote!(#name: #ty));
        field_names.push(name);
        field_types.push(ty);
    }
    let positional = field_names.clone();
    let mut defaulted = Vec::new();
    for param in &optional {
        let name = ident(&param.rust_name);
        let ty = stored_type(&param.ty);
        field_types.push(quote!(Option<#ty>));
        field_names.push(name.clone());
        defaulted.push(name);
    }
    if let Some(body) = body.filter(|body| !body.required) {
        let name = ident(&body.rust_name);
        let ty = stored_type(&body.ty);
        field_types.push(quote!(Option<#ty>));
        field_names.push(name.clone());
        defaulted.push(name);
    }

    let setters = optional.iter().map(|param| setter(param));
    let body_setter = body.filter(|body| !body.required).map(|body| {
        let name = ident(&body.rust_name);
        let ty = stored_type(&body.ty);
        let docs = doc(&body.docs, || "The request body.".to_owned());
        quote! {
            #docs
            pub fn #name(mut self, #name: #ty) -> Self {
                self.#name = Some(#name);
                self
            }
        }
    });
    let operation_static = operation_static(operation);
    let send_body = send_body(operation);
    let builder_docs = format!(
        " Request builder for [`Client::{}`]: set optional parameters, then `.await` it or call [`send`](Self::send).",
        operation.method_name.trim_start_matches("r#")
    );
    let errors = doc(
        &format!(
            "# Errors\n\nAs documented on [`Client::{}`].",
            operation.method_name.trim_start_matches("r#")
        ),
        String::new,
    );
    quote! {
        #operation_static

        #[doc = #builder_docs]
        #[derive(Clone, Debug)]
        #[must_use = "a request does nothing until it is awaited or sent"]
        pub struct #builder {
            client: Client,
            #(#field_names: #field_types,)*
        }

        impl #builder {
            pub(crate) fn new(client: Client, #(#new_args),*) -> Self {
                Self {
                    client,
                    #(#positional,)*
                    #(#defaulted: None,)*
                }
            }

            #(#setters)*
            #body_setter

            /// Sends the request and decodes the response.
            ///
            #errors
            pub async fn send(self) -> Result<#success, Error> {
                #send_body
            }
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
    let method = format_ident!("{}", operation.http_method.as_str());
    let path = &operation.path;
    let accept = &operation.success.accept;
    let authenticated = operation.authenticated;
    quote! {
        static #static_name: Operation = Operation {
            name: #name,
            method: reqwest::Method::#method,
            path: #path,
            accept: #accept,
            authenticated: #authenticated,
        };
    }
}

/// A setter for an optional parameter. Strings (and lists of strings) take
/// anything that converts into `String`.
fn setter(param: &Param) -> TokenStream {
    let name = ident(&param.rust_name);
    let where_sent = match param.location {
        ParamLocation::Path => format!("Sent as path parameter `{}`.", param.wire_name),
        ParamLocation::Query => format!("Sent as query parameter `{}`.", param.wire_name),
        ParamLocation::Header => format!("Sent as header `{}`.", param.wire_name),
    };
    let text = if param.docs.is_empty() { where_sent } else { format!("{}\n\n{where_sent}", param.docs) };
    let docs = doc(&text, String::new);
    let (argument, value) = match &param.ty {
        TypeRef::String => (quote!(impl Into<String>), quote!(#name.into())),
        TypeRef::List(item) if **item == TypeRef::String => (
            quote!(impl IntoIterator<Item = impl Into<String>>),
            quote!(#name.into_iter().map(Into::into).collect()),
        ),
        TypeRef::List(item) => {
            let item = stored_type(item);
            (quote!(impl IntoIterator<Item = #item>), quote!(#name.into_iter().collect()))
        }
        other => (stored_type(other), quote!(#name)),
    };
    quote! {
        #docs
        pub fn #name(mut self, #name: #argument) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}

fn send_body(operation: &Operation) -> TokenStream {
    let static_name = ident(&operation.static_name);
    let params = operation.params.iter().map(|param| {
        let name = ident(&param.rust_name);
        let wire = &param.wire_name;
        let value = if param.required { quote!(&self.#name) } else { quote!(self.#name.as_ref()) };
        match (param.location, param.layout) {
            (ParamLocation::Path, _) => quote!(.path_param(#wire, &self.#name)),
            (ParamLocation::Query, ListLayout::Joined(separator)) => {
                quote!(.query_joined(#wire, #value, #separator))
            }
            (ParamLocation::Query, _) => quote!(.query(#wire, #value)),
            (ParamLocation::Header, _) => quote!(.header(#wire, #value)),
        }
    });
    let body = operation.body.as_ref().map(|body| {
        let name = ident(&body.rust_name);
        let content_type = &body.content_type;
        if body.required {
            quote!(.json(#content_type, &self.#name))
        } else {
            quote!(.json_opt(#content_type, self.#name.as_ref()))
        }
    });
    let request = quote! {
        self.client
            .transport
            .request(&#static_name)
            #(#params)*
            #body
            .send()
            .await?
    };
    match &operation.success.body {
        SuccessBody::Empty => quote! {
            #request;
            Ok(())
        },
        SuccessBody::Json(_) => quote!(#request.json()),
        SuccessBody::JsonOrEmpty(_) => quote!(#request.json_or_empty()),
        SuccessBody::Raw => quote!(Ok(#request.bytes())),
    }
}
