//! Bodies read as they arrive, against a server on 127.0.0.1: a binary
//! download larger than the client's response limit comes through
//! `bytes_stream()` in chunks, byte for byte, and a gibibyte with the client
//! holding well under 64 MiB at its peak (counted by the test's allocator);
//! a `text/event-stream` response comes through `events()` as typed events,
//! up to the API's `[DONE]`; a stream cut in the middle of an event is an
//! error, not a silent end. A binary body read from a `tokio::fs::File` or a
//! stream as it is sent arrives byte for byte, as a body or a multipart file
//! part, and is sent once, never retried.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::{BufRead, BufReader, Write};
use std::time::Duration;

use common::{answering, header, only_request};
use fixture_streams::models::{ChatBody, Chunk};
use fixture_streams::{Client, Error, Event, FilePart, RetryPolicy, Upload};
use wiremock::{MockServer, ResponseTemplate};

/// The byte at `position` of the test's file: a pattern that does not repeat every chunk.
fn byte_at(position: usize) -> u8 {
    (position % 251) as u8
}

const MIB: usize = 1024 * 1024;

/// The system allocator, counting per thread the bytes allocated there and not yet freed, and
/// their most since the thread last asked: what a test's client holds at its peak (a
/// `#[tokio::test]` runs its client on its own thread), whatever other tests hold.
struct Counting;

thread_local! {
    static HELD: Cell<isize> = const { Cell::new(0) };
    static MOST: Cell<isize> = const { Cell::new(0) };
}

/// Adds `bytes` to what this thread holds; nothing once the thread's counters are gone.
fn count(bytes: isize) {
    let _ = HELD.try_with(|held| {
        held.set(held.get() + bytes);
        let _ = MOST.try_with(|most| most.set(most.get().max(held.get())));
    });
}

/// How much more than at the start this thread held at its most while `work` ran.
async fn peak_of<T>(work: impl Future<Output = T>) -> (T, usize) {
    let start = HELD.with(Cell::get);
    MOST.with(|most| most.set(start));
    let output = work.await;
    (output, usize::try_from(MOST.with(Cell::get) - start).unwrap_or(0))
}

// SAFETY: every call goes to the system allocator as it came; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            count(layout.size() as isize);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        count(-(layout.size() as isize));
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A server on 127.0.0.1 that answers one request with `size` bytes of the test's pattern,
/// written 64 KiB at a time as the client reads them: nothing holds the whole body.
fn serving_bytes(size: usize) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let address = listener.local_addr().expect("its address");
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("a connection");
        let mut reader = BufReader::new(stream.try_clone().expect("the stream"));
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|read| read > 2) {
            line.clear();
        }
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {size}\r\n\r\n"
        );
        stream.write_all(head.as_bytes()).expect("the head is written");
        // The pattern from any of its 251 phases on: each write starts where the last ended.
        let pattern: Vec<u8> = (0..64 * 1024 + 251).map(byte_at).collect();
        let mut sent = 0;
        while sent < size {
            let (start, length) = (sent % 251, (64 * 1024).min(size - sent));
            if stream.write_all(&pattern[start..start + length]).is_err() {
                return;
            }
            sent += length;
        }
    });
    format!("http://{address}")
}

#[tokio::test]
async fn a_download_larger_than_the_response_limit_streams_in_chunks() {
    let size = 8 * MIB;
    let file: Vec<u8> = (0..size).map(byte_at).collect();
    let server =
        answering(ResponseTemplate::new(200).set_body_raw(file, "application/octet-stream")).await;
    let limit = MIB as u64;
    let client = Client::builder(server.uri()).max_response_bytes(limit).build().expect("client");

    let mut stream = client.download("big.bin").bytes_stream().await.expect("the response starts");
    assert_eq!(stream.status(), 200);
    assert_eq!(stream.content_length(), Some(size as u64));
    let (mut received, mut chunks, mut largest) = (0, 0, 0);
    while let Some(chunk) = stream.try_next().await.expect("a chunk") {
        let expected: Vec<u8> = (received..received + chunk.len()).map(byte_at).collect();
        assert!(chunk[..] == expected[..], "the bytes at {received} differ");
        received += chunk.len();
        chunks += 1;
        largest = largest.max(chunk.len());
    }
    assert_eq!(received, size);
    assert!(chunks > 1 && largest < size, "{chunks} chunks, the largest {largest} bytes");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/files/big.bin");
    assert_eq!(header(&request, "accept"), "application/octet-stream");

    // Read whole, the same body is over the limit.
    let whole = client.download("big.bin").await.expect_err("over the limit");
    assert!(matches!(whole, Error::ResponseTooLarge { .. }), "{whole:?}");
}

#[tokio::test]
async fn another_media_type_streams_too() {
    let server =
        answering(ResponseTemplate::new(200).set_body_raw(&b"%PDF-1.7"[..], "application/pdf"))
            .await;
    let client = Client::builder(server.uri()).build().expect("client");
    let mut stream =
        client.get_report("r1").accept_pdf().bytes_stream().await.expect("the response starts");
    let mut body = Vec::new();
    while let Some(chunk) = stream.try_next().await.expect("a chunk") {
        body.extend_from_slice(&chunk);
    }
    assert_eq!(body, b"%PDF-1.7");
    assert_eq!(header(&only_request(&server).await, "accept"), "application/pdf");
}

#[tokio::test]
async fn a_body_of_another_content_type_is_a_decode_error() {
    let server = answering(ResponseTemplate::new(200).set_body_raw("<html>", "text/html")).await;
    let client = Client::builder(server.uri()).build().expect("client");
    let error = client.download("f").bytes_stream().await.expect_err("not the file");
    match error {
        Error::Decode(decode) => assert_eq!(decode.raw_body(), b"<html>"),
        other => panic!("a decode error expected, got {other:?}"),
    }
}

fn events(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), "text/event-stream")
}

#[tokio::test]
async fn json_events_decode_as_the_spec_types_them_up_to_done() {
    let body = ": the server says hello\n\
                data: {\"index\": 0, \"delta\": \"Hel\"}\n\
                \n\
                event: chunk\n\
                id: 7\n\
                retry: 1500\n\
                data: {\"index\": 1,\n\
                data:  \"delta\": \"lo\"}\n\
                \n\
                data: [DONE]\n\
                \n\
                data: {\"index\": 2, \"delta\": \"after the end\"}\n\
                \n";
    let server = answering(events(body)).await;
    let client = Client::builder(server.uri()).build().expect("client");
    let mut stream = client.chat(ChatBody::new("hi")).events().await.expect("the events start");
    let first = stream.try_next().await.expect("an event").expect("the first");
    assert_eq!(
        (first.event.as_str(), first.data, first.id, first.retry),
        ("message", Chunk::new(0, "Hel"), None, None)
    );
    let second = stream.try_next().await.expect("an event").expect("the second");
    assert_eq!(second.event, "chunk");
    assert_eq!(second.data, Chunk::new(1, "lo"));
    assert_eq!(second.id.as_deref(), Some("7"));
    assert_eq!(second.retry, Some(Duration::from_millis(1500)));
    assert!(stream.try_next().await.expect("the end").is_none(), "[DONE] ends the stream");

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/chat");
    assert_eq!(header(&request, "accept"), "text/event-stream");
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&request.body).unwrap(),
        serde_json::json!({"prompt": "hi"})
    );
}

#[tokio::test]
async fn the_mock_server_sends_events_as_the_test_feeds_them() {
    let server = fixture_streams::mock::Server::start().await;
    let feed = server.chat().feeds_events();
    let mut events =
        server.client().chat(ChatBody::new("hi")).events().await.expect("the events start");
    feed.send(&Event::new(Chunk::new(0, "Hel")));
    assert_eq!(
        events.try_next().await.expect("an event").expect("the first").data,
        Chunk::new(0, "Hel")
    );
    // A comment keeps the connection open and is no event.
    feed.send_raw(": still thinking\n\n");
    feed.send(&Event::new(Chunk::new(1, "lo")));
    assert_eq!(
        events.try_next().await.expect("an event").expect("the second").data,
        Chunk::new(1, "lo")
    );
    feed.end();
    assert!(events.try_next().await.expect("the end").is_none(), "[DONE] ends the stream");
    assert_eq!(server.chat().received()[0].json().expect("the prompt"), ChatBody::new("hi"));
}

#[tokio::test]
async fn an_event_whose_data_does_not_decode_is_an_error_and_the_stream_goes_on() {
    let server = answering(events(
        "data: {\"index\": \"zero\"}\n\ndata: {\"index\": 1, \"delta\": \"x\"}\n\n",
    ))
    .await;
    let client = Client::builder(server.uri()).build().expect("client");
    let mut stream = client.chat(ChatBody::new("hi")).events().await.expect("the events start");
    let error = stream.next().await.expect("an item").expect_err("not a chunk");
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    assert_eq!(
        stream.try_next().await.expect("an event").expect("the second").data,
        Chunk::new(1, "x")
    );
}

#[tokio::test]
async fn text_events_are_taken_as_they_are_whatever_the_line_ends() {
    let server = answering(events(
        "data: first line\r\ndata: second line\r\n\r\nevent: rotate\rdata: {not json}\r\r",
    ))
    .await;
    let client = Client::builder(server.uri()).build().expect("client");
    let mut stream = client.tail_log().events().await.expect("the events start");
    let mut received = Vec::new();
    while let Some(event) = stream.try_next().await.expect("an event") {
        received.push((event.event, event.data));
    }
    assert_eq!(
        received,
        [
            ("message".to_owned(), "first line\nsecond line".to_owned()),
            ("rotate".to_owned(), "{not json}".to_owned())
        ]
    );
}

#[tokio::test]
async fn a_stream_cut_in_the_middle_of_an_event_ends_with_an_error() {
    let server = answering(events("data: whole\n\ndata: half of one")).await;
    let client = Client::builder(server.uri()).build().expect("client");
    let mut stream = client.tail_log().events().await.expect("the events start");
    assert_eq!(stream.try_next().await.expect("an event").expect("the whole one").data, "whole");
    let error = stream.try_next().await.expect_err("cut");
    assert!(error.to_string().contains("in the middle of an event"), "{error}");
    assert!(stream.next().await.is_none());
}

/// A file of `size` bytes of the test's pattern, removed when dropped.
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn new(name: &str, size: usize) -> TempFile {
        let path =
            std::env::temp_dir().join(format!("fixture-streams-{}-{name}", std::process::id()));
        std::fs::write(&path, (0..size).map(byte_at).collect::<Vec<u8>>())
            .expect("the file is written");
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[tokio::test]
async fn a_file_larger_than_the_response_limit_is_uploaded_as_it_is_read() {
    let size = 3 * MIB + 17;
    let file = TempFile::new("upload", size);
    let server = answering(ResponseTemplate::new(204)).await;
    let client =
        Client::builder(server.uri()).max_response_bytes(MIB as u64).build().expect("client");
    let reader = tokio::fs::File::open(&file.0).await.expect("the file opens");
    client.upload("big.bin", Upload::from_reader(reader)).await.expect("stored");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.url.path(), "/files/big.bin");
    assert_eq!(header(&request, "content-type"), "application/octet-stream");
    assert_eq!(request.body.len(), size);
    assert!(
        request.body.iter().enumerate().all(|(position, byte)| *byte == byte_at(position)),
        "byte for byte"
    );
}

#[tokio::test]
async fn a_stream_of_a_declared_length_is_sent_with_its_content_length() {
    let server = answering(ResponseTemplate::new(204)).await;
    let client = Client::builder(server.uri()).build().expect("client");
    let chunks =
        ["abc", "", "defg"].map(|chunk| Ok::<_, std::io::Error>(chunk.as_bytes().to_vec()));
    let body = Upload::from_stream(futures_util::stream::iter(chunks)).length(7);
    client.upload("s.txt", body).await.expect("stored");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-length"), "7");
    assert_eq!(request.body, b"abcdefg");
}

async fn failing_twice_then_stored() -> MockServer {
    let server = MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_streamed_body_is_sent_once_and_never_retried() {
    let retries = RetryPolicy::new().max_attempts(3).initial_backoff(Duration::from_millis(1));

    // Bytes can be sent again: the third attempt stores them.
    let server = failing_twice_then_stored().await;
    let client =
        Client::builder(server.uri()).retry_policy(retries.clone()).build().expect("client");
    client.upload("b.bin", b"bytes".to_vec()).await.expect("stored on the third attempt");
    assert_eq!(server.received_requests().await.expect("recorded").len(), 3);

    // A file cannot: the first failure is the call's.
    let server = failing_twice_then_stored().await;
    let client = Client::builder(server.uri()).retry_policy(retries).build().expect("client");
    let file = TempFile::new("once", 1000);
    let reader = tokio::fs::File::open(&file.0).await.expect("the file opens");
    let error = client.upload("f.bin", Upload::from_reader(reader)).await.expect_err("not retried");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(only_request(&server).await.body.len(), 1000);
}

#[tokio::test]
async fn a_file_part_is_read_from_its_file_as_the_form_is_sent() {
    let size = 2 * MIB + 5;
    let file = TempFile::new("part", size);
    let server = answering(ResponseTemplate::new(204)).await;
    let client = Client::builder(server.uri()).build().expect("client");
    let reader = tokio::fs::File::open(&file.0).await.expect("the file opens");
    let part = FilePart::from(Upload::from_reader(reader)).file_name("data.bin");
    client.attach(part).note("after the file").await.expect("stored");

    let request = only_request(&server).await;
    let content_type = header(&request, "content-type");
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("a boundary");
    let mut expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"data.bin\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    expected.extend((0..size).map(byte_at));
    expected.extend(
        format!(
            "\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n\
             after the file\r\n--{boundary}--\r\n"
        )
        .into_bytes(),
    );
    assert_eq!(request.body.len(), expected.len());
    assert!(request.body == expected, "the form arrives byte for byte");
}

#[tokio::test]
async fn a_gibibyte_goes_through_the_byte_stream_in_constant_memory() {
    let size = 1024 * MIB;
    let client = Client::builder(serving_bytes(size)).build().expect("client");
    let download = async {
        let mut stream =
            client.download("huge.bin").bytes_stream().await.expect("the response starts");
        let mut received = 0;
        while let Some(chunk) = stream.try_next().await.expect("a chunk") {
            // The ends of every chunk are where the pattern says: nothing lost, repeated or
            // reordered.
            assert_eq!(chunk[0], byte_at(received), "the chunk at {received}");
            assert_eq!(
                chunk[chunk.len() - 1],
                byte_at(received + chunk.len() - 1),
                "at {received}"
            );
            received += chunk.len();
        }
        received
    };
    let (received, peak) = peak_of(download).await;
    assert_eq!(received, size);
    assert!(peak < 64 * MIB, "{} KiB at the peak", peak / 1024);
}
