//! What a successful call gives back: the decoded body, and the response it
//! arrived in for callers who need the status or headers.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde::de::DeserializeOwned;

use super::redact::RedactedHeaders;
use super::request::Request;
use super::transport::Operation;
use crate::error::{DecodeError, Error};

/// A decoded result together with the status and headers it arrived with,
/// from a request builder's `send_with_response`. Its `Debug` output does
/// not show the values of headers that may hold credentials.
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

/// A 2xx response, read to the end, not yet decoded.
pub(crate) struct Response {
    operation: &'static Operation,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Response {
    pub(super) fn new(
        operation: &'static Operation,
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
    ) -> Self {
        Response { operation, status, headers, body }
    }

    pub(crate) fn status(&self) -> StatusCode {
        self.status
    }

    /// Decodes a JSON body. An empty body, or a content type other than
    /// JSON, is a decode error that keeps the body.
    pub(crate) fn json<T: DeserializeOwned>(self) -> Result<ApiResponse<T>, Error> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Err(self.decode_error("the response body is empty".to_owned()));
        }
        if let Some(content_type) = self.content_type().filter(|content_type| !is_json(content_type)) {
            return Err(self.decode_error(format!("expected a JSON body, got content type `{content_type}`")));
        }
        match serde_json::from_slice(&self.body) {
            Ok(body) => Ok(self.with_body(body)),
            Err(error) => Err(self.decode_error(error.to_string())),
        }
    }

    /// Decodes a JSON body, or `None` when the server sent none.
    pub(crate) fn json_or_empty<T: DeserializeOwned>(self) -> Result<ApiResponse<Option<T>>, Error> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(self.with_body(None));
        }
        let response = self.json()?;
        Ok(ApiResponse { status: response.status, headers: response.headers, body: Some(response.body) })
    }

    /// Success without a result, whatever body or content type arrived.
    pub(crate) fn empty(self) -> ApiResponse<()> {
        self.with_body(())
    }

    /// The body as it arrived. A content type other than `media_type` is a
    /// decode error that keeps the body.
    pub(crate) fn bytes(self, media_type: &str) -> Result<ApiResponse<Bytes>, Error> {
        self.expect_media_type(media_type)?;
        let body = self.body.clone();
        Ok(self.with_body(body))
    }

    /// The body as text. A content type other than `media_type`, or bytes
    /// that are not UTF-8, are a decode error that keeps the body.
    pub(crate) fn text(self, media_type: &str) -> Result<ApiResponse<String>, Error> {
        self.expect_media_type(media_type)?;
        match String::from_utf8(self.body.to_vec()) {
            Ok(text) => Ok(self.with_body(text)),
            Err(error) => Err(self.decode_error(format!("the response body is not UTF-8 text: {error}"))),
        }
    }

    /// A decode error when the response says it is not `media_type`.
    fn expect_media_type(&self, media_type: &str) -> Result<(), Error> {
        match self.content_type().filter(|content_type| !same_media_type(content_type, media_type)) {
            Some(content_type) => {
                Err(self.decode_error(format!("expected `{media_type}`, got content type `{content_type}`")))
            }
            None => Ok(()),
        }
    }

    /// The error for a 2xx status the spec does not document for an
    /// operation whose statuses carry different bodies.
    pub(crate) fn unexpected_status(self) -> Error {
        let message = format!("status {} is not one the spec documents for this operation", self.status.as_u16());
        self.decode_error(message)
    }

    fn content_type(&self) -> Option<String> {
        let value = self.headers.get(CONTENT_TYPE)?;
        Some(String::from_utf8_lossy(value.as_bytes()).into_owned())
    }

    fn with_body<T>(self, body: T) -> ApiResponse<T> {
        ApiResponse { status: self.status, headers: self.headers, body }
    }

    fn decode_error(&self, message: String) -> Error {
        Error::Decode(Box::new(DecodeError::new(self.operation, self.status, self.body.clone(), message)))
    }
}

/// The media type without parameters, lowercased: `application/json`.
fn essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence.ends_with("/json") || essence.ends_with("+json")
}

fn same_media_type(a: &str, b: &str) -> bool {
    essence(a) == essence(b)
}

/// A request for a representation other than JSON (for example Cap'n
/// Proto), from a request builder's `accept_*` method. Await it (or call
/// [`send`](Self::send)) for the body's bytes.
#[must_use = "a request does nothing until it is awaited or sent"]
pub struct RawRequest {
    request: Request,
    media_type: &'static str,
}

impl fmt::Debug for RawRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawRequest").field("request", &self.request).finish()
    }
}

impl RawRequest {
    pub(crate) fn new(request: Request, media_type: &'static str) -> Self {
        RawRequest { request: request.accept(media_type), media_type }
    }

    /// Sends the request and returns the body as it arrived.
    ///
    /// # Errors
    ///
    /// As for the JSON form of the request; a response in another media
    /// type is an [`Error::Decode`].
    pub async fn send(self) -> Result<Bytes, Error> {
        Ok(self.send_with_response().await?.into_body())
    }

    /// Like [`send`](Self::send), with the response's status and headers.
    ///
    /// # Errors
    ///
    /// As for [`send`](Self::send).
    pub async fn send_with_response(self) -> Result<ApiResponse<Bytes>, Error> {
        self.request.send().await?.bytes(self.media_type)
    }
}

impl IntoFuture for RawRequest {
    type Output = Result<Bytes, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
