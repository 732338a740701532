//! The version bump a report calls for, under Cargo's semver rules.

use std::fmt;

/// Which part of the version moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Only docs changed.
    Patch,
    /// Additions.
    Minor,
    /// Breaking changes.
    Major,
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

/// `MAJOR.MINOR.PATCH`, the part of a version a bump moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Version {
    major: u64,
    minor: u64,
    patch: u64,
}

impl Version {
    /// Parses a version as Cargo does (SemVer 2.0: no leading zeros, numbers
    /// that fit 64 bits, dot-separated identifiers); a pre-release or build
    /// suffix (`-rc.1`, `+abc`) is accepted and dropped, since the bumped
    /// version is a release.
    pub fn parse(text: &str) -> Option<Version> {
        let version = ::semver::Version::parse(text).ok()?;
        Some(Version { major: version.major, minor: version.minor, patch: version.patch })
    }

    /// The next version, `None` when the number to move is already the
    /// largest there is. Below 1.0.0 the minor number is the one Cargo
    /// treats as breaking: a breaking change moves it, and everything else
    /// moves the patch number.
    pub fn bump(self, bump: Bump) -> Option<Version> {
        let Version { major, minor, patch } = self;
        Some(match self.moved_part(bump) {
            Bump::Major => Version { major: major.checked_add(1)?, minor: 0, patch: 0 },
            Bump::Minor => Version { major, minor: minor.checked_add(1)?, patch: 0 },
            Bump::Patch => Version { major, minor, patch: patch.checked_add(1)? },
        })
    }

    /// The number `bump` moves in this version: below 1.0.0, a major bump
    /// moves the minor number and a minor bump the patch number.
    pub fn moved_part(self, bump: Bump) -> Bump {
        match (self.major, bump) {
            (0, Bump::Major) => Bump::Minor,
            (0, _) => Bump::Patch,
            (_, bump) => bump,
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bumped(version: &str, bump: Bump) -> String {
        Version::parse(version).and_then(|v| v.bump(bump)).map(|v| v.to_string()).unwrap_or_default()
    }

    #[test]
    fn from_one_on_each_part_moves_by_its_kind() {
        assert_eq!(bumped("2.17.51", Bump::Major), "3.0.0");
        assert_eq!(bumped("2.17.51", Bump::Minor), "2.18.0");
        assert_eq!(bumped("2.17.51", Bump::Patch), "2.17.52");
    }

    #[test]
    fn below_one_breaking_moves_minor_and_the_rest_moves_patch() {
        assert_eq!(bumped("0.3.4", Bump::Major), "0.4.0");
        assert_eq!(bumped("0.3.4", Bump::Minor), "0.3.5");
        assert_eq!(bumped("0.3.4", Bump::Patch), "0.3.5");
        assert_eq!(bumped("0.0.7", Bump::Major), "0.1.0");
    }

    #[test]
    fn suffixes_are_dropped_and_non_versions_refused() {
        assert_eq!(bumped("1.2.3-rc.1+build", Bump::Patch), "1.2.4");
        for text in ["1.2", "1.2.3.4", "v1.2.3", "1..3", "", "1.2.x"] {
            assert_eq!(Version::parse(text), None, "{text}");
        }
    }

    /// What Cargo refuses in a manifest is no version to bump either.
    #[test]
    fn versions_cargo_refuses_are_refused() {
        for text in
            ["01.2.3", "1.02.3", "1.2.3-01", "1.2.3+a+b", "18446744073709551616.0.0", " 1.2.3", "1.2.3 "]
        {
            assert_eq!(Version::parse(text), None, "{text}");
        }
        assert_eq!(bumped("1.2.3+007", Bump::Minor), "1.3.0", "leading zeros are fine in build metadata");
    }

    #[test]
    fn the_largest_numbers_are_not_bumped_past() {
        let largest = format!("{}.0.0", u64::MAX);
        assert_eq!(bumped(&largest, Bump::Major), "");
        assert_eq!(bumped(&largest, Bump::Minor), format!("{}.1.0", u64::MAX));
    }
}
