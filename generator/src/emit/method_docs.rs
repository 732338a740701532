//! The docs of an operation's `Client` method, as a person would write
//! them: the spec's prose, the endpoint and what the call resolves to in
//! words, the arguments, the error responses the spec documents for it,
//! and a short example that rustdoc compiles (`no_run`).

use proc_macro2::TokenStream;
use quote::quote;

use super::arguments::Value;
use super::literals::literal;
use super::tokens::{docs, example};
use crate::ir::{
    Api, BodyEncoding, FloatType, IntType, Literal, Operation, Paging, Streaming, SuccessBody, TypeRef,
};
use crate::markdown;
use crate::rust_type::{self, Scope};

/// The method's `#[doc]` attributes: prose, then the example.
pub fn attributes(api: &Api, operation: &Operation) -> TokenStream {
    let prose = docs(&text(api, operation), String::new);
    let example = example(&example_code(api, operation));
    if example.is_empty() {
        return prose;
    }
    quote!(#prose #[doc = ""] #[doc = " # Examples"] #[doc = ""] #example)
}

fn text(api: &Api, operation: &Operation) -> String {
    let mut text = operation.docs.clone();
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&markdown::code(&format!("{} {}", operation.http_method.as_str(), operation.path)));
    if !operation.tags.is_empty() {
        let tags: Vec<String> = operation.tags.iter().map(|tag| markdown::code(tag)).collect();
        let label = if tags.len() == 1 { "tag" } else { "tags" };
        text.push_str(&format!(" ({label} {})", tags.join(", ")));
    }
    text.push_str(". ");
    text.push_str(&resolves_to(operation));
    let arguments: Vec<String> = Value::arguments(operation)
        .into_iter()
        .map(|value| {
            let summary = markdown::summary(value.docs);
            let name = value.name.trim_start_matches("r#");
            if summary.is_empty() {
                format!("* `{name}`")
            } else {
                format!("* `{name}`: {summary}")
            }
        })
        .collect();
    if !arguments.is_empty() {
        text.push_str("\n\n");
        text.push_str(&arguments.join("\n"));
    }
    text.push_str("\n\n# Errors\n\n");
    text.push_str(&errors(api, operation));
    text
}

/// What `.await` gives, in words, with the spec's description of the response.
fn resolves_to(operation: &Operation) -> String {
    let words = match &operation.success.body {
        SuccessBody::Empty => "`()`".to_owned(),
        SuccessBody::Json(ty) => type_in_words(ty),
        SuccessBody::JsonOrEmpty(ty) => {
            format!("`Some` of {}, or `None` for an empty body", type_in_words(ty))
        }
        SuccessBody::Raw => "the body's bytes".to_owned(),
        SuccessBody::Text => "the body's text".to_owned(),
        SuccessBody::Outcomes(outcomes) => {
            format!("a [`{0}`]: which of the documented answers came, with its body", outcomes.type_name)
        }
    };
    let summary = markdown::summary(&operation.success.docs);
    let summary = summary.trim_end_matches('.');
    let mut text = format!("Resolves to {words}");
    if !summary.is_empty() && !matches!(operation.success.body, SuccessBody::Outcomes(_)) {
        text.push_str(&format!(": {summary}"));
    }
    text.push('.');
    if !Value::optionals(operation).is_empty() {
        text.push_str(" Set optional parameters on the request before awaiting it.");
    }
    if let Some(more) = streamed(operation) {
        text.push(' ');
        text.push_str(&more);
    }
    text
}

/// What the request offers besides `.await`: every page, a body as it arrives, events; and
/// what a streamed request body means for retries.
fn streamed(operation: &Operation) -> Option<String> {
    let mut ways = Vec::new();
    if let Some(Paging::Paged(pagination)) = &operation.paging {
        ways.push(format!(
            "The results come a page at a time: `.items()` streams {} of every page, fetching the \
             next page as it is needed, and `.pages()` each whole page.",
            match type_in_words(&pagination.item).strip_prefix("a ") {
                Some(item) => format!("each {item}"),
                None => "each item".to_owned(),
            }
        ));
    }
    match &operation.success.stream {
        Some(Streaming::Bytes) => ways.push(
            "`.bytes_stream()` hands the body over as it arrives, in constant memory and past the \
             client's response size limit."
                .to_owned(),
        ),
        Some(Streaming::Events(_)) => {
            ways.push("`.events()` reads the server-sent events one at a time, as they come.".to_owned())
        }
        None => {}
    }
    if operation.body.as_ref().is_some_and(|body| body.encoding == BodyEncoding::Binary) {
        ways.push("A body read from a file or stream is sent once and never retried.".to_owned());
    }
    (!ways.is_empty()).then(|| ways.join(" "))
}

/// A type named in words, its models linked.
fn type_in_words(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Model(name) => format!("a [`{name}`](crate::models::{name})"),
        TypeRef::List(item) => match &**item {
            TypeRef::Model(name) => format!("a list of [`{name}`](crate::models::{name})"),
            other => format!("a list of `{}`", rust_type::name(other, Scope::Outside)),
        },
        TypeRef::Map(value) => match &**value {
            TypeRef::Model(name) => format!("a map from names to [`{name}`](crate::models::{name})"),
            other => format!("a map from names to `{}`", rust_type::name(other, Scope::Outside)),
        },
        TypeRef::Json | TypeRef::JsonObject => "the JSON the server sent".to_owned(),
        other => format!("a `{}`", rust_type::name(other, Scope::Outside)),
    }
}

/// The documented error answers, which arrive as `Error::Api` with the body decoded.
fn errors(api: &Api, operation: &Operation) -> String {
    if operation.errors.is_empty() {
        return "An [`Error`](crate::Error); the spec documents no error answers for this operation."
            .to_owned();
    }
    let statuses: Vec<String> = operation
        .errors
        .iter()
        .map(|error| {
            let summary = markdown::summary(&error.docs);
            if summary.is_empty() {
                format!("* {}", markdown::code(&error.status))
            } else {
                format!("* {}: {summary}", markdown::code(&error.status))
            }
        })
        .collect();
    let body = match &api.error_body {
        TypeRef::Model(name) => format!("[`models::{name}`](crate::models::{name})"),
        _ => "JSON".to_owned(),
    };
    format!(
        "The answers the spec documents come as [`Error::Api`](crate::Error::Api), the body decoded as \
         [`ErrorBody`](crate::ErrorBody) ({body}):\n\n{}",
        statuses.join("\n")
    )
}

/// The example: the call with its required arguments, each a literal of its type (the spec's
/// example where it gives one) or else a value the example takes.
fn example_code(api: &Api, operation: &Operation) -> String {
    let krate = &api.crate_ident;
    let arguments = Value::arguments(operation);
    let client = if arguments.iter().any(|value| value.name == "client") { "api_client" } else { "client" };
    let mut taken = Vec::new();
    let values: Vec<String> = arguments
        .iter()
        .map(|value| {
            literal_argument(value).unwrap_or_else(|| {
                // The stored type: what an argument converts into, it also is.
                let ty = rust_type::name(value.ty, Scope::Outside).replace("crate::", &format!("{krate}::"));
                taken.push(format!("{}: {ty}", value.name));
                value.name.to_owned()
            })
        })
        .collect();
    let method = &operation.method_name;
    let call = format!("{client}.{method}({}).await?", values.join(", "));
    let line = match &operation.success.body {
        SuccessBody::Empty => format!("{call};"),
        _ => format!("let result = {call};"),
    };
    let mut code = String::new();
    if !taken.is_empty() {
        code.push_str(&format!("# use {krate}::*;\n"));
    }
    if operation.deprecated {
        code.push_str("# #[allow(deprecated)]\n");
    }
    let parameters: Vec<String> =
        std::iter::once(format!("{client}: {krate}::Client")).chain(taken).collect();
    code.push_str(&format!(
        "# async fn example({}) -> Result<(), {krate}::Error> {{\n{line}\n# Ok(()) }}",
        parameters.join(", ")
    ));
    code
}

/// An argument written as a literal: strings (and bytes) from the spec's example or the
/// parameter's name, numbers and booleans from the example when the type holds it.
fn literal_argument(value: &Value<'_>) -> Option<String> {
    let example = value.example;
    let text = match (value.ty, example) {
        (TypeRef::String | TypeRef::Bytes, _) if value.converts() => {
            let text = match example {
                Some(Literal::String(text)) => text.clone(),
                Some(other) => other.text(),
                None => value.name.trim_start_matches("r#").to_owned(),
            };
            // Characters rustc refuses in a literal (bidirectional controls) are replaced.
            let text = text.chars().map(|c| if markdown::is_unwanted(c) { '\u{FFFD}' } else { c }).collect();
            literal(&Literal::String(text), FloatType::F64)
        }
        (TypeRef::Bool, Some(Literal::Bool(flag))) => literal(&Literal::Bool(*flag), FloatType::F64),
        (TypeRef::Bool, _) => literal(&Literal::Bool(true), FloatType::F64),
        (TypeRef::Int(int), Some(Literal::Int(number))) if holds(*int, *number) => {
            literal(&Literal::Int(*number), FloatType::F64)
        }
        (TypeRef::Int(_), _) => literal(&Literal::Int(1), FloatType::F64),
        (TypeRef::Float(float), Some(Literal::Float(number))) => literal(&Literal::Float(*number), *float),
        (TypeRef::Float(float), _) => literal(&Literal::Float(1.0), *float),
        _ => return None,
    };
    Some(text.to_string())
}

/// Whether an integer type holds `number`.
fn holds(int: IntType, number: i128) -> bool {
    let (min, max): (i128, i128) = match int {
        IntType::I8 => (i8::MIN.into(), i8::MAX.into()),
        IntType::I16 => (i16::MIN.into(), i16::MAX.into()),
        IntType::I32 => (i32::MIN.into(), i32::MAX.into()),
        IntType::I64 => (i64::MIN.into(), i64::MAX.into()),
        IntType::U8 => (0, u8::MAX.into()),
        IntType::U16 => (0, u16::MAX.into()),
        IntType::U32 => (0, u32::MAX.into()),
        IntType::U64 => (0, u64::MAX.into()),
    };
    (min..=max).contains(&number)
}
