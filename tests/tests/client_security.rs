//! The generated client against servers that misbehave on purpose: bodies
//! far larger than the limits (streamed, with no length, with a length that
//! lies), redirects to another origin with a caller's own HTTP client
//! builder, and messages and `Debug` output fed with hostile text and
//! credential headers.
//!
//! Oversized bodies come from a plain `TcpListener` on 127.0.0.1 that
//! writes the response by hand and records whether it could write all of
//! it: when the client stops reading at its limit and closes the
//! connection, the server's writes fail long before the end (64 MiB is far
//! more than the loopback socket buffers hold), which shows the client did
//! not read, let alone keep, the rest.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use serde_json::json;
use tiledb_array_api::{reqwest, Client, Error, StatusCode};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{api_key_client, base_url, header, server_answering, API_KEY, API_KEY_HEADER};

/// Far more than any limit below, and than loopback socket buffers.
const HUGE: usize = 64 * 1024 * 1024;

/// The client's limit in the tests that pass it.
const LIMIT: u64 = 1024 * 1024;

/// How the hand-written server frames the body.
#[derive(Clone, Copy)]
enum Framing {
    /// `Transfer-Encoding: chunked`, no `Content-Length`.
    Chunked,
    /// Neither header: the body ends when the connection closes.
    UntilClose,
    /// `Content-Length` says one thing, chunked encoding sends another.
    LyingLength(u64),
    /// `Content-Length` as given, then `body_len` bytes and the end.
    Declared(u64),
}

/// What the server managed to do.
struct Served {
    /// The request head as it arrived.
    request: String,
    /// Whether every byte of the body was written.
    wrote_everything: bool,
}

/// Serves one response of `status` with a body of `body_len` bytes (spaces,
/// then `[]`, so a complete body decodes as an empty JSON list).
fn serve_once(status: u16, framing: Framing, body_len: usize) -> (SocketAddr, JoinHandle<Served>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let address = listener.local_addr().expect("its address");
    let handle = thread::spawn(move || {
        let (stream, _) = listener.accept().expect("a connection");
        // A client that neither reads nor closes would otherwise keep this
        // thread (and the test) waiting forever.
        stream.set_write_timeout(Some(Duration::from_secs(60))).expect("a write timeout");
        let mut reader = BufReader::new(stream.try_clone().expect("a second handle"));
        let mut request = String::new();
        while reader.read_line(&mut request).is_ok_and(|read| read > 2) {}
        let mut stream = stream;
        let framing_headers = match framing {
            Framing::Chunked => "Transfer-Encoding: chunked\r\n".to_owned(),
            Framing::UntilClose => "Connection: close\r\n".to_owned(),
            Framing::LyingLength(length) => {
                format!("Content-Length: {length}\r\nTransfer-Encoding: chunked\r\n")
            }
            Framing::Declared(length) => format!("Content-Length: {length}\r\n"),
        };
        let head =
            format!("HTTP/1.1 {status} Whatever\r\nContent-Type: application/json\r\n{framing_headers}\r\n");
        let chunked = matches!(framing, Framing::Chunked | Framing::LyingLength(_));
        let wrote_everything =
            stream.write_all(head.as_bytes()).is_ok() && write_body(&mut stream, body_len, chunked);
        Served { request, wrote_everything }
    });
    (address, handle)
}

/// Writes `len` bytes of body in 64 KiB pieces; false when a write fails
/// because the client went away.
fn write_body(stream: &mut impl Write, len: usize, chunked: bool) -> bool {
    const PIECE: usize = 64 * 1024;
    let mut left = len;
    while left > 0 {
        let size = left.min(PIECE);
        let mut piece = vec![b' '; size];
        if left == size && size >= 2 {
            piece[size - 2..].copy_from_slice(b"[]");
        }
        let written = if chunked {
            stream
                .write_all(format!("{size:x}\r\n").as_bytes())
                .and_then(|()| stream.write_all(&piece))
                .and_then(|()| stream.write_all(b"\r\n"))
        } else {
            stream.write_all(&piece)
        };
        if written.is_err() {
            return false;
        }
        left -= size;
    }
    let end = if chunked { stream.write_all(b"0\r\n\r\n") } else { Ok(()) };
    end.and_then(|()| stream.flush()).is_ok()
}

fn limited_client(address: SocketAddr, limit: u64) -> Client {
    Client::builder(format!("http://{address}/v1"))
        .api_key(API_KEY)
        .max_response_bytes(limit)
        .build()
        .expect("a client")
}

fn assert_too_large(error: &Error, limit: u64) {
    match error {
        Error::ResponseTooLarge { operation, status, limit: reported } => {
            assert_eq!(*operation, "get_all_array_metadata");
            assert_eq!(*status, StatusCode::OK);
            assert_eq!(*reported, limit);
            assert!(error.to_string().contains("max_response_bytes"), "{error}");
        }
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
}

/// Calls `get_all_array_metadata` on a server that sends `body_len` bytes;
/// the outcome and what the server managed.
async fn call(status: u16, framing: Framing, body_len: usize, limit: u64) -> (Result<usize, Error>, Served) {
    let (address, server) = serve_once(status, framing, body_len);
    let client = limited_client(address, limit);
    let outcome = client.get_all_array_metadata().await.map(|arrays| arrays.len());
    drop(client);
    let served =
        tokio::task::spawn_blocking(move || server.join().expect("the server thread")).await.expect("joined");
    (outcome, served)
}

#[tokio::test]
async fn a_streamed_success_body_past_the_limit_ends_the_call_and_is_not_read_to_the_end() {
    let (outcome, served) = call(200, Framing::Chunked, HUGE, LIMIT).await;
    assert_too_large(&outcome.unwrap_err(), LIMIT);
    assert!(!served.wrote_everything, "the client read the whole body");
    assert!(served.request.starts_with("GET /v1/arrays "), "{}", served.request);
}

#[tokio::test]
async fn a_body_that_runs_until_the_connection_closes_is_limited_too() {
    let (outcome, served) = call(200, Framing::UntilClose, HUGE, LIMIT).await;
    assert_too_large(&outcome.unwrap_err(), LIMIT);
    assert!(!served.wrote_everything, "the client read the whole body");
}

#[tokio::test]
async fn a_content_length_under_the_limit_does_not_let_a_longer_body_through() {
    let (outcome, served) = call(200, Framing::LyingLength(16), HUGE, LIMIT).await;
    assert_too_large(&outcome.unwrap_err(), LIMIT);
    assert!(!served.wrote_everything, "the client read the whole body");
}

#[tokio::test]
async fn a_content_length_over_the_limit_fails_before_the_body_is_read() {
    // The server then sends only a few bytes and closes: a client that
    // trusted nothing but the bytes would report an incomplete body.
    let (outcome, _) = call(200, Framing::Declared(1 << 40), 16, LIMIT).await;
    assert_too_large(&outcome.unwrap_err(), LIMIT);
}

#[tokio::test]
async fn a_body_of_exactly_the_limit_is_read_and_one_byte_more_is_not() {
    let size = 4096;
    let (outcome, _) = call(200, Framing::Declared(size as u64), size, size as u64).await;
    assert_eq!(outcome.expect("a body at the limit decodes"), 0);
    let (outcome, _) = call(200, Framing::Chunked, size + 1, size as u64).await;
    assert_too_large(&outcome.unwrap_err(), size as u64);
}

#[tokio::test]
async fn an_error_body_keeps_its_first_64_kib_and_the_rest_is_not_read() {
    // The default success limit (64 MiB) would take all of it.
    let (address, server) = serve_once(500, Framing::Chunked, HUGE);
    let client = Client::builder(format!("http://{address}/v1")).build().expect("a client");
    let error = client.get_all_array_metadata().await.unwrap_err();
    drop(client);
    let served =
        tokio::task::spawn_blocking(move || server.join().expect("the server thread")).await.expect("joined");

    let Error::Api(api_error) = &error else { panic!("expected an API error, got {error:?}") };
    assert_eq!(api_error.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(api_error.raw_body().len(), 64 * 1024);
    assert!(api_error.is_body_truncated());
    assert!(!served.wrote_everything, "the client read the whole error body");
}

#[tokio::test]
async fn a_short_error_body_is_kept_whole() {
    let server =
        server_answering(ResponseTemplate::new(404).set_body_json(json!({"message": "no such array"}))).await;
    let error = api_key_client(&server).get_all_array_metadata().await.unwrap_err();
    let Error::Api(api_error) = &error else { panic!("expected an API error, got {error:?}") };
    assert!(!api_error.is_body_truncated());
    assert_eq!(api_error.message().as_deref(), Some("no such array"));
}

// ---------------------------------------------------------------------------
// Redirects and `Referer`
// ---------------------------------------------------------------------------

/// `origin` redirects to `elsewhere` (another port, so another origin).
async fn cross_origin_redirect() -> (MockServer, MockServer) {
    let elsewhere = server_answering(ResponseTemplate::new(200).set_body_json(json!([]))).await;
    let location = format!("{}/v1/arrays", elsewhere.uri());
    let origin =
        server_answering(ResponseTemplate::new(302).insert_header("Location", location.as_str())).await;
    (origin, elsewhere)
}

/// The caller's builders: reqwest's defaults (which follow any redirect
/// and send `Referer`), and one that asks for both outright.
fn callers_builders() -> Vec<(&'static str, reqwest::ClientBuilder)> {
    vec![
        ("reqwest defaults", reqwest::Client::builder()),
        (
            "redirects and referer asked for",
            reqwest::Client::builder().redirect(reqwest::redirect::Policy::limited(10)).referer(true),
        ),
    ]
}

#[tokio::test]
async fn a_callers_http_client_builder_does_not_take_the_api_key_to_another_origin() {
    for (what, builder) in callers_builders() {
        let (origin, elsewhere) = cross_origin_redirect().await;
        let client = Client::builder(base_url(&origin))
            .api_key(API_KEY)
            .http_client_builder(builder)
            .build()
            .expect("a client");

        let error = client.get_all_array_metadata().await.unwrap_err();

        assert_eq!(error.status(), Some(StatusCode::FOUND), "{what}");
        let arrived = origin.received_requests().await.unwrap_or_default();
        assert_eq!(header(&arrived[0], API_KEY_HEADER), Some(API_KEY), "{what}");
        let leaked = elsewhere.received_requests().await.unwrap_or_default();
        assert!(leaked.is_empty(), "{what}: a request reached the other origin: {leaked:?}");
    }
}

/// A server that redirects `/v1/arrays` to `/v1/moved` on itself.
async fn same_origin_redirect() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/arrays"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", "/v1/moved?page=2"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/moved"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn no_referer_is_sent_on_a_redirect_by_the_default_client_or_a_callers_builder() {
    let mut clients = vec![("default client".to_owned(), None)];
    clients.extend(callers_builders().into_iter().map(|(what, builder)| (what.to_owned(), Some(builder))));
    for (what, builder) in clients {
        let server = same_origin_redirect().await;
        let mut client = Client::builder(base_url(&server)).api_key(API_KEY);
        if let Some(builder) = builder {
            client = client.http_client_builder(builder);
        }
        client.build().expect("a client").get_all_array_metadata().await.expect("the redirect is followed");

        let requests = server.received_requests().await.unwrap_or_default();
        assert_eq!(requests.len(), 2, "{what}");
        assert_eq!(requests[1].url.path(), "/v1/moved", "{what}");
        assert_eq!(header(&requests[1], API_KEY_HEADER), Some(API_KEY), "{what}");
        assert_eq!(header(&requests[1], "referer"), None, "{what}");
        assert_eq!(header(&requests[1], "accept-encoding"), None, "{what}: no compression is asked for");
    }
}

// ---------------------------------------------------------------------------
// Messages and Debug output
// ---------------------------------------------------------------------------

#[test]
fn configuration_errors_show_no_credentials_or_query() {
    for base_url in [
        "https://api.example.com/v1?api_key=SECRET-1",
        "https://user:SECRET-1@api.example.com/v1",
        "ftp://user:SECRET-1@api.example.com/v1?key=SECRET-2",
        "not a url ?key=SECRET-1",
        "https://api.example.com/v1#SECRET-1",
    ] {
        let error = Client::builder(base_url).build().unwrap_err();
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(matches!(error, Error::Config { .. }), "{base_url}: {error:?}");
            assert!(!text.contains("SECRET"), "{base_url}: {text}");
        }
    }
}

#[tokio::test]
async fn server_text_in_messages_is_one_capped_line() {
    let message = format!("bad input\nINFO all is well\u{1b}[2J\u{202e}{}", "x".repeat(5000));
    let server = server_answering(
        ResponseTemplate::new(400).set_body_json(json!({"message": message, "request_id": "r-1\r\nforged"})),
    )
    .await;
    let error = api_key_client(&server).get_all_array_metadata().await.unwrap_err();
    let text = error.to_string();
    assert!(!text.contains(['\n', '\r', '\u{1b}', '\u{202e}']), "{text:?}");
    assert!(text.contains("bad input\\nINFO all is well\\u{1b}[2J"), "{text}");
    assert!(text.chars().count() < 800, "{} characters", text.chars().count());
    assert!(text.contains("(request id r-1\\r\\nforged)"), "{text}");
}

/// Credential-like headers an error response or a success can carry.
fn credential_headers(template: ResponseTemplate) -> ResponseTemplate {
    template
        .insert_header("set-cookie", "session=SECRET-1; HttpOnly")
        .insert_header(API_KEY_HEADER, "SECRET-2")
        .insert_header("x-upstream-token", "SECRET-3")
        .insert_header("authorization", "Bearer SECRET-4")
        .insert_header("x-amz-security-token", "SECRET-5")
        .insert_header("x-request-id", "req-visible")
}

#[tokio::test]
async fn debug_of_an_api_error_hides_credential_headers() {
    let server = server_answering(credential_headers(ResponseTemplate::new(403))).await;
    let error = api_key_client(&server).get_all_array_metadata().await.unwrap_err();
    let Error::Api(api_error) = &error else { panic!("expected an API error, got {error:?}") };
    for text in [format!("{error:?}"), format!("{error:#?}"), format!("{api_error:?}")] {
        assert!(!text.contains("SECRET"), "{text}");
        assert!(text.contains("req-visible"), "{text}");
    }
    // The headers themselves are the caller's to read.
    assert_eq!(api_error.headers().get("x-upstream-token").and_then(|v| v.to_str().ok()), Some("SECRET-3"));
}

#[tokio::test]
async fn debug_of_a_response_hides_credential_headers() {
    let server =
        server_answering(credential_headers(ResponseTemplate::new(200).set_body_json(json!([])))).await;
    let response = api_key_client(&server).get_all_array_metadata().send_with_response().await.unwrap();
    let text = format!("{response:?}");
    assert!(!text.contains("SECRET"), "{text}");
    assert!(text.contains("req-visible"), "{text}");
}
