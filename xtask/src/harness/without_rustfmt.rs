//! A crate generated where no rustfmt can be found: `cargo xtask codegen`
//! with no `PATH`, `RUSTFMT` or `CARGO`, as on a machine without the rustfmt
//! component. Its files keep prettyplease's layout, the generator says why
//! in one line, and the crate must build and pass clippy like the others.

use std::path::Path;
use std::process::Command;

/// Generates the crate `package` from `spec` into `out`, and checks what the generator said.
pub fn generate(root: &Path, spec: &Path, out: &Path, package: &str) -> Result<(), String> {
    let failed = |why: String| format!("{package}: {why}");
    let xtask = std::env::current_exe().map_err(|error| failed(error.to_string()))?;
    let output = Command::new(xtask)
        .current_dir(root)
        .arg("codegen")
        .arg("--spec")
        .arg(spec)
        .arg("--out")
        .arg(out)
        .args(["--crate-name", package, "--workspace-member"])
        .env("PATH", "")
        .env_remove("RUSTFMT")
        .env_remove("CARGO")
        .output()
        .map_err(|error| failed(format!("cargo xtask codegen did not run: {error}")))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(failed(format!("cargo xtask codegen failed without rustfmt:\n{stderr}")));
    }
    let why: Vec<&str> = stderr.lines().filter(|line| line.contains("rustfmt")).collect();
    match why.as_slice() {
        [line] if line.contains("was not found") => Ok(()),
        _ => Err(failed(format!(
            "the generator should say, in one line, that rustfmt was not found:\n{stderr}"
        ))),
    }
}
