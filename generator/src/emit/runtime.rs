//! `src/runtime/`: the modules of the runtime (`generator/runtime/`) the
//! spec needs, copied as they are, and the `mod.rs` that lists them and
//! supplies what differs per API (the error body type, the headers API keys
//! travel in).

use quote::quote;

use super::rust_file::{RustFile, RustText};
use super::tokens::{docs, ident, module_docs, string, ty};
use crate::error::Error;
use crate::ir::{
    Api, BodyEncoding, KeyLocation, ListLayout, ModelKind, Paging, ParamLocation, Streaming, SuccessBody,
    TypeRef,
};
use crate::output::Files;
use crate::rust_type::Scope;

/// A module of the runtime: its name and source.
struct Module {
    name: &'static str,
    source: &'static str,
    /// What it makes public, re-exported by `mod.rs`.
    exports: &'static [&'static str],
    /// Whether the API needs it.
    needed: fn(&Api) -> bool,
}

macro_rules! source {
    ($name:literal) => {
        include_str!(concat!("../../runtime/", $name, ".rs"))
    };
}

/// Every module but `lib.rs` and `mod.rs`, which only the runtime crate has.
const MODULES: &[Module] = &[
    Module {
        name: "base64_bytes",
        source: source!("base64_bytes"),
        exports: &["Base64Bytes"],
        needed: |api| api.uses_type(|ty| *ty == TypeRef::Base64),
    },
    Module { name: "blocking", source: source!("blocking"), exports: &[], needed: |_| true },
    Module { name: "bodies", source: source!("bodies"), exports: &[], needed: other_bodies },
    Module {
        name: "client",
        source: source!("client"),
        exports: &["Client", "ClientBuilder", "Credential"],
        needed: |_| true,
    },
    Module { name: "decode", source: source!("decode"), exports: &[], needed: |_| true },
    Module { name: "endpoint", source: source!("endpoint"), exports: &["Endpoint"], needed: |_| true },
    Module { name: "enums", source: source!("enums"), exports: &[], needed: string_enums },
    Module {
        name: "error",
        source: source!("error"),
        exports: &["ApiError", "DecodeError", "Error"],
        needed: |_| true,
    },
    Module {
        name: "events",
        source: source!("events"),
        exports: &["Event", "Events", "ServerEvents"],
        needed: event_streams,
    },
    Module { name: "file_part", source: source!("file_part"), exports: &["FilePart"], needed: forms },
    Module { name: "form", source: source!("form"), exports: &["Form"], needed: forms },
    // Compiled with the `mock` feature only; the crate's `mock` module re-exports it.
    Module { name: "mock", source: source!("mock"), exports: &[], needed: |_| true },
    Module { name: "mock_serve", source: source!("mock_serve"), exports: &[], needed: |_| true },
    Module {
        name: "operation",
        source: source!("operation"),
        exports: &["Operation", "Reader", "Request", "ResponseFuture"],
        needed: |_| true,
    },
    Module {
        name: "pages",
        source: source!("pages"),
        exports: &["Items", "Next", "Pages", "Paginated", "Total"],
        needed: paged,
    },
    Module { name: "params", source: source!("params"), exports: &[], needed: other_params },
    Module { name: "parts", source: source!("parts"), exports: &["Parts"], needed: |_| true },
    Module { name: "redact", source: source!("redact"), exports: &["Secret"], needed: |_| true },
    Module {
        name: "response",
        source: source!("response"),
        exports: &["ApiResponse", "Response"],
        needed: |_| true,
    },
    Module { name: "retry", source: source!("retry"), exports: &["RetryPolicy"], needed: |_| true },
    Module { name: "send", source: source!("send"), exports: &[], needed: |_| true },
    Module { name: "setters", source: source!("setters"), exports: &[], needed: setters },
    Module { name: "sse", source: source!("sse"), exports: &[], needed: event_streams },
    Module { name: "stream", source: source!("stream"), exports: &["ByteStream"], needed: streamed },
    Module { name: "tagged", source: source!("tagged"), exports: &[], needed: tagged_unions },
    // The form module sends file parts read from streams through it.
    Module {
        name: "upload",
        source: source!("upload"),
        exports: &["Upload"],
        needed: |api| uploads(api) || forms(api),
    },
];

/// Adds the modules of `src/runtime/` the API needs to `files`.
pub fn add(api: &Api, header: &str, files: &mut Files) {
    for module in needed(api) {
        files.insert(&format!("src/runtime/{}.rs", module.name), format!("// {header}\n\n{}", module.source));
    }
}

fn needed(api: &Api) -> Vec<&'static Module> {
    MODULES.iter().filter(|module| (module.needed)(api)).collect()
}

/// `src/runtime/mod.rs`: the modules the API needs, and what differs per API.
pub fn mod_rs(api: &Api, header: &str) -> Result<RustText, Error> {
    let modules = needed(api);
    let mut file = RustFile::new("src/runtime/mod.rs", header);
    file.inner(module_docs(
        "HTTP plumbing every operation shares, from the generator's runtime: the client and its \
         settings, sending with retries, deadlines and limits, reading responses, and errors. \
         These are the modules this API needs, as they are for every API; this file supplies what \
         differs per API.",
    ));
    let declarations = modules.iter().map(|module| {
        let name = ident(module.name);
        match module.name {
            "blocking" => quote!(#[cfg(feature = "blocking")] mod #name;),
            "mock" => quote!(#[cfg(feature = "mock")] pub(crate) mod #name;),
            "mock_serve" => quote!(#[cfg(feature = "mock")] mod #name;),
            // The models call into it by path.
            "tagged" => quote!(pub(crate) mod #name;),
            _ => quote!(mod #name;),
        }
    });
    file.items(quote!(#(#declarations)*));
    // `Form` is public for form bodies, `FilePart` for file fields; a `deepObject` parameter needs
    // the modules, not the types.
    let form_bodies = api.operations.iter().any(|operation| operation.form.is_some());
    let file_fields = api.uses_type(|ty| *ty == TypeRef::File);
    let exports = modules
        .iter()
        .filter(|module| !module.exports.is_empty())
        .filter(|module| {
            (module.name != "form" || form_bodies) && (module.name != "file_part" || file_fields)
        })
        .filter(|module| module.name != "upload" || uploads(api))
        .map(|module| {
            let name = ident(module.name);
            let exports = module.exports.iter().map(|export| ident(export));
            quote!(pub use #name::{#(#exports),*};)
        });
    file.items(quote!(#(#exports)*));
    // How parameter values are written: the models implement these for their enums, UUIDs and
    // unions of scalars, which not every API has. Not public: a caller's own operation passes
    // strings, numbers and the models' types, which implement them already.
    file.items(quote!(
        #[allow(unused_imports)]
        pub(crate) use parts::{ParamValues, ToParam};
    ));
    if modules.iter().any(|module| module.name == "events") {
        file.items(quote!(
            #[cfg(feature = "mock")]
            pub use events::EventFeed;
        ));
    }
    if modules.iter().any(|module| module.name == "enums") {
        file.items(quote!(
            pub(crate) use enums::{deserialize_str, string_enum};
        ));
    }
    if modules.iter().any(|module| module.name == "setters") {
        file.items(quote!(
            pub(crate) use setters::setter;
        ));
    }
    let error_body_docs = docs("The body of an error response, as the spec declares it.", String::new);
    let error_body = match &api.error_body {
        TypeRef::Model(name) => {
            let name = ident(name);
            quote!(crate::models::#name)
        }
        other => ty(other, Scope::Outside),
    };
    file.items(quote! {
        #error_body_docs
        pub type ErrorBody = #error_body;
    });
    let headers_docs =
        docs("The headers the API's keys travel in, whose values `Debug` never shows.", String::new);
    // Header names are case-insensitive; HTTP libraries keep them lowercase.
    let headers = api
        .auth
        .api_keys
        .iter()
        .filter(|key| key.location == KeyLocation::Header)
        .map(|key| string(&key.name.to_ascii_lowercase()));
    file.items(quote! {
        #headers_docs
        const API_KEY_HEADERS: &[&str] = &[#(#headers),*];
    });
    file.finish()
}

/// Operations whose results come a page at a time.
pub(super) fn paged(api: &Api) -> bool {
    api.operations.iter().any(|operation| matches!(operation.paging, Some(Paging::Paged(_))))
}

/// The responses read as they arrive (`bytes_stream()`, `events()`), as each comes in the media
/// type the operation asks for first or in another.
fn streams(api: &Api) -> impl Iterator<Item = &Streaming> {
    api.operations.iter().flat_map(|operation| {
        let alternatives =
            operation.success.alternatives.iter().filter_map(|alternative| alternative.stream.as_ref());
        operation.success.stream.iter().chain(alternatives)
    })
}

pub(super) fn streamed(api: &Api) -> bool {
    streams(api).next().is_some()
}

pub(super) fn event_streams(api: &Api) -> bool {
    streams(api).any(|stream| matches!(stream, Streaming::Events(_)))
}

/// Binary request bodies and file parts, which the runtime's `Upload` can read as they are sent.
pub(super) fn uploads(api: &Api) -> bool {
    let mut bodies = api.operations.iter().filter_map(|operation| operation.body.as_ref());
    bodies.any(|body| body.encoding == BodyEncoding::Binary) || api.uses_type(|ty| *ty == TypeRef::File)
}

/// Bodies other than required JSON, and responses other than JSON or nothing.
fn other_bodies(api: &Api) -> bool {
    api.operations.iter().any(|operation| {
        let body =
            operation.body.as_ref().is_some_and(|body| body.encoding != BodyEncoding::Json || !body.required);
        let success = !matches!(operation.success.body, SuccessBody::Empty | SuccessBody::Json(_));
        body || success || !operation.success.alternatives.is_empty()
    })
}

fn other_params(api: &Api) -> bool {
    api.operations.iter().flat_map(|operation| &operation.params).any(|param| {
        param.location == ParamLocation::Cookie
            || (param.location == ParamLocation::Query && matches!(param.layout, ListLayout::Joined(_)))
    })
}

fn forms(api: &Api) -> bool {
    api.operations.iter().any(|operation| {
        operation.form.is_some()
            || operation.params.iter().any(|param| param.layout == ListLayout::DeepObject)
    })
}

fn string_enums(api: &Api) -> bool {
    api.models.iter().any(|model| {
        matches!(&model.kind, ModelKind::Enum(enumeration) if enumeration.repr == crate::ir::EnumRepr::String)
    })
}

/// A struct with an optional field `new` does not take.
fn setters(api: &Api) -> bool {
    api.models.iter().any(|model| {
        matches!(&model.kind, ModelKind::Struct(fields) if fields.fields.iter().any(|field| field.setter.is_some()))
    })
}

fn tagged_unions(api: &Api) -> bool {
    api.models
        .iter()
        .any(|model| matches!(&model.kind, ModelKind::Union(union) if union.discriminator.is_some()))
}
