//! Example programs written by hand for one API (`spec/examples/` for the
//! TileDB client) and shipped in the generated crate's `examples/`, where
//! cargo builds them with the crate. They are copied as written, comments
//! and all, after a check that they parse.

use std::fs;
use std::path::Path;

use crate::error::Error;
use crate::output::Files;

/// Adds every `*.rs` file of `dir` as `examples/<name>`, under the same
/// first line as every generated file (`header`) and a second naming the
/// source; `label` is how `dir` is named there.
pub fn add(files: &mut Files, dir: &Path, label: &str, header: &str) -> Result<(), Error> {
    let read_error = |source| Error::Read { path: dir.to_owned(), source };
    let mut sources: Vec<_> = fs::read_dir(dir)
        .map_err(read_error)?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<_, _>>()
        .map_err(read_error)?;
    sources.retain(|path| path.extension().is_some_and(|ext| ext == "rs"));
    sources.sort();
    for path in sources {
        let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
        let text = fs::read_to_string(&path).map_err(|source| Error::Read { path: path.clone(), source })?;
        syn::parse_file(&text).map_err(|error| Error::Example {
            path: path.clone(),
            line: error.span().start().line,
            message: error.to_string(),
        })?;
        let heading = format!("// {header}\n// Copied from {label}/{name}; edit it there.\n\n");
        files.insert(&format!("examples/{name}"), heading + &text);
    }
    Ok(())
}
