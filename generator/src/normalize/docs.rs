//! Spec descriptions as rustdoc: CommonMark from the spec, made safe for
//! rustdoc's lints and doctests.
//!
//! Descriptions are prose for humans, but rustdoc reads them as code too:
//! fenced or indented blocks become doctests, `<bucket>` is an HTML tag,
//! `[x]` an intra-doc link and a bare URL a lint warning. This module keeps
//! the prose and defuses the rest.

use openapiv3::Schema;
use serde_json::Value;

use super::{formats, shape};

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

/// `Example: `value`` for a short value, a fenced block for a longer one,
/// nothing for one too long to help. Strings are shown as their text.
fn value_doc(label: &str, value: &Value) -> Option<String> {
    let (text, language) = match value {
        Value::String(text) if !text.trim().is_empty() => (text.clone(), "text"),
        Value::Null => return None,
        other => (serde_json::to_string(other).ok()?, "json"),
    };
    if !text.contains('\n') && text.chars().count() <= MAX_INLINE_VALUE {
        return Some(format!("{label}: {}", code_span(&text)));
    }
    let block = match value {
        Value::String(_) => text,
        other => serde_json::to_string_pretty(other).ok()?,
    };
    let fits = block.lines().count() <= MAX_VALUE_LINES;
    let has_fence = block.lines().any(|line| {
        let line = line.trim_start();
        line.starts_with("```") || line.starts_with("~~~")
    });
    (fits && !has_fence).then(|| format!("{label}:\n\n```{language}\n{block}\n```"))
}

/// `text` as a Markdown code span, fenced with more backticks than it holds
/// in a row.
fn code_span(text: &str) -> String {
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let padding = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{padding}{text}{padding}{fence}")
}

/// Joins the non-empty parts with blank lines and sanitizes the result.
pub fn join<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> String {
    let parts: Vec<String> =
        parts.into_iter().flatten().map(str::trim).filter(|part| !part.is_empty()).map(sanitize).collect();
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
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.trim().lines() {
        let line = line.trim_end();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            out.push(fence_line(trimmed, in_fence));
            in_fence = !in_fence;
        } else if in_fence {
            out.push(line.to_owned());
        } else {
            // Four spaces of indent would make an indented code block, which
            // rustdoc compiles as a doctest.
            let line = if line.starts_with("    ") || line.starts_with('\t') { trimmed } else { line };
            out.push(escape_inline(line));
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out.join("\n")
}

/// An opening fence gets a language that rustdoc does not compile.
fn fence_line(trimmed: &str, in_fence: bool) -> String {
    let marker = &trimmed[..3];
    let language = trimmed[3..].trim();
    if in_fence || (!language.is_empty() && !is_rust(language)) {
        trimmed.to_owned()
    } else {
        format!("{marker}text")
    }
}

fn is_rust(language: &str) -> bool {
    language.split(',').any(|tag| {
        matches!(
            tag.trim(),
            "rust" | "should_panic" | "no_run" | "compile_fail" | "edition2021" | "edition2024"
        )
    })
}

/// Escapes `<`, `>`, `[`, `]` and wraps bare URLs, leaving `code spans`
/// and Markdown links alone.
fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('`') {
            let ticks = 1 + after.len() - after.trim_start_matches('`').len();
            let fence = &rest[..ticks];
            if let Some(end) = rest[ticks..].find(fence) {
                let span_end = ticks + end + ticks;
                out.push_str(&rest[..span_end]);
                rest = &rest[span_end..];
                continue;
            }
            out.push_str(fence);
            rest = &rest[ticks..];
            continue;
        }
        if let Some(link_end) = markdown_link_len(rest) {
            out.push_str(&rest[..link_end]);
            rest = &rest[link_end..];
            continue;
        }
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '`' | '"' | ')'))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        let c = rest.chars().next().unwrap_or_default();
        match c {
            '<' | '>' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The length of a Markdown inline link `[text](target)` at the start of
/// `text`, if there is one.
fn markdown_link_len(text: &str) -> Option<usize> {
    let label_end = text.strip_prefix('[')?.find("](")? + 1;
    if text[1..label_end].contains(['[', ']']) {
        return None;
    }
    let target_end = text[label_end + 2..].find(')')?;
    Some(label_end + 2 + target_end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defuses_html_links_and_urls() {
        assert_eq!(sanitize("s3://<bucket>/x"), "s3://\\<bucket\\>/x");
        assert_eq!(sanitize("chars [a-z-]"), "chars \\[a-z-\\]");
        assert_eq!(sanitize("see http://localhost/v1."), "see <http://localhost/v1>.");
        assert_eq!(
            sanitize("keep `<code>` and [docs](https://x.y/z)"),
            "keep `<code>` and [docs](https://x.y/z)"
        );
    }

    #[test]
    fn code_blocks_do_not_become_doctests() {
        assert_eq!(sanitize("a\n```\nlet x = 1;\n```"), "a\n```text\nlet x = 1;\n```");
        assert_eq!(sanitize("```json\n{}\n```"), "```json\n{}\n```");
        assert_eq!(sanitize("a\n\n    indented"), "a\n\nindented");
        assert_eq!(sanitize("```\nunclosed"), "```text\nunclosed\n```");
    }

    #[test]
    fn examples_and_defaults() {
        let doc = |value: Value| value_doc("Example", &value);
        assert_eq!(doc(serde_json::json!("row-major")).as_deref(), Some("Example: `row-major`"));
        assert_eq!(doc(serde_json::json!([1, 3])).as_deref(), Some("Example: `[1,3]`"));
        assert_eq!(doc(serde_json::json!("a `b`")).as_deref(), Some("Example: `` a `b` ``"));
        assert_eq!(doc(serde_json::json!(null)), None);
        let long = serde_json::json!({ "name": "x".repeat(120) });
        assert_eq!(doc(long).as_deref().map(|text| text.lines().next()), Some(Some("Example:")),);
        assert_eq!(doc(serde_json::json!("a\n```\nb")), None);
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
