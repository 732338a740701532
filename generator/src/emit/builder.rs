//! How callers build a struct model: `new`, taking the fields the
//! normalizer put in its constructor, and a `setter!` line per other field.
//! The setters' bodies are the runtime's (`runtime/setters.rs`), so each
//! costs the crate one line.

use std::collections::{HashMap, HashSet};

use super::code::{Code, Expr};
use crate::ir::{Field, Model, Struct, TypeRef};
use crate::rust_type::{self, Scope};

pub fn write(code: &mut Code, model: &Model, fields: &Struct) {
    code.open(&format!("impl {}", model.name));
    constructor(code, fields);
    let setters: Vec<&Field> = fields.fields.iter().filter(|field| field.setter.is_some()).collect();
    if !setters.is_empty() {
        code.gap();
    }
    for field in setters {
        setter(code, field);
    }
    code.close("");
}

fn constructor(code: &mut Code, fields: &Struct) {
    // By name, so a struct of thousands of fields is not searched per field.
    let by_name: HashMap<&str, &Field> =
        fields.fields.iter().map(|field| (field.rust_name.as_str(), field)).collect();
    let taken: Vec<&Field> =
        fields.constructor.iter().filter_map(|name| by_name.get(name.as_str()).copied()).collect();
    let takes: HashSet<&str> = taken.iter().map(|field| field.rust_name.as_str()).collect();
    let names: Vec<String> = taken.iter().map(|field| format!("`{}`", bare(&field.rust_name))).collect();
    let rest = taken.len() < fields.fields.len() || fields.additional.is_some();
    let docs = match (names.split_last(), rest) {
        (None, _) => "Starts a value with every field unset; the methods below set them.".to_owned(),
        (Some((last, [])), rest) => format!("Starts a value from {last}{}", others(rest)),
        (Some((last, head)), rest) => {
            format!("Starts a value from {} and {last}{}", head.join(", "), others(rest))
        }
    };
    code.docs(&docs, String::new);
    let params: Vec<String> =
        taken.iter().map(|field| format!("{}: {}", field.rust_name, param(field))).collect();
    code.open_fn("pub fn new", &params, Some("Self"));
    if taken.is_empty() && fields.derive_default {
        code.line("Self::default()");
        code.close("");
        return;
    }
    let mut values: Vec<(String, Expr)> = Vec::new();
    for field in &fields.fields {
        let value = if takes.contains(field.rust_name.as_str()) {
            let converted = match &field.ty {
                TypeRef::List(_) => format!("{}.into_iter().collect()", field.rust_name),
                _ if exact(field) => field.rust_name.clone(),
                _ => format!("{}.into()", field.rust_name),
            };
            if field.optional {
                format!("Some({converted})")
            } else {
                converted
            }
        } else if fields.derive_default {
            continue;
        } else {
            "None".to_owned()
        };
        values.push((field.rust_name.clone(), Expr::atom(value)));
    }
    let base = "..Default::default()".to_owned();
    if fields.derive_default && values.len() < fields.fields.len() + usize::from(fields.additional.is_some())
    {
        values.push((base.clone(), Expr::atom(base)));
    } else if let Some(extra) = &fields.additional {
        values.push((extra.rust_name.clone(), Expr::atom("Default::default()")));
    }
    code.expr(&Expr::Struct("Self".to_owned(), values), "");
    code.close("");
}

fn others(rest: bool) -> &'static str {
    if rest {
        "; the other fields start unset, and the methods below set them."
    } else {
        "."
    }
}

/// The type `new` takes a field's value as.
fn param(field: &Field) -> String {
    match &field.ty {
        TypeRef::List(item) => format!("impl IntoIterator<Item = {}>", rust_type::name(item, Scope::Models)),
        _ if exact(field) => value_type(field),
        _ => format!("impl Into<{}>", value_type(field)),
    }
}

/// Numbers and booleans are taken as they are: through `impl Into<u64>`, a
/// literal such as `10_000` would be an `i32`, which does not convert.
fn exact(field: &Field) -> bool {
    !field.boxed && matches!(field.ty, TypeRef::Bool | TypeRef::Int(_) | TypeRef::Float(_))
}

/// The field's type without its `Option`.
fn value_type(field: &Field) -> String {
    let ty = rust_type::name(&field.ty, Scope::Models);
    if field.boxed {
        format!("Box<{ty}>")
    } else {
        ty
    }
}

fn setter(code: &mut Code, field: &Field) {
    let Some(setter) = &field.setter else { return };
    let mut attrs = if field.deprecated { "#[deprecated] " } else { "" }.to_owned();
    if exact(field) {
        attrs.push_str("exact ");
    }
    let named = if *setter == field.rust_name {
        field.rust_name.clone()
    } else {
        format!("{setter} = {}", field.rust_name)
    };
    let ty = match (&field.ty, field.boxed) {
        (TypeRef::List(item), false) => format!("[{}]", rust_type::name(item, Scope::Models)),
        _ => value_type(field),
    };
    code.line(&format!("setter!({attrs}{named}: {ty});"));
}

fn bare(name: &str) -> &str {
    name.trim_start_matches("r#")
}
