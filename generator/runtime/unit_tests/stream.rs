//! Binary responses read as they arrive: past the response limit, through
//! retries before the body, and ended by stalls, cuts and other content
//! types. (The 1 GiB download, with its memory measured, is
//! `tests/large_download.rs`: it needs an allocator of its own.)

use std::time::Duration;

use bytes::Bytes;
use reqwest::Method;

use crate::runtime::mock::{Mock, Reply, Server};
use crate::runtime::stream::media_type_matches;
use crate::runtime::{Endpoint, Error, Operation, Reader, RetryPolicy};

/// `GET /blob`, an `application/octet-stream` body.
struct Download;

impl Operation for Download {
    type Output = Bytes;
    const ENDPOINT: &'static Endpoint = &Endpoint {
        name: "download",
        id: "download",
        method: Method::GET,
        template: "/blob",
        accept: "application/octet-stream",
        authenticated: false,
        negotiates_content_type: false,
    };
    const READ: Reader<Bytes> = |response| response.bytes("application/octet-stream");
}

fn download(server: &Server) -> Mock<'_, Download> {
    server.mock(&[])
}

/// 64 chunks of 1 KiB, each filled with its own number.
fn numbered_chunks() -> impl Iterator<Item = Bytes> {
    (0..64_u8).map(|number| Bytes::from(vec![number; 1024]))
}

#[tokio::test]
async fn a_body_past_the_response_limit_streams_through_whole() {
    let server = Server::start().await;
    download(&server).reply(Reply::new(200).chunks("application/octet-stream", numbered_chunks));
    let client = server.client_builder().max_response_bytes(1024).build().unwrap();
    let mut stream = client.request(Download).bytes_stream().await.unwrap();
    assert_eq!(stream.status(), 200);
    let mut body = Vec::new();
    while let Some(chunk) = stream.try_next().await.unwrap() {
        body.extend_from_slice(&chunk);
    }
    assert_eq!(body, numbered_chunks().flatten().collect::<Vec<u8>>());
    // Read whole, the same response is too large.
    let error = client.request(Download).await.unwrap_err();
    assert!(matches!(error, Error::ResponseTooLarge { limit: 1024, .. }), "{error:?}");
}

#[tokio::test]
async fn its_status_headers_and_length_come_with_it() {
    let server = Server::start().await;
    download(&server).reply(
        Reply::new(206).body("application/octet-stream; x=1", "12345").header("etag", "\"v1\""),
    );
    let mut stream = server.client().request(Download).bytes_stream().await.unwrap();
    assert_eq!(stream.status(), 206);
    assert_eq!(stream.content_length(), Some(5));
    assert_eq!(stream.headers()["etag"], "\"v1\"");
    assert_eq!(stream.next().await.unwrap().unwrap(), "12345");
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn failures_before_the_body_are_retried_as_for_any_call() {
    let server = Server::start().await;
    let mock = download(&server)
        .reply(Reply::new(503))
        .drops_connection()
        .reply(Reply::new(200).chunks("application/octet-stream", numbered_chunks));
    let stream = server.client().request(Download).bytes_stream().await.unwrap();
    let body: Vec<Bytes> = futures_util::StreamExt::collect::<Vec<_>>(stream)
        .await
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(body.concat(), numbered_chunks().flatten().collect::<Vec<u8>>());
    assert_eq!(mock.received().len(), 3);
}

#[tokio::test]
async fn a_connection_cut_mid_body_is_an_error() {
    let server = Server::start().await;
    let reply = Reply::new(200).chunks("application/octet-stream", numbered_chunks).then_cut();
    download(&server).reply(reply);
    let mut stream = server.client().request(Download).bytes_stream().await.unwrap();
    let mut read = 0;
    let error = loop {
        match stream.next().await.unwrap() {
            Ok(chunk) => read += chunk.len(),
            Err(error) => break error,
        }
    };
    assert_eq!(read, 64 * 1024);
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn the_idle_timeout_ends_a_download_that_stalls() {
    let server = Server::start().await;
    let feed = download(&server).feeds("application/octet-stream");
    let client = server.client_builder().idle_timeout(Duration::from_millis(100)).build().unwrap();
    let mut stream = client.request(Download).bytes_stream().await.unwrap();
    feed.send("first");
    assert_eq!(stream.next().await.unwrap().unwrap(), "first");
    let error = stream.next().await.unwrap().unwrap_err();
    assert!(
        matches!(error, Error::Timeout { waiting_for: "more bytes", operation: "download", .. }),
        "{error:?}"
    );
    assert!(error.is_timeout() && error.is_retryable());
    drop(feed);
}

#[tokio::test]
async fn a_response_that_does_not_start_within_the_call_timeout_is_a_timeout() {
    let server = Server::start().await;
    download(&server).hangs();
    let request = server.client().request(Download).timeout(Duration::from_millis(150));
    let error = request.retry_policy(RetryPolicy::never()).bytes_stream().await.unwrap_err();
    assert!(
        matches!(error, Error::Timeout { waiting_for: "the response", operation: "download", .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn another_content_type_is_a_decode_error_with_the_start_of_the_body() {
    let server = Server::start().await;
    download(&server).reply(Reply::new(200).body("text/html", "<h1>Sign in</h1>"));
    let error = server.client().request(Download).bytes_stream().await.unwrap_err();
    let Error::Decode(error) = error else { panic!("a decode error: {error:?}") };
    assert!(error.to_string().contains("got content type `text/html`"), "{error}");
    assert_eq!(error.raw_body(), b"<h1>Sign in</h1>");
}

#[test]
fn wildcards_in_the_media_type_asked_for() {
    assert!(media_type_matches("image/*", "image/png"));
    assert!(media_type_matches("*/*", "application/zip"));
    assert!(media_type_matches("application/octet-stream", "Application/Octet-Stream; q=1"));
    assert!(!media_type_matches("image/*", "text/html"));
    assert!(!media_type_matches("application/octet-stream", "application/json"));
}
