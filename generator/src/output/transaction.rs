//! Replacing a set of files all or nothing.
//!
//! Every new file is first written beside its destination (staging); only
//! when all of them are written are they renamed into place, each old file
//! (or one to be removed) being renamed aside first. When a step fails, what
//! was done is undone in reverse: the new files removed, the old ones
//! renamed back, so the directory is as it was. The files set aside are
//! deleted once everything is in place.
//!
//! Every step goes through the directory handles of `dir.rs`: a staged file
//! is created new (whatever is already at its name, a link included, is an
//! error), and a link where a directory or a file is expected is an error,
//! never followed, moved or deleted.

use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::dir::{Dir, Entry};
use crate::error::Error;

const STAGED: &str = ".codegen-tmp";
const SET_ASIDE: &str = ".codegen-old";

/// Files to write and remove under one directory, applied together by
/// [`Transaction::commit`].
pub(super) struct Transaction {
    root: PathBuf,
    /// By `/`-separated path below the root.
    writes: Vec<(String, Vec<u8>)>,
    removals: Vec<String>,
}

/// A step done, with what undoes it. Inside the root, a place is the
/// directory (its path below the root) and a name in it.
enum Done {
    /// The root, or a directory above it, created by path.
    CreatedAbove(PathBuf),
    /// A directory created for a new file.
    CreatedDir(String, OsString),
    /// A staged file, not yet in place.
    Staged(String, OsString),
    /// A file renamed aside, to the name given.
    SetAside(String, OsString, OsString),
    /// A staged file renamed to a name where nothing was before.
    Placed(String, OsString),
}

impl Transaction {
    /// Writes and removals under `root`.
    pub(super) fn new(root: &Path) -> Transaction {
        Transaction { root: root.to_owned(), writes: Vec::new(), removals: Vec::new() }
    }

    /// `path` (below the root, `/`-separated) is to hold `contents`.
    pub(super) fn write(&mut self, path: &str, contents: &[u8]) {
        self.writes.push((path.to_owned(), contents.to_vec()));
    }

    /// `path`, a file that exists, is to go, and with it the directories
    /// it leaves empty.
    pub(super) fn remove(&mut self, path: &str) {
        self.removals.push(path.to_owned());
    }

    /// Applies every write and removal, or none.
    pub(super) fn commit(self) -> Result<(), Error> {
        let mut done = Vec::new();
        let mut dirs = Dirs { root: None, opened: HashMap::new() };
        match self.apply(&mut dirs, &mut done) {
            Ok(()) => {
                // In place: what was set aside can go, and the directories
                // removals leave empty. Failing here leaves a leftover, not
                // a failed generation.
                for step in done {
                    if let Done::SetAside(dir, _, aside) = step {
                        let _ = dirs.get(&dir).map(|dir| dir.remove_file(&aside));
                    }
                }
                for path in &self.removals {
                    dirs.remove_empty_parents(path);
                }
                Ok(())
            }
            Err(error) => {
                for step in done.into_iter().rev() {
                    dirs.undo(step);
                }
                Err(error)
            }
        }
    }

    fn apply(&self, dirs: &mut Dirs, done: &mut Vec<Done>) -> Result<(), Error> {
        let mut created = Vec::new();
        let root = if self.writes.is_empty() {
            Dir::open(&self.root)
        } else {
            let root = Dir::create(&self.root, &mut created);
            done.extend(created.into_iter().map(Done::CreatedAbove));
            root.map(Some)
        };
        dirs.root = root.map_err(io_error(&self.root))?;
        // Removals go aside first, longest names first, so that a leftover
        // of an interrupted run (`lib.rs.codegen-tmp`, which is not
        // generated) is out of the way of the names used below.
        let mut removals: Vec<&String> = self.removals.iter().collect();
        removals.sort_by(|a, b| b.cmp(a));
        for path in removals {
            let (dir, name) = split(path);
            let parent = dirs.open(dir, None)?;
            set_aside(parent, dir, name, done)?;
        }
        let mut staged = Vec::new();
        for (path, contents) in &self.writes {
            let (dir, name) = split(path);
            let parent = dirs.open(dir, Some(done))?;
            let temporary = suffixed(name, STAGED);
            parent.create_file(&temporary, contents).map_err(io_error(&parent.path().join(&temporary)))?;
            done.push(Done::Staged(dir.to_owned(), temporary.clone()));
            staged.push((dir, name, temporary));
        }
        for (dir, name, temporary) in staged {
            let parent = dirs.open(dir, None)?;
            let path = parent.path().join(name);
            // A directory in the way stays, and the rename fails on it.
            if let Entry::File(_) = parent.entry(name).map_err(io_error(&path))? {
                set_aside(parent, dir, name, done)?;
            }
            parent.rename(&temporary, name).map_err(io_error(&path))?;
            // The staged file is now the placed one.
            done.retain(
                |step| !matches!(step, Done::Staged(at, staged) if at == dir && *staged == temporary),
            );
            done.push(Done::Placed(dir.to_owned(), name.to_owned()));
        }
        Ok(())
    }
}

/// Renames `name` (in `parent`, at `dir` below the root) aside, to be
/// deleted on success or put back on failure.
fn set_aside(parent: &Dir, dir: &str, name: &OsStr, done: &mut Vec<Done>) -> Result<(), Error> {
    let path = parent.path().join(name);
    // A link is refused here, never moved aside and deleted.
    if let entry @ (Entry::Missing | Entry::Dir) = parent.entry(name).map_err(io_error(&path))? {
        let what = if entry == Entry::Dir { "a directory" } else { "nothing" };
        return Err(Error::Io {
            path,
            source: io::Error::other(format!("{what} where a file was expected")),
        });
    }
    let aside = suffixed(name, SET_ASIDE);
    let aside_path = parent.path().join(&aside);
    if parent.entry(&aside).map_err(io_error(&aside_path))? != Entry::Missing {
        return Err(Error::Io {
            path: aside_path,
            source: io::Error::new(
                io::ErrorKind::AlreadyExists,
                "already there (left by an interrupted run?)",
            ),
        });
    }
    parent.rename(name, &aside).map_err(io_error(&path))?;
    done.push(Done::SetAside(dir.to_owned(), name.to_owned(), aside));
    Ok(())
}

/// The directories of one commit, opened once each: the root, and the ones
/// below it by `/`-separated path.
struct Dirs {
    root: Option<Dir>,
    opened: HashMap<String, Dir>,
}

impl Dirs {
    /// The directory at `path` below the root, opened from its parent by
    /// name. With `create`, missing ones are created and recorded there.
    fn open(&mut self, path: &str, mut create: Option<&mut Vec<Done>>) -> Result<&Dir, Error> {
        let mut at = 0;
        while at < path.len() {
            let end = path[at..].find('/').map_or(path.len(), |slash| at + slash);
            let (parent_path, name) = (&path[..at.saturating_sub(1)], OsStr::new(&path[at..end]));
            let current = &path[..end];
            if !self.opened.contains_key(current) {
                let parent = self.get(parent_path).ok_or_else(|| missing(current))?;
                let child_path = parent.path().join(name);
                let child = match (parent.entry(name).map_err(io_error(&child_path))?, create.as_deref_mut())
                {
                    (Entry::Missing, Some(done)) => {
                        let child = parent.create_dir(name).map_err(io_error(&child_path))?;
                        done.push(Done::CreatedDir(parent_path.to_owned(), name.to_owned()));
                        child
                    }
                    _ => parent.sub(name).map_err(io_error(&child_path))?,
                };
                self.opened.insert(current.to_owned(), child);
            }
            at = end + 1;
        }
        self.get(path).ok_or_else(|| missing(path))
    }

    fn get(&self, path: &str) -> Option<&Dir> {
        if path.is_empty() {
            self.root.as_ref()
        } else {
            self.opened.get(path)
        }
    }

    /// Undoes one step; a failure here leaves a file the next run overwrites.
    fn undo(&self, step: Done) {
        let _ = match step {
            Done::CreatedAbove(path) => fs::remove_dir(path),
            Done::CreatedDir(dir, name) => self.with(&dir, |dir| dir.remove_dir(&name)),
            Done::Staged(dir, name) | Done::Placed(dir, name) => {
                self.with(&dir, |dir| dir.remove_file(&name))
            }
            Done::SetAside(dir, name, aside) => self.with(&dir, |dir| dir.rename(&aside, &name)),
        };
    }

    fn with(&self, dir: &str, step: impl FnOnce(&Dir) -> io::Result<()>) -> io::Result<()> {
        self.get(dir).map_or(Ok(()), step)
    }

    /// Removes the directories above the file at `path` that are empty now,
    /// innermost first, up to the root (kept).
    fn remove_empty_parents(&self, path: &str) {
        let mut dir = split(path).0;
        while !dir.is_empty() {
            let (parent, name) = split(dir);
            let removed = self.with(parent, |parent| parent.remove_dir(name));
            if removed.is_err() {
                break;
            }
            dir = parent;
        }
    }
}

/// The directory part of a `/`-separated path and its last name.
fn split(path: &str) -> (&str, &OsStr) {
    match path.rsplit_once('/') {
        Some((dir, name)) => (dir, OsStr::new(name)),
        None => ("", OsStr::new(path)),
    }
}

/// `name` with `suffix` appended.
fn suffixed(name: &OsStr, suffix: &str) -> OsString {
    let mut name = name.to_owned();
    name.push(suffix);
    name
}

fn missing(path: &str) -> Error {
    Error::Io {
        path: PathBuf::from(path),
        source: io::Error::new(io::ErrorKind::NotFound, "no such directory"),
    }
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
                if let Ok(target) = fs::read_link(&path) {
                    let target = format!("-> {}", target.display()).into_bytes();
                    entries.push((path, Some(target)));
                } else if path.is_dir() {
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

        let mut transaction = Transaction::new(&dir);
        transaction.write("a.rs", b"new a");
        transaction.write("b/new.rs", b"new file in a new directory");
        transaction.write("z.rs", b"new z");
        transaction.remove("gone.rs");
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

        let mut transaction = Transaction::new(&dir);
        transaction.write("a.rs", b"new a");
        transaction.write("new/c.rs", b"new c");
        transaction.write("sub/b.rs", b"new b");
        assert!(transaction.commit().is_err());

        assert_eq!(tree(&dir), before);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_successful_commit_writes_removes_and_leaves_nothing_behind() {
        let dir = scratch("success");
        fs::write(dir.join("a.rs"), "old a").unwrap();
        fs::write(dir.join("gone.rs"), "old gone").unwrap();

        let mut transaction = Transaction::new(&dir);
        transaction.write("a.rs", b"new a");
        transaction.write("b/new.rs", b"new b");
        transaction.remove("gone.rs");
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

    /// A link planted where a file is staged (a vendored output can carry
    /// one) is an error, and nothing is written through it, dangling or not.
    #[cfg(unix)]
    #[test]
    fn a_link_at_a_staging_name_is_refused_and_never_written_through() {
        let dir = scratch("staged-link");
        let outside = scratch("staged-link-outside");
        fs::write(outside.join("victim"), "outside").unwrap();
        fs::write(dir.join("a.rs"), "old a").unwrap();
        std::os::unix::fs::symlink(outside.join("victim"), dir.join("lib.rs.codegen-tmp")).unwrap();
        std::os::unix::fs::symlink(outside.join("created"), dir.join("new.rs.codegen-tmp")).unwrap();
        let before = tree(&dir);

        for target in ["lib.rs", "new.rs"] {
            let mut transaction = Transaction::new(&dir);
            transaction.write("a.rs", b"new a");
            transaction.write(target, b"generated");
            let error = transaction.commit().unwrap_err().to_string();
            assert!(error.contains(&format!("{target}.codegen-tmp is a symbolic link")), "{error}");
        }

        assert_eq!(fs::read_to_string(outside.join("victim")).unwrap(), "outside");
        assert!(!outside.join("created").exists());
        assert_eq!(tree(&dir), before, "a.rs is back as it was");
        fs::remove_dir_all(&dir).unwrap();
        fs::remove_dir_all(&outside).unwrap();
    }

    /// A link where a directory is needed, or at a file to replace or
    /// remove: an error, the link and what it points to left as they were.
    #[cfg(unix)]
    #[test]
    fn links_in_the_tree_are_refused_and_left_alone() {
        let dir = scratch("tree-links");
        let outside = scratch("tree-links-outside");
        fs::write(outside.join("lib.rs"), "outside").unwrap();
        fs::create_dir(dir.join("examples")).unwrap();
        std::os::unix::fs::symlink(&outside, dir.join("src")).unwrap();
        std::os::unix::fs::symlink(outside.join("lib.rs"), dir.join("examples/old.rs")).unwrap();
        std::os::unix::fs::symlink(outside.join("lib.rs"), dir.join("README.md")).unwrap();
        let before = tree(&dir);

        type Step = fn(&mut Transaction);
        let cases: [(&str, Step); 3] = [
            ("src is a symbolic link", |transaction| transaction.write("src/lib.rs", b"generated")),
            ("old.rs is a symbolic link", |transaction| transaction.remove("examples/old.rs")),
            ("README.md is a symbolic link", |transaction| transaction.write("README.md", b"generated")),
        ];
        for (expected, step) in cases {
            let mut transaction = Transaction::new(&dir);
            transaction.write("Cargo.toml", b"generated");
            step(&mut transaction);
            let error = transaction.commit().unwrap_err().to_string();
            assert!(error.contains(expected), "{expected}: {error}");
            assert_eq!(tree(&dir), before, "{expected}");
        }
        assert_eq!(tree(&outside), [(outside.join("lib.rs"), Some(b"outside".to_vec()))]);
        fs::remove_dir_all(&dir).unwrap();
        fs::remove_dir_all(&outside).unwrap();
    }

    /// Leftovers of an interrupted run (a staged file, a file set aside)
    /// are files like any other the generator no longer writes: removed,
    /// and out of the way of this run's own.
    #[test]
    fn leftovers_of_an_interrupted_run_are_removed() {
        let dir = scratch("leftovers");
        fs::write(dir.join("a.rs"), "old a").unwrap();
        fs::write(dir.join("a.rs.codegen-tmp"), "half written").unwrap();
        fs::write(dir.join("a.rs.codegen-old"), "older a").unwrap();

        let mut transaction = Transaction::new(&dir);
        transaction.write("a.rs", b"new a");
        transaction.remove("a.rs.codegen-tmp");
        transaction.remove("a.rs.codegen-old");
        transaction.commit().unwrap();

        assert_eq!(tree(&dir), [(dir.join("a.rs"), Some(b"new a".to_vec()))]);
        fs::remove_dir_all(&dir).unwrap();
    }
}
