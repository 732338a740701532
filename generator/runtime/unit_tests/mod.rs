//! Unit tests of the runtime's pieces. They are modules of the runtime
//! crate, so they reach its `pub(crate)` items, but they sit outside the
//! files the generator copies: no generated crate compiles them again.

mod decode;
#[cfg(feature = "mock")]
mod durations;
mod enums;
mod error;
#[cfg(feature = "mock")]
mod events;
mod form;
#[cfg(feature = "mock")]
mod mock;
#[cfg(feature = "mock")]
mod pages;
mod parts;
mod redact;
mod response;
mod retry;
mod setters;
mod sse;
#[cfg(feature = "mock")]
mod stream;
mod tagged;
#[cfg(feature = "mock")]
mod upload;
