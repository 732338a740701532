//! Small helpers every Rust emitter uses: identifiers, types, doc comments.

use proc_macro2::{Ident, Literal as Lit, Span, TokenStream};
use quote::{quote, ToTokens as _};

use crate::ir::{FloatType, IntType, Literal, TypeRef};
use crate::markdown;

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
            // The normalizer keeps only values the type holds; an infinity
            // has no literal (and `Literal::f32_unsuffixed` panics on one).
            let magnitude = match float {
                FloatType::F32 if !(number.abs() as f32).is_finite() => quote!(f32::INFINITY),
                FloatType::F64 if !number.is_finite() => quote!(f64::INFINITY),
                FloatType::F32 => {
                    let magnitude = number.abs() as f32;
                    float_literal(f64::from(magnitude), format!("{magnitude:e}"), || {
                        Lit::f32_unsuffixed(magnitude)
                    })
                }
                FloatType::F64 => {
                    let magnitude = number.abs();
                    float_literal(magnitude, format!("{magnitude:e}"), || Lit::f64_unsuffixed(magnitude))
                }
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

/// A non-negative float literal: written out (`1.5`) in the usual range, in
/// scientific notation (`1e300`, `5e-324`) beyond it, where written out it
/// would run to hundreds of digits.
fn float_literal(magnitude: f64, scientific: String, written_out: impl FnOnce() -> Lit) -> TokenStream {
    let literal = if magnitude != 0.0 && !(1e-5..1e16).contains(&magnitude) {
        scientific.parse::<Lit>().ok()
    } else {
        None
    };
    literal.unwrap_or_else(written_out).into_token_stream()
}

/// `#[doc]` attributes, one per line, so prettyplease prints `///` lines.
/// `fallback` is used when the spec has no text: every public item gets docs.
///
/// Docs are put together from sanitized spec text, code spans and fixed
/// text; [`markdown::ensure_inert`] checks the whole once more, so no way of
/// combining them can leave rustdoc a code block to run.
pub fn doc(text: &str, fallback: impl FnOnce() -> String) -> TokenStream {
    let text = if text.trim().is_empty() { fallback() } else { text.to_owned() };
    let lines = doc_lines(&text);
    quote!(#(#[doc = #lines])*)
}

/// Inner `#![doc]` attributes for a module.
pub fn module_doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#![doc = #lines])*)
}

/// The lines of a doc comment, each after a space.
fn doc_lines(text: &str) -> Vec<String> {
    let text = markdown::ensure_inert(text);
    text.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_literals_exist_for_every_value() {
        let text = |number: f64, float: FloatType| literal_tokens(&Literal::Float(number), float).to_string();
        assert_eq!(text(1e300, FloatType::F32), "f32 :: INFINITY");
        assert_eq!(text(-1e300, FloatType::F32), "- f32 :: INFINITY");
        assert_eq!(text(-0.0, FloatType::F64), "- 0.0");
        assert_eq!(text(5e-324, FloatType::F64), "5e-324");
        assert_eq!(text(5e-324, FloatType::F32), "0.0");
        assert_eq!(text(3.5, FloatType::F32), "3.5");
        assert_eq!(text(1e300, FloatType::F64), "1e300");
        assert_eq!(text(3e38, FloatType::F32), "3e38");
    }
}
