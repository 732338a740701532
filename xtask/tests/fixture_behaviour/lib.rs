//! Behaviour of the models generated for the fixture specs: what goes on
//! the wire and what decodes. Built by `fixtures_compile.rs` in the fixture
//! workspace, where every fixture crate is a dependency.

#![cfg(test)]

mod enums;
mod formats;
mod objects;
mod unions;
