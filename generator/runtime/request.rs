//! Putting one request together: path, query, header and cookie parameters
//! with exact percent-encoding, a body (JSON, form, text or bytes), and
//! per-request options.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;

use super::config::Secret;
use super::form::{self, Field};
use super::retry::RetryPolicy;
use super::transport::{Operation, Transport};
use crate::error::Error;

/// Everything but RFC 3986's unreserved characters is percent-encoded in a
/// path segment or query component, so a value can never change the shape
/// of the URL: `/` stays inside its segment, `&` inside its parameter, and a
/// space is `%20` (never `+`).
pub(crate) const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// What is encoded in an API key sent as a cookie value: controls, blanks
/// and the characters RFC 6265 keeps out of cookie values (`"`, `,`, `;`,
/// `\`), and `%` itself.
pub(crate) const COOKIE_VALUE: &AsciiSet =
    &CONTROLS.add(b' ').add(b'"').add(b',').add(b';').add(b'\\').add(b'%');

/// Settings one request builder can override. Header values are kept as
/// secrets: a caller may pass a token this way.
#[derive(Clone, Debug, Default)]
pub(crate) struct RequestOptions {
    /// Replaces the client's timeout for the whole call.
    pub(crate) timeout: Option<Duration>,
    /// Replaces the client's retry policy.
    pub(crate) retry: Option<RetryPolicy>,
    /// The caller says this POST or PATCH is safe to repeat.
    pub(crate) retry_non_idempotent: bool,
    /// Extra headers, sent last (they win over everything else).
    pub(crate) headers: Vec<(String, Secret)>,
}

impl RequestOptions {
    pub(crate) fn header(&mut self, name: String, value: String) {
        self.headers.push((name, Secret::new(value)));
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
/// it is sent, so the generated code reads as one chain.
pub(crate) struct Request {
    pub(super) transport: Arc<Transport>,
    pub(super) operation: &'static Operation,
    pub(super) options: RequestOptions,
    pub(super) accept: &'static str,
    pub(super) path: String,
    pub(super) query: String,
    pub(super) headers: HeaderMap,
    /// `name=value` pairs for the `Cookie` header.
    pub(super) cookies: Vec<String>,
    /// The body's `Content-Type` and bytes.
    pub(super) body: Option<(HeaderValue, Bytes)>,
    /// Fields of a form body, written out by `urlencoded` or `multipart`.
    pub(super) form: Vec<Field>,
    pub(super) problem: Option<Error>,
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("operation", &self.operation.name)
            .field("path", &self.path)
            .field("accept", &self.accept)
            .finish_non_exhaustive()
    }
}

impl Request {
    pub(crate) fn new(
        transport: Arc<Transport>,
        operation: &'static Operation,
        options: RequestOptions,
    ) -> Self {
        Request {
            transport,
            operation,
            options,
            accept: operation.accept,
            path: operation.path.to_owned(),
            query: String::new(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            body: None,
            form: Vec::new(),
            problem: None,
        }
    }

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

    /// Adds a `deepObject` parameter: `name[key]=value` per member; nothing
    /// for `None`.
    pub(crate) fn query_deep(mut self, name: &str, value: Option<&impl Serialize>) -> Self {
        let Some(value) = value else { return self };
        match form::deep_pairs(name, value) {
            Ok(pairs) => {
                for (key, value) in pairs {
                    push_query(&mut self.query, &key, &value);
                }
                self
            }
            Err(error) => self.fail(format!("query parameter `{name}` cannot be written: {error}")),
        }
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
        match to_header(name, &values.join(",")) {
            Ok((name, value)) => {
                self.headers.insert(name, value);
                self
            }
            Err(message) => self.fail(message),
        }
    }

    /// Adds `name=value` to the `Cookie` header, both percent-encoded (a
    /// `;` or `=` in either cannot make another cookie); a list is
    /// comma-joined; nothing for `None`.
    pub(crate) fn cookie(mut self, name: &str, values: impl ParamValues) -> Self {
        let values = values.values();
        if !values.is_empty() {
            self.cookies.push(cookie_pair(name, &values.join(","), COMPONENT));
        }
        self
    }

    /// Sends `body` as JSON with the given media type.
    pub(crate) fn json(mut self, content_type: &'static str, body: &impl Serialize) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some((HeaderValue::from_static(content_type), Bytes::from(bytes))),
            Err(error) => return self.fail(format!("the request body cannot be written as JSON: {error}")),
        }
        self
    }

    /// Sends text as it is.
    pub(crate) fn text(mut self, content_type: &'static str, body: Option<&String>) -> Self {
        if let Some(body) = body {
            self.body = Some((HeaderValue::from_static(content_type), Bytes::from(body.clone())));
        }
        self
    }

    /// Sends bytes as they are.
    pub(crate) fn bytes(mut self, content_type: &'static str, body: Option<&Bytes>) -> Self {
        if let Some(body) = body {
            self.body = Some((HeaderValue::from_static(content_type), body.clone()));
        }
        self
    }

    /// Adds a field to the form body; nothing for `None`.
    pub(crate) fn form_field(mut self, name: &str, value: Option<&impl Serialize>) -> Self {
        let Some(value) = value else { return self };
        match form::pairs(name, value) {
            Ok(pairs) => self.form.push(Field::Text(pairs)),
            Err(error) => return self.fail(format!("form field `{name}` cannot be written: {error}")),
        }
        self
    }

    /// Adds a file part to the form body; nothing for `None`.
    pub(crate) fn form_file(mut self, name: &'static str, bytes: Option<&Bytes>) -> Self {
        if let Some(bytes) = bytes {
            self.form.push(Field::File { name, bytes: bytes.clone() });
        }
        self
    }

    /// Writes the form fields as an `application/x-www-form-urlencoded` body.
    pub(crate) fn urlencoded(mut self, content_type: &'static str) -> Self {
        self.body = Some((HeaderValue::from_static(content_type), form::urlencoded(&self.form)));
        self
    }

    /// Writes the form fields as a `multipart/form-data` body.
    pub(crate) fn multipart(mut self) -> Self {
        let (content_type, body) = form::multipart(&self.form);
        match HeaderValue::from_str(&content_type) {
            Ok(content_type) => self.body = Some((content_type, body)),
            Err(_) => return self.fail("the multipart boundary is not a valid header value".to_owned()),
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

    /// Asks for another representation than the operation's default.
    pub(crate) fn accept(mut self, media_type: &'static str) -> Self {
        self.accept = media_type;
        self
    }

    fn fail(mut self, message: String) -> Self {
        if self.problem.is_none() {
            self.problem = Some(Error::InvalidRequest { operation: self.operation.name, message });
        }
        self
    }

    /// The full URL: base, path, query parameters, and API keys that travel
    /// in the query.
    pub(super) fn url(&self) -> Result<reqwest::Url, Error> {
        let mut query = self.query.clone();
        if self.operation.authenticated {
            for (name, value) in &self.transport.auth_query {
                push_query(&mut query, name, value.expose());
            }
        }
        let mut url = format!("{}{}", self.transport.base_url, self.path);
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        reqwest::Url::parse(&url).map_err(|error| Error::InvalidRequest {
            operation: self.operation.name,
            message: format!("the request URL does not parse: {error}"),
        })
    }

    /// The caller's extra headers, checked.
    pub(super) fn extra_headers(&self) -> Result<HeaderMap, Error> {
        let mut headers = HeaderMap::new();
        for (name, value) in &self.options.headers {
            let (name, mut value) = to_header(name, value.expose())
                .map_err(|message| Error::InvalidRequest { operation: self.operation.name, message })?;
            value.set_sensitive(true);
            headers.insert(name, value);
        }
        Ok(headers)
    }
}

/// A header from text; the error never shows the value.
fn to_header(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), String> {
    let header = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("{name:?} is not a valid header name"))?;
    let value = HeaderValue::from_str(value)
        .map_err(|_| format!("the value of header `{name}` has characters a header cannot carry"))?;
    Ok((header, value))
}

/// `name=value` for the `Cookie` header: the name percent-encoded as a URL
/// component, the value with `value_set`, so neither can end the pair or add
/// another cookie.
pub(crate) fn cookie_pair(name: &str, value: &str, value_set: &'static AsciiSet) -> String {
    format!("{}={}", utf8_percent_encode(name, COMPONENT), utf8_percent_encode(value, value_set))
}

fn push_query(query: &mut String, name: &str, value: &str) {
    if !query.is_empty() {
        query.push('&');
    }
    query.extend(utf8_percent_encode(name, COMPONENT));
    query.push('=');
    query.extend(utf8_percent_encode(value, COMPONENT));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_keep_only_unreserved_characters() {
        let encoded = utf8_percent_encode("s3://bucket/my array~_.-é+&=", COMPONENT).to_string();
        assert_eq!(encoded, "s3%3A%2F%2Fbucket%2Fmy%20array~_.-%C3%A9%2B%26%3D");
    }

    #[test]
    fn cookie_names_and_values_cannot_add_cookies() {
        assert_eq!(cookie_pair("sess;x=y", "a b;c", COMPONENT), "sess%3Bx%3Dy=a%20b%3Bc");
        assert_eq!(cookie_pair("key", "YWJj+/=;\r\n", COOKIE_VALUE), "key=YWJj+/=%3B%0D%0A");
    }

    #[test]
    fn date_times_are_rfc3339() {
        let at = chrono::DateTime::parse_from_rfc3339("2024-05-06T07:08:09Z").unwrap().to_utc();
        assert_eq!(at.to_param(), "2024-05-06T07:08:09Z");
    }
}
