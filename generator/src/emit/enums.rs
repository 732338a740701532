//! String enums with a fallback variant, so a value the server adds later
//! still decodes (and survives a round trip) instead of failing the call.
//! They are `#[non_exhaustive]`, so callers' matches end with a wildcard
//! arm and a value the spec adds later is a compatible change of the crate.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::models::rename;
use super::rust::ident;
use crate::ir::Enum;

pub fn tokens(docs: &TokenStream, name: &Ident, model: &Enum) -> TokenStream {
    let fallback = ident(&model.fallback);
    let variants = model.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let doc_line = format!(" `{}`", variant.wire);
        let rename = rename(&variant.name, &variant.wire);
        quote! {
            #[doc = #doc_line]
            #rename
            #variant_name,
        }
    });
    let as_str_arms = model.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let wire = &variant.wire;
        quote!(Self::#variant_name => #wire,)
    });
    let from_str_arms = model.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let wire = &variant.wire;
        quote!(#wire => Self::#variant_name,)
    });
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
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
                    #(#as_str_arms)*
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
                    #(#from_str_arms)*
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
