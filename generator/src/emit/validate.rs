//! A last check that every name in the IR is a usable identifier, so a
//! normalizer bug surfaces as an error rather than as code that does not
//! compile (or, worse, compiles into something else).

use crate::error::Error;
use crate::ir::{Api, ModelKind};

pub fn names(api: &Api) -> Result<(), Error> {
    let mut names: Vec<&str> = Vec::new();
    for model in &api.models {
        names.push(&model.name);
        match &model.kind {
            ModelKind::Struct(fields) => {
                names.extend(fields.fields.iter().map(|field| field.rust_name.as_str()));
                names.extend(fields.fields.iter().filter_map(|field| field.setter.as_deref()));
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
        names.extend([operation.method_name.as_str(), &operation.builder_name, &operation.struct_name]);
        for alternative in &operation.success.alternatives {
            names.extend([alternative.method_name.as_str(), &alternative.struct_name]);
        }
        if let crate::ir::SuccessBody::Outcomes(outcomes) = &operation.success.body {
            names.push(&outcomes.type_name);
            names.extend(outcomes.variants.iter().map(|variant| variant.variant.as_str()));
        }
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

/// Whether `name` is an identifier (`r#type` for a keyword).
pub fn is_valid_ident(name: &str) -> bool {
    let (raw, bare) = match name.strip_prefix("r#") {
        Some(bare) => (true, bare),
        None => (false, name),
    };
    let mut chars = bare.chars();
    let starts_well = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    let valid = starts_well && chars.all(|c| c.is_ascii_alphanumeric() || c == '_') && bare != "_";
    valid && !(raw && matches!(bare, "crate" | "self" | "Self" | "super"))
}
