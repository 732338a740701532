//! `src/models.rs`: structs, newtypes and aliases (enums are in `enums`,
//! unions in `unions`).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::rust::{doc, ident, literal_tokens, module_doc, type_tokens, Scope};
use super::{enums, unions};
use crate::ir::{Api, DefaultValue, Field, FloatType, Model, ModelKind, Newtype, Struct, TypeRef};
use crate::markdown;

pub fn tokens(api: &Api) -> TokenStream {
    let module_docs = module_doc(
        "Types the API sends and receives, one per schema in the spec.\n\n\
         Optional properties are `Option`s: `None` is left out of requests, while `Some(vec![])` \
         is sent as `[]`. A property with a default in the spec decodes as `Some(default)` when \
         a response leaves it out. Enums keep values this client does not know in a fallback variant.",
    );
    let index = unions::ModelIndex::new(&api.models);
    let models = api.models.iter().map(|item| model(item, &index));
    let uuid_param = api.uses_type(|ty| *ty == TypeRef::Uuid).then(|| {
        quote! {
            impl crate::runtime::request::ToParam for uuid::Uuid {
                fn to_param(&self) -> String {
                    self.to_string()
                }
            }
        }
    });
    quote! {
        #module_docs
        #(#models)*
        #uuid_param
    }
}

fn model(model: &Model, index: &unions::ModelIndex<'_>) -> TokenStream {
    let docs = doc(&model.docs, || format!("The `{}` schema.", model.name));
    let docs = if model.deprecated { quote!(#docs #[deprecated]) } else { docs };
    let name = ident(&model.name);
    match &model.kind {
        ModelKind::Struct(fields) => struct_tokens(&docs, &name, fields),
        ModelKind::Enum(variants) => enums::tokens(&docs, &name, variants),
        ModelKind::Union(union) => unions::tokens(&docs, &name, union, index),
        ModelKind::Newtype(newtype) => newtype_tokens(&docs, &name, newtype),
        ModelKind::Alias(target) => {
            let target = type_tokens(target, Scope::Models);
            quote! {
                #docs
                pub type #name = #target;
            }
        }
    }
}

fn struct_tokens(docs: &TokenStream, name: &Ident, model: &Struct) -> TokenStream {
    let default = model.derive_default.then(|| quote!(Default,));
    let fields = model.fields.iter().map(|item| field(name, item));
    let additional = model.additional.as_ref().map(|extra| {
        let field = ident(&extra.rust_name);
        let value = type_tokens(&extra.value, Scope::Models);
        quote! {
            /// Properties the schema does not declare, kept as they arrived.
            #[serde(flatten)]
            pub #field: std::collections::BTreeMap<String, #value>,
        }
    });
    let default_fns: Vec<TokenStream> = model.fields.iter().filter_map(default_fn).collect();
    let default_impl = (!default_fns.is_empty()).then(|| {
        quote! {
            /// What the server assumes for properties it leaves out.
            impl #name {
                #(#default_fns)*
            }
        }
    });
    quote! {
        #docs
        #[derive(Clone, Debug, #default PartialEq, serde::Deserialize, serde::Serialize)]
        pub struct #name {
            #(#fields)*
            #additional
        }

        #default_impl
    }
}

/// The function serde calls for a missing property with a default.
fn default_fn_name(field: &Field) -> Ident {
    format_ident!("default_{}", field.rust_name.trim_start_matches("r#"))
}

fn default_fn(field: &Field) -> Option<TokenStream> {
    let value = field.default.as_ref()?;
    let name = default_fn_name(field);
    let ty = type_tokens(&field.ty, Scope::Models);
    let value = match value {
        DefaultValue::Literal(crate::ir::Literal::String(text)) => quote!(#text.to_owned()),
        DefaultValue::Literal(literal) => {
            let float =
                if field.ty == TypeRef::Float(FloatType::F32) { FloatType::F32 } else { FloatType::F64 };
            literal_tokens(literal, float)
        }
        DefaultValue::Variant { model, variant } => {
            let (model, variant) = (ident(model), ident(variant));
            quote!(#model::#variant)
        }
    };
    Some(quote! {
        fn #name() -> Option<#ty> {
            Some(#value)
        }
    })
}

fn field(holder: &Ident, field: &Field) -> TokenStream {
    let docs = doc(&field.docs, || match &field.ty {
        TypeRef::Model(model) => {
            format!("The {} property; see [`{model}`].", markdown::code(&field.wire_name))
        }
        _ => format!("The {} property.", markdown::code(&field.wire_name)),
    });
    let name = ident(&field.rust_name);
    let mut serde_args = Vec::new();
    if field.rust_name.trim_start_matches("r#") != field.wire_name {
        let wire_name = &field.wire_name;
        serde_args.push(quote!(rename = #wire_name));
    }
    if field.default.is_some() {
        let path = format!("{holder}::{}", default_fn_name(field));
        serde_args.push(quote!(default = #path));
    } else if field.default_if_missing {
        serde_args.push(quote!(default));
    }
    if field.skip_if_none {
        serde_args.push(quote!(skip_serializing_if = "Option::is_none"));
    }
    let serde = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
    let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
    let ty = field_type(field);
    quote! {
        #docs
        #deprecated
        #serde
        pub #name: #ty,
    }
}

/// The field's Rust type, with its `Box` and `Option`.
pub fn field_type(field: &Field) -> TokenStream {
    let mut ty = type_tokens(&field.ty, Scope::Models);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    if field.optional {
        ty = quote!(Option<#ty>);
    }
    ty
}

fn newtype_tokens(docs: &TokenStream, name: &Ident, newtype: &Newtype) -> TokenStream {
    let default = newtype.derive_default.then(|| quote!(Default,));
    let mut ty = type_tokens(&newtype.ty, Scope::Models);
    if newtype.boxed {
        ty = quote!(Box<#ty>);
    }
    quote! {
        #docs
        #[derive(Clone, Debug, #default PartialEq, serde::Deserialize, serde::Serialize)]
        #[serde(transparent)]
        pub struct #name(pub #ty);
    }
}

/// `#[serde(rename)]` when the wire name differs from the Rust name.
pub fn rename(rust_name: &str, wire_name: &str) -> Option<TokenStream> {
    (rust_name.trim_start_matches("r#") != wire_name).then(|| quote!(#[serde(rename = #wire_name)]))
}
