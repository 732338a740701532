//! `$id` and `$anchor`: JSON Schema's other ways to name a schema, resolved
//! inside the file that declares them. A schema with an `$id` is a resource
//! of its own: `#/...` and `#name` inside it are relative to it, and a
//! `$ref` may name it by its URI (absolute, or relative to the enclosing
//! `$id`). Nothing is fetched: a URI no `$id` of the file declares is left
//! to the usual rules (a file next to the spec, or an error for a URL).

use std::collections::HashMap;

use serde_yaml::Value;

use crate::load::places::key_text;
use crate::pointer::Pointer;

/// The schema resources and anchors of one file, indexed so that resolving
/// a reference costs the same however many a file declares.
#[derive(Debug, Default)]
pub struct Ids {
    /// Each `$id`: its URI (resolved against the enclosing one, without a
    /// fragment) and where the schema declaring it is.
    resources: Vec<(String, Pointer)>,
    /// The first resource of each URI.
    by_uri: HashMap<String, usize>,
    /// The resource declared at each pointer.
    by_root: HashMap<String, usize>,
    /// Each `$anchor` and `$dynamicAnchor` by the resource it belongs to
    /// (`None`: the file itself) and its name: the first one's schema.
    anchors: HashMap<(Option<usize>, String), Pointer>,
    /// By name, how many anchors have it and the first one's schema.
    anchor_names: HashMap<String, (usize, Pointer)>,
}

impl Ids {
    /// Indexes every `$id`, `$anchor` and `$dynamicAnchor` of a file.
    pub fn of(file: &Value) -> Ids {
        let mut ids = Ids::default();
        ids.index(file, &Pointer::root(), None);
        ids
    }

    fn index(&mut self, node: &Value, at: &Pointer, resource: Option<usize>) {
        match node {
            Value::Mapping(mapping) => {
                let mut resource = resource;
                if let Some(Value::String(id)) = mapping.get("$id") {
                    let base = resource.map(|index| self.resources[index].0.as_str()).unwrap_or_default();
                    let uri = without_fragment(&join(base, id)).to_owned();
                    let index = self.resources.len();
                    self.by_uri.entry(uri.clone()).or_insert(index);
                    self.by_root.insert(at.as_str().to_owned(), index);
                    self.resources.push((uri, at.clone()));
                    resource = Some(index);
                }
                for anchor in ["$anchor", "$dynamicAnchor"] {
                    if let Some(Value::String(name)) = mapping.get(anchor) {
                        self.anchors.entry((resource, name.clone())).or_insert_with(|| at.clone());
                        self.anchor_names.entry(name.clone()).or_insert_with(|| (0, at.clone())).0 += 1;
                    }
                }
                for (name, child) in mapping {
                    if let Some(name) = key_text(name) {
                        self.index(child, &at.join(&name), resource);
                    }
                }
            }
            Value::Sequence(items) => {
                for (index, item) in items.iter().enumerate() {
                    self.index(item, &at.join(index.to_string()), resource);
                }
            }
            _ => {}
        }
    }

    /// The node `reference`, written at `at`, names in this file; `None`
    /// when it names nothing by `$id` or anchor.
    pub fn resolve(&self, reference: &str, at: &Pointer) -> Option<Pointer> {
        let resource = self.innermost(at);
        let base = resource.map(|index| self.resources[index].0.as_str()).unwrap_or_default();
        if let Some(fragment) = reference.strip_prefix('#') {
            return self.within(resource, fragment);
        }
        let full = join(base, reference);
        let (uri, fragment) = full.split_once('#').unwrap_or((&full, ""));
        let target = *self.by_uri.get(uri)?;
        self.within(Some(target), fragment)
    }

    /// `fragment` (a JSON pointer or an anchor name) inside `resource`.
    fn within(&self, resource: Option<usize>, fragment: &str) -> Option<Pointer> {
        if fragment.is_empty() || fragment.starts_with('/') {
            // Relative to the file itself, the usual rules apply.
            let index = resource?;
            let root = &self.resources[index].1;
            return Some(Pointer::from_raw(format!("{}{fragment}", root.as_str())));
        }
        let in_resource = self.anchors.get(&(resource, fragment.to_owned()));
        let anywhere = || match self.anchor_names.get(fragment) {
            Some((1, pointer)) => Some(pointer),
            _ => None,
        };
        in_resource.or_else(anywhere).cloned()
    }

    /// The innermost resource whose schema holds `at`: the one declared at
    /// the longest prefix of `at`, a whole token at a time.
    fn innermost(&self, at: &Pointer) -> Option<usize> {
        if self.by_root.is_empty() {
            return None;
        }
        let text = at.as_str();
        let mut ends: Vec<usize> = text.char_indices().filter(|&(_, c)| c == '/').map(|(at, _)| at).collect();
        ends.push(text.len());
        ends.into_iter().rev().find_map(|end| self.by_root.get(&text[..end]).copied())
    }
}

fn without_fragment(uri: &str) -> &str {
    uri.split_once('#').map_or(uri, |(before, _)| before)
}

/// `reference` resolved against `base` (RFC 3986, without dot segments
/// beyond `../` at the front of the reference).
fn join(base: &str, reference: &str) -> String {
    let has_scheme = reference.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if has_scheme || base.is_empty() {
        return reference.to_owned();
    }
    let base = without_fragment(base);
    if reference.starts_with('#') {
        return format!("{base}{reference}");
    }
    let scheme_end = base.find("://").map_or(0, |at| at + 3);
    if let Some(rest) = reference.strip_prefix("//") {
        return format!("{}{rest}", &base[..scheme_end]);
    }
    if reference.starts_with('/') {
        let authority_end = base[scheme_end..].find('/').map_or(base.len(), |at| scheme_end + at);
        return format!("{}{reference}", &base[..authority_end]);
    }
    let mut directory = &base[..base.rfind('/').map_or(0, |at| at + 1)];
    let mut reference = reference;
    while let Some(rest) = reference.strip_prefix("../") {
        reference = rest;
        let trimmed = directory.trim_end_matches('/');
        directory = &trimmed[..trimmed.rfind('/').map_or(0, |at| at + 1).max(scheme_end)];
    }
    format!("{directory}{}", reference.trim_start_matches("./"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_join_like_rfc_3986() {
        assert_eq!(join("https://x.test/a/b.json", "c.json"), "https://x.test/a/c.json");
        assert_eq!(join("https://x.test/a/b.json", "../c.json#/d"), "https://x.test/c.json#/d");
        assert_eq!(join("https://x.test/a/b.json", "/c"), "https://x.test/c");
        assert_eq!(join("https://x.test/a/b.json", "#x"), "https://x.test/a/b.json#x");
        assert_eq!(join("", "pet.json"), "pet.json");
        assert_eq!(join("https://x.test/a", "urn:x"), "urn:x");
    }

    #[test]
    fn ids_and_anchors_name_nodes() {
        let file: Value = serde_yaml::from_str(
            "components:\n  schemas:\n    Pet:\n      $id: https://x.test/pet\n      properties:\n        \
             tag: {$ref: '#/$defs/Tag'}\n      $defs:\n        Tag: {$anchor: tag, type: string}\n    \
             Owner: {$id: owner, type: object}\n",
        )
        .expect("yaml");
        let ids = Ids::of(&file);
        let pet = Pointer::from_raw("#/components/schemas/Pet".to_owned());
        let inside = pet.join("properties").join("tag");
        assert_eq!(ids.resolve("#/$defs/Tag", &inside), Some(pet.join("$defs").join("Tag")));
        assert_eq!(ids.resolve("#tag", &inside), Some(pet.join("$defs").join("Tag")));
        assert_eq!(
            ids.resolve("https://x.test/pet#tag", &Pointer::root()),
            Some(pet.join("$defs").join("Tag"))
        );
        assert_eq!(
            ids.resolve("owner", &Pointer::root()),
            Some(Pointer::from_raw("#/components/schemas/Owner".to_owned()))
        );
        assert_eq!(ids.resolve("#/components/schemas/Pet", &Pointer::root()), None);
        assert_eq!(ids.resolve("https://elsewhere.test/x", &inside), None);
    }
}
