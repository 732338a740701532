//! `Cargo.toml`: the fixed manifest in `templates/manifest.toml`, with the
//! values that come from the spec set through a TOML serializer.
//!
//! A manifest decides what `cargo build` compiles and runs (dependencies,
//! build scripts), so spec text never reaches it as text: the package name,
//! version and description are set with `toml_edit`, which writes each as
//! one string value whatever it holds.

use toml_edit::{value, DocumentMut, Item, Table};

use crate::error::Error;
use crate::ir::{Api, TypeRef};

const MANIFEST: &str = include_str!("../../../templates/manifest.toml");

/// The edition the crate is written in, as its manifest says: what rustfmt formats it for.
pub fn edition() -> Result<String, Error> {
    let internal = |message: String| Error::Internal { what: "Cargo.toml".to_owned(), message };
    let manifest: DocumentMut = MANIFEST.parse().map_err(|error| internal(format!("{error}")))?;
    let edition = manifest.get("package").and_then(|package| package.get("edition"));
    edition.and_then(Item::as_str).map(str::to_owned).ok_or_else(|| internal("no package.edition".to_owned()))
}

pub fn cargo_toml(api: &Api, header: &str, standalone: bool) -> Result<String, Error> {
    let internal = |message: String| Error::Internal { what: "Cargo.toml".to_owned(), message };
    let mut manifest: DocumentMut = MANIFEST.parse().map_err(|error| internal(format!("{error}")))?;
    let package =
        manifest["package"].as_table_mut().ok_or_else(|| internal("no [package] table".to_owned()))?;
    package["name"] = value(&api.package_name);
    package["version"] = value(&api.package_version);
    package["description"] = value(&api.package_description);
    // A dependency only crates that have UUIDs need.
    if !api.uses_type(|ty| *ty == TypeRef::Uuid) {
        if let Some(dependencies) = manifest["dependencies"].as_table_mut() {
            dependencies.remove("uuid");
        }
    }
    if standalone {
        let mut workspace = Table::new();
        workspace.decor_mut().set_prefix("\n# Generated as a crate of its own, outside any workspace.\n");
        manifest["workspace"] = Item::Table(workspace);
    }
    Ok(format!("# {header}\n\n{manifest}"))
}
