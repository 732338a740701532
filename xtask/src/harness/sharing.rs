//! Another workspace that compiles its dependencies exactly as the main
//! workspace does, into the one target dir, so that it reuses what the main
//! workspace's builds compiled: the same profiles, the feature pins as a
//! member (built with it, so features resolve alike), and the main lock file
//! (so the versions are the same). The bench's smoke run builds the crates it
//! generates this way.

use std::fs;
use std::path::{Path, PathBuf};

use super::{pins, workspace};

/// What such a workspace is given.
pub struct Sharing {
    pub target_dir: PathBuf,
    profiles: String,
    pins_manifest: String,
    lock: PathBuf,
}

impl Sharing {
    /// The main workspace's, read from `root`.
    pub fn new(root: &Path) -> Result<Sharing, String> {
        Ok(Sharing {
            target_dir: super::target_dir(root)?,
            profiles: workspace::profiles(root)?,
            pins_manifest: pins::main_workspace(root)?.pins_manifest,
            lock: root.join("Cargo.lock"),
        })
    }

    /// Adds the pins member and the lock file to the workspace at `dir`,
    /// whose members are `members` (paths from `dir`); returns the text of
    /// its `[workspace]` table and the profiles. Build it with
    /// `--workspace`, so that the pins are part of every build.
    pub fn write_into(&self, dir: &Path, members: &[&str]) -> Result<String, String> {
        workspace::write_crate(&dir.join(workspace::PINS_DIR), workspace::pins_crate(&self.pins_manifest))?;
        fs::copy(&self.lock, dir.join("Cargo.lock")).map_err(|error| format!("Cargo.lock: {error}"))?;
        let members: Vec<String> =
            members.iter().chain([&workspace::PINS_DIR]).map(|member| pins::quoted(member)).collect();
        Ok(format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n{}", members.join(", "), self.profiles))
    }
}
