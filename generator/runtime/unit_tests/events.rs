//! Server-sent events end to end: typed and text data, the end of stream,
//! events the test sends one at a time, streams cut short, the timeouts and
//! the size limit.

use std::time::Duration;

use reqwest::Method;
use serde::{Deserialize, Serialize};

use crate::runtime::mock::{Mock, Reply, Server};
use crate::runtime::{Client, Endpoint, Error, Event, Operation, Reader, ServerEvents};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Tick {
    n: u32,
}

const fn events_endpoint(name: &'static str, template: &'static str) -> Endpoint {
    Endpoint {
        name,
        id: name,
        method: Method::GET,
        template,
        accept: "text/event-stream",
        authenticated: false,
        negotiates_content_type: false,
    }
}

/// `GET /ticks`: JSON events, ended by `[DONE]`.
struct Ticks;

impl Operation for Ticks {
    type Output = String;
    const ENDPOINT: &'static Endpoint = &events_endpoint("ticks", "/ticks");
    const READ: Reader<String> = |response| response.text("text/event-stream");
}

impl ServerEvents for Ticks {
    type Data = Tick;
    const JSON: bool = true;
    const DONE: Option<&'static str> = Some("[DONE]");
}

/// `GET /lines`: text events, without an end-of-stream marker.
struct Lines;

impl Operation for Lines {
    type Output = String;
    const ENDPOINT: &'static Endpoint = &events_endpoint("lines", "/lines");
    const READ: Reader<String> = |response| response.text("text/event-stream");
}

impl ServerEvents for Lines {
    type Data = String;
    const JSON: bool = false;
}

fn ticks(server: &Server) -> Mock<'_, Ticks> {
    server.mock(&[])
}

fn tick(n: u32) -> Event<Tick> {
    Event::new(Tick { n })
}

fn client(server: &Server, idle: Duration) -> Client {
    server.client_builder().idle_timeout(idle).build().unwrap()
}

#[tokio::test]
async fn typed_events_arrive_as_the_server_sends_them_and_done_ends_the_stream() {
    let server = Server::start().await;
    let feed = ticks(&server).feeds_events();
    let mut events = server.client().request(Ticks).events().await.unwrap();
    assert_eq!(events.response().status(), 200);
    // The server pauses until the test sends; the client waits for it.
    feed.send(&tick(1));
    assert_eq!(events.next().await.unwrap().unwrap(), tick(1));
    let named = Event { event: "update".to_owned(), id: Some("2".to_owned()), ..tick(2) };
    feed.send(&named);
    assert_eq!(events.next().await.unwrap().unwrap(), named);
    feed.end();
    assert!(events.next().await.is_none());
    let received = ticks(&server).received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].header("accept"), Some("text/event-stream"));
}

#[tokio::test]
async fn scripted_events_and_text_data_with_line_breaks() {
    let server = Server::start().await;
    ticks(&server).responds_events([Tick { n: 1 }, Tick { n: 2 }]);
    let client = server.client();
    let mut events = client.request(Ticks).events().await.unwrap();
    let mut data = Vec::new();
    while let Some(event) = events.try_next().await.unwrap() {
        data.push(event.data.n);
    }
    assert_eq!(data, [1, 2]);

    let body = "data: one\ndata: two\n\n: keep-alive\nevent: note\ndata: [DONE]\n\n";
    server.mock::<Lines, serde_json::Value>(&[]).responds_bytes(200, "text/event-stream", body);
    let mut events = client.request(Lines).events().await.unwrap();
    assert_eq!(events.next().await.unwrap().unwrap(), Event::new("one\ntwo".to_owned()));
    // Without an end marker for this API, `[DONE]` is data like any other.
    let note = events.next().await.unwrap().unwrap();
    assert_eq!((note.event.as_str(), note.data.as_str()), ("note", "[DONE]"));
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn a_connection_cut_mid_event_is_an_error_not_an_end() {
    let server = Server::start().await;
    let feed = ticks(&server).feeds_events();
    let mut events = server.client().request(Ticks).events().await.unwrap();
    feed.send(&tick(1));
    feed.send_raw("data: {\"n\":");
    assert_eq!(events.next().await.unwrap().unwrap(), tick(1));
    feed.cut();
    let error = events.next().await.unwrap().unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn a_body_that_ends_mid_event_is_an_error_not_an_end() {
    let server = Server::start().await;
    let feed = ticks(&server).feeds_events();
    let mut events = server.client().request(Ticks).events().await.unwrap();
    feed.send_raw("data: {\"n\":1}\n");
    // The body ends cleanly, but before the blank line that would dispatch the event.
    drop(feed);
    let error = events.next().await.unwrap().unwrap_err();
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    assert!(error.to_string().contains("ended in the middle of an event"), "{error}");
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn the_idle_timeout_ends_a_stream_that_goes_quiet() {
    let server = Server::start().await;
    let feed = ticks(&server).feeds_events();
    let client = client(&server, Duration::from_millis(100));
    let mut events = client.request(Ticks).events().await.unwrap();
    feed.send(&tick(1));
    assert_eq!(events.next().await.unwrap().unwrap(), tick(1));
    // The feed stays open and sends nothing more.
    let error = events.next().await.unwrap().unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(
        matches!(error, Error::Timeout { waiting_for: "more bytes", operation: "ticks", .. }),
        "{error:?}"
    );
    assert!(events.next().await.is_none());
    drop(feed);
}

#[tokio::test]
async fn the_first_bytes_are_due_within_the_call_timeout() {
    let server = Server::start().await;
    let feed = ticks(&server).feeds_events();
    // A long idle timeout: only the call's timeout can end the wait.
    let client = client(&server, Duration::from_secs(3600));
    let request = client.request(Ticks).timeout(Duration::from_millis(200));
    // The headers may come in time or not; either way nothing else does.
    let error = match request.events().await {
        Ok(mut events) => events.next().await.unwrap().unwrap_err(),
        Err(error) => error,
    };
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    drop(feed);
}

#[tokio::test]
async fn an_event_larger_than_the_response_limit_ends_the_stream() {
    let server = Server::start().await;
    let feed = ticks(&server).feeds_events();
    let client = server.client_builder().max_response_bytes(64).build().unwrap();
    let mut events = client.request(Ticks).events().await.unwrap();
    feed.send(&tick(1));
    feed.send_raw(format!("data: \"{}\"\n\n", "x".repeat(100)));
    assert_eq!(events.next().await.unwrap().unwrap(), tick(1));
    let error = events.next().await.unwrap().unwrap_err();
    assert!(matches!(error, Error::ResponseTooLarge { limit: 64, .. }), "{error:?}");
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn an_event_that_does_not_decode_is_an_error_and_the_stream_goes_on() {
    let server = Server::start().await;
    let feed = ticks(&server).feeds_events();
    let mut events = server.client().request(Ticks).events().await.unwrap();
    feed.send_raw("data: {\"n\":\"three\"}\n\n");
    feed.send(&tick(4));
    feed.end();
    let Err(Error::Decode(error)) = events.next().await.unwrap() else { panic!("a decode error") };
    assert_eq!(error.path(), Some("n"));
    assert_eq!(error.raw_body(), br#"{"n":"three"}"#);
    assert_eq!(events.next().await.unwrap().unwrap(), tick(4));
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn a_response_that_is_not_an_event_stream_is_a_decode_error() {
    let server = Server::start().await;
    ticks(&server).reply(Reply::new(200).json(&serde_json::json!({ "n": 1 })));
    let error = server.client().request(Ticks).events().await.unwrap_err();
    let Error::Decode(error) = error else { panic!("a decode error: {error:?}") };
    assert!(error.to_string().contains("got content type `application/json`"), "{error}");
    assert_eq!(error.raw_body(), br#"{"n":1}"#);
}

#[tokio::test]
async fn an_error_status_is_an_api_error_before_any_event() {
    let server = Server::start().await;
    ticks(&server).fails(404, &serde_json::json!({ "message": "no ticks" }));
    let error = server.client().request(Ticks).events().await.unwrap_err();
    assert_eq!(error.status(), Some(reqwest::StatusCode::NOT_FOUND));
}
