//! Stage 1: read the spec file and parse it into `openapiv3` types.
//!
//! YAML and JSON are both accepted. The text is first read into a plain,
//! order-preserving value so syntax errors get a line and column, and so the
//! OpenAPI version can be checked before the typed parse (whose errors for a
//! Swagger 2.0 or 3.1 document would be confusing).
//!
//! A reference that cannot be followed, or a node the typed parse refuses,
//! costs only the part of the document it is in (`confine`): a schema
//! allows any value, an operation or component is left out, each with a
//! warning. The document is refused only when the problem is the
//! document's own (its version, its `paths` or `components` as a whole),
//! reported with the JSON pointer of the innermost node that fails.

mod bundle;
mod confine;
mod info;
mod lenient;
mod locate;
mod nesting;
mod openapi31;
mod origins;
mod places;
mod repair;
mod swagger2;
mod text;
mod walk;

use std::path::Path;

use indexmap::IndexMap;
use openapiv3::{OpenAPI, PathItem};
use serde_yaml::Value;

pub(crate) use info::NO_VERSION;
pub use origins::Origins;
pub(crate) use swagger2::LIST_SEPARATOR;

use crate::error::{Error, ProblemKind, SpecProblem};
use crate::pointer::Pointer;
use crate::warning::Warning;

use self::bundle::{Broken, Dialect};
use self::swagger2 as swagger;

/// A parsed spec.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The document as OpenAPI 3.0, with every file it refers to brought in.
    pub api: OpenAPI,
    /// OpenAPI 3.1's `webhooks`: requests the API sends, by name, with
    /// their references resolved like the paths'. Empty for other versions.
    pub webhooks: IndexMap<String, PathItem>,
    /// Where nodes of `api` are in the files the user wrote, for those that
    /// moved: converted from Swagger 2.0, or brought in by a `$ref`.
    pub origins: Origins,
    /// What loading typed less precisely than the spec says, located in
    /// the files the user wrote.
    pub warnings: Vec<Warning>,
    /// Schemas a `$ref` named deep inside the document, copied into
    /// `components`: by the pointer they are written at, the component's
    /// name. Typed once, as that component.
    pub schema_copies: std::collections::HashMap<String, String>,
}

/// Reads and parses the spec at `path`, and the files its `$ref`s name;
/// `label` is how the file is named in messages.
pub fn load(path: &Path, label: &str) -> Result<Loaded, Error> {
    let text = text::read(path).map_err(|source| Error::Read { path: path.to_owned(), source })?;
    let is_json = path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("json"));
    parse_from(&bundle::Source { label, path: Some(path) }, &text, is_json)
}

/// Parses spec text (OpenAPI 3.0, or 3.1 or Swagger 2.0 which are converted);
/// `label` names the file in messages. The text may not refer to other
/// files: there is no directory to find them in.
pub fn parse(label: &str, text: &str, is_json: bool) -> Result<Loaded, Error> {
    parse_from(&bundle::Source { label, path: None }, text, is_json)
}

fn parse_from(source: &bundle::Source<'_>, text: &str, is_json: bool) -> Result<Loaded, Error> {
    let label = source.label;
    let mut value = text::parse(label, text, is_json)?;
    let spec_error = |problems: Vec<SpecProblem>| refused(label, problems);
    let mut stage_warnings = Vec::new();
    // The version is checked first: a document of another version gets that error alone.
    version(&value).map_err(|problem| spec_error(vec![problem]))?;
    stage_warnings.extend(info::repair(&mut value));
    let (value, mut origins, dialect, mut broken) =
        match version(&value).map_err(|problem| spec_error(vec![problem]))? {
            Version::OpenApi30 => (value, Origins::default(), Dialect::OpenApi30, Vec::new()),
            Version::OpenApi31 => {
                if let Some(document) = value.as_mapping_mut() {
                    stage_warnings.extend(openapi31::prepare(document));
                }
                (value, Origins::default(), Dialect::OpenApi31, Vec::new())
            }
            Version::Swagger20(document) => {
                let (value, origins, problems) = swagger::convert(document);
                (value, origins, Dialect::Swagger20, problems)
            }
        };
    let bundle::Bundled { document: mut value, mut warnings, problems, schema_copies } =
        bundle::bundle(value, source, dialect, &mut origins);
    // The bundler locates what it finds in the document it reads: the
    // files as written, except for Swagger 2.0, which it reads converted.
    let as_written = |problem: SpecProblem| match dialect {
        Dialect::Swagger20 => origins.original_problem(problem),
        _ => problem,
    };
    broken.extend(
        problems
            .into_iter()
            .map(|Broken { bundled, problem }| Broken { bundled, problem: as_written(problem) }),
    );
    if dialect == Dialect::Swagger20 {
        warnings = warnings.into_iter().map(|warning| origins.original_warning(warning)).collect();
    }
    warnings.extend(confine::confine(&mut value, broken, &origins).map_err(spec_error)?);
    warnings.extend(stage_warnings);
    let typed_error = |fallback: Pointer, message: String, value: &Value| {
        // serde loses its place inside flattened and untagged types (most of
        // OpenAPI), so look for the deepest node that fails on its own.
        let (pointer, message) = locate::deepest_failure(value).unwrap_or((fallback, message));
        let problem = SpecProblem::new(&pointer, ProblemKind::Invalid(message));
        spec_error(vec![origins.original_problem(problem)])
    };
    let webhooks = match dialect {
        Dialect::OpenApi31 => {
            let parse = |value: &Value| {
                serde_yaml::from_value::<Option<IndexMap<String, PathItem>>>(
                    value.get("webhooks").cloned().unwrap_or(Value::Null),
                )
            };
            let webhooks = match parse(&value) {
                Ok(webhooks) => webhooks,
                Err(_) => {
                    warnings.extend(give_up_unparsable(&mut value, &origins).map_err(spec_error)?);
                    parse(&value).map_err(|error| {
                        typed_error(Pointer::root().join("webhooks"), error.to_string(), &value)
                    })?
                }
            };
            openapi31::finish(&mut value);
            webhooks.unwrap_or_default()
        }
        _ => IndexMap::new(),
    };
    let api = match serde_path_to_error::deserialize(&value) {
        Ok(api) => api,
        Err(_) => {
            warnings.extend(give_up_unparsable(&mut value, &origins).map_err(spec_error)?);
            serde_path_to_error::deserialize(&value).map_err(|error| {
                let pointer = pointer_of(error.path());
                typed_error(pointer, error.into_inner().to_string(), &value)
            })?
        }
    };
    Ok(Loaded { api, webhooks, origins, warnings, schema_copies })
}

/// Gives up what the typed parse refuses in `document`: a schema allows
/// any value, and an operation, path item, component or optional field is
/// left out (see [`confine`]). The warnings say so, located where written;
/// the problems are those that make the whole document unusable.
fn give_up_unparsable(document: &mut Value, origins: &Origins) -> Result<Vec<Warning>, Vec<SpecProblem>> {
    let mut warnings: Vec<Warning> =
        repair::schemas(document).into_iter().map(|warning| origins.original_warning(warning)).collect();
    let broken = repair::unparsable(document)
        .into_iter()
        .map(|unparsable| Broken {
            bundled: unparsable.owner,
            problem: origins.original_problem(SpecProblem::invalid(&unparsable.at, unparsable.message)),
        })
        .collect();
    warnings.extend(confine::confine(document, broken, origins)?);
    Ok(warnings)
}

/// The error of a document refused for `problems`, in document order.
fn refused(label: &str, mut problems: Vec<SpecProblem>) -> Error {
    problems.sort_by(|a, b| (&a.file, a.pointer.as_str()).cmp(&(&b.file, b.pointer.as_str())));
    problems.dedup();
    Error::Spec { file: label.to_owned(), problems }
}

/// The versions this generator reads.
enum Version<'a> {
    OpenApi30,
    OpenApi31,
    Swagger20(&'a serde_yaml::Mapping),
}

fn version(value: &Value) -> Result<Version<'_>, SpecProblem> {
    let root = Pointer::root();
    let Some(object) = value.as_mapping() else {
        return Err(SpecProblem::invalid(&root, "the document must be a mapping"));
    };
    if let Some(swagger) = object.get("swagger") {
        return match swagger.as_str() {
            Some("2.0") => Ok(Version::Swagger20(object)),
            _ => Err(SpecProblem::unsupported(
                &root.join("swagger"),
                format!(
                    "Swagger version {}; this generator reads Swagger 2.0 and OpenAPI 3.0.x and 3.1.x",
                    describe(swagger)
                ),
            )),
        };
    }
    match object.get("openapi").and_then(Value::as_str) {
        Some(version) if version.starts_with("3.0") => Ok(Version::OpenApi30),
        Some(version) if version.starts_with("3.1.") || version == "3.1" => Ok(Version::OpenApi31),
        Some(version) => Err(SpecProblem::unsupported(
            &root.join("openapi"),
            format!("OpenAPI {version}; this generator reads OpenAPI 3.0.x, 3.1.x and Swagger 2.0"),
        )),
        None => Err(SpecProblem::invalid(
            &root,
            "missing the `openapi` (or `swagger`) version field; this is not an OpenAPI document",
        )),
    }
}

/// A scalar as the user wrote it, for messages.
fn describe(value: &Value) -> String {
    match value {
        Value::String(text) => format!("`{text}`"),
        Value::Number(number) => format!("`{number}` (a number; write it as the string \"2.0\")"),
        _ => "of the wrong type".to_owned(),
    }
}

fn pointer_of(path: &serde_path_to_error::Path) -> Pointer {
    use serde_path_to_error::Segment;
    let mut pointer = Pointer::root();
    for segment in path.iter() {
        pointer = match segment {
            Segment::Seq { index } => pointer.join(index.to_string()),
            Segment::Map { key } => pointer.join(key),
            Segment::Enum { .. } | Segment::Unknown => break,
        };
    }
    pointer
}
