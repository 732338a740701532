//! Rust names for wire names: the only place that decides how a spec name
//! becomes an identifier.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Strict and reserved keywords of Rust 2024, which need raw-identifier
/// syntax (or a suffix) to be used as names.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop",
    "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self",
    "static", "struct", "super", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be written as raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Type names the generated code uses unqualified; a model with one of these
/// names would shadow it.
const PRELUDE_TYPES: &[&str] =
    &["Box", "Err", "From", "None", "Ok", "Option", "Result", "Some", "String", "ToString", "Vec"];

/// A snake_case identifier for a field, parameter or method. `fallback`
/// replaces a name with no usable characters and prefixes one that starts
/// with a digit.
pub fn snake(wire: &str, fallback: &str) -> String {
    let mut name: String = wire.to_snake_case();
    name.retain(|c| c.is_ascii_alphanumeric() || c == '_');
    let name = name.trim_matches('_');
    let name = if name.is_empty() {
        fallback.to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{fallback}_{name}")
    } else {
        name.to_owned()
    };
    escape_keyword(name)
}

/// An UpperCamelCase type or variant name. `fallback` replaces a name with no
/// usable characters and prefixes one that starts with a digit.
pub fn camel(wire: &str, fallback: &str) -> String {
    let mut name: String = wire.to_upper_camel_case();
    name.retain(|c| c.is_ascii_alphanumeric());
    if name.is_empty() {
        return fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("{fallback}{name}");
    }
    if name == "Self" {
        return "SelfValue".to_owned();
    }
    name
}

/// A type name for a model: like [`camel`], but never one that would shadow
/// a prelude type the generated code relies on.
pub fn type_name(wire: &str) -> String {
    let name = camel(wire, "Type");
    if PRELUDE_TYPES.contains(&name.as_str()) {
        format!("{name}Model")
    } else {
        name
    }
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Names already used in one namespace; hands out unique ones by appending a
/// number, so two wire names that map to one Rust name both survive.
#[derive(Debug, Default)]
pub struct NameSet {
    taken: HashSet<String>,
}

impl NameSet {
    /// A set in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        NameSet { taken: reserved.iter().map(|name| (*name).to_owned()).collect() }
    }

    /// Takes `names` as they are, unless they are taken already.
    pub fn extend<'n>(&mut self, names: impl IntoIterator<Item = &'n str>) {
        self.taken.extend(names.into_iter().map(str::to_owned));
    }

    /// Whether `name` is already used.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// `base` if it is free, otherwise `base2`, `base3`, ...; the result is
    /// taken from now on.
    pub fn claim(&mut self, base: String) -> String {
        if self.taken.insert(base.clone()) {
            return base;
        }
        // `r#type` cannot take a suffix; `type2` is not a keyword.
        let stem = base.trim_start_matches("r#");
        let separator = if stem.ends_with(|c: char| c.is_ascii_digit()) { "_" } else { "" };
        (2..)
            .map(|n| format!("{stem}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names() {
        assert_eq!(snake("arrayType", "field"), "array_type");
        assert_eq!(snake("X-Payer", "param"), "x_payer");
        assert_eq!(snake("type", "field"), "r#type");
        assert_eq!(snake("self", "field"), "self_");
        assert_eq!(snake("3d", "field"), "field_3d");
        assert_eq!(snake("@@", "field"), "field");
        assert_eq!(snake("_id", "field"), "id");
        assert_eq!(snake("getArrayMetaDataJson", "op"), "get_array_meta_data_json");
    }

    #[test]
    fn camel_names() {
        assert_eq!(camel("row-major", "Value"), "RowMajor");
        assert_eq!(camel("FILTER_NONE", "Value"), "FilterNone");
        assert_eq!(camel("2d", "Value"), "Value2d");
        assert_eq!(camel("", "Value"), "Value");
        assert_eq!(type_name("option"), "OptionModel");
        // Integer enums implement `From`; a model called `From` would hide it.
        assert_eq!(type_name("from"), "FromModel");
        assert_eq!(type_name("ArraySchema"), "ArraySchema");
    }

    #[test]
    fn claims_are_unique() {
        let mut names = NameSet::with_reserved(&["send"]);
        assert_eq!(names.claim("send".into()), "send2");
        assert_eq!(names.claim("a_b".into()), "a_b");
        assert_eq!(names.claim("a_b".into()), "a_b2");
        assert_eq!(names.claim("r#type".into()), "r#type");
        assert_eq!(names.claim("r#type".into()), "type2");
        assert_eq!(names.claim("v1".into()), "v1");
        assert_eq!(names.claim("v1".into()), "v1_2");
    }
}
