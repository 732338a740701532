//! A stand-in for the API, for testing code that calls the client (feature
//! `mock`): a server on 127.0.0.1 that answers each operation as a test
//! scripts it and records every request it receives. The crate's `mock`
//! module adds a method per operation to [`Server`]; everything else is
//! here, once.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::marker::PhantomData;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode, Url};
use serde::Serialize;
use tokio::sync::mpsc;

use super::client::{Client, ClientBuilder};
use super::endpoint::Endpoint;
pub use super::mock_serve::Received;
use super::mock_serve::{self, Record};
use super::operation::Operation;
use super::parts::{Parts, ToParam};
use super::redact::RedactedHeaders;
use super::response::is_json;

/// The largest request body the server reads, in bytes; a larger one is answered with 413 and
/// recorded without its body.
pub const MAX_REQUEST_BYTES: usize = 16 * 1024 * 1024;

/// The API on 127.0.0.1, scripted by a test: each operation has a method that takes the path
/// arguments of the `Client` method of the same name and returns its [`Mock`], which sets the
/// replies and lists the requests received.
///
/// A request nothing is scripted for is answered `501 Not Implemented`, with a JSON `message`
/// naming the method and path that arrived, and recorded like every other request
/// ([`received`](Self::received)). The server stops when the value is dropped.
pub struct Server {
    address: SocketAddr,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

/// Replies by method and path, and every request received.
#[derive(Default)]
pub(crate) struct State {
    scripts: HashMap<(Method, String), Script>,
    received: Vec<Arc<Record>>,
}

/// What one operation, at one path, answers: replies in order, the last one repeated.
struct Script {
    endpoint: &'static Endpoint,
    steps: VecDeque<Step>,
}

/// What answers one request.
#[derive(Clone, Debug)]
pub(crate) enum Step {
    Answer(Reply),
    Hang,
    Drop,
}

impl State {
    /// Records a request and picks what answers it: the next scripted step for its method and
    /// path, or a 501 naming what arrived.
    pub(crate) fn answer(&mut self, mut record: Record) -> Step {
        let key = (record.method.clone(), record.path.clone());
        let scripted = self.scripts.get_mut(&key).and_then(|script| {
            record.operation = Some(script.endpoint.name);
            // The last step stays, to answer every request after it.
            if script.steps.len() > 1 {
                script.steps.pop_front()
            } else {
                script.steps.front().cloned()
            }
        });
        let step = scripted.unwrap_or_else(|| {
            let query =
                if record.query.is_empty() { String::new() } else { format!("?{}", record.query) };
            let message = format!(
                "mock::Server: nothing is scripted for {} {}{query}",
                record.method, record.path
            );
            Step::Answer(Reply::new(501).json(&serde_json::json!({ "message": message })))
        });
        self.received.push(Arc::new(record));
        step
    }

    /// Records a request whose body is larger than [`MAX_REQUEST_BYTES`], without its body.
    pub(crate) fn too_large(&mut self, record: Record) -> Reply {
        let message = format!(
            "mock::Server: the body of {} {} is larger than {MAX_REQUEST_BYTES} bytes",
            record.method, record.path
        );
        self.received.push(Arc::new(record));
        Reply::new(413).json(&serde_json::json!({ "message": message }))
    }
}

impl Server {
    /// Starts a server on 127.0.0.1, on a port the system picks.
    ///
    /// # Panics
    ///
    /// When no port can be bound, or outside a tokio runtime.
    pub async fn start() -> Server {
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .expect("mock::Server: cannot bind a port on 127.0.0.1");
        let address = listener.local_addr().expect("mock::Server: the bound address");
        let state = Arc::new(Mutex::new(State::default()));
        let task = tokio::spawn(mock_serve::accept(listener, Arc::clone(&state)));
        Server { address, state, task }
    }

    /// The base URL to give a client: `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// A client builder for this server, to add credentials or other settings.
    pub fn client_builder(&self) -> ClientBuilder {
        ClientBuilder::new(self.base_url())
    }

    /// A client of this server. It retries as the default [`RetryPolicy`](super::RetryPolicy)
    /// does, as often and on the same failures, but without waiting between attempts, so tests of
    /// retries take no time.
    ///
    /// # Panics
    ///
    /// Never in practice: the base URL is valid.
    pub fn client(&self) -> Client {
        let retry = super::RetryPolicy::default().initial_backoff(Duration::ZERO);
        self.client_builder().retry_policy(retry).build().expect("mock::Server: the client")
    }

    /// Every request received so far, scripted or not, in the order they arrived.
    pub fn received(&self) -> Vec<Received> {
        self.state().received.iter().map(|record| Received::new(Arc::clone(record))).collect()
    }

    /// The [`Mock`] of operation `Op` at the path its path arguments give, in order; `B` is the
    /// type its JSON request body decodes to. The crate's generated methods call this; it is
    /// public for operations of your own.
    ///
    /// # Panics
    ///
    /// When the arguments make a path the client would refuse to send (an empty, `.` or `..`
    /// segment).
    pub fn mock<Op: Operation, B>(&self, path: &[&dyn ToParam]) -> Mock<'_, Op, B> {
        let endpoint = Op::ENDPOINT;
        let mut parts = Parts::new(endpoint);
        parts.path(path);
        if let Some(problem) = parts.problem {
            panic!("mock::Server::{}: {problem}", endpoint.name);
        }
        let written = parts.path.unwrap_or_else(|| endpoint.template.to_owned());
        // Normalized as the client's URL parser normalizes it on the way out.
        let path = match Url::parse(&format!("http://127.0.0.1{written}")) {
            Ok(url) => url.path().to_owned(),
            Err(_) => written,
        };
        Mock { server: self, method: endpoint.method.clone(), path, types: PhantomData }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A test that panicked while holding the lock leaves consistent data behind.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // The connections are tasks of this one, and end with it.
        self.task.abort();
    }
}

impl fmt::Debug for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Server").field("address", &self.address).finish_non_exhaustive()
    }
}

/// One operation at one path on a [`Server`]: script its replies, then see what it received.
///
/// Replies are given in the order they are scripted, one per request; the last one answers every
/// request after it. Scripting `fails(503, ..)` then `responds(200, ..)` makes the first call
/// fail and the retry, and every call after it, succeed. Requests match on method and path
/// (percent-encoded exactly as the client encodes them), whatever their query, headers or body.
pub struct Mock<'a, Op, B = serde_json::Value> {
    server: &'a Server,
    method: Method,
    path: String,
    types: PhantomData<fn() -> (Op, B)>,
}

impl<Op: Operation, B> Mock<'_, Op, B> {
    /// Adds a reply.
    pub fn reply(self, reply: Reply) -> Self {
        self.step(Step::Answer(reply))
    }

    /// Adds a reply of `status` with `body` as JSON, the operation's result type.
    ///
    /// # Panics
    ///
    /// When `status` is not between 100 and 999, or `body` cannot be written as JSON.
    pub fn responds(self, status: u16, body: &Op::Output) -> Self
    where
        Op::Output: Serialize,
    {
        let accept = Op::ENDPOINT.accept;
        let content_type = if is_json(accept) { accept } else { "application/json" };
        self.reply(Reply::new(status).body(content_type, json(body)))
    }

    /// Adds a reply of `status` without a body, such as `204 No Content`.
    ///
    /// # Panics
    ///
    /// When `status` is not between 100 and 999.
    pub fn responds_empty(self, status: u16) -> Self {
        self.reply(Reply::new(status))
    }

    /// Adds a reply of `status` with `body` as it is: text, bytes, or JSON written by hand.
    ///
    /// # Panics
    ///
    /// When `status` is not between 100 and 999, or `content_type` is not a valid header value.
    pub fn responds_bytes(self, status: u16, content_type: &str, body: impl Into<Bytes>) -> Self {
        self.reply(Reply::new(status).body(content_type, body))
    }

    /// Adds an error reply of `status` with `body` as JSON: the crate's
    /// [`ErrorBody`](super::ErrorBody), or any other JSON a server might send.
    ///
    /// # Panics
    ///
    /// When `status` is not between 100 and 999, or `body` cannot be written as JSON.
    pub fn fails(self, status: u16, body: &impl Serialize) -> Self {
        self.reply(Reply::new(status).json(body))
    }

    /// Adds a reply that never comes: the request waits until the client's timeout ends it
    /// (an `Error::Transport` whose `is_timeout()` holds) or the server is dropped.
    pub fn hangs(self) -> Self {
        self.step(Step::Hang)
    }

    /// Adds a `200` reply whose body, of `content_type`, is what the returned `Feed` sends (see
    /// [`Reply::fed`]). It answers one request, so it is the last reply to script.
    ///
    /// # Panics
    ///
    /// When `content_type` is not a valid header value.
    pub fn feeds(self, content_type: &str) -> Feed {
        let (reply, feed) = Reply::new(200).fed(content_type);
        self.reply(reply);
        feed
    }

    /// Adds a reply that closes the connection without answering: an `Error::Transport` for the
    /// client, which retries it as it retries a failed connection.
    pub fn drops_connection(self) -> Self {
        self.step(Step::Drop)
    }

    /// The requests received for this operation at this path, in the order they arrived.
    pub fn received(&self) -> Vec<Received<B>> {
        let state = self.server.state();
        let matching = state
            .received
            .iter()
            .filter(|record| record.method == self.method && record.path == self.path);
        matching.map(|record| Received::new(Arc::clone(record))).collect()
    }

    fn step(self, step: Step) -> Self {
        let key = (self.method.clone(), self.path.clone());
        let mut state = self.server.state();
        let script = state
            .scripts
            .entry(key)
            .or_insert_with(|| Script { endpoint: Op::ENDPOINT, steps: VecDeque::new() });
        script.steps.push_back(step);
        drop(state);
        self
    }
}

impl<Op, B> fmt::Debug for Mock<'_, Op, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mock").field("method", &self.method).field("path", &self.path).finish()
    }
}

/// A scripted answer: status, headers and body. The body is sent whole, a chunk at a time
/// ([`chunks`](Self::chunks)), or as the test feeds it ([`fed`](Self::fed)).
#[derive(Clone)]
pub struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: ReplyBody,
}

/// What a reply's body is made of.
#[derive(Clone)]
pub(crate) enum ReplyBody {
    Whole(Bytes),
    /// Chunks made afresh for each request the reply answers; then the body ends, or (`cut`) the
    /// connection is dropped instead.
    Chunks {
        make: Arc<MakeChunks>,
        cut: bool,
    },
    /// Chunks a [`Feed`] sends, for the one request that takes them.
    Fed(Arc<Mutex<Option<mpsc::UnboundedReceiver<Fed>>>>),
}

/// Makes the chunks of a [`ReplyBody::Chunks`].
pub(crate) type MakeChunks = dyn Fn() -> Box<dyn Iterator<Item = Bytes> + Send> + Send + Sync;

/// What a [`Feed`] sends.
pub(crate) enum Fed {
    Chunk(Bytes),
    Cut,
}

/// The test's end of a reply it feeds ([`Reply::fed`], [`Mock::feeds`]): the response's status
/// and headers go out at once, then each chunk as it is [`send`](Self::send)t, so the test
/// decides when the client waits and when it reads. The body ends when the feed is dropped,
/// or the connection is dropped mid-body with [`cut`](Self::cut).
pub struct Feed {
    sender: mpsc::UnboundedSender<Fed>,
}

impl Feed {
    /// Sends a chunk of the body. Nothing happens if the client is gone.
    pub fn send(&self, chunk: impl Into<Bytes>) {
        // A client that left does not read anyway.
        let _ = self.sender.send(Fed::Chunk(chunk.into()));
    }

    /// Drops the connection where the body is, without ending it: a body cut short, for the
    /// client.
    pub fn cut(self) {
        let _ = self.sender.send(Fed::Cut);
    }
}

impl fmt::Debug for Feed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Feed").finish_non_exhaustive()
    }
}

impl Reply {
    /// A reply of `status` without headers or body.
    ///
    /// # Panics
    ///
    /// When `status` is not between 100 and 999.
    pub fn new(status: u16) -> Reply {
        let status = StatusCode::from_u16(status)
            .unwrap_or_else(|_| panic!("mock::Reply: {status} is not an HTTP status"));
        Reply { status, headers: HeaderMap::new(), body: ReplyBody::Whole(Bytes::new()) }
    }

    /// Adds a header, for example `Retry-After` or a request id.
    ///
    /// # Panics
    ///
    /// When `name` or `value` cannot be a header.
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        let name = HeaderName::from_bytes(name.as_bytes())
            .unwrap_or_else(|_| panic!("mock::Reply: {name:?} is not a header name"));
        let value = HeaderValue::from_str(value)
            .unwrap_or_else(|_| panic!("mock::Reply: the value of {name} cannot be a header"));
        self.headers.append(name, value);
        self
    }

    /// Sets the body to `body` as JSON, with `Content-Type: application/json`.
    ///
    /// # Panics
    ///
    /// When `body` cannot be written as JSON.
    pub fn json(self, body: &impl Serialize) -> Reply {
        self.body("application/json", json(body))
    }

    /// Sets the body to `body` as it is, with `content_type`.
    ///
    /// # Panics
    ///
    /// When `content_type` is not a valid header value.
    pub fn body(self, content_type: &str, body: impl Into<Bytes>) -> Reply {
        let mut reply = self.header(CONTENT_TYPE.as_str(), content_type);
        reply.body = ReplyBody::Whole(body.into());
        reply
    }

    /// Sets the body to the chunks `make` makes, with `content_type`, written one at a time
    /// without a `Content-Length` as the client reads them. `make` is called for each request
    /// the reply answers, so a large body can be made as it goes, never held whole.
    ///
    /// # Panics
    ///
    /// When `content_type` is not a valid header value.
    pub fn chunks<I>(
        self,
        content_type: &str,
        make: impl Fn() -> I + Send + Sync + 'static,
    ) -> Reply
    where
        I: IntoIterator<Item = Bytes>,
        I::IntoIter: Send + 'static,
    {
        let mut reply = self.header(CONTENT_TYPE.as_str(), content_type);
        let make: Arc<MakeChunks> = Arc::new(move || Box::new(make().into_iter()));
        reply.body = ReplyBody::Chunks { make, cut: false };
        reply
    }

    /// Drops the connection after the body instead of ending it, so the client sees a body cut
    /// short: after the chunks (or the whole body) were written.
    pub fn then_cut(mut self) -> Reply {
        self.body = match self.body {
            ReplyBody::Whole(body) => ReplyBody::Chunks {
                make: Arc::new(move || Box::new([body.clone()].into_iter())),
                cut: true,
            },
            ReplyBody::Chunks { make, .. } => ReplyBody::Chunks { make, cut: true },
            fed @ ReplyBody::Fed(_) => fed,
        };
        self
    }

    /// Sets the body to what the returned `Feed` sends, with `content_type`. The reply answers
    /// one request; a request it would answer again is answered `500`.
    ///
    /// # Panics
    ///
    /// When `content_type` is not a valid header value.
    pub fn fed(self, content_type: &str) -> (Reply, Feed) {
        let mut reply = self.header(CONTENT_TYPE.as_str(), content_type);
        let (sender, receiver) = mpsc::unbounded_channel();
        reply.body = ReplyBody::Fed(Arc::new(Mutex::new(Some(receiver))));
        (reply, Feed { sender })
    }
}

impl fmt::Debug for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reply")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &self.body)
            .finish()
    }
}

impl fmt::Debug for ReplyBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplyBody::Whole(body) => body.fmt(f),
            ReplyBody::Chunks { cut, .. } => write!(f, "Chunks {{ cut: {cut} }}"),
            ReplyBody::Fed(_) => f.write_str("Fed"),
        }
    }
}

fn json(body: &impl Serialize) -> Vec<u8> {
    serde_json::to_vec(body).unwrap_or_else(|error| panic!("mock: the body is not JSON: {error}"))
}
