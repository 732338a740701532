//! What messages may show: a server's text with its control characters
//! escaped and its length capped (a line break or an ANSI escape in an error
//! body must not forge log lines or repaint a terminal), URLs without their
//! credentials and query, and response headers without credentials.

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
    credential_like || crate::error::API_KEY_HEADERS.iter().any(|header| header.eq_ignore_ascii_case(&name))
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

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn server_text_is_one_capped_line() {
        assert_eq!(server_text("a\nb\u{1b}[31mc\u{202e}"), "a\\nb\\u{1b}[31mc\\u{202e}");
        let long = "x".repeat(MAX_SERVER_TEXT + 50);
        assert_eq!(server_text(&long).chars().count(), MAX_SERVER_TEXT + 1);
        assert!(server_text(&long).ends_with('…'));
    }

    #[test]
    fn urls_lose_credentials_and_query() {
        assert_eq!(url_for_message("https://user:pw@host:1/v1?key=k#f"), "https://host:1/v1?…");
        assert_eq!(url_for_message("user:pw@host/x y"), "host/x y");
        assert_eq!(url_for_message("ftp://h/a@b"), "ftp://h/a@b");
    }

    #[test]
    fn credential_headers_are_redacted() {
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("set-cookie", "sid=s1"),
            ("x-auth-token", "s2"),
            ("x-api-key", "s3"),
            ("www-authenticate", "Bearer realm=s4"),
            ("x-request-id", "visible"),
        ] {
            headers.insert(name, HeaderValue::from_static(value));
        }
        let debug = format!("{:?}", RedactedHeaders(&headers));
        for secret in ["s1", "s2", "s3", "s4"] {
            assert!(!debug.contains(secret), "{debug}");
        }
        assert!(debug.contains("visible"), "{debug}");
    }
}
