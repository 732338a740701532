//! Binary request bodies read while they are sent: a file larger than the
//! response limit arrives intact, with or without a declared length, and a
//! streamed body is sent once, never retried.

use std::path::PathBuf;

use bytes::Bytes;
use reqwest::Method;

use crate::runtime::mock::{Mock, Server};
use crate::runtime::{Endpoint, Error, Operation, Parts, Reader, Response, Upload};

/// `PUT /files/{name}` with a binary body.
#[derive(Clone)]
struct PutFile {
    name: String,
    body: Upload,
}

impl Operation for PutFile {
    type Output = ();
    const ENDPOINT: &'static Endpoint = &Endpoint {
        name: "put_file",
        id: "putFile",
        method: Method::PUT,
        template: "/files/{name}",
        accept: "application/json",
        authenticated: false,
        negotiates_content_type: false,
    };
    const READ: Reader<()> = Response::empty;

    fn write(&self, request: &mut Parts) {
        request.path(&[&self.name]).upload("application/octet-stream", Some(&self.body));
    }
}

fn put_file<'a>(server: &'a Server, name: &str) -> Mock<'a, PutFile> {
    server.mock(&[&name.to_owned()])
}

/// A file of `size` bytes in a directory of its own, removed when dropped.
struct TempFile {
    dir: PathBuf,
    path: PathBuf,
    content: Vec<u8>,
}

impl TempFile {
    fn new(name: &str, size: usize) -> TempFile {
        let dir =
            std::env::temp_dir().join(format!("client-runtime-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("data.bin");
        let content: Vec<u8> = (0..size).map(|at| (at % 251) as u8).collect();
        std::fs::write(&path, &content).unwrap();
        TempFile { dir, path, content }
    }

    async fn open(&self) -> tokio::fs::File {
        tokio::fs::File::open(&self.path).await.unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test]
async fn a_file_larger_than_the_response_limit_uploads_intact() {
    let file = TempFile::new("upload", 3 * 1024 * 1024 + 7);
    let server = Server::start().await;
    let mock = put_file(&server, "a.bin").responds_empty(204);
    let client = server.client_builder().max_response_bytes(1024 * 1024).build().unwrap();

    let length = file.content.len() as u64;
    let body = Upload::from_reader(file.open().await).length(length);
    client.request(PutFile { name: "a.bin".to_owned(), body }).await.unwrap();
    // Without a length, in chunks.
    let body = Upload::from_reader(file.open().await);
    client.request(PutFile { name: "a.bin".to_owned(), body }).await.unwrap();

    let received = mock.received();
    assert_eq!(received.len(), 2);
    assert_eq!(received[0].header("content-length"), Some(length.to_string().as_str()));
    assert_eq!(received[1].header("transfer-encoding"), Some("chunked"));
    for request in &received {
        assert_eq!(request.header("content-type"), Some("application/octet-stream"));
        assert!(request.body() == file.content, "the body arrived changed");
    }
}

/// Three chunks of a stream.
fn chunks() -> Upload {
    let chunks = ["one ", "two ", "three"].map(|chunk| Ok::<_, std::io::Error>(Bytes::from(chunk)));
    Upload::from_stream(futures_util::stream::iter(chunks))
}

#[tokio::test]
async fn a_streamed_body_is_sent_once_and_never_retried() {
    let server = Server::start().await;
    let mock = put_file(&server, "s").fails(503, &serde_json::json!({})).responds_empty(204);
    let error = server
        .client()
        .request(PutFile { name: "s".to_owned(), body: chunks() })
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(reqwest::StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(mock.received().len(), 1);
    assert_eq!(mock.received()[0].body(), b"one two three");

    // Bytes are retried as any body.
    let server = Server::start().await;
    let mock = put_file(&server, "b").fails(503, &serde_json::json!({})).responds_empty(204);
    let body = Upload::from(Bytes::from_static(b"bytes"));
    server.client().request(PutFile { name: "b".to_owned(), body }).await.unwrap();
    assert_eq!(mock.received().len(), 2);
    assert!(mock.received().iter().all(|request| request.body() == b"bytes"));
}

#[tokio::test]
async fn a_stream_is_read_once_so_a_clone_sent_after_it_is_refused() {
    let server = Server::start().await;
    let mock = put_file(&server, "c").responds_empty(204);
    let op = PutFile { name: "c".to_owned(), body: chunks() };
    let again = op.clone();
    server.client().request(op).await.unwrap();
    let error = server.client().request(again).await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { operation: "put_file", .. }), "{error:?}");
    assert!(error.to_string().contains("a stream is read once"), "{error}");
    assert_eq!(mock.received().len(), 1);
}

#[tokio::test]
async fn a_stream_that_fails_or_breaks_its_declared_length_breaks_the_request_off() {
    let server = Server::start().await;
    put_file(&server, "f").responds_empty(204);
    let client = server.client();
    let failing = futures_util::stream::iter([
        Ok(Bytes::from_static(b"start")),
        Err(std::io::Error::other("the disk went away")),
    ]);
    let body = Upload::from_stream(failing);
    let error = client.request(PutFile { name: "f".to_owned(), body }).await.unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    for length in [3, 100] {
        let body = chunks().length(length);
        let error = client.request(PutFile { name: "f".to_owned(), body }).await.unwrap_err();
        assert!(matches!(error, Error::Transport { .. }), "{length}: {error:?}");
    }
}
