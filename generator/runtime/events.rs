//! Server-sent events: a `text/event-stream` response as a stream of typed
//! events, read as they arrive (see `sse` for the format, `stream` for the
//! timeouts). Copied into crates whose spec has event streams.

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use serde::de::DeserializeOwned;

use super::decode::{self, Failure};
use super::error::Error;
use super::operation::{Operation, Request, written};
use super::sse::{Parser, RawEvent};
use super::stream::ByteStream;

/// An operation whose response is a stream of server-sent events (`text/event-stream`): its
/// requests have [`events`](Request::events).
pub trait ServerEvents: Operation {
    /// What each event's `data` decodes to: the type the spec gives for the events, or
    /// `String`.
    type Data: DeserializeOwned + Send + 'static;
    /// Whether `data` is JSON, decoded as [`Data`](Self::Data); otherwise it is text, taken as it
    /// is (`Data` is then `String`).
    const JSON: bool;
    /// A `data` value that ends the stream, for an API that sends one (`[DONE]`).
    const DONE: Option<&'static str> = None;
}

/// One server-sent event.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The event type: the `event` field, `message` when the server names none.
    pub event: String,
    /// The `data` lines, joined with line breaks and decoded.
    pub data: T,
    /// The last event id the server set (`id`), which a client reconnecting sends back as
    /// `Last-Event-ID`.
    pub id: Option<String>,
    /// The reconnection time the server last asked for (`retry`).
    pub retry: Option<Duration>,
}

impl<T> Event<T> {
    /// A `message` event without id or retry, as tests of code that takes events build one.
    pub fn new(data: T) -> Self {
        Event { event: "message".to_owned(), data, id: None, retry: None }
    }
}

impl<Op: ServerEvents> Request<Op> {
    /// Sends the request and returns the response's events as they arrive, once its status and
    /// headers are in.
    ///
    /// The call's timeout covers connecting, the headers and the first bytes; the
    /// [idle timeout](Self::idle_timeout) covers each later pause (comments a server sends to
    /// keep the connection open count as bytes). An event may be as large as the client's
    /// [response limit](crate::ClientBuilder::max_response_bytes). The stream is not
    /// reconnected when it breaks; the last event's [`id`](Event::id) says where it stopped.
    ///
    /// # Errors
    ///
    /// As documented on the `Client` method that made the request, and [`Error::Timeout`] when
    /// the response does not start within the call's timeout. See [`Events`] for the errors of
    /// the stream itself.
    pub async fn events(self) -> Result<Events<Op::Data>, Error> {
        let (transport, parts, options) = written(self);
        let limit = usize::try_from(transport.max_response_bytes).unwrap_or(usize::MAX);
        let bytes = ByteStream::open(transport, parts, options, Op::ENDPOINT.accept).await?;
        Ok(Events {
            bytes,
            parser: Parser::new(limit),
            limit: limit as u64,
            operation: Op::ENDPOINT.name,
            decode: if Op::JSON { decode::from_slice } else { text },
            done: Op::DONE,
            finished: false,
            data: PhantomData,
        })
    }
}

/// Server-sent events as they arrive: a [`Stream`] of [`Event`]s, or [`next`](Self::next) in a
/// loop.
///
/// An event whose data does not decode is an [`Error::Decode`] item, and the stream goes on. The
/// stream ends after any other error: [`Error::Timeout`] when a pause passes the idle timeout,
/// [`Error::Transport`] when the connection breaks, [`Error::ResponseTooLarge`] for an event
/// larger than the limit, and [`Error::Decode`] when the body ends in the middle of an event.
#[must_use = "streams do nothing unless polled"]
pub struct Events<T> {
    bytes: ByteStream,
    parser: Parser,
    limit: u64,
    /// The `Client` method that was called, for errors.
    operation: &'static str,
    decode: fn(&[u8]) -> Result<T, Failure>,
    /// The data that ends the stream.
    done: Option<&'static str>,
    finished: bool,
    data: PhantomData<fn() -> T>,
}

impl<T> Events<T> {
    /// The response's status and headers.
    pub fn response(&self) -> &ByteStream {
        &self.bytes
    }

    /// The next event; `None` at the end of the stream.
    pub async fn next(&mut self) -> Option<Result<Event<T>, Error>> {
        std::future::poll_fn(|context| Pin::new(&mut *self).poll_next(context)).await
    }

    /// The next event, `Ok(None)` at the end of the stream.
    ///
    /// # Errors
    ///
    /// As the stream's items (see [`Events`]).
    pub async fn try_next(&mut self) -> Result<Option<Event<T>>, Error> {
        self.next().await.transpose()
    }

    fn event(&self, raw: RawEvent) -> Result<Event<T>, Error> {
        let RawEvent { event, data, id, retry } = raw;
        match (self.decode)(data.as_bytes()) {
            Ok(data) => Ok(Event { event, data, id, retry }),
            Err(Failure { path, source }) => {
                let error = self.bytes.decode_error_of(Bytes::from(data), String::new());
                Err(Error::Decode(Box::new(error.json(path, source))))
            }
        }
    }
}

impl<T> Stream for Events<T> {
    type Item = Result<Event<T>, Error>;

    fn poll_next(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.finished {
                return Poll::Ready(None);
            }
            if let Some(raw) = this.parser.next_event() {
                if this.done == Some(raw.data.as_str()) {
                    this.finished = true;
                    return Poll::Ready(None);
                }
                return Poll::Ready(Some(this.event(raw)));
            }
            let outcome = match ready!(Pin::new(&mut this.bytes).poll_next(context)) {
                Some(Ok(chunk)) => match this.parser.push(&chunk) {
                    Ok(()) => continue,
                    Err(_) => Some(Err(Error::ResponseTooLarge {
                        operation: this.operation,
                        status: this.bytes.status(),
                        limit: this.limit,
                    })),
                },
                Some(Err(error)) => Some(Err(error)),
                None if this.parser.is_mid_event() => {
                    let message = "the stream ended in the middle of an event".to_owned();
                    Some(Err(this.bytes.error_with(Bytes::new(), message)))
                }
                None => None,
            };
            this.finished = true;
            return Poll::Ready(outcome);
        }
    }
}

impl<T> fmt::Debug for Events<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Events").field("response", &self.bytes).finish_non_exhaustive()
    }
}

/// `data` taken as text, for events the spec gives no JSON type.
fn text<T: DeserializeOwned>(data: &[u8]) -> Result<T, Failure> {
    let text = String::from_utf8_lossy(data);
    let deserializer = serde::de::value::StrDeserializer::<serde_json::Error>::new(&text);
    T::deserialize(deserializer).map_err(|source| Failure { path: None, source })
}

#[cfg(feature = "mock")]
mod mock {
    use serde::Serialize;

    use super::{Event, ServerEvents};
    use crate::runtime::mock::{Feed, Mock, Reply};

    impl<Op: ServerEvents, B> Mock<'_, Op, B>
    where
        Op::Data: Serialize,
    {
        /// Adds a `200` reply that sends `events` as `message` events, then the API's end of
        /// stream (`[DONE]`) if it has one, and ends.
        ///
        /// # Panics
        ///
        /// When an event cannot be written as the API writes them.
        pub fn responds_events(self, events: impl IntoIterator<Item = Op::Data>) -> Self {
            let mut body: String =
                events.into_iter().map(|data| text::<Op>(&Event::new(data))).collect();
            body.extend(Op::DONE.map(|done| format!("data: {done}\n\n")));
            self.reply(Reply::new(200).body("text/event-stream", body))
        }

        /// Adds a `200` reply whose events the test sends one at a time through the returned
        /// [`EventFeed`], pausing where it likes. It answers one request, so it is the last reply
        /// to script.
        pub fn feeds_events(self) -> EventFeed<Op> {
            EventFeed { feed: self.feeds("text/event-stream"), operation: std::marker::PhantomData }
        }
    }

    /// The test's end of a reply of server-sent events ([`Mock::feeds_events`]): each event is
    /// written when it is sent; the stream ends when the feed is [`end`](Self::end)ed or
    /// dropped, or the connection drops with [`cut`](Self::cut).
    pub struct EventFeed<Op> {
        feed: Feed,
        operation: std::marker::PhantomData<fn() -> Op>,
    }

    impl<Op: ServerEvents> EventFeed<Op>
    where
        Op::Data: Serialize,
    {
        /// Sends an event.
        ///
        /// # Panics
        ///
        /// When the event cannot be written as the API writes them.
        pub fn send(&self, event: &Event<Op::Data>) {
            self.feed.send(text::<Op>(event));
        }

        /// Sends bytes as they are: a comment, half an event, anything.
        pub fn send_raw(&self, bytes: impl Into<bytes::Bytes>) {
            self.feed.send(bytes);
        }

        /// Sends the API's end of stream (`[DONE]`) if it has one, and ends the body.
        pub fn end(self) {
            if let Some(done) = Op::DONE {
                self.feed.send(format!("data: {done}\n\n"));
            }
        }

        /// Drops the connection where the stream is.
        pub fn cut(self) {
            self.feed.cut();
        }
    }

    impl<Op> std::fmt::Debug for EventFeed<Op> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("EventFeed").finish_non_exhaustive()
        }
    }

    /// An event as the stream carries it: its fields, a `data` line for each line of its data
    /// (JSON, or the text as it is), and the blank line that ends it.
    fn text<Op: ServerEvents>(event: &Event<Op::Data>) -> String
    where
        Op::Data: Serialize,
    {
        let data = match serde_json::to_value(&event.data) {
            Ok(serde_json::Value::String(text)) if !Op::JSON => text,
            Ok(value) => value.to_string(),
            Err(error) => panic!("mock: the event's data cannot be written: {error}"),
        };
        let mut text = String::new();
        if event.event != "message" {
            text.push_str(&format!("event: {}\n", event.event));
        }
        if let Some(id) = &event.id {
            text.push_str(&format!("id: {id}\n"));
        }
        if let Some(retry) = event.retry {
            text.push_str(&format!("retry: {}\n", retry.as_millis()));
        }
        for line in data.split('\n') {
            text.push_str(&format!("data: {line}\n"));
        }
        text.push('\n');
        text
    }
}

#[cfg(feature = "mock")]
pub use mock::EventFeed;
