//! The one sending path every call takes: credentials, up to
//! [`RetryPolicy::attempts`] attempts within one deadline (each within the
//! policy's attempt timeout), redirects,
//! tracing (one span per call), status handling and size limits. It is not
//! generic over operations, so it is compiled once, whatever their number;
//! only what an attempt makes of a 2xx response ([`Finish`]) varies: read
//! whole here, or handed over as it arrives for streamed responses.
//!
//! Deadlines and waits are on tokio's clock, as reqwest's timeouts are, so a
//! test that pauses that clock controls all of them.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{ACCEPT, CONTENT_TYPE, COOKIE, HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode, Url};
use tokio::time::Instant;
use tracing::Instrument as _;

use super::endpoint::{Endpoint, Options};
use super::error::{ApiError, Error};
use super::parts::{Parts, push_query, to_header};
use super::redact::Secret;
use super::response::Response;
use super::retry::RetryPolicy;

/// A call being sent, up to the whole response.
pub(crate) type Pending = Pin<Box<dyn Future<Output = Result<Response, Error>> + Send>>;

/// The shared part of a client: connection pool, base URL, credentials and defaults.
pub(crate) struct Transport {
    pub(crate) http: reqwest::Client,
    /// Without a trailing slash; operation paths start with one.
    pub(crate) base_url: String,
    /// `User-Agent` and the builder's default headers.
    pub(crate) headers: HeaderMap,
    pub(crate) auth_headers: HeaderMap,
    pub(crate) auth_query: Vec<(&'static str, Secret)>,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    /// The largest 2xx body read, in bytes.
    pub(crate) max_response_bytes: u64,
    /// The longest wait for more bytes of a streamed response.
    pub(crate) idle_timeout: Duration,
    /// The runtime blocking calls run on, started by the first one.
    #[cfg(feature = "blocking")]
    pub(crate) blocking: std::sync::OnceLock<super::blocking::BlockingRuntime>,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names = self.auth_headers.keys().map(|name| name.as_str());
        let credentials: Vec<&str> =
            header_names.chain(self.auth_query.iter().map(|(name, _)| *name)).collect();
        f.debug_struct("Transport")
            .field("base_url", &self.base_url)
            .field("credentials", &credentials)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("idle_timeout", &self.idle_timeout)
            .finish_non_exhaustive()
    }
}

/// Starts sending the request `parts` describe.
pub(crate) fn start(transport: Arc<Transport>, parts: Parts, options: Options) -> Pending {
    Box::pin(send::<Whole>(transport, parts, options))
}

/// What an attempt makes of a 2xx response, after the status and headers arrived.
pub(crate) trait Finish: Send + 'static {
    /// What a successful attempt gives.
    type Output: Send + 'static;
    /// Whether the attempt's time limit covers reading the body too. When it does not, it covers
    /// the status and headers, and what comes after is `finish`'s to bound.
    const LIMITS_BODY: bool;

    /// Reads (or hands over) the response of a call to `endpoint`, whose timeout ends at
    /// `deadline` (`None`: never); a body read as it arrives may pause for `idle_timeout` between two chunks.
    fn finish(
        transport: &Transport,
        response: reqwest::Response,
        endpoint: &'static Endpoint,
        deadline: Option<Instant>,
        idle_timeout: Duration,
    ) -> impl Future<Output = Result<Self::Output, Error>> + Send;

    /// The status, for the call's trace.
    fn status(output: &Self::Output) -> StatusCode;
}

/// Reads the whole body, up to the client's limit.
struct Whole;

impl Finish for Whole {
    type Output = Response;
    const LIMITS_BODY: bool = true;

    async fn finish(
        transport: &Transport,
        response: reqwest::Response,
        endpoint: &'static Endpoint,
        _: Option<Instant>,
        _: Duration,
    ) -> Result<Response, Error> {
        let (status, headers) = (response.status(), response.headers().clone());
        let limit = transport.max_response_bytes;
        let too_large = || Error::ResponseTooLarge { operation: endpoint.name, status, limit };
        // A body that says it is too large is not read at all.
        if response.content_length().is_some_and(|length| length > limit) {
            return Err(too_large());
        }
        match read_body(response, limit)
            .await
            .map_err(|source| transport_error(endpoint, source))?
        {
            (_, true) => Err(too_large()),
            (body, false) => Ok(Response { endpoint, status, headers, body }),
        }
    }

    fn status(output: &Response) -> StatusCode {
        output.status
    }
}

/// Sends the request, retrying as the policy allows, and finishes a 2xx response as `F` does. A
/// status outside 2xx is an [`Error::Api`]. A request whose body is a stream is sent once: the
/// stream cannot be read again.
pub(crate) async fn send<F: Finish>(
    transport: Arc<Transport>,
    parts: Parts,
    options: Options,
) -> Result<F::Output, Error> {
    let endpoint = parts.endpoint;
    let request = prepare(&transport, parts, &options)?;
    let policy = options.retry.as_ref().unwrap_or(&transport.retry);
    let repeatable = request.body().is_none_or(|body| body.as_bytes().is_some());
    let may_retry = repeatable && (is_idempotent(&endpoint.method) || options.retry_non_idempotent);
    let attempts = if may_retry { policy.attempts() } else { 1 };
    let attempt_timeout = policy.attempt_time();
    let started = Instant::now();
    // A timeout too long to reach (`Duration::MAX`) is no deadline at all.
    let deadline = started.checked_add(options.timeout.unwrap_or(transport.timeout));
    let idle_timeout = options.idle_timeout.unwrap_or(transport.idle_timeout);
    let span = tracing::info_span!(
        "request",
        operation = endpoint.id,
        http.method = %endpoint.method,
        url.template = endpoint.template,
        attempt = tracing::field::Empty,
        http.status_code = tracing::field::Empty,
        elapsed_ms = tracing::field::Empty,
    );
    let calls = async {
        let mut request = Some(request);
        let mut attempt = 1;
        loop {
            let span = tracing::Span::current();
            span.record("attempt", attempt);
            // The last attempt sends the request itself, the others a copy.
            let this = if attempt < attempts {
                request.as_ref().and_then(reqwest::Request::try_clone)
            } else {
                request.take()
            };
            let mut this =
                this.ok_or_else(|| invalid(endpoint, "the body cannot be sent twice".into()))?;
            // An attempt ends at its own timeout or at the call's, whichever comes first.
            let remaining = deadline.map(|at| at.saturating_duration_since(Instant::now()));
            let limit = match (attempt_timeout, remaining) {
                (Some(limit), Some(remaining)) => Some(limit.min(remaining)),
                (limit, remaining) => limit.or(remaining),
            };
            let call = (endpoint, deadline, idle_timeout);
            let outcome = if F::LIMITS_BODY {
                *this.timeout_mut() = limit;
                send_once::<F>(&transport, this, call).await
            } else {
                let attempt = send_once::<F>(&transport, this, call);
                match limit {
                    Some(limit) => {
                        tokio::time::timeout(limit, attempt).await.unwrap_or(Err(Error::Timeout {
                            operation: endpoint.name,
                            waiting_for: "the response",
                            limit,
                        }))
                    }
                    None => attempt.await,
                }
            };
            let wait = match &outcome {
                Err(error) if attempt < attempts && error.is_retryable() => {
                    policy.delay(attempt, response_headers(error))
                }
                _ => None,
            };
            // A retry is made only when its wait ends before the deadline.
            let fits = |wait: &Duration| {
                deadline.is_none_or(|deadline| {
                    Instant::now().checked_add(*wait).is_some_and(|at| at < deadline)
                })
            };
            let Some(wait) = wait.filter(fits) else {
                if let Some(status) =
                    outcome.as_ref().map_or_else(Error::status, |ok| Some(F::status(ok)))
                {
                    span.record("http.status_code", status.as_u16());
                }
                span.record("elapsed_ms", started.elapsed().as_millis() as u64);
                return outcome;
            };
            let reason = match &outcome {
                Err(Error::Api(error)) => format!("status {}", error.status()),
                Err(error) if error.is_timeout() => "attempt timed out".to_owned(),
                _ => "connection failed".to_owned(),
            };
            tracing::debug!(attempt, delay_ms = wait.as_millis() as u64, reason, "retrying");
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    };
    calls.instrument(span).await
}

fn invalid(endpoint: &'static Endpoint, message: String) -> Error {
    Error::InvalidRequest { operation: endpoint.name, message }
}

/// Methods whose requests can be repeated without changing the outcome (RFC 9110, 9.2.2).
fn is_idempotent(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS)
        || *method == Method::TRACE
}

/// The request, built once and sent on every attempt. Headers in order of precedence: the
/// client's defaults, credentials, the operation's parameters and body type, then the caller's
/// extra headers.
fn prepare(
    transport: &Transport,
    parts: Parts,
    options: &Options,
) -> Result<reqwest::Request, Error> {
    let endpoint = parts.endpoint;
    if let Some(problem) = parts.problem {
        return Err(invalid(endpoint, problem));
    }
    let path = parts.path.as_deref().unwrap_or(endpoint.template);
    let mut url =
        String::with_capacity(transport.base_url.len() + path.len() + parts.query.len() + 1);
    url.push_str(&transport.base_url);
    url.push_str(path);
    let mut query = parts.query;
    if endpoint.authenticated {
        for (name, value) in &transport.auth_query {
            push_query(&mut query, name, &value.0);
        }
    }
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query);
    }
    let url = Url::parse(&url)
        .map_err(|error| invalid(endpoint, format!("the request URL does not parse: {error}")))?;
    let mut headers = transport.headers.clone();
    headers.insert(ACCEPT, HeaderValue::from_static(endpoint.accept));
    if endpoint.authenticated {
        for (name, value) in &transport.auth_headers {
            headers.insert(name, value.clone());
        }
    }
    headers.extend(parts.headers);
    if !parts.cookies.is_empty() {
        // A credential in a cookie shares the header with cookie parameters.
        let mut cookies =
            headers.get(COOKIE).map(|value| value.as_bytes().to_vec()).unwrap_or_default();
        if !cookies.is_empty() {
            cookies.extend_from_slice(b"; ");
        }
        cookies.extend_from_slice(parts.cookies.as_bytes());
        let mut value = HeaderValue::from_bytes(&cookies).map_err(|_| {
            invalid(endpoint, "a cookie parameter has characters a header cannot carry".to_owned())
        })?;
        value.set_sensitive(true);
        headers.insert(COOKIE, value);
    }
    match &parts.body {
        Some((content_type, _)) => {
            headers.insert(CONTENT_TYPE, content_type.clone());
        }
        None if endpoint.negotiates_content_type => {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(endpoint.accept));
        }
        None => {}
    }
    for (name, value) in &options.headers {
        let (name, mut value) =
            to_header(name, &value.0).map_err(|message| invalid(endpoint, message))?;
        value.set_sensitive(true);
        headers.insert(name, value);
    }
    let mut request = reqwest::Request::new(endpoint.method.clone(), url);
    *request.headers_mut() = headers;
    *request.body_mut() = parts.body.map(|(_, body)| body);
    Ok(request)
}

/// One attempt: a status outside 2xx is an error that keeps the start of its body; a 2xx
/// response is finished as `F` does.
async fn send_once<F: Finish>(
    transport: &Transport,
    request: reqwest::Request,
    (endpoint, deadline, idle_timeout): (&'static Endpoint, Option<Instant>, Duration),
) -> Result<F::Output, Error> {
    let response = transport
        .http
        .execute(request)
        .await
        .map_err(|source| transport_error(endpoint, source))?;
    let status = response.status();
    if !status.is_success() {
        let headers = response.headers().clone();
        // Only the start of an error body is kept; the rest is not read.
        let (body, truncated) = read_body(response, MAX_ERROR_BODY_BYTES)
            .await
            .map_err(|source| transport_error(endpoint, source))?;
        let error = ApiError::new(endpoint, status, headers, body, truncated);
        return Err(Error::Api(Box::new(error)));
    }
    F::finish(transport, response, endpoint, deadline, idle_timeout).await
}

/// No response, or no whole body; the URL can hold an API key in its query, so it is left out.
pub(crate) fn transport_error(endpoint: &'static Endpoint, source: reqwest::Error) -> Error {
    Error::Transport { operation: endpoint.name, source: source.without_url() }
}

/// How much of an error body [`ApiError`] keeps: enough for any message a server means to send,
/// little enough to keep many errors around.
pub(crate) const MAX_ERROR_BODY_BYTES: u64 = 64 * 1024;

/// Reads at most `limit` bytes of the body as they arrive, whatever its `Content-Length` claims;
/// stops (and drops the connection) at the limit. `true` when the body went on past it.
pub(crate) async fn read_body(
    mut response: reqwest::Response,
    limit: u64,
) -> Result<(Bytes, bool), reqwest::Error> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    // The declared length sizes the buffer, but is not trusted beyond 1 MiB.
    let expected = response.content_length().and_then(|length| usize::try_from(length).ok());
    let mut body = Vec::with_capacity(expected.unwrap_or(0).min(limit).min(1 << 20));
    while let Some(chunk) = response.chunk().await? {
        let room = limit - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return Ok((Bytes::from(body), true));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((Bytes::from(body), false))
}

/// The headers of the failed response, for its `Retry-After`; `None` when no response arrived.
fn response_headers(error: &Error) -> Option<&HeaderMap> {
    match error {
        Error::Api(error) => Some(error.headers()),
        _ => None,
    }
}
