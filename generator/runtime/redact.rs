//! What messages may show: a server's text with its control characters
//! escaped and its length capped (a line break or an ANSI escape in an error
//! body must not forge log lines or repaint a terminal), URLs without their
//! credentials and query, and response headers without credentials; and
//! [`Secret`], a credential that `Debug` never shows.

use std::fmt;

use reqwest::header::HeaderMap;

/// The most characters of a server's text a message shows.
pub(crate) const MAX_SERVER_TEXT: usize = 300;

/// Server text for a message: control characters written as escapes
/// (`\n`, `\u{1b}`), at most [`MAX_SERVER_TEXT`] characters, then `…`.
pub(crate) fn server_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_SERVER_TEXT) + 8);
    for (count, c) in text.chars().enumerate() {
        if count == MAX_SERVER_TEXT {
            out.push('…');
            break;
        }
        if c.is_control() || is_bidi_control(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Characters that reorder the text around them when displayed.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// A URL for a message: no user name or password, no query or fragment
/// (either can hold a key), then as [`server_text`]. Works on text that
/// does not parse as a URL too.
pub(crate) fn url_for_message(url: &str) -> String {
    let (scheme, rest) = match url.find("://") {
        Some(at) => url.split_at(at + 3),
        None => ("", url),
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let rest = match rest[..authority_end].rfind('@') {
        Some(at) => &rest[at + 1..],
        None => rest,
    };
    let (rest, cut) = match rest.find(['?', '#']) {
        Some(at) => (&rest[..at], "?…"),
        None => (rest, ""),
    };
    server_text(&format!("{scheme}{rest}{cut}"))
}

/// Whether a response header's value may hold a credential: cookies,
/// authentication, and anything named like a key, token, secret, password
/// or session, as well as the API's own API key headers.
pub(crate) fn is_sensitive_header(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let credential_like =
        ["auth", "cookie", "key", "token", "secret", "passw", "session", "credential", "signature"]
            .iter()
            .any(|part| name.contains(part));
    credential_like
        || super::API_KEY_HEADERS.iter().any(|header| header.eq_ignore_ascii_case(&name))
}

/// Response headers for `Debug`, with sensitive values shown as `***`.
pub(crate) struct RedactedHeaders<'a>(pub(crate) &'a HeaderMap);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            if is_sensitive_header(name.as_str()) || value.is_sensitive() {
                map.entry(&name.as_str(), &"***");
            } else {
                map.entry(&name.as_str(), value);
            }
        }
        map.finish()
    }
}

/// A string that `Debug` never shows: a password, key or token.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub(crate) String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}
