//! The `readme-examples` crate: the Rust examples of every fixture crate's
//! README, each in a module of its own, so that one clippy pass type-checks
//! all of them. As doctests they would be a program each to compile and
//! link; doctests proper run on the crates that ask for them.

use generator::Files;

/// The crate's package name, and its directory in the fixture workspace.
pub const PACKAGE: &str = "fixture-readme-examples";
pub const DIR: &str = "readme-examples";

/// The crate's files, from `(package, README)` pairs.
pub fn crate_files(readmes: &[(String, String)]) -> Result<Files, String> {
    let mut source = String::from(
        "//! The Rust examples of the fixture crates' READMEs, one module each.\n\n\
         // What rustdoc allows in doctests: examples define `main` and\n\
         // bindings that nothing uses.\n#![allow(unused)]\n",
    );
    let mut dependencies = Vec::new();
    let mut blocking = Vec::new();
    let mut mock = Vec::new();
    for (package, readme) in readmes {
        let blocks = rust_blocks(readme);
        if blocks.is_empty() {
            continue;
        }
        let module = package.replace('-', "_");
        for (index, block) in blocks.iter().enumerate() {
            source.push_str(&format!("\nmod {module}_{} {{\n", index + 1));
            for line in block.lines() {
                if !line.is_empty() {
                    source.push_str("    ");
                    source.push_str(line);
                }
                source.push('\n');
            }
            source.push_str("}\n");
        }
        let directory = package.trim_start_matches("fixture-");
        dependencies.push(super::workspace::fixture_dependency(package, directory));
        blocking.push(format!("\"{package}/blocking\""));
        mock.push(format!("\"{package}/mock\""));
    }
    let mut files = Files::default();
    files.insert(
        "Cargo.toml",
        format!(
            "{}\n[package]\nname = \"{PACKAGE}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
             publish = false\n\n\
             # The examples of the blocking client and the mock server are compiled when their\n\
             # crates have them.\n\
             [features]\nblocking = [{}]\nmock = [{}]\n\n\
             [dependencies]\n{}\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n",
            super::workspace::header(),
            blocking.join(", "),
            mock.join(", "),
            dependencies.join("\n")
        ),
    );
    files.insert("src/lib.rs", source);
    Ok(files)
}

/// Where [`rust_blocks`] is in the Markdown.
enum Fence {
    Outside,
    /// In a block rustdoc does not compile.
    Skipping,
    Collecting(String),
}

/// The code of the fenced Rust blocks rustdoc would compile, with hidden
/// lines (`# ...`) shown.
fn rust_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut fence = Fence::Outside;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        let is_fence = trimmed.starts_with("```");
        fence = match fence {
            Fence::Outside if is_fence => {
                let attributes: Vec<&str> = trimmed[3..].split(',').map(str::trim).collect();
                let rust = matches!(attributes[0], "rust" | "");
                let compiled = !attributes.iter().any(|a| matches!(*a, "ignore" | "compile_fail" | "text"));
                if rust && compiled {
                    Fence::Collecting(String::new())
                } else {
                    Fence::Skipping
                }
            }
            Fence::Collecting(code) if is_fence => {
                blocks.push(code);
                Fence::Outside
            }
            Fence::Skipping if is_fence => Fence::Outside,
            Fence::Collecting(mut code) => {
                let shown = match trimmed.strip_prefix("# ") {
                    Some(hidden) => hidden,
                    None if trimmed == "#" => "",
                    None => line,
                };
                code.push_str(shown);
                code.push('\n');
                Fence::Collecting(code)
            }
            unchanged => unchanged,
        };
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiled_rust_blocks_are_taken_with_hidden_lines() {
        let markdown =
            "# Title\n\n```rust,no_run\nuse a::B;\n# fn hidden() {}\n```\n\n```text\nnot rust\n```\n\n\
                        ```rust,ignore\nskipped\n```\n```\nbare();\n```\n";
        assert_eq!(rust_blocks(markdown), ["use a::B;\nfn hidden() {}\n", "bare();\n"]);
    }
}
