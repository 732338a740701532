//! Warnings: what the generator could not type precisely and typed as the
//! nearest honest type instead. A warning never stops generation; it names
//! the node (file and JSON pointer) and what was done with it, so a user can
//! look, and `--deny-warnings` can make it an error.
//!
//! Every stage can warn: the loader (numbers beyond 64 bits, tuple `items`,
//! `type` lists, prose and `info` fields that are not text, empty unions,
//! references that cannot be followed), the normalizer (`not` schemas,
//! parameters without a typed form, `allOf` members that do not merge,
//! unknown HTTP authentication schemes), and the OpenAPI 3.1 stage (JSON
//! Schema keywords no Rust type checks, dialects, `mutualTLS`).
//!
//! What cannot be generated at all is left out, with a warning, when it is
//! one part of the API: an operation (its path, parameters or bodies are
//! wrong), a security scheme, a component nothing can use. Only a document
//! that is unusable as a whole is refused (see [`crate::Error`]).
//! Stages record pointers into the document they work on; the loader's
//! [`Origins`](crate::load::Origins) maps them back to the file the user
//! wrote, as it does for errors.

use std::collections::BTreeMap;
use std::fmt;

use crate::error::SpecProblem;
use crate::message;
use crate::pointer::Pointer;

/// One construct the generator typed less precisely than the spec says.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// The file the node is in, when it is not the spec file itself (a
    /// file a `$ref` names).
    pub file: Option<String>,
    /// Where the node is, in that file.
    pub pointer: Pointer,
    /// What was found and what it became.
    pub kind: WarningKind,
}

impl Warning {
    pub(crate) fn new(pointer: &Pointer, kind: WarningKind) -> Self {
        Warning { file: None, pointer: pointer.clone(), kind }
    }

    /// The warning as one line: `file: pointer: detail`, naming `spec` when
    /// the node is in the spec file itself, escaped for a terminal (see
    /// [`crate::message`]).
    pub fn line(&self, spec: &str) -> String {
        let line = format!("{}: {}: {}", self.file.as_deref().unwrap_or(spec), self.pointer, self.kind);
        message::escaped(&line).into_owned()
    }
}

/// The kinds of warnings. Each has a short summary, used to group and count
/// them, and details for the full listing.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum WarningKind {
    /// Draft-4 tuple validation (`items: [a, b]`): a list of values of
    /// several types.
    TupleItems,
    /// `not`: nothing in Rust says "anything but".
    NotSchema,
    /// `type` as a list of several types (JSON Schema's union of types).
    TypeList,
    /// `allOf` members that are not all objects and do not share one type.
    AllOfMismatch(String),
    /// A number no 64-bit type holds, in a keyword the generator does not
    /// need to type anything.
    NumberDropped(String),
    /// A parameter whose type has no wire form the client knows (an object
    /// in a path, a `content`-typed parameter): the caller passes the text.
    ParameterAsString(String),
    /// An HTTP authentication scheme other than basic and bearer: the
    /// client takes the whole `Authorization` header value.
    AuthorizationHeader(String),
    /// A form body whose schema names no fields.
    UntypedForm(String),
    /// A JSON Schema 2020-12 keyword (OpenAPI 3.1) no Rust type says
    /// honestly: not checked, or its values typed loosely.
    SchemaKeyword(String),
    /// A `$dynamicRef` or an ambiguous anchor, resolved without JSON
    /// Schema's dynamic scope.
    AnchorReference(String),
    /// A `jsonSchemaDialect` other than OpenAPI 3.1's default.
    Dialect(String),
    /// A `mutualTLS` security scheme: the certificate is the caller's to
    /// configure.
    MutualTls(String),
    /// A required `info` field that is missing or not text, filled in.
    InfoField(String),
    /// A description, summary or title that is not text, dropped.
    NotText(String),
    /// An empty `oneOf` or `anyOf` (which no value meets), dropped.
    EmptyUnion(String),
    /// An `x-constructor-fields` entry that names no property of the
    /// schema, or a value that is not a list of names, ignored.
    ConstructorField(String),
    /// Schemas that only name each other (a one-member `allOf` and a
    /// `$ref` around one another), which no finite value meets.
    AliasCycle(String),
    /// An `info` value Cargo's manifest cannot take as the package's name
    /// or version, replaced.
    Manifest(String),
    /// A type that would nest deeper than rustc's checks go (a long chain
    /// of objects, models that all reach one another, lists of lists).
    DeepNesting(String),
    /// A schema that cannot be read or typed (a `$ref` that names nothing
    /// or leaves the spec's directory, a node the parser refuses), which
    /// allows any value instead.
    SchemaUntyped(String),
    /// An operation the client leaves out: what is wrong with it keeps it
    /// from being called correctly (its path, parameters or bodies).
    OperationLeftOut(LeftOut),
    /// A part of the document other than an operation that cannot be used
    /// (a security scheme whose name cannot be sent, a component that
    /// cannot be read, an example whose `$ref` names nothing), left out.
    PartLeftOut(String),
    /// An `x-pagination` that does not fit its operation, which is then
    /// left without pages.
    Pagination(String),
}

/// What was left out of the client, and why.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LeftOut {
    /// The operation, as the message names it: `` `GET /pets` ``, or
    /// ``webhook `newPet` (POST)``.
    pub what: String,
    /// What keeps it out, located where it is written.
    pub problem: SpecProblem,
}

impl WarningKind {
    /// What the group of warnings of this kind is called in the summary:
    /// `tuple items typed as serde_json::Value`.
    pub fn summary(&self) -> &'static str {
        match self {
            WarningKind::TupleItems => "tuple items typed as serde_json::Value",
            WarningKind::NotSchema => "`not` schemas typed as serde_json::Value",
            WarningKind::TypeList => "`type` lists typed as serde_json::Value",
            WarningKind::AllOfMismatch(_) => "`allOf` members that do not merge, typed as serde_json::Value",
            WarningKind::NumberDropped(_) => "numbers no 64-bit type holds, kept as floats or dropped",
            WarningKind::ParameterAsString(_) => "parameters typed as String",
            WarningKind::AuthorizationHeader(_) => {
                "HTTP authentication schemes taken as a whole Authorization header"
            }
            WarningKind::UntypedForm(_) => "form bodies without fields, passed as the encoded body",
            WarningKind::SchemaKeyword(_) => "JSON Schema keywords not checked or typed loosely",
            WarningKind::AnchorReference(_) => "dynamic references resolved statically",
            WarningKind::Dialect(_) => "schema dialects other than OpenAPI 3.1's default",
            WarningKind::MutualTls(_) => "mutualTLS security schemes left to the caller's TLS setup",
            WarningKind::InfoField(_) => "`info` fields missing or not text, filled in",
            WarningKind::NotText(_) => "descriptions and titles that are not text, dropped",
            WarningKind::EmptyUnion(_) => "empty `oneOf`/`anyOf` lists, dropped",
            WarningKind::ConstructorField(_) => {
                "`x-constructor-fields` entries that name no property, ignored"
            }
            WarningKind::AliasCycle(_) => "schemas that only name each other, typed as serde_json::Value",
            WarningKind::Manifest(_) => "`info` values Cargo.toml cannot take, replaced",
            WarningKind::DeepNesting(_) => {
                "types nested deeper than rustc checks, typed as serde_json::Value"
            }
            WarningKind::SchemaUntyped(_) => {
                "schemas that cannot be read or typed, typed as serde_json::Value"
            }
            WarningKind::OperationLeftOut(_) => "operations left out of the client",
            WarningKind::PartLeftOut(_) => {
                "security schemes, components and examples that cannot be used, left out"
            }
            WarningKind::Pagination(_) => {
                "`x-pagination` extensions that do not fit their operation, ignored"
            }
        }
    }
}

impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let detail: &str = match self {
            WarningKind::TupleItems => {
                "tuple `items` (a list of schemas) has no Rust list type; its items (or, without \
                 `type: array`, the value) are serde_json::Value"
            }
            WarningKind::NotSchema => "a `not` schema has no Rust type; the value is serde_json::Value",
            WarningKind::TypeList => "`type` lists several types; the value is serde_json::Value",
            WarningKind::AllOfMismatch(detail)
            | WarningKind::NumberDropped(detail)
            | WarningKind::ParameterAsString(detail)
            | WarningKind::AuthorizationHeader(detail)
            | WarningKind::UntypedForm(detail)
            | WarningKind::SchemaKeyword(detail)
            | WarningKind::AnchorReference(detail)
            | WarningKind::Dialect(detail)
            | WarningKind::MutualTls(detail)
            | WarningKind::InfoField(detail)
            | WarningKind::NotText(detail)
            | WarningKind::EmptyUnion(detail)
            | WarningKind::ConstructorField(detail)
            | WarningKind::AliasCycle(detail)
            | WarningKind::Manifest(detail)
            | WarningKind::DeepNesting(detail)
            | WarningKind::SchemaUntyped(detail)
            | WarningKind::PartLeftOut(detail)
            | WarningKind::Pagination(detail) => detail,
            WarningKind::OperationLeftOut(LeftOut { what, problem }) => {
                let file = problem.file.as_ref().map(|file| format!("{file}: ")).unwrap_or_default();
                let line = format!("{what} is left out of the client: {file}{problem}");
                return f.write_str(&message::escaped(&line));
            }
        };
        f.write_str(&message::escaped(detail))
    }
}

/// The one-line summary of `warnings`, grouped by kind, most frequent first:
/// `7 warnings: 5 × tuple items typed as serde_json::Value, 2 × ...`.
/// `None` when there are none.
pub fn summary(warnings: &[Warning]) -> Option<String> {
    if warnings.is_empty() {
        return None;
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for warning in warnings {
        *counts.entry(warning.kind.summary()).or_default() += 1;
    }
    let mut groups: Vec<(&str, usize)> = counts.into_iter().collect();
    groups.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let groups: Vec<String> = groups.iter().map(|(what, count)| format!("{count} × {what}")).collect();
    let noun = if warnings.len() == 1 { "warning" } else { "warnings" };
    Some(format!("{} {noun}: {}", warnings.len(), groups.join(", ")))
}

/// Sorts warnings by file and pointer and drops repeats (a schema typed
/// from two places warns once).
pub(crate) fn tidy(warnings: &mut Vec<Warning>) {
    warnings.sort_by(|a, b| {
        (a.file.as_deref(), a.pointer.as_str(), &a.kind).cmp(&(
            b.file.as_deref(),
            b.pointer.as_str(),
            &b.kind,
        ))
    });
    warnings.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_by_kind_most_frequent_first() {
        let at = Pointer::root().join("a");
        let warnings = vec![
            Warning::new(&at, WarningKind::NotSchema),
            Warning::new(&at, WarningKind::TupleItems),
            Warning::new(&at.join("b"), WarningKind::TupleItems),
        ];
        assert_eq!(
            summary(&warnings).as_deref(),
            Some(
                "3 warnings: 2 × tuple items typed as serde_json::Value, \
                 1 × `not` schemas typed as serde_json::Value"
            )
        );
        assert_eq!(summary(&[]), None);
        assert_eq!(
            warnings[0].line("api.yaml"),
            "api.yaml: #/a: a `not` schema has no Rust type; the value is serde_json::Value"
        );
    }
}
