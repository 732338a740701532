//! What the generated client traces: one `request` span per call with its
//! fields, a `retrying` event before each retry, no credentials anywhere,
//! and the caller's span as parent (for the blocking client too).
//!
//! These tests have a test binary of their own, with one process-wide
//! subscriber (see `common::capture_traces`), and take turns: tracing caches
//! per call site whether anyone listens, and scoped subscribers in parallel
//! tests can leave that cache saying no while a test listens.

mod common;

use std::io::{Read as _, Write as _};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use common::{
    api_key_client, base_url, capture_traces, fast_retries, json_response, no_content, refusing_socket,
    scripted_server, status, API_KEY, API_KEY_HEADER,
};
use serde_json::json;
use tiledb_array_api::{models, Client, Error};
use wiremock::ResponseTemplate;

/// A client for `server` that authenticates with the test API key and
/// retries quickly.
fn retrying_client(server: &wiremock::MockServer) -> Client {
    Client::builder(base_url(server)).api_key(API_KEY).retry_policy(fast_retries()).build().unwrap()
}

fn array_info_response() -> ResponseTemplate {
    json_response(json!({"name": "weather", "namespace": "alice"}))
}

fn update() -> models::ArrayInfoUpdate {
    models::ArrayInfoUpdate::new().description("Daily weather")
}

// ---------------------------------------------------------------------------
// Refused connections, made to listen from inside the `retrying` event
// ---------------------------------------------------------------------------

const METADATA_JSON: &str = r#"{"name":"weather","namespace":"alice"}"#;

/// Waits for `ready`, accepts one connection on `socket`, reads the request
/// head and answers 200 with [`METADATA_JSON`]. Returns the request head.
fn serve_one_response(
    socket: Arc<socket2::Socket>,
    ready: mpsc::Receiver<()>,
) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        ready.recv().expect("the listen signal");
        let (connection, _) = socket.accept().expect("a connection");
        let mut stream = std::net::TcpStream::from(connection);
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut head = Vec::new();
        let mut buffer = [0u8; 1024];
        while !head.windows(4).any(|window| window == b"\r\n\r\n") {
            let read = stream.read(&mut buffer).expect("the request head");
            assert_ne!(read, 0, "the client closed the connection early");
            head.extend_from_slice(&buffer[..read]);
        }
        let response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{METADATA_JSON}",
            METADATA_JSON.len()
        );
        stream.write_all(response.as_bytes()).unwrap();
        String::from_utf8_lossy(&head).into_owned()
    })
}

#[tokio::test]
async fn refused_connection_is_retried_and_the_retry_reaches_the_new_listener() {
    let (socket, address) = refusing_socket();
    let socket = Arc::new(socket);
    let (ready, wait_for_listen) = mpsc::channel();
    let listening = socket.clone();
    // The `retrying` event is emitted before the client waits and tries
    // again, so the listener is up before the second attempt.
    let (guard, traces) = capture_traces(move |event| {
        if event.fields.get("message").map(String::as_str) == Some("retrying") {
            listening.listen(16).expect("listen");
            let _ = ready.send(());
        }
    });
    let server = serve_one_response(socket, wait_for_listen);
    let client = Client::builder(format!("http://{address}/v1"))
        .api_key(API_KEY)
        .retry_policy(fast_retries())
        .build()
        .unwrap();

    let info = client.get_array_metadata("alice", "weather").await.unwrap();
    drop(guard);

    assert_eq!(info.name.as_deref(), Some("weather"));
    assert_eq!(info.namespace.as_deref(), Some("alice"));
    let head = server.join().expect("the server thread");
    assert!(head.starts_with("GET /v1/arrays/alice/weather/metadata HTTP/1.1\r\n"), "{head}");
    assert!(head
        .to_ascii_lowercase()
        .contains(&format!("{}: {API_KEY}", API_KEY_HEADER.to_ascii_lowercase())));
    let traces = traces.lock().unwrap();
    let retries = traces.events_with_message("retrying");
    assert_eq!(retries.len(), 1, "{retries:#?}");
    let reason = &retries[0].fields["reason"];
    assert!(reason.contains("connection"), "reason {reason:?}");
    assert_eq!(retries[0].fields.get("attempt").map(String::as_str), Some("1"));
    let request_spans = traces.spans_named("request");
    assert_eq!(request_spans.len(), 1);
    assert_eq!(request_spans[0].fields.get("attempt").map(String::as_str), Some("2"));
}

#[tokio::test]
async fn refused_connection_is_not_retried_for_a_post() {
    let (_socket, address) = refusing_socket();
    let client = Client::builder(format!("http://{address}/v1"))
        .api_key(API_KEY)
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let (_guard, traces) = capture_traces(|_| {});

    let error = client.register_array("alice", "weather", update()).await.unwrap_err();

    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(traces.lock().unwrap().events_with_message("retrying").is_empty());
}

// ---------------------------------------------------------------------------
// Spans and events
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_retried_call_is_one_request_span_with_its_fields() {
    let (server, _) = scripted_server(vec![status(503), array_info_response()]).await;
    let client = retrying_client(&server);
    let (guard, traces) = capture_traces(|_| {});

    client.get_array_metadata("alice", "weather").await.unwrap();
    drop(guard);

    let traces = traces.lock().unwrap();
    let spans = traces.spans_named("request");
    assert_eq!(spans.len(), 1, "{spans:#?}");
    let fields = &spans[0].fields;
    assert_eq!(fields.get("operation").map(String::as_str), Some("getArrayMetadata"));
    assert_eq!(fields.get("http.method").map(String::as_str), Some("GET"));
    assert_eq!(fields.get("url.template").map(String::as_str), Some("/arrays/{namespace}/{array}/metadata"));
    assert_eq!(fields.get("attempt").map(String::as_str), Some("2"));
    assert_eq!(fields.get("http.status_code").map(String::as_str), Some("200"));
    let elapsed = fields.get("elapsed_ms").expect("elapsed_ms is recorded");
    assert!(elapsed.parse::<u64>().is_ok(), "elapsed_ms = {elapsed:?}");

    let retries = traces.events_with_message("retrying");
    assert_eq!(retries.len(), 1, "{retries:#?}");
    let retry = retries[0];
    assert_eq!(retry.level, tracing::Level::DEBUG);
    let span = retry.span.expect("the event is inside a span");
    assert_eq!(traces.spans[span].name, "request");
    assert_eq!(retry.fields.get("attempt").map(String::as_str), Some("1"));
    assert!(retry.fields.get("delay_ms").and_then(|delay| delay.parse::<u64>().ok()).is_some(), "{retry:?}");
    let reason = retry.fields.get("reason").expect("a reason");
    assert!(reason.contains("503"), "reason {reason:?}");
}

#[tokio::test]
async fn a_failed_call_records_the_error_status_and_no_retry() {
    let (server, _) = scripted_server(vec![status(404)]).await;
    let client = retrying_client(&server);
    let (guard, traces) = capture_traces(|_| {});

    client.get_array("alice", "weather").await.unwrap_err();
    drop(guard);

    let traces = traces.lock().unwrap();
    let spans = traces.spans_named("request");
    assert_eq!(spans.len(), 1);
    assert_eq!(spans[0].fields.get("operation").map(String::as_str), Some("getArray"));
    assert_eq!(spans[0].fields.get("attempt").map(String::as_str), Some("1"));
    assert_eq!(spans[0].fields.get("http.status_code").map(String::as_str), Some("404"));
    assert!(traces.events_with_message("retrying").is_empty());
}

#[tokio::test]
async fn traces_never_contain_credentials() {
    let (server, _) = scripted_server(vec![status(503), no_content()]).await;
    let url = base_url(&server);
    // base64("alice:SECRET-PASSWORD-2")
    let basic = "YWxpY2U6U0VDUkVULVBBU1NXT1JELTI=";
    let secrets = ["SECRET-API-KEY-1", "SECRET-PASSWORD-2", basic, "SECRET-TOKEN-3", "SECRET-HEADER-4"];
    let clients = [
        Client::builder(&url).api_key(secrets[0]),
        Client::builder(&url).basic_auth("alice", secrets[1]),
        Client::builder(&url).bearer_token(secrets[3]),
    ]
    .map(|builder| {
        builder.default_header("X-Token", secrets[4]).retry_policy(fast_retries()).build().unwrap()
    });
    let (guard, traces) = capture_traces(|_| {});

    for client in &clients {
        // Each call is retried once (503, then 204 from then on).
        client.delete_array("alice", "weather").header("Authorization", secrets[4]).await.unwrap();
        client.delete_array("alice", "weather").await.unwrap();
    }
    drop(guard);

    let traces = traces.lock().unwrap();
    assert_eq!(traces.spans_named("request").len(), 6);
    assert_eq!(traces.events_with_message("retrying").len(), 1, "only the very first call met the 503");
    for text in traces.all_text() {
        for secret in secrets {
            assert!(!text.contains(secret), "{secret:?} traced in {text:?}");
        }
        assert!(!text.contains(&url), "the URL was traced: {text:?}");
    }
}

#[tokio::test]
async fn the_request_span_is_a_child_of_the_callers_span() {
    let server = common::server_answering(array_info_response()).await;
    let client = api_key_client(&server);
    let (guard, traces) = capture_traces(|_| {});

    let caller = tracing::info_span!("caller");
    tracing::Instrument::instrument(client.get_array_metadata("alice", "weather").send(), caller)
        .await
        .unwrap();
    drop(guard);

    let traces = traces.lock().unwrap();
    let request = traces.spans_named("request");
    assert_eq!(request.len(), 1);
    let parent = request[0].parent.expect("the request span has a parent");
    assert_eq!(traces.spans[parent].name, "caller");
}

/// The async client's `request` span is a child of the caller's span (the
/// test above); a blocking call should be traced the same way.
#[test]
fn blocking_call_is_traced_with_the_callers_subscriber_inside_the_callers_span() {
    let (guard, traces) = capture_traces(|_| {});
    let runtime = tokio::runtime::Runtime::new().expect("a runtime for the mock server");
    let server = runtime.block_on(common::server_answering(json_response(json!({"name": "weather"}))));
    let client = Client::builder(base_url(&server)).api_key(API_KEY).build().unwrap();

    let caller = tracing::info_span!("caller");
    caller.in_scope(|| client.get_array_metadata("alice", "weather").call()).unwrap();
    drop(guard);

    let traces = traces.lock().unwrap();
    let request = traces.spans_named("request");
    assert_eq!(request.len(), 1, "the call's span reaches the caller's subscriber: {:#?}", traces.spans);
    assert_eq!(request[0].fields.get("operation").map(String::as_str), Some("getArrayMetadata"));
    let parent = request[0].parent.expect("the request span has a parent");
    assert_eq!(traces.spans[parent].name, "caller");
}
