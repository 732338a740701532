//! Client settings and credentials, checked once when the client is built.

use std::fmt;
use std::time::Duration;

use base64::Engine as _;
use base64::prelude::BASE64_STANDARD;
use reqwest::Url;
use reqwest::header::{AUTHORIZATION, COOKIE, HeaderMap, HeaderName, HeaderValue, USER_AGENT};

use super::redact::url_for_message;
use super::request::{COOKIE_VALUE, cookie_pair};
use super::retry::RetryPolicy;
use super::transport::Transport;
use crate::error::Error;

/// How long establishing a connection may take, unless the builder says
/// otherwise.
pub(crate) const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a whole call (every attempt and the waits between them) may
/// take, unless the builder or the request says otherwise.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// How many redirects one request follows.
const MAX_REDIRECTS: usize = 10;

/// The largest 2xx response body a call reads, unless the builder says
/// otherwise: 64 MiB. Far above what an API sends in one JSON answer (the
/// array API's largest, a page of array listings, is well under a
/// megabyte), small enough that a server sending an endless body cannot
/// take more than that from the process for each call in flight.
pub(crate) const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// A string that `Debug` never shows.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn new(value: String) -> Self {
        Secret(value)
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
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

/// Client settings collected by the builder. Its `Debug` shows no secret.
#[derive(Debug)]
pub(crate) struct Config {
    base_url: String,
    user_agent: &'static str,
    credentials: Vec<Credential>,
    default_headers: Vec<(String, Secret)>,
    /// Set by the caller; otherwise [`DEFAULT_CONNECT_TIMEOUT`] for the
    /// default HTTP client, and the caller's own for theirs.
    connect_timeout: Option<Duration>,
    timeout: Duration,
    retry: RetryPolicy,
    max_response_bytes: u64,
    http: Option<HttpClientBuilder>,
}

/// A caller's `reqwest::ClientBuilder`. Its `Debug` is left out: default
/// headers set on it may hold a token.
pub(crate) struct HttpClientBuilder(reqwest::ClientBuilder);

impl fmt::Debug for HttpClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("reqwest::ClientBuilder { .. }")
    }
}

impl Config {
    pub(crate) fn new(base_url: String, user_agent: &'static str) -> Self {
        Config {
            base_url,
            user_agent,
            credentials: Vec::new(),
            default_headers: Vec::new(),
            connect_timeout: None,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            http: None,
        }
    }

    /// Sets a credential, replacing one that would use the same header,
    /// parameter or cookie.
    pub(crate) fn credential(&mut self, credential: Credential) {
        self.credentials.retain(|existing| existing.slot() != credential.slot());
        self.credentials.push(credential);
    }

    /// Adds a header sent with every request.
    pub(crate) fn default_header(&mut self, name: String, value: String) {
        self.default_headers.push((name, Secret::new(value)));
    }

    pub(crate) fn connect_timeout(&mut self, timeout: Duration) {
        self.connect_timeout = Some(timeout);
    }

    pub(crate) fn timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    pub(crate) fn retry_policy(&mut self, policy: RetryPolicy) {
        self.retry = policy;
    }

    pub(crate) fn max_response_bytes(&mut self, limit: u64) {
        self.max_response_bytes = limit;
    }

    pub(crate) fn http_client_builder(&mut self, builder: reqwest::ClientBuilder) {
        self.http = Some(HttpClientBuilder(builder));
    }

    /// Checks the settings and prepares everything that does not change
    /// between requests.
    pub(crate) fn build(self) -> Result<Transport, Error> {
        let base_url = parse_base_url(&self.base_url)?;
        let mut headers = HeaderMap::new();
        headers.insert(USER_AGENT, HeaderValue::from_static(self.user_agent));
        for (name, value) in &self.default_headers {
            headers.insert(header_name(name)?, secret_header(name, value.expose())?);
        }
        let mut auth_headers = HeaderMap::new();
        let mut auth_query = Vec::new();
        let mut cookies = Vec::new();
        for credential in &self.credentials {
            match credential {
                Credential::Header { name, value } => {
                    auth_headers.insert(header_name(name)?, secret_header(name, value.expose())?);
                }
                Credential::Query { name, value } => auth_query.push((*name, value.clone())),
                // The value keeps what RFC 6265 allows in it, so a base64 key
                // goes as it is.
                Credential::Cookie { name, value } => {
                    cookies.push(cookie_pair(name, value.expose(), COOKIE_VALUE))
                }
                Credential::Basic { username, password } => {
                    if username.contains(':') {
                        return Err(Error::Config {
                            message: "a Basic auth username cannot contain `:` (RFC 7617)".to_owned(),
                        });
                    }
                    let encoded = BASE64_STANDARD.encode(format!("{username}:{}", password.expose()));
                    auth_headers
                        .insert(AUTHORIZATION, secret_header("Authorization", &format!("Basic {encoded}"))?);
                }
                Credential::Bearer(token) => {
                    let value = format!("Bearer {}", token.expose());
                    auth_headers.insert(AUTHORIZATION, secret_header("Authorization", &value)?);
                }
            }
        }
        if !cookies.is_empty() {
            auth_headers.insert(COOKIE, secret_header("Cookie", &cookies.join("; "))?);
        }
        let http = match self.http {
            Some(HttpClientBuilder(builder)) => builder,
            // Without compression, the response limits count bytes as they
            // arrive, whatever features another crate turns on in reqwest.
            None => reqwest::Client::builder()
                .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
                .no_gzip()
                .no_brotli()
                .no_deflate()
                .no_zstd(),
        };
        let http = match self.connect_timeout {
            Some(timeout) => http.connect_timeout(timeout),
            None => http,
        };
        // Set on the caller's builder too, replacing what it said: these
        // keep credentials (and a query-string key in a `Referer`) from
        // reaching another origin.
        let http = http
            .redirect(reqwest::redirect::Policy::custom(same_origin_redirects))
            .referer(false)
            .build()
            .map_err(|source| Error::Config {
                message: format!("cannot set up the HTTP client: {source}"),
            })?;
        Ok(Transport {
            http,
            base_url,
            headers,
            auth_headers,
            auth_query,
            timeout: self.timeout,
            retry: self.retry,
            max_response_bytes: self.max_response_bytes,
        })
    }
}

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
/// Messages show it without credentials or query.
fn parse_base_url(base_url: &str) -> Result<String, Error> {
    let shown = url_for_message(base_url);
    let invalid = |reason: &str| Error::Config { message: format!("base URL `{shown}` {reason}") };
    let url = Url::parse(base_url).map_err(|error| invalid(&format!("does not parse: {error}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("must use http or https"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("must not have a query or fragment"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::Config {
            message: "the base URL must not carry credentials; use the builder's auth methods".to_owned(),
        });
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

fn header_name(name: &str) -> Result<HeaderName, Error> {
    HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::Config { message: format!("{name:?} is not a valid header name") })
}

/// A header value that may hold a secret; marked sensitive so HTTP libraries
/// do not log it. The error never includes the value.
fn secret_header(name: &str, value: &str) -> Result<HeaderValue, Error> {
    let mut header = HeaderValue::from_str(value).map_err(|_| Error::Config {
        message: format!("the value for {name:?} has characters a header cannot carry"),
    })?;
    header.set_sensitive(true);
    Ok(header)
}
