//! The mock server: scripted replies in order, what it records, requests
//! nothing was scripted for, broken and silent answers, and the error and
//! response constructors tests use without a server.

use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::{Deserialize, Serialize};

use crate::runtime::mock::{MAX_REQUEST_BYTES, Mock, Reply, Server};
use crate::runtime::{
    ApiResponse, Endpoint, Error, Operation, Parts, Reader, Response, RetryPolicy,
};

/// `GET /things/{name}?tag=..`, answered with a list of numbers.
struct GetThing {
    name: String,
    tag: Option<String>,
}

impl Operation for GetThing {
    type Output = Vec<u32>;
    const ENDPOINT: &'static Endpoint = &Endpoint {
        name: "get_thing",
        id: "getThing",
        method: Method::GET,
        template: "/things/{name}",
        accept: "application/json",
        authenticated: false,
        negotiates_content_type: false,
    };
    const READ: Reader<Self::Output> = Response::json;

    fn write(&self, request: &mut Parts) {
        request.path(&[&self.name]).query("tag", self.tag.as_ref());
    }
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Thing {
    size: u32,
}

/// `POST /things/{name}` with a JSON body, answered with nothing.
struct PutThing {
    name: String,
    thing: Thing,
}

impl Operation for PutThing {
    type Output = ();
    const ENDPOINT: &'static Endpoint = &Endpoint {
        name: "put_thing",
        id: "putThing",
        method: Method::POST,
        template: "/things/{name}",
        accept: "application/json",
        authenticated: false,
        negotiates_content_type: false,
    };
    const READ: Reader<Self::Output> = Response::empty;

    fn write(&self, request: &mut Parts) {
        request.path(&[&self.name]).json("application/json", &self.thing);
    }
}

fn get_thing<'a>(server: &'a Server, name: &str) -> Mock<'a, GetThing> {
    server.mock(&[&name.to_owned()])
}

fn put_thing<'a>(server: &'a Server, name: &str) -> Mock<'a, PutThing, Thing> {
    server.mock(&[&name.to_owned()])
}

#[tokio::test]
async fn replies_come_in_order_and_the_last_one_repeats() {
    let server = Server::start().await;
    get_thing(&server, "a b/c")
        .reply(Reply::new(503).header("retry-after", "0"))
        .responds(200, &vec![1, 2])
        .responds(200, &vec![3]);
    let client = server.client();
    let call = |tag: Option<&str>| {
        let op = GetThing { name: "a b/c".to_owned(), tag: tag.map(str::to_owned) };
        client.request(op).send()
    };
    // The 503 is retried within the first call.
    assert_eq!(call(Some("x&y=1")).await.unwrap(), [1, 2]);
    assert_eq!(call(None).await.unwrap(), [3]);
    assert_eq!(call(None).await.unwrap(), [3]);

    let received = get_thing(&server, "a b/c").received();
    assert_eq!(received.len(), 4);
    let first = &received[0];
    assert_eq!(first.operation(), Some("get_thing"));
    assert_eq!(first.method(), Method::GET);
    assert_eq!(first.path(), "/things/a%20b%2Fc");
    assert_eq!(first.query(), [("tag".to_owned(), "x&y=1".to_owned())]);
    assert_eq!(first.header("accept"), Some("application/json"));
    assert!(first.body().is_empty());
    assert!(received[3].query().is_empty());
    assert!(get_thing(&server, "a b").received().is_empty());
}

#[tokio::test]
async fn a_request_body_decodes_to_the_operation_type() {
    let server = Server::start().await;
    put_thing(&server, "t").responds_empty(204);
    let op = PutThing { name: "t".to_owned(), thing: Thing { size: 7 } };
    server.client().request(op).send().await.unwrap();
    let received = put_thing(&server, "t").received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].method(), Method::POST);
    assert_eq!(received[0].header("content-type"), Some("application/json"));
    assert_eq!(received[0].json().unwrap(), Thing { size: 7 });
    assert_eq!(received[0].body(), br#"{"size":7}"#);
    // The same request, in the server's list, decodes to JSON of any shape.
    assert_eq!(server.received()[0].json().unwrap(), serde_json::json!({"size": 7}));
}

#[tokio::test]
async fn an_unscripted_request_is_answered_501_naming_it_and_recorded() {
    let server = Server::start().await;
    // Another method at the same path does not match.
    put_thing(&server, "t").responds_empty(204);
    let op = GetThing { name: "t".to_owned(), tag: Some("v".to_owned()) };
    let error = server.client().request(op).send().await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::NOT_IMPLEMENTED));
    let message = error.to_string();
    assert!(message.contains("nothing is scripted for GET /things/t?tag=v"), "{message}");
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].operation(), None);
    assert_eq!(received[0].path(), "/things/t");
}

#[tokio::test]
async fn errors_carry_the_scripted_status_and_body() {
    let server = Server::start().await;
    let body = serde_json::json!({"message": "no such thing", "request_id": "r-1"});
    get_thing(&server, "gone").fails(404, &body);
    let op = GetThing { name: "gone".to_owned(), tag: None };
    let error = server.client().request(op).send().await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(error.api_error(), Some(&body));
    let Error::Api(api) = &error else { panic!("{error:?}") };
    assert_eq!(api.operation(), "get_thing");
    assert_eq!(api.request_id(), Some("r-1"));
}

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error_and_is_retried() {
    let server = Server::start().await;
    get_thing(&server, "flaky").drops_connection().responds(200, &vec![9]);
    let op = || GetThing { name: "flaky".to_owned(), tag: None };
    assert_eq!(server.client().request(op()).send().await.unwrap(), [9]);
    assert_eq!(get_thing(&server, "flaky").received().len(), 2);

    get_thing(&server, "broken").drops_connection();
    let once = server.client().request(GetThing { name: "broken".to_owned(), tag: None });
    let error = once.retry_policy(RetryPolicy::never()).send().await.unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
}

#[tokio::test]
async fn a_reply_that_never_comes_ends_with_the_client_timeout() {
    let server = Server::start().await;
    get_thing(&server, "slow").hangs();
    let op = GetThing { name: "slow".to_owned(), tag: None };
    let request = server.client().request(op).timeout(Duration::from_millis(200));
    let error = request.send().await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn a_body_over_the_limit_is_answered_413_and_recorded_without_it() {
    let server = Server::start().await;
    let big = vec![b'x'; MAX_REQUEST_BYTES + 1];
    let response = reqwest::Client::new()
        .post(format!("{}/upload", server.base_url()))
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert!(received[0].body().is_empty());
}

#[test]
#[should_panic(expected = "path parameter `name` cannot be `..`")]
fn a_path_the_client_would_not_send_cannot_be_scripted() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let server = runtime.block_on(Server::start());
    let _ = get_thing(&server, "..");
}

#[test]
fn errors_and_responses_can_be_built_without_a_server() {
    let body = serde_json::json!({"message": "denied"});
    let error = Error::api(StatusCode::FORBIDDEN, body.clone());
    assert_eq!(error.status(), Some(StatusCode::FORBIDDEN));
    assert_eq!(error.api_error(), Some(&body));
    assert_eq!(error.raw_body(), Some(&br#"{"message":"denied"}"#[..]));
    assert_eq!(error.to_string(), "the server answered 403 Forbidden: denied");

    let mut headers = HeaderMap::new();
    headers.insert("x-request-id", "r-9".parse().unwrap());
    let error = Error::api_raw(StatusCode::BAD_GATEWAY, headers, "<html>bad gateway</html>");
    let Error::Api(api) = &error else { panic!("{error:?}") };
    assert_eq!(api.body(), None);
    assert_eq!(api.raw_body(), b"<html>bad gateway</html>");
    assert_eq!(api.request_id(), Some("r-9"));
    assert_eq!(api.operation(), "");

    let response = ApiResponse::new(StatusCode::CREATED, HeaderMap::new(), vec![1]);
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.into_body(), [1]);
}
