//! How callers build a struct model: `new`, taking the fields the
//! normalizer put in its constructor, and a `setter!` line per other field.
//! The setters' bodies are the runtime's (`runtime/setters.rs`), so each
//! costs the crate one line.

use std::collections::{HashMap, HashSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::literals;
use super::tokens::{docs, ident, ty};
use crate::ir::{Field, Model, Struct, TypeRef};
use crate::rust_type::Scope;

/// The head of the block that holds `new` and the setters.
pub fn head(model: &Model) -> TokenStream {
    let name = ident(&model.name);
    quote!(impl #name)
}

/// `new`, then a setter per field `new` does not take.
pub fn members(fields: &Struct) -> Vec<TokenStream> {
    let setters = fields.fields.iter().filter_map(setter);
    std::iter::once(constructor(fields)).chain(setters).collect()
}

fn constructor(fields: &Struct) -> TokenStream {
    // By name, so a struct of thousands of fields is not searched per field.
    let by_name: HashMap<&str, &Field> =
        fields.fields.iter().map(|field| (field.rust_name.as_str(), field)).collect();
    let taken: Vec<&Field> =
        fields.constructor.iter().filter_map(|name| by_name.get(name.as_str()).copied()).collect();
    let takes: HashSet<&str> = taken.iter().map(|field| field.rust_name.as_str()).collect();
    let names: Vec<String> = taken.iter().map(|field| format!("`{}`", bare(&field.rust_name))).collect();
    let tags: Vec<&Field> = fields.fields.iter().filter(|field| field.tag.is_some()).collect();
    let rest = taken.len() + tags.len() < fields.fields.len() || fields.additional.is_some();
    let mut text = match (names.split_last(), rest) {
        (None, true) if tags.is_empty() => {
            "Starts a value with every field unset; the methods below set them.".to_owned()
        }
        (None, true) => format!("Starts a value{}", others(true)),
        (None, false) => "Starts a value.".to_owned(),
        (Some((last, [])), rest) => format!("Starts a value from {last}{}", others(rest)),
        (Some((last, head)), rest) => {
            format!("Starts a value from {} and {last}{}", head.join(", "), others(rest))
        }
    };
    // A variant whose only required field is its tag has a `new` without arguments, and may have
    // no `Default` (a tag typed as the enum of every variant's tag has none).
    let allow =
        (taken.is_empty() && !fields.derive_default).then(|| quote!(#[allow(clippy::new_without_default)]));
    for field in tags {
        text.push_str(&format!(" Its `{}` is the variant's tag, set here.", bare(&field.rust_name)));
    }
    let docs = docs(&text, String::new);
    let params = taken.iter().map(|field| {
        let (name, ty) = (ident(&field.rust_name), param(field));
        quote!(#name: #ty)
    });
    let tagged = fields.fields.iter().any(|field| field.tag.is_some());
    let body = if taken.is_empty() && fields.derive_default && !tagged {
        quote!(Self::default())
    } else {
        let values = fields.fields.iter().filter_map(|field| {
            let name = ident(&field.rust_name);
            if let Some(tag) = &field.tag {
                let value = literals::value(field, tag);
                return Some(if field.optional {
                    quote!(#name: Some(#value))
                } else {
                    quote!(#name: #value)
                });
            }
            if !takes.contains(field.rust_name.as_str()) {
                // A field `new` does not take starts unset.
                return (!fields.derive_default).then(|| quote!(#name: None));
            }
            let converted = match &field.ty {
                TypeRef::List(_) => quote!(#name.into_iter().collect()),
                _ if exact(field) => quote!(#name),
                _ => quote!(#name.into()),
            };
            Some(match (field.optional, exact(field)) {
                (false, true) => quote!(#name),
                (false, false) => quote!(#name: #converted),
                (true, _) => quote!(#name: Some(#converted)),
            })
        });
        let values: Vec<TokenStream> = values.collect();
        let all = fields.fields.len() + usize::from(fields.additional.is_some());
        let set = taken.len() + fields.fields.iter().filter(|field| field.tag.is_some()).count();
        let rest = match &fields.additional {
            _ if fields.derive_default && set < all => quote!(..Default::default()),
            Some(extra) => {
                let name = ident(&extra.rust_name);
                quote!(#name: Default::default())
            }
            None => quote!(),
        };
        quote!(Self { #(#values,)* #rest })
    };
    quote! {
        #docs
        #allow
        pub fn new(#(#params),*) -> Self {
            #body
        }
    }
}

fn others(rest: bool) -> &'static str {
    if rest {
        "; the other fields start unset, and the methods below set them."
    } else {
        "."
    }
}

/// The type `new` takes a field's value as.
fn param(field: &Field) -> TokenStream {
    match &field.ty {
        TypeRef::List(item) => {
            let item = ty(item, Scope::Models);
            quote!(impl IntoIterator<Item = #item>)
        }
        _ if exact(field) => value_type(field),
        _ => {
            let value = value_type(field);
            quote!(impl Into<#value>)
        }
    }
}

/// Numbers and booleans are taken as they are: through `impl Into<u64>`, a
/// literal such as `10_000` would be an `i32`, which does not convert.
fn exact(field: &Field) -> bool {
    !field.boxed && matches!(field.ty, TypeRef::Bool | TypeRef::Int(_) | TypeRef::Float(_))
}

/// The field's type without its `Option`.
fn value_type(field: &Field) -> TokenStream {
    let ty = ty(&field.ty, Scope::Models);
    if field.boxed {
        quote!(Box<#ty>)
    } else {
        ty
    }
}

/// The field's line of `setter!`, if it has a setter.
fn setter(field: &Field) -> Option<TokenStream> {
    let setter = ident(field.setter.as_deref()?);
    let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
    let exact = exact(field).then(|| quote!(exact));
    let name = ident(&field.rust_name);
    let named = if setter == name { quote!(#name) } else { quote!(#setter = #name) };
    let ty = match (&field.ty, field.boxed) {
        (TypeRef::List(item), false) => {
            let item = ty(item, Scope::Models);
            quote!([#item])
        }
        _ => value_type(field),
    };
    Some(quote!(setter!(#deprecated #exact #named: #ty);))
}

fn bare(name: &str) -> &str {
    name.trim_start_matches("r#")
}
