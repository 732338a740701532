//! The API the output directory was last generated from, read back from its
//! `api.json`, and what comparing it with the API of the spec now found.

use std::fmt;
use std::path::Path;

use super::{Report, Version};
use crate::description::{describe, Description, FILE, FORMAT, READ_AT_MOST, VERSION};
use crate::ir::Api;

/// The API the output directory was last generated from.
#[derive(Clone, Debug)]
pub enum Previous {
    /// No description: a first generation, or output from a generator that did not write one.
    Absent,
    /// A description this generator cannot read (another format or version, or a damaged
    /// file); the crate version it records, if that much could be read.
    Unreadable {
        /// Why it could not be read.
        reason: String,
        /// The crate version it records.
        version: Option<String>,
    },
    /// The previous API.
    Readable(Box<Description>),
}

impl Previous {
    /// Reads `dir/api.json`, as the output is read (no link followed, a
    /// regular file of at most [`READ_AT_MOST`] bytes).
    pub fn load(dir: &Path) -> Previous {
        match crate::output::read_file(dir, FILE, READ_AT_MOST) {
            Ok(Some(bytes)) => match String::from_utf8(bytes) {
                Ok(text) => Previous::parse(&text),
                Err(error) => Previous::Unreadable { reason: error.to_string(), version: None },
            },
            Ok(None) => Previous::Absent,
            Err(error) => Previous::Unreadable { reason: error.to_string(), version: None },
        }
    }

    /// Reads a description's text.
    pub fn parse(text: &str) -> Previous {
        let value: serde_json::Value = match serde_json::from_str(text) {
            Ok(value) => value,
            Err(error) => return Previous::Unreadable { reason: error.to_string(), version: None },
        };
        let version = value.get("package_version").and_then(|v| v.as_str()).map(str::to_owned);
        let format = value.get("format").and_then(|v| v.as_str());
        let format_version = value.get("version").and_then(|v| v.as_u64());
        let unreadable = |reason: String| Previous::Unreadable { reason, version: version.clone() };
        match (format, format_version) {
            (Some(FORMAT), Some(found)) if found == u64::from(VERSION) => {}
            (Some(FORMAT), Some(found)) => {
                return unreadable(format!("format version {found}; this generator reads version {VERSION}"));
            }
            _ => return unreadable(format!("not a `{FORMAT}` file (an older generator's)")),
        }
        match serde_json::from_value::<Description>(value) {
            Ok(description) => Previous::Readable(Box::new(description)),
            Err(error) => unreadable(error.to_string()),
        }
    }

    /// The version of the previously generated crate, when it recorded a semantic version.
    pub fn version(&self) -> Option<&str> {
        let version = match self {
            Previous::Absent => None,
            Previous::Unreadable { version, .. } => version.as_deref(),
            Previous::Readable(description) => Some(description.package_version.as_str()),
        };
        version.filter(|version| Version::parse(version).is_some())
    }

    /// Gives `api` the previous crate's version: the crate's version is its own, taken from
    /// `info.version` at the first generation and moved since only by `--bump`.
    pub fn keep_version(&self, api: &mut Api) {
        if let Some(version) = self.version() {
            api.package_version = version.to_owned();
        }
    }

    /// What changed from the previous API to `new`.
    pub fn compare(&self, new: &Api) -> Outcome {
        match self {
            Previous::Absent => Outcome::FirstGeneration,
            Previous::Unreadable { reason, .. } => Outcome::Skipped(reason.clone()),
            Previous::Readable(old) => Outcome::Compared(super::diff(old, &describe(new))),
        }
    }
}

/// The result of comparing with the previous API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// There was nothing to compare with.
    FirstGeneration,
    /// The previous description could not be read, for this reason.
    Skipped(String),
    /// The report.
    Compared(Report),
}

impl Outcome {
    /// The report, when there is one.
    pub fn report(&self) -> Option<&Report> {
        match self {
            Outcome::Compared(report) => Some(report),
            Outcome::FirstGeneration | Outcome::Skipped(_) => None,
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::FirstGeneration => write!(f, "no previous API description ({FILE}); nothing to compare"),
            Outcome::Skipped(reason) => {
                let reason = crate::message::escaped(reason);
                write!(f, "no previous API description readable ({FILE}: {reason}); diff skipped")
            }
            Outcome::Compared(report) => write!(f, "{report}"),
        }
    }
}
