//! Stage 3: the files of the generated crate. Rust is built an item at a
//! time as `quote!` templates, whose holes are the names, types, literals
//! and docs the IR gives (`tokens`), printed by prettyplease
//! ([`rust_file::RustFile`]) and laid out by the toolchain's rustfmt
//! ([`crate::rustfmt`]); the runtime modules the spec needs are copied as
//! they are; `Cargo.toml` is `templates/manifest.toml` with values set
//! through `toml_edit`, and `README.md` comes from the tera template in
//! `templates/`. Every emitter reads only the IR.

mod arguments;
mod builder;
mod client;
mod crate_root;
mod enums;
mod literals;
mod manifest;
mod method_docs;
mod mock;
mod models;
mod operation;
mod outcomes;
mod paging;
mod request_setters;
mod requests;
mod runtime;
mod rust_file;
mod streams;
mod structs;
mod templates;
mod tokens;
mod unions;
mod validate;

use crate::error::Error;
use crate::ir::Api;
use crate::markdown;
use crate::output::{self, Files};
use crate::rustfmt::{Rustfmt, Sections};

/// The options of the generated crate's `rustfmt.toml`, which rustfmt lays its
/// files out with; the runtime crate (`generator/runtime/rustfmt.toml`) has
/// the same.
const RUSTFMT_OPTIONS: &[(&str, &str)] = &[("use_small_heuristics", "Max")];

/// Starts the rustfmt that lays the crate's Rust files out: the crate's edition and
/// `rustfmt.toml` options.
pub fn rustfmt() -> Result<Rustfmt, Error> {
    Ok(Rustfmt::start(&manifest::edition()?, RUSTFMT_OPTIONS))
}

/// Emits every file of the client crate for `api`, its Rust files laid out by `rustfmt`.
pub fn emit(api: &Api, standalone: bool, rustfmt: Rustfmt) -> Result<Files, Error> {
    validate::names(api)?;
    let header = header(&api.spec_label);
    let mut files = Files::default();
    let mut rust = [
        crate_root::text(api, &header)?,
        client::text(api, &header)?,
        requests::text(api, &header)?,
        models::text(api, &header)?,
        mock::text(api, &header)?,
        runtime::mod_rs(api, &header)?,
    ];
    let mut sections: Vec<Sections> =
        rust.iter_mut().map(|file| std::mem::take(&mut file.sections)).collect();
    if let Err(why) = rustfmt.format(&mut sections) {
        files.set_unformatted(why);
    }
    for (mut file, sections) in rust.into_iter().zip(sections) {
        file.sections = sections;
        files.insert(file.path, file.text());
    }
    runtime::add(api, &header, &mut files);
    files.insert("Cargo.toml", manifest::cargo_toml(api, &header, standalone)?);
    files.insert("README.md", templates::readme(api, &header)?);
    files.insert("rustfmt.toml", format!("# {header}\n\n{}", rustfmt_toml()));
    Ok(files)
}

/// The options of `rustfmt.toml`, one per line.
fn rustfmt_toml() -> String {
    RUSTFMT_OPTIONS.iter().map(|(key, value)| format!("{key} = \"{value}\"\n")).collect()
}

/// The first line of every generated file, without comment syntax: the
/// generator (whichever program runs it) and the spec. The label is a file
/// name, but one that holds a line break would end the comment, so
/// characters that have no place on one line are replaced.
pub fn header(spec_label: &str) -> String {
    let label: String = spec_label
        .chars()
        .map(|c| if markdown::is_unwanted(c) || c == '\n' { '\u{FFFD}' } else { c })
        .collect();
    let generator = output::MARKER.trim_start_matches("# ");
    format!("{generator} from {label}. Do not edit.")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_runtime_crate_is_formatted_as_generated_crates_are() {
        let runtime = include_str!("../../runtime/rustfmt.toml");
        assert!(runtime.ends_with(&super::rustfmt_toml()), "{runtime}");
    }
}
