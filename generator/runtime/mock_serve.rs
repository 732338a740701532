//! The mock server's HTTP side (feature `mock`): accepting connections on
//! its listener, reading each request (its body up to a limit) into a
//! [`Received`], and writing the answer the script in `mock` picks.
//! HTTP/1.1 only, as a client speaks it to an `http://` URL.

use std::convert::Infallible;
use std::fmt;
use std::io::ErrorKind;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body_util::BodyExt as _;
use hyper::body::{Frame, Incoming, SizeHint};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use percent_encoding::percent_decode_str;
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use tokio::net::TcpListener;
use tokio::task::JoinSet;

use super::mock::{Fed, MAX_REQUEST_BYTES, Reply, ReplyBody, State, Step};
use super::redact::RedactedHeaders;

/// Serves connections until the task is aborted; the connections, tasks of a set it owns, end
/// with it.
pub(crate) async fn accept(listener: TcpListener, state: Arc<Mutex<State>>) {
    let mut connections = JoinSet::new();
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // A client that gave up before the connection was accepted.
            Err(error)
                if matches!(
                    error.kind(),
                    ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset
                ) =>
            {
                continue;
            }
            // Out of file descriptors, say: stop rather than spin; clients see refused
            // connections.
            Err(_) => return,
        };
        let state = Arc::clone(&state);
        connections.spawn(async move {
            let service = service_fn(move |request| answer(Arc::clone(&state), request));
            // A connection that breaks is the client's doing, and what the test sees.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
        // Finished connections leave the set, so it holds only open ones.
        while connections.try_join_next().is_some() {}
    }
}

/// Ends a connection without an answer, for [`Step::Drop`], or in the middle of a body.
#[derive(Debug)]
struct Dropped;

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the script drops this connection")
    }
}

impl std::error::Error for Dropped {}

async fn answer(
    state: Arc<Mutex<State>>,
    request: hyper::Request<Incoming>,
) -> Result<hyper::Response<Served>, Dropped> {
    let (parts, body) = request.into_parts();
    let (body, complete) = read_body(body).await;
    let record = Record {
        operation: None,
        method: parts.method,
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().unwrap_or_default().to_owned(),
        headers: parts.headers,
        body,
    };
    let step = {
        let mut state = state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if complete { state.answer(record) } else { Step::Answer(state.too_large(record)) }
    };
    match step {
        Step::Answer(reply) => Ok(response(reply)),
        Step::Hang => match std::future::pending::<Infallible>().await {},
        Step::Drop => Err(Dropped),
    }
}

fn response(reply: Reply) -> hyper::Response<Served> {
    let body = match reply.body {
        ReplyBody::Whole(body) => Served::Whole(Some(body)),
        ReplyBody::Chunks { make, cut } => Served::Chunks { chunks: make(), cut },
        ReplyBody::Fed(feed) => match feed.lock().unwrap_or_else(PoisonError::into_inner).take() {
            Some(receiver) => Served::Fed(receiver),
            None => {
                let message = "mock::Server: this fed reply already answered a request";
                let reply = Reply::new(500).json(&serde_json::json!({ "message": message }));
                return response(reply);
            }
        },
    };
    let mut response = hyper::Response::new(body);
    *response.status_mut() = reply.status;
    *response.headers_mut() = reply.headers;
    response
}

/// A reply's body as it is written: whole, with its length, or a chunk at a time until it ends
/// or the connection is cut.
enum Served {
    Whole(Option<Bytes>),
    Chunks { chunks: Box<dyn Iterator<Item = Bytes> + Send>, cut: bool },
    Fed(tokio::sync::mpsc::UnboundedReceiver<Fed>),
}

impl hyper::body::Body for Served {
    type Data = Bytes;
    type Error = Dropped;

    fn poll_frame(
        self: Pin<&mut Self>,
        context: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Dropped>>> {
        let chunk = match self.get_mut() {
            Served::Whole(body) => body.take().filter(|body| !body.is_empty()).map(Ok),
            // An empty chunk would end a chunked body early.
            Served::Chunks { chunks, cut } => match chunks.find(|chunk| !chunk.is_empty()) {
                Some(chunk) => Some(Ok(chunk)),
                None if *cut => Some(Err(Dropped)),
                None => None,
            },
            Served::Fed(receiver) => loop {
                match receiver.poll_recv(context) {
                    Poll::Ready(Some(Fed::Chunk(chunk))) if chunk.is_empty() => continue,
                    Poll::Ready(Some(Fed::Chunk(chunk))) => break Some(Ok(chunk)),
                    Poll::Ready(Some(Fed::Cut)) => break Some(Err(Dropped)),
                    Poll::Ready(None) => break None,
                    Poll::Pending => return Poll::Pending,
                }
            },
        };
        Poll::Ready(chunk.map(|chunk| chunk.map(Frame::data)))
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Served::Whole(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Served::Whole(body) => {
                SizeHint::with_exact(body.as_ref().map_or(0, |body| body.len() as u64))
            }
            Served::Chunks { .. } | Served::Fed(_) => SizeHint::default(),
        }
    }
}

/// The body, and whether it was read whole: reading stops (empty-handed) past
/// [`MAX_REQUEST_BYTES`], or when the client breaks off.
async fn read_body(mut body: Incoming) -> (Bytes, bool) {
    let mut bytes = Vec::new();
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else { return (Bytes::from(bytes), true) };
        if let Ok(data) = frame.into_data() {
            if bytes.len() + data.len() > MAX_REQUEST_BYTES {
                return (Bytes::new(), false);
            }
            bytes.extend_from_slice(&data);
        }
    }
    (Bytes::from(bytes), true)
}

/// A request as it arrived.
pub(crate) struct Record {
    /// The `Client` method whose script answered it; `None` when nothing was scripted.
    pub(crate) operation: Option<&'static str>,
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: String,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

/// A request the server received, as it arrived. `B` is the type the operation's JSON request
/// body decodes to ([`json`](Self::json)), when it is JSON. Its `Debug` output does not show the values of
/// headers that may hold credentials.
pub struct Received<B = serde_json::Value> {
    record: Arc<Record>,
    body_type: PhantomData<fn() -> B>,
}

impl<B> Received<B> {
    pub(crate) fn new(record: Arc<Record>) -> Self {
        Received { record, body_type: PhantomData }
    }

    /// The `Client` method whose scripted reply answered it; `None` for a request nothing was
    /// scripted for (answered 501).
    pub fn operation(&self) -> Option<&'static str> {
        self.record.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.record.method
    }

    /// The path, percent-encoded as it arrived.
    pub fn path(&self) -> &str {
        &self.record.path
    }

    /// The query's `name=value` pairs in order, percent-decoded.
    pub fn query(&self) -> Vec<(String, String)> {
        let decode = |text: &str| percent_decode_str(text).decode_utf8_lossy().into_owned();
        let pairs = self.record.query.split('&').filter(|pair| !pair.is_empty());
        pairs
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(name), decode(value))
            })
            .collect()
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.record.headers
    }

    /// The value of header `name`, when it is present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.record.headers.get(name)?.to_str().ok()
    }

    /// The body as it arrived; empty when it was larger than
    /// [`MAX_REQUEST_BYTES`](super::mock::MAX_REQUEST_BYTES).
    pub fn body(&self) -> &[u8] {
        &self.record.body
    }

    /// The body decoded from JSON: into the operation's request body type for the requests of a
    /// [`Mock`](super::mock::Mock), into a `serde_json::Value` for `Server::received`.
    ///
    /// # Errors
    ///
    /// When the body is not JSON of that type.
    pub fn json(&self) -> Result<B, serde_json::Error>
    where
        B: DeserializeOwned,
    {
        serde_json::from_slice(&self.record.body)
    }
}

impl<B> Clone for Received<B> {
    fn clone(&self) -> Self {
        Received::new(Arc::clone(&self.record))
    }
}

impl<B> fmt::Debug for Received<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let record = &self.record;
        f.debug_struct("Received")
            .field("operation", &record.operation)
            .field("method", &record.method)
            .field("path", &record.path)
            .field("query", &record.query)
            .field("headers", &RedactedHeaders(&record.headers))
            .field("body", &record.body)
            .finish()
    }
}
