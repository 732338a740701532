//! `src/models.rs`: structs, aliases and unions (enums are in `enums`).

use proc_macro2::TokenStream;
use quote::quote;

use super::enums;
use super::rust::{doc, ident, module_doc, type_tokens, Scope};
use crate::ir::{Api, Field, Model, ModelKind, Struct, TypeRef, Union};

pub fn tokens(api: &Api) -> TokenStream {
    let module_docs = module_doc(
        "Types the API sends and receives, one per schema in the spec.\n\n\
         Optional properties are `Option`s: `None` is left out of requests, while `Some(vec![])` \
         is sent as `[]`. Enums keep values this client does not know in a fallback variant.",
    );
    let models = api.models.iter().map(model);
    quote! {
        #module_docs
        #(#models)*
    }
}

fn model(model: &Model) -> TokenStream {
    let docs = doc(&model.docs, || format!("The `{}` schema.", model.name));
    let name = ident(&model.name);
    match &model.kind {
        ModelKind::Struct(fields) => struct_tokens(&docs, &name, fields),
        ModelKind::Enum(variants) => enums::tokens(&docs, &name, variants),
        ModelKind::Union(union) => union_tokens(&docs, &name, union),
        ModelKind::Alias(target) => {
            let target = type_tokens(target, Scope::Models);
            quote! {
                #docs
                pub type #name = #target;
            }
        }
    }
}

fn struct_tokens(docs: &TokenStream, name: &proc_macro2::Ident, model: &Struct) -> TokenStream {
    let default = model.derive_default.then(|| quote!(Default,));
    let fields = model.fields.iter().map(field);
    let additional = model.additional.as_ref().map(|extra| {
        let field = ident(&extra.rust_name);
        let value = type_tokens(&extra.value, Scope::Models);
        quote! {
            /// Properties the schema does not declare, kept as they arrived.
            #[serde(flatten)]
            pub #field: std::collections::BTreeMap<String, #value>,
        }
    });
    quote! {
        #docs
        #[derive(Clone, Debug, #default PartialEq, serde::Deserialize, serde::Serialize)]
        pub struct #name {
            #(#fields)*
            #additional
        }
    }
}

fn field(field: &Field) -> TokenStream {
    let docs = doc(&field.docs, || match &field.ty {
        TypeRef::Model(model) => format!("The `{}` property; see [`{model}`].", field.wire_name),
        _ => format!("The `{}` property.", field.wire_name),
    });
    let name = ident(&field.rust_name);
    let mut serde_args = Vec::new();
    if field.rust_name.trim_start_matches("r#") != field.wire_name {
        let wire_name = &field.wire_name;
        serde_args.push(quote!(rename = #wire_name));
    }
    if field.default_if_missing {
        serde_args.push(quote!(default));
    }
    if field.skip_if_none {
        serde_args.push(quote!(skip_serializing_if = "Option::is_none"));
    }
    let serde = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
    let mut ty = type_tokens(&field.ty, Scope::Models);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    if field.optional {
        ty = quote!(Option<#ty>);
    }
    quote! {
        #docs
        #serde
        pub #name: #ty,
    }
}

/// `#[serde(rename)]` when the wire name differs from the Rust name.
pub fn rename(rust_name: &str, wire_name: &str) -> Option<TokenStream> {
    (rust_name.trim_start_matches("r#") != wire_name).then(|| quote!(#[serde(rename = #wire_name)]))
}

fn union_tokens(docs: &TokenStream, name: &proc_macro2::Ident, union: &Union) -> TokenStream {
    let variants = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let mut ty = type_tokens(&variant.ty, Scope::Models);
        if variant.boxed {
            ty = quote!(Box<#ty>);
        }
        let variant_docs = doc("", || match &variant.ty {
            TypeRef::Model(model) => format!("A [`{model}`]."),
            _ => format!(
                "A value of type `{}`.",
                type_tokens(&variant.ty, Scope::Models).to_string().replace(' ', "")
            ),
        });
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
