//! Operations whose 2xx statuses carry different bodies: an enum with a
//! variant per documented status, and the reader that picks it by status.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{docs, ident, lex, string};
use crate::ir::{Operation, OutcomeBody, Outcomes};
use crate::markdown;
use crate::rust_type::{self, Scope};

/// The enum of the operation's outcomes.
pub fn definition(operation: &Operation, outcomes: &Outcomes) -> TokenStream {
    let method = operation.method_name.trim_start_matches("r#");
    let docs = docs(
        &format!(
            "What [`Client::{method}`] gives back: the spec documents a different body for each of these \
             statuses."
        ),
        String::new,
    );
    let name = ident(&outcomes.type_name);
    let variants = outcomes.variants.iter().map(|outcome| {
        let status = outcome.status.map_or_else(|| "Any other 2xx".to_owned(), |code| format!("`{code}`"));
        let text = if outcome.docs.is_empty() {
            status
        } else {
            markdown::prefixed(&format!("{status}:"), &outcome.docs)
        };
        let (docs, variant) = (self::docs(&text, String::new), ident(&outcome.variant));
        match rust_type::outcome(&outcome.body, Scope::Outside) {
            Some(payload) => {
                let payload = lex(&payload);
                quote!(#docs #variant(#payload),)
            }
            None => quote!(#docs #variant,),
        }
    });
    // A big model in one status and a string or nothing in another (the hostile spec's
    // `createThing`): as with unions, boxing would make outcomes harder to match on.
    quote! {
        #docs
        #[derive(Clone, Debug)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// The status decides which variant of the outcome enum the body decodes to. A 2xx the spec does
/// not document is a decode error, unless a `2XX` range takes it.
pub fn reader(outcomes: &Outcomes) -> TokenStream {
    let name = ident(&outcomes.type_name);
    let decode = |body: &OutcomeBody, variant: &str| {
        let variant = ident(variant);
        match body {
            OutcomeBody::Empty => quote!(response.empty()?.map(|()| #name::#variant)),
            OutcomeBody::Json(_) => quote!(response.json()?.map(#name::#variant)),
            OutcomeBody::Text(media) => {
                let media = string(media);
                quote!(response.text(#media)?.map(#name::#variant))
            }
            OutcomeBody::Raw(media) => {
                let media = string(media);
                quote!(response.bytes(#media)?.map(#name::#variant))
            }
        }
    };
    let arms = outcomes.variants.iter().filter_map(|outcome| {
        let status = proc_macro2::Literal::u16_unsuffixed(outcome.status?);
        let decoded = decode(&outcome.body, &outcome.variant);
        Some(quote!(#status => #decoded,))
    });
    let fallback = match outcomes.variants.iter().find(|outcome| outcome.status.is_none()) {
        Some(outcome) => decode(&outcome.body, &outcome.variant),
        None => quote!(return response.unexpected_status()),
    };
    quote! {
        |response| {
            Ok(match response.status().as_u16() {
                #(#arms)*
                _ => #fallback,
            })
        }
    }
}
