//! What a user pays: a small program calling three array API operations
//! through the generated crate, built with `cargo build --release`.
//!
//! Two builds are timed (checks in the smoke run): after touching the program's `main.rs` (the edit
//! loop of someone using the crate; generic code the crate leaves to its
//! callers is compiled here), and after touching the generated crate too
//! (the crate and the program from scratch, third-party dependencies built).
//! Each program sits in a workspace of its own under
//! `target/bench/user-program/TOOL/`, in the compile section's target
//! directory, with a path dependency on that section's array API crate.

use std::path::Path;

use super::compile;
use super::measure::Summary;
use super::peers::Tool;
use super::Settings;

/// The tools whose crates a program is written for.
pub const TOOLS: [Tool; 2] = [Tool::Ours, Tool::Progenitor];

/// One tool's program.
pub struct Row {
    pub tool: Tool,
    pub after_main: Result<Summary, String>,
    pub from_scratch: Result<Summary, String>,
}

/// Builds each tool's program against its crate in `array_api`.
pub fn measure(settings: &Settings, array_api: &compile::Set) -> Vec<Row> {
    TOOLS
        .iter()
        .map(|&tool| {
            eprintln!("bench: a program calling three operations through the crate of {}", tool.name());
            let built = match array_api.row(tool).map(|row| &row.check) {
                Some(Ok(_)) => Ok(()),
                Some(Err(why)) => Err(format!("no crate: {why}")),
                None => Err("no crate".to_owned()),
            };
            match built.and_then(|()| measure_one(settings, &array_api.slug, tool)) {
                Ok(row) => row,
                Err(why) => Row { tool, after_main: Err(why.clone()), from_scratch: Err(why) },
            }
        })
        .collect()
}

fn measure_one(settings: &Settings, array_api: &str, tool: Tool) -> Result<Row, String> {
    let dir = settings.work.join("user-program").join(tool.slug());
    let io = |error: std::io::Error| format!("failed: {}: {error}", dir.display());
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(io)?;
    }
    std::fs::create_dir_all(dir.join("src")).map_err(io)?;
    let crate_dir = compile::crate_dir(settings, array_api, tool);
    let manifest = dir.join("Cargo.toml");
    let workspace = match &settings.sharing {
        Some(sharing) => sharing.write_into(&dir, &[])?,
        None => "[workspace]\n".to_owned(),
    };
    std::fs::write(&manifest, format!("{}\n{workspace}", program_manifest(tool, &crate_dir)?)).map_err(io)?;
    let main = dir.join("src/main.rs");
    std::fs::write(&main, program_source(tool)?).map_err(io)?;
    let lib = crate_dir.join("src/lib.rs");
    let log = |what: &str| settings.logs.join(format!("user-program-{what}-{}.log", tool.slug()));
    // The smoke run builds nothing in release: a check shows the program
    // still compiles against the crate's API.
    let build: &[&str] = if settings.smoke { &["check"] } else { &["build", "--release"] };
    let after_main = compile::timed_builds(settings, &manifest, &[&main], &log("main"), build);
    let from_scratch = compile::timed_builds(settings, &manifest, &[&lib, &main], &log("scratch"), build);
    Ok(Row { tool, after_main, from_scratch })
}

/// A package depending on the generated crate as `api` (the root of its
/// workspace: the `[workspace]` table follows).
fn program_manifest(tool: Tool, crate_dir: &Path) -> Result<String, String> {
    let path = crate_dir.to_str().ok_or_else(|| format!("failed: {} is not UTF-8", crate_dir.display()))?;
    let mut manifest = toml_edit::DocumentMut::new();
    manifest["package"]["name"] = toml_edit::value("user-program");
    manifest["package"]["version"] = toml_edit::value("0.1.0");
    manifest["package"]["edition"] = toml_edit::value("2021");
    manifest["package"]["publish"] = toml_edit::value(false);
    let mut api = toml_edit::InlineTable::new();
    api.insert("package", tool.package_name().into());
    api.insert("path", path.into());
    manifest["dependencies"]["api"] = toml_edit::value(api);
    let mut tokio = toml_edit::InlineTable::new();
    tokio.insert("version", "1".into());
    tokio.insert("features", toml_edit::Array::from_iter(["macros", "rt"]).into());
    manifest["dependencies"]["tokio"] = toml_edit::value(tokio);
    Ok(manifest.to_string())
}

/// The same three calls, written against each tool's API.
fn program_source(tool: Tool) -> Result<String, String> {
    let calls = match tool {
        Tool::Ours => {
            "let client = api::Client::builder(base).build().expect(\"client\");\n    \
             let info = client.get_array_metadata(\"alice\", \"weather\").await;\n    \
             let arrays = client.get_arrays_in_namespace(\"alice\").await;\n    \
             let policies = client.get_array_sharing_policies(\"alice\", \"weather\").await;"
        }
        Tool::Progenitor => {
            "let client = api::Client::new(&base);\n    \
             let info = client.get_array_metadata(\"alice\", \"weather\").await;\n    \
             let arrays = client.get_arrays_in_namespace(\"alice\", None).await;\n    \
             let policies = client.get_array_sharing_policies(\"alice\", \"weather\").await;"
        }
        Tool::OpenApiGenerator => return Err("no program is written for this crate".to_owned()),
    };
    Ok(format!(
        "//! Calls three operations of the array API.\n\n\
         #[tokio::main(flavor = \"current_thread\")]\n\
         async fn main() {{\n    \
         let base = std::env::args().nth(1).unwrap_or_else(|| \"http://127.0.0.1:9\".to_owned());\n    \
         {calls}\n    \
         println!(\"{{}} {{}} {{}}\", info.is_ok(), arrays.is_ok(), policies.is_ok());\n\
         }}\n"
    ))
}
