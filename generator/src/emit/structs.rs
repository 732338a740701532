//! Struct models: the struct, how callers build one (`builder`), and the
//! functions that give serde the defaults the spec declares.

use proc_macro2::TokenStream;
use quote::quote;

use super::builder;
use super::literals::value;
use super::rust_file::RustFile;
use super::tokens::{docs, field_type, ident, model_head, string, ty};
use crate::ir::{Field, Model, Struct, TypeRef};
use crate::markdown;
use crate::rust_type::Scope;

pub fn write(file: &mut RustFile, model: &Model, fields: &Struct) {
    file.items(definition(model, fields));
    file.block(builder::head(model), builder::members(fields));
    let defaults: Vec<&Field> = fields.fields.iter().filter(|field| field.default.is_some()).collect();
    if !defaults.is_empty() {
        let docs = docs("What the server assumes for properties it leaves out.", String::new);
        let name = ident(&model.name);
        file.block(quote!(#docs impl #name), defaults.into_iter().filter_map(default_fn));
    }
}

fn definition(model: &Model, fields: &Struct) -> TokenStream {
    let head = model_head(model);
    let default = fields.derive_default.then(|| quote!(Default,));
    // A case convention for the renames when it saves more of them than it costs.
    let camel_case = fields.fields.iter().filter(|field| camel(&field.rust_name) == field.wire_name).count();
    let as_is = fields.fields.iter().filter(|field| bare(&field.rust_name) == field.wire_name).count();
    let rename_all = camel_case > as_is;
    let rename_all_attr = rename_all.then(|| quote!(#[serde(rename_all = "camelCase")]));
    let name = ident(&model.name);
    let members = fields.fields.iter().map(|field| struct_field(&model.name, field, rename_all));
    let additional = fields.additional.as_ref().map(|extra| {
        let docs = docs("Properties the schema does not declare, kept as they arrived.", String::new);
        let (name, value) = (ident(&extra.rust_name), ty(&extra.value, Scope::Models));
        quote! {
            #docs
            #[serde(flatten)]
            pub #name: std::collections::BTreeMap<String, #value>,
        }
    });
    quote! {
        #head
        #[derive(Clone, Debug, #default PartialEq, serde::Deserialize, serde::Serialize)]
        #[non_exhaustive]
        #rename_all_attr
        pub struct #name {
            #(#members)*
            #additional
        }
    }
}

fn struct_field(holder: &str, field: &Field, rename_all: bool) -> TokenStream {
    let docs = docs(&field.docs, || match &field.ty {
        TypeRef::Model(model) => {
            format!("The {} property; see [`{model}`].", markdown::code(&field.wire_name))
        }
        _ => format!("The {} property.", markdown::code(&field.wire_name)),
    });
    let docs = match field.tag {
        Some(_) => {
            quote!(#docs #[doc = ""] #[doc = " The tag of the union variant this struct is, which `new` sets."])
        }
        None => docs,
    };
    let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
    let mut serde = Vec::new();
    let implied = if rename_all { camel(&field.rust_name) } else { bare(&field.rust_name).to_owned() };
    if implied != field.wire_name {
        let wire = string(&field.wire_name);
        serde.push(quote!(rename = #wire));
    }
    if field.default.is_some() {
        let function = string(&format!("{holder}::{}", field.default_fn()));
        serde.push(quote!(default = #function));
    } else if field.default_if_missing {
        serde.push(quote!(default));
    }
    if field.skip_if_none {
        serde.push(quote!(skip_serializing_if = "Option::is_none"));
    }
    let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
    let (name, ty) = (ident(&field.rust_name), field_type(field));
    quote! {
        #docs
        #deprecated
        #serde
        pub #name: #ty,
    }
}

/// The function serde calls for a missing property with a default.
fn default_fn(field: &Field) -> Option<TokenStream> {
    let value = value(field, field.default.as_ref()?);
    let (name, ty) = (ident(&field.default_fn()), ty(&field.ty, Scope::Models));
    Some(quote! {
        fn #name() -> Option<#ty> {
            Some(#value)
        }
    })
}

/// A field name without `r#`, as serde reads it.
fn bare(name: &str) -> &str {
    name.trim_start_matches("r#")
}

/// The name serde's `rename_all = "camelCase"` gives a field (its own rule, not heck's).
fn camel(rust_name: &str) -> String {
    let mut pascal = String::new();
    let mut capitalize = true;
    for c in bare(rust_name).chars() {
        if c == '_' {
            capitalize = true;
        } else if capitalize {
            pascal.push(c.to_ascii_uppercase());
            capitalize = false;
        } else {
            pascal.push(c);
        }
    }
    let mut chars = pascal.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => pascal,
    }
}

#[cfg(test)]
mod tests {
    use super::camel;

    #[test]
    fn camel_case_follows_serde() {
        assert_eq!(camel("tile_order"), "tileOrder");
        assert_eq!(camel("r#type"), "type");
        assert_eq!(camel("cell_val_num"), "cellValNum");
        assert_eq!(camel("a1_b"), "a1B");
    }
}
