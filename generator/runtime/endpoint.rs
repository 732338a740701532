//! What the sending path needs to know about one call besides its request's
//! parts: the operation's [`Endpoint`], fixed for every call of it, and the
//! [`Options`] the caller set on this one. Plain data, kept apart from
//! `operation`, so that the modules that read it (errors, responses, the
//! sending path) do not depend on the generic `Request` machinery that uses
//! them.

use std::time::Duration;

use reqwest::Method;

use super::redact::Secret;
use super::retry::RetryPolicy;

/// What every request of one operation has in common.
#[derive(Debug)]
pub struct Endpoint {
    /// The `Client` method, named in errors.
    pub name: &'static str,
    /// The spec's `operationId`, named in traces.
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path below the base URL, with a `{name}` placeholder for each path parameter.
    pub template: &'static str,
    /// The media type asked for in `Accept`.
    pub accept: &'static str,
    /// Whether the client's credentials go with the request.
    pub authenticated: bool,
    /// Whether the server reads the representation from `Content-Type`, so a request without a
    /// body names the media type it asks for there too.
    pub negotiates_content_type: bool,
}

/// Settings one call can override. Header values are secrets: a caller may pass a token this way.
#[derive(Clone, Debug, Default)]
pub(crate) struct Options {
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) retry_non_idempotent: bool,
    pub(crate) idle_timeout: Option<Duration>,
    /// Sent last, over every other header.
    pub(crate) headers: Vec<(String, Secret)>,
}
