//! What changed between two versions of an API, and what that means for
//! the generated crate's callers and version.
//!
//! Both sides are descriptions of the crate's API ([`crate::description`]):
//! the one recorded in the crate's `api.json` by the previous run, and the
//! one of the spec now. Each change is classified by its effect on code that
//! uses the crate ([`Class`]), and the report ends with the semver bump that
//! calls for. Comparisons go through the description's JSON form where they
//! can (see `json`), so a member added to the format later is still
//! compared, conservatively, without a change here.

mod change;
mod client;
mod direction;
mod json;
mod models;
mod operations;
mod params;
mod previous;
mod renames;
mod report;
mod semver;
mod structs;

pub use change::{Change, Class};
pub use previous::{Outcome, Previous};
pub use report::Report;
pub use semver::{Bump, Version};

use crate::description::Description;

/// Every change from `old` to `new`.
pub fn diff(old: &Description, new: &Description) -> Report {
    let mut changes = Vec::new();
    client::compare(old, new, &mut changes);
    operations::compare(old, new, &mut changes);
    models::compare(old, new, &mut changes);
    Report::new(changes, old.package_version.clone())
}

/// A Rust name without the raw identifier prefix: `type`, not `r#type`.
fn bare(name: &str) -> &str {
    name.trim_start_matches("r#")
}

#[cfg(test)]
mod tests;
