//! The report: every change, most severe first, and the version bump they
//! call for; and the changelog entry `--bump` writes.

use std::fmt;

use super::change::{Change, Class};
use super::semver::{Bump, Version};

/// What changed between two APIs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// Changes, breaking first, then additive, then docs-only; in each
    /// class, client-wide changes, then operations and models by name.
    pub changes: Vec<Change>,
    /// The previous crate's version.
    pub version: String,
}

impl Report {
    /// A report of `changes` to the crate at `version`.
    pub fn new(mut changes: Vec<Change>, version: String) -> Report {
        changes.sort_by_key(|change| change.class);
        Report { changes, version }
    }

    /// The bump the changes call for; `None` when nothing changed.
    pub fn bump(&self) -> Option<Bump> {
        self.changes
            .iter()
            .map(|change| match change.class {
                Class::Breaking => Bump::Major,
                Class::Additive => Bump::Minor,
                Class::DocsOnly => Bump::Patch,
            })
            .max()
    }

    /// The bump and the version after it, when something changed and the
    /// previous version is a semantic version whose number can still move.
    fn next(&self) -> Option<(Version, Bump, Version)> {
        let bump = self.bump()?;
        let version = Version::parse(&self.version)?;
        Some((version, bump, version.bump(bump)?))
    }

    /// The version after the bump, when something changed and the previous
    /// version is a semantic version.
    pub fn next_version(&self) -> Option<String> {
        self.next().map(|(_, _, next)| next.to_string())
    }

    /// How many changes of `class` there are.
    pub fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|change| change.class == class).count()
    }

    /// The `CHANGELOG.md` entry for the bumped version: a heading, then the
    /// changes grouped under plain headings.
    pub fn changelog_entry(&self, version: &str) -> String {
        let mut entry = format!("## {version}\n");
        for (class, heading) in [
            (Class::Breaking, "Breaking changes"),
            (Class::Additive, "Additions"),
            (Class::DocsOnly, "Documentation"),
        ] {
            let lines: Vec<String> = self
                .changes
                .iter()
                .filter(|change| change.class == class)
                .map(|change| format!("- {}: {}\n", capitalized(&change.subject), change.what))
                .collect();
            if !lines.is_empty() {
                entry.push_str(&format!("\n### {heading}\n\n{}", lines.concat()));
            }
        }
        entry
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for change in &self.changes {
            writeln!(f, "{change}")?;
        }
        let (version, bump, next) = match (self.bump(), self.next()) {
            (None, _) => {
                let version = crate::message::escaped(&self.version);
                return write!(f, "semver: no API changes; the version stays {version}");
            }
            (Some(_), Some(next)) => next,
            (Some(bump), None) => {
                let version = crate::message::escaped(&self.version);
                return write!(
                    f,
                    "semver: a {bump} bump is needed, but `{version}` is not a version to bump"
                );
            }
        };
        let summary = [Class::Breaking, Class::Additive, Class::DocsOnly]
            .into_iter()
            .map(|class| (class, self.count(class)))
            .filter(|(_, count)| *count > 0)
            .map(|(class, count)| format!("{count} {class}"))
            .collect::<Vec<_>>()
            .join(", ");
        let moved = version.moved_part(bump);
        let rule = if moved == bump { String::new() } else { format!(" (a {bump} change below 1.0.0)") };
        write!(f, "semver: {summary}: {moved} bump{rule}, {version} -> {next}")
    }
}

/// `operation ...` as `Operation ...`, to start a changelog line.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
