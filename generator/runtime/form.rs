//! Form bodies: `application/x-www-form-urlencoded` and
//! `multipart/form-data`, written to bytes up front so a retried request
//! sends exactly the same body; a file part read from a stream is sent
//! between the bytes before and after it, once.
//!
//! Field values go through `serde_json::Value` so every generated type is
//! written the same way. In a URL-encoded body, scalars are their text, lists
//! one pair per item, and objects in bracket notation (`metadata[plan]=pro`),
//! which is OpenAPI's `deepObject` and what Rails, PHP and Stripe-style
//! servers read; a field whose encoding is `deepObject` numbers its list
//! items too (`items[0][price]=p`, `expand[0]=customer`), as those servers
//! and Stripe's own libraries write lists. In a multipart body, an object
//! (or an object in a list) is one part of JSON, which is what OpenAPI says
//! a complex part is by default; other values are text parts.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::hash::{BuildHasher, RandomState};
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use http_body::{Frame, SizeHint};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::HeaderValue;
use serde::Serialize;
use serde_json::Value;

use super::file_part::FilePart;
use super::parts::{Parts, push_query};
use super::upload::{BoxError, Taken, Upload};

/// `application/x-www-form-urlencoded` escapes all but these, and writes
/// spaces as `+`.
const FORM: &AsciiSet =
    &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'*').remove(b' ');

/// The fields of a form body, sent by [`Parts::urlencoded`] or [`Parts::multipart`].
#[derive(Default)]
pub struct Form {
    fields: Vec<Field>,
    problem: Option<String>,
}

impl Form {
    /// Adds a field: a list as one pair (or part) per item, an object in bracket notation (or
    /// as a JSON part); nothing for `None`.
    pub fn field(&mut self, name: &str, value: Option<&impl Serialize>) -> &mut Self {
        self.value(name, value, Lists::Repeated)
    }

    /// Adds a field whose encoding is `deepObject`: objects in bracket notation and list items
    /// numbered, at every depth; nothing for `None`.
    pub fn deep_field(&mut self, name: &str, value: Option<&impl Serialize>) -> &mut Self {
        self.value(name, value, Lists::Indexed)
    }

    fn value(&mut self, name: &str, value: Option<&impl Serialize>, lists: Lists) -> &mut Self {
        match value.map(serde_json::to_value) {
            Some(Ok(value)) => {
                self.fields.push(Field::Value { name: name.to_owned(), value, lists })
            }
            Some(Err(error)) => {
                let problem = format!("form field `{name}` cannot be written: {error}");
                self.problem.get_or_insert(problem);
            }
            None => {}
        }
        self
    }

    /// Adds a file part; nothing for `None`.
    pub fn file(&mut self, name: &'static str, part: Option<&FilePart>) -> &mut Self {
        let Some(part) = part else { return self };
        let mime_type = part.given_mime_type().unwrap_or("application/octet-stream");
        // The media type goes into the part's header: a line break would add headers to it.
        if !mime_type.bytes().all(|byte| byte == b'\t' || (b' '..=b'~').contains(&byte)) {
            let problem = format!(
                "the media type of file part `{name}` has characters a header cannot carry"
            );
            self.problem.get_or_insert(problem);
            return self;
        }
        let (file_name, mime_type) =
            (part.given_file_name().unwrap_or(name).to_owned(), mime_type.to_owned());
        self.fields.push(match part.bytes_or_stream() {
            Ok(bytes) => Field::File { name, file_name, mime_type, bytes: bytes.clone() },
            Err(upload) => Field::Streamed { name, file_name, mime_type, upload: upload.clone() },
        });
        self
    }
}

impl Parts {
    /// Sends `form` as an `application/x-www-form-urlencoded` body.
    pub fn urlencoded(&mut self, form: Form) -> &mut Self {
        if let Some(problem) = form.problem {
            return self.fail(problem);
        }
        if form.fields.iter().any(|field| matches!(field, Field::Streamed { .. })) {
            return self
                .fail("a URL-encoded form cannot carry a file part read from a stream".to_owned());
        }
        self.body("application/x-www-form-urlencoded", urlencoded(&form.fields))
    }

    /// Sends `form` as a `multipart/form-data` body: bytes, or, when a file part is a stream,
    /// the bytes around it and the stream as it is read (the request is then sent once, never
    /// retried).
    pub fn multipart(&mut self, form: Form) -> &mut Self {
        if let Some(problem) = form.problem {
            return self.fail(problem);
        }
        let parts = parts(&form.fields);
        let boundary = boundary(&parts);
        let mut pieces = VecDeque::new();
        for piece in multipart_pieces(&parts, &boundary) {
            match piece {
                Piece::Bytes(bytes) => pieces.push_back(Taken::Bytes(bytes)),
                Piece::Streamed(upload) => match upload.take() {
                    Ok(taken) => pieces.push_back(taken),
                    Err(message) => return self.fail(message),
                },
            }
        }
        let body = match pieces.len() {
            1 => match pieces.pop_front() {
                Some(Taken::Bytes(bytes)) => reqwest::Body::from(bytes),
                Some(taken) => reqwest::Body::wrap(Chain(VecDeque::from([taken]))),
                None => reqwest::Body::from(Bytes::new()),
            },
            _ => reqwest::Body::wrap(Chain(pieces)),
        };
        match HeaderValue::from_str(&format!("multipart/form-data; boundary={boundary}")) {
            Ok(content_type) => {
                self.body = Some((content_type, body));
                self
            }
            Err(_) => self.fail("the multipart boundary is not a valid header value".to_owned()),
        }
    }

    /// Adds a `deepObject` query parameter: `name[key]=value` per member, `name[key][]=item`
    /// per list item; nothing for `None`.
    pub fn query_deep(&mut self, name: &str, value: Option<&impl Serialize>) -> &mut Self {
        match value.map(|value| deep_pairs(name, value)) {
            Some(Ok(pairs)) => {
                for (key, value) in pairs {
                    push_query(&mut self.query, &key, &value);
                }
                self
            }
            Some(Err(error)) => {
                self.fail(format!("query parameter `{name}` cannot be written: {error}"))
            }
            None => self,
        }
    }
}

/// One field's contribution to a form.
#[derive(Clone, Debug)]
pub(crate) enum Field {
    /// A value, written as pairs in a URL-encoded body and as parts in a multipart one.
    Value { name: String, value: Value, lists: Lists },
    /// A file part in a multipart form: its bytes, labelled with a file name and media type.
    File { name: &'static str, file_name: String, mime_type: String, bytes: Bytes },
    /// A file part read from a stream as the request is sent.
    Streamed { name: &'static str, file_name: String, mime_type: String, upload: Upload },
}

/// A body of several pieces sent one after the other, bytes and streams (a multipart form with
/// a streamed file part): as long as its pieces, when they all say.
pub(crate) struct Chain(pub(crate) VecDeque<Taken>);

impl http_body::Body for Chain {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        context: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let pieces = &mut self.get_mut().0;
        loop {
            let frame = match pieces.front_mut() {
                None => return Poll::Ready(None),
                Some(Taken::Bytes(bytes)) if bytes.is_empty() => None,
                Some(Taken::Bytes(bytes)) => Some(Ok(Frame::data(std::mem::take(bytes)))),
                Some(Taken::Streamed(streamed)) => ready!(Pin::new(streamed).poll_frame(context)),
            };
            match frame {
                Some(frame) => return Poll::Ready(Some(frame)),
                // The piece is sent whole: on to the next.
                None => {
                    pieces.pop_front();
                }
            }
        }
    }

    fn size_hint(&self) -> SizeHint {
        let lengths = self.0.iter().map(|piece| match piece {
            Taken::Bytes(bytes) => Some(bytes.len() as u64),
            Taken::Streamed(streamed) => streamed.size_hint().exact(),
        });
        lengths.sum::<Option<u64>>().map_or_else(SizeHint::default, SizeHint::with_exact)
    }
}

/// The pairs of a `deepObject` query parameter: like [`pairs`], but list
/// items are named `name[]`, as Rails, PHP and Stripe-style servers read them.
pub(crate) fn deep_pairs(
    name: &str,
    value: &impl Serialize,
) -> Result<Vec<(String, String)>, serde_json::Error> {
    let mut out = Vec::new();
    flatten(name, &serde_json::to_value(value)?, Lists::Bracketed, &mut out);
    Ok(out)
}

/// How list items are named.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Lists {
    /// Each item under the list's own name.
    Repeated,
    /// Each item under the list's name and `[]`.
    Bracketed,
    /// Each item under the list's name and its index, `[0]`.
    Indexed,
}

fn flatten(name: &str, value: &Value, lists: Lists, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::String(text) => out.push((name.to_owned(), text.clone())),
        Value::Bool(_) | Value::Number(_) => out.push((name.to_owned(), value.to_string())),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let item_name = match lists {
                    Lists::Repeated => name.to_owned(),
                    Lists::Bracketed => format!("{name}[]"),
                    Lists::Indexed => format!("{name}[{index}]"),
                };
                flatten(&item_name, item, lists, out);
            }
        }
        Value::Object(members) => {
            for (key, member) in members {
                flatten(&format!("{name}[{key}]"), member, lists, out);
            }
        }
    }
}

/// One part of a multipart body: its name, its `Content-Type` when not
/// text, and its content.
struct Part<'a> {
    name: String,
    content_type: Option<&'a str>,
    file_name: Option<&'a str>,
    content: Content<'a>,
}

/// What a multipart part holds: bytes, or a file read as the request is sent.
enum Content<'a> {
    Bytes(Cow<'a, [u8]>),
    Streamed(&'a Upload),
}

/// The parts of `fields`: objects as JSON, lists as a part per item, files
/// as their bytes.
fn parts(fields: &[Field]) -> Vec<Part<'_>> {
    let mut parts = Vec::new();
    let text = |name: String, text: String| Part {
        name,
        content_type: None,
        file_name: None,
        content: Content::Bytes(Cow::Owned(text.into_bytes())),
    };
    for field in fields {
        match field {
            Field::Value { name, value, lists: Lists::Repeated } => {
                let items = match value {
                    Value::Array(items) => items.as_slice(),
                    other => std::slice::from_ref(other),
                };
                for item in items {
                    match item {
                        Value::Null => {}
                        Value::String(value) => parts.push(text(name.clone(), value.clone())),
                        Value::Bool(_) | Value::Number(_) => {
                            parts.push(text(name.clone(), item.to_string()))
                        }
                        Value::Array(_) | Value::Object(_) => parts.push(Part {
                            name: name.clone(),
                            content_type: Some("application/json"),
                            file_name: None,
                            content: Content::Bytes(Cow::Owned(item.to_string().into_bytes())),
                        }),
                    }
                }
            }
            Field::Value { name, value, lists } => {
                let mut pairs = Vec::new();
                flatten(name, value, *lists, &mut pairs);
                parts.extend(pairs.into_iter().map(|(name, value)| text(name, value)));
            }
            Field::File { name, file_name, mime_type, bytes } => parts.push(Part {
                name: (*name).to_owned(),
                content_type: Some(mime_type),
                file_name: Some(file_name),
                content: Content::Bytes(Cow::Borrowed(bytes)),
            }),
            Field::Streamed { name, file_name, mime_type, upload } => parts.push(Part {
                name: (*name).to_owned(),
                content_type: Some(mime_type),
                file_name: Some(file_name),
                content: Content::Streamed(upload),
            }),
        }
    }
    parts
}

/// The URL-encoded body of `fields`; file fields are sent as their bytes,
/// read as UTF-8.
pub(crate) fn urlencoded(fields: &[Field]) -> Bytes {
    let mut body = String::new();
    let mut push = |name: &str, value: &str| {
        if !body.is_empty() {
            body.push('&');
        }
        body.push_str(&encode(name));
        body.push('=');
        body.push_str(&encode(value));
    };
    for field in fields {
        match field {
            Field::Value { name, value, lists } => {
                let mut pairs = Vec::new();
                flatten(name, value, *lists, &mut pairs);
                pairs.iter().for_each(|(name, value)| push(name, value));
            }
            Field::File { name, bytes, .. } => push(name, &String::from_utf8_lossy(bytes)),
            // Refused by `Parts::urlencoded`.
            Field::Streamed { .. } => {}
        }
    }
    Bytes::from(body)
}

fn encode(text: &str) -> String {
    utf8_percent_encode(text, FORM).to_string().replace(' ', "+")
}

/// A piece of a multipart body: bytes, or the content of a file part read as it is sent.
enum Piece<'a> {
    Bytes(Bytes),
    Streamed(&'a Upload),
}

/// The pieces of the multipart body of `parts`: the bytes of the parts held whole, joined, and
/// the streamed file parts between them.
fn multipart_pieces<'a>(parts: &[Part<'a>], boundary: &str) -> Vec<Piece<'a>> {
    let mut pieces = Vec::new();
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let name = quoted(&part.name);
        let disposition = match part.file_name {
            Some(file_name) => format!(
                "Content-Disposition: form-data; name=\"{name}\"; filename=\"{}\"\r\n",
                quoted(file_name)
            ),
            None => format!("Content-Disposition: form-data; name=\"{name}\"\r\n"),
        };
        body.extend_from_slice(disposition.as_bytes());
        if let Some(content_type) = part.content_type {
            body.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
        }
        body.extend_from_slice(b"\r\n");
        match &part.content {
            Content::Bytes(bytes) => body.extend_from_slice(bytes),
            Content::Streamed(upload) => {
                pieces.push(Piece::Bytes(Bytes::from(std::mem::take(&mut body))));
                pieces.push(Piece::Streamed(upload));
            }
        }
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    pieces.push(Piece::Bytes(Bytes::from(body)));
    pieces
}

/// A field name inside a quoted header parameter, escaped as the HTML
/// standard's multipart encoding does.
fn quoted(name: &str) -> String {
    name.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

/// A boundary that occurs in none of the parts: a fixed prefix and a
/// counter, moved on until no part contains it. A streamed part cannot be
/// searched, so when there is one the prefix has 64 random bits too: a
/// stream holds the boundary by chance once in 2^64.
fn boundary(parts: &[Part<'_>]) -> String {
    let contains = |boundary: &str| {
        parts.iter().any(|part| {
            part.name.contains(boundary)
                || match &part.content {
                    Content::Bytes(bytes) => {
                        bytes.windows(boundary.len()).any(|window| window == boundary.as_bytes())
                    }
                    Content::Streamed(_) => false,
                }
        })
    };
    let streamed = parts.iter().any(|part| matches!(part.content, Content::Streamed(_)));
    let prefix = match streamed {
        true => format!("form-boundary-{:016x}-", RandomState::new().hash_one(parts.len())),
        false => "form-boundary-".to_owned(),
    };
    (0u64..)
        .map(|attempt| format!("{prefix}{attempt:016x}"))
        .find(|boundary| !contains(boundary))
        .unwrap_or_default()
}
