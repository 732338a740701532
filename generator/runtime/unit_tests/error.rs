//! What errors tell: request ids, whether a retry may help, the wait a server
//! asked for, the path and source of a decode error.

use std::error::Error as _;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};

use crate::runtime::error::{ApiError, Error};
use crate::runtime::{Endpoint, Response};

const ENDPOINT: &Endpoint = &Endpoint {
    name: "list_things",
    id: "listThings",
    method: Method::GET,
    template: "/things",
    accept: "application/json",
    authenticated: false,
    negotiates_content_type: false,
};

fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
    pairs
        .iter()
        .map(|(name, value)| (HeaderName::from_static(name), HeaderValue::from_static(value)))
        .collect()
}

fn api(status: u16, pairs: &[(&'static str, &'static str)], body: &'static str) -> Error {
    let status = StatusCode::from_u16(status).unwrap();
    let error =
        ApiError::new(ENDPOINT, status, headers(pairs), Bytes::from_static(body.as_bytes()), false);
    Error::Api(Box::new(error))
}

#[test]
fn request_id_comes_from_the_body_first_then_from_common_headers() {
    let both = api(404, &[("x-request-id", "from-header")], r#"{"request_id": "from-body"}"#);
    assert_eq!(both.request_id(), Some("from-body"));
    let camel = api(404, &[], r#"{"requestId": "camel-7"}"#);
    assert_eq!(camel.request_id(), Some("camel-7"));
    let amazon = api(500, &[("x-amzn-requestid", "amzn-1")], "<html>oops</html>");
    assert_eq!(amazon.request_id(), Some("amzn-1"));
    // One list, in order: `x-request-id` before `request-id`.
    let two = api(500, &[("request-id", "second"), ("x-request-id", "first")], "");
    assert_eq!(two.request_id(), Some("first"));
    assert_eq!(api(500, &[("x-request-id", "  ")], "{}").request_id(), None);
    assert!(two.to_string().ends_with("(request id first)"), "{two}");
}

#[test]
fn retryable_statuses_are_the_policy_s() {
    for code in [408, 429, 502, 503, 504] {
        assert!(api(code, &[], "").is_retryable(), "{code}");
    }
    for code in [400, 401, 403, 404, 409, 500, 501] {
        assert!(!api(code, &[], "").is_retryable(), "{code}");
    }
    let config = Error::Config { message: "bad".into() };
    assert!(!config.is_retryable() && !config.is_timeout() && !config.is_connect());
}

#[test]
fn retry_after_is_the_wait_the_server_asked_for() {
    let Error::Api(error) = api(429, &[("retry-after", "3600")], "") else { unreachable!() };
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3600)));
    let Error::Api(error) = api(503, &[], "") else { unreachable!() };
    assert_eq!(error.retry_after(), None);
}

#[test]
fn a_decode_error_names_the_path_keeps_serde_s_error_and_the_request_id() {
    let response = Response {
        endpoint: ENDPOINT,
        status: StatusCode::OK,
        headers: headers(&[("x-request-id", "req-42")]),
        body: Bytes::from_static(br#"[{"id": 1}, {"id": "two"}]"#),
    };
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Thing {
        id: u32,
    }
    let error = response.json::<Vec<Thing>>().unwrap_err();
    assert_eq!(error.request_id(), Some("req-42"));
    assert_eq!(error.status(), Some(StatusCode::OK));
    let Error::Decode(decode) = &error else { panic!("{error:?}") };
    assert_eq!(decode.path(), Some("[1].id"));
    let source = error.source().expect("a source");
    let serde_error = source.downcast_ref::<serde_json::Error>().expect("serde's error");
    assert!(serde_error.is_data());
    let message = error.to_string();
    assert!(
        message.starts_with("list_things (GET /things): cannot decode the 200 OK response at `[1].id`: invalid type: string \"two\""),
        "{message}"
    );
    assert!(message.ends_with("(request id req-42)"), "{message}");
}

#[test]
fn a_path_from_the_server_is_escaped_in_messages() {
    let response = Response {
        endpoint: ENDPOINT,
        status: StatusCode::OK,
        headers: HeaderMap::new(),
        body: Bytes::from_static(b"{\"line\\nbreak\": \"x\"}"),
    };
    let error = response.json::<std::collections::BTreeMap<String, u8>>().unwrap_err();
    let Error::Decode(decode) = &error else { panic!("{error:?}") };
    assert_eq!(decode.path(), Some("line\nbreak"));
    assert!(error.to_string().contains("at `line\\nbreak`"), "{error}");
}
