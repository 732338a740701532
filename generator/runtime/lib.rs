//! The runtime every generated client crate carries as its `runtime` module
//! (`src/runtime/`), compiled, linted and unit-tested here on its own.
//!
//! The generator copies the modules a spec needs (every `.rs` file here but
//! this one, `mod.rs` and `unit_tests/`) into the crate unchanged, and writes
//! the crate's `runtime/mod.rs` itself (see `mod.rs` here for what it holds).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[path = "mod.rs"]
mod runtime;

pub use runtime::*;

impl Client {
    /// Starts configuring a client for the API at `base_url`. A generated crate writes this
    /// method itself, with docs that name its default base URL.
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(base_url.into())
    }
}

#[cfg(test)]
mod unit_tests;
