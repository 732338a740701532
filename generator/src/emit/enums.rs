//! Enums with a fallback variant, so a value the server adds later still
//! decodes (and survives a round trip) instead of failing the call. String
//! enums derive serde; integer and mixed enums convert through the value
//! they stand for. They are `#[non_exhaustive]`, so callers' matches end
//! with a wildcard arm and a value the spec adds later is a compatible change
//! of the crate.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::models::rename;
use super::rust::{doc, ident, int_tokens, literal_tokens};
use crate::ir::{Enum, EnumRepr, FloatType, IntType, Literal, Variant};
use crate::markdown;

pub fn tokens(docs: &TokenStream, name: &Ident, model: &Enum) -> TokenStream {
    match model.repr {
        EnumRepr::String => string_enum(docs, name, model),
        EnumRepr::Integer(int) => integer_enum(docs, name, model, int),
        EnumRepr::Json => json_enum(docs, name, model),
    }
}

/// The variants, each with its value as docs; the default one marked.
fn variant_items(model: &Enum, serde_rename: bool) -> Vec<TokenStream> {
    model
        .variants
        .iter()
        .map(|variant| {
            let variant_name = ident(&variant.name);
            let docs = doc(&value_doc(&variant.value), String::new);
            let default =
                (model.default.as_deref() == Some(variant.name.as_str())).then(|| quote!(#[default]));
            let rename = match (&variant.value, serde_rename) {
                (Literal::String(wire), true) => rename(&variant.name, wire),
                _ => None,
            };
            quote! {
                #docs
                #default
                #rename
                #variant_name,
            }
        })
        .collect()
}

/// How a value reads in the docs: `` `row-major` ``, `` `1` ``.
fn value_doc(value: &Literal) -> String {
    match value {
        Literal::String(text) if text.is_empty() => "The empty string.".to_owned(),
        Literal::String(text) => markdown::code(text),
        other => markdown::code(&other.text()),
    }
}

/// `Default` is derived when the enum has a default variant.
fn default_derive(model: &Enum) -> Option<TokenStream> {
    model.default.as_ref().map(|_| quote!(Default,))
}

fn string_enum(docs: &TokenStream, name: &Ident, model: &Enum) -> TokenStream {
    let fallback = ident(&model.fallback);
    let default = default_derive(model);
    let variants = variant_items(model, true);
    let wires: Vec<&str> = model
        .variants
        .iter()
        .map(|variant| match &variant.value {
            Literal::String(wire) => wire.as_str(),
            _ => "",
        })
        .collect();
    let names: Vec<Ident> = model.variants.iter().map(|variant| ident(&variant.name)).collect();
    quote! {
        #docs
        #[derive(Clone, Debug, #default PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know, kept as it arrived.
            #[serde(untagged)]
            #fallback(String),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#names => #wires,)*
                    Self::#fallback(value) => value,
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            /// Parses a wire value; values this client does not know become
            /// the fallback variant.
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                let parsed = match value {
                    #(#wires => Self::#names,)*
                    other => Self::#fallback(other.to_owned()),
                };
                Ok(parsed)
            }
        }

        impl crate::runtime::request::ToParam for #name {
            fn to_param(&self) -> String {
                self.as_str().to_owned()
            }
        }
    }
}

/// The variants and their values as Rust literals.
fn literal_arms(variants: &[Variant]) -> (Vec<Ident>, Vec<TokenStream>) {
    variants
        .iter()
        .map(|variant| (ident(&variant.name), literal_tokens(&variant.value, FloatType::F64)))
        .unzip()
}

fn integer_enum(docs: &TokenStream, name: &Ident, model: &Enum, int: IntType) -> TokenStream {
    let fallback = ident(&model.fallback);
    let default = default_derive(model);
    let variants = variant_items(model, false);
    let int = int_tokens(int);
    let (names, values) = literal_arms(&model.variants);
    quote! {
        #docs
        #[derive(Clone, Copy, Debug, #default PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know, kept as it arrived.
            #fallback(#int),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn value(self) -> #int {
                match self {
                    #(Self::#names => #values,)*
                    Self::#fallback(value) => value,
                }
            }
        }

        impl From<#int> for #name {
            /// Values this client does not know become the fallback variant.
            fn from(value: #int) -> Self {
                match value {
                    #(#values => Self::#names,)*
                    other => Self::#fallback(other),
                }
            }
        }

        impl From<#name> for #int {
            fn from(value: #name) -> Self {
                value.value()
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(&self.value(), serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <#int as serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }

        impl crate::runtime::request::ToParam for #name {
            fn to_param(&self) -> String {
                self.value().to_string()
            }
        }
    }
}

fn json_enum(docs: &TokenStream, name: &Ident, model: &Enum) -> TokenStream {
    let fallback = ident(&model.fallback);
    let default = default_derive(model);
    let variants = variant_items(model, false);
    let names: Vec<Ident> = model.variants.iter().map(|variant| ident(&variant.name)).collect();
    let values = model.variants.iter().map(|variant| match &variant.value {
        // Suffixed, so `Value::from` knows which integer it gets.
        Literal::Int(int) => match i64::try_from(*int) {
            Ok(int) => {
                let int = proc_macro2::Literal::i64_suffixed(int);
                quote!(serde_json::Value::from(#int))
            }
            Err(_) => {
                let int = proc_macro2::Literal::u64_suffixed(u64::try_from(*int).unwrap_or(u64::MAX));
                quote!(serde_json::Value::from(#int))
            }
        },
        other => {
            let literal = literal_tokens(other, FloatType::F64);
            quote!(serde_json::Value::from(#literal))
        }
    });
    quote! {
        #docs
        #[derive(Clone, Debug, #default PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know, kept as it arrived.
            #fallback(serde_json::Value),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn value(&self) -> serde_json::Value {
                match self {
                    #(Self::#names => #values,)*
                    Self::#fallback(value) => value.clone(),
                }
            }
        }

        impl From<serde_json::Value> for #name {
            /// Values this client does not know become the fallback variant.
            fn from(value: serde_json::Value) -> Self {
                [#(Self::#names),*].into_iter().find(|known| known.value() == value).unwrap_or(Self::#fallback(value))
            }
        }

        impl std::fmt::Display for #name {
            /// Strings as their text, other values as JSON.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self.value() {
                    serde_json::Value::String(text) => f.write_str(&text),
                    other => write!(f, "{other}"),
                }
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(&self.value(), serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <serde_json::Value as serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }

        impl crate::runtime::request::ToParam for #name {
            fn to_param(&self) -> String {
                self.to_string()
            }
        }
    }
}
