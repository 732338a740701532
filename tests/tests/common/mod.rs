//! Helpers shared by the loopback tests of the generated TileDB array client.
//!
//! Each test starts its own wiremock server on 127.0.0.1, answers every
//! request with one canned response, and inspects what arrived.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use tiledb_array_api::Client;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The API key the default test client sends.
pub const API_KEY: &str = "test-key-3f9a";

/// The header the spec's `ApiKeyAuth` scheme names.
pub const API_KEY_HEADER: &str = "X-TILEDB-REST-API-KEY";

/// The base URL for `server`: its root plus the `/v1` prefix the real API uses.
pub fn base_url(server: &MockServer) -> String {
    format!("{}/v1", server.uri())
}

/// A client for `server` that authenticates with [`API_KEY`].
pub fn api_key_client(server: &MockServer) -> Client {
    Client::builder(base_url(server)).api_key(API_KEY).build().expect("a client for the mock server")
}

/// Starts a server that answers every request with `response`.
pub async fn server_answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(response).mount(&server).await;
    server
}

/// A 200 response with `body` as JSON.
pub fn json_response(body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// A 204 response without a body.
pub fn no_content() -> ResponseTemplate {
    ResponseTemplate::new(204)
}

/// Every request `server` received, in order.
pub async fn all_received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("request recording is enabled")
}

/// The one request `server` received; fails unless exactly one arrived.
pub async fn received(server: &MockServer) -> Request {
    let mut requests = all_received(server).await;
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request, got {:#?}",
        requests.iter().map(|request| format!("{} {}", request.method, request.url)).collect::<Vec<_>>()
    );
    requests.remove(0)
}

/// The single value of header `name`; fails if it was sent more than once or
/// is not text.
pub fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    let values: Vec<_> = request.headers.get_all(name).iter().collect();
    assert!(values.len() <= 1, "header {name} was sent {} times: {values:?}", values.len());
    values.first().map(|value| value.to_str().expect("a text header value"))
}

/// The request body parsed as JSON.
pub fn json_body(request: &Request) -> serde_json::Value {
    serde_json::from_slice(&request.body).unwrap_or_else(|error| {
        panic!("the body is not JSON ({error}): {:?}", String::from_utf8_lossy(&request.body))
    })
}

/// Asserts the method, the raw (percent-encoded) path and the raw query.
pub fn assert_target(request: &Request, method: &str, path: &str, query: Option<&str>) {
    assert_eq!(request.method.as_str(), method, "HTTP method");
    assert_eq!(request.url.path(), path, "raw path");
    assert_eq!(request.url.query(), query, "raw query string");
}

/// Asserts the headers every call made by [`api_key_client`] carries, and
/// that a body-less call has no body and no `Content-Type`.
pub fn assert_api_key_headers(request: &Request) {
    assert_eq!(header(request, API_KEY_HEADER), Some(API_KEY));
    assert_eq!(header(request, "Authorization"), None);
    assert_eq!(header(request, "Accept"), Some("application/json"));
}

/// Asserts that the request had no body and therefore no `Content-Type`.
pub fn assert_no_body(request: &Request) {
    assert_eq!(header(request, "Content-Type"), None, "Content-Type on a body-less call");
    assert!(request.body.is_empty(), "unexpected body {:?}", String::from_utf8_lossy(&request.body));
}

/// Asserts that the request carried a JSON body equal to `expected`.
pub fn assert_json_body(request: &Request, expected: serde_json::Value) {
    assert_eq!(header(request, "Content-Type"), Some("application/json"));
    assert_eq!(json_body(request), expected, "request body");
}
