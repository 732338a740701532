//! A last check that every name in the IR is a usable identifier, so a
//! normalizer bug surfaces as an error rather than a panic while building
//! tokens.

use super::rust::is_valid_ident;
use crate::error::Error;
use crate::ir::{Api, ModelKind};

pub fn names(api: &Api) -> Result<(), Error> {
    let mut names: Vec<&str> = Vec::new();
    for model in &api.models {
        names.push(&model.name);
        match &model.kind {
            ModelKind::Struct(fields) => {
                names.extend(fields.fields.iter().map(|field| field.rust_name.as_str()));
                names.extend(fields.additional.iter().map(|extra| extra.rust_name.as_str()));
            }
            ModelKind::Enum(variants) => {
                names.extend(variants.variants.iter().map(|variant| variant.name.as_str()));
                names.push(&variants.fallback);
            }
            ModelKind::Union(union) => {
                names.extend(union.variants.iter().map(|variant| variant.name.as_str()));
                names.extend(union.discriminator.iter().map(|tagged| tagged.fallback.as_str()));
            }
            ModelKind::Alias(_) | ModelKind::Newtype(_) => {}
        }
    }
    for operation in &api.operations {
        names.extend([operation.method_name.as_str(), &operation.builder_name, &operation.static_name]);
        names.extend(operation.params.iter().map(|param| param.rust_name.as_str()));
        names.extend(operation.body.iter().map(|body| body.rust_name.as_str()));
    }
    names.extend(api.auth.api_keys.iter().map(|key| key.setter.as_str()));
    match names.into_iter().find(|name| !is_valid_ident(name)) {
        Some(name) => Err(Error::Internal {
            what: "identifiers".to_owned(),
            message: format!("`{name}` is not a valid Rust identifier"),
        }),
        None => Ok(()),
    }
}
