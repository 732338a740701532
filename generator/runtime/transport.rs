//! Sending: one call is up to [`RetryPolicy::attempts`] attempts within one
//! deadline, traced as one span.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{ACCEPT, CONTENT_TYPE, COOKIE, HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use tracing::Instrument as _;

use super::config::Secret;
use super::request::{Request, RequestOptions};
use super::response::Response;
use super::retry::{RetryPolicy, is_retryable_status};
use crate::error::{ApiError, Error};

/// What the generated code knows about an operation.
#[derive(Debug)]
pub(crate) struct Operation {
    /// The `Client` method, used in messages.
    pub(crate) name: &'static str,
    /// The spec's `operationId`, used in traces.
    pub(crate) id: &'static str,
    /// The HTTP method.
    pub(crate) method: Method,
    /// The path template relative to the base URL, with `{name}` placeholders.
    pub(crate) path: &'static str,
    /// The `Accept` header to send.
    pub(crate) accept: &'static str,
    /// Whether credentials are attached.
    pub(crate) authenticated: bool,
    /// The server reads the representation from `Content-Type`, so a
    /// request without a body sends the media type it asks for there too.
    pub(crate) content_type_negotiation: bool,
}

impl Operation {
    /// Methods whose requests can be repeated without changing the outcome
    /// (RFC 9110, section 9.2.2).
    fn is_idempotent(&self) -> bool {
        matches!(
            self.method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
        )
    }
}

/// The shared part of a client: connection pool, base URL, credentials and
/// defaults.
pub(crate) struct Transport {
    pub(super) http: reqwest::Client,
    /// Without a trailing slash; operation paths start with one.
    pub(super) base_url: String,
    /// `User-Agent` and the builder's default headers.
    pub(super) headers: HeaderMap,
    pub(super) auth_headers: HeaderMap,
    pub(super) auth_query: Vec<(&'static str, Secret)>,
    pub(super) timeout: Duration,
    pub(super) retry: RetryPolicy,
    /// The largest 2xx body read, in bytes.
    pub(super) max_response_bytes: u64,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let credentials: Vec<&str> = self
            .auth_headers
            .keys()
            .map(|name| name.as_str())
            .chain(self.auth_query.iter().map(|(name, _)| *name))
            .collect();
        f.debug_struct("Transport")
            .field("base_url", &self.base_url)
            .field("credentials", &credentials)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

impl Transport {
    /// Starts a request for `operation`.
    pub(crate) fn request(
        self: &Arc<Self>,
        operation: &'static Operation,
        options: RequestOptions,
    ) -> Request {
        Request::new(Arc::clone(self), operation, options)
    }
}

/// A request ready to go out, built once and sent on every attempt.
struct Prepared {
    url: reqwest::Url,
    headers: HeaderMap,
    body: Option<Bytes>,
}

impl Request {
    /// Sends the request, retrying as the policy allows, and reads the whole
    /// response. A status outside 2xx is an [`Error::Api`].
    pub(crate) async fn send(self) -> Result<Response, Error> {
        if let Some(problem) = self.problem {
            return Err(problem);
        }
        let operation = self.operation;
        let prepared = self.prepare()?;
        let transport = self.transport;
        let policy = self.options.retry.as_ref().unwrap_or(&transport.retry).clone();
        let may_retry = operation.is_idempotent() || self.options.retry_non_idempotent;
        let attempts = if may_retry { policy.attempts() } else { 1 };
        let started = Instant::now();
        let deadline = started + self.options.timeout.unwrap_or(transport.timeout);
        let span = tracing::info_span!(
            "request",
            operation = operation.id,
            http.method = %operation.method,
            url.template = operation.path,
            attempt = tracing::field::Empty,
            http.status_code = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        async move {
            let mut attempt = 1;
            loop {
                tracing::Span::current().record("attempt", attempt);
                let remaining = deadline.saturating_duration_since(Instant::now());
                let outcome = send_once(&transport, operation, &prepared, remaining).await;
                let finished = |outcome: Result<Response, Error>| {
                    let span = tracing::Span::current();
                    if let Some(status) = outcome_status(&outcome) {
                        span.record("http.status_code", status.as_u16());
                    }
                    span.record("elapsed_ms", started.elapsed().as_millis() as u64);
                    outcome
                };
                let Some(headers) = retryable(&outcome) else {
                    return finished(outcome);
                };
                if attempt >= attempts {
                    return finished(outcome);
                }
                let delay = policy.delay(attempt, headers);
                if Instant::now() + delay >= deadline {
                    return finished(outcome);
                }
                tracing::debug!(
                    attempt,
                    delay_ms = delay.as_millis() as u64,
                    reason = %retry_reason(&outcome),
                    "retrying"
                );
                tokio::time::sleep(delay).await;
                attempt += 1;
            }
        }
        .instrument(span)
        .await
    }

    /// URL and headers, in order of precedence: the client's defaults,
    /// credentials, the operation's parameters and body type, then the
    /// caller's extra headers.
    fn prepare(&self) -> Result<Prepared, Error> {
        let url = self.url()?;
        let mut headers = self.transport.headers.clone();
        headers.insert(ACCEPT, HeaderValue::from_static(self.accept));
        if self.operation.authenticated {
            headers.extend(self.transport.auth_headers.clone());
        }
        headers.extend(self.headers.clone());
        if !self.cookies.is_empty() {
            // Credentials in a cookie share the header with cookie parameters.
            let credentials = headers.get(COOKIE).and_then(|value| value.to_str().ok()).map(str::to_owned);
            let all: Vec<String> = credentials.into_iter().chain(self.cookies.iter().cloned()).collect();
            let mut value = HeaderValue::from_str(&all.join("; ")).map_err(|_| Error::InvalidRequest {
                operation: self.operation.name,
                message: "a cookie parameter has characters a header cannot carry".to_owned(),
            })?;
            value.set_sensitive(true);
            headers.insert(COOKIE, value);
        }
        match &self.body {
            Some((content_type, _)) => {
                headers.insert(CONTENT_TYPE, content_type.clone());
            }
            None if self.operation.content_type_negotiation => {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static(self.accept));
            }
            None => {}
        }
        headers.extend(self.extra_headers()?);
        Ok(Prepared { url, headers, body: self.body.as_ref().map(|(_, body)| body.clone()) })
    }
}

/// One attempt, given the time left.
async fn send_once(
    transport: &Transport,
    operation: &'static Operation,
    prepared: &Prepared,
    remaining: Duration,
) -> Result<Response, Error> {
    let mut request = transport
        .http
        .request(operation.method.clone(), prepared.url.clone())
        .headers(prepared.headers.clone())
        .timeout(remaining);
    if let Some(body) = &prepared.body {
        request = request.body(body.clone());
    }
    // The URL can hold an API key in its query, so it is left out.
    let transport_error =
        |source: reqwest::Error| Error::Transport { operation: operation.name, source: source.without_url() };
    let response = request.send().await.map_err(transport_error)?;
    let status = response.status();
    let headers = response.headers().clone();
    if !status.is_success() {
        // Only the start of an error body is kept; the rest is not read.
        let body = read_body(response, MAX_ERROR_BODY_BYTES).await.map_err(transport_error)?;
        let error = ApiError::new(operation, status, headers, body.bytes, body.truncated);
        return Err(Error::Api(Box::new(error)));
    }
    let limit = transport.max_response_bytes;
    let too_large = || Error::ResponseTooLarge { operation: operation.name, status, limit };
    // A body that says it is too large is not read at all.
    if response.content_length().is_some_and(|length| length > limit) {
        return Err(too_large());
    }
    let body = read_body(response, limit).await.map_err(transport_error)?;
    if body.truncated {
        return Err(too_large());
    }
    Ok(Response::new(operation, status, headers, body.bytes))
}

/// How much of an error body [`ApiError`] keeps: enough for any message a
/// server means to send, little enough to keep many errors around.
pub(crate) const MAX_ERROR_BODY_BYTES: u64 = 64 * 1024;

/// A body read up to a limit.
struct LimitedBody {
    bytes: Bytes,
    /// The body went on past the limit; `bytes` holds the first `limit`.
    truncated: bool,
}

/// Reads at most `limit` bytes of the body as they arrive, whatever its
/// `Content-Length` claims; stops (and drops the connection) at the limit.
async fn read_body(mut response: reqwest::Response, limit: u64) -> Result<LimitedBody, reqwest::Error> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    // The declared length sizes the buffer, but is not trusted beyond 1 MiB.
    let expected = response.content_length().and_then(|length| usize::try_from(length).ok()).unwrap_or(0);
    let mut body = Vec::with_capacity(expected.min(limit).min(1 << 20));
    while let Some(chunk) = response.chunk().await? {
        let room = limit - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return Ok(LimitedBody { bytes: Bytes::from(body), truncated: true });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(LimitedBody { bytes: Bytes::from(body), truncated: false })
}

/// `Some` when the outcome may be retried, with the failed response's
/// headers (for `Retry-After`) when there was a response.
fn retryable(outcome: &Result<Response, Error>) -> Option<Option<&HeaderMap>> {
    match outcome {
        Err(Error::Api(error)) if is_retryable_status(error.status()) => Some(Some(error.headers())),
        // No response: the connection could not be made (refused, or its
        // connect timeout passed) or broke before the answer. Any other
        // timeout is the call's deadline, which the caller checks.
        Err(Error::Transport { source, .. })
            if source.is_connect() || (source.is_request() && !source.is_timeout()) =>
        {
            Some(None)
        }
        _ => None,
    }
}

fn outcome_status(outcome: &Result<Response, Error>) -> Option<StatusCode> {
    match outcome {
        Ok(response) => Some(response.status()),
        Err(error) => error.status(),
    }
}

fn retry_reason(outcome: &Result<Response, Error>) -> String {
    match outcome {
        Err(Error::Api(error)) => format!("status {}", error.status()),
        Err(Error::Transport { .. }) => "connection failed".to_owned(),
        _ => "unknown".to_owned(),
    }
}
