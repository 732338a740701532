//! A request as an operation writes it: path parameters, query, headers and
//! body, with exact percent-encoding. Problems with arguments are kept until
//! the request is sent, so an operation's `write` reads as one chain.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;

use super::endpoint::Endpoint;

/// Everything but RFC 3986's unreserved characters is percent-encoded in a path segment or query
/// component, so a value cannot change the shape of the URL: `/` stays inside its segment, `&`
/// inside its parameter, and a space is `%20` (never `+`).
pub(crate) const COMPONENT: &AsciiSet =
    &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// The parts of one request, written by an [`Operation`](super::Operation).
pub struct Parts {
    pub(crate) endpoint: &'static Endpoint,
    /// The path with its parameters filled in; `None` until [`Parts::path`].
    pub(crate) path: Option<String>,
    pub(crate) query: String,
    pub(crate) headers: HeaderMap,
    /// `name=value` pairs for the `Cookie` header, `; `-separated.
    pub(crate) cookies: String,
    /// The body's `Content-Type`, and the body: bytes, or a stream read while sending.
    pub(crate) body: Option<(HeaderValue, reqwest::Body)>,
    /// What is wrong with the first argument that cannot be sent.
    pub(crate) problem: Option<String>,
}

impl fmt::Debug for Parts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.as_deref().unwrap_or(self.endpoint.template);
        f.debug_struct("Parts")
            .field("operation", &self.endpoint.name)
            .field("path", &path)
            .finish()
    }
}

impl Parts {
    pub(crate) fn new(endpoint: &'static Endpoint) -> Self {
        Parts {
            endpoint,
            path: None,
            query: String::new(),
            headers: HeaderMap::new(),
            cookies: String::new(),
            body: None,
            problem: None,
        }
    }

    /// Fills the placeholders of the endpoint's path template, each with its value as exactly one
    /// percent-encoded path segment. `values` holds one value per placeholder name, in the order
    /// the names first appear: a name the template repeats (`/accounts/{id}/x/accounts/{id}`) is
    /// filled with its one value every time.
    pub fn path(&mut self, values: &[&dyn ToParam]) -> &mut Self {
        let template = self.endpoint.template;
        let mut path = String::with_capacity(template.len() + 16);
        let mut rest = template;
        let mut names: Vec<&str> = Vec::with_capacity(values.len());
        while let Some((before, after)) = rest.split_once('{') {
            let Some((name, after)) = after.split_once('}') else { break };
            path.push_str(before);
            let index = names.iter().position(|seen| *seen == name).unwrap_or_else(|| {
                names.push(name);
                names.len() - 1
            });
            let value = values.get(index).map(|value| value.to_param()).unwrap_or_default();
            // An empty, `.` or `..` segment would address another resource: URL parsers remove
            // dot segments, escaped or not.
            if matches!(&*value, "" | "." | "..") {
                return self.fail(format!(
                    "path parameter `{name}` cannot be `{value}`: it would address a different URL"
                ));
            }
            path.extend(utf8_percent_encode(&value, COMPONENT));
            rest = after;
        }
        path.push_str(rest);
        self.path = Some(path);
        self
    }

    /// Adds `name=value` to the query string once per value (a list is repeated, form style);
    /// nothing for `None`.
    pub fn query(&mut self, name: &str, values: impl ParamValues) -> &mut Self {
        values.each(&mut |value| push_query(&mut self.query, name, &value));
        self
    }

    /// Sets header `name`; a list is comma-joined; nothing for `None`.
    pub fn header(&mut self, name: &'static str, values: impl ParamValues) -> &mut Self {
        let Some(joined) = join(values, ',') else { return self };
        match to_header(name, &joined) {
            Ok((name, value)) => {
                self.headers.insert(name, value);
                self
            }
            Err(message) => self.fail(message),
        }
    }

    /// Sends `body` as JSON, with the given media type.
    pub fn json(&mut self, content_type: &'static str, body: &impl Serialize) -> &mut Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body(content_type, Bytes::from(bytes)),
            Err(error) => self.fail(format!("the request body cannot be written as JSON: {error}")),
        }
    }

    /// Sends `bytes` as the body, with the given media type.
    pub(crate) fn body(&mut self, content_type: &'static str, bytes: Bytes) -> &mut Self {
        self.body = Some((HeaderValue::from_static(content_type), bytes.into()));
        self
    }

    /// Keeps the first problem; the request fails with it when sent.
    pub(crate) fn fail(&mut self, message: String) -> &mut Self {
        self.problem.get_or_insert(message);
        self
    }
}

/// A value that can be written into a path segment, query parameter or header.
pub trait ToParam {
    /// The value as text, before percent-encoding.
    fn to_param(&self) -> Cow<'_, str>;
}

impl ToParam for str {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ToParam for String {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

macro_rules! to_param_by_display {
    ($($ty:ty),*) => {
        $(impl ToParam for $ty {
            fn to_param(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        })*
    };
}

to_param_by_display!(bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, chrono::NaiveDate);

impl ToParam for chrono::DateTime<chrono::Utc> {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

/// Zero or more parameter values: a value, an optional value, or a list.
pub trait ParamValues {
    /// Calls `f` with each value as text.
    fn each(self, f: &mut dyn FnMut(Cow<'_, str>));
}

impl<T: ToParam + ?Sized> ParamValues for &T {
    fn each(self, f: &mut dyn FnMut(Cow<'_, str>)) {
        f(self.to_param());
    }
}

impl<T: ToParam + ?Sized> ParamValues for Option<&T> {
    fn each(self, f: &mut dyn FnMut(Cow<'_, str>)) {
        if let Some(value) = self {
            f(value.to_param());
        }
    }
}

impl<T: ToParam> ParamValues for &Vec<T> {
    fn each(self, f: &mut dyn FnMut(Cow<'_, str>)) {
        self.iter().for_each(|value| f(value.to_param()));
    }
}

impl<T: ToParam> ParamValues for Option<&Vec<T>> {
    fn each(self, f: &mut dyn FnMut(Cow<'_, str>)) {
        if let Some(values) = self {
            values.each(f);
        }
    }
}

/// The values joined by `separator`; `None` when there are none.
pub(crate) fn join(values: impl ParamValues, separator: char) -> Option<String> {
    let mut joined: Option<String> = None;
    values.each(&mut |value| match &mut joined {
        Some(joined) => {
            joined.push(separator);
            joined.push_str(&value);
        }
        None => joined = Some(value.into_owned()),
    });
    joined
}

/// A header from text; the error never shows the value.
pub(crate) fn to_header(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), String> {
    let header = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("{name:?} is not a valid header name"))?;
    let value = HeaderValue::from_str(value).map_err(|_| {
        format!("the value of header `{name}` has characters a header cannot carry")
    })?;
    Ok((header, value))
}

/// Appends `name=value` to a query string, both percent-encoded as URL components.
pub(crate) fn push_query(query: &mut String, name: &str, value: &str) {
    if !query.is_empty() {
        query.push('&');
    }
    query.extend(utf8_percent_encode(name, COMPONENT));
    query.push('=');
    query.extend(utf8_percent_encode(value, COMPONENT));
}
