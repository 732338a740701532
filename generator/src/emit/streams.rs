//! What an operation whose response can be read as it arrives needs beyond
//! its `Operation` impl: the `ServerEvents` impl of an event stream (the
//! type its events' data decodes to, and the data that ends it), which gives
//! its requests `events()`. A binary response needs nothing here: its output
//! is `Bytes`, and the runtime's `bytes_stream()` is there for every such
//! request.

use quote::quote;

use super::rust_file::RustFile;
use super::tokens::{ident, string, ty};
use crate::ir::{EventStream, Operation, Streaming};
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
