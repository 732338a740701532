//! The items of one operation in `src/requests.rs`: the alias of its
//! request, the struct of its parameters and its `Operation` impl (where it
//! is sent, how its response is read, how its parameters are written), the
//! setters of its optional parameters, the enum of its outcomes and the
//! operations that ask for another media type.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::arguments::Value;
use super::rust_file::RustFile;
use super::tokens::{docs, ident, lex, string};
use super::{outcomes, paging, request_setters, streams};
use crate::ir::{BodyEncoding, FormEncoding, ListLayout, Operation, ParamLocation, SuccessBody, TypeRef};
use crate::markdown;
use crate::rust_type::{self, Scope};

pub fn write(file: &mut RustFile, operation: &Operation) {
    let method = operation.method_name.trim_start_matches("r#");
    let name = ident(&operation.struct_name);
    let builder = ident(&operation.builder_name);
    let alias_docs =
        docs(&format!("A call of [`Client::{method}`]: set its options, then `.await` it."), String::new);
    file.items(quote! {
        #alias_docs
        pub type #builder = Request<#name>;
    });
    let struct_docs = docs(&format!("The parameters of [`Client::{method}`]."), String::new);
    let required = Value::arguments(operation).into_iter().map(|value| {
        let (field, ty) = (value.ident(), value.field_type());
        quote!(#field: #ty,)
    });
    let optional = Value::optionals(operation).into_iter().map(|value| {
        let (field, ty) = (value.ident(), value.field_type());
        quote!(#field: Option<#ty>,)
    });
    let fields: Vec<TokenStream> = required.chain(optional).collect();
    let body = if fields.is_empty() { quote!(;) } else { quote!({ #(#fields)* }) };
    file.items(quote! {
        #struct_docs
        #[derive(Clone, Debug)]
        pub struct #name #body
    });
    let output = lex(&rust_type::success(operation, Scope::Outside));
    let read = reader(operation);
    let members = [
        quote!(type Output = #output;),
        endpoint(operation, &operation.success.accept),
        quote!(const READ: Reader<Self::Output> = #read;),
    ];
    file.block(quote!(impl Operation for #name), members.into_iter().chain(write_fn(operation)));
    request_setters::write(file, operation);
    paging::write(file, operation);
    if let SuccessBody::Outcomes(outcomes) = &operation.success.body {
        file.items(outcomes::definition(operation, outcomes));
    }
    for alternative in &operation.success.alternatives {
        let media_type = markdown::code(&alternative.media_type);
        let docs = docs(
            &format!("[`{}`], answered in {media_type}: the body's bytes.", operation.struct_name),
            String::new,
        );
        let alternative_name = ident(&alternative.struct_name);
        file.items(quote! {
            #docs
            #[derive(Clone, Debug)]
            pub struct #alternative_name(#name);
        });
        let media = string(&alternative.media_type);
        file.block(
            quote!(impl Operation for #alternative_name),
            [
                quote!(
                    type Output = bytes::Bytes;
                ),
                endpoint(operation, &alternative.media_type),
                quote!(const READ: Reader<Self::Output> = |response| response.bytes(#media);),
                quote! {
                    #[inline]
                    fn write(&self, request: &mut Parts) {
                        self.0.write(request);
                    }
                },
            ],
        );
    }
    streams::write(file, operation);
}

/// Whether the operation's struct writes anything into its request (`fn write`, or the
/// alternatives' that forward to it).
pub fn writes(operation: &Operation) -> bool {
    !operation.params.is_empty()
        || operation.body.is_some()
        || operation.form.is_some()
        || !operation.success.alternatives.is_empty()
}

/// `const ENDPOINT`: what every request of the operation has in common.
fn endpoint(operation: &Operation, accept: &str) -> TokenStream {
    let name = string(operation.method_name.trim_start_matches("r#"));
    let id = string(&operation.id);
    let method = ident(operation.http_method.as_str());
    let template = string(&operation.path);
    let accept = string(accept);
    let authenticated = operation.authenticated;
    let negotiates_content_type = operation.content_type_negotiation;
    quote! {
        const ENDPOINT: &'static Endpoint = &Endpoint {
            name: #name,
            id: #id,
            method: Method::#method,
            template: #template,
            accept: #accept,
            authenticated: #authenticated,
            negotiates_content_type: #negotiates_content_type,
        };
    }
}

/// The value of `const READ`: how a successful response becomes the operation's output.
fn reader(operation: &Operation) -> TokenStream {
    let accept = string(&operation.success.accept);
    match &operation.success.body {
        SuccessBody::Empty => quote!(Response::empty),
        SuccessBody::Json(_) => quote!(Response::json),
        SuccessBody::JsonOrEmpty(_) => quote!(Response::json_or_empty),
        SuccessBody::Raw => quote!(|response| response.bytes(#accept)),
        SuccessBody::Text => quote!(|response| response.text(#accept)),
        SuccessBody::Outcomes(outcomes) => outcomes::reader(outcomes),
    }
}

/// `fn write`: path, query, headers, cookies, form fields, body; none for an operation without
/// parameters.
fn write_fn(operation: &Operation) -> Option<TokenStream> {
    let mut statements = Vec::new();
    let path: Vec<_> = operation
        .params
        .iter()
        .filter(|param| param.location == ParamLocation::Path)
        .map(|param| ident(&param.rust_name))
        .collect();
    if !path.is_empty() {
        statements.push(quote!(request.path(&[#(&self.#path),*]);));
    }
    let mut form = Vec::new();
    for param in operation.params.iter().filter(|param| param.location != ParamLocation::Path) {
        let wire = string(&param.wire_name);
        let field = ident(&param.rust_name);
        let value = if param.required { quote!(&self.#field) } else { quote!(self.#field.as_ref()) };
        // Serialized values (deep objects, form fields) take an `Option` either way.
        let optional = if param.required { quote!(Some(&self.#field)) } else { quote!(self.#field.as_ref()) };
        match (param.location, param.layout) {
            (ParamLocation::Query, ListLayout::DeepObject) => {
                statements.push(quote!(request.query_deep(#wire, #optional);))
            }
            (ParamLocation::Query, ListLayout::Joined(separator)) => {
                let separator = Literal::character(separator);
                statements.push(quote!(request.query_joined(#wire, #value, #separator);))
            }
            (ParamLocation::Query, _) => statements.push(quote!(request.query(#wire, #value);)),
            (ParamLocation::Header, _) => statements.push(quote!(request.header(#wire, #value);)),
            (ParamLocation::Cookie, _) => statements.push(quote!(request.cookie(#wire, #value);)),
            (ParamLocation::Form, _) if param.ty == TypeRef::File => {
                form.push(quote!(form.file(#wire, #optional);))
            }
            (ParamLocation::Form, ListLayout::DeepObject) => {
                form.push(quote!(form.deep_field(#wire, #optional);))
            }
            (ParamLocation::Form, _) => form.push(quote!(form.field(#wire, #optional);)),
            (ParamLocation::Path, _) => {}
        }
    }
    let form_fields = operation.form.map(|encoding| {
        let send = ident(match encoding {
            FormEncoding::UrlEncoded => "urlencoded",
            FormEncoding::Multipart => "multipart",
        });
        statements.push(quote!(request.#send(form);));
        let mutable = (!form.is_empty()).then(|| quote!(mut));
        quote! {
            let #mutable form = Form::default();
            #(#form)*
        }
    });
    if let Some(body) = &operation.body {
        let content_type = string(&body.content_type);
        let field = ident(&body.rust_name);
        let optional = if body.required { quote!(Some(&self.#field)) } else { quote!(self.#field.as_ref()) };
        statements.push(match body.encoding {
            BodyEncoding::Json if body.required => quote!(request.json(#content_type, &self.#field);),
            BodyEncoding::Json => quote!(request.json_opt(#content_type, #optional);),
            BodyEncoding::Text => quote!(request.text(#content_type, #optional);),
            BodyEncoding::Binary => quote!(request.upload(#content_type, #optional);),
        });
    }
    (!statements.is_empty()).then(|| {
        quote! {
            #[inline]
            fn write(&self, request: &mut Parts) {
                #form_fields
                #(#statements)*
            }
        }
    })
}
