//! `oneOf`/`anyOf` unions: untagged ones derive serde's untagged
//! representation; tagged ones pick the variant by their discriminator
//! property through `runtime::tagged` (see there why not serde's internal
//! tagging).

use std::collections::{HashMap, HashSet};

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::rust_file::RustFile;
use super::tokens::{docs, ident, model_head, string, ty};
use crate::ir::{Discriminator, Model, ModelKind, TypeRef, Union, UnionVariant};
use crate::markdown;
use crate::rust_type::{self, Scope};

pub fn write(file: &mut RustFile, model: &Model, union: &Union, index: &ModelIndex<'_>) {
    let name = ident(&model.name);
    match &union.discriminator {
        Some(discriminator) => tagged(file, model, union, discriminator),
        None => file.items(untagged(model, union)),
    }
    conversions(file, &name, union, index);
    if union.discriminator.is_none() {
        parameter_impls(file, model, union, index);
    }
}

/// The models by name, to see through aliases.
pub struct ModelIndex<'a> {
    kinds: HashMap<&'a str, &'a ModelKind>,
}

impl<'a> ModelIndex<'a> {
    pub fn new(models: &'a [Model]) -> Self {
        ModelIndex { kinds: models.iter().map(|model| (model.name.as_str(), &model.kind)).collect() }
    }

    /// Finds a model by name, for the IR's questions about types.
    fn kind_of(&self) -> impl Fn(&str) -> Option<&'a ModelKind> + '_ {
        |name| self.kinds.get(name).copied()
    }
}

/// The variant's payload type, boxed when it holds the union.
fn payload(variant: &UnionVariant) -> TokenStream {
    let ty = ty(&variant.ty, Scope::Models);
    if variant.boxed {
        quote!(Box<#ty>)
    } else {
        ty
    }
}

fn describe(variant: &UnionVariant) -> String {
    match &variant.ty {
        TypeRef::Model(model) => format!("A [`{model}`]"),
        other => format!("A value of type `{}`", rust_type::name(other, Scope::Models)),
    }
}

fn untagged(model: &Model, union: &Union) -> TokenStream {
    let head = model_head(model);
    let name = ident(&model.name);
    let variants = union.variants.iter().map(|variant| {
        let (docs, name, payload) =
            (docs("", || format!("{}.", describe(variant))), ident(&variant.name), payload(variant));
        quote!(#docs #name(#payload),)
    });
    // Unions such as "an ID or the whole object" put a string next to a big struct; boxing the
    // struct would only make values harder to build and match on, for a few hundred bytes saved.
    quote! {
        #head
        #[doc = ""]
        #[doc = " Decoding tries each variant in order and keeps the first that fits."]
        #[derive(Clone, Debug, PartialEq, serde::Deserialize, serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
    }
}

fn tagged(file: &mut RustFile, model: &Model, union: &Union, discriminator: &Discriminator) {
    let name = ident(&model.name);
    let property = string(&discriminator.property);
    let fallback = ident(&discriminator.fallback);
    let head = model_head(model);
    let tag_docs = docs(
        &format!(
            "The {} property says which variant a value is, and each variant's struct writes its own \
             tag: build a value with `From` (`.into()`) on a variant's struct. A value with a tag this \
             client does not know is kept as JSON.",
            markdown::code(&discriminator.property)
        ),
        String::new,
    );
    let variants = union.variants.iter().map(|variant| {
        let tags: Vec<String> = variant.tags.iter().map(|tag| markdown::code(tag)).collect();
        let docs = docs("", || format!("{}, tagged {}.", describe(variant), tags.join(" or ")));
        let (name, payload) = (ident(&variant.name), payload(variant));
        quote!(#docs #name(#payload),)
    });
    let fallback_docs = docs("A value whose tag this client does not know, kept as it arrived.", String::new);
    file.items(quote! {
        #head
        #[doc = ""]
        #tag_docs
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            #fallback_docs
            #fallback(serde_json::Value),
        }
    });
    let write_docs = docs("Writes the variant's object with the variant's tag.", String::new);
    let names: Vec<Ident> = union.variants.iter().map(|variant| ident(&variant.name)).collect();
    let tags: Vec<Vec<Literal>> =
        union.variants.iter().map(|variant| variant.tags.iter().map(|tag| string(tag)).collect()).collect();
    file.items(quote! {
        impl serde::Serialize for #name {
            #write_docs
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(Self::#names(value) => crate::runtime::tagged::serialize(value, #property, &[#(#tags),*], serializer),)*
                    Self::#fallback(value) => serde::Serialize::serialize(value, serializer),
                }
            }
        }
    });
    let decoded = union.variants.iter().map(|variant| {
        let name = ident(&variant.name);
        let boxed = variant.boxed.then(|| quote!(.map(Box::new)));
        quote!(crate::runtime::tagged::decode(value) #boxed .map(Self::#name))
    });
    file.items(quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let (tag, value) = crate::runtime::tagged::read(deserializer, #property)?;
                match tag.as_str() {
                    #(#(#tags)|* => #decoded,)*
                    _ => Ok(Self::#fallback(value)),
                }
            }
        }
    });
}

/// `From` for each member type (the first member of each type, seen through aliases), and
/// `From<&str>` beside `From<String>`: a caller writes `"acme".into()` or `id.into()` for a
/// `NameOrId`.
fn conversions(file: &mut RustFile, name: &Ident, union: &Union, index: &ModelIndex<'_>) {
    // A set, so a union of thousands of members is not searched once per member.
    let mut seen: HashSet<&TypeRef> = HashSet::new();
    for variant in &union.variants {
        let resolved = variant.ty.resolve(&index.kind_of());
        if !seen.insert(resolved) {
            continue;
        }
        let variant_name = ident(&variant.name);
        let wrap = |value: TokenStream| {
            let value = if variant.boxed { quote!(Box::new(#value)) } else { value };
            quote!(Self::#variant_name(#value))
        };
        let from = ty(&variant.ty, Scope::Models);
        let body = wrap(quote!(value));
        file.items(quote! {
            impl From<#from> for #name {
                fn from(value: #from) -> Self {
                    #body
                }
            }
        });
        if *resolved == TypeRef::String {
            let body = wrap(quote!(value.to_owned()));
            file.items(quote! {
                impl From<&str> for #name {
                    fn from(value: &str) -> Self {
                        #body
                    }
                }
            });
        }
    }
}

/// A union of scalars is a parameter value: `Display` and the runtime's `ToParam` write the
/// member's own wire form. A union of scalars and lists of them is one value or several.
fn parameter_impls(file: &mut RustFile, model: &Model, union: &Union, index: &ModelIndex<'_>) {
    let kind_of = index.kind_of();
    let union_type = TypeRef::Model(model.name.clone());
    let name = ident(&model.name);
    let names: Vec<Ident> = union.variants.iter().map(|variant| ident(&variant.name)).collect();
    let members: Vec<TokenStream> = union
        .variants
        .iter()
        .map(|variant| if variant.boxed { quote!(&**value) } else { quote!(value) })
        .collect();
    if union_type.is_scalar(&kind_of) {
        file.items(quote! {
            impl crate::runtime::ToParam for #name {
                fn to_param(&self) -> std::borrow::Cow<'_, str> {
                    match self {
                        #(Self::#names(value) => crate::runtime::ToParam::to_param(#members),)*
                    }
                }
            }
        });
        let display_docs = docs("Writes the value as it is sent in a URL or header.", String::new);
        file.items(quote! {
            impl std::fmt::Display for #name {
                #display_docs
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(&crate::runtime::ToParam::to_param(self))
                }
            }
        });
    } else if union_type.is_one_or_many(&kind_of) {
        file.items(quote! {
            impl crate::runtime::ParamValues for &#name {
                fn each(self, f: &mut dyn FnMut(std::borrow::Cow<'_, str>)) {
                    match self {
                        #(#name::#names(value) => crate::runtime::ParamValues::each(#members, f),)*
                    }
                }
            }
        });
        file.items(quote! {
            impl crate::runtime::ParamValues for Option<&#name> {
                fn each(self, f: &mut dyn FnMut(std::borrow::Cow<'_, str>)) {
                    if let Some(value) = self {
                        crate::runtime::ParamValues::each(value, f);
                    }
                }
            }
        });
    }
}
