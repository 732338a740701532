//! Enums of outcomes, for operations whose 2xx statuses carry different
//! bodies: the enum, and the status dispatch that decodes into it.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{doc, ident, type_tokens, Scope};
use crate::ir::{Operation, OutcomeBody, Outcomes};
use crate::markdown;

/// The enum, placed next to the operation's request builder.
pub fn definition(operation: &Operation, outcomes: &Outcomes) -> TokenStream {
    let name = ident(&outcomes.type_name);
    let method = operation.method_name.trim_start_matches("r#");
    let docs = doc(
        &format!(
            "What [`Client::{method}`] gives back: the spec documents a different body for each of these \
             statuses."
        ),
        String::new,
    );
    let variants = outcomes.variants.iter().map(|outcome| {
        let variant = ident(&outcome.variant);
        let status = outcome.status.map_or_else(|| "Any other 2xx".to_owned(), |code| format!("`{code}`"));
        let text = if outcome.docs.is_empty() {
            status
        } else {
            markdown::prefixed(&format!("{status}:"), &outcome.docs)
        };
        let variant_docs = doc(&text, String::new);
        let payload = match &outcome.body {
            OutcomeBody::Empty => None,
            OutcomeBody::Json(ty) => Some(type_tokens(ty, Scope::Outside)),
            OutcomeBody::Text(_) => Some(quote!(String)),
            OutcomeBody::Raw(_) => Some(quote!(bytes::Bytes)),
        };
        let payload = payload.map(|ty| quote!((#ty)));
        quote! {
            #variant_docs
            #variant #payload,
        }
    });
    quote! {
        #docs
        #[derive(Clone, Debug)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// The decoding step of `send_with_response`: by status, into the enum. A
/// 2xx the spec does not document is a decode error, unless a `2XX` range
/// takes it.
pub fn decode(outcomes: &Outcomes) -> TokenStream {
    let name = ident(&outcomes.type_name);
    let arm = |body: &OutcomeBody, variant: &proc_macro2::Ident| match body {
        OutcomeBody::Empty => quote!(Ok(response.empty().map(|()| #name::#variant))),
        OutcomeBody::Json(_) => quote!(response.json().map(|response| response.map(#name::#variant))),
        OutcomeBody::Text(media_type) => {
            quote!(response.text(#media_type).map(|response| response.map(#name::#variant)))
        }
        OutcomeBody::Raw(media_type) => {
            quote!(response.bytes(#media_type).map(|response| response.map(#name::#variant)))
        }
    };
    let listed = outcomes.variants.iter().filter_map(|outcome| {
        let code = outcome.status?;
        let decode = arm(&outcome.body, &ident(&outcome.variant));
        Some(quote!(#code => #decode,))
    });
    let fallback = match outcomes.variants.iter().find(|outcome| outcome.status.is_none()) {
        Some(outcome) => arm(&outcome.body, &ident(&outcome.variant)),
        None => quote!(Err(response.unexpected_status())),
    };
    quote! {
        match response.status().as_u16() {
            #(#listed)*
            _ => #fallback,
        }
    }
}
