//! Replacing a set of files all or nothing.
//!
//! Every new file is first written beside its destination (staging); only
//! when all of them are written are they renamed into place, each old file
//! (or one to be removed) being renamed aside first. When a step fails, what
//! was done is undone in reverse: the new files removed, the old ones
//! renamed back, so the directory is as it was. The files set aside are
//! deleted once everything is in place.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::Error;

const STAGED: &str = ".codegen-tmp";
const SET_ASIDE: &str = ".codegen-old";

/// Files to write and remove, applied together by [`Transaction::commit`].
#[derive(Default)]
pub(super) struct Transaction {
    writes: Vec<(PathBuf, Vec<u8>)>,
    removals: Vec<PathBuf>,
}

/// A step done, with what undoes it.
enum Done {
    /// A directory created for a new file.
    CreatedDir(PathBuf),
    /// A staged file, not yet in place.
    Staged(PathBuf),
    /// `file` renamed to `aside`.
    SetAside { file: PathBuf, aside: PathBuf },
    /// A staged file renamed to `file`, where nothing was before.
    Placed(PathBuf),
}

impl Transaction {
    /// `path` is to hold `contents`.
    pub(super) fn write(&mut self, path: PathBuf, contents: &[u8]) {
        self.writes.push((path, contents.to_vec()));
    }

    /// `path`, a file that exists, is to go.
    pub(super) fn remove(&mut self, path: PathBuf) {
        self.removals.push(path);
    }

    /// Applies every write and removal, or none.
    pub(super) fn commit(self) -> Result<(), Error> {
        let mut done = Vec::new();
        match self.apply(&mut done) {
            Ok(()) => {
                // In place: what was set aside can go. A file that cannot be
                // deleted is a leftover, not a failed generation.
                for step in done {
                    if let Done::SetAside { aside, .. } = step {
                        let _ = fs::remove_file(aside);
                    }
                }
                Ok(())
            }
            Err(error) => {
                for step in done.into_iter().rev() {
                    undo(step);
                }
                Err(error)
            }
        }
    }

    fn apply(&self, done: &mut Vec<Done>) -> Result<(), Error> {
        let mut staged = Vec::new();
        for (path, contents) in &self.writes {
            if let Some(parent) = path.parent() {
                create_dirs(parent, done)?;
            }
            let temporary = sibling(path, STAGED);
            fs::write(&temporary, contents).map_err(io_error(&temporary))?;
            done.push(Done::Staged(temporary.clone()));
            staged.push((temporary, path));
        }
        for (temporary, path) in staged {
            if fs::symlink_metadata(path).is_ok_and(|metadata| metadata.is_file()) {
                set_aside(path, done)?;
            }
            fs::rename(&temporary, path).map_err(io_error(path))?;
            // The staged file is now the placed one.
            done.retain(|step| !matches!(step, Done::Staged(staged) if *staged == temporary));
            done.push(Done::Placed(path.clone()));
        }
        for path in &self.removals {
            set_aside(path, done)?;
        }
        Ok(())
    }
}

/// Renames `file` aside, to be deleted on success or put back on failure.
fn set_aside(file: &Path, done: &mut Vec<Done>) -> Result<(), Error> {
    let aside = sibling(file, SET_ASIDE);
    fs::rename(file, &aside).map_err(io_error(file))?;
    done.push(Done::SetAside { file: file.to_owned(), aside });
    Ok(())
}

/// Creates `dir` and its missing parents, recording each one created.
fn create_dirs(dir: &Path, done: &mut Vec<Done>) -> Result<(), Error> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        create_dirs(parent, done)?;
    }
    fs::create_dir(dir).map_err(io_error(dir))?;
    done.push(Done::CreatedDir(dir.to_owned()));
    Ok(())
}

/// Undoes one step; a failure here leaves a file the next run overwrites.
fn undo(step: Done) {
    let _ = match step {
        Done::CreatedDir(dir) => fs::remove_dir(dir),
        Done::Staged(file) | Done::Placed(file) => fs::remove_file(file),
        Done::SetAside { file, aside } => fs::rename(aside, file),
    };
}

/// `path` with `suffix` appended to its file name.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name: OsString = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> Error {
    let path = path.to_owned();
    move |source| Error::Io { path, source }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh directory under the system's temporary directory.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("codegen-transaction-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// Every file under `dir` with its contents, and every directory.
    fn tree(dir: &Path) -> Vec<(PathBuf, Option<Vec<u8>>)> {
        let mut entries = Vec::new();
        let mut pending = vec![dir.to_owned()];
        while let Some(current) = pending.pop() {
            for entry in fs::read_dir(&current).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    entries.push((path.clone(), None));
                    pending.push(path);
                } else {
                    let contents = fs::read(&path).unwrap();
                    entries.push((path, Some(contents)));
                }
            }
        }
        entries.sort();
        entries
    }

    #[test]
    fn a_failure_on_a_late_file_restores_every_earlier_one() {
        let dir = scratch("late");
        fs::write(dir.join("a.rs"), "old a").unwrap();
        fs::write(dir.join("gone.rs"), "old gone").unwrap();
        // A directory where the last file should be: renaming onto it fails
        // after `a.rs` and the new `b/new.rs` are in place.
        fs::create_dir_all(dir.join("z.rs")).unwrap();
        fs::write(dir.join("z.rs/inside"), "keep").unwrap();
        let before = tree(&dir);

        let mut transaction = Transaction::default();
        transaction.write(dir.join("a.rs"), b"new a");
        transaction.write(dir.join("b/new.rs"), b"new file in a new directory");
        transaction.write(dir.join("z.rs"), b"new z");
        transaction.remove(dir.join("gone.rs"));
        let error = transaction.commit().unwrap_err();

        assert!(error.to_string().contains("z.rs"), "{error}");
        assert_eq!(tree(&dir), before, "the directory is as it was");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failure_while_staging_changes_nothing() {
        let dir = scratch("staging");
        fs::write(dir.join("a.rs"), "old a").unwrap();
        // A file where a directory should be: `sub/b.rs` cannot be staged.
        fs::write(dir.join("sub"), "a file").unwrap();
        let before = tree(&dir);

        let mut transaction = Transaction::default();
        transaction.write(dir.join("a.rs"), b"new a");
        transaction.write(dir.join("new/c.rs"), b"new c");
        transaction.write(dir.join("sub/b.rs"), b"new b");
        assert!(transaction.commit().is_err());

        assert_eq!(tree(&dir), before);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_successful_commit_writes_removes_and_leaves_nothing_behind() {
        let dir = scratch("success");
        fs::write(dir.join("a.rs"), "old a").unwrap();
        fs::write(dir.join("gone.rs"), "old gone").unwrap();

        let mut transaction = Transaction::default();
        transaction.write(dir.join("a.rs"), b"new a");
        transaction.write(dir.join("b/new.rs"), b"new b");
        transaction.remove(dir.join("gone.rs"));
        transaction.commit().unwrap();

        assert_eq!(
            tree(&dir),
            [
                (dir.join("a.rs"), Some(b"new a".to_vec())),
                (dir.join("b"), None),
                (dir.join("b/new.rs"), Some(b"new b".to_vec())),
            ]
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}
