//! `src/models.rs`: a type per schema, one item at a time. Structs are in
//! `structs`, enums in `enums`, unions in `unions`; newtypes and aliases,
//! one line each, are here.

use quote::quote;

use super::rust_file::{RustFile, RustText};
use super::tokens::{ident, model_head, module_docs, ty};
use super::unions::ModelIndex;
use super::{enums, structs, unions};
use crate::error::Error;
use crate::ir::{Api, EnumRepr, Model, ModelKind, Newtype, TypeRef};
use crate::rust_type::Scope;

pub fn text(api: &Api, header: &str) -> Result<RustText, Error> {
    let mut file = RustFile::new("src/models.rs", header);
    file.inner(module_docs(
        "Types the API sends and receives, one per schema in the spec.\n\n\
         Optional properties are `Option`s: `None` is left out of requests, while `Some(vec![])` \
         is sent as `[]`. A property with a default in the spec decodes as `Some(default)` when \
         a response leaves it out. Enums keep values this client does not know in a fallback variant.",
    ));
    let string_enums = api.models.iter().any(
        |model| matches!(&model.kind, ModelKind::Enum(enumeration) if enumeration.repr == EnumRepr::String),
    );
    let setters = api.models.iter().any(|model| {
        matches!(&model.kind, ModelKind::Struct(fields) if fields.fields.iter().any(|field| field.setter.is_some()))
    });
    let macros: Vec<_> = [(setters, "setter"), (string_enums, "string_enum")]
        .into_iter()
        .filter(|(used, _)| *used)
        .map(|(_, name)| ident(name))
        .collect();
    match macros.as_slice() {
        [] => {}
        [one] => file.items(quote!(use crate::runtime::#one;)),
        several => file.items(quote!(use crate::runtime::{#(#several),*};)),
    }
    let index = ModelIndex::new(&api.models);
    for model in &api.models {
        match &model.kind {
            ModelKind::Struct(fields) => structs::write(&mut file, model, fields),
            ModelKind::Enum(enumeration) => enums::write(&mut file, model, enumeration),
            ModelKind::Union(union) => unions::write(&mut file, model, union, &index),
            ModelKind::Newtype(newtype) => file.items(newtype_model(model, newtype)),
            ModelKind::Alias(target) => {
                let (head, name, target) = (model_head(model), ident(&model.name), ty(target, Scope::Models));
                file.items(quote! {
                    #head
                    pub type #name = #target;
                });
            }
        }
    }
    if api.uses_type(|ty| *ty == TypeRef::Uuid) {
        file.items(quote! {
            impl crate::runtime::ToParam for uuid::Uuid {
                fn to_param(&self) -> std::borrow::Cow<'_, str> {
                    self.to_string().into()
                }
            }
        });
    }
    file.finish()
}

fn newtype_model(model: &Model, newtype: &Newtype) -> proc_macro2::TokenStream {
    let head = model_head(model);
    let default = newtype.derive_default.then(|| quote!(Default,));
    let name = ident(&model.name);
    let inner = ty(&newtype.ty, Scope::Models);
    let inner = if newtype.boxed { quote!(Box<#inner>) } else { inner };
    quote! {
        #head
        #[derive(Clone, Debug, #default PartialEq, serde::Deserialize, serde::Serialize)]
        #[serde(transparent)]
        pub struct #name(pub #inner);
    }
}
