//! Writing and checking an output directory that holds links and special
//! files: each is an error that names it, nothing outside the directory is
//! read or written, and the directory stays as it was.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use super::{check, read_file, write, Files, MARKER};

/// A fresh directory under the system's temporary directory, with `out`
/// (the output) and `outside` (what links point to) in it.
fn scene(name: &str) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("codegen-output-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("outside")).unwrap();
    fs::write(dir.join("outside/victim"), "outside").unwrap();
    (dir.join("out"), dir.join("outside"))
}

fn files(entries: &[(&str, &str)]) -> Files {
    let mut files = Files::default();
    files.insert("Cargo.toml", format!("{MARKER}\n[package]\n"));
    for (path, contents) in entries {
        files.insert(path, (*contents).to_owned());
    }
    files
}

/// Every entry under `dir`, links as their targets, without following any.
fn tree(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut entries = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            let kind = fs::symlink_metadata(&path).unwrap().file_type();
            let what = if kind.is_symlink() {
                format!("-> {}", fs::read_link(&path).unwrap().display())
            } else if kind.is_dir() {
                pending.push(path.clone());
                "dir".to_owned()
            } else if kind.is_file() {
                fs::read_to_string(&path).unwrap()
            } else {
                "special".to_owned()
            };
            entries.push((path, what));
        }
    }
    entries.sort();
    entries
}

/// Generates into `out`, plants what `plant` makes, and checks that
/// writing and checking fail naming `expected`, with `out` and `outside` as
/// they were.
fn refused(name: &str, plant: impl Fn(&Path, &Path), expected: &str) {
    let (out, outside) = scene(name);
    let generated = files(&[("src/lib.rs", "lib"), ("src/old.rs", "old"), ("README.md", "readme")]);
    write(&generated, &out).unwrap();
    plant(&out, &outside);
    let (before, outside_before) = (tree(&out), tree(&outside));

    let next = files(&[("src/lib.rs", "new lib"), ("README.md", "new readme")]);
    let error = write(&next, &out).unwrap_err().to_string();
    assert!(error.contains(expected), "{name}: {error}");
    let error = check(&next, &out).unwrap_err().to_string();
    assert!(error.contains(expected), "{name}: --check: {error}");

    assert_eq!(tree(&out), before, "{name}: the output is as it was");
    assert_eq!(tree(&outside), outside_before, "{name}: nothing outside changed");
    fs::remove_dir_all(out.parent().unwrap()).unwrap();
}

#[test]
fn a_link_at_a_staging_name_is_refused() {
    let plant = |out: &Path, outside: &Path| {
        symlink(outside.join("victim"), out.join("src/lib.rs.codegen-tmp")).unwrap()
    };
    refused("staging", plant, "src/lib.rs.codegen-tmp is a symbolic link");
}

#[test]
fn a_linked_source_directory_is_refused() {
    let plant = |out: &Path, outside: &Path| {
        fs::rename(out.join("src"), outside.join("src")).unwrap();
        symlink(outside.join("src"), out.join("src")).unwrap();
    };
    refused("src", plant, "out/src is a symbolic link");
}

#[test]
fn a_link_that_would_be_removed_as_stale_is_refused() {
    let plant = |out: &Path, outside: &Path| {
        fs::remove_file(out.join("src/old.rs")).unwrap();
        symlink(outside.join("victim"), out.join("src/old.rs")).unwrap();
    };
    refused("stale", plant, "src/old.rs is a symbolic link");
}

#[test]
fn a_linked_file_that_would_be_rewritten_is_refused() {
    let plant = |out: &Path, outside: &Path| {
        fs::remove_file(out.join("README.md")).unwrap();
        symlink(outside.join("victim"), out.join("README.md")).unwrap();
    };
    refused("rewritten", plant, "README.md is a symbolic link");
}

#[test]
fn a_linked_output_directory_is_refused() {
    let plant = |out: &Path, outside: &Path| {
        fs::rename(out, outside.join("out")).unwrap();
        symlink(outside.join("out"), out).unwrap();
    };
    refused("root", plant, "out is a symbolic link");
}

/// A named pipe would block the read that compares it; it is refused
/// without being opened for long.
#[test]
fn a_named_pipe_is_refused_without_waiting() {
    let plant = |out: &Path, _: &Path| {
        let path = std::ffi::CString::new(out.join("src/lib.rs.pipe").into_os_string().into_encoded_bytes());
        // SAFETY: a NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(path.unwrap().as_ptr(), 0o600) }, 0);
    };
    refused("pipe", plant, "neither a regular file nor a directory");
}

/// `api.json` and the changelog are read as the rest: through no link, and
/// nothing but a regular file, of bounded size.
#[test]
fn single_files_are_read_through_no_link_and_only_when_regular() {
    let (out, outside) = scene("single");
    write(&files(&[("api.json", "{}")]), &out).unwrap();
    assert_eq!(read_file(&out, "api.json", 2).unwrap().as_deref(), Some(&b"{}"[..]));
    assert_eq!(read_file(&out, "missing.json", 2).unwrap(), None);
    let error = read_file(&out, "api.json", 1).unwrap_err().to_string();
    assert!(error.contains("2 bytes, more than the 1 bytes read at most"), "{error}");

    fs::remove_file(out.join("api.json")).unwrap();
    symlink(outside.join("victim"), out.join("api.json")).unwrap();
    let error = read_file(&out, "api.json", 1 << 20).unwrap_err().to_string();
    assert!(error.contains("api.json is a symbolic link"), "{error}");

    fs::remove_file(out.join("api.json")).unwrap();
    let path = std::ffi::CString::new(out.join("api.json").into_os_string().into_encoded_bytes()).unwrap();
    // SAFETY: a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o600) }, 0);
    let error = read_file(&out, "api.json", 1 << 20).unwrap_err().to_string();
    assert!(error.contains("not a regular file"), "{error}");

    super::prepend_changelog(&out, "## 1.0.0\n").unwrap();
    fs::rename(out.join(super::CHANGELOG), outside.join("changelog")).unwrap();
    symlink(outside.join("changelog"), out.join(super::CHANGELOG)).unwrap();
    let before = fs::read_to_string(outside.join("changelog")).unwrap();
    let error = super::prepend_changelog(&out, "## 2.0.0\n").unwrap_err().to_string();
    assert!(error.contains("CHANGELOG.md is a symbolic link"), "{error}");
    assert_eq!(fs::read_to_string(outside.join("changelog")).unwrap(), before);
    fs::remove_dir_all(out.parent().unwrap()).unwrap();
}
