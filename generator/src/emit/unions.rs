//! `oneOf`/`anyOf` unions: untagged ones derive serde's untagged
//! representation; tagged ones pick the variant by their discriminator
//! property through `runtime::tagged` (see there why not serde's internal
//! tagging).

use super::code::{string, Code, Expr, Link};
use super::models::head;
use crate::ir::{Discriminator, Model, TypeRef, Union, UnionVariant};
use crate::markdown;
use crate::rust_type::{self, Scope};

pub fn write(code: &mut Code, model: &Model, union: &Union) {
    match &union.discriminator {
        Some(discriminator) => tagged(code, model, union, discriminator),
        None => untagged(code, model, union),
    }
}

/// The variant's payload type, boxed when it holds the union.
fn payload(variant: &UnionVariant) -> String {
    let ty = rust_type::name(&variant.ty, Scope::Models);
    if variant.boxed {
        format!("Box<{ty}>")
    } else {
        ty
    }
}

fn describe(variant: &UnionVariant) -> String {
    match &variant.ty {
        TypeRef::Model(model) => format!("A [`{model}`]"),
        other => format!("A value of type `{}`", rust_type::name(other, Scope::Models)),
    }
}

fn untagged(code: &mut Code, model: &Model, union: &Union) {
    head(code, model);
    code.line("///");
    code.line("/// Decoding tries each variant in order and keeps the first that fits.");
    code.line("#[derive(Clone, Debug, PartialEq, serde::Deserialize, serde::Serialize)]");
    code.line("#[serde(untagged)]");
    // Unions such as "an ID or the whole object" put a string next to a big struct; boxing the
    // struct would only make values harder to build and match on, for a few hundred bytes saved.
    code.line("#[allow(clippy::large_enum_variant)]");
    code.open(&format!("pub enum {}", model.name));
    for variant in &union.variants {
        code.docs("", || format!("{}.", describe(variant)));
        code.line(&format!("{}({}),", variant.name, payload(variant)));
    }
    code.close("");
}

fn tagged(code: &mut Code, model: &Model, union: &Union, discriminator: &Discriminator) {
    let name = &model.name;
    let property = string(&discriminator.property);
    let fallback = &discriminator.fallback;
    head(code, model);
    code.line("///");
    code.docs(
        &format!(
            "The {} property says which variant a value is; a value with a tag this client does not \
             know is kept as JSON.",
            markdown::code(&discriminator.property)
        ),
        String::new,
    );
    code.line("#[derive(Clone, Debug, PartialEq)]");
    code.line("#[allow(clippy::large_enum_variant)]");
    code.open(&format!("pub enum {name}"));
    for variant in &union.variants {
        let tags: Vec<String> = variant.tags.iter().map(|tag| markdown::code(tag)).collect();
        code.docs("", || format!("{}, tagged {}.", describe(variant), tags.join(" or ")));
        code.line(&format!("{}({}),", variant.name, payload(variant)));
    }
    code.docs("A value whose tag this client does not know, kept as it arrived.", String::new);
    code.line(&format!("{fallback}(serde_json::Value),"));
    code.close("");

    code.gap();
    code.open(&format!("impl serde::Serialize for {name}"));
    code.docs("Writes the variant's object with the variant's tag.", String::new);
    code.open_fn(
        "fn serialize<S: serde::Serializer>",
        &["&self".to_owned(), "serializer: S".to_owned()],
        Some("Result<S::Ok, S::Error>"),
    );
    let mut arms: Vec<(String, Expr)> = union
        .variants
        .iter()
        .map(|variant| {
            let tags: Vec<String> = variant.tags.iter().map(|tag| string(tag)).collect();
            let args = vec![
                Expr::atom("value"),
                Expr::atom(property.clone()),
                Expr::atom(format!("&[{}]", tags.join(", "))),
                Expr::atom("serializer"),
            ];
            (format!("Self::{}(value)", variant.name), Expr::call("crate::runtime::tagged::serialize", args))
        })
        .collect();
    let write_json =
        Expr::call("serde::Serialize::serialize", vec![Expr::atom("value"), Expr::atom("serializer")]);
    arms.push((format!("Self::{fallback}(value)"), write_json));
    code.expr(&Expr::Match("self".to_owned(), arms), "");
    code.close("");
    code.close("");

    code.gap();
    code.open(&format!("impl<'de> serde::Deserialize<'de> for {name}"));
    code.open_fn(
        "fn deserialize<D: serde::Deserializer<'de>>",
        &["deserializer: D".to_owned()],
        Some("Result<Self, D::Error>"),
    );
    let read = format!("crate::runtime::tagged::read(deserializer, {property})?");
    code.assign("let (tag, value) =", &Expr::atom(read), ";");
    let mut arms: Vec<(String, Expr)> = union
        .variants
        .iter()
        .map(|variant| {
            let tags: Vec<String> = variant.tags.iter().map(|tag| string(tag)).collect();
            let mut links = Vec::new();
            if variant.boxed {
                links.push(Link {
                    method: "map".to_owned(),
                    args: vec![Expr::atom("Box::new")],
                    tried: false,
                });
            }
            let wrap = Expr::atom(format!("Self::{}", variant.name));
            links.push(Link { method: "map".to_owned(), args: vec![wrap], tried: false });
            (tags.join(" | "), Expr::Chain("crate::runtime::tagged::decode(value)".to_owned(), links))
        })
        .collect();
    arms.push(("_".to_owned(), Expr::atom(format!("Ok(Self::{fallback}(value))"))));
    code.expr(&Expr::Match("tag.as_str()".to_owned(), arms), "");
    code.close("");
    code.close("");
}
