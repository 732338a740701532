//! The client and its builder: settings and credentials, checked once when
//! the client is built. The operations are methods the generated code adds.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use base64::prelude::BASE64_STANDARD;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use reqwest::Url;
use reqwest::header::{AUTHORIZATION, COOKIE, HeaderMap, HeaderName, HeaderValue, USER_AGENT};

use super::error::Error;
use super::parts::COMPONENT;
use super::redact::{Secret, url_for_message};
use super::retry::RetryPolicy;
use super::send::Transport;

/// A client of the API: each operation is a method (see the crate's docs), and each call goes
/// through the one connection pool, credentials and settings of the client it was made from.
///
/// Build one with `Client::builder`. Clones are cheap and share the pool, so keep one client and
/// clone it where needed. Its `Debug` output never shows credentials.
#[derive(Clone, Debug)]
pub struct Client {
    pub(crate) transport: Arc<Transport>,
}

/// Configures a [`Client`]; finish with [`build`](Self::build).
///
/// Defaults: a 10 s connect timeout, a 60 s timeout for each call (retries included),
/// [`RetryPolicy::default`], responses of at most 64 MiB (unless read as a stream), and streamed
/// responses that pause for at most 60 s. Redirects are followed within the API's origin only, no `Referer` is sent, and responses are not decompressed. Its `Debug`
/// output never shows credentials.
#[derive(Debug)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct ClientBuilder {
    base_url: String,
    credentials: Vec<Credential>,
    default_headers: Vec<(String, Secret)>,
    /// Set by the caller; otherwise 10 s for the default HTTP client, and the caller's own for
    /// theirs.
    connect_timeout: Option<Duration>,
    timeout: Duration,
    retry: RetryPolicy,
    max_response_bytes: u64,
    idle_timeout: Duration,
    http: Option<HttpClientBuilder>,
}

/// A credential, sent with every request of an operation that takes credentials. Set with the
/// builder's methods for the API's own schemes, or with [`ClientBuilder::credential`] for one
/// the spec does not declare. `Debug` never shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credential {
    /// An API key in a header.
    Header(&'static str, Secret),
    /// An API key in the query string.
    Query(&'static str, Secret),
    /// An API key in a cookie.
    Cookie(&'static str, Secret),
    /// HTTP Basic authentication (RFC 7617): user name and password.
    Basic(String, Secret),
    /// `Authorization: Bearer <token>`.
    Bearer(Secret),
}

impl Credential {
    /// Credentials that would overwrite each other on the wire replace each other: Basic and
    /// Bearer share `Authorization`.
    fn slot(&self) -> (u8, &str) {
        match self {
            Credential::Header(name, _) => (0, name),
            Credential::Query(name, _) => (1, name),
            Credential::Cookie(name, _) => (2, name),
            Credential::Basic(..) | Credential::Bearer(_) => (3, ""),
        }
    }
}

/// A caller's `reqwest::ClientBuilder`. Its `Debug` is left out: default headers set on it may
/// hold a token.
struct HttpClientBuilder(reqwest::ClientBuilder);

impl fmt::Debug for HttpClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("reqwest::ClientBuilder { .. }")
    }
}

/// How many redirects one request follows.
const MAX_REDIRECTS: usize = 10;

/// What is encoded in an API key sent as a cookie value: controls, blanks and the characters RFC
/// 6265 keeps out of cookie values (`"`, `,`, `;`, `\`), and `%` itself.
const COOKIE_VALUE: &AsciiSet =
    &CONTROLS.add(b' ').add(b'"').add(b',').add(b';').add(b'\\').add(b'%');

impl ClientBuilder {
    pub(crate) fn new(base_url: String) -> Self {
        ClientBuilder {
            base_url,
            credentials: Vec::new(),
            default_headers: Vec::new(),
            connect_timeout: None,
            timeout: Duration::from_secs(60),
            retry: RetryPolicy::default(),
            // Far above what an API sends in one JSON answer, small enough that a server sending
            // an endless body cannot take more than that for each call in flight.
            max_response_bytes: 64 * 1024 * 1024,
            idle_timeout: Duration::from_secs(60),
            http: None,
        }
    }

    /// Sets a credential, replacing one sent in the same header, parameter or cookie.
    pub fn credential(mut self, credential: Credential) -> Self {
        self.credentials.retain(|existing| existing.slot() != credential.slot());
        self.credentials.push(credential);
        self
    }

    /// How long a whole call may take, every attempt and the waits between them included
    /// (default 60 s). A request's `timeout` overrides it for one call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long opening a connection may take (default 10 s; with
    /// [`http_client_builder`](Self::http_client_builder), that builder's own unless set here).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// When failed calls are tried again (default: [`RetryPolicy::default`]);
    /// [`RetryPolicy::never`] turns retries off.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Adds a header to every request. Headers the operation sets (credentials, parameters) take
    /// precedence; its value is never shown by `Debug`.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), Secret(value.into())));
        self
    }

    /// The largest successful response body a call reads, in bytes (default 64 MiB). A larger one
    /// ends the call with [`Error::ResponseTooLarge`] as soon as its `Content-Length` says so or
    /// the limit is passed while reading, so a server cannot make the client hold more. Error
    /// responses keep only their first 64 KiB.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// How long a response read as a stream (a download, server-sent events) may pause between
    /// two chunks before the stream ends with [`Error::Timeout`] (default 60 s). The call's
    /// [`timeout`](Self::timeout) covers connecting, the response's headers and its first bytes;
    /// this covers every wait after them, however long the stream lasts. A request's
    /// `idle_timeout` overrides it for one call.
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = timeout;
        self
    }

    /// Builds the HTTP client from `builder` instead of a default one, for example to set proxies
    /// or TLS roots. Two of its settings are replaced when the client is built: redirects are
    /// followed within the API's origin only, and no `Referer` header is sent, so credentials (an
    /// API key in a header, or in a query string a `Referer` would repeat) never reach another
    /// host. Its decompression settings are kept; the response limits then count decompressed
    /// bytes.
    pub fn http_client_builder(mut self, builder: reqwest::ClientBuilder) -> Self {
        self.http = Some(HttpClientBuilder(builder));
        self
    }

    /// Checks the settings and builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the base URL is not an absolute `http` or `https` URL, or a
    /// credential or default header has characters an HTTP header cannot carry.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = parse_base_url(&self.base_url)?;
        let mut headers = HeaderMap::new();
        let user_agent = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
        headers.insert(USER_AGENT, HeaderValue::from_static(user_agent));
        for (name, value) in &self.default_headers {
            headers.insert(header_name(name)?, secret_header(name, &value.0)?);
        }
        let mut auth_headers = HeaderMap::new();
        let mut auth_query = Vec::new();
        let mut cookies = Vec::new();
        for credential in &self.credentials {
            match credential {
                Credential::Header(name, value) => {
                    auth_headers.insert(header_name(name)?, secret_header(name, &value.0)?);
                }
                Credential::Query(name, value) => auth_query.push((*name, value.clone())),
                // The value keeps what RFC 6265 allows in it, so a base64 key goes as it is.
                Credential::Cookie(name, value) => cookies.push(format!(
                    "{}={}",
                    utf8_percent_encode(name, COMPONENT),
                    utf8_percent_encode(&value.0, COOKIE_VALUE)
                )),
                Credential::Basic(username, password) => {
                    if username.contains(':') {
                        let message = "a Basic auth username cannot contain `:` (RFC 7617)";
                        return Err(Error::Config { message: message.to_owned() });
                    }
                    let encoded = BASE64_STANDARD.encode(format!("{username}:{}", password.0));
                    let value = secret_header("Authorization", &format!("Basic {encoded}"))?;
                    auth_headers.insert(AUTHORIZATION, value);
                }
                Credential::Bearer(token) => {
                    let value = secret_header("Authorization", &format!("Bearer {}", token.0))?;
                    auth_headers.insert(AUTHORIZATION, value);
                }
            }
        }
        if !cookies.is_empty() {
            auth_headers.insert(COOKIE, secret_header("Cookie", &cookies.join("; "))?);
        }
        let http = match self.http {
            Some(HttpClientBuilder(builder)) => builder,
            // Without compression, the response limits count bytes as they arrive, whatever
            // features another crate turns on in reqwest.
            None => reqwest::Client::builder()
                .connect_timeout(Duration::from_secs(10))
                .no_gzip()
                .no_brotli()
                .no_deflate()
                .no_zstd(),
        };
        let http = match self.connect_timeout {
            Some(timeout) => http.connect_timeout(timeout),
            None => http,
        };
        // Set on the caller's builder too, replacing what it said: these keep credentials (and a
        // query-string key in a `Referer`) from reaching another origin.
        let http = http
            .redirect(reqwest::redirect::Policy::custom(same_origin_redirects))
            .referer(false)
            .build()
            .map_err(|source| Error::Config {
                message: format!("cannot set up the HTTP client: {source}"),
            })?;
        Ok(Client {
            transport: Arc::new(Transport {
                http,
                base_url,
                headers,
                auth_headers,
                auth_query,
                timeout: self.timeout,
                retry: self.retry,
                max_response_bytes: self.max_response_bytes,
                idle_timeout: self.idle_timeout,
                #[cfg(feature = "blocking")]
                blocking: std::sync::OnceLock::new(),
            }),
        })
    }
}

/// Redirects are followed within the origin of the request only. HTTP libraries drop
/// `Authorization` when a redirect leaves the origin, but not an API key in a header of the API's
/// own choosing, which would go to whatever host the `Location` names. A cross-origin redirect is
/// returned to the caller as an [`Error::Api`] with the 3xx status and its `Location`.
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

/// The base URL without a trailing slash; operation paths start with one. Messages show it
/// without credentials or query.
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
        let message = "the base URL must not carry credentials; use the builder's auth methods";
        return Err(Error::Config { message: message.to_owned() });
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

fn header_name(name: &str) -> Result<HeaderName, Error> {
    HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::Config { message: format!("{name:?} is not a valid header name") })
}

/// A header value that may hold a secret; marked sensitive so HTTP libraries do not log it. The
/// error never includes the value.
fn secret_header(name: &str, value: &str) -> Result<HeaderValue, Error> {
    let mut header = HeaderValue::from_str(value).map_err(|_| Error::Config {
        message: format!("the value for {name:?} has characters a header cannot carry"),
    })?;
    header.set_sensitive(true);
    Ok(header)
}
