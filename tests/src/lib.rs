//! Tests live in `tests/`; this crate has no library code. Its doctests
//! are what the checked-in client must refuse to compile, each beside a
//! twin that compiles, so that the refusal has one cause.
//!
//! A generated model is `#[non_exhaustive]`, so that a field the API adds
//! is a minor change (`response_field_added` in `specs/evolution/`): outside
//! the crate, no struct expression can name all its fields, and none stops
//! compiling when one is added. A caller starts from `new` and sets fields:
//!
//! ```
//! use tiledb_array_api::models::ArrayInfoUpdate;
//!
//! let mut update = ArrayInfoUpdate::new();
//! update.name = Some("weather".to_owned());
//! let ArrayInfoUpdate { name, .. } = update;
//! assert_eq!(name.as_deref(), Some("weather"));
//! ```
//!
//! A struct expression does not compile, even one that takes the other
//! fields from a value (E0639):
//!
//! ```compile_fail
//! use tiledb_array_api::models::ArrayInfoUpdate;
//!
//! let update = ArrayInfoUpdate { name: Some("weather".to_owned()), ..ArrayInfoUpdate::new() };
//! ```
