//! Enums with a fallback variant, so a value the server adds later still
//! decodes (and survives a round trip) instead of failing the call. String
//! enums are declared with the runtime's `string_enum!`, which writes what
//! every one of them has once; integer and mixed enums convert through the
//! value they stand for. They are `#[non_exhaustive]`, so callers' matches
//! end with a wildcard arm and a value the spec adds later is a compatible
//! change of the crate.

use proc_macro2::{Ident, Literal as Lit, TokenStream};
use quote::{quote, ToTokens as _};

use super::literals::literal;
use super::rust_file::RustFile;
use super::tokens::{docs, ident, model_head};
use crate::ir::{Enum, EnumRepr, FloatType, IntType, Literal, Model, Variant};
use crate::markdown;
use crate::rust_type::int_name;

pub fn write(file: &mut RustFile, model: &Model, enumeration: &Enum) {
    match enumeration.repr {
        EnumRepr::String => string_enum(file, model, enumeration),
        EnumRepr::Integer(int) => integer_enum(file, model, enumeration, int),
        EnumRepr::Json => json_enum(file, model, enumeration),
    }
}

/// How a value reads in the docs: `` `row-major` ``, `` `1` ``.
fn value_docs(value: &Literal) -> TokenStream {
    let text = match value {
        Literal::String(text) if text.is_empty() => "The empty string.".to_owned(),
        Literal::String(text) => markdown::code(text),
        other => markdown::code(&other.text()),
    };
    docs(&text, String::new)
}

/// `#[default]` on the variant `Default` gives.
fn default_attr(enumeration: &Enum, variant: &Variant) -> Option<TokenStream> {
    (enumeration.default.as_deref() == Some(variant.name.as_str())).then(|| quote!(#[default]))
}

fn string_enum(file: &mut RustFile, model: &Model, enumeration: &Enum) {
    let head = model_head(model);
    let default = enumeration.default.is_some().then(|| quote!(#[derive(Default)]));
    let name = ident(&model.name);
    let variants = enumeration.variants.iter().map(|variant| {
        let (docs, default) = (value_docs(&variant.value), default_attr(enumeration, variant));
        let (name, value) = (ident(&variant.name), literal(&variant.value, FloatType::F64));
        quote!(#docs #default #name = #value,)
    });
    let fallback = ident(&enumeration.fallback);
    file.macro_item(
        "string_enum",
        quote! {
            #head
            #default
            pub enum #name {
                #(#variants)*
                #fallback(String),
            }
        },
    );
}

/// The enum with its known variants (each documented with its value) and the fallback, which
/// holds a `fallback`.
fn definition(model: &Model, enumeration: &Enum, derives: TokenStream, fallback: TokenStream) -> TokenStream {
    let head = model_head(model);
    let default = enumeration.default.is_some().then(|| quote!(Default,));
    let name = ident(&model.name);
    let variants = enumeration.variants.iter().map(|variant| {
        let (docs, default, name) =
            (value_docs(&variant.value), default_attr(enumeration, variant), ident(&variant.name));
        quote!(#docs #default #name,)
    });
    let fallback_docs = docs("A value this client does not know, kept as it arrived.", String::new);
    let fallback_name = ident(&enumeration.fallback);
    quote! {
        #head
        #[derive(#derives #default PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #fallback_docs
            #fallback_name(#fallback),
        }
    }
}

/// `Serialize` through `value()`, `Deserialize` through `From` the value type, and use as a
/// parameter through `to_param`.
fn conversions(file: &mut RustFile, name: &Ident, value_type: &TokenStream, to_param: TokenStream) {
    file.items(quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(&self.value(), serializer)
            }
        }
    });
    file.items(quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <#value_type as serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    });
    file.items(quote! {
        impl crate::runtime::ToParam for #name {
            fn to_param(&self) -> std::borrow::Cow<'_, str> {
                #to_param
            }
        }
    });
}

fn integer_enum(file: &mut RustFile, model: &Model, enumeration: &Enum, int: IntType) {
    let int = ident(int_name(int));
    let int = quote!(#int);
    let name = ident(&model.name);
    file.items(definition(model, enumeration, quote!(Clone, Copy, Debug, Eq, Hash,), int.clone()));
    let fallback = ident(&enumeration.fallback);
    let (variants, values): (Vec<Ident>, Vec<TokenStream>) = enumeration
        .variants
        .iter()
        .map(|variant| (ident(&variant.name), literal(&variant.value, FloatType::F64)))
        .unzip();
    let value_docs = docs("The value as it appears on the wire.", String::new);
    file.items(quote! {
        impl #name {
            #value_docs
            pub fn value(self) -> #int {
                match self {
                    #(Self::#variants => #values,)*
                    Self::#fallback(value) => value,
                }
            }
        }
    });
    let from_docs = docs("Values this client does not know become the fallback variant.", String::new);
    file.items(quote! {
        impl From<#int> for #name {
            #from_docs
            fn from(value: #int) -> Self {
                match value {
                    #(#values => Self::#variants,)*
                    other => Self::#fallback(other),
                }
            }
        }
    });
    file.items(quote! {
        impl From<#name> for #int {
            fn from(value: #name) -> Self {
                value.value()
            }
        }
    });
    file.items(quote! {
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }
    });
    conversions(file, &name, &int, quote!(self.value().to_string().into()));
}

fn json_enum(file: &mut RustFile, model: &Model, enumeration: &Enum) {
    let name = ident(&model.name);
    file.items(definition(model, enumeration, quote!(Clone, Debug,), quote!(serde_json::Value)));
    let fallback = ident(&enumeration.fallback);
    let variants: Vec<Ident> = enumeration.variants.iter().map(|variant| ident(&variant.name)).collect();
    let values = enumeration.variants.iter().map(|variant| match &variant.value {
        // Suffixed, so `Value::from` knows which integer it gets.
        Literal::Int(int) => match i64::try_from(*int) {
            Ok(int) => Lit::i64_suffixed(int).into_token_stream(),
            Err(_) => Lit::u64_suffixed(u64::try_from(*int).unwrap_or(u64::MAX)).into_token_stream(),
        },
        other => literal(other, FloatType::F64),
    });
    let value_docs = docs("The value as it appears on the wire.", String::new);
    file.items(quote! {
        impl #name {
            #value_docs
            pub fn value(&self) -> serde_json::Value {
                match self {
                    #(Self::#variants => serde_json::Value::from(#values),)*
                    Self::#fallback(value) => value.clone(),
                }
            }
        }
    });
    let from_docs = docs("Values this client does not know become the fallback variant.", String::new);
    file.items(quote! {
        impl From<serde_json::Value> for #name {
            #from_docs
            fn from(value: serde_json::Value) -> Self {
                [#(Self::#variants),*].into_iter().find(|known| known.value() == value).unwrap_or(Self::#fallback(value))
            }
        }
    });
    let display_docs = docs("Strings as their text, other values as JSON.", String::new);
    file.items(quote! {
        impl std::fmt::Display for #name {
            #display_docs
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self.value() {
                    serde_json::Value::String(text) => f.write_str(&text),
                    other => write!(f, "{other}"),
                }
            }
        }
    });
    conversions(file, &name, &quote!(serde_json::Value), quote!(self.to_string().into()));
}
