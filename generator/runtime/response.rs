//! What a successful call gives back: the response as it arrived, and the
//! decoded result with the status and headers it came with.

use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde::de::DeserializeOwned;

use super::decode::{self, Failure};
use super::endpoint::Endpoint;
use super::error::{DecodeError, Error};
use super::redact::RedactedHeaders;

/// A decoded result together with the status and headers it arrived with, from
/// `send_with_response`. Its `Debug` output does not show the values of headers that may hold
/// credentials.
#[derive(Clone)]
pub struct ApiResponse<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
}

impl<T: fmt::Debug> fmt::Debug for ApiResponse<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiResponse")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &self.body)
            .finish()
    }
}

impl<T> ApiResponse<T> {
    /// A response as a call would return it: for tests of code that takes one.
    pub fn new(status: StatusCode, headers: HeaderMap, body: T) -> Self {
        ApiResponse { status, headers, body }
    }

    /// The HTTP status (always 2xx).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers, for example a request id.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, dropping status and headers.
    pub fn into_body(self) -> T {
        self.body
    }

    /// Status, headers and body.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }

    /// The same response with its body transformed.
    pub fn map<U>(self, transform: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse { status: self.status, headers: self.headers, body: transform(self.body) }
    }
}

/// A 2xx response, read to the end, not yet decoded: what a [`Reader`](super::Reader) reads.
pub struct Response {
    pub(crate) endpoint: &'static Endpoint,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Response {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Decodes a JSON body; an integer field takes a whole number written as a float (`1024.0`).
    /// An empty body, or a content type other than JSON, is a decode error that keeps the body;
    /// so is JSON that does not match `T`, and the error names the field that failed.
    pub fn json<T: DeserializeOwned>(self) -> Result<ApiResponse<T>, Error> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Err(self.decode_error("the response body is empty".to_owned()));
        }
        if let Some(content_type) = self.content_type().filter(|media| !is_json(media)) {
            let message = format!("expected a JSON body, got content type `{content_type}`");
            return Err(self.decode_error(message));
        }
        match decode::from_slice(&self.body) {
            Ok(body) => Ok(self.with_body(body)),
            Err(Failure { path, source }) => {
                let error = self.decode_error_of(String::new()).json(path, source);
                Err(Error::Decode(Box::new(error)))
            }
        }
    }

    /// Success without a result, whatever body or content type arrived.
    pub fn empty(self) -> Result<ApiResponse<()>, Error> {
        Ok(self.with_body(()))
    }

    pub(crate) fn content_type(&self) -> Option<String> {
        let value = self.headers.get(CONTENT_TYPE)?;
        Some(String::from_utf8_lossy(value.as_bytes()).into_owned())
    }

    pub(crate) fn with_body<T>(self, body: T) -> ApiResponse<T> {
        ApiResponse { status: self.status, headers: self.headers, body }
    }

    pub(crate) fn decode_error(&self, message: String) -> Error {
        Error::Decode(Box::new(self.decode_error_of(message)))
    }

    fn decode_error_of(&self, message: String) -> DecodeError {
        let (headers, body) = (self.headers.clone(), self.body.clone());
        DecodeError::new(self.endpoint, self.status, headers, body, message)
    }
}

/// The media type without parameters, lowercased: `application/json`.
pub(crate) fn essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

pub(crate) fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence.ends_with("/json") || essence.ends_with("+json")
}
