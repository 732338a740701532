//! OpenAPI 3.1 read as OpenAPI 3.0.
//!
//! 3.1 keeps 3.0's document structure and changes its schemas to JSON
//! Schema 2020-12. This stage turns a 3.1 document into what the typed
//! parse and the normalizer read, so 3.1, 3.0 and Swagger 2.0 give the same
//! IR:
//!
//! - at the document level, before bundling ([`prepare`]): `paths` becomes
//!   optional, `info.summary` joins the description, `mutualTLS` security
//!   schemes (which a client sets up on its TLS connector, not per
//!   request) and dialects other than 3.1's default are warned about;
//! - every schema as the bundler reaches it, in whichever file
//!   ([`schema`], called from `walk`): a `$ref` with sibling keywords, type
//!   lists, `null` members, `const`, `examples`, numeric exclusive bounds,
//!   content encodings, tuples and the keywords no Rust type checks;
//! - references: `$id` and `$anchor` inside a file ([`Ids`]), and the
//!   `summary`/`description` that override a referenced object's;
//! - after bundling ([`finish`]): `webhooks` taken out for the normalizer,
//!   `components/pathItems` (referenced path items are copied in place)
//!   dropped.
//!
//! The rewrite happens in the walk rather than on the whole document
//! first, so every `$ref` still names the node as written, schemas in other
//! files are rewritten like the spec's own, and each moved node's place in
//! the file is known: problems and warnings found later name what the user
//! wrote.

mod ids;
mod references;
mod schema;
mod types;

use serde_yaml::{Mapping, Value};

pub use ids::Ids;
pub use references::{apply_overrides, overrides};

use crate::pointer::Pointer;
use crate::warning::{Warning, WarningKind};

/// The schema dialect of OpenAPI 3.1 documents that name none.
pub const DEFAULT_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// What rewriting one schema did beyond its own keywords: nodes that moved
/// and warnings, both as reference tokens below the schema.
#[derive(Debug, Default)]
pub struct Rewrite {
    /// Where a node is now, and where it was written.
    pub moved: Vec<(Vec<String>, Vec<String>)>,
    pub warnings: Vec<(Vec<String>, WarningKind)>,
}

impl Rewrite {
    fn moved(&mut self, now: &[&str], written: &[&str]) {
        let tokens = |path: &[&str]| path.iter().map(|token| (*token).to_owned()).collect();
        self.moved.push((tokens(now), tokens(written)));
    }

    fn warn(&mut self, at: &[&str], kind: WarningKind) {
        self.warnings.push((at.iter().map(|token| (*token).to_owned()).collect(), kind));
    }
}

/// Rewrites one schema (a mapping) for the typed parse. Its subschemas
/// are the walk's to reach and rewrite.
pub fn schema(node: &mut Value) -> Rewrite {
    let mut out = Rewrite::default();
    let Some(mapping) = node.as_mapping_mut() else { return out };
    if references::schema_siblings(mapping, &mut out) {
        // The `$ref` now sits in an `allOf` member; the rest is rewritten
        // as any schema's.
    }
    if let Some(Value::String(dynamic)) = mapping.shift_remove("$dynamicRef") {
        mapping.insert(key("$ref"), Value::String(dynamic));
        let detail = "`$dynamicRef` is resolved to the anchor of that name in its file, not through the \
                      dynamic scope"
            .to_owned();
        out.warn(&["$dynamicRef"], WarningKind::AnchorReference(detail));
        references::schema_siblings(mapping, &mut out);
    }
    schema::rewrite(mapping, &mut out);
    types::type_list(mapping, &mut out);
    types::null_members(mapping, &mut out);
    out
}

/// Whether a schema is a plain reference once rewritten: a `$ref` with
/// nothing beside it that says something about values.
pub fn is_plain_reference(node: &Value) -> bool {
    let mut probe = node.clone();
    let mut out = Rewrite::default();
    probe.as_mapping_mut().is_some_and(|mapping| !references::schema_siblings(mapping, &mut out))
}

/// An operation may leave out `responses` in 3.1.
pub fn operation(node: &mut Value) {
    if let Some(operation) = node.as_mapping_mut() {
        if !operation.contains_key("responses") {
            operation.insert(key("responses"), Value::Mapping(Mapping::new()));
        }
    }
}

/// The document-level differences, before bundling. Returns warnings,
/// located in the spec file.
pub fn prepare(document: &mut Mapping) -> Vec<Warning> {
    let root = Pointer::root();
    let mut warnings = Vec::new();
    if let Some(dialect) = document.get("jsonSchemaDialect") {
        if dialect.as_str() != Some(DEFAULT_DIALECT) {
            let detail = format!(
                "the schema dialect `{}` is not OpenAPI 3.1's default; schemas are read as the default dialect",
                dialect.as_str().unwrap_or("(not a string)").escape_debug()
            );
            warnings.push(Warning::new(&root.join("jsonSchemaDialect"), WarningKind::Dialect(detail)));
        }
    }
    if !document.contains_key("paths") {
        document.insert(key("paths"), Value::Mapping(Mapping::new()));
    }
    if let Some(Value::Mapping(info)) = document.get_mut("info") {
        summary_into_description(info);
    }
    let schemes_at = root.join("components").join("securitySchemes");
    if let Some(Value::Mapping(schemes)) =
        document.get_mut("components").and_then(|components| components.get_mut("securitySchemes"))
    {
        schemes.retain(|name, scheme| {
            if scheme.get("type").and_then(Value::as_str) != Some("mutualTLS") {
                return true;
            }
            let name = key_text(name);
            let detail = "`mutualTLS`: the client certificate is not part of the generated client; give one \
                          to the `reqwest::ClientBuilder` passed to `http_client_builder` (`identity`)"
                .to_owned();
            warnings.push(Warning::new(&schemes_at.join(&name), WarningKind::MutualTls(detail)));
            false
        });
    }
    warnings
}

/// `info.summary` (new in 3.1) leads the crate docs, before the description.
fn summary_into_description(info: &mut Mapping) {
    let Some(Value::String(summary)) = info.get("summary").cloned() else { return };
    let description = info.get("description").and_then(Value::as_str).unwrap_or_default();
    let joined = if description.is_empty() { summary } else { format!("{summary}\n\n{description}") };
    info.insert(key("description"), Value::String(joined));
}

/// What bundling leaves that the typed parse of the document does not
/// read: the webhooks, returned, and `components/pathItems`, whose
/// referenced entries are already copied in place.
pub fn finish(document: &mut Value) -> Option<Value> {
    let root = document.as_mapping_mut()?;
    if let Some(Value::Mapping(components)) = root.get_mut("components") {
        components.shift_remove("pathItems");
    }
    root.shift_remove("webhooks")
}

fn key(text: &str) -> Value {
    Value::String(text.to_owned())
}

fn key_text(name: &Value) -> String {
    crate::load::places::key_text(name).unwrap_or_default()
}
