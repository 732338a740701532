//! `src/mock.rs` (feature `mock`): a method per operation on the runtime's
//! mock `Server`, taking the path arguments of the `Client` method of the
//! same name and handing the runtime the operation's struct and request body
//! type. Serving, scripting and recording are the runtime's.

use proc_macro2::TokenStream;
use quote::quote;

use super::arguments::Value;
use super::runtime;
use super::rust_file::{RustFile, RustText};
use super::tokens::{docs, ident, module_docs, ty};
use crate::error::Error;
use crate::ir::{Api, BodyEncoding, Operation, ParamLocation, TypeRef};
use crate::rust_type::Scope;

pub fn text(api: &Api, header: &str) -> Result<RustText, Error> {
    let mut file = RustFile::new("src/mock.rs", header);
    file.inner(module_docs(
        "A stand-in for the API, for testing code that uses the [`Client`](crate::Client) without a \
         network (feature `mock`).\n\n\
         [`Server::start`] serves the API on 127.0.0.1. Each operation is a method of the server \
         that takes the path arguments of the `Client` method of the same name and returns its \
         [`Mock`]: script its replies with the crate's types (`responds`, `fails`, in order, the \
         last one repeated), and list the requests it received (`received`) with their query, \
         headers and body. [`Server::client`] is a client of the server.",
    ));
    if !api.operations.is_empty() {
        let path_types = api
            .operations
            .iter()
            .flat_map(|operation| &operation.params)
            .filter_map(|param| (param.location == ParamLocation::Path).then_some(&param.ty));
        let models =
            api.operations.iter().filter_map(json_body).chain(path_types).any(TypeRef::mentions_model).then(
                || {
                    quote!(
                        use crate::models;
                    )
                },
            );
        file.items(quote! {
            #models
            use crate::requests;
        });
    }
    file.items(quote!(
        pub use crate::runtime::mock::{Feed, MAX_REQUEST_BYTES, Mock, Received, Reply, Server};
    ));
    if runtime::event_streams(api) {
        file.items(quote!(
            pub use crate::runtime::EventFeed;
        ));
    }
    if !api.operations.is_empty() {
        file.block(quote!(impl Server), api.operations.iter().map(method));
    }
    file.finish()
}

/// The server's method for `operation`.
fn method(operation: &Operation) -> TokenStream {
    let name = operation.method_name.trim_start_matches("r#");
    let path: Vec<Value<'_>> = operation
        .params
        .iter()
        .filter(|param| param.location == ParamLocation::Path)
        .map(Value::param)
        .collect();
    let these = if path.is_empty() { "" } else { " for these path arguments" };
    let docs = docs(
        &format!(
            "The [`Mock`] of [`Client::{name}`](crate::Client::{name}){these}: script its replies, \
             see what it received."
        ),
        String::new,
    );
    let method = ident(&operation.method_name);
    let names: Vec<_> = path.iter().map(|value| ident(value.name)).collect();
    let arguments = path.iter().zip(&names).map(|(value, name)| {
        let argument = value.argument_type();
        quote!(#name: #argument)
    });
    // An argument that converts is stored as its type first, so that the path holds that.
    let conversions = path.iter().zip(&names).filter(|(value, _)| value.converts()).map(|(value, name)| {
        let (ty, stored) = (ty(value.ty, Scope::Outside), value.stored());
        quote!(let #name: #ty = #stored;)
    });
    let operation_struct = ident(&operation.struct_name);
    let body = json_body(operation).map(|body| {
        let body = ty(body, Scope::Outside);
        quote!(, #body)
    });
    quote! {
        #docs
        pub fn #method(&self #(, #arguments)*) -> Mock<'_, requests::#operation_struct #body> {
            #(#conversions)*
            self.mock(&[#(&#names),*])
        }
    }
}

/// The type a JSON request body decodes to, when the operation sends one.
fn json_body(operation: &Operation) -> Option<&TypeRef> {
    operation.body.as_ref().filter(|body| body.encoding == BodyEncoding::Json).map(|body| &body.ty)
}
