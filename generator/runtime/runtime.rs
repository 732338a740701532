//! HTTP plumbing shared by every operation: URLs with exact percent-encoding,
//! credentials, sending, and decoding.
//!
//! This module is the same for every API. The generated modules describe each
//! operation (its path, parameters and result type) and call into it. An API
//! uses only some of it (not every spec has query-string API keys, joined
//! list parameters or optional bodies), hence the `dead_code` allowance.

#![allow(dead_code)]

use std::fmt;

use base64::Engine as _;
use base64::prelude::BASE64_STANDARD;
use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE, HeaderMap, HeaderName, HeaderValue, USER_AGENT,
};
use reqwest::{Method, StatusCode, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, DecodeError, Error};

/// Everything but RFC 3986's unreserved characters is percent-encoded in a
/// path segment or query component, so a value can never change the shape
/// of the URL: `/` stays inside its segment, `&` inside its parameter, and a
/// space is `%20` (never `+`).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// What the generated code knows about an operation.
#[derive(Debug)]
pub(crate) struct Operation {
    /// The `Client` method, used in error messages.
    pub(crate) name: &'static str,
    /// The HTTP method.
    pub(crate) method: Method,
    /// The path template relative to the base URL, with `{name}` placeholders.
    pub(crate) path: &'static str,
    /// The `Accept` header to send.
    pub(crate) accept: &'static str,
    /// Whether credentials are attached.
    pub(crate) authenticated: bool,
}

/// A string that `Debug` never shows.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn new(value: String) -> Self {
        Secret(value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// One credential, as configured on the client builder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Credential {
    /// An API key in a header.
    Header { name: &'static str, value: Secret },
    /// An API key in the query string.
    Query { name: &'static str, value: Secret },
    /// An API key in a cookie.
    Cookie { name: &'static str, value: Secret },
    /// HTTP Basic authentication (RFC 7617).
    Basic { username: String, password: Secret },
    /// `Authorization: Bearer <token>`.
    Bearer(Secret),
}

impl Credential {
    /// Credentials that would overwrite each other on the wire replace each
    /// other: Basic and Bearer share `Authorization`.
    fn slot(&self) -> (u8, &str) {
        match self {
            Credential::Header { name, .. } => (0, name),
            Credential::Query { name, .. } => (1, name),
            Credential::Cookie { name, .. } => (2, name),
            Credential::Basic { .. } | Credential::Bearer(_) => (3, ""),
        }
    }
}

/// Client settings collected by the builder.
#[derive(Debug)]
pub(crate) struct Config {
    base_url: String,
    user_agent: &'static str,
    credentials: Vec<Credential>,
    http: Option<reqwest::Client>,
}

impl Config {
    pub(crate) fn new(base_url: String, user_agent: &'static str) -> Self {
        Config { base_url, user_agent, credentials: Vec::new(), http: None }
    }

    /// Sets a credential, replacing one that would use the same header,
    /// parameter or cookie.
    pub(crate) fn credential(&mut self, credential: Credential) {
        self.credentials.retain(|existing| existing.slot() != credential.slot());
        self.credentials.push(credential);
    }

    pub(crate) fn http_client(&mut self, client: reqwest::Client) {
        self.http = Some(client);
    }

    /// Checks the settings and prepares everything that does not change
    /// between requests.
    pub(crate) fn build(self) -> Result<Transport, Error> {
        let base_url = parse_base_url(&self.base_url)?;
        let mut auth_headers = HeaderMap::new();
        let mut auth_query = Vec::new();
        let mut cookies = Vec::new();
        for credential in &self.credentials {
            match credential {
                Credential::Header { name, value } => {
                    let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| Error::Config {
                        message: format!("`{name}` is not a valid header name"),
                    })?;
                    auth_headers.insert(header, secret_header(name, &value.0)?);
                }
                Credential::Query { name, value } => auth_query.push((*name, value.clone())),
                Credential::Cookie { name, value } => cookies.push(format!("{name}={}", value.0)),
                Credential::Basic { username, password } => {
                    if username.contains(':') {
                        return Err(Error::Config {
                            message: "a Basic auth username cannot contain `:` (RFC 7617)".to_owned(),
                        });
                    }
                    let encoded = BASE64_STANDARD.encode(format!("{username}:{}", password.0));
                    auth_headers
                        .insert(AUTHORIZATION, secret_header("Authorization", &format!("Basic {encoded}"))?);
                }
                Credential::Bearer(token) => {
                    auth_headers.insert(
                        AUTHORIZATION,
                        secret_header("Authorization", &format!("Bearer {}", token.0))?,
                    );
                }
            }
        }
        if !cookies.is_empty() {
            auth_headers.insert(COOKIE, secret_header("Cookie", &cookies.join("; "))?);
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::custom(same_origin_redirects))
                .build()
                .map_err(|source| Error::Config {
                    message: format!("cannot set up the HTTP client: {source}"),
                })?,
        };
        let user_agent = HeaderValue::from_static(self.user_agent);
        Ok(Transport { http, base_url, user_agent, auth_headers, auth_query })
    }
}

/// How many redirects one request follows.
const MAX_REDIRECTS: usize = 10;

/// Redirects are followed within the origin of the request only. HTTP
/// libraries drop `Authorization` when a redirect leaves the origin, but not
/// an API key in a header of the API's own choosing, which would go to
/// whatever host the `Location` names. A cross-origin redirect is returned to
/// the caller as an [`Error::Api`] with the 3xx status and its `Location`.
fn same_origin_redirects(attempt: reqwest::redirect::Attempt<'_>) -> reqwest::redirect::Action {
    let same_origin =
        attempt.previous().first().is_some_and(|first| first.origin() == attempt.url().origin());
    if !same_origin {
        attempt.stop()
    } else if attempt.previous().len() > MAX_REDIRECTS {
        attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
    } else {
        attempt.follow()
    }
}

/// The base URL without a trailing slash; operation paths start with one.
fn parse_base_url(base_url: &str) -> Result<String, Error> {
    let invalid = |reason: &str| Error::Config { message: format!("base URL `{base_url}` {reason}") };
    let url = Url::parse(base_url).map_err(|error| invalid(&format!("does not parse: {error}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("must use http or https"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("must not have a query or fragment"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// A header value holding a secret; marked sensitive so HTTP libraries do
/// not log it. The error never includes the value.
fn secret_header(name: &str, value: &str) -> Result<HeaderValue, Error> {
    let mut header = HeaderValue::from_str(value).map_err(|_| Error::Config {
        message: format!("the {name} credential has characters a header cannot carry"),
    })?;
    header.set_sensitive(true);
    Ok(header)
}

/// The shared part of a client: connection pool, base URL, credentials.
pub(crate) struct Transport {
    http: reqwest::Client,
    base_url: String,
    user_agent: HeaderValue,
    auth_headers: HeaderMap,
    auth_query: Vec<(&'static str, Secret)>,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let credentials: Vec<&str> = self
            .auth_headers
            .keys()
            .map(HeaderName::as_str)
            .chain(self.auth_query.iter().map(|(name, _)| *name))
            .collect();
        f.debug_struct("Transport")
            .field("base_url", &self.base_url)
            .field("credentials", &credentials)
            .finish_non_exhaustive()
    }
}

impl Transport {
    /// Starts a request for `operation`.
    pub(crate) fn request(&self, operation: &'static Operation) -> Request<'_> {
        Request {
            transport: self,
            operation,
            path: operation.path.to_owned(),
            query: String::new(),
            headers: HeaderMap::new(),
            body: None,
            problem: None,
        }
    }
}

/// A value that can be written into a path segment, query parameter or
/// header.
pub(crate) trait ToParam {
    /// The value as text, before percent-encoding.
    fn to_param(&self) -> String;
}

macro_rules! to_param_by_display {
    ($($ty:ty),*) => {
        $(impl ToParam for $ty {
            fn to_param(&self) -> String {
                self.to_string()
            }
        })*
    };
}

to_param_by_display!(String, str, bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, chrono::NaiveDate);

impl ToParam for chrono::DateTime<chrono::Utc> {
    fn to_param(&self) -> String {
        self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }
}

/// Zero or more parameter values: a value, an optional value, or a list.
pub(crate) trait ParamValues {
    fn values(self) -> Vec<String>;
}

impl<T: ToParam + ?Sized> ParamValues for &T {
    fn values(self) -> Vec<String> {
        vec![self.to_param()]
    }
}

impl<T: ToParam + ?Sized> ParamValues for Option<&T> {
    fn values(self) -> Vec<String> {
        self.map(ToParam::to_param).into_iter().collect()
    }
}

impl<T: ToParam> ParamValues for &Vec<T> {
    fn values(self) -> Vec<String> {
        self.iter().map(ToParam::to_param).collect()
    }
}

impl<T: ToParam> ParamValues for Option<&Vec<T>> {
    fn values(self) -> Vec<String> {
        self.map(|values| values.values()).unwrap_or_default()
    }
}

/// One request being put together. Problems with arguments are kept until
/// [`Request::send`], so the generated code reads as one chain.
pub(crate) struct Request<'t> {
    transport: &'t Transport,
    operation: &'static Operation,
    path: String,
    query: String,
    headers: HeaderMap,
    body: Option<(&'static str, Vec<u8>)>,
    problem: Option<Error>,
}

impl Request<'_> {
    /// Fills the `{name}` placeholder with `value` as exactly one path
    /// segment.
    pub(crate) fn path_param(mut self, name: &str, value: &(impl ToParam + ?Sized)) -> Self {
        let value = value.to_param();
        // An empty, `.` or `..` segment would silently address another
        // resource: URL parsers remove dot segments, escaped or not.
        if matches!(value.as_str(), "" | "." | "..") {
            let message =
                format!("path parameter `{name}` cannot be `{value}`: it would address a different URL");
            return self.fail(message);
        }
        let encoded = utf8_percent_encode(&value, COMPONENT).to_string();
        self.path = self.path.replace(&format!("{{{name}}}"), &encoded);
        self
    }

    /// Adds `name=value` to the query string once per value (a list is
    /// repeated, form style); nothing for `None`.
    pub(crate) fn query(mut self, name: &str, values: impl ParamValues) -> Self {
        for value in values.values() {
            push_query(&mut self.query, name, &value);
        }
        self
    }

    /// Adds the values as one parameter, joined by `separator`; nothing for
    /// `None`.
    pub(crate) fn query_joined(mut self, name: &str, values: impl ParamValues, separator: char) -> Self {
        let values = values.values();
        if !values.is_empty() {
            push_query(&mut self.query, name, &values.join(&separator.to_string()));
        }
        self
    }

    /// Sets header `name`; a list is comma-joined; nothing for `None`.
    pub(crate) fn header(mut self, name: &'static str, values: impl ParamValues) -> Self {
        let values = values.values();
        if values.is_empty() {
            return self;
        }
        let name = match HeaderName::from_bytes(name.as_bytes()) {
            Ok(name) => name,
            Err(_) => return self.fail(format!("`{name}` is not a valid header name")),
        };
        match HeaderValue::from_str(&values.join(",")) {
            Ok(value) => {
                self.headers.insert(name, value);
                self
            }
            Err(_) => self.fail(format!("the value of header `{name}` has characters a header cannot carry")),
        }
    }

    /// Sends `body` as JSON with the given media type.
    pub(crate) fn json(mut self, content_type: &'static str, body: &impl Serialize) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some((content_type, bytes)),
            Err(error) => return self.fail(format!("the request body cannot be written as JSON: {error}")),
        }
        self
    }

    /// Like [`Request::json`], but nothing is sent for `None`.
    pub(crate) fn json_opt(self, content_type: &'static str, body: Option<&impl Serialize>) -> Self {
        match body {
            Some(body) => self.json(content_type, body),
            None => self,
        }
    }

    fn fail(mut self, message: String) -> Self {
        if self.problem.is_none() {
            self.problem = Some(Error::InvalidRequest { operation: self.operation.name, message });
        }
        self
    }

    /// Sends the request and reads the whole response. A status outside
    /// 2xx is an [`Error::Api`].
    pub(crate) async fn send(self) -> Result<Response, Error> {
        if let Some(problem) = self.problem {
            return Err(problem);
        }
        let operation = self.operation;
        let transport = self.transport;
        let url = self.url()?;
        let mut request = transport.http.request(operation.method.clone(), url);
        let mut headers = self.headers;
        headers.insert(USER_AGENT, transport.user_agent.clone());
        headers.insert(ACCEPT, HeaderValue::from_static(operation.accept));
        if operation.authenticated {
            headers.extend(transport.auth_headers.clone());
        }
        if let Some((content_type, body)) = self.body {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
            request = request.body(body);
        }
        // The URL can hold an API key in its query, so it is left out.
        let transport_error = |source: reqwest::Error| Error::Transport {
            operation: operation.name,
            source: source.without_url(),
        };
        let response = request.headers(headers).send().await.map_err(transport_error)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(transport_error)?;
        if !status.is_success() {
            return Err(Error::Api(Box::new(ApiError::new(operation, status, headers, body))));
        }
        Ok(Response { operation, status, body })
    }

    fn url(&self) -> Result<Url, Error> {
        let mut query = self.query.clone();
        if self.operation.authenticated {
            for (name, value) in &self.transport.auth_query {
                push_query(&mut query, name, &value.0);
            }
        }
        let mut url = format!("{}{}", self.transport.base_url, self.path);
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        Url::parse(&url).map_err(|error| Error::InvalidRequest {
            operation: self.operation.name,
            message: format!("the request URL does not parse: {error}"),
        })
    }
}

fn push_query(query: &mut String, name: &str, value: &str) {
    if !query.is_empty() {
        query.push('&');
    }
    query.extend(utf8_percent_encode(name, COMPONENT));
    query.push('=');
    query.extend(utf8_percent_encode(value, COMPONENT));
}

/// A 2xx response, read to the end.
pub(crate) struct Response {
    operation: &'static Operation,
    status: StatusCode,
    body: Bytes,
}

impl Response {
    /// Decodes the body as JSON; an empty body is a decode error.
    pub(crate) fn json<T: DeserializeOwned>(self) -> Result<T, Error> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Err(self.decode_error("the response body is empty".to_owned()));
        }
        serde_json::from_slice(&self.body).map_err(|error| self.decode_error(error.to_string()))
    }

    /// Decodes the body as JSON, or `None` when the server sent no body.
    pub(crate) fn json_or_empty<T: DeserializeOwned>(self) -> Result<Option<T>, Error> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        self.json().map(Some)
    }

    /// The body as it arrived.
    pub(crate) fn bytes(self) -> Bytes {
        self.body
    }

    fn decode_error(&self, message: String) -> Error {
        Error::Decode(Box::new(DecodeError::new(self.operation, self.status, self.body.clone(), message)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_keep_only_unreserved_characters() {
        let encoded = utf8_percent_encode("s3://bucket/my array~_.-é+&=", COMPONENT).to_string();
        assert_eq!(encoded, "s3%3A%2F%2Fbucket%2Fmy%20array~_.-%C3%A9%2B%26%3D");
    }
}
