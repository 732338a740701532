//! Spec text as Markdown that rustdoc only displays.
//!
//! rustdoc reads docs (item docs, and the README the crate includes as its
//! docs) as CommonMark with pulldown-cmark, and compiles and runs every code
//! block it takes for Rust as a doctest under `cargo test`. Spec text
//! therefore reaches Markdown only through this module:
//!
//! - prose (descriptions, summaries) goes through [`sanitize`]: parsed with
//!   the pulldown-cmark version and options rustdoc uses, and written back
//!   from the event stream. Every code block, whatever its fence, info
//!   string, container or indentation, comes out as a fenced `text` block;
//!   HTML comes out as escaped text; text is escaped so that it cannot start
//!   a block or inline markup of its own;
//! - names and values that are not prose (titles, versions, URLs, paths,
//!   parameter names, enum values) go through [`code`] or [`text`].
//!
//! Each result is then parsed again as rustdoc would parse it and checked to
//! hold no code block other than `text` blocks and no HTML ([`is_inert`]);
//! output that fails the check (a writer bug, or a parser quirk) is replaced
//! by a flat rendering in which every line is escaped text. [`ensure_inert`]
//! runs the same check on docs assembled from several pieces.

mod blocks;
mod inline;
mod render;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};

use inline::Context;

/// The extensions rustdoc turns on (`main_body_opts` in librustdoc).
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}

/// What a description says, as Markdown rustdoc cannot run.
pub fn sanitize(text: &str) -> String {
    let text = clean(text);
    let rewritten = render::render(&blocks::parse(&text), false);
    if is_inert(&rewritten) {
        return rewritten;
    }
    flat(&text)
}

/// `markdown` when it is inert, else the same text flattened into escaped
/// lines. For docs put together from sanitized pieces and fixed text.
pub fn ensure_inert(markdown: &str) -> String {
    let cleaned = clean(markdown);
    if is_inert(&cleaned) {
        cleaned
    } else {
        flat(&cleaned)
    }
}

/// The first paragraph or heading of sanitized Markdown, on one line, for a
/// table cell or a list item.
pub fn summary(markdown: &str) -> String {
    let blocks = blocks::parse(&clean(markdown));
    match blocks.first() {
        Some(blocks::Block::Paragraph { text, .. } | blocks::Block::Heading { text, .. }) => {
            text.replace('\n', " ")
        }
        _ => String::new(),
    }
}

/// `lead` (inline Markdown, such as a code span and a colon) followed by
/// sanitized `markdown`: on the first line of its first paragraph when it
/// starts with one, else as a paragraph of its own, so that the lead never
/// moves a block's first line off the start of its line.
pub fn prefixed(lead: &str, markdown: &str) -> String {
    if markdown.trim().is_empty() {
        return lead.to_owned();
    }
    match blocks::parse(&clean(markdown)).first() {
        Some(blocks::Block::Paragraph { .. }) => format!("{lead} {markdown}"),
        _ => format!("{lead}\n\n{markdown}"),
    }
}

/// A name or value as a code span, on one line.
pub fn code(value: &str) -> String {
    inline::code_span(&clean(value), false)
}

/// A code span for a table cell, where `|` must be escaped even in code.
pub fn code_in_table(value: &str) -> String {
    inline::code_span(&clean(value), true)
}

/// A name or title as escaped text, on one line.
pub fn text(value: &str) -> String {
    let value = clean(value);
    let value: String = value.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(value.len() + 8);
    inline::push_text(&mut out, &value, &mut Context { line_start: true, autolink: true, heading: false });
    out
}

/// `content` as a fenced `text` block, fenced with more backticks than the
/// content holds in a row, so no line of it can close the block.
pub fn code_block(content: &str) -> String {
    let content = clean(content);
    let content = content.strip_suffix('\n').unwrap_or(&content);
    let longest_run = content.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run.max(2) + 1);
    format!("{fence}text\n{content}\n{fence}")
}

/// Whether rustdoc would find nothing to run in `markdown`: no code block
/// but fenced `text` ones, and no HTML.
pub fn is_inert(markdown: &str) -> bool {
    Parser::new_ext(markdown, options()).all(|event| match event {
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => &*info == "text",
        Event::Start(Tag::CodeBlock(CodeBlockKind::Indented) | Tag::HtmlBlock) => false,
        Event::Html(_) | Event::InlineHtml(_) => false,
        _ => true,
    })
}

/// Line ends as `\n` (a lone `\r` ends a line for CommonMark and makes
/// rustc reject a doc comment), and characters that have no place in docs
/// replaced: other control characters, and the bidirectional controls that
/// make rustc refuse a comment (they can make code read differently from
/// what it is).
fn clean(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    if !text.contains(is_unwanted) {
        return text;
    }
    text.chars().map(|c| if is_unwanted(c) { '\u{FFFD}' } else { c }).collect()
}

/// Whether `c` is replaced in docs: a control character other than a line
/// feed or tab, or a bidirectional control.
pub(crate) fn is_unwanted(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Every line as escaped text, every ASCII punctuation character escaped:
/// nothing but paragraphs (and autolinks for URLs).
fn flat(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            if !out.is_empty() && !out.ends_with("\n\n") {
                out.push('\n');
            }
            continue;
        }
        let mut escaped = String::with_capacity(line.len() * 2);
        let mut rest = line;
        while let Some(c) = rest.chars().next() {
            if let Some(url) = rest.starts_with("http").then(|| inline::bare_url(rest)).flatten() {
                escaped.push('<');
                escaped.push_str(url);
                escaped.push('>');
                rest = &rest[url.len()..];
                continue;
            }
            if c.is_ascii_punctuation() {
                escaped.push('\\');
            }
            escaped.push(c);
            rest = &rest[c.len_utf8()..];
        }
        out.push_str(&escaped);
        out.push('\n');
    }
    let out = out.trim_end().to_owned();
    if is_inert(&out) {
        out
    } else {
        "(This text could not be shown safely.)".to_owned()
    }
}

#[cfg(test)]
mod tests;
