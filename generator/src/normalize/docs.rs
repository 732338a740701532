//! Spec descriptions as rustdoc: CommonMark from the spec, rewritten by
//! [`crate::markdown`] so that rustdoc only displays it (no code block runs
//! as a doctest, no HTML, no intra-doc link to a path that does not exist,
//! no bare URL), with examples and defaults shown as code.

use openapiv3::Schema;
use serde_json::Value;

use super::{formats, shape};
use crate::markdown;

/// Longest example or default, in lines, that the docs show.
const MAX_VALUE_LINES: usize = 30;

/// Longest example or default shown inline, in characters.
const MAX_INLINE_VALUE: usize = 100;

/// Docs of a schema: description (else title), a note when its format is
/// odd, read-only and write-only notes, its default and its example.
pub fn schema_docs(schema: &Schema) -> String {
    let data = &schema.schema_data;
    let text = data.description.as_deref().or(data.title.as_deref());
    let format_note = formats::note(&shape::shape(schema));
    let default = data.default.as_ref().and_then(|value| value_doc("Default", value));
    let example = data.example.as_ref().and_then(|value| value_doc("Example", value));
    join([
        text,
        format_note.as_deref(),
        data.read_only.then_some("Read-only: the server sets it and ignores it in requests."),
        data.write_only.then_some("Write-only: sent in requests, never returned by the server."),
        default.as_deref(),
        example.as_deref(),
    ])
}

/// `Example: `value`` for a short value, a `text` block for a longer one,
/// nothing for one too long to help. Strings are shown as their text.
fn value_doc(label: &str, value: &Value) -> Option<String> {
    let text = match value {
        Value::String(text) if !text.trim().is_empty() => text.clone(),
        Value::Null => return None,
        other => serde_json::to_string(other).ok()?,
    };
    if !text.contains(['\n', '\r']) && text.chars().count() <= MAX_INLINE_VALUE {
        return Some(format!("{label}: {}", markdown::code(&text)));
    }
    let block = match value {
        Value::String(_) => text,
        other => serde_json::to_string_pretty(other).ok()?,
    };
    (block.lines().count() <= MAX_VALUE_LINES)
        .then(|| format!("{label}:\n\n{}", markdown::code_block(&block)))
}

/// Joins the non-empty parts with blank lines, each sanitized.
pub fn join<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> String {
    let parts: Vec<String> =
        parts.into_iter().flatten().map(markdown::sanitize).filter(|part| !part.is_empty()).collect();
    let mut unique: Vec<String> = Vec::with_capacity(parts.len());
    for part in parts {
        // Summaries often repeat the description word for word.
        if !unique.contains(&part) {
            unique.push(part);
        }
    }
    unique.join("\n\n")
}

/// Sanitizes one description.
pub fn sanitize(text: &str) -> String {
    markdown::sanitize(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_and_defaults() {
        let doc = |value: Value| value_doc("Example", &value);
        assert_eq!(doc(serde_json::json!("row-major")).as_deref(), Some("Example: `row-major`"));
        assert_eq!(doc(serde_json::json!([1, 3])).as_deref(), Some("Example: `[1,3]`"));
        assert_eq!(doc(serde_json::json!("a `b`")).as_deref(), Some("Example: `` a `b` ``"));
        assert_eq!(doc(serde_json::json!(null)), None);
        let long = serde_json::json!({ "name": "x".repeat(120) });
        assert_eq!(doc(long).as_deref().map(|text| text.lines().next()), Some(Some("Example:")),);
        assert_eq!(
            doc(serde_json::json!("a\n```\nb")).as_deref(),
            Some("Example:\n\n````text\na\n```\nb\n````")
        );
        let schema: Schema =
            serde_yaml::from_str("type: integer\nformat: int32\ndefault: 5\nexample: 7\nreadOnly: true")
                .expect("schema");
        assert_eq!(
            schema_docs(&schema),
            "Read-only: the server sets it and ignores it in requests.\n\nDefault: `5`\n\nExample: `7`"
        );
    }

    #[test]
    fn join_skips_empty_and_repeated_parts() {
        assert_eq!(join([Some(" x "), None, Some(""), Some("x"), Some("y")]), "x\n\ny");
    }
}
