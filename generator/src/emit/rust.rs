//! Small helpers every Rust emitter uses: identifiers, types, doc comments.

use proc_macro2::{Ident, Literal as Lit, Span, TokenStream};
use quote::quote;

use crate::ir::{FloatType, IntType, Literal, TypeRef};

/// An identifier from a name the normalizer decided; `r#type` becomes a raw
/// identifier.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Whether `name` is something [`ident`] accepts. The emitter checks every
/// IR name with this before building tokens, so a normalizer bug is an error
/// instead of a panic inside `proc_macro2`.
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

/// Where a type is written: inside `models`, or in a module that imports
/// `models`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Models,
    Outside,
}

/// The Rust type for `ty`.
pub fn type_tokens(ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::Bool => quote!(bool),
        TypeRef::Int(int) => int_tokens(*int),
        TypeRef::Float(FloatType::F32) => quote!(f32),
        TypeRef::Float(FloatType::F64) => quote!(f64),
        TypeRef::String => quote!(String),
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        TypeRef::Date => quote!(chrono::NaiveDate),
        TypeRef::Uuid => quote!(uuid::Uuid),
        TypeRef::Base64 => quote!(crate::Base64Bytes),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::JsonObject => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::Bytes => quote!(bytes::Bytes),
        TypeRef::Model(name) => {
            let name = ident(name);
            match scope {
                Scope::Models => quote!(#name),
                Scope::Outside => quote!(models::#name),
            }
        }
        TypeRef::List(item) => {
            let item = type_tokens(item, scope);
            quote!(Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = type_tokens(value, scope);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        TypeRef::Option(inner) => {
            let inner = type_tokens(inner, scope);
            quote!(Option<#inner>)
        }
    }
}

/// The Rust integer type.
pub fn int_tokens(int: IntType) -> TokenStream {
    let name = ident(match int {
        IntType::I8 => "i8",
        IntType::I16 => "i16",
        IntType::I32 => "i32",
        IntType::I64 => "i64",
        IntType::U8 => "u8",
        IntType::U16 => "u16",
        IntType::U32 => "u32",
        IntType::U64 => "u64",
    });
    quote!(#name)
}

/// A literal as a Rust expression or pattern: `true`, `-3`, `1.5`, `"a"`.
/// Integers and floats are unsuffixed, so they take the type the context
/// gives them; a float for an `f32` is written with `f32` precision.
pub fn literal_tokens(value: &Literal, float: FloatType) -> TokenStream {
    match value {
        Literal::Bool(flag) => quote!(#flag),
        Literal::Int(int) => {
            let magnitude = Lit::u128_unsuffixed(int.unsigned_abs());
            if *int < 0 {
                quote!(-#magnitude)
            } else {
                quote!(#magnitude)
            }
        }
        Literal::Float(number) => {
            let magnitude = match float {
                FloatType::F32 => Lit::f32_unsuffixed(number.abs() as f32),
                FloatType::F64 => Lit::f64_unsuffixed(number.abs()),
            };
            if number.is_sign_negative() {
                quote!(-#magnitude)
            } else {
                quote!(#magnitude)
            }
        }
        Literal::String(text) => quote!(#text),
    }
}

/// `#[doc]` attributes, one per line, so prettyplease prints `///` lines.
/// `fallback` is used when the spec has no text: every public item gets docs.
pub fn doc(text: &str, fallback: impl FnOnce() -> String) -> TokenStream {
    let text = if text.trim().is_empty() { fallback() } else { text.to_owned() };
    let lines = text.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    quote!(#(#[doc = #lines])*)
}

/// Inner `#![doc]` attributes for a module.
pub fn module_doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    quote!(#(#![doc = #lines])*)
}
