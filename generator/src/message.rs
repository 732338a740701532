//! Text for the messages the generator prints. Spec text and file names
//! reach errors and warnings (a path key, a schema name, a `$ref`, the name
//! of a file in the output directory), and a terminal acts on the control
//! characters in what it prints: `ESC[2K\r` erases the line and hides the
//! real error, OSC 52 writes the clipboard, a bidirectional control reorders
//! what is shown. So the `Display` of every error, warning and pointer
//! writes them escaped (`\u{1b}`, `\n`), as the runtime does with a
//! server's text; a message built from them is escaped however it was put
//! together.

use std::borrow::Cow;

/// One line of a message: every control character (line breaks included)
/// and bidirectional control written as its Rust escape.
pub fn escaped(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text of several lines (a diff): each line as [`escaped`], the line
/// breaks between them kept.
pub fn escaped_lines(text: &str) -> String {
    text.split('\n').map(escaped).collect::<Vec<_>>().join("\n")
}

/// Control characters, line breaks and tabs included, and the
/// bidirectional controls the docs replace.
fn needs_escape(c: char) -> bool {
    c.is_control() || crate::markdown::is_unwanted(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_written_as_escapes() {
        assert_eq!(escaped("plain text, ünïcode"), "plain text, ünïcode");
        assert_eq!(
            escaped("a\u{1b}]52;c;aGk=\u{7}b\u{1b}[2K\rc\nd\te\u{202E}f\u{9b}"),
            "a\\u{1b}]52;c;aGk=\\u{7}b\\u{1b}[2K\\rc\\nd\\te\\u{202e}f\\u{9b}"
        );
        assert_eq!(escaped_lines("one\u{1b}\ntwo\r\n"), "one\\u{1b}\ntwo\\r\n");
    }
}
