//! Builder methods, described once and emitted twice: as themselves on the
//! async builders, and as forwarding methods on the blocking ones.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// A builder method that takes `self`, changes something and returns it.
pub struct Setter {
    /// Its `#[doc]` attributes.
    pub docs: TokenStream,
    pub name: Ident,
    /// Arguments: name and type.
    pub arguments: Vec<(Ident, TokenStream)>,
    /// Statements that change `self` (declared `mut`).
    pub body: TokenStream,
}

impl Setter {
    /// The method on the async builder.
    pub fn method(&self) -> TokenStream {
        let Setter { docs, name, body, .. } = self;
        let arguments = self.arguments.iter().map(|(name, ty)| quote!(#name: #ty));
        quote! {
            #docs
            pub fn #name(mut self, #(#arguments),*) -> Self {
                #body
                self
            }
        }
    }

    /// The method on a blocking builder, which wraps the async one in
    /// `inner` (beside other fields when `more_fields`).
    pub fn forwarding(&self, more_fields: bool) -> TokenStream {
        let Setter { docs, name, .. } = self;
        let arguments = self.arguments.iter().map(|(name, ty)| quote!(#name: #ty));
        let values = self.arguments.iter().map(|(name, _)| name);
        let rest = more_fields.then(|| quote!(..self));
        quote! {
            #docs
            pub fn #name(self, #(#arguments),*) -> Self {
                Self { inner: self.inner.#name(#(#values),*), #rest }
            }
        }
    }
}
