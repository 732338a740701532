//! Operations as data. An operation's parameters are a struct that writes
//! them into a request ([`Parts`]) and names the [`Reader`] of its response;
//! a [`Request`] holds one, with the client and the options of one call.
//! What is the same for every operation (the options, sending, `.await`,
//! blocking calls) is here, once, and the one sending path in `send` is not
//! generic: only reading the response is.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use super::client::Client;
use super::endpoint::{Endpoint, Options};
use super::error::Error;
use super::parts::Parts;
use super::redact::Secret;
use super::response::{ApiResponse, Response};
use super::retry::RetryPolicy;
use super::send::{self, Pending, Transport};

/// Reads a successful response into an operation's result.
pub type Reader<T> = fn(Response) -> Result<ApiResponse<T>, Error>;

/// An operation's parameters: how they are written into a request, and how the response is read.
///
/// The structs in the crate's `requests` module implement it, one per operation. An operation of
/// your own (an endpoint the spec leaves out) can implement it too and go through
/// [`Client::request`], with the client's credentials, timeouts and retries.
///
/// Only a program's calls make the compiler generate code for an operation: [`READ`](Self::READ)
/// is a constant that only the generic code of a call uses, and the generated `write`s are
/// `#[inline]`. A crate with a thousand operations costs its users the ones they call.
pub trait Operation: Send + 'static {
    /// What a successful call returns.
    type Output: Send + 'static;
    /// The method, path and media type.
    const ENDPOINT: &'static Endpoint;
    /// Reads a successful response.
    const READ: Reader<Self::Output>;

    /// Writes the parameters: path, query, headers and body. An operation without parameters
    /// writes nothing.
    fn write(&self, _request: &mut Parts) {}
}

/// A call of one operation: set its options, then `.await` it (or call [`send`](Self::send),
/// or [`send_with_response`](Self::send_with_response) for the status and headers too).
///
/// With the `blocking` feature, [`call`](Self::call) makes the call without an async runtime.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is awaited or sent"]
pub struct Request<Op> {
    pub(crate) client: Client,
    pub(crate) options: Options,
    pub(crate) op: Op,
}

impl Client {
    /// A call of `op`: what every operation method returns, here for operations of your own.
    pub fn request<Op: Operation>(&self, op: Op) -> Request<Op> {
        Request { client: self.clone(), options: Options::default(), op }
    }
}

impl<Op: Operation> Request<Op> {
    /// Replaces the client's timeout for this call: the whole call, retries and the waits between
    /// them included, ends with [`Error::Transport`] (`is_timeout()`) once it passes.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// Replaces the client's retry policy for this call; [`RetryPolicy::never`] turns retries off.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.options.retry = Some(policy);
        self
    }

    /// Replaces the client's [idle timeout](crate::ClientBuilder::idle_timeout) for this call: how
    /// long a response read as a stream may pause between two chunks before the stream ends with
    /// [`Error::Timeout`]. Calls that read the whole response are bounded by
    /// [`timeout`](Self::timeout) alone.
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.options.idle_timeout = Some(timeout);
        self
    }

    /// Lets the retry policy repeat this call although its method (POST, PATCH) is not
    /// idempotent: say so only when repeating it is safe.
    pub fn retry_non_idempotent(mut self) -> Self {
        self.options.retry_non_idempotent = true;
        self
    }

    /// Adds a header to this request, after (and over) every other header, credentials included.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.headers.push((name.into(), Secret(value.into())));
        self
    }

    /// Sends the request and reads the response; the same as `.await` on the request.
    ///
    /// # Errors
    ///
    /// As documented on the `Client` method that made the request.
    pub fn send(self) -> ResponseFuture<Op::Output> {
        ResponseFuture {
            pending: start(self),
            read: |response| Ok((Op::READ)(response)?.into_body()),
        }
    }

    /// Like [`send`](Self::send), with the response's status and headers.
    ///
    /// # Errors
    ///
    /// As documented on the `Client` method that made the request.
    pub fn send_with_response(self) -> ResponseFuture<ApiResponse<Op::Output>> {
        ResponseFuture { pending: start(self), read: Op::READ }
    }

    /// Makes the call on the client's own runtime and waits for the result, for programs without
    /// an async runtime (feature `blocking`). It works from any thread, including one inside
    /// another tokio runtime, where it blocks that thread as any blocking call does.
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send), and [`Error::Config`] when the client's runtime cannot start.
    #[cfg(feature = "blocking")]
    pub fn call(self) -> Result<Op::Output, Error> {
        Ok(self.call_with_response()?.into_body())
    }

    /// Like [`call`](Self::call), with the response's status and headers.
    ///
    /// # Errors
    ///
    /// As [`call`](Self::call).
    #[cfg(feature = "blocking")]
    pub fn call_with_response(self) -> Result<ApiResponse<Op::Output>, Error> {
        let transport = self.client.transport.clone();
        (Op::READ)(transport.blocking()?.run(start(self))?)
    }
}

/// Writes the request and starts sending it. (Functions, not methods: the operations' setters
/// are methods of `Request` too.)
fn start<Op: Operation>(request: Request<Op>) -> Pending {
    let (transport, parts, options) = written(request);
    send::start(transport, parts, options)
}

/// The request as the sending path takes it: the client's transport, the operation's parameters
/// written into parts, and the call's options.
pub(crate) fn written<Op: Operation>(request: Request<Op>) -> (Arc<Transport>, Parts, Options) {
    let mut parts = Parts::new(Op::ENDPOINT);
    request.op.write(&mut parts);
    (request.client.transport, parts, request.options)
}

impl<Op: Operation> IntoFuture for Request<Op> {
    type Output = Result<Op::Output, Error>;
    type IntoFuture = ResponseFuture<Op::Output>;

    fn into_future(self) -> Self::IntoFuture {
        self.send()
    }
}

/// A call in flight: the sending, which is the same for every operation, then reading the
/// response into a `T`.
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct ResponseFuture<T> {
    pending: Pending,
    read: fn(Response) -> Result<T, Error>,
}

impl<T> Future for ResponseFuture<T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Self::Output> {
        let read = self.read;
        self.pending.as_mut().poll(context).map(|response| response.and_then(read))
    }
}
