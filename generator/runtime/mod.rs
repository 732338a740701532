//! HTTP plumbing shared by every operation: settings and credentials,
//! URLs with exact percent-encoding, retries with backoff, timeouts, tracing,
//! and decoding.
//!
//! This module is the same for every API. The generated modules describe each
//! operation (its path, parameters and result type) and call into it. An API
//! uses only some of it (not every spec has query-string API keys, joined
//! list parameters, optional bodies, base64 data or tagged unions), hence
//! the `dead_code` allowance.

#![allow(dead_code)]

pub(crate) mod base64_bytes;
#[cfg(feature = "blocking")]
pub(crate) mod blocking;
pub(crate) mod config;
pub(crate) mod form;
pub(crate) mod redact;
pub(crate) mod request;
pub(crate) mod response;
pub(crate) mod retry;
pub(crate) mod tagged;
pub(crate) mod transport;

pub use response::{ApiResponse, RawRequest};
pub use retry::RetryPolicy;
