//! The structure of an OpenAPI 3.0 document, as far as references go: which
//! node is a schema, a parameter, a response and so on, so each `$ref` is
//! resolved as what it stands for. Schemas are also made readable by the
//! typed parse on the way: tuple `items` and numbers no Rust type holds
//! become something that parses, with a warning.
//!
//! A `$ref` is followed wherever it stands, as JSON Reference tools do: where
//! OpenAPI lists one (a schema, a parameter, a path item...), and where it
//! does not (an operation, a map of responses, a list of parameters, a
//! section of `components`, a server list), the node becoming a copy of its
//! target. Only values the spec gives as data (examples, defaults, enums,
//! extensions) are never read as references.
//!
//! The walk is lenient: a node of the wrong shape is left for the typed
//! parse to report.

use serde_yaml::Value;

use super::bundle::{Bundler, Dialect, Loc};
use super::lenient;
use super::openapi31;
use super::places::key_text;
use crate::warning::WarningKind;

/// What a node stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Schema,
    Parameter,
    RequestBody,
    Response,
    Header,
    Example,
    SecurityScheme,
    Link,
    Callback,
    PathItem,
    /// Not referenceable: reached only inside the kinds above.
    MediaType,
    Operation,
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

impl Kind {
    /// The sections of `components`, in the order they are walked.
    pub const SECTIONS: &'static [&'static str] = &[
        "schemas",
        "parameters",
        "requestBodies",
        "responses",
        "headers",
        "examples",
        "securitySchemes",
        "links",
        "callbacks",
    ];

    fn of_section(section: &str) -> Option<Kind> {
        Some(match section {
            "schemas" => Kind::Schema,
            "parameters" => Kind::Parameter,
            "requestBodies" => Kind::RequestBody,
            "responses" => Kind::Response,
            "headers" => Kind::Header,
            "examples" => Kind::Example,
            "securitySchemes" => Kind::SecurityScheme,
            "links" => Kind::Link,
            "callbacks" => Kind::Callback,
            _ => return None,
        })
    }

    /// The `components` section that holds this kind.
    pub fn section(self) -> Option<&'static str> {
        Kind::SECTIONS.iter().copied().find(|section| Kind::of_section(section) == Some(self))
    }

    /// Whether a reference to this kind stays a reference, to a component
    /// of its own. The others (examples, security schemes, links,
    /// callbacks, path items) are copied where the reference stands: the
    /// normalizer reads them in place.
    pub fn is_named(self) -> bool {
        matches!(self, Kind::Schema | Kind::Parameter | Kind::RequestBody | Kind::Response | Kind::Header)
    }
}

impl Bundler<'_> {
    /// `components` and its sections given by `$ref`, brought in before the
    /// walk, so that the names of their entries are known (and taken) before
    /// copies need new ones. Returns where each section was written.
    pub(super) fn sections(&mut self, document: &mut Value) -> Vec<(&'static str, Loc)> {
        let root = Loc::root();
        let mut sections = Vec::new();
        let Some(components) = document.get_mut("components") else { return sections };
        let at = self.unlisted(components, &root.join("components"), |_, _, at| at.clone());
        let Some(components) = components.as_mapping_mut() else { return sections };
        for section in Kind::SECTIONS {
            let Some(entries) = components.get_mut(*section) else { continue };
            let section_at = self.unlisted(entries, &at.join(section), |_, _, at| at.clone());
            if section_at.file != 0 || section_at.written != section_at.bundled {
                // A `$ref` to an entry where it is written names the component.
                for name in entries.as_mapping().into_iter().flat_map(|entries| entries.keys()) {
                    let Some(name) = key_text(name) else { continue };
                    self.name_component(section, &section_at.join(&name), name);
                }
            }
            sections.push((*section, section_at));
        }
        sections
    }

    /// Walks the whole document, whose `sections` are already in place:
    /// components first, so their names are taken before copies need new
    /// ones, then the paths and the fields beside them.
    pub(super) fn document(&mut self, document: &mut Value, sections: Vec<(&'static str, Loc)>) {
        let root = Loc::root();
        if let Some(components) = document.get_mut("components").and_then(Value::as_mapping_mut) {
            for (section, section_at) in sections {
                let (Some(kind), Some(entries)) =
                    (Kind::of_section(section), components.get_mut(section).and_then(Value::as_mapping_mut))
                else {
                    continue;
                };
                for (name, entry) in entries.iter_mut() {
                    let Some(name) = key_text(name) else { continue };
                    let entry_at = section_at.join(&name);
                    let plain = self.dialect != Dialect::OpenApi31
                        || kind != Kind::Schema
                        || openapi31::is_plain_reference(entry);
                    if entry.get("$ref").is_some() && plain {
                        self.reference(entry, kind, &entry_at, Some(&name));
                    } else {
                        self.visit(entry, kind, &entry_at);
                    }
                }
            }
        }
        for (key, kind) in [("paths", Kind::PathItem), ("webhooks", Kind::PathItem)] {
            if let Some(items) = document.get_mut(key) {
                self.unlisted(items, &root.join(key), |this, items, at| this.each_value(items, kind, at));
            }
        }
        for key in ["info", "servers", "security", "tags", "externalDocs"] {
            self.plain_child(document, key, &root);
        }
    }

    /// Walks one node that stands for a `kind`.
    pub(super) fn visit(&mut self, node: &mut Value, kind: Kind, at: &Loc) {
        if !node.is_mapping() {
            return;
        }
        if self.dialect == Dialect::OpenApi31 && kind == Kind::Schema {
            self.rewrite_31(node, at);
        }
        for (field, warning) in lenient::prose(node, kind) {
            self.warn(&at.join(field), warning);
        }
        if node.get("$ref").is_some_and(Value::is_string) {
            self.reference(node, kind, at, None);
            return;
        }
        match kind {
            Kind::Schema => self.schema(node, at),
            Kind::Parameter | Kind::Header => {
                self.child(node, "schema", Kind::Schema, at);
                self.each(node, "content", Kind::MediaType, at);
                self.each(node, "examples", Kind::Example, at);
            }
            Kind::MediaType => {
                self.child(node, "schema", Kind::Schema, at);
                self.each(node, "examples", Kind::Example, at);
                if let Some(encodings) = node.get_mut("encoding") {
                    self.unlisted(encodings, &at.join("encoding"), |this, encodings, at| {
                        for (name, encoding) in encodings.as_mapping_mut().into_iter().flatten() {
                            let Some(name) = key_text(name) else { continue };
                            this.unlisted(encoding, &at.join(&name), |this, encoding, at| {
                                this.each(encoding, "headers", Kind::Header, at)
                            });
                        }
                    });
                }
            }
            Kind::RequestBody => self.each(node, "content", Kind::MediaType, at),
            Kind::Response => {
                self.each(node, "headers", Kind::Header, at);
                self.each(node, "content", Kind::MediaType, at);
                self.each(node, "links", Kind::Link, at);
            }
            Kind::PathItem => {
                self.list(node, "parameters", Kind::Parameter, at);
                for method in METHODS {
                    self.child(node, method, Kind::Operation, at);
                }
                self.plain_child(node, "servers", at);
            }
            Kind::Operation => {
                if self.dialect == Dialect::OpenApi31 {
                    openapi31::operation(node);
                }
                self.list(node, "parameters", Kind::Parameter, at);
                self.child(node, "requestBody", Kind::RequestBody, at);
                self.each(node, "responses", Kind::Response, at);
                self.each(node, "callbacks", Kind::Callback, at);
                for key in ["servers", "security", "externalDocs"] {
                    self.plain_child(node, key, at);
                }
            }
            Kind::Callback => {
                let at = at.clone();
                self.each_value(node, Kind::PathItem, &at);
            }
            Kind::SecurityScheme => self.plain_child(node, "flows", at),
            Kind::Link => self.plain_child(node, "server", at),
            Kind::Example => {}
        }
    }

    /// Rewrites a 3.1 schema for the typed parse, recording the nodes that
    /// moved (so their children are located where they were written) and
    /// the warnings.
    fn rewrite_31(&mut self, node: &mut Value, at: &Loc) {
        let rewrite = openapi31::schema(node);
        for (now, written) in rewrite.moved {
            let bundled = now.iter().fold(at.bundled.clone(), |pointer, token| pointer.join(token));
            let original = written.iter().fold(at.written.clone(), |pointer, token| pointer.join(token));
            let file = self.file_label(at.file);
            self.origins.record_in(&bundled, file.as_deref(), &original);
            self.moved.insert(bundled.as_str().to_owned(), original);
        }
        for (place, kind) in rewrite.warnings {
            let written = place.iter().fold(at.written.clone(), |pointer, token| pointer.join(token));
            self.warn(&Loc { file: at.file, written, bundled: at.bundled.clone() }, kind);
        }
    }

    /// The place of the child `key` of the node at `at`: where the 3.1
    /// rewrite put it, if it moved it.
    fn child_loc(&self, at: &Loc, key: &str) -> Loc {
        let joined = at.join(key);
        match self.moved.get(joined.bundled.as_str()) {
            Some(written) => Loc { file: at.file, written: written.clone(), bundled: joined.bundled },
            None => joined,
        }
    }

    fn schema(&mut self, node: &mut Value, at: &Loc) {
        for (keyword, warning) in lenient::empty_unions(node) {
            self.warn(&at.join(keyword), warning);
        }
        self.type_list(node, at);
        self.tuple_items(node, at);
        self.numbers(node, at);
        self.child(node, "items", Kind::Schema, at);
        self.child(node, "not", Kind::Schema, at);
        if node.get("additionalProperties").is_some_and(Value::is_mapping) {
            self.child(node, "additionalProperties", Kind::Schema, at);
        }
        self.each(node, "properties", Kind::Schema, at);
        for keyword in ["allOf", "oneOf", "anyOf"] {
            self.list(node, keyword, Kind::Schema, at);
        }
        for keyword in ["discriminator", "xml", "externalDocs"] {
            self.plain_child(node, keyword, at);
        }
    }

    /// `type` as a list (JSON Schema allows it; OpenAPI 3.0 does not, but
    /// real documents have it): `[string, "null"]` is a nullable string;
    /// several types other than `null` allow any value, with a warning.
    fn type_list(&mut self, node: &mut Value, at: &Loc) {
        let Some(Value::Sequence(types)) = node.get("type") else { return };
        let null = Value::String("null".to_owned());
        let nullable = types.contains(&null);
        let others: Vec<Value> = types.iter().filter(|item| **item != null).cloned().collect();
        let Some(mapping) = node.as_mapping_mut() else { return };
        match others.as_slice() {
            [only] => {
                mapping.insert(Value::String("type".to_owned()), only.clone());
            }
            _ => {
                mapping.remove("type");
                if others.len() > 1 {
                    self.warn(&at.join("type"), WarningKind::TypeList);
                }
            }
        }
        if nullable {
            if let Some(mapping) = node.as_mapping_mut() {
                mapping.insert(Value::String("nullable".to_owned()), Value::Bool(true));
            }
        }
    }

    /// Draft-4 tuple validation, `items: [a, b]`: a list whose items are all
    /// one schema keeps it; otherwise the items are any JSON value. Without
    /// `type: array` the keyword says nothing about values that are not
    /// lists, so it is dropped and the schema allows any value.
    fn tuple_items(&mut self, node: &mut Value, at: &Loc) {
        let Some(Value::Sequence(members)) = node.get("items") else { return };
        let same = members.first().filter(|first| members.iter().all(|member| member == *first)).cloned();
        let is_array = node.get("type").and_then(Value::as_str) == Some("array");
        let Some(mapping) = node.as_mapping_mut() else { return };
        match same {
            Some(only) if is_array => {
                mapping.insert(Value::String("items".to_owned()), only);
            }
            _ if is_array => {
                mapping.insert(Value::String("items".to_owned()), Value::Mapping(serde_yaml::Mapping::new()));
                self.warn(&at.join("items"), WarningKind::TupleItems);
            }
            _ => {
                mapping.remove("items");
                self.warn(&at.join("items"), WarningKind::TupleItems);
            }
        }
    }

    /// Bounds and sizes the typed parse cannot read: a count that is not a
    /// whole non-negative number is dropped, and an integer bound beyond 64
    /// bits (read as a float) is kept as one, both with a warning.
    fn numbers(&mut self, node: &mut Value, at: &Loc) {
        const COUNTS: &[&str] =
            &["maxLength", "minLength", "maxItems", "minItems", "maxProperties", "minProperties"];
        const BOUNDS: &[&str] = &["minimum", "maximum", "multipleOf", "default", "example"];
        let Some(mapping) = node.as_mapping_mut() else { return };
        let mut dropped = Vec::new();
        let mut wide = Vec::new();
        for (key, value) in mapping.iter() {
            let Some(key) = key.as_str() else { continue };
            if COUNTS.contains(&key) && value.as_u64().is_none_or(|count| usize::try_from(count).is_err()) {
                dropped.push(key.to_owned());
            } else if BOUNDS.contains(&key)
                && value.as_f64().is_some_and(|number| {
                    value.is_f64() && number.fract() == 0.0 && number.abs() >= 9.223_372_036_854_776e18
                })
            {
                wide.push(key.to_owned());
            }
        }
        for key in dropped {
            let value = mapping.remove(&key).map(|value| serde_yaml::to_string(&value).unwrap_or_default());
            let detail = format!("`{key}: {}` is not a count; dropped", value.unwrap_or_default().trim());
            self.warn(&at.join(&key), WarningKind::NumberDropped(detail));
        }
        for key in wide {
            let detail = format!("`{key}` is beyond 64 bits; kept as a floating-point number");
            self.warn(&at.join(&key), WarningKind::NumberDropped(detail));
        }
    }

    /// The node under `key`, walked as a `kind`.
    fn child(&mut self, node: &mut Value, key: &str, kind: Kind, at: &Loc) {
        if let Some(child) = node.get_mut(key) {
            let at = self.child_loc(at, key);
            self.visit(child, kind, &at);
        }
    }

    /// Every value of the mapping under `key`, walked as a `kind`.
    fn each(&mut self, node: &mut Value, key: &str, kind: Kind, at: &Loc) {
        if let Some(children) = node.get_mut(key) {
            self.unlisted(children, &at.join(key), |this, children, at| this.each_value(children, kind, at));
        }
    }

    fn each_value(&mut self, node: &mut Value, kind: Kind, at: &Loc) {
        let Some(children) = node.as_mapping_mut() else { return };
        for (name, child) in children.iter_mut() {
            if let Some(name) = key_text(name) {
                self.visit(child, kind, &at.join(&name));
            }
        }
    }

    /// Every item of the list under `key`, walked as a `kind`.
    fn list(&mut self, node: &mut Value, key: &str, kind: Kind, at: &Loc) {
        let Some(items) = node.get_mut(key) else { return };
        self.unlisted(items, &at.join(key), |this, items, at| {
            for (index, item) in items.as_sequence_mut().into_iter().flatten().enumerate() {
                let at = this.child_loc(at, &index.to_string());
                this.visit(item, kind, &at);
            }
        });
    }

    /// The node under `key`, which holds no kind of its own (a server list,
    /// a discriminator), with every `$ref` in it followed.
    fn plain_child(&mut self, node: &mut Value, key: &str, at: &Loc) {
        if let Some(child) = node.get_mut(key) {
            self.plain(child, &at.join(key));
        }
    }

    fn plain(&mut self, node: &mut Value, at: &Loc) {
        self.unlisted(node, at, |this, node, at| match node {
            Value::Mapping(children) => {
                for (name, child) in children.iter_mut() {
                    if let Some(name) = key_text(name).filter(|name| !name.starts_with("x-")) {
                        this.plain(child, &at.join(&name));
                    }
                }
            }
            Value::Sequence(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    this.plain(item, &at.join(index.to_string()));
                }
            }
            _ => {}
        });
    }
}
