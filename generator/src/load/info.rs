//! `info` as the typed parse needs it. Real documents leave out
//! `info.version` (or `title`), or write the version as a YAML number
//! (`version: 1.0`); the API is all there, so the field is filled in with a
//! warning rather than the document refused.

use serde_yaml::{Mapping, Value};

use crate::pointer::Pointer;
use crate::warning::{Warning, WarningKind};

/// What a missing `info.title` becomes: the crate docs call the API this.
const NO_TITLE: &str = "API";
/// What a missing `info.version` becomes (the crate's version is then 0.1.0,
/// as for any version that is not semver, without a second warning).
pub(crate) const NO_VERSION: &str = "unversioned";

/// Fills in `info`, `info.title` and `info.version` where they are missing
/// or not text. Returns a warning for each, located in the spec file.
pub fn repair(document: &mut Value) -> Vec<Warning> {
    let Some(document) = document.as_mapping_mut() else { return Vec::new() };
    let at = Pointer::root().join("info");
    let mut warnings = Vec::new();
    if !document.get("info").is_some_and(Value::is_mapping) {
        let detail = "`info` is missing or not an object; the API has no title or version".to_owned();
        warnings.push(Warning::new(&at, WarningKind::InfoField(detail)));
        document.insert(Value::String("info".to_owned()), Value::Mapping(Mapping::new()));
    }
    let Some(Value::Mapping(info)) = document.get_mut("info") else { return warnings };
    for (field, missing) in [("title", NO_TITLE), ("version", NO_VERSION)] {
        let (text, detail) = match info.get(field) {
            Some(Value::String(_)) => continue,
            // A warning of its own when `info` itself was missing is enough.
            None if !warnings.is_empty() => (missing.to_owned(), None),
            None => (missing.to_owned(), Some(format!("`info.{field}` is missing; taken as `{missing}`"))),
            Some(scalar @ (Value::Number(_) | Value::Bool(_))) => {
                let text = serde_yaml::to_string(scalar).unwrap_or_default().trim().to_owned();
                let detail =
                    format!("`info.{field}` is not a string; read as `{text}` (quote it to keep its digits)");
                (text, Some(detail))
            }
            Some(_) => {
                (missing.to_owned(), Some(format!("`info.{field}` is not text; taken as `{missing}`")))
            }
        };
        info.insert(Value::String(field.to_owned()), Value::String(text));
        if let Some(detail) = detail {
            warnings.push(Warning::new(&at.join(field), WarningKind::InfoField(detail)));
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(yaml: &str) -> (Value, Vec<String>) {
        let mut document: Value = serde_yaml::from_str(yaml).expect("test yaml");
        let warnings = repair(&mut document).iter().map(|warning| warning.line("api.yaml")).collect();
        (document["info"].clone(), warnings)
    }

    #[test]
    fn missing_and_numeric_fields_are_filled_in_with_a_warning() {
        let (info, warnings) = repaired("{openapi: 3.1.0, info: {title: Pets}}");
        assert_eq!(info, serde_yaml::from_str::<Value>("{title: Pets, version: unversioned}").unwrap());
        assert_eq!(warnings, ["api.yaml: #/info/version: `info.version` is missing; taken as `unversioned`"]);
        let (info, warnings) = repaired("{openapi: 3.0.3, info: {title: Pets, version: 1.10}}");
        assert_eq!(info["version"], Value::String("1.1".to_owned()));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let (info, warnings) = repaired("{openapi: 3.0.3}");
        assert_eq!(info, serde_yaml::from_str::<Value>("{title: API, version: unversioned}").unwrap());
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let (_, warnings) = repaired("{openapi: 3.0.3, info: {title: Pets, version: '1.10'}}");
        assert!(warnings.is_empty());
    }
}
