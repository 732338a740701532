//! The runtime with all its modules, as the runtime crate compiles it. A
//! generated crate gets the generator's own `runtime/mod.rs` instead, which
//! lists only the modules its spec needs and supplies what differs per API:
//! the error body type and the headers the API's keys travel in.

pub(crate) mod base64_bytes;
#[cfg(feature = "blocking")]
pub(crate) mod blocking;
pub(crate) mod bodies;
pub(crate) mod client;
pub(crate) mod decode;
pub(crate) mod endpoint;
// Generated models use these two; here only the tests do.
#[cfg_attr(not(test), allow(unused_macros, dead_code))]
pub(crate) mod enums;
pub(crate) mod error;
pub(crate) mod events;
pub(crate) mod file_part;
pub(crate) mod form;
#[cfg(feature = "mock")]
pub mod mock;
#[cfg(feature = "mock")]
mod mock_serve;
pub(crate) mod operation;
pub(crate) mod pages;
pub(crate) mod params;
pub(crate) mod parts;
pub(crate) mod redact;
pub(crate) mod response;
pub(crate) mod retry;
pub(crate) mod send;
// Generated models use it; here only the tests do.
#[cfg_attr(not(test), allow(unused_macros))]
pub(crate) mod setters;
pub(crate) mod sse;
pub(crate) mod stream;
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) mod tagged;
pub(crate) mod upload;

pub use base64_bytes::Base64Bytes;
pub use client::{Client, ClientBuilder, Credential};
pub use endpoint::Endpoint;
#[cfg_attr(not(test), allow(unused_imports))]
pub(crate) use enums::{deserialize_str, string_enum};
pub use error::{ApiError, DecodeError, Error};
#[cfg(feature = "mock")]
pub use events::EventFeed;
pub use events::{Event, Events, ServerEvents};
pub use file_part::FilePart;
pub use form::Form;
pub use operation::{Operation, Reader, Request, ResponseFuture};
pub use pages::{Count, Index, Items, Next, Pages, Paginated, Total};
pub use parts::{ParamValues, Parts, ToParam};
pub use redact::Secret;
pub use response::{ApiResponse, Response};
pub use retry::RetryPolicy;
#[cfg_attr(not(test), allow(unused_imports))]
pub(crate) use setters::setter;
pub use stream::ByteStream;
pub use upload::Upload;

/// The body of an error response: any JSON here; a generated crate names the spec's error model.
pub type ErrorBody = serde_json::Value;

/// The headers an API's keys travel in, whose values `Debug` never shows.
const API_KEY_HEADERS: &[&str] = &["x-api-key"];
