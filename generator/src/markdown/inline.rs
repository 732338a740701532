//! Inline Markdown: text that means only itself, code spans, links.
//!
//! Everything written here stays on its line and cannot start a block: the
//! characters CommonMark gives a meaning inside a line are backslash-escaped
//! wherever they appear, and the ones that mean something only at the start
//! of a line (`#`, `>`, `-`, `+`, `=`, `1.`) are escaped there, after leading
//! blanks are dropped. So no line written here can open a code block, an
//! HTML block, a list, a heading or a table.

/// Where inline text is being written.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Context {
    /// The next character begins a line.
    pub line_start: bool,
    /// Bare `http(s)://` URLs become autolinks (`<https://…>`), as rustdoc's
    /// `bare_urls` lint asks; not inside a link's text.
    pub autolink: bool,
    /// Inside a heading, where a trailing `#` would be read as markup.
    pub heading: bool,
}

/// Appends `text` so that it reads as exactly these characters.
pub(super) fn push_text(out: &mut String, text: &str, context: &mut Context) {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '\n' {
            out.push('\n');
            context.line_start = true;
            rest = &rest[1..];
            continue;
        }
        if context.line_start {
            let trimmed = rest.trim_start_matches([' ', '\t']);
            if trimmed.len() != rest.len() {
                rest = trimmed;
                continue;
            }
            rest = push_line_start(out, rest);
            context.line_start = false;
            continue;
        }
        if context.autolink {
            if let Some(url) = bare_url(rest) {
                out.push('<');
                out.push_str(url);
                out.push('>');
                rest = &rest[url.len()..];
                continue;
            }
        }
        let next = rest[c.len_utf8()..].chars().next();
        if needs_escape(c, out.chars().next_back(), next, context.heading) {
            out.push('\\');
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
}

/// Writes the start of a line: a character that would open a block there is
/// escaped (digits then `.` or `)` would be an ordered list item). Returns
/// what is left.
fn push_line_start<'t>(out: &mut String, text: &'t str) -> &'t str {
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 {
        out.push_str(&text[..digits]);
        let rest = &text[digits..];
        if rest.starts_with(['.', ')']) {
            out.push('\\');
            out.push_str(&rest[..1]);
            return &rest[1..];
        }
        return rest;
    }
    if text.starts_with(['#', '>', '-', '+', '=']) {
        out.push('\\');
        out.push_str(&text[..1]);
        return &text[1..];
    }
    text
}

/// Whether `c`, between `before` and `after`, must be escaped to mean itself.
fn needs_escape(c: char, before: Option<char>, after: Option<char>, heading: bool) -> bool {
    match c {
        // Code spans, emphasis, links and images, HTML and autolinks,
        // table cells, strikethrough, and the escape character itself.
        '\\' | '`' | '*' | '[' | ']' | '<' | '|' | '~' => true,
        // `_` inside a word is never emphasis (snake_case stays readable).
        '_' => !(before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric)),
        // An entity (`&lt;`, `&#60;`) needs a letter or `#` next.
        '&' => after.is_some_and(|next| next.is_ascii_alphanumeric() || next == '#'),
        '#' => heading,
        _ => false,
    }
}

/// The bare `http://` or `https://` URL at the start of `text`, without
/// trailing punctuation, if there is one.
pub(super) fn bare_url(text: &str) -> Option<&str> {
    let scheme = ["http://", "https://"]
        .into_iter()
        .find(|scheme| text.get(..scheme.len()).is_some_and(|start| start.eq_ignore_ascii_case(scheme)))?;
    // One pass, ending at the first character that ends the URL: a blank,
    // a character no URL holds, or a closing parenthesis the URL did not
    // open (`(see https://x)`). Only what is taken is read, so a text of
    // many URLs is read once.
    let mut depth = 0usize;
    let end = text
        .char_indices()
        .find(|&(_, c)| match c {
            '(' => {
                depth += 1;
                false
            }
            ')' if depth == 0 => true,
            ')' => {
                depth -= 1;
                false
            }
            c => c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '`' | '"' | '\\'),
        })
        .map_or(text.len(), |(at, _)| at);
    let url = text[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '*', '_', '~']);
    (url.len() > scheme.len()).then_some(url)
}

/// `text` as a code span: fenced with more backticks than it holds in a row,
/// on one line. In a table cell (`in_table`), `|` is escaped as GFM asks.
pub(super) fn code_span(text: &str, in_table: bool) -> String {
    let text = text.replace(['\n', '\r'], " ");
    let text = if in_table { text.replace('|', "\\|") } else { text };
    if text.is_empty() {
        return "` `".to_owned();
    }
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    // One space each side is stripped when both are there, so pad when the
    // content starts or ends with a backtick or with a space on both sides.
    let spaced = text.starts_with(' ') && text.ends_with(' ') && !text.trim().is_empty();
    let padding = if text.starts_with('`') || text.ends_with('`') || spaced { " " } else { "" };
    format!("{fence}{padding}{text}{padding}{fence}")
}

/// A link destination that may be written: an absolute `http`, `https` or
/// `mailto` URL, with every character that could end or confuse the
/// destination percent-encoded. Relative and other targets would be read by
/// rustdoc as intra-doc paths, or are not links a reader should follow.
pub(super) fn link_destination(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    let allowed = ["http://", "https://", "mailto:"].iter().any(|scheme| lower.starts_with(scheme));
    if !allowed || url.trim().len() <= "mailto:".len() {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for byte in url.trim().bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~:/?#@!$&'*+,;=%".contains(&byte);
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(input: &str) -> String {
        let mut out = String::new();
        push_text(&mut out, input, &mut Context { line_start: true, autolink: true, heading: false });
        out
    }

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(text("s3://<bucket>/x"), "s3://\\<bucket>/x");
        assert_eq!(
            text("chars [a-z-] *b* `c` a|b ~~d~~ \\"),
            "chars \\[a-z-\\] \\*b\\* \\`c\\` a\\|b \\~\\~d\\~\\~ \\\\"
        );
        assert_eq!(text("snake_case _emph_ &amp; & b"), "snake_case \\_emph\\_ \\&amp; & b");
    }

    #[test]
    fn line_starts_cannot_open_blocks() {
        for (input, expected) in [
            ("    indented", "indented"),
            ("# h", "\\# h"),
            ("> q", "\\> q"),
            ("- item", "\\- item"),
            ("+ item", "\\+ item"),
            ("===", "\\==="),
            ("12. item", "12\\. item"),
            ("3) item", "3\\) item"),
            ("```rust", "\\`\\`\\`rust"),
            ("~~~", "\\~\\~\\~"),
            ("a\n  - b", "a\n\\- b"),
        ] {
            assert_eq!(text(input), expected, "{input:?}");
        }
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(text("see http://localhost/v1."), "see <http://localhost/v1>.");
        assert_eq!(
            text("(https://x.y/a_(b)) and (https://x.y/c)"),
            "(<https://x.y/a_(b)>) and (<https://x.y/c>)"
        );
        assert_eq!(text("http:// alone"), "http:// alone");
    }

    #[test]
    fn code_spans_outlast_their_content() {
        assert_eq!(code_span("a", false), "`a`");
        assert_eq!(code_span("a `b`", false), "`` a `b` ``");
        assert_eq!(code_span("x\n```\ny", false), "````x ``` y````");
        assert_eq!(code_span(" a ", false), "`  a  `");
        assert_eq!(code_span("a|b", true), "`a\\|b`");
        assert_eq!(code_span("", false), "` `");
    }

    #[test]
    fn only_absolute_web_links_are_kept() {
        assert_eq!(link_destination("https://x.y/a b(c)").as_deref(), Some("https://x.y/a%20b%28c%29"));
        assert_eq!(link_destination("crate::Client"), None);
        assert_eq!(link_destination("javascript:alert(1)"), None);
        assert_eq!(link_destination("mailto:"), None);
    }
}
