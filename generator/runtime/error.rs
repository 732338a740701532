//! Everything that can go wrong in a call. Messages name the operation and
//! never contain credentials; text from the server in them has its control
//! characters escaped and is cut short (see `redact`).

use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::ErrorBody;
use super::operation::Endpoint;
use super::redact::{RedactedHeaders, server_text};

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
    /// A 2xx response whose body does not match the operation's result type.
    #[error("{0}")]
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

    /// Whether the call failed because a timeout expired.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport { source, .. } if source.is_timeout())
    }

    /// An [`Error::Api`] as a call gets it when the server answers `status` with `body`, for
    /// tests of code that handles errors. It names no operation; its raw body is `body` as JSON.
    pub fn api(status: StatusCode, body: ErrorBody) -> Error {
        let raw_body = serde_json::to_vec(&body).map(Bytes::from).unwrap_or_default();
        let error = ApiError {
            endpoint: BUILT,
            status,
            headers: HeaderMap::new(),
            body: Some(body),
            raw_body,
            body_truncated: false,
        };
        Error::Api(Box::new(error))
    }

    /// An [`Error::Api`] with the headers and body a server sent as they are (HTML from a proxy,
    /// say): the body is decoded as a call decodes it, into an [`ErrorBody`] when it is one.
    pub fn api_raw(status: StatusCode, headers: HeaderMap, body: impl Into<Bytes>) -> Error {
        Error::Api(Box::new(ApiError::new(BUILT, status, headers, body.into(), false)))
    }
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
        ApiError { endpoint, status, headers, body, raw_body, body_truncated }
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

    /// The request id the server gave: a `request_id` or `requestId` member of a JSON body, or an
    /// `x-request-id` header.
    pub fn request_id(&self) -> Option<String> {
        json_member(&self.raw_body, &["request_id", "requestId"]).or_else(|| {
            let header = self.headers.get("x-request-id")?;
            header.to_str().ok().map(str::to_owned)
        })
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
            write!(f, " (request id {})", server_text(&request_id))?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// A 2xx response whose body does not match the operation's result type.
#[derive(Debug)]
pub struct DecodeError {
    endpoint: &'static Endpoint,
    status: StatusCode,
    raw_body: Bytes,
    message: String,
}

impl DecodeError {
    pub(crate) fn new(
        endpoint: &'static Endpoint,
        status: StatusCode,
        raw_body: Bytes,
        message: String,
    ) -> Self {
        DecodeError { endpoint, status, raw_body, message }
    }

    /// The `Client` method that was called.
    pub fn operation(&self) -> &'static str {
        self.endpoint.name
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The body as it arrived.
    pub fn raw_body(&self) -> &[u8] {
        &self.raw_body
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (call, status, message) =
            (Call(self.endpoint), self.status, server_text(&self.message));
        write!(f, "{call}: cannot decode the {status} response: {message}")
    }
}

impl std::error::Error for DecodeError {}

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
