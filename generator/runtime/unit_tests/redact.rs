//! Message hygiene: server text, URLs and headers as messages show them.

use reqwest::header::HeaderMap;

use crate::runtime::redact::{MAX_SERVER_TEXT, RedactedHeaders, server_text, url_for_message};
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
