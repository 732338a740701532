//! The methods of an operation's request beyond the runtime's: a setter per
//! optional parameter (and an optional body), and a method per other media
//! type the response can come in.

use proc_macro2::TokenStream;
use quote::quote;

use super::arguments::Value;
use super::rust_file::RustFile;
use super::tokens::{docs, ident};
use crate::ir::{Operation, ParamLocation};
use crate::markdown;

pub fn write(file: &mut RustFile, operation: &Operation) {
    let params = operation.params.iter().filter(|param| !param.required).map(|param| {
        let place = match param.location {
            ParamLocation::Path => "path parameter",
            ParamLocation::Query => "query parameter",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
            ParamLocation::Form => "form field",
        };
        let sent = format!("Sent as {place} {}.", markdown::code(&param.wire_name));
        let docs = if param.docs.is_empty() { sent } else { format!("{}\n\n{sent}", param.docs) };
        setter(&Value::param(param), &docs)
    });
    let body = operation.body.iter().filter(|body| !body.required).map(|body| {
        let docs =
            if body.docs.trim().is_empty() { "The request body.".to_owned() } else { body.docs.clone() };
        setter(&Value::body(body), &docs)
    });
    let alternatives = operation.success.alternatives.iter().map(|alternative| {
        let media_type = markdown::code(&alternative.media_type);
        let docs = docs(
            &format!("Asks for {media_type} instead; awaiting the result gives the body's bytes."),
            String::new,
        );
        let (method, alternative) = (ident(&alternative.method_name), ident(&alternative.struct_name));
        quote! {
            #docs
            pub fn #method(self) -> Request<#alternative> {
                Request { client: self.client, options: self.options, op: #alternative(self.op) }
            }
        }
    });
    let members: Vec<TokenStream> = params.chain(body).chain(alternatives).collect();
    if !members.is_empty() {
        let builder = ident(&operation.builder_name);
        file.block(quote!(impl #builder), members);
    }
}

/// A setter that sets an optional parameter or body.
fn setter(value: &Value<'_>, text: &str) -> TokenStream {
    let docs = docs(text, String::new);
    let name = value.ident();
    let (argument, stored) = value.setter();
    quote! {
        #docs
        pub fn #name(mut self, #name: #argument) -> Self {
            self.op.#name = Some(#stored);
            self
        }
    }
}
