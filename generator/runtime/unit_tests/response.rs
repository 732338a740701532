//! Reading responses: JSON, empty bodies, other media types.

use bytes::Bytes;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};

use crate::runtime::{Endpoint, Error, Response};

const ENDPOINT: &Endpoint = &Endpoint {
    name: "get_thing",
    id: "getThing",
    method: Method::GET,
    template: "/things",
    accept: "application/json",
    authenticated: false,
    negotiates_content_type: false,
};

fn response(content_type: Option<&'static str>, body: &'static [u8]) -> Response {
    let mut headers = HeaderMap::new();
    if let Some(content_type) = content_type {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    Response { endpoint: ENDPOINT, status: StatusCode::OK, headers, body: Bytes::from_static(body) }
}

fn decode_message(outcome: Result<impl std::fmt::Debug, Error>) -> String {
    match outcome {
        Err(Error::Decode(error)) => {
            assert_eq!(error.operation(), "get_thing");
            error.to_string()
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn json_decodes_with_or_without_a_json_content_type() {
    let decoded =
        response(Some("application/problem+json; charset=utf-8"), b"[1, 2]").json::<Vec<u8>>();
    assert_eq!(decoded.unwrap().into_body(), [1, 2]);
    assert_eq!(response(None, b"7").json::<u8>().unwrap().into_body(), 7);
}

#[test]
fn json_refuses_empty_bodies_and_other_media_types() {
    let empty = decode_message(response(Some("application/json"), b" \n").json::<u8>());
    assert!(empty.contains("the response body is empty"), "{empty}");
    let html = decode_message(response(Some("text/html"), b"<p>hi</p>").json::<u8>());
    assert!(html.contains("expected a JSON body, got content type `text/html`"), "{html}");
}

#[test]
fn optional_json_is_none_for_an_empty_body() {
    assert_eq!(response(None, b"").json_or_empty::<u8>().unwrap().into_body(), None);
    assert_eq!(response(None, b"3").json_or_empty::<u8>().unwrap().into_body(), Some(3));
}

#[test]
fn bytes_and_text_check_the_media_type() {
    let bytes =
        response(Some("Application/Capnp"), b"\x01\x02").bytes("application/capnp").unwrap();
    assert_eq!(bytes.into_body(), Bytes::from_static(b"\x01\x02"));
    let other =
        decode_message(response(Some("application/json"), b"{}").bytes("application/capnp"));
    assert!(other.contains("expected `application/capnp`"), "{other}");
    let invalid = decode_message(response(Some("text/plain"), b"\xff").text("text/plain"));
    assert!(invalid.contains("not UTF-8"), "{invalid}");
}
