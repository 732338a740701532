//! `src/models.rs`: structs, newtypes and aliases (enums are in `enums`,
//! unions in `unions`), one item at a time.

use super::code::{string, Code, Expr};
use super::literals::literal;
use super::{builder, enums, unions};
use crate::ir::{Api, DefaultValue, EnumRepr, Field, FloatType, Model, ModelKind, Newtype, Struct, TypeRef};
use crate::markdown;
use crate::rust_type::{self, Scope};

pub fn text(api: &Api, header: &str) -> String {
    let mut code = Code::new(header);
    code.gap();
    code.module_docs(
        "Types the API sends and receives, one per schema in the spec.\n\n\
         Optional properties are `Option`s: `None` is left out of requests, while `Some(vec![])` \
         is sent as `[]`. A property with a default in the spec decodes as `Some(default)` when \
         a response leaves it out. Enums keep values this client does not know in a fallback variant.",
    );
    let string_enums = api.models.iter().any(
        |model| matches!(&model.kind, ModelKind::Enum(enumeration) if enumeration.repr == EnumRepr::String),
    );
    let setters = api.models.iter().any(|model| {
        matches!(&model.kind, ModelKind::Struct(fields) if fields.fields.iter().any(|field| field.setter.is_some()))
    });
    let macros: Vec<&str> = [(setters, "setter"), (string_enums, "string_enum")]
        .iter()
        .filter(|(used, _)| *used)
        .map(|(_, name)| *name)
        .collect();
    if !macros.is_empty() {
        code.gap();
        code.use_list("use crate::runtime::", &macros);
    }
    let index = unions::ModelIndex::new(&api.models);
    for model in &api.models {
        code.gap();
        self::model(&mut code, model, &index);
    }
    if api.uses_type(|ty| *ty == TypeRef::Uuid) {
        code.gap();
        code.open("impl crate::runtime::ToParam for uuid::Uuid");
        code.open_fn("fn to_param", &["&self".to_owned()], Some("std::borrow::Cow<'_, str>"));
        code.line("self.to_string().into()");
        code.close("");
        code.close("");
    }
    code.finish()
}

/// The model's docs and attributes that every kind starts with.
pub fn head(code: &mut Code, model: &Model) {
    code.docs(&model.docs, || format!("The `{}` schema.", model.name));
    if model.deprecated {
        code.line("#[deprecated]");
    }
}

fn model(code: &mut Code, model: &Model, index: &unions::ModelIndex<'_>) {
    match &model.kind {
        ModelKind::Struct(fields) => struct_model(code, model, fields),
        ModelKind::Enum(enumeration) => enums::write(code, model, enumeration),
        ModelKind::Union(union) => unions::write(code, model, union, index),
        ModelKind::Newtype(newtype) => newtype_model(code, model, newtype),
        ModelKind::Alias(target) => {
            head(code, model);
            let target = Expr::atom(rust_type::name(target, Scope::Models));
            code.assign(&format!("pub type {} =", model.name), &target, ";");
        }
    }
}

fn struct_model(code: &mut Code, model: &Model, fields: &Struct) {
    head(code, model);
    let default = if fields.derive_default { "Default, " } else { "" };
    code.line(&format!("#[derive(Clone, Debug, {default}PartialEq, serde::Deserialize, serde::Serialize)]"));
    code.line("#[non_exhaustive]");
    // A case convention for the renames when it saves more of them than it costs.
    let camel_case = fields.fields.iter().filter(|field| camel(&field.rust_name) == field.wire_name).count();
    let as_is = fields.fields.iter().filter(|field| bare(&field.rust_name) == field.wire_name).count();
    let rename_all = camel_case > as_is;
    if rename_all {
        code.line("#[serde(rename_all = \"camelCase\")]");
    }
    code.open(&format!("pub struct {}", model.name));
    for field in &fields.fields {
        struct_field(code, &model.name, field, rename_all);
    }
    if let Some(extra) = &fields.additional {
        code.docs("Properties the schema does not declare, kept as they arrived.", String::new);
        code.line("#[serde(flatten)]");
        let value = rust_type::name(&extra.value, Scope::Models);
        let ty = Expr::atom(format!("std::collections::BTreeMap<String, {value}>"));
        code.assign(&format!("pub {}:", extra.rust_name), &ty, ",");
    }
    code.close("");
    code.gap();
    builder::write(code, model, fields);
    let defaults: Vec<&Field> = fields.fields.iter().filter(|field| field.default.is_some()).collect();
    if !defaults.is_empty() {
        code.gap();
        code.docs("What the server assumes for properties it leaves out.", String::new);
        code.open(&format!("impl {}", model.name));
        for (index, field) in defaults.into_iter().enumerate() {
            if index > 0 {
                code.gap();
            }
            default_fn(code, field);
        }
        code.close("");
    }
}

fn struct_field(code: &mut Code, holder: &str, field: &Field, rename_all: bool) {
    code.docs(&field.docs, || match &field.ty {
        TypeRef::Model(model) => {
            format!("The {} property; see [`{model}`].", markdown::code(&field.wire_name))
        }
        _ => format!("The {} property.", markdown::code(&field.wire_name)),
    });
    if field.deprecated {
        code.line("#[deprecated]");
    }
    let mut serde = Vec::new();
    let implied = if rename_all { camel(&field.rust_name) } else { bare(&field.rust_name).to_owned() };
    if implied != field.wire_name {
        serde.push(format!("rename = {}", string(&field.wire_name)));
    }
    if field.default.is_some() {
        serde.push(format!("default = \"{holder}::{}\"", field.default_fn()));
    } else if field.default_if_missing {
        serde.push("default".to_owned());
    }
    if field.skip_if_none {
        serde.push("skip_serializing_if = \"Option::is_none\"".to_owned());
    }
    if !serde.is_empty() {
        code.attr("serde", &serde);
    }
    let ty = Expr::atom(rust_type::field(field));
    code.assign(&format!("pub {}:", field.rust_name), &ty, ",");
}

fn default_fn(code: &mut Code, field: &Field) {
    let Some(value) = &field.default else { return };
    let ty = rust_type::name(&field.ty, Scope::Models);
    let value = match value {
        DefaultValue::Literal(crate::ir::Literal::String(text)) => {
            Expr::method(string(text), "to_owned", vec![])
        }
        DefaultValue::Literal(other) => {
            let float =
                if field.ty == TypeRef::Float(FloatType::F32) { FloatType::F32 } else { FloatType::F64 };
            Expr::atom(literal(other, float))
        }
        DefaultValue::Variant { model, variant } => Expr::atom(format!("{model}::{variant}")),
    };
    code.open_fn(&format!("fn {}", field.default_fn()), &[], Some(&format!("Option<{ty}>")));
    code.expr(&Expr::call("Some", vec![value]), "");
    code.close("");
}

fn newtype_model(code: &mut Code, model: &Model, newtype: &Newtype) {
    head(code, model);
    let default = if newtype.derive_default { "Default, " } else { "" };
    code.line(&format!("#[derive(Clone, Debug, {default}PartialEq, serde::Deserialize, serde::Serialize)]"));
    code.line("#[serde(transparent)]");
    let mut ty = rust_type::name(&newtype.ty, Scope::Models);
    if newtype.boxed {
        ty = format!("Box<{ty}>");
    }
    code.line(&format!("pub struct {}(pub {ty});", model.name));
}

/// A field name without `r#`, as serde reads it.
fn bare(name: &str) -> &str {
    name.trim_start_matches("r#")
}

/// The name serde's `rename_all = "camelCase"` gives a field (its own rule, not heck's).
fn camel(rust_name: &str) -> String {
    let mut pascal = String::new();
    let mut capitalize = true;
    for c in bare(rust_name).chars() {
        if c == '_' {
            capitalize = true;
        } else if capitalize {
            pascal.push(c.to_ascii_uppercase());
            capitalize = false;
        } else {
            pascal.push(c);
        }
    }
    let mut chars = pascal.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => pascal,
    }
}

#[cfg(test)]
mod tests {
    use super::camel;

    #[test]
    fn camel_case_follows_serde() {
        assert_eq!(camel("tile_order"), "tileOrder");
        assert_eq!(camel("r#type"), "type");
        assert_eq!(camel("cell_val_num"), "cellValNum");
        assert_eq!(camel("a1_b"), "a1B");
    }
}
