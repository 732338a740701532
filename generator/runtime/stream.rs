//! Responses read as they arrive, for binary bodies of any size: the call's
//! timeout covers connecting, the status and headers and the first bytes,
//! then an idle timeout covers each wait for more. The size limit for
//! responses does not apply, since the caller consumes the body as it comes.
//! Copied into crates whose spec has binary responses or server-sent events.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use http_body::Body as _;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderMap};
use tokio::time::{Instant, Sleep};

use super::endpoint::{Endpoint, Options};
use super::error::{DecodeError, Error};
use super::operation::{Operation, Request, written};
use super::parts::Parts;
use super::redact::RedactedHeaders;
use super::response::essence;
use super::send::{self, Finish, MAX_ERROR_BODY_BYTES, Transport, transport_error};

impl<Op: Operation<Output = Bytes>> Request<Op> {
    /// Sends the request and returns the body as a [`ByteStream`] once the status and headers
    /// arrive, instead of reading it whole: a body of any size goes through in constant memory.
    ///
    /// The call's timeout covers connecting, the response's headers and its first bytes; the
    /// [idle timeout](Self::idle_timeout) covers each later wait for more. The response size
    /// limit does not apply. Failures before the body starts are retried as for any call; once
    /// the stream is returned, a broken connection is an error item of the stream.
    ///
    /// # Errors
    ///
    /// As documented on the `Client` method that made the request, and [`Error::Timeout`] when
    /// the response does not start within the call's timeout. A response of another content
    /// type than the one asked for is an [`Error::Decode`] with the start of its body.
    pub async fn bytes_stream(self) -> Result<ByteStream, Error> {
        ByteStream::start(self).await
    }
}

/// The response's head, with its body still to come: what a streamed call's attempt gives.
pub(crate) struct Head {
    endpoint: &'static Endpoint,
    status: StatusCode,
    headers: HeaderMap,
    body: reqwest::Body,
    deadline: Option<Instant>,
    idle_timeout: Duration,
}

impl Finish for Head {
    type Output = Head;
    const LIMITS_BODY: bool = false;

    async fn finish(
        _: &Transport,
        response: reqwest::Response,
        endpoint: &'static Endpoint,
        deadline: Option<Instant>,
        idle_timeout: Duration,
    ) -> Result<Head, Error> {
        let (status, headers) = (response.status(), response.headers().clone());
        let body = reqwest::Body::from(response);
        Ok(Head { endpoint, status, headers, body, deadline, idle_timeout })
    }

    fn status(output: &Head) -> StatusCode {
        output.status
    }
}

/// A response body as it arrives, a chunk at a time: a [`Stream`] of `Bytes`, or
/// [`next`](Self::next) in a loop. Nothing is kept once a chunk is handed over.
///
/// Each wait for a chunk is bounded: the first by the call's timeout, the others by the idle
/// timeout. A wait that passes ends the stream with [`Error::Timeout`]; a connection that breaks
/// ends it with [`Error::Transport`]. After an error the stream ends. Its `Debug` output does
/// not show the values of headers that may hold credentials.
#[must_use = "streams do nothing unless polled"]
pub struct ByteStream {
    endpoint: &'static Endpoint,
    status: StatusCode,
    headers: HeaderMap,
    body: reqwest::Body,
    /// When the current wait ends.
    timer: Pin<Box<Sleep>>,
    idle_timeout: Duration,
    /// What the current wait is for, and how long it may be, for the error.
    waiting: (&'static str, Duration),
    ended: bool,
}

impl ByteStream {
    /// Sends `request` through the one sending path, finishing at the head; checks the content
    /// type.
    pub(crate) async fn start<Op: Operation>(request: Request<Op>) -> Result<ByteStream, Error> {
        let (transport, parts, options) = written(request);
        ByteStream::open(transport, parts, options, Op::ENDPOINT.accept).await
    }

    /// Sends the request `parts` describe, finishing at the head; a response whose content type
    /// is not `expected` is a decode error.
    pub(crate) async fn open(
        transport: Arc<Transport>,
        parts: Parts,
        options: Options,
        expected: &str,
    ) -> Result<ByteStream, Error> {
        let head = send::send::<Head>(transport, parts, options).await?;
        let stream = ByteStream::new(head);
        if let Some(actual) =
            stream.content_type().filter(|actual| !media_type_matches(expected, actual))
        {
            let message = format!("expected `{expected}`, got content type `{actual}`");
            return Err(stream.decode_error(message).await);
        }
        Ok(stream)
    }

    fn new(head: Head) -> ByteStream {
        let Head { endpoint, status, headers, body, deadline, idle_timeout } = head;
        let first =
            deadline.map_or(Duration::MAX, |at| at.saturating_duration_since(Instant::now()));
        // Without a deadline the first wait is as long as tokio's timer allows.
        let timer = match deadline {
            Some(at) => tokio::time::sleep_until(at),
            None => tokio::time::sleep(Duration::MAX),
        };
        ByteStream {
            endpoint,
            status,
            headers,
            body,
            timer: Box::pin(timer),
            idle_timeout,
            waiting: ("the first bytes", first),
            ended: false,
        }
    }

    /// The HTTP status (always 2xx).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body's length as its `Content-Length` header declares it, when it does. A server can
    /// send less (the stream then ends with an error) but not more.
    pub fn content_length(&self) -> Option<u64> {
        self.headers.get(CONTENT_LENGTH)?.to_str().ok()?.trim().parse().ok()
    }

    /// The next chunk; `None` at the end of the body.
    pub async fn next(&mut self) -> Option<Result<Bytes, Error>> {
        std::future::poll_fn(|context| Pin::new(&mut *self).poll_next(context)).await
    }

    /// The next chunk, `Ok(None)` at the end of the body.
    ///
    /// # Errors
    ///
    /// As the stream's items: [`Error::Timeout`] or [`Error::Transport`].
    pub async fn try_next(&mut self) -> Result<Option<Bytes>, Error> {
        self.next().await.transpose()
    }

    fn content_type(&self) -> Option<String> {
        let value = self.headers.get(CONTENT_TYPE)?;
        Some(String::from_utf8_lossy(value.as_bytes()).into_owned())
    }

    /// A decode error about this response, with what arrives of its first 64 KiB.
    pub(crate) async fn decode_error(mut self, message: String) -> Error {
        let mut start = BytesMut::new();
        while let Some(Ok(chunk)) = self.next().await {
            let room = MAX_ERROR_BODY_BYTES as usize - start.len();
            start.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if chunk.len() >= room {
                break;
            }
        }
        self.error_with(start.freeze(), message)
    }

    /// A decode error about this response, keeping `body` as its raw body.
    pub(crate) fn error_with(&self, body: Bytes, message: String) -> Error {
        Error::Decode(Box::new(self.decode_error_of(body, message)))
    }

    /// The decode error of [`error_with`](Self::error_with), to complete.
    pub(crate) fn decode_error_of(&self, body: Bytes, message: String) -> DecodeError {
        DecodeError::new(self.endpoint, self.status, self.headers.clone(), body, message)
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.ended {
            return Poll::Ready(None);
        }
        loop {
            match Pin::new(&mut this.body).poll_frame(context) {
                Poll::Ready(Some(Ok(frame))) => match frame.into_data() {
                    Ok(chunk) if !chunk.is_empty() => {
                        let idle = this.idle_timeout;
                        this.timer.as_mut().reset(after(idle));
                        this.waiting = ("more bytes", idle);
                        return Poll::Ready(Some(Ok(chunk)));
                    }
                    // Trailers and empty chunks carry nothing to hand over.
                    _ => continue,
                },
                Poll::Ready(Some(Err(source))) => {
                    this.ended = true;
                    return Poll::Ready(Some(Err(transport_error(this.endpoint, source))));
                }
                Poll::Ready(None) => {
                    this.ended = true;
                    return Poll::Ready(None);
                }
                Poll::Pending => break,
            }
        }
        match this.timer.as_mut().poll(context) {
            Poll::Ready(()) => {
                this.ended = true;
                let (waiting_for, limit) = this.waiting;
                let operation = this.endpoint.name;
                Poll::Ready(Some(Err(Error::Timeout { operation, waiting_for, limit })))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("operation", &self.endpoint.name)
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .finish_non_exhaustive()
    }
}

/// Whether a response's content type is what the request asked for: the same media type, or
/// one that a wildcard (`*/*`, `image/*`) covers.
pub(crate) fn media_type_matches(expected: &str, actual: &str) -> bool {
    let (expected, actual) = (essence(expected), essence(actual));
    match expected.strip_suffix("/*") {
        Some("*") => true,
        Some(kind) => actual.split('/').next() == Some(kind),
        None => expected == actual,
    }
}

/// The instant `wait` from now, or tokio's farthest when that is beyond what its clock can hold.
fn after(wait: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(wait).unwrap_or_else(|| now + Duration::from_secs(30 * 365 * 86_400))
}
