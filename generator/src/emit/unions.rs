//! `oneOf`/`anyOf` unions: untagged ones derive serde's untagged
//! representation; tagged ones pick the variant by their discriminator
//! property through `runtime::tagged` (see there why not serde's internal
//! tagging).

use std::collections::HashMap;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::rust::{doc, ident, type_tokens, Scope};
use crate::ir::{Discriminator, Model, ModelKind, TypeRef, Union, UnionVariant};
use crate::markdown;

pub fn tokens(docs: &TokenStream, name: &Ident, union: &Union, index: &ModelIndex<'_>) -> TokenStream {
    let definition = match &union.discriminator {
        Some(discriminator) => tagged(docs, name, union, discriminator),
        None => untagged(docs, name, union),
    };
    let conversions = conversions(name, union, index);
    let parameter = union.discriminator.is_none().then(|| parameter_impls(name, union, index)).flatten();
    quote! {
        #definition
        #conversions
        #parameter
    }
}

/// The models by name, to see through aliases.
pub struct ModelIndex<'a> {
    kinds: HashMap<&'a str, &'a ModelKind>,
}

/// How deep aliases and unions of unions are followed.
const MAX_DEPTH: usize = 16;

impl<'a> ModelIndex<'a> {
    pub fn new(models: &'a [Model]) -> Self {
        ModelIndex { kinds: models.iter().map(|model| (model.name.as_str(), &model.kind)).collect() }
    }

    /// The type an alias stands for, through chains of aliases.
    fn resolve<'t>(&'t self, ty: &'t TypeRef) -> &'t TypeRef {
        let mut current = ty;
        for _ in 0..MAX_DEPTH {
            match current {
                TypeRef::Model(name) => match self.kinds.get(name.as_str()) {
                    Some(ModelKind::Alias(target)) => current = target,
                    _ => return current,
                },
                _ => return current,
            }
        }
        current
    }

    /// Whether a value of `ty` is written as one parameter value
    /// (implements the runtime's `ToParam`).
    fn is_scalar(&self, ty: &TypeRef, depth: usize) -> bool {
        match self.resolve(ty) {
            TypeRef::Bool
            | TypeRef::Int(_)
            | TypeRef::Float(_)
            | TypeRef::String
            | TypeRef::DateTime
            | TypeRef::Date
            | TypeRef::Uuid => true,
            TypeRef::Model(name) => match self.kinds.get(name.as_str()) {
                Some(ModelKind::Enum(_)) => true,
                Some(ModelKind::Union(union)) if union.discriminator.is_none() && depth < MAX_DEPTH => {
                    union.variants.iter().all(|variant| self.is_scalar(&variant.ty, depth + 1))
                }
                _ => false,
            },
            _ => false,
        }
    }
}

/// `From` for each member type (the first member of each type, seen
/// through aliases), and `From<&str>` beside `From<String>`: a caller
/// writes `"acme".into()` or `id.into()` for a `NameOrId`.
fn conversions(name: &Ident, union: &Union, index: &ModelIndex<'_>) -> TokenStream {
    let mut seen: Vec<&TypeRef> = Vec::new();
    let mut impls = Vec::new();
    for variant in &union.variants {
        let resolved = index.resolve(&variant.ty);
        if seen.contains(&resolved) {
            continue;
        }
        seen.push(resolved);
        let variant_name = ident(&variant.name);
        let ty = type_tokens(&variant.ty, Scope::Models);
        let value = if variant.boxed { quote!(Box::new(value)) } else { quote!(value) };
        impls.push(quote! {
            impl From<#ty> for #name {
                fn from(value: #ty) -> Self {
                    Self::#variant_name(#value)
                }
            }
        });
        if *resolved == TypeRef::String {
            let owned =
                if variant.boxed { quote!(Box::new(value.to_owned())) } else { quote!(value.to_owned()) };
            impls.push(quote! {
                impl From<&str> for #name {
                    fn from(value: &str) -> Self {
                        Self::#variant_name(#owned)
                    }
                }
            });
        }
    }
    quote!(#(#impls)*)
}

/// A union of scalars is a parameter value: `Display` and the runtime's
/// `ToParam` write the member's own wire form. A union of scalars and lists
/// of them is one value or several.
fn parameter_impls(name: &Ident, union: &Union, index: &ModelIndex<'_>) -> Option<TokenStream> {
    let to_param = quote!(crate::runtime::request::ToParam::to_param);
    let member = |variant: &UnionVariant| if variant.boxed { quote!(&**value) } else { quote!(value) };
    if index.is_scalar(&TypeRef::Model(name.to_string()), 0) {
        let arms = union.variants.iter().map(|variant| {
            let variant_name = ident(&variant.name);
            let value = member(variant);
            quote!(Self::#variant_name(value) => #to_param(#value),)
        });
        return Some(quote! {
            impl crate::runtime::request::ToParam for #name {
                fn to_param(&self) -> String {
                    match self {
                        #(#arms)*
                    }
                }
            }

            impl std::fmt::Display for #name {
                /// Writes the value as it is sent in a URL or header.
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(&#to_param(self))
                }
            }
        });
    }
    let is_list = |ty: &TypeRef| matches!(index.resolve(ty), TypeRef::List(item) if index.is_scalar(item, 0));
    let one_or_many = union.variants.iter().any(|variant| is_list(&variant.ty))
        && union.variants.iter().all(|variant| is_list(&variant.ty) || index.is_scalar(&variant.ty, 0));
    if !one_or_many {
        return None;
    }
    let arms = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let value = member(variant);
        if is_list(&variant.ty) {
            quote!(#name::#variant_name(value) => (#value).iter().map(#to_param).collect(),)
        } else {
            quote!(#name::#variant_name(value) => vec![#to_param(#value)],)
        }
    });
    Some(quote! {
        impl crate::runtime::request::ParamValues for &#name {
            fn values(self) -> Vec<String> {
                match self {
                    #(#arms)*
                }
            }
        }

        impl crate::runtime::request::ParamValues for Option<&#name> {
            fn values(self) -> Vec<String> {
                self.map(crate::runtime::request::ParamValues::values).unwrap_or_default()
            }
        }
    })
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
