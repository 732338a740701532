//! `src/requests.rs`: the operations. Each is a `Client` method, here, and
//! the items of `operation`: a struct of its parameters that implements the
//! runtime's `Operation` (how its request is written, how its response is
//! read), and setters for its optional parameters on the runtime's `Request`
//! of it. Everything else about a call is the runtime's, written once.

use proc_macro2::TokenStream;
use quote::quote;

use super::arguments::Value;
use super::rust_file::{RustFile, RustText};
use super::tokens::{ident, module_docs, string};
use super::{method_docs, operation, runtime};
use crate::error::Error;
use crate::ir::{Api, NextPage, Operation, Paging, SuccessBody};

pub fn text(api: &Api, header: &str) -> Result<RustText, Error> {
    let mut file = RustFile::new("src/requests.rs", header);
    // An API may have no operations (an OpenAPI 3.1 document of webhooks only): then nothing
    // here uses `Client` but the docs' link.
    let has_operations = !api.operations.is_empty();
    let client_link = if has_operations { "[`Client`]" } else { "[`Client`](crate::Client)" };
    file.inner(module_docs(&format!(
        "The operations. Each {client_link} method returns a [`Request`] of the operation's \
         parameters: set its optional parameters and options, then `.await` it (or call `send`, \
         or `send_with_response` for the status and headers too)."
    )));
    if has_operations {
        file.items(quote!(
            use reqwest::Method;
        ));
    }
    let client = has_operations.then(|| {
        quote!(
            use crate::Client;
        )
    });
    let models = api.operations_mention_models().then(|| {
        quote!(
            use crate::models;
        )
    });
    if client.is_some() || models.is_some() {
        file.items(quote!(#client #models));
    }
    file.items(quote!(
        pub use crate::runtime::{Request, ResponseFuture};
    ));
    let plumbing: Vec<_> = plumbing(api).into_iter().map(ident).collect();
    if !plumbing.is_empty() {
        file.items(quote!(use crate::runtime::{#(#plumbing),*};));
    }
    if has_operations {
        file.block(quote!(impl Client), api.operations.iter().map(|operation| client_method(api, operation)));
    }
    for operation in &api.operations {
        operation::write(&mut file, operation);
    }
    file.finish()
}

/// What the operations' items use of the runtime's plumbing, which the crate's `custom` module
/// offers callers: only what is used, so that nothing is imported in vain.
fn plumbing(api: &Api) -> Vec<&'static str> {
    let operations = &api.operations;
    let mut used = Vec::new();
    if !operations.is_empty() {
        used.extend(["Endpoint", "Operation", "Reader"]);
    }
    if operations.iter().any(|operation| operation.form.is_some()) {
        used.push("Form");
    }
    if operations.iter().any(operation::writes) {
        used.push("Parts");
    }
    let reads_with_response = |operation: &Operation| {
        matches!(
            operation.success.body,
            SuccessBody::Empty | SuccessBody::Json(_) | SuccessBody::JsonOrEmpty(_)
        )
    };
    if operations.iter().any(reads_with_response) {
        used.push("Response");
    }
    let schemes = operations.iter().filter_map(|operation| match &operation.paging {
        Some(Paging::Paged(pagination)) => Some(&pagination.next),
        _ => None,
    });
    let mut paged = false;
    for next in schemes {
        paged = true;
        if matches!(next, NextPage::Page { .. } | NextPage::Offset { .. }) && !used.contains(&"Total") {
            used.push("Total");
        }
    }
    if paged {
        used.extend(["Next", "Paginated"]);
    }
    if runtime::event_streams(api) {
        used.push("ServerEvents");
    }
    used.sort_unstable();
    used
}

/// The `Client` method of an operation: its required parameters are the arguments, and it
/// returns the request, to set the others on.
fn client_method(api: &Api, operation: &Operation) -> TokenStream {
    let docs = method_docs::attributes(api, operation);
    let deprecated = match (&operation.deprecation_note, operation.deprecated) {
        (Some(note), _) => {
            let note = string(note);
            Some(quote!(#[deprecated(note = #note)]))
        }
        (None, true) => Some(quote!(#[deprecated])),
        (None, false) => None,
    };
    let arguments = Value::arguments(operation);
    let params = arguments.iter().map(|value| {
        let (name, ty) = (value.ident(), value.argument_type());
        quote!(#name: #ty)
    });
    let fields: Vec<TokenStream> = arguments
        .iter()
        .map(Value::field)
        .chain(Value::optionals(operation).iter().map(|value| {
            let name = value.ident();
            quote!(#name: None)
        }))
        .collect();
    let (method, builder, op) =
        (ident(&operation.method_name), ident(&operation.builder_name), ident(&operation.struct_name));
    let op = if fields.is_empty() { quote!(#op) } else { quote!(#op { #(#fields),* }) };
    quote! {
        #docs
        #deprecated
        pub fn #method(&self #(, #params)*) -> #builder {
            self.request(#op)
        }
    }
}
