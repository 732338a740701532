//! Stage 1: read the spec file and parse it into `openapiv3` types.
//!
//! YAML and JSON are both accepted. The text is first read into a plain,
//! order-preserving value so syntax errors get a line and column, and so the
//! OpenAPI version can be checked before the typed parse (whose errors for a
//! Swagger 2.0 or 3.1 document would be confusing). Typed-parse errors are
//! reported with the JSON pointer of the node serde stopped at.

mod bundle;
mod info;
mod lenient;
mod locate;
mod nesting;
mod openapi31;
mod origins;
mod places;
mod swagger2;
mod text;
mod walk;

use std::path::Path;

use indexmap::IndexMap;
use openapiv3::{OpenAPI, PathItem};
use serde_yaml::Value;

pub use origins::Origins;
pub(crate) use swagger2::LIST_SEPARATOR;

use crate::error::{Error, ProblemKind, SpecProblem};
use crate::pointer::Pointer;
use crate::warning::Warning;

use self::bundle::Dialect;
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
    let spec_error = |problems: Vec<SpecProblem>| Error::Spec { file: label.to_owned(), problems };
    let mut stage_warnings = Vec::new();
    // The version is checked first: a document of another version gets that error alone.
    version(&value).map_err(|problem| spec_error(vec![problem]))?;
    stage_warnings.extend(info::repair(&mut value));
    let (value, mut origins, dialect) = match version(&value).map_err(|problem| spec_error(vec![problem]))? {
        Version::OpenApi30 => (value, Origins::default(), Dialect::OpenApi30),
        Version::OpenApi31 => {
            if let Some(document) = value.as_mapping_mut() {
                stage_warnings.extend(openapi31::prepare(document));
            }
            (value, Origins::default(), Dialect::OpenApi31)
        }
        Version::Swagger20(document) => {
            let (value, origins) = swagger::convert(document).map_err(spec_error)?;
            (value, origins, Dialect::Swagger20)
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
    if !problems.is_empty() {
        let mut problems: Vec<SpecProblem> = problems.into_iter().map(as_written).collect();
        problems.sort_by(|a, b| (&a.file, a.pointer.as_str()).cmp(&(&b.file, b.pointer.as_str())));
        problems.dedup();
        return Err(spec_error(problems));
    }
    if dialect == Dialect::Swagger20 {
        warnings = warnings.into_iter().map(|warning| origins.original_warning(warning)).collect();
    }
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
            let webhooks = serde_yaml::from_value::<Option<IndexMap<String, PathItem>>>(
                value.get("webhooks").cloned().unwrap_or(Value::Null),
            )
            .map_err(|error| typed_error(Pointer::root().join("webhooks"), error.to_string(), &value))?;
            openapi31::finish(&mut value);
            webhooks.unwrap_or_default()
        }
        _ => IndexMap::new(),
    };
    let api = serde_path_to_error::deserialize(&value).map_err(|error| {
        let pointer = pointer_of(error.path());
        typed_error(pointer, error.into_inner().to_string(), &value)
    })?;
    Ok(Loaded { api, webhooks, origins, warnings, schema_copies })
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
