//! The `Paginated` impl of an operation whose results come a page at a time,
//! which gives its requests `pages()` and `items()`: where a page's items
//! are, and how the next request differs from the last, as the normalizer
//! recognized them. How pages are fetched (one at a time, with the client's
//! retries, never the same one twice) is the runtime's, in `pages.rs`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::rust_file::RustFile;
use super::tokens::{ident, ty};
use crate::ir::{FieldStep, IntType, NextPage, Operation, PageTotal, Pagination, Paging, TypeRef};
use crate::rust_type::Scope;

pub fn write(file: &mut RustFile, operation: &Operation) {
    let Some(Paging::Paged(pagination)) = &operation.paging else { return };
    let name = ident(&operation.struct_name);
    let item = ty(&pagination.item, Scope::Outside);
    let items = match take(quote!(page), &pagination.items) {
        Reached::Place(items) => items,
        Reached::Maybe(items) => quote!(#items.unwrap_or_default()),
    };
    let start = pagination.enable.as_ref().map(|flag| {
        let flag = ident(&flag.rust_name);
        quote! {
            fn start(&mut self) {
                self.#flag = Some(true);
            }
        }
    });
    file.block(
        quote!(impl Paginated for #name),
        [
            quote!(type Item = #item;),
            quote! {
                fn items(page: Self::Output) -> Vec<Self::Item> {
                    #items
                }
            },
            next(operation, pagination),
        ]
        .into_iter()
        .chain(start),
    );
}

/// `fn next`: updates the parameters for the next page, or names its URL, or says there is none.
fn next(operation: &Operation, pagination: &Pagination) -> TokenStream {
    let page = quote!(page);
    let body = match &pagination.next {
        NextPage::Cursor { param, field, clear } => {
            let param = ident(&param.rust_name);
            let cursor = borrow(page.clone(), field).some();
            let clear = clear.iter().map(|cleared| {
                let cleared = ident(&cleared.rust_name);
                quote!(self.#cleared = None;)
            });
            quote! {
                #(#clear)*
                Next::cursor(&mut self.#param, #cursor)
            }
        }
        NextPage::AfterLast { param, has_more, id } => {
            let param = ident(&param.rust_name);
            let more = match borrow(page.clone(), has_more) {
                Reached::Place(flag) => flag,
                Reached::Maybe(flag) => quote!(#flag.copied().unwrap_or(false)),
            };
            let last = match borrow(page.clone(), &pagination.items) {
                Reached::Place(items) => quote!(#items.last()),
                Reached::Maybe(items) => quote!(#items.and_then(|items| items.last())),
            };
            let field = ident(&id.rust_name);
            let id = match id.optional {
                true => quote!(#last.and_then(|item| item.#field.as_ref())),
                false => quote!(#last.map(|item| &item.#field)),
            };
            quote!(Next::after_last(&mut self.#param, #more, #id))
        }
        NextPage::Url { field } => {
            let url = borrow_str(page.clone(), field);
            quote!(Next::url(#url))
        }
        NextPage::LinkHeader => quote!(Next::link(headers)),
        NextPage::Page { param, first, total } => {
            let first = first_page(operation, &param.rust_name, *first);
            let param = ident(&param.rust_name);
            let count = count(pagination);
            let total = match total {
                Some(PageTotal::Pages(field)) => {
                    let pages = borrow(page.clone(), field).copied();
                    quote!(Total::pages(#pages))
                }
                Some(PageTotal::Items(field)) => {
                    let items = borrow(page.clone(), field).copied();
                    quote!(Total::items(#items))
                }
                None => quote!(Total::unknown()),
            };
            quote!(Next::page(&mut self.#param, #first, #count, #total))
        }
        NextPage::Offset { param, total } => {
            let param = ident(&param.rust_name);
            let count = count(pagination);
            let total = match total {
                Some(field) => {
                    let items = borrow(page.clone(), field).copied();
                    quote!(Total::items(#items))
                }
                None => quote!(Total::unknown()),
            };
            quote!(Next::offset(&mut self.#param, #count, #total))
        }
    };
    // Only the `Link` header's scheme reads the headers, and only it does not read the page.
    let (page, headers) = match pagination.next {
        NextPage::LinkHeader => (quote!(_), quote!(headers)),
        _ => (quote!(page), quote!(_)),
    };
    quote! {
        fn next(&mut self, #page: &Self::Output, #headers: &reqwest::header::HeaderMap) -> Next {
            #body
        }
    }
}

/// How many items the page has.
fn count(pagination: &Pagination) -> TokenStream {
    match borrow(quote!(page), &pagination.items) {
        Reached::Place(items) => quote!(#items.len()),
        Reached::Maybe(items) => quote!(#items.map_or(0, |items| items.len())),
    }
}

/// The first page number as a literal of the parameter's type; one the type cannot hold (a spec
/// whose default is out of its own range) is taken as 1, where most APIs start.
fn first_page(operation: &Operation, rust_name: &str, first: i64) -> Literal {
    let range =
        operation.params.iter().find(|param| param.rust_name == rust_name).and_then(|param| match param.ty {
            TypeRef::Int(int) => Some(int_range(int)),
            _ => None,
        });
    match range {
        Some((min, max)) if (min..=max).contains(&i128::from(first)) => Literal::i64_unsuffixed(first),
        _ => Literal::i64_unsuffixed(1),
    }
}

fn int_range(int: IntType) -> (i128, i128) {
    match int {
        IntType::I8 => (i8::MIN.into(), i8::MAX.into()),
        IntType::I16 => (i16::MIN.into(), i16::MAX.into()),
        IntType::I32 => (i32::MIN.into(), i32::MAX.into()),
        IntType::I64 => (i64::MIN.into(), i64::MAX.into()),
        IntType::U8 => (0, u8::MAX.into()),
        IntType::U16 => (0, u16::MAX.into()),
        IntType::U32 => (0, u32::MAX.into()),
        IntType::U64 => (0, u64::MAX.into()),
    }
}

/// A value along a path of fields from the page: a place when every field on the way is
/// required, otherwise an `Option` of it.
enum Reached {
    Place(TokenStream),
    Maybe(TokenStream),
}

impl Reached {
    /// The value as `Option<&T>`, from a borrowed path.
    fn some(self) -> TokenStream {
        match self {
            Reached::Place(place) => quote!(Some(&#place)),
            Reached::Maybe(value) => value,
        }
    }

    /// A copy of the value, from a borrowed path: `T` or `Option<T>`.
    fn copied(self) -> TokenStream {
        match self {
            Reached::Place(place) => place,
            Reached::Maybe(value) => quote!(#value.copied()),
        }
    }
}

/// The value at `steps` from `root`, borrowed: a place, or an `Option<&T>` once an optional
/// field is on the way. Boxed fields on the way are reached through auto-deref; the fields a
/// pager reads last (cursors, flags, counts, lists) are never boxed.
fn borrow(root: TokenStream, steps: &[FieldStep]) -> Reached {
    steps.iter().fold(Reached::Place(root), |reached, step| {
        let field = ident(&step.rust_name);
        match (reached, step.optional) {
            (Reached::Place(place), false) => Reached::Place(quote!(#place.#field)),
            (Reached::Place(place), true) => Reached::Maybe(quote!(#place.#field.as_ref())),
            (Reached::Maybe(value), false) => Reached::Maybe(quote!(#value.map(|value| &value.#field))),
            (Reached::Maybe(value), true) => {
                Reached::Maybe(quote!(#value.and_then(|value| value.#field.as_ref())))
            }
        }
    })
}

/// The string at `steps` from `root`, as `Option<&str>`.
fn borrow_str(root: TokenStream, steps: &[FieldStep]) -> TokenStream {
    let Some((last, before)) = steps.split_last() else { return quote!(Some(#root.as_str())) };
    let field = ident(&last.rust_name);
    match (borrow(root, before), last.optional) {
        (Reached::Place(place), false) => quote!(Some(#place.#field.as_str())),
        (Reached::Place(place), true) => quote!(#place.#field.as_deref()),
        (Reached::Maybe(value), false) => quote!(#value.map(|value| value.#field.as_str())),
        (Reached::Maybe(value), true) => quote!(#value.and_then(|value| value.#field.as_deref())),
    }
}

/// The value at `steps` from `root`, moved out of it.
fn take(root: TokenStream, steps: &[FieldStep]) -> Reached {
    steps.iter().fold(Reached::Place(root), |reached, step| {
        let field = ident(&step.rust_name);
        match (reached, step.optional) {
            (Reached::Place(place), false) => Reached::Place(quote!(#place.#field)),
            (Reached::Place(place), true) => Reached::Maybe(quote!(#place.#field)),
            (Reached::Maybe(value), false) => Reached::Maybe(quote!(#value.map(|value| value.#field))),
            (Reached::Maybe(value), true) => Reached::Maybe(quote!(#value.and_then(|value| value.#field))),
        }
    })
}
