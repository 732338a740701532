//! `src/requests.rs`: the operations. Each is a `Client` method, here, and
//! the items of `operation`: a struct of its parameters that implements the
//! runtime's `Operation` (how its request is written, how its response is
//! read), and setters for its optional parameters on the runtime's `Request`
//! of it. Everything else about a call is the runtime's, written once.

use proc_macro2::TokenStream;
use quote::quote;

use super::arguments::Value;
use super::rust_file::{RustFile, RustText};
use super::tokens::{docs, ident, module_docs};
use super::{operation, runtime};
use crate::error::Error;
use crate::ir::{Api, Operation};
use crate::markdown;
use crate::rust_type::{self, Scope};

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
    let mut exports = vec![
        "Endpoint",
        "Operation",
        "ParamValues",
        "Parts",
        "Reader",
        "Request",
        "Response",
        "ResponseFuture",
        "ToParam",
    ];
    if api.operations.iter().any(|operation| operation.form.is_some()) {
        exports.push("Form");
    }
    if runtime::paged(api) {
        exports.extend(["Next", "Paginated", "Total"]);
    }
    if runtime::event_streams(api) {
        exports.push("ServerEvents");
    }
    exports.sort_unstable();
    let exports = exports.into_iter().map(ident);
    file.items(quote!(pub use crate::runtime::{#(#exports),*};));
    if has_operations {
        file.block(quote!(impl Client), api.operations.iter().map(client_method));
    }
    for operation in &api.operations {
        operation::write(&mut file, operation);
    }
    file.finish()
}

/// The `Client` method of an operation: its required parameters are the arguments, and it
/// returns the request, to set the others on.
fn client_method(operation: &Operation) -> TokenStream {
    let docs = docs(&method_docs(operation), String::new);
    let deprecated = operation.deprecated.then(|| quote!(#[deprecated]));
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

fn method_docs(operation: &Operation) -> String {
    let mut text = operation.docs.clone();
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&markdown::code(&format!("{} {}", operation.http_method.as_str(), operation.path)));
    if !operation.tags.is_empty() {
        let tags: Vec<String> = operation.tags.iter().map(|tag| markdown::code(tag)).collect();
        let label = if tags.len() == 1 { "tag" } else { "tags" };
        text.push_str(&format!(" ({label} {})", tags.join(", ")));
    }
    let success = rust_type::success(operation, Scope::Outside);
    text.push_str(&format!(": `.await` the request for a `{success}`"));
    if !Value::optionals(operation).is_empty() {
        text.push_str(", after setting its optional parameters");
    }
    text.push('.');
    let arguments: Vec<String> = Value::arguments(operation)
        .into_iter()
        .map(|value| {
            let summary = markdown::summary(value.docs);
            let name = value.name.trim_start_matches("r#");
            if summary.is_empty() {
                format!("* `{name}`")
            } else {
                format!("* `{name}`: {summary}")
            }
        })
        .collect();
    if !arguments.is_empty() {
        text.push_str("\n\n");
        text.push_str(&arguments.join("\n"));
    }
    text.push_str("\n\n# Errors\n\nAn [`Error`](crate::Error)");
    if operation.errors.is_empty() {
        text.push('.');
    } else {
        let documented: Vec<String> = operation
            .errors
            .iter()
            .map(|error| format!("{} ({})", markdown::code(&error.status), markdown::summary(&error.docs)))
            .collect();
        text.push_str(&format!("; the spec documents the statuses {}.", documented.join(", ")));
    }
    text
}
