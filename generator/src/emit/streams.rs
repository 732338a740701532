//! What an operation whose response can be read as it arrives needs beyond
//! its `Operation` impl: the `ServerEvents` impl of an event stream (the
//! type its events' data decodes to, and the data that ends it), which gives
//! its requests `events()`. A binary response needs nothing here: its output
//! is `Bytes`, and the runtime's `bytes_stream()` is there for every such
//! request.

use quote::quote;
use serde::Serialize;

use super::rust_file::RustFile;
use super::templates::{all_arguments_are_strings, call};
use super::tokens::{ident, string, ty};
use crate::ir::{Api, EventStream, Operation, Paging, Streaming};
use crate::markdown;
use crate::rust_type::Scope;

pub fn write(file: &mut RustFile, operation: &Operation) {
    if let Some(Streaming::Events(events)) = &operation.success.stream {
        server_events(file, &operation.struct_name, events);
    }
    for alternative in &operation.success.alternatives {
        if let Some(Streaming::Events(events)) = &alternative.stream {
            server_events(file, &alternative.struct_name, events);
        }
    }
}

fn server_events(file: &mut RustFile, struct_name: &str, events: &EventStream) {
    let name = ident(struct_name);
    let data = ty(&events.data, Scope::Outside);
    let json = events.json;
    let done = events.done.as_deref().map(|done| {
        let done = string(done);
        quote!(const DONE: Option<&'static str> = Some(#done);)
    });
    file.block(
        quote!(impl ServerEvents for #name),
        [quote!(type Data = #data;), quote!(const JSON: bool = #json;)].into_iter().chain(done),
    );
}

/// What the README says about pages and streams: a row per paged operation, and calls for its
/// examples (`None` when the spec has no such operation, or none whose arguments are all
/// strings).
#[derive(Serialize)]
pub struct Readme {
    paged: Vec<PagedRow>,
    /// A request of a paged operation.
    pages_example: Option<String>,
    /// A request whose response is binary.
    bytes_example: Option<String>,
    /// A request whose response is an event stream.
    events_example: Option<String>,
    /// Whether some operation sends a binary body or a file part, which can be streamed.
    uploads: bool,
}

/// A row of the README's table of paged operations, as Markdown table cells.
#[derive(Serialize)]
struct PagedRow {
    method: String,
    rule: &'static str,
}

pub fn readme(api: &Api) -> Readme {
    let paged = api.operations.iter().filter_map(|operation| match &operation.paging {
        Some(Paging::Paged(pagination)) => Some((operation, pagination)),
        _ => None,
    });
    let example = |streaming: fn(&Streaming) -> bool| {
        api.operations.iter().filter(|operation| all_arguments_are_strings(operation)).find_map(|operation| {
            let plain = call(operation, operation.params.iter().filter(|param| param.required));
            if operation.success.stream.as_ref().is_some_and(streaming) {
                return Some(plain);
            }
            let alternative = operation
                .success
                .alternatives
                .iter()
                .find(|alternative| alternative.stream.as_ref().is_some_and(streaming))?;
            Some(format!("{plain}.{}()", alternative.method_name.trim_start_matches("r#")))
        })
    };
    Readme {
        paged: paged
            .clone()
            .map(|(operation, pagination)| PagedRow {
                method: markdown::code_in_table(operation.method_name.trim_start_matches("r#")),
                rule: pagination.rule.name(),
            })
            .collect(),
        pages_example: paged
            .map(|(operation, _)| operation)
            .find(|operation| all_arguments_are_strings(operation))
            .map(|operation| call(operation, operation.params.iter().filter(|param| param.required))),
        bytes_example: example(|streaming| *streaming == Streaming::Bytes),
        events_example: example(|streaming| matches!(streaming, Streaming::Events(_))),
        uploads: super::runtime::uploads(api),
    }
}
