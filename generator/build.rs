//! Formats the runtime module (`runtime/*.rs`, copied into every generated
//! crate) once, at build time. Parsing and printing these fixed files took
//! about a fifth of the generator's instructions on every run, on the main
//! thread after the parallel emitters (see BENCHMARKS.md); now a run only
//! adds the header and the blank lines between items.

use std::error::Error;
use std::fmt::Write;
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=runtime");
    let mut names: Vec<String> = std::fs::read_dir("runtime")?
        .map(|entry| entry.map(|entry| entry.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_, _>>()?;
    names.retain(|name| name.ends_with(".rs"));
    names.sort();
    let mut out = String::from(
        "/// The runtime module's files, as prettyplease prints them.\nconst RUNTIME: &[(&str, &str)] = &[\n",
    );
    for name in names {
        let source = std::fs::read_to_string(Path::new("runtime").join(&name))?;
        let file = syn::parse_file(&source).map_err(|error| format!("runtime/{name}: {error}"))?;
        writeln!(out, "    ({:?}, {:?}),", format!("src/runtime/{name}"), prettyplease::unparse(&file))?;
    }
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR")?;
    std::fs::write(Path::new(&out_dir).join("runtime.rs"), out)?;
    Ok(())
}
