//! Everything that can go wrong in a call. Messages name the operation and
//! never contain credentials; text from the server in them has its control
//! characters escaped and is cut short (see `redact`).

use std::fmt;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::ErrorBody;
use super::endpoint::Endpoint;
use super::redact::{RedactedHeaders, server_text};
use super::retry::{is_retryable_status, retry_after};

/// Everything that can go wrong in a call.
///
/// Messages name the operation and never contain credentials; text from the server in them has
/// its control characters escaped and is cut at 300 characters.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a status outside 2xx.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// No response arrived: connection refused, timeout, TLS failure, or the body could not be
    /// read.
    #[error("{operation}: no response: {source}")]
    Transport {
        /// The `Client` method that was called.
        operation: &'static str,
        /// What the HTTP stack reported (without the URL).
        #[source]
        source: reqwest::Error,
    },
    /// A 2xx response whose body does not match the operation's result type. Its
    /// [`source`](std::error::Error::source) is serde's error.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// A 2xx response larger than the client's limit
    /// ([`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes)); the
    /// body was not read past it.
    #[error(
        "{operation}: the {status} response is larger than the limit of {limit} bytes (see ClientBuilder::max_response_bytes)"
    )]
    ResponseTooLarge {
        /// The `Client` method that was called.
        operation: &'static str,
        /// The HTTP status.
        status: StatusCode,
        /// The limit that was passed, in bytes.
        limit: u64,
    },
    /// A streamed response stopped arriving in time: its status and headers (and first bytes) did
    /// not come within the call's timeout, or no bytes came within the idle timeout between two
    /// chunks ([`ClientBuilder::idle_timeout`](crate::ClientBuilder::idle_timeout)). Calls that
    /// read the whole response end with [`Error::Transport`] instead.
    #[error("{operation}: timed out after {limit:?} waiting for {waiting_for}")]
    Timeout {
        /// The `Client` method that was called.
        operation: &'static str,
        /// What did not arrive: `the response`, `the first bytes` or `more bytes`.
        waiting_for: &'static str,
        /// How long the client waited.
        limit: Duration,
    },
    /// An argument cannot be put into a request: a header value with a line break, or a path
    /// parameter that is empty, `.` or `..`.
    #[error("{operation}: invalid request: {message}")]
    InvalidRequest {
        /// The `Client` method that was called.
        operation: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The client cannot be built from the given settings.
    #[error("invalid client configuration: {message}")]
    Config {
        /// What is wrong.
        message: String,
    },
}

impl Error {
    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(error) => Some(error.status),
            Error::Decode(error) => Some(error.status),
            Error::ResponseTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The decoded error body the server sent, when it matches the spec.
    pub fn api_error(&self) -> Option<&ErrorBody> {
        match self {
            Error::Api(error) => error.body.as_ref(),
            _ => None,
        }
    }

    /// The response body as it arrived, when a response arrived.
    pub fn raw_body(&self) -> Option<&[u8]> {
        match self {
            Error::Api(error) => Some(&error.raw_body),
            Error::Decode(error) => Some(&error.raw_body),
            _ => None,
        }
    }

    /// The id the server gave the request, for a support ticket or its logs: a `request_id` or
    /// `requestId` member of a JSON error body, or else the first of the common request id
    /// headers (`x-request-id`, `request-id`, `x-amzn-requestid`, ...). Only for errors where a
    /// response arrived.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(error) => error.request_id(),
            Error::Decode(error) => error.request_id(),
            _ => None,
        }
    }

    /// Whether the failure may go away if the call is made again: no response arrived (the
    /// connection failed or broke, or an attempt timed out), or the status is 408, 429, 502, 503
    /// or 504. These are what the [`RetryPolicy`](crate::RetryPolicy) retries, when the method
    /// may be repeated, attempts remain and the wait fits in the call's timeout; so an error
    /// returned with `is_retryable()` ran out of one of these.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(error) => is_retryable_status(error.status),
            Error::Transport { source, .. } => is_transient(source),
            Error::Timeout { .. } => true,
            _ => false,
        }
    }

    /// Whether the call failed because a timeout expired: the call's timeout, the retry policy's
    /// [`attempt_timeout`](crate::RetryPolicy::attempt_timeout) on the last attempt, the connect
    /// timeout, or a streamed response's idle timeout.
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Transport { source, .. } => source.is_timeout(),
            Error::Timeout { .. } => true,
            _ => false,
        }
    }

    /// An [`Error::Api`] as a call gets it when the server answers `status` with `body`, for
    /// tests of code that handles errors. It names no operation; its raw body is `body` as JSON.
    pub fn api(status: StatusCode, body: ErrorBody) -> Error {
        let raw_body = serde_json::to_vec(&body).map(Bytes::from).unwrap_or_default();
        let mut error = ApiError::new(BUILT, status, HeaderMap::new(), raw_body, false);
        // The body as given, not as its JSON decodes again.
        error.body = Some(body);
        Error::Api(Box::new(error))
    }

    /// An [`Error::Api`] with the headers and body a server sent as they are (HTML from a proxy,
    /// say): the body is decoded as a call decodes it, into an [`ErrorBody`] when it is one.
    pub fn api_raw(status: StatusCode, headers: HeaderMap, body: impl Into<Bytes>) -> Error {
        Error::Api(Box::new(ApiError::new(BUILT, status, headers, body.into(), false)))
    }
    /// Whether no connection could be made to the server: refused, unreachable, a failed TLS
    /// handshake, or the connect timeout passed.
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Transport { source, .. } if source.is_connect())
    }
}

/// Failures without a response that a new attempt may not meet: the connection could not be
/// made or broke, or the attempt timed out. Errors in building the request or following
/// redirects would only happen again.
pub(crate) fn is_transient(source: &reqwest::Error) -> bool {
    source.is_connect() || source.is_timeout() || source.is_request() || source.is_body()
}

/// The headers servers and gateways put a request's id in, in order of preference.
const REQUEST_ID_HEADERS: &[&str] = &[
    "x-request-id",
    "request-id",
    "x-amzn-requestid",
    "x-amz-request-id",
    "x-ms-request-id",
    "x-correlation-id",
    "x-trace-id",
];

/// A request id from a JSON body's `request_id` or `requestId` member, or from a header.
fn find_request_id(body: &[u8], headers: &HeaderMap) -> Option<String> {
    json_member(body, &["request_id", "requestId"]).or_else(|| {
        REQUEST_ID_HEADERS.iter().find_map(|name| {
            let value = headers.get(*name)?.to_str().ok()?.trim();
            (!value.is_empty()).then(|| value.to_owned())
        })
    })
}

/// The endpoint of errors built by [`Error::api`] and [`Error::api_raw`]: no operation.
const BUILT: &Endpoint = &Endpoint {
    name: "",
    id: "",
    method: reqwest::Method::GET,
    template: "",
    accept: "",
    authenticated: false,
    negotiates_content_type: false,
};

/// An answer with a status outside 2xx.
///
/// Only the first 64 KiB of its body are read and kept. Its `Debug` output does not show the
/// values of headers that may hold credentials (`set-cookie`, authentication, anything named like
/// a key, token or secret).
pub struct ApiError {
    endpoint: &'static Endpoint,
    status: StatusCode,
    headers: HeaderMap,
    body: Option<ErrorBody>,
    raw_body: Bytes,
    body_truncated: bool,
    request_id: Option<String>,
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("operation", &self.endpoint.name)
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &self.body)
            .field("raw_body", &self.raw_body)
            .field("body_truncated", &self.body_truncated)
            .field("request_id", &self.request_id)
            .finish()
    }
}

impl ApiError {
    pub(crate) fn new(
        endpoint: &'static Endpoint,
        status: StatusCode,
        headers: HeaderMap,
        raw_body: Bytes,
        body_truncated: bool,
    ) -> Self {
        let body = serde_json::from_slice(&raw_body).ok();
        let request_id = find_request_id(&raw_body, &headers);
        ApiError { endpoint, status, headers, body, raw_body, body_truncated, request_id }
    }

    /// The `Client` method that was called; empty for an error built by [`Error::api`].
    pub fn operation(&self) -> &'static str {
        self.endpoint.name
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers (for example a request id).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body, when it is JSON of the declared error type.
    pub fn body(&self) -> Option<&ErrorBody> {
        self.body.as_ref()
    }

    /// The body as it arrived (HTML from a proxy, for example), up to its first 64 KiB.
    pub fn raw_body(&self) -> &[u8] {
        &self.raw_body
    }

    /// Whether the body went on past the 64 KiB that were kept.
    pub fn is_body_truncated(&self) -> bool {
        self.body_truncated
    }

    /// The server's message: the `message`, `detail`, `error_description`, `error` or `title`
    /// member of a JSON body.
    pub fn message(&self) -> Option<String> {
        json_member(&self.raw_body, &["message", "detail", "error_description", "error", "title"])
    }

    /// The request id the server gave (see [`Error::request_id`]).
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// How long the server asked the client to wait before trying again, from a `Retry-After`
    /// header (seconds, or an HTTP date counted from now). A wait longer than the retry policy's
    /// [`max_retry_after`](crate::RetryPolicy::max_retry_after) is not retried: the error comes
    /// back at once, and this says when the server will take the request again.
    pub fn retry_after(&self) -> Option<Duration> {
        retry_after(&self.headers, SystemTime::now())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.endpoint.name.is_empty() {
            write!(f, "{}: ", Call(self.endpoint))?;
        }
        write!(f, "the server answered {}", self.status)?;
        // The server's words, on one line and not too long.
        if let Some(message) = self.message() {
            write!(f, ": {}", server_text(&message))?;
        }
        if let Some(request_id) = self.request_id() {
            write!(f, " (request id {})", server_text(request_id))?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// A 2xx response whose body does not match the operation's result type.
///
/// It names the field that failed as a path into the body (`[17].last_accessed`), and its
/// [`source`](std::error::Error::source) is serde's error, when the body is JSON that did not
/// decode.
#[derive(Debug)]
pub struct DecodeError {
    endpoint: &'static Endpoint,
    status: StatusCode,
    headers: HeaderMap,
    raw_body: Bytes,
    message: String,
    path: Option<String>,
    source: Option<serde_json::Error>,
    request_id: Option<String>,
}

impl DecodeError {
    pub(crate) fn new(
        endpoint: &'static Endpoint,
        status: StatusCode,
        headers: HeaderMap,
        raw_body: Bytes,
        message: String,
    ) -> Self {
        let request_id = find_request_id(&[], &headers);
        let (path, source) = (None, None);
        DecodeError { endpoint, status, headers, raw_body, message, path, source, request_id }
    }

    /// The error of JSON that did not decode as the result type, at `path` in it.
    pub(crate) fn json(mut self, path: Option<String>, source: serde_json::Error) -> Self {
        self.message = source.to_string();
        self.path = path;
        self.source = Some(source);
        self
    }

    /// The `Client` method that was called.
    pub fn operation(&self) -> &'static str {
        self.endpoint.name
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body as it arrived.
    pub fn raw_body(&self) -> &[u8] {
        &self.raw_body
    }

    /// Where in the body decoding failed, as serde_path_to_error writes it: `[17].last_accessed`
    /// is the `last_accessed` member of the array's 18th element. `None` when the body as a whole
    /// is wrong (not JSON, empty, another content type).
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// The request id from the response headers (see [`Error::request_id`]).
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (call, status) = (Call(self.endpoint), self.status);
        write!(f, "{call}: cannot decode the {status} response")?;
        if let Some(path) = &self.path {
            // Member names come from the server.
            write!(f, " at `{}`", server_text(path))?;
        }
        write!(f, ": {}", server_text(&self.message))?;
        if let Some(request_id) = &self.request_id {
            write!(f, " (request id {})", server_text(request_id))?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|source| source as _)
    }
}

/// `get_array (GET /arrays/{namespace}/{array})`, for messages.
struct Call(&'static Endpoint);

impl fmt::Display for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Endpoint { name, method, template, .. } = self.0;
        write!(f, "{name} ({method} {})", server_text(template))
    }
}

/// The first of `names` that is a string (or number) member of a JSON object body.
fn json_member(body: &[u8], names: &[&str]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    names.iter().find_map(|name| match value.get(name)? {
        serde_json::Value::String(text) if !text.is_empty() => Some(text.clone()),
        serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    })
}
