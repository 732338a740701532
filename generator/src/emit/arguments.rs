//! A parameter or body as a caller passes it: to the `Client` method when it
//! is required, to a setter of the request when it is optional, and to the
//! mock server's method when it is in the path. What the argument's type is
//! and how the stored value is made from it is decided here, for all three.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::tokens::{ident, ty};
use crate::ir::{Body, BodyEncoding, Literal, Operation, Param, TypeRef};
use crate::rust_type::Scope;

/// A parameter or a body.
pub struct Value<'a> {
    pub name: &'a str,
    pub ty: &'a TypeRef,
    pub docs: &'a str,
    /// The spec's example of the value, when it is a scalar.
    pub example: Option<&'a Literal>,
    /// Anything that converts into the type is taken (a union, whose members convert into it).
    into: bool,
    /// A binary body, taken as the runtime's `Upload`: bytes, or a stream or file read as the
    /// request is sent.
    upload: bool,
}

/// How an argument becomes the stored value.
enum Taken<'a> {
    /// As it is.
    AsIs,
    /// Through `Into`.
    Into,
    /// Any iterator of these items, collected.
    Items(&'a TypeRef),
    /// Any iterator of things that convert into strings, collected.
    Strings,
}

impl<'a> Value<'a> {
    pub fn param(param: &'a Param) -> Self {
        Value {
            name: &param.rust_name,
            ty: &param.ty,
            docs: &param.docs,
            example: param.example.as_ref(),
            into: param.into,
            upload: false,
        }
    }

    pub fn body(body: &'a Body) -> Self {
        let upload = body.encoding == BodyEncoding::Binary;
        Value { name: &body.rust_name, ty: &body.ty, docs: &body.docs, example: None, into: false, upload }
    }

    /// Arguments of the `Client` method: required parameters, then a required body.
    pub fn arguments(operation: &'a Operation) -> Vec<Value<'a>> {
        let params = operation.params.iter().filter(|param| param.required).map(Value::param);
        params.chain(operation.body.iter().filter(|body| body.required).map(Value::body)).collect()
    }

    /// Optional parameters and an optional body: setters, and `None` at first.
    pub fn optionals(operation: &'a Operation) -> Vec<Value<'a>> {
        let params = operation.params.iter().filter(|param| !param.required).map(Value::param);
        params.chain(operation.body.iter().filter(|body| !body.required).map(Value::body)).collect()
    }

    pub fn ident(&self) -> Ident {
        ident(self.name)
    }

    /// How a method argument is taken: strings, bytes and unions of scalars as anything that
    /// converts.
    fn taken(&self) -> Taken<'a> {
        match self.ty {
            _ if self.into || self.upload => Taken::Into,
            TypeRef::String | TypeRef::Bytes => Taken::Into,
            _ => Taken::AsIs,
        }
    }

    /// How a setter's argument is taken: as a method's, and lists as any iterator too.
    fn taken_by_setter(&self) -> Taken<'a> {
        match self.ty {
            _ if self.upload => Taken::Into,
            TypeRef::List(item) if !self.into && **item == TypeRef::String => Taken::Strings,
            TypeRef::List(item) if !self.into => Taken::Items(item),
            _ => self.taken(),
        }
    }

    /// Whether the stored value is made from the argument rather than being it.
    pub fn converts(&self) -> bool {
        !matches!(self.taken(), Taken::AsIs)
    }

    /// The type of the method's argument.
    pub fn argument_type(&self) -> TokenStream {
        self.argument_type_for(self.taken())
    }

    /// The value stored from the method's argument.
    pub fn stored(&self) -> TokenStream {
        self.stored_for(self.taken())
    }

    /// The field of the operation's struct, set from the method's argument: `name` when it is
    /// stored as it is.
    pub fn field(&self) -> TokenStream {
        let (name, stored) = (self.ident(), self.stored());
        if self.converts() {
            quote!(#name: #stored)
        } else {
            quote!(#name)
        }
    }

    /// The type of the setter's argument, and the value stored from it.
    pub fn setter(&self) -> (TokenStream, TokenStream) {
        (self.argument_type_for(self.taken_by_setter()), self.stored_for(self.taken_by_setter()))
    }

    /// The type of the operation struct's field that holds the value (without the `Option` of
    /// an optional one).
    pub fn field_type(&self) -> TokenStream {
        match self.upload {
            true => quote!(crate::Upload),
            false => ty(self.ty, Scope::Outside),
        }
    }

    fn argument_type_for(&self, taken: Taken<'_>) -> TokenStream {
        let full = self.field_type();
        match taken {
            Taken::AsIs => full,
            Taken::Into => quote!(impl Into<#full>),
            Taken::Items(item) => {
                let item = ty(item, Scope::Outside);
                quote!(impl IntoIterator<Item = #item>)
            }
            Taken::Strings => quote!(impl IntoIterator<Item = impl Into<String>>),
        }
    }

    fn stored_for(&self, taken: Taken<'_>) -> TokenStream {
        let name = self.ident();
        match taken {
            Taken::AsIs => quote!(#name),
            Taken::Into => quote!(#name.into()),
            Taken::Items(_) => quote!(#name.into_iter().collect()),
            Taken::Strings => quote!(#name.into_iter().map(Into::into).collect()),
        }
    }
}
