//! Behaviour of the models generated for the fixture specs: what goes on
//! the wire and what decodes. `cargo xtask test` builds this as the test
//! `behaviour` of a crate in the fixture workspace, depending on the
//! fixture crates it names.

mod enums;
mod formats;
mod objects;
mod unions;
