//! Rust names for wire names: the only place that decides how a spec name
//! becomes an identifier.

use std::collections::{HashMap, HashSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Strict and reserved keywords of Rust 2024, which need raw-identifier
/// syntax (or a suffix) to be used as names.
pub(super) const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop",
    "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self",
    "static", "struct", "super", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be written as raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// The types, traits and variants of Rust's prelude (editions 2021 and 2024):
/// generated code names them unqualified, so a generated type with one of
/// these names would shadow them (a model `Into` breaks every setter, a
/// request struct `Option` every optional parameter). Macros, functions and
/// primitive types live in other namespaces or are lower case.
pub(super) const PRELUDE: &[&str] = &[
    "AsMut",
    "AsRef",
    "AsyncFn",
    "AsyncFnMut",
    "AsyncFnOnce",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Future",
    "Into",
    "IntoFuture",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// The longest identifier made from a spec name, in characters (all ASCII).
/// Longer ones are cut (a name already taken then gets a number, as any
/// other): a name is written out wherever its item is used, and nested
/// inline schemas are named after all their parents, so names of a
/// megabyte, nested, would make the crate grow with the square of the spec.
/// Real specs' longest are near 110.
const MAX_IDENTIFIER: usize = 200;

/// A snake_case identifier for a field, parameter or method. `fallback`
/// replaces a name with no usable characters and prefixes one that starts
/// with a digit.
pub fn snake(wire: &str, fallback: &str) -> String {
    let mut name: String = wire.to_snake_case();
    name.retain(|c| c.is_ascii_alphanumeric() || c == '_');
    name.truncate(MAX_IDENTIFIER);
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
    name.truncate(MAX_IDENTIFIER);
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
    if PRELUDE.contains(&name.as_str()) {
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
    /// The names claimed, in order, so that claims can be given back.
    claimed: Vec<String>,
    /// By stem, the first number not yet tried as its suffix: so that
    /// thousands of names that become one (non-ASCII names all become
    /// `field`) are numbered in linear time, not each from 2 again.
    next_suffix: HashMap<String, u64>,
}

impl NameSet {
    /// A set in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        NameSet { taken: reserved.iter().map(|name| (*name).to_owned()).collect(), ..NameSet::default() }
    }

    /// How many names were claimed so far, for [`NameSet::release_since`].
    pub fn mark(&self) -> usize {
        self.claimed.len()
    }

    /// Gives back the names claimed since `mark`: what claimed them was left
    /// out, and the names go to what comes next.
    pub fn release_since(&mut self, mark: usize) {
        for name in self.claimed.drain(mark..) {
            self.taken.remove(&name);
        }
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
        let name = if self.taken.insert(base.clone()) {
            base
        } else {
            // `r#type` cannot take a suffix; `type2` is not a keyword.
            let stem = base.trim_start_matches("r#");
            let separator = if stem.ends_with(|c: char| c.is_ascii_digit()) { "_" } else { "" };
            let first = self.next_suffix.get(stem).copied().unwrap_or(2);
            let (suffix, name) = (first..)
                .map(|n| (n, format!("{stem}{separator}{n}")))
                .find(|(_, candidate)| self.taken.insert(candidate.clone()))
                .unwrap_or_default();
            self.next_suffix.insert(stem.to_owned(), suffix + 1);
            name
        };
        self.claimed.push(name.clone());
        name
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
        assert_eq!(snake(&"ab_".repeat(1000), "field"), "ab_".repeat(67).trim_end_matches('_'));
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
        // Every setter takes `impl Into<T>`.
        assert_eq!(type_name("into"), "IntoModel");
        assert_eq!(camel(&"Ab".repeat(1000), "Value"), "Ab".repeat(100));
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
        // A suffix taken by a name of its own is skipped, then and later.
        assert_eq!(names.claim("a_b3".into()), "a_b3");
        assert_eq!(names.claim("a_b".into()), "a_b4");
        assert_eq!(names.claim("a_b".into()), "a_b5");
    }
}
