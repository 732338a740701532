//! Enums with a fallback variant, so a value the server adds later still
//! decodes (and survives a round trip) instead of failing the call. String
//! enums are declared with the runtime's `string_enum!`, which writes what
//! every one of them has once; integer and mixed enums convert through the
//! value they stand for. They are `#[non_exhaustive]`, so callers' matches
//! end with a wildcard arm and a value the spec adds later is a compatible
//! change of the crate.

use super::code::{Code, Expr};
use super::literals::literal;
use super::models::head;
use crate::ir::{Enum, EnumRepr, FloatType, IntType, Literal, Model, Variant};
use crate::markdown;
use crate::rust_type::int_name;

pub fn write(code: &mut Code, model: &Model, enumeration: &Enum) {
    match enumeration.repr {
        EnumRepr::String => string_enum(code, model, enumeration),
        EnumRepr::Integer(int) => integer_enum(code, model, enumeration, int),
        EnumRepr::Json => json_enum(code, model, enumeration),
    }
}

/// How a value reads in the docs: `` `row-major` ``, `` `1` ``.
fn value_doc(value: &Literal) -> String {
    match value {
        Literal::String(text) if text.is_empty() => "The empty string.".to_owned(),
        Literal::String(text) => markdown::code(text),
        other => markdown::code(&other.text()),
    }
}

fn is_default(enumeration: &Enum, variant: &Variant) -> bool {
    enumeration.default.as_deref() == Some(variant.name.as_str())
}

fn string_enum(code: &mut Code, model: &Model, enumeration: &Enum) {
    code.open("string_enum!");
    head(code, model);
    if enumeration.default.is_some() {
        code.line("#[derive(Default)]");
    }
    code.open(&format!("pub enum {}", model.name));
    for variant in &enumeration.variants {
        code.docs(&value_doc(&variant.value), String::new);
        if is_default(enumeration, variant) {
            code.line("#[default]");
        }
        code.line(&format!("{} = {},", variant.name, literal(&variant.value, FloatType::F64)));
    }
    code.line(&format!("{}(String),", enumeration.fallback));
    code.close("");
    code.close("");
}

/// The enum with its known variants (each documented with its value) and the fallback.
fn definition(code: &mut Code, model: &Model, enumeration: &Enum, derives: &str, fallback: &str) {
    head(code, model);
    let default = if enumeration.default.is_some() { "Default, " } else { "" };
    code.line(&format!("#[derive({derives}{default}PartialEq)]"));
    code.line("#[non_exhaustive]");
    code.open(&format!("pub enum {}", model.name));
    for variant in &enumeration.variants {
        code.docs(&value_doc(&variant.value), String::new);
        if is_default(enumeration, variant) {
            code.line("#[default]");
        }
        code.line(&format!("{},", variant.name));
    }
    code.docs("A value this client does not know, kept as it arrived.", String::new);
    code.line(&format!("{}({fallback}),", enumeration.fallback));
    code.close("");
}

/// `impl Trait for Name { fn head(params) -> ret { body } }` with a body of one expression.
fn impl_fn(code: &mut Code, impl_head: &str, fn_head: &str, params: &[&str], ret: &str, body: &Expr) {
    code.gap();
    code.open(impl_head);
    let params: Vec<String> = params.iter().map(|param| (*param).to_owned()).collect();
    code.open_fn(fn_head, &params, Some(ret));
    code.expr(body, "");
    code.close("");
    code.close("");
}

/// `Serialize` through `value()`, `Deserialize` through `From` the value type, and use as a
/// parameter through `to_param`.
fn conversions(code: &mut Code, name: &str, value_type: &str, to_param: &str) {
    impl_fn(
        code,
        &format!("impl serde::Serialize for {name}"),
        "fn serialize<S: serde::Serializer>",
        &["&self", "serializer: S"],
        "Result<S::Ok, S::Error>",
        &Expr::call(
            "serde::Serialize::serialize",
            vec![Expr::atom("&self.value()"), Expr::atom("serializer")],
        ),
    );
    let deserialize = Expr::Chain(
        format!("<{value_type} as serde::Deserialize>::deserialize(deserializer)"),
        vec![super::code::Link {
            method: "map".to_owned(),
            args: vec![Expr::atom("Self::from")],
            tried: false,
        }],
    );
    impl_fn(
        code,
        &format!("impl<'de> serde::Deserialize<'de> for {name}"),
        "fn deserialize<D: serde::Deserializer<'de>>",
        &["deserializer: D"],
        "Result<Self, D::Error>",
        &deserialize,
    );
    impl_fn(
        code,
        &format!("impl crate::runtime::ToParam for {name}"),
        "fn to_param",
        &["&self"],
        "std::borrow::Cow<'_, str>",
        &Expr::atom(to_param),
    );
}

fn integer_enum(code: &mut Code, model: &Model, enumeration: &Enum, int: IntType) {
    let int = int_name(int);
    let name = &model.name;
    definition(code, model, enumeration, "Clone, Copy, Debug, Eq, Hash, ", int);
    let fallback = &enumeration.fallback;
    let values = |to_value: bool| -> Vec<(String, Expr)> {
        let mut arms: Vec<(String, Expr)> = enumeration
            .variants
            .iter()
            .map(|variant| {
                let value = literal(&variant.value, FloatType::F64);
                let variant = format!("Self::{}", variant.name);
                if to_value {
                    (variant, Expr::atom(value))
                } else {
                    (value, Expr::atom(variant))
                }
            })
            .collect();
        arms.push(if to_value {
            (format!("Self::{fallback}(value)"), Expr::atom("value"))
        } else {
            ("other".to_owned(), Expr::atom(format!("Self::{fallback}(other)")))
        });
        arms
    };
    code.gap();
    code.open(&format!("impl {name}"));
    code.docs("The value as it appears on the wire.", String::new);
    code.open_fn("pub fn value", &["self".to_owned()], Some(int));
    code.expr(&Expr::Match("self".to_owned(), values(true)), "");
    code.close("");
    code.close("");
    code.gap();
    code.open(&format!("impl From<{int}> for {name}"));
    code.docs("Values this client does not know become the fallback variant.", String::new);
    code.open_fn("fn from", &[format!("value: {int}")], Some("Self"));
    code.expr(&Expr::Match("value".to_owned(), values(false)), "");
    code.close("");
    code.close("");
    impl_fn(
        code,
        &format!("impl From<{name}> for {int}"),
        "fn from",
        &[&format!("value: {name}")],
        "Self",
        &Expr::atom("value.value()"),
    );
    impl_fn(
        code,
        &format!("impl std::fmt::Display for {name}"),
        "fn fmt",
        &["&self", "f: &mut std::fmt::Formatter<'_>"],
        "std::fmt::Result",
        &Expr::atom("write!(f, \"{}\", self.value())"),
    );
    conversions(code, name, int, "self.value().to_string().into()");
}

fn json_enum(code: &mut Code, model: &Model, enumeration: &Enum) {
    let name = &model.name;
    definition(code, model, enumeration, "Clone, Debug, ", "serde_json::Value");
    let fallback = &enumeration.fallback;
    let mut arms: Vec<(String, Expr)> = enumeration
        .variants
        .iter()
        .map(|variant| {
            // Suffixed, so `Value::from` knows which integer it gets.
            let value = match &variant.value {
                Literal::Int(int) if i64::try_from(*int).is_ok() => format!("{int}i64"),
                Literal::Int(int) => format!("{}u64", u64::try_from(*int).unwrap_or(u64::MAX)),
                other => literal(other, FloatType::F64),
            };
            (
                format!("Self::{}", variant.name),
                Expr::call("serde_json::Value::from", vec![Expr::atom(value)]),
            )
        })
        .collect();
    arms.push((format!("Self::{fallback}(value)"), Expr::atom("value.clone()")));
    code.gap();
    code.open(&format!("impl {name}"));
    code.docs("The value as it appears on the wire.", String::new);
    code.open_fn("pub fn value", &["&self".to_owned()], Some("serde_json::Value"));
    code.expr(&Expr::Match("self".to_owned(), arms), "");
    code.close("");
    code.close("");
    code.gap();
    code.open(&format!("impl From<serde_json::Value> for {name}"));
    code.docs("Values this client does not know become the fallback variant.", String::new);
    code.open_fn("fn from", &["value: serde_json::Value".to_owned()], Some("Self"));
    let known: Vec<String> =
        enumeration.variants.iter().map(|variant| format!("Self::{}", variant.name)).collect();
    let find = Expr::Chain(
        format!("[{}]", known.join(", ")),
        vec![
            super::code::Link { method: "into_iter".to_owned(), args: vec![], tried: false },
            super::code::Link {
                method: "find".to_owned(),
                args: vec![Expr::atom("|known| known.value() == value")],
                tried: false,
            },
            super::code::Link {
                method: "unwrap_or".to_owned(),
                args: vec![Expr::atom(format!("Self::{fallback}(value)"))],
                tried: false,
            },
        ],
    );
    code.expr(&find, "");
    code.close("");
    code.close("");
    code.gap();
    code.open(&format!("impl std::fmt::Display for {name}"));
    code.docs("Strings as their text, other values as JSON.", String::new);
    code.open_fn(
        "fn fmt",
        &["&self".to_owned(), "f: &mut std::fmt::Formatter<'_>".to_owned()],
        Some("std::fmt::Result"),
    );
    let arms = vec![
        ("serde_json::Value::String(text)".to_owned(), Expr::atom("f.write_str(&text)")),
        ("other".to_owned(), Expr::atom("write!(f, \"{other}\")")),
    ];
    code.expr(&Expr::Match("self.value()".to_owned(), arms), "");
    code.close("");
    code.close("");
    conversions(code, name, "serde_json::Value", "self.to_string().into()");
}
