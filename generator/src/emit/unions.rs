//! `oneOf`/`anyOf` unions: untagged ones derive serde's untagged
//! representation; tagged ones pick the variant by their discriminator
//! property through `runtime::tagged` (see there why not serde's internal
//! tagging).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::rust::{doc, ident, type_tokens, Scope};
use crate::ir::{Discriminator, TypeRef, Union, UnionVariant};
use crate::markdown;

pub fn tokens(docs: &TokenStream, name: &Ident, union: &Union) -> TokenStream {
    match &union.discriminator {
        Some(discriminator) => tagged(docs, name, union, discriminator),
        None => untagged(docs, name, union),
    }
}

/// The variant's payload type, boxed when it holds the union.
fn payload(variant: &UnionVariant) -> TokenStream {
    let ty = type_tokens(&variant.ty, Scope::Models);
    if variant.boxed {
        quote!(Box<#ty>)
    } else {
        ty
    }
}

fn describe(variant: &UnionVariant) -> String {
    match &variant.ty {
        TypeRef::Model(model) => format!("A [`{model}`]"),
        other => {
            format!("A value of type `{}`", type_tokens(other, Scope::Models).to_string().replace(' ', ""))
        }
    }
}

fn untagged(docs: &TokenStream, name: &Ident, union: &Union) -> TokenStream {
    let variants = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let ty = payload(variant);
        let variant_docs = doc("", || format!("{}.", describe(variant)));
        quote! {
            #variant_docs
            #variant_name(#ty),
        }
    });
    // Unions such as "an ID or the whole object" put a string next to a big
    // struct; boxing the struct would only make values harder to build and
    // match on, for a few hundred bytes saved.
    quote! {
        #docs
        ///
        /// Decoding tries each variant in order and keeps the first that fits.
        #[derive(Clone, Debug, PartialEq, serde::Deserialize, serde::Serialize)]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
    }
}

fn tagged(docs: &TokenStream, name: &Ident, union: &Union, discriminator: &Discriminator) -> TokenStream {
    let property = &discriminator.property;
    let fallback = ident(&discriminator.fallback);
    let variants = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let ty = payload(variant);
        let tags: Vec<String> = variant.tags.iter().map(|tag| markdown::code(tag)).collect();
        let variant_docs = doc("", || format!("{}, tagged {}.", describe(variant), tags.join(" or ")));
        quote! {
            #variant_docs
            #variant_name(#ty),
        }
    });
    let serialize_arms = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let tags = &variant.tags;
        quote! {
            Self::#variant_name(value) => crate::runtime::tagged::serialize(value, #property, &[#(#tags),*], serializer),
        }
    });
    let deserialize_arms = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let tags = &variant.tags;
        let wrap = if variant.boxed { quote!(.map(Box::new)) } else { quote!() };
        quote! {
            #(#tags)|* => crate::runtime::tagged::decode(value)#wrap.map(Self::#variant_name),
        }
    });
    let rule = doc(
        &format!(
            "The {} property says which variant a value is; a value with a tag this client does not know is kept as JSON.",
            markdown::code(property)
        ),
        String::new,
    );
    quote! {
        #docs
        ///
        #rule
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            /// A value whose tag this client does not know, kept as it arrived.
            #fallback(serde_json::Value),
        }

        impl serde::Serialize for #name {
            /// Writes the variant's object with the variant's tag.
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::#fallback(value) => serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let (tag, value) = crate::runtime::tagged::read(deserializer, #property)?;
                match tag.as_str() {
                    #(#deserialize_arms)*
                    _ => Ok(Self::#fallback(value)),
                }
            }
        }
    }
}
