//! The toolchain's rustfmt, which gives the generated Rust files the layout
//! `cargo fmt` gives them in the crate: the edition of its manifest and the
//! options of its `rustfmt.toml`, and nothing from wherever the generator
//! runs. rustfmt is `$RUSTFMT` when set (as for `cargo fmt`); else, when
//! cargo runs the generator, the one beside that cargo (`$CARGO`), which is
//! the rustfmt `cargo fmt` would run, started without the rustup proxy in
//! front of it; else the first on `PATH`. Without one the files keep
//! prettyplease's layout, which compiles the same and which `cargo fmt`
//! would change; the generator says so, and [`same_code`] tells a difference
//! of layout from one of code.
//!
//! Starting rustfmt costs more than formatting a small crate, so the files
//! go through one process, on stdin, started before the emitters run (or
//! earlier, by the caller: [`crate::start_rustfmt`]) so that its start
//! overlaps with their work. Its text is every file's inner
//! attributes, which only the start of a file may hold, then every file's
//! items, with a comment line between the sections. rustfmt lays items out
//! one by one and keeps comments where they are, so each section comes back
//! as it would alone. Large crates are split over as many processes as
//! there are cores.

use std::ffi::OsString;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::thread;

/// A Rust file in the sections rustfmt is given: its module docs and inner attributes, with the
/// comments among them, and the rest.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sections {
    pub inner: String,
    pub items: String,
}

/// The line between sections: a comment no generated file holds.
const BOUNDARY: &str = "// ---- end of a section of a generated file ----";

/// Below this many bytes, one rustfmt formats everything: more would spend
/// more on starting than they save.
const BYTES_PER_PROCESS: usize = 1 << 20;

/// rustfmt for the files of one crate, started before they are written.
pub struct Rustfmt {
    /// How to start a process; none for [`Rustfmt::none`].
    invocation: Option<Invocation>,
    /// The first process, waiting for its text.
    first: Option<Result<Child, String>>,
}

/// The arguments every rustfmt process of one crate gets.
struct Invocation {
    edition: String,
    options: Vec<String>,
}

impl Rustfmt {
    /// Starts rustfmt for files of `edition`, laid out with `options`.
    pub fn start(edition: &str, options: &[(&str, &str)]) -> Rustfmt {
        let options = options.iter().map(|(key, value)| format!("{key}={value}")).collect();
        let invocation = Invocation { edition: edition.to_owned(), options };
        let first = Some(invocation.spawn());
        Rustfmt { invocation: Some(invocation), first }
    }

    /// No rustfmt: the files keep prettyplease's layout. For callers that read the generated
    /// code rather than ship it, where a process per crate would cost more than the rest of the
    /// generation (the robustness test generates thousands of crates).
    pub fn none() -> Rustfmt {
        Rustfmt { invocation: None, first: None }
    }

    /// Formats the sections of `files` in place, all or none: `Err` says why they were left as
    /// they are.
    pub fn format(mut self, files: &mut [Sections]) -> Result<(), String> {
        let Some(invocation) = &self.invocation else {
            return Err("rustfmt was not asked for".to_owned());
        };
        let streams = streams(files);
        let mut children = Vec::new();
        for index in 0..streams.len() {
            children.push(match (index, self.first.take()) {
                (0, Some(first)) => first,
                _ => invocation.spawn(),
            });
        }
        let formatted: Vec<Result<Vec<Sections>, String>> = thread::scope(|scope| {
            let jobs: Vec<_> = streams
                .iter()
                .zip(children)
                .map(|(stream, child)| {
                    let files: Vec<&Sections> = stream.iter().map(|&index| &files[index]).collect();
                    scope.spawn(move || format_stream(child?, &files))
                })
                .collect();
            jobs.into_iter()
                .map(|job| job.join().unwrap_or_else(|_| Err("formatting panicked".to_owned())))
                .collect()
        });
        let mut formatted_files = Vec::new();
        for (stream, formatted) in streams.iter().zip(formatted) {
            formatted_files.extend(stream.iter().copied().zip(formatted?));
        }
        for (index, sections) in formatted_files {
            files[index] = sections;
        }
        Ok(())
    }
}

impl Invocation {
    /// A rustfmt process reading its text from stdin.
    fn spawn(&self) -> Result<Child, String> {
        let program = program();
        let mut command = Command::new(&program);
        command.args(["--edition", &self.edition, "--emit", "stdout", "--config-path", NO_CONFIG]);
        if !self.options.is_empty() {
            command.arg("--config").arg(self.options.join(","));
        }
        command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().map_err(|error| {
            match error.kind() {
                std::io::ErrorKind::NotFound => format!(
                    "`{}` was not found (install it with `rustup component add rustfmt`)",
                    program.display()
                ),
                _ => format!("`{}` did not start: {error}", program.display()),
            }
        })
    }
}

impl Drop for Rustfmt {
    /// A process that got no text (the emitters failed) reads an empty one and ends.
    fn drop(&mut self) {
        if let Some(Ok(mut child)) = self.first.take() {
            drop(child.stdin.take());
            let _ = child.wait();
        }
    }
}

/// The files each rustfmt process gets, by index: one process for a small crate, else as many
/// as there are cores, each given the largest file left until they hold about as much.
fn streams(files: &[Sections]) -> Vec<Vec<usize>> {
    let size = |index: usize| files[index].inner.len() + files[index].items.len();
    let total: usize = (0..files.len()).map(size).sum();
    let cores = thread::available_parallelism().map_or(1, usize::from);
    let count = total.div_ceil(BYTES_PER_PROCESS).clamp(1, cores.min(files.len().max(1)));
    let mut by_size: Vec<usize> = (0..files.len()).collect();
    by_size.sort_by_key(|&index| std::cmp::Reverse(size(index)));
    let mut streams: Vec<(usize, Vec<usize>)> = vec![(0, Vec::new()); count];
    for index in by_size {
        if let Some(lightest) = streams.iter_mut().min_by_key(|(bytes, _)| *bytes) {
            lightest.0 += size(index);
            lightest.1.push(index);
        }
    }
    streams
        .into_iter()
        .map(|(_, mut indices)| {
            indices.sort_unstable();
            indices
        })
        .filter(|indices| !indices.is_empty())
        .collect()
}

/// `files` through one rustfmt process: their inner sections, then their items.
fn format_stream(child: Child, files: &[&Sections]) -> Result<Vec<Sections>, String> {
    let mut text = String::new();
    for section in files.iter().map(|file| &file.inner).chain(files.iter().map(|file| &file.items)) {
        text.push_str(section);
        text.push_str(&format!("\n{BOUNDARY}\n\n"));
    }
    let formatted = run(child, &text)?;
    let mut sections: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in formatted.lines() {
        if line == BOUNDARY {
            sections.push(trimmed(&current));
            current.clear();
        } else {
            current.push_str(line);
            current.push('\n');
        }
    }
    if sections.len() != files.len() * 2 || !current.trim().is_empty() {
        return Err(format!(
            "rustfmt's output has {} sections, not the {} it was given",
            sections.len(),
            files.len() * 2
        ));
    }
    let items = sections.split_off(files.len());
    Ok(sections.into_iter().zip(items).map(|(inner, items)| Sections { inner, items }).collect())
}

/// A section without the blank lines around it.
fn trimmed(section: &str) -> String {
    let lines: Vec<&str> = section.lines().collect();
    let start = lines.iter().position(|line| !line.trim().is_empty()).unwrap_or(lines.len());
    let end = lines.iter().rposition(|line| !line.trim().is_empty()).map_or(start, |end| end + 1);
    lines[start..end].iter().map(|line| format!("{line}\n")).collect()
}

/// The rustfmt to run.
fn program() -> OsString {
    if let Some(rustfmt) = std::env::var_os("RUSTFMT") {
        return rustfmt;
    }
    let beside_cargo = std::env::var_os("CARGO")
        .map(PathBuf::from)
        .and_then(|cargo| Some(cargo.parent()?.join(format!("rustfmt{}", std::env::consts::EXE_SUFFIX))))
        .filter(|rustfmt| rustfmt.is_file());
    beside_cargo.map_or_else(|| "rustfmt".into(), PathBuf::into_os_string)
}

/// What `child` (rustfmt) writes to stdout for `text` on stdin.
fn run(mut child: Child, text: &str) -> Result<String, String> {
    let program = program();
    // Written from a thread of its own while the output is read: a text bigger than the pipe
    // would otherwise block both processes.
    let mut stdin = child.stdin.take().ok_or("rustfmt has no stdin")?;
    let (output, written) = thread::scope(|scope| {
        let writer = scope.spawn(move || stdin.write_all(text.as_bytes()));
        (child.wait_with_output(), writer.join())
    });
    let output = output.map_err(|error| format!("`{}` failed: {error}", program.display()))?;
    // A rustfmt that fails may stop reading: its message says more than the broken pipe.
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr.lines().find(|line| !line.trim().is_empty()).unwrap_or("no message");
        return Err(format!("`{}` failed ({}): {first}", program.display(), output.status));
    }
    match written {
        Ok(Ok(())) => {}
        Ok(Err(error)) => return Err(format!("writing to `{}` failed: {error}", program.display())),
        Err(_) => return Err(format!("writing to `{}` panicked", program.display())),
    }
    String::from_utf8(output.stdout)
        .map_err(|_| format!("`{}` wrote text that is not UTF-8", program.display()))
}

/// A configuration file rustfmt reads as empty, so that no `rustfmt.toml`
/// around the place the generator runs in changes the layout.
const NO_CONFIG: &str = if cfg!(windows) { "NUL" } else { "/dev/null" };

/// Whether two Rust files hold the same code, whatever their layout: the
/// same first line (the generated header), and the same syntax, which
/// prettyplease prints the same way whatever the layout and the trailing
/// commas of the text it was read from.
pub fn same_code(old: &str, new: &str) -> bool {
    let code = |text: &str| syn::parse_file(text).ok().map(|file| prettyplease::unparse(&file));
    old.lines().next() == new.lines().next() && code(old).is_some_and(|old| Some(old) == code(new))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_is_the_same_whatever_its_layout() {
        let rustfmt = "// Header.\n\nfn main() {\n    let x = [1, 2];\n}\n";
        let other = "// Header.\nfn main() { let x = [\n1,\n2,\n]; }";
        assert!(same_code(rustfmt, other));
        assert!(!same_code(rustfmt, "// Header.\n\nfn main() {\n    let x = [1, 3];\n}\n"));
        assert!(!same_code(rustfmt, "// Other header.\n\nfn main() {\n    let x = [1, 2];\n}\n"));
        assert!(!same_code(rustfmt, "// Header.\n\nfn main( {"));
    }

    #[test]
    fn each_file_is_laid_out_as_rustfmt_lays_it_out_alone() {
        let file = |inner: &str, items: &str| Sections { inner: inner.to_owned(), items: items.to_owned() };
        let mut files = vec![
            file(
                "#![allow(clippy::disallowed_names)]\n",
                "use b;\nuse a;\n\nfn main() { let x = f(aaaaaaaaaaaa, bbbbbbbbbbbbb, ccccccccccccc, ddddddddddddd, eeeeee); }\n",
            ),
            file("//! Docs.\n", "use d;\nuse c;\n"),
            file("", "struct   Empty;\n"),
        ];
        let rustfmt = Rustfmt::start("2024", &[("use_small_heuristics", "Max")]);
        rustfmt.format(&mut files).expect("the toolchain's rustfmt runs");
        assert_eq!(
            files,
            [
                file(
                    "#![allow(clippy::disallowed_names)]\n",
                    "use a;\nuse b;\n\nfn main() {\n    let x = f(aaaaaaaaaaaa, bbbbbbbbbbbbb, ccccccccccccc, ddddddddddddd, eeeeee);\n}\n"
                ),
                file("//! Docs.\n", "use c;\nuse d;\n"),
                file("", "struct Empty;\n"),
            ]
        );
    }

    #[test]
    fn big_crates_are_shared_between_processes_by_size() {
        let sized = |bytes: usize| Sections { inner: String::new(), items: " ".repeat(bytes) };
        let files =
            [sized(10), sized(3 * BYTES_PER_PROCESS), sized(2 * BYTES_PER_PROCESS), sized(BYTES_PER_PROCESS)];
        let streams = streams(&files);
        let cores = thread::available_parallelism().map_or(1, usize::from);
        assert_eq!(streams.len(), cores.min(4));
        let mut all: Vec<usize> = streams.concat();
        all.sort_unstable();
        assert_eq!(all, [0, 1, 2, 3], "each file in one stream");
        assert_eq!(self::streams(&[sized(10), sized(20)]), [vec![0, 1]], "a small crate is one stream");
    }
}
