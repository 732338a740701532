//! `oneOf`/`anyOf` unions: untagged ones derive serde's untagged
//! representation; tagged ones pick the variant by their discriminator
//! property through `runtime::tagged` (see there why not serde's internal
//! tagging).

use std::collections::{HashMap, HashSet};

use super::code::{string, Code, Expr, Link};
use super::models::head;
use crate::ir::{Discriminator, Model, ModelKind, TypeRef, Union, UnionVariant};
use crate::markdown;
use crate::rust_type::{self, Scope};

pub fn write(code: &mut Code, model: &Model, union: &Union, index: &ModelIndex<'_>) {
    match &union.discriminator {
        Some(discriminator) => tagged(code, model, union, discriminator),
        None => untagged(code, model, union),
    }
    conversions(code, &model.name, union, index);
    if union.discriminator.is_none() {
        parameter_impls(code, &model.name, union, index);
    }
}

/// The models by name, to see through aliases.
pub struct ModelIndex<'a> {
    kinds: HashMap<&'a str, &'a ModelKind>,
}

/// How deep aliases and unions of unions are followed.
const MAX_DEPTH: usize = 16;

impl<'a> ModelIndex<'a> {
    pub fn new(models: &'a [Model]) -> Self {
        ModelIndex { kinds: models.iter().map(|model| (model.name.as_str(), &model.kind)).collect() }
    }

    /// The type an alias stands for, through chains of aliases.
    fn resolve<'t>(&'t self, ty: &'t TypeRef) -> &'t TypeRef {
        let mut current = ty;
        for _ in 0..MAX_DEPTH {
            match current {
                TypeRef::Model(name) => match self.kinds.get(name.as_str()) {
                    Some(ModelKind::Alias(target)) => current = target,
                    _ => return current,
                },
                _ => return current,
            }
        }
        current
    }

    /// Whether a value of `ty` is written as one parameter value (implements the runtime's
    /// `ToParam`).
    fn is_scalar(&self, ty: &TypeRef, depth: usize) -> bool {
        match self.resolve(ty) {
            TypeRef::Bool
            | TypeRef::Int(_)
            | TypeRef::Float(_)
            | TypeRef::String
            | TypeRef::DateTime
            | TypeRef::Date
            | TypeRef::Uuid => true,
            TypeRef::Model(name) => match self.kinds.get(name.as_str()) {
                Some(ModelKind::Enum(_)) => true,
                Some(ModelKind::Union(union)) if union.discriminator.is_none() && depth < MAX_DEPTH => {
                    union.variants.iter().all(|variant| self.is_scalar(&variant.ty, depth + 1))
                }
                _ => false,
            },
            _ => false,
        }
    }
}

/// `From` for each member type (the first member of each type, seen through aliases), and
/// `From<&str>` beside `From<String>`: a caller writes `"acme".into()` or `id.into()` for a
/// `NameOrId`.
fn conversions(code: &mut Code, name: &str, union: &Union, index: &ModelIndex<'_>) {
    let mut seen: HashSet<&TypeRef> = HashSet::new();
    for variant in &union.variants {
        let resolved = index.resolve(&variant.ty);
        if !seen.insert(resolved) {
            continue;
        }
        let wrap = |value: &str| {
            let value = if variant.boxed { format!("Box::new({value})") } else { value.to_owned() };
            format!("Self::{}({value})", variant.name)
        };
        from_impl(code, name, &rust_type::name(&variant.ty, Scope::Models), &wrap("value"));
        if *resolved == TypeRef::String {
            from_impl(code, name, "&str", &wrap("value.to_owned()"));
        }
    }
}

fn from_impl(code: &mut Code, name: &str, from: &str, body: &str) {
    code.gap();
    code.open(&format!("impl From<{from}> for {name}"));
    code.open_fn("fn from", &[format!("value: {from}")], Some("Self"));
    code.expr(&Expr::atom(body), "");
    code.close("");
    code.close("");
}

/// A union of scalars is a parameter value: `Display` and the runtime's `ToParam` write the
/// member's own wire form. A union of scalars and lists of them is one value or several.
fn parameter_impls(code: &mut Code, name: &str, union: &Union, index: &ModelIndex<'_>) {
    let member = |variant: &UnionVariant| if variant.boxed { "&**value" } else { "value" };
    if index.is_scalar(&TypeRef::Model(name.to_owned()), 0) {
        let arms = union
            .variants
            .iter()
            .map(|variant| {
                let call = Expr::call("crate::runtime::ToParam::to_param", vec![Expr::atom(member(variant))]);
                (format!("Self::{}(value)", variant.name), call)
            })
            .collect();
        code.gap();
        code.open(&format!("impl crate::runtime::ToParam for {name}"));
        code.open_fn("fn to_param", &["&self".to_owned()], Some("std::borrow::Cow<'_, str>"));
        code.expr(&Expr::Match("self".to_owned(), arms), "");
        code.close("");
        code.close("");
        code.gap();
        code.open(&format!("impl std::fmt::Display for {name}"));
        code.docs("Writes the value as it is sent in a URL or header.", String::new);
        let params = ["&self".to_owned(), "f: &mut std::fmt::Formatter<'_>".to_owned()];
        code.open_fn("fn fmt", &params, Some("std::fmt::Result"));
        code.line("f.write_str(&crate::runtime::ToParam::to_param(self))");
        code.close("");
        code.close("");
        return;
    }
    let is_list = |ty: &TypeRef| matches!(index.resolve(ty), TypeRef::List(item) if index.is_scalar(item, 0));
    let one_or_many = union.variants.iter().any(|variant| is_list(&variant.ty))
        && union.variants.iter().all(|variant| is_list(&variant.ty) || index.is_scalar(&variant.ty, 0));
    if !one_or_many {
        return;
    }
    let arms: Vec<(String, Expr)> = union
        .variants
        .iter()
        .map(|variant| {
            let args = vec![Expr::atom(member(variant)), Expr::atom("f")];
            (
                format!("{name}::{}(value)", variant.name),
                Expr::call("crate::runtime::ParamValues::each", args),
            )
        })
        .collect();
    let params = ["self".to_owned(), "f: &mut dyn FnMut(std::borrow::Cow<'_, str>)".to_owned()];
    code.gap();
    code.open(&format!("impl crate::runtime::ParamValues for &{name}"));
    code.open_fn("fn each", &params, None);
    code.expr(&Expr::Match("self".to_owned(), arms), "");
    code.close("");
    code.close("");
    code.gap();
    code.open(&format!("impl crate::runtime::ParamValues for Option<&{name}>"));
    code.open_fn("fn each", &params, None);
    code.open("if let Some(value) = self");
    code.line("crate::runtime::ParamValues::each(value, f);");
    code.close("");
    code.close("");
    code.close("");
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
    code.line("#[non_exhaustive]");
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
    code.line("#[non_exhaustive]");
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
            let tags = variant.tags.iter().map(|tag| Expr::atom(string(tag))).collect();
            let args = vec![
                Expr::atom("value"),
                Expr::atom(property.clone()),
                Expr::Slice(tags),
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
    let read =
        Expr::call("crate::runtime::tagged::read", vec![Expr::atom("deserializer"), Expr::atom(property)]);
    code.assign("let (tag, value) =", &read, "?;");
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
