//! `src/lib.rs`: the crate's docs (its README), modules and re-exports.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::runtime;
use super::rust_file::{RustFile, RustText};
use super::tokens::{docs, example, ident, module_docs, string};
use crate::error::Error;
use crate::ir::{Api, Operation, OutcomeBody, SuccessBody, TypeRef};
use crate::markdown;

pub fn text(api: &Api, header: &str) -> Result<RustText, Error> {
    let mut file = RustFile::new("src/lib.rs", header);
    file.inner(quote! {
        #![doc = include_str!("../README.md")]
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
    });
    if let Some(sections) = tag_sections(api) {
        file.inner(module_docs(&sections));
    }
    file.comment(
        "Names, prose and arguments come from the spec, as its authors wrote them: a parameter may\n\
         be called `foo`, CommonMark lets a list item's text continue unindented or indented deeper,\n\
         and an operation's required parameters are its method's arguments.",
    );
    file.inner(quote! {
        #![allow(
            clippy::disallowed_names,
            clippy::doc_lazy_continuation,
            clippy::doc_overindented_list_items,
            clippy::too_many_arguments
        )]
    });
    // Deprecated models warn where they are named; the crate's own code names them to encode,
    // decode and pass them, and must not warn.
    let allow = api.has_deprecated_models().then(|| quote!(#[allow(deprecated)]));
    file.items(quote! {
        #allow
        mod client;
        #[cfg(feature = "mock")]
        #allow
        pub mod mock;
        #allow
        pub mod models;
        #allow
        pub mod requests;
        mod runtime;
    });
    file.items(custom_module(api));
    let mut exports = vec![
        "ApiError",
        "ApiResponse",
        "Client",
        "ClientBuilder",
        "Credential",
        "DecodeError",
        "Error",
        "ErrorBody",
        "RetryPolicy",
        "Secret",
    ];
    if api.uses_type(|ty| *ty == TypeRef::Base64) {
        exports.push("Base64Bytes");
    }
    if api.uses_type(|ty| *ty == TypeRef::File) {
        exports.push("FilePart");
    }
    if runtime::paged(api) {
        exports.extend(["Items", "Pages"]);
    }
    if runtime::streamed(api) {
        exports.push("ByteStream");
    }
    if runtime::event_streams(api) {
        exports.extend(["Event", "Events"]);
    }
    if runtime::uploads(api) {
        exports.push("Upload");
    }
    exports.sort_unstable();
    let exports = exports.into_iter().map(ident);
    file.items(quote! {
        pub use reqwest::StatusCode;
        pub use runtime::{#(#exports),*};
    });
    let reqwest_docs =
        docs("The HTTP client this crate uses, for [`ClientBuilder::http_client_builder`].", String::new);
    file.items(quote! {
        #reqwest_docs
        pub use reqwest;
    });
    for (name, text) in reexported_crates(api) {
        let (docs, name) = (docs(text, String::new), ident(name));
        file.items(quote! {
            #docs
            pub use #name;
        });
    }
    if let Some(url) = &api.default_base_url {
        let docs = docs("The API's base URL as the spec's first server entry gives it.", String::new);
        let url = string(url);
        file.items(quote! {
            #docs
            pub const DEFAULT_BASE_URL: &str = #url;
        });
    }
    file.finish()
}

/// The crate docs' index of the operations by tag: a section per tag, a line per operation,
/// linked to its method (an operation with several tags is in each). `None` when no operation
/// has a tag.
fn tag_sections(api: &Api) -> Option<String> {
    if api.tags.is_empty() {
        return None;
    }
    // Grouped once, so that a spec of many tags is not searched once per tag.
    let mut by_tag: HashMap<&str, Vec<&Operation>> = HashMap::new();
    for operation in &api.operations {
        for tag in &operation.tags {
            let group = by_tag.entry(tag.as_str()).or_default();
            // A tag an operation lists twice lists it once.
            if !group.last().is_some_and(|last| std::ptr::eq(*last, operation)) {
                group.push(operation);
            }
        }
    }
    let mut text =
        "## Operations by tag\n\nThe `Client` methods, grouped as the spec groups them.".to_owned();
    for tag in &api.tags {
        text.push_str(&format!("\n\n### {}\n\n", markdown::text(&tag.name)));
        let summary = markdown::summary(&tag.docs);
        if !summary.is_empty() {
            text.push_str(&summary);
            text.push_str("\n\n");
        }
        let tagged = by_tag.get(tag.name.as_str()).into_iter().flatten().copied();
        text.push_str(&index_lines(tagged));
    }
    let mut untagged = api.operations.iter().filter(|operation| operation.tags.is_empty()).peekable();
    if untagged.peek().is_some() {
        text.push_str("\n\n### Without a tag\n\n");
        text.push_str(&index_lines(untagged));
    }
    Some(text)
}

/// A line per operation: its method, linked, and its summary.
fn index_lines<'a>(operations: impl Iterator<Item = &'a Operation>) -> String {
    let lines: Vec<String> = operations
        .map(|operation| {
            let method = operation.method_name.trim_start_matches("r#");
            let mut line = format!("* [`{method}`](Client::{})", operation.method_name);
            let summary = markdown::summary(&operation.docs);
            if !summary.is_empty() {
                line.push_str(&format!(": {summary}"));
            }
            if operation.deprecated {
                line.push_str(" (deprecated)");
            }
            line
        })
        .collect();
    lines.join("\n")
}

/// `custom`: what a caller needs to call an endpoint the spec leaves out through the client,
/// with an example; the plumbing the operations share otherwise stays inside the crate.
fn custom_module(api: &Api) -> TokenStream {
    let krate = &api.crate_ident;
    let text = "Calling an endpoint the spec leaves out, with the client's credentials, timeouts, \
                retries and limits: describe it with a struct of its parameters that implements \
                [`Operation`](custom::Operation), and pass one to [`Client::request`]. The operations \
                in [`requests`] are written the same way.";
    let docs = docs(text, String::new);
    let example = example(&format!(
        "use {krate}::custom::{{Endpoint, Method, Operation, Parts, Reader, Response}};\n\
         \n\
         /// `POST /things/{{name}}/tags?replace=..` with a JSON list, answered with one.\n\
         struct TagThing {{\n\
         \x20   name: String,\n\
         \x20   replace: Option<bool>,\n\
         \x20   tags: Vec<String>,\n\
         }}\n\
         \n\
         impl Operation for TagThing {{\n\
         \x20   type Output = Vec<String>;\n\
         \x20   const ENDPOINT: &'static Endpoint = &Endpoint {{\n\
         \x20       name: \"tag_thing\",\n\
         \x20       id: \"tagThing\",\n\
         \x20       method: Method::POST,\n\
         \x20       template: \"/things/{{name}}/tags\",\n\
         \x20       accept: \"application/json\",\n\
         \x20       authenticated: true,\n\
         \x20       negotiates_content_type: false,\n\
         \x20   }};\n\
         \x20   const READ: Reader<Self::Output> = Response::json;\n\
         \n\
         \x20   fn write(&self, request: &mut Parts) {{\n\
         \x20       request.path(&[&self.name]);\n\
         \x20       request.query(\"replace\", self.replace.as_ref());\n\
         \x20       request.json(\"application/json\", &self.tags);\n\
         \x20   }}\n\
         }}\n\
         \n\
         # async fn example(client: {krate}::Client) -> Result<(), {krate}::Error> {{\n\
         let op = TagThing {{ name: \"pump\".to_owned(), replace: None, tags: vec![\"hot\".to_owned()] }};\n\
         let tags: Vec<String> = client.request(op).await?;\n\
         # Ok(())\n\
         # }}"
    ));
    let form = api.operations.iter().any(|operation| operation.form.is_some()).then(|| quote!(Form,));
    // Where the crate pages, a caller's own paged endpoint can page the same way.
    let paging = super::runtime::paged(api).then(|| quote!(Next, Paginated, Total,));
    quote! {
        #docs
        #[doc = ""]
        #example
        pub mod custom {
            pub use crate::runtime::{Endpoint, #form #paging Operation, Parts, Reader, Response};
            pub use reqwest::Method;
        }
    }
}

/// The crates whose types the crate's public API shows, beyond reqwest: re-exported, so a user
/// names them through this crate and never has to match their versions by hand. Only those the
/// spec's types need.
fn reexported_crates(api: &Api) -> Vec<(&'static str, &'static str)> {
    let crates = [
        ("bytes", "The `bytes` crate, whose `Bytes` carries binary bodies.", binary_bodies(api)),
        (
            "chrono",
            "The `chrono` crate, whose types hold the API's dates and times.",
            api.uses_type(|ty| matches!(ty, TypeRef::DateTime | TypeRef::Date)),
        ),
        (
            "serde_json",
            "The `serde_json` crate, whose `Value` holds free-form JSON.",
            api.uses_type(|ty| matches!(ty, TypeRef::Json | TypeRef::JsonObject)),
        ),
        (
            "uuid",
            "The `uuid` crate, whose `Uuid` holds the API's UUIDs.",
            api.uses_type(|ty| *ty == TypeRef::Uuid),
        ),
    ];
    crates.into_iter().filter(|(_, _, used)| *used).map(|(name, docs, _)| (name, docs)).collect()
}

/// Whether a parameter, body or result is `bytes::Bytes`: a binary request body, a file part
/// (made from bytes), or a response in a media type other than JSON and text.
fn binary_bodies(api: &Api) -> bool {
    let raw_result = |operation: &Operation| match &operation.success.body {
        SuccessBody::Raw => true,
        SuccessBody::Outcomes(outcomes) => {
            outcomes.variants.iter().any(|outcome| matches!(outcome.body, OutcomeBody::Raw(_)))
        }
        _ => false,
    };
    api.uses_type(|ty| matches!(ty, TypeRef::Bytes | TypeRef::File))
        || api
            .operations
            .iter()
            .any(|operation| raw_result(operation) || !operation.success.alternatives.is_empty())
}
