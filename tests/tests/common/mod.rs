//! Helpers shared by the loopback tests of the generated TileDB array client.
//!
//! Each test starts its own wiremock server on 127.0.0.1, answers every
//! request with one canned response, and inspects what arrived.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

mod clock;

// Unused by the binaries that do not test waits or timeouts.
#[allow(unused_imports)]
pub use clock::{settle, StillClock};
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

// ---------------------------------------------------------------------------
// Scripted responses, for retry tests
// ---------------------------------------------------------------------------

/// How many requests a [`Script`]ed server has received, which a test can
/// wait for.
#[derive(Clone)]
pub struct Arrivals(std::sync::Arc<tokio::sync::watch::Sender<usize>>);

impl Default for Arrivals {
    fn default() -> Self {
        Arrivals(std::sync::Arc::new(tokio::sync::watch::Sender::new(0)))
    }
}

impl Arrivals {
    /// The requests received so far.
    pub fn count(&self) -> usize {
        *self.0.borrow()
    }

    /// Counts one more request; its index, from 0.
    fn arrive(&self) -> usize {
        let mut index = 0;
        self.0.send_modify(|count| {
            index = *count;
            *count += 1;
        });
        index
    }

    /// Returns once `count` requests have arrived.
    pub async fn reached(&self, count: usize) {
        let mut counts = self.0.subscribe();
        counts.wait_for(|arrived| *arrived >= count).await.expect("the arrivals are kept here");
    }
}

/// Answers the n-th request with the n-th response (the last one repeats)
/// and counts the requests.
pub struct Script {
    responses: Vec<ResponseTemplate>,
    arrivals: Arrivals,
}

impl wiremock::Respond for Script {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        let index = self.arrivals.arrive().min(self.responses.len() - 1);
        self.responses[index].clone()
    }
}

/// Starts a server that answers requests with `responses` in turn, the last
/// one from then on.
pub async fn scripted_server(responses: Vec<ResponseTemplate>) -> (MockServer, Arrivals) {
    assert!(!responses.is_empty(), "a script needs at least one response");
    let arrivals = Arrivals::default();
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(Script { responses, arrivals: arrivals.clone() }).mount(&server).await;
    (server, arrivals)
}

/// A response with `status` and a small JSON error body.
pub fn status(status: u16) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(serde_json::json!({"message": format!("status {status}")}))
}

/// A response that never comes within a test's lifetime: the server holds
/// the request for an hour of real time.
pub fn hung() -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(serde_json::json!({"name": "too late"}))
        .set_delay(std::time::Duration::from_secs(3600))
}

/// Retries with waits of a few milliseconds (5 to 10, then 10 to 20).
pub fn fast_retries() -> tiledb_array_api::RetryPolicy {
    tiledb_array_api::RetryPolicy::default()
        .initial_backoff(std::time::Duration::from_millis(10))
        .max_backoff(std::time::Duration::from_millis(20))
}

/// A TCP socket bound to a free port of 127.0.0.1 that is not listening:
/// connections to it are refused until `listen` is called on it.
pub fn refusing_socket() -> (socket2::Socket, std::net::SocketAddr) {
    use socket2::{Domain, Protocol, SockAddr, Socket, Type};
    let socket = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP)).expect("a TCP socket");
    let any_port: std::net::SocketAddr = "127.0.0.1:0".parse().unwrap();
    socket.bind(&SockAddr::from(any_port)).expect("bind 127.0.0.1:0");
    let address = socket.local_addr().unwrap().as_socket().expect("an IP address");
    (socket, address)
}

// ---------------------------------------------------------------------------
// Capturing traces
// ---------------------------------------------------------------------------

/// A span as the client recorded it: its name, the last value of each field,
/// and the index in [`Traces::spans`] of its parent span.
#[derive(Clone, Debug)]
pub struct CapturedSpan {
    pub name: String,
    pub fields: std::collections::BTreeMap<String, String>,
    pub parent: Option<usize>,
}

/// An event: level, target, fields (the text is under `message`) and the
/// index in [`Traces::spans`] of the span it happened in.
#[derive(Clone, Debug)]
pub struct CapturedEvent {
    pub level: tracing::Level,
    pub target: String,
    pub fields: std::collections::BTreeMap<String, String>,
    pub span: Option<usize>,
}

/// Everything a [`capture_traces`] subscriber saw.
#[derive(Debug, Default)]
pub struct Traces {
    pub spans: Vec<CapturedSpan>,
    pub events: Vec<CapturedEvent>,
}

impl Traces {
    pub fn spans_named(&self, name: &str) -> Vec<&CapturedSpan> {
        self.spans.iter().filter(|span| span.name == name).collect()
    }

    pub fn events_with_message(&self, message: &str) -> Vec<&CapturedEvent> {
        self.events
            .iter()
            .filter(|event| event.fields.get("message").map(String::as_str) == Some(message))
            .collect()
    }

    /// Every span name, field name and field value, for searching.
    pub fn all_text(&self) -> Vec<String> {
        let spans = self.spans.iter().flat_map(|span| {
            std::iter::once(span.name.clone())
                .chain(span.fields.iter().flat_map(|(k, v)| [k.clone(), v.clone()]))
        });
        let events = self
            .events
            .iter()
            .flat_map(|event| event.fields.iter().flat_map(|(k, v)| [k.clone(), v.clone()]));
        spans.chain(events).collect()
    }
}

#[derive(Default)]
struct FieldValues(std::collections::BTreeMap<String, String>);

impl tracing::field::Visit for FieldValues {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

/// Where a span was recorded: which capture, and its index there.
struct SpanIndex {
    capture: u64,
    index: usize,
}

type EventHook = Box<dyn Fn(&CapturedEvent) + Send + Sync>;

/// The capture of the test whose turn it is.
struct Capture {
    id: u64,
    traces: std::sync::Arc<std::sync::Mutex<Traces>>,
    hook: EventHook,
}

/// The process-wide subscriber's state: the current capture, if any.
#[derive(Default)]
struct Shared {
    current: std::sync::Mutex<Option<Capture>>,
}

static SHARED: std::sync::OnceLock<std::sync::Arc<Shared>> = std::sync::OnceLock::new();
static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());
static CAPTURES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Records into the current capture; ignores everything between captures.
struct CaptureLayer {
    shared: std::sync::Arc<Shared>,
}

impl<S> tracing_subscriber::Layer<S> for CaptureLayer
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    fn on_new_span(
        &self,
        attributes: &tracing::span::Attributes<'_>,
        id: &tracing::span::Id,
        context: tracing_subscriber::layer::Context<'_, S>,
    ) {
        let current = self.shared.current.lock().unwrap();
        let Some(capture) = current.as_ref() else { return };
        let mut values = FieldValues::default();
        attributes.record(&mut values);
        let parent = context.span(id).and_then(|span| span.parent()).and_then(|parent| {
            let extensions = parent.extensions();
            let index = extensions.get::<SpanIndex>()?;
            (index.capture == capture.id).then_some(index.index)
        });
        let index = {
            let mut traces = capture.traces.lock().unwrap();
            let name = attributes.metadata().name().to_owned();
            traces.spans.push(CapturedSpan { name, fields: values.0, parent });
            traces.spans.len() - 1
        };
        if let Some(span) = context.span(id) {
            span.extensions_mut().insert(SpanIndex { capture: capture.id, index });
        }
    }

    fn on_record(
        &self,
        id: &tracing::span::Id,
        record: &tracing::span::Record<'_>,
        context: tracing_subscriber::layer::Context<'_, S>,
    ) {
        let current = self.shared.current.lock().unwrap();
        let Some(capture) = current.as_ref() else { return };
        let Some(span) = context.span(id) else { return };
        let extensions = span.extensions();
        let Some(index) = extensions.get::<SpanIndex>().filter(|index| index.capture == capture.id) else {
            return;
        };
        let mut values = FieldValues::default();
        record.record(&mut values);
        capture.traces.lock().unwrap().spans[index.index].fields.extend(values.0);
    }

    fn on_event(&self, event: &tracing::Event<'_>, context: tracing_subscriber::layer::Context<'_, S>) {
        let current = self.shared.current.lock().unwrap();
        let Some(capture) = current.as_ref() else { return };
        let mut values = FieldValues::default();
        event.record(&mut values);
        let span = context.event_span(event).and_then(|span| {
            let extensions = span.extensions();
            let index = extensions.get::<SpanIndex>()?;
            (index.capture == capture.id).then_some(index.index)
        });
        let captured = CapturedEvent {
            level: *event.metadata().level(),
            target: event.metadata().target().to_owned(),
            fields: values.0,
            span,
        };
        (capture.hook)(&captured);
        capture.traces.lock().unwrap().events.push(captured);
    }
}

/// Ends a test's capture and its turn when dropped.
pub struct CaptureGuard {
    _turn: std::sync::MutexGuard<'static, ()>,
}

impl Drop for CaptureGuard {
    fn drop(&mut self) {
        if let Some(shared) = SHARED.get() {
            *shared.current.lock().unwrap() = None;
        }
    }
}

/// Records every span and event until the guard is dropped, calling `hook`
/// on each event as it happens (inside the traced code).
///
/// There is one subscriber for the whole test binary, installed globally by
/// the first call, and tests take turns. Scoped (thread-local) subscribers
/// are not enough: tracing caches per call site whether any subscriber
/// listens, and with several tests in parallel that cache can say "no" for
/// a call site while a test's scoped subscriber is listening. So a binary
/// that captures must not run other traced code outside a capture.
pub fn capture_traces(
    hook: impl Fn(&CapturedEvent) + Send + Sync + 'static,
) -> (CaptureGuard, std::sync::Arc<std::sync::Mutex<Traces>>) {
    use tracing_subscriber::layer::SubscriberExt as _;
    let turn = TURN.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let shared = SHARED.get_or_init(|| {
        let shared = std::sync::Arc::new(Shared::default());
        let subscriber = tracing_subscriber::registry().with(CaptureLayer { shared: shared.clone() });
        tracing::subscriber::set_global_default(subscriber).expect("no other global subscriber");
        shared
    });
    let traces = std::sync::Arc::new(std::sync::Mutex::new(Traces::default()));
    let id = CAPTURES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    *shared.current.lock().unwrap() = Some(Capture { id, traces: traces.clone(), hook: Box::new(hook) });
    (CaptureGuard { _turn: turn }, traces)
}

// ---------------------------------------------------------------------------
// The client crate
// ---------------------------------------------------------------------------

/// `name/version` of the client crate, as its manifest gives them.
pub fn client_package_user_agent() -> String {
    let manifest_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../generated-client/Cargo.toml");
    let manifest = std::fs::read_to_string(manifest_path).expect("the client's Cargo.toml");
    let package = manifest
        .split("\n[")
        .find(|section| section.trim_start_matches('[').starts_with("package]"))
        .expect("a [package] table");
    let value = |key: &str| {
        package
            .lines()
            .find_map(|line| {
                let (name, value) = line.split_once('=')?;
                (name.trim() == key).then(|| value.trim().trim_matches('"').to_owned())
            })
            .unwrap_or_else(|| panic!("no `{key}` in [package]"))
    };
    format!("{}/{}", value("name"), value("version"))
}
