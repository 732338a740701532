//! The output directory, reached without following symbolic links.
//!
//! An output directory that comes from elsewhere (a vendored client in a
//! repository: git keeps symbolic links) can hold a link at `src/`, or at a
//! file the generator is about to write, that would send the write outside
//! the directory. So below the output directory nothing is reached by a path
//! the system resolves: on Unix each directory is opened from its parent, by
//! name, with `O_NOFOLLOW`, and every file is created, read, renamed and
//! removed relative to such a handle (`openat`, `renameat`, `unlinkat`). A
//! link found there is an error; one put in place while the generator runs
//! changes nothing, since the handle stays the directory that was checked.
//! Files are created with `O_EXCL` (an entry already there is an error, even
//! a dangling link) and read only when they are regular files, checked on
//! the opened file, so a named pipe or a device cannot make a read hang.
//!
//! Elsewhere, each step checks its path with `symlink_metadata` first: that
//! refuses links that are there beforehand, not one planted in between.

use std::ffi::{OsStr, OsString};
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// What a name in a directory is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Entry {
    /// Nothing by that name.
    Missing,
    /// A regular file of this many bytes.
    File(u64),
    /// A directory.
    Dir,
}

/// A directory of the output, opened without following a link at its name.
#[derive(Debug)]
pub(super) struct Dir {
    path: PathBuf,
    #[cfg(unix)]
    handle: File,
}

impl Dir {
    /// The directory at `path`, which must not be a link itself (the
    /// directories above it are the user's and may be); `None` when there
    /// is nothing there.
    pub fn open(path: &Path) -> io::Result<Option<Dir>> {
        match entry_at_path(path)? {
            Entry::Missing => Ok(None),
            Entry::Dir => imp::open_dir(path).map(|handle| Some(Dir::new(path.to_owned(), handle))),
            Entry::File(_) => Err(not_a_directory(path)),
        }
    }

    /// The directory at `path`, created with the missing directories above
    /// it, each of which is pushed on `created` (outermost first).
    pub fn create(path: &Path, created: &mut Vec<PathBuf>) -> io::Result<Dir> {
        if let Some(dir) = Dir::open(path)? {
            return Ok(dir);
        }
        let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("{} cannot be created", path.display()),
            ));
        };
        let parent = if parent.as_os_str().is_empty() { Path::new(".") } else { parent };
        let parent = Dir::create(parent, created)?;
        let dir = parent.create_dir(name)?;
        created.push(path.to_owned());
        Ok(dir)
    }

    /// The path this directory was reached by, for messages.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What `name` is here; a link, or anything that is neither a regular
    /// file nor a directory, is an error.
    pub fn entry(&self, name: &OsStr) -> io::Result<Entry> {
        imp::entry(self, name)
    }

    /// The names in this directory with what each is.
    pub fn list(&self) -> io::Result<Vec<(OsString, Entry)>> {
        let mut entries = Vec::new();
        // The names come from the path; what each one is comes from the
        // handle, so a directory swapped for a link in between yields no
        // entry of the link's target.
        for found in fs::read_dir(&self.path)? {
            let name = found?.file_name();
            match self.entry(&name)? {
                Entry::Missing => {}
                entry => entries.push((name, entry)),
            }
        }
        entries.sort();
        Ok(entries)
    }

    /// The existing directory `name` here.
    pub fn sub(&self, name: &OsStr) -> io::Result<Dir> {
        match self.entry(name)? {
            Entry::Dir => imp::open_sub(self, name).map(|handle| Dir::new(self.path.join(name), handle)),
            Entry::Missing => Err(io::Error::new(io::ErrorKind::NotFound, "no such directory")),
            Entry::File(_) => Err(not_a_directory(&self.path.join(name))),
        }
    }

    /// Creates the directory `name` here; an entry already there is an error.
    pub fn create_dir(&self, name: &OsStr) -> io::Result<Dir> {
        imp::create_dir(self, name)?;
        self.sub(name)
    }

    /// Creates the file `name` here holding `contents`; an entry already
    /// there, even a dangling link, is an error.
    pub fn create_file(&self, name: &OsStr, contents: &[u8]) -> io::Result<()> {
        let mut file = imp::create_file(self, name).map_err(|error| match error.kind() {
            // Say what is there: a link is named as one.
            io::ErrorKind::AlreadyExists => self.entry(name).err().unwrap_or_else(|| {
                io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    "already exists (left by an interrupted run?); the generator creates this file anew",
                )
            }),
            _ => error,
        })?;
        file.write_all(contents)
    }

    /// The contents of the regular file `name`, when it holds at most
    /// `limit` bytes; checked on the opened file, so nothing can be swapped
    /// in between.
    pub fn read_file(&self, name: &OsStr, limit: u64) -> io::Result<Vec<u8>> {
        read_regular(imp::open_file(self, name)?, limit)
    }

    /// Renames `from` to `to`, both here. Neither name is followed: a link
    /// at `from` would be moved, one at `to` replaced, never written through.
    pub fn rename(&self, from: &OsStr, to: &OsStr) -> io::Result<()> {
        imp::rename(self, from, to)
    }

    /// Removes the file (or link) `name`, never what a link points to.
    pub fn remove_file(&self, name: &OsStr) -> io::Result<()> {
        imp::remove(self, name, false)
    }

    /// Removes the empty directory `name`.
    pub fn remove_dir(&self, name: &OsStr) -> io::Result<()> {
        imp::remove(self, name, true)
    }

    #[cfg(unix)]
    fn new(path: PathBuf, handle: File) -> Dir {
        Dir { path, handle }
    }

    #[cfg(not(unix))]
    fn new(path: PathBuf, _: ()) -> Dir {
        Dir { path }
    }
}

/// The contents of `file` if it is a regular file of at most `limit` bytes.
/// The check is made on the open file, so the file read is the file checked.
pub fn read_regular(mut file: File, limit: u64) -> io::Result<Vec<u8>> {
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    if metadata.len() > limit {
        return Err(too_large(metadata.len(), limit));
    }
    let mut contents = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    // A file that grows while it is read stops at the limit all the same.
    Read::by_ref(&mut file).take(limit.saturating_add(1)).read_to_end(&mut contents)?;
    if contents.len() as u64 > limit {
        return Err(too_large(contents.len() as u64, limit));
    }
    Ok(contents)
}

fn too_large(size: u64, limit: u64) -> io::Error {
    io::Error::other(format!("{size} bytes, more than the {limit} bytes read at most"))
}

/// What `path` is, without following a link at its last component.
fn entry_at_path(path: &Path) -> io::Result<Entry> {
    match fs::symlink_metadata(path) {
        Ok(metadata) => classify(path, metadata.file_type(), metadata.len()),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(Entry::Missing),
        Err(error) => Err(error),
    }
}

fn classify(path: &Path, kind: fs::FileType, len: u64) -> io::Result<Entry> {
    if kind.is_symlink() {
        Err(link(path))
    } else if kind.is_dir() {
        Ok(Entry::Dir)
    } else if kind.is_file() {
        Ok(Entry::File(len))
    } else {
        Err(special(path))
    }
}

fn special(path: &Path) -> io::Error {
    io::Error::other(format!(
        "{} is neither a regular file nor a directory (a named pipe or a device?); the generator's output \
         holds only those",
        path.display()
    ))
}

fn link(path: &Path) -> io::Error {
    io::Error::other(format!(
        "{} is a symbolic link; the generator follows no links in its output directory (a write through \
         one could land outside it): remove the link",
        path.display()
    ))
}

fn not_a_directory(path: &Path) -> io::Error {
    io::Error::other(format!("{} is not a directory", path.display()))
}

#[cfg(unix)]
mod imp {
    //! The `*at` calls, relative to a directory handle.

    use std::ffi::{CString, OsStr};
    use std::fs::{File, OpenOptions};
    use std::io;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::OpenOptionsExt;
    use std::path::Path;

    use super::{link, special, Dir, Entry};

    fn c_name(name: &OsStr) -> io::Result<CString> {
        if name.is_empty() || name.as_bytes().contains(&b'/') || name == ".." || name == "." {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a single file name"));
        }
        CString::new(name.as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "a NUL in a name"))
    }

    /// The result of a call that returns -1 on failure, with `ELOOP` (what
    /// `O_NOFOLLOW` gives for a link) said plainly.
    fn check(result: libc::c_int, dir: &Dir, name: &OsStr) -> io::Result<libc::c_int> {
        if result != -1 {
            return Ok(result);
        }
        let error = io::Error::last_os_error();
        match error.raw_os_error() {
            Some(libc::ELOOP) => Err(link(&dir.path.join(name))),
            _ => Err(error),
        }
    }

    pub fn open_dir(path: &Path) -> io::Result<File> {
        OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(path)
            .map_err(|error| match error.raw_os_error() {
                Some(libc::ELOOP) => link(path),
                _ => error,
            })
    }

    fn open_at(dir: &Dir, name: &OsStr, flags: libc::c_int) -> io::Result<File> {
        let c_name = c_name(name)?;
        let mode: libc::c_uint = 0o666;
        // SAFETY: the handle is an open directory for as long as `dir`
        // lives, the name is NUL-terminated, and the mode is the variadic
        // argument `O_CREAT` reads.
        let fd = unsafe {
            libc::openat(
                dir.handle.as_raw_fd(),
                c_name.as_ptr(),
                flags | libc::O_NOFOLLOW | libc::O_CLOEXEC,
                mode,
            )
        };
        let fd = check(fd, dir, name)?;
        // SAFETY: `openat` succeeded, so `fd` is a new descriptor owned by no one else.
        Ok(File::from(unsafe { OwnedFd::from_raw_fd(fd) }))
    }

    pub fn open_sub(dir: &Dir, name: &OsStr) -> io::Result<File> {
        open_at(dir, name, libc::O_RDONLY | libc::O_DIRECTORY)
    }

    /// Opened without waiting: a named pipe put in a file's place must not
    /// block the open (the read that follows refuses it).
    pub fn open_file(dir: &Dir, name: &OsStr) -> io::Result<File> {
        open_at(dir, name, libc::O_RDONLY | libc::O_NONBLOCK)
    }

    pub fn create_file(dir: &Dir, name: &OsStr) -> io::Result<File> {
        open_at(dir, name, libc::O_WRONLY | libc::O_CREAT | libc::O_EXCL)
    }

    pub fn create_dir(dir: &Dir, name: &OsStr) -> io::Result<()> {
        let c_name = c_name(name)?;
        // SAFETY: an open directory handle and a NUL-terminated name.
        let result = unsafe { libc::mkdirat(dir.handle.as_raw_fd(), c_name.as_ptr(), 0o777) };
        check(result, dir, name).map(drop)
    }

    pub fn entry(dir: &Dir, name: &OsStr) -> io::Result<Entry> {
        let c_name = c_name(name)?;
        // SAFETY: all-zero is a valid `stat` (plain integers).
        let mut stat: libc::stat = unsafe { std::mem::zeroed() };
        // SAFETY: an open directory handle, a NUL-terminated name, and
        // `stat` valid for writes.
        let result = unsafe {
            libc::fstatat(dir.handle.as_raw_fd(), c_name.as_ptr(), &mut stat, libc::AT_SYMLINK_NOFOLLOW)
        };
        if result == -1 {
            let error = io::Error::last_os_error();
            return match error.kind() {
                io::ErrorKind::NotFound => Ok(Entry::Missing),
                _ => Err(error),
            };
        }
        match stat.st_mode & libc::S_IFMT {
            libc::S_IFLNK => Err(link(&dir.path.join(name))),
            libc::S_IFDIR => Ok(Entry::Dir),
            libc::S_IFREG => Ok(Entry::File(u64::try_from(stat.st_size).unwrap_or(0))),
            _ => Err(special(&dir.path.join(name))),
        }
    }

    pub fn rename(dir: &Dir, from: &OsStr, to: &OsStr) -> io::Result<()> {
        let (c_from, c_to) = (c_name(from)?, c_name(to)?);
        let fd = dir.handle.as_raw_fd();
        // SAFETY: an open directory handle and NUL-terminated names.
        let result = unsafe { libc::renameat(fd, c_from.as_ptr(), fd, c_to.as_ptr()) };
        check(result, dir, from).map(drop)
    }

    pub fn remove(dir: &Dir, name: &OsStr, is_dir: bool) -> io::Result<()> {
        let c_name = c_name(name)?;
        let flags = if is_dir { libc::AT_REMOVEDIR } else { 0 };
        // SAFETY: an open directory handle and a NUL-terminated name.
        let result = unsafe { libc::unlinkat(dir.handle.as_raw_fd(), c_name.as_ptr(), flags) };
        check(result, dir, name).map(drop)
    }
}

#[cfg(not(unix))]
mod imp {
    //! Path-based steps, each checking its path just before.

    use std::ffi::OsStr;
    use std::fs::{self, File, OpenOptions};
    use std::io;
    use std::path::Path;

    use super::{entry_at_path, Dir, Entry};

    pub fn open_dir(_: &Path) -> io::Result<()> {
        Ok(())
    }

    pub fn open_sub(_: &Dir, _: &OsStr) -> io::Result<()> {
        Ok(())
    }

    pub fn open_file(dir: &Dir, name: &OsStr) -> io::Result<File> {
        let path = dir.path.join(name);
        entry_at_path(&path)?;
        File::open(path)
    }

    pub fn create_file(dir: &Dir, name: &OsStr) -> io::Result<File> {
        OpenOptions::new().write(true).create_new(true).open(dir.path.join(name))
    }

    pub fn create_dir(dir: &Dir, name: &OsStr) -> io::Result<()> {
        fs::create_dir(dir.path.join(name))
    }

    pub fn entry(dir: &Dir, name: &OsStr) -> io::Result<Entry> {
        entry_at_path(&dir.path.join(name))
    }

    pub fn rename(dir: &Dir, from: &OsStr, to: &OsStr) -> io::Result<()> {
        entry_at_path(&dir.path)?;
        fs::rename(dir.path.join(from), dir.path.join(to))
    }

    pub fn remove(dir: &Dir, name: &OsStr, is_dir: bool) -> io::Result<()> {
        let path = dir.path.join(name);
        if is_dir {
            fs::remove_dir(path)
        } else {
            fs::remove_file(path)
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// A directory swapped for a link after it was opened: what is done
    /// through the handle stays in the directory that was opened.
    #[test]
    fn a_directory_swapped_for_a_link_after_opening_changes_nothing() {
        let base = std::env::temp_dir().join(format!("codegen-dir-swap-{}", std::process::id()));
        let _ = fs::remove_dir_all(&base);
        fs::create_dir_all(base.join("out/src")).unwrap();
        fs::create_dir_all(base.join("outside")).unwrap();
        let src = Dir::open(&base.join("out")).unwrap().unwrap().sub(OsStr::new("src")).unwrap();

        fs::rename(base.join("out/src"), base.join("moved")).unwrap();
        std::os::unix::fs::symlink(base.join("outside"), base.join("out/src")).unwrap();
        src.create_file(OsStr::new("lib.rs"), b"generated").unwrap();
        src.rename(OsStr::new("lib.rs"), OsStr::new("main.rs")).unwrap();

        assert_eq!(fs::read(base.join("moved/main.rs")).unwrap(), b"generated");
        assert_eq!(fs::read_dir(base.join("outside")).unwrap().count(), 0);
        let error = Dir::open(&base.join("out")).unwrap().unwrap().sub(OsStr::new("src")).unwrap_err();
        assert!(error.to_string().contains("src is a symbolic link"), "{error}");
        fs::remove_dir_all(&base).unwrap();
    }
}
