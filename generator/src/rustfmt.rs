//! The toolchain's rustfmt, which gives the generated Rust files the layout
//! `cargo fmt` gives them in the crate: the edition of its manifest and the
//! options of its `rustfmt.toml`, and nothing from wherever the generator
//! runs. rustfmt is `$RUSTFMT` when set (as for `cargo fmt`), else the first
//! on `PATH`. Without it the files keep prettyplease's layout, which compiles
//! the same and which `cargo fmt` would change; the generator says so, and
//! [`same_code`] tells a difference of layout from one of code.

use std::ffi::OsString;
use std::io::Write as _;
use std::process::{Command, Stdio};
use std::thread;

/// Formats each text of `files` in place, all or none: `Err` says why they
/// were left as they are.
pub fn format(files: &mut [String], edition: &str, options: &[(&str, &str)]) -> Result<(), String> {
    let formatted: Vec<Result<String, String>> = thread::scope(|scope| {
        let jobs: Vec<_> =
            files.iter().map(|text| scope.spawn(move || run(text, edition, options))).collect();
        jobs.into_iter()
            .map(|job| job.join().unwrap_or_else(|_| Err("formatting a file panicked".to_owned())))
            .collect()
    });
    let formatted: Vec<String> = formatted.into_iter().collect::<Result<_, _>>()?;
    for (file, text) in files.iter_mut().zip(formatted) {
        *file = text;
    }
    Ok(())
}

/// The rustfmt to run.
fn program() -> OsString {
    std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into())
}

/// rustfmt on `text`, from stdin to stdout.
fn run(text: &str, edition: &str, options: &[(&str, &str)]) -> Result<String, String> {
    let program = program();
    let options: Vec<String> = options.iter().map(|(key, value)| format!("{key}={value}")).collect();
    let mut command = Command::new(&program);
    command.args(["--edition", edition, "--emit", "stdout", "--config-path", NO_CONFIG]);
    if !options.is_empty() {
        command.arg("--config").arg(options.join(","));
    }
    let mut child =
        command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().map_err(
            |error| match error.kind() {
                std::io::ErrorKind::NotFound => {
                    format!(
                        "`{}` was not found (install it with `rustup component add rustfmt`)",
                        program.display()
                    )
                }
                _ => format!("`{}` did not start: {error}", program.display()),
            },
        )?;
    // Written from a thread of its own while the output is read: a file bigger than the pipe
    // would otherwise block both processes.
    let mut stdin = child.stdin.take().ok_or("rustfmt has no stdin")?;
    let output = thread::scope(|scope| {
        let writer = scope.spawn(move || stdin.write_all(text.as_bytes()));
        let output = child.wait_with_output();
        let written = writer.join().unwrap_or_else(|_| Ok(()));
        output.and_then(|output| written.map(|()| output))
    })
    .map_err(|error| format!("`{}` failed: {error}", program.display()))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr.lines().find(|line| !line.trim().is_empty()).unwrap_or("no message");
        return Err(format!("`{}` failed ({}): {first}", program.display(), output.status));
    }
    String::from_utf8(output.stdout)
        .map_err(|_| format!("`{}` wrote text that is not UTF-8", program.display()))
}

/// A configuration file rustfmt reads as empty, so that no `rustfmt.toml`
/// around the place the generator runs in changes the layout.
const NO_CONFIG: &str = if cfg!(windows) { "NUL" } else { "/dev/null" };

/// Whether two Rust files hold the same code, whatever their layout: the
/// same first line (the generated header) and the same tokens.
pub fn same_code(old: &str, new: &str) -> bool {
    let tokens = |text: &str| -> Option<String> {
        let file = syn::parse_file(text).ok()?;
        Some(quote::ToTokens::to_token_stream(&file).to_string())
    };
    old.lines().next() == new.lines().next() && tokens(old).is_some_and(|old| Some(old) == tokens(new))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_is_the_same_whatever_its_layout() {
        let rustfmt = "// Header.\n\nfn main() {\n    let x = [1, 2];\n}\n";
        let other = "// Header.\nfn main() { let x = [\n1,\n2]; }";
        assert!(same_code(rustfmt, other));
        assert!(!same_code(rustfmt, "// Header.\n\nfn main() {\n    let x = [1, 3];\n}\n"));
        assert!(!same_code(rustfmt, "// Other header.\n\nfn main() {\n    let x = [1, 2];\n}\n"));
        assert!(!same_code(rustfmt, "// Header.\n\nfn main( {"));
    }

    #[test]
    fn rustfmt_lays_files_out_with_the_options_given() {
        let mut files = vec![
            "fn main() { let x = f(aaaaaaaaaaaa, bbbbbbbbbbbbb, ccccccccccccc, ddddddddddddd, eeeeee); }\n"
                .to_owned(),
        ];
        format(&mut files, "2024", &[("use_small_heuristics", "Max")]).expect("the toolchain's rustfmt runs");
        assert_eq!(
            files[0],
            "fn main() {\n    let x = f(aaaaaaaaaaaa, bbbbbbbbbbbbb, ccccccccccccc, ddddddddddddd, eeeeee);\n}\n"
        );
    }
}
