//! One change between two versions of an API, and how it affects callers.

use std::fmt;

/// The effect of a change on code that uses the generated crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Code that compiled and worked with the previous crate may not
    /// compile, or may send requests the API now reads differently.
    Breaking,
    /// New things to use; existing code keeps compiling and working.
    Additive,
    /// Only documentation changed.
    DocsOnly,
}

impl Class {
    /// The word the report uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
            Class::DocsOnly => "docs-only",
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One line of the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// How it affects callers.
    pub class: Class,
    /// What changed, e.g. ``operation `get_array` ``.
    pub subject: String,
    /// How, in plain words, e.g. ``required parameter `foo` added``.
    pub what: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Names and values from the spec are in it: escaped for a terminal.
        let line = format!("{}: {}: {}", self.class, self.subject, self.what);
        f.write_str(&crate::message::escaped(&line))
    }
}

/// Collects the changes of one subject (an operation, a model, the client).
pub struct Changes<'a> {
    subject: String,
    list: &'a mut Vec<Change>,
}

impl<'a> Changes<'a> {
    /// Changes of `subject`, added to `list`.
    pub fn new(subject: String, list: &'a mut Vec<Change>) -> Self {
        Changes { subject, list }
    }

    /// Records a change.
    pub fn push(&mut self, class: Class, what: impl Into<String>) {
        self.list.push(Change { class, subject: self.subject.clone(), what: what.into() });
    }

    /// Records members that no comparison itemized: docs-only when only
    /// docs inside them differ, otherwise breaking, since nothing is known
    /// about them.
    /// `within` prefixes each message, e.g. ``"parameter `limit`: "``.
    pub fn push_unlisted(&mut self, within: &str, unlisted: Vec<super::json::Unlisted>) {
        for member in unlisted {
            if member.docs_only {
                self.push(Class::DocsOnly, format!("{within}docs of `{}` changed", member.key));
            } else {
                self.push(Class::Breaking, format!("{within}`{}` changed", member.key));
            }
        }
    }
}

/// ``"`old` to `new`"``, for messages.
pub fn from_to(old: &str, new: &str) -> String {
    format!("from `{old}` to `{new}`")
}
