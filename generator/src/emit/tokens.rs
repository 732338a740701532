//! The pieces of the emitters' templates that come from the IR: names, types,
//! string literals and docs, each made the one way it may reach the output.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use crate::ir::{Field, Model, TypeRef};
use crate::markdown;
use crate::rust_type::{self, Scope};

/// An identifier from a name the normalizer decided and `validate` checked;
/// `r#type` is a raw identifier.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(keyword) => Ident::new_raw(keyword, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The docs and attributes every model starts with.
pub fn model_head(model: &Model) -> TokenStream {
    let docs = docs(&model.docs, || format!("The `{}` schema.", model.name));
    let deprecated = model.deprecated.then(|| quote!(#[deprecated]));
    quote!(#docs #deprecated)
}

/// `text` as a string literal, escaped as the compiler escapes one.
pub fn string(text: &str) -> Literal {
    Literal::string(text)
}

/// A type as `rust_type` writes it (the one place that decides how IR types are written),
/// read into tokens. Its names are model names `validate` checked, so it always lexes; should
/// it not, the item it goes into does not parse and the file reports an internal error.
pub fn ty(ty: &TypeRef, scope: Scope) -> TokenStream {
    lex(&rust_type::name(ty, scope))
}

/// A struct field's type, with its `Box` and `Option`.
pub fn field_type(field: &Field) -> TokenStream {
    lex(&rust_type::field(field))
}

/// Text `rust_type` wrote, as tokens.
pub fn lex(text: &str) -> TokenStream {
    text.parse().unwrap_or_default()
}

/// `#[doc]` attributes for sanitized Markdown, one per line, which prettyplease prints as `///`
/// lines; `fallback` when the text is empty, so that every public item has docs.
pub fn docs(text: &str, fallback: impl FnOnce() -> String) -> TokenStream {
    let text = if text.trim().is_empty() { fallback() } else { text.to_owned() };
    let lines = doc_lines(&text);
    quote!(#(#[doc = #lines])*)
}

/// `#![doc]` attributes: the module's docs, printed as `//!` lines.
pub fn module_docs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#![doc = #lines])*)
}

/// The lines of a doc comment, each after a space. [`markdown::ensure_inert`]
/// checks the whole text once more, so that no way of putting docs together
/// leaves rustdoc a code block to run.
fn doc_lines(text: &str) -> Vec<Literal> {
    markdown::ensure_inert(text)
        .lines()
        .map(|line| match line.trim_end() {
            "" => string(""),
            line => string(&format!(" {line}")),
        })
        .collect()
}

/// `#[doc]` attributes for an example the generator wrote: a `no_run` block, which rustdoc
/// compiles as a doctest and never runs. `code` is Rust made of names `validate` checked and
/// literals escaped as the compiler escapes them, so no spec text is code in it; since such a
/// literal could still hold a fence, a line that would close the block (no Rust line starts with
/// a backtick or a tilde) leaves the example out.
pub fn example(code: &str) -> TokenStream {
    let closes = |line: &str| {
        let line = line.trim_start();
        line.starts_with("```") || line.starts_with("~~~")
    };
    if code.lines().any(closes) {
        return TokenStream::new();
    }
    let lines = std::iter::once(" ```no_run".to_owned())
        .chain(code.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") }))
        .chain(std::iter::once(" ```".to_owned()))
        .map(|line| string(&line));
    quote!(#(#[doc = #lines])*)
}
