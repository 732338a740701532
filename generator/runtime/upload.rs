//! Binary request bodies that need not be in memory: a stream of chunks or
//! a reader (a `tokio::fs::File`) read while the request is sent, in
//! constant memory, as well as bytes. Copied into crates whose spec has
//! binary request bodies.

use std::error::Error as StdError;
use std::fmt;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use futures_core::Stream;
use futures_util::StreamExt as _;
use http_body::{Frame, SizeHint};
use reqwest::header::HeaderValue;
use tokio::io::{AsyncRead, ReadBuf};

use super::parts::Parts;

/// Why a streamed body could not be read: the caller's stream or reader failed.
pub(crate) type BoxError = Box<dyn StdError + Send + Sync>;

/// A binary request body: bytes, or a stream or reader that is read while the request is sent,
/// so a body of any size goes in constant memory. Bytes (`Bytes`, `Vec<u8>`, `String`) convert
/// into one; a file is `Upload::from_reader(file)`, with `.length(file.metadata().await?.len())`
/// for a server that wants to know the size first.
///
/// **A request whose body is a stream or reader is sent once and never retried**, whatever the
/// retry policy says: what was read cannot be read again. Bytes are retried as any body. Clones
/// of a streamed `Upload` share its stream: the first request sent takes it, and another that
/// sends it after is refused with `Error::InvalidRequest`.
#[derive(Clone)]
pub struct Upload(Source);

#[derive(Clone)]
enum Source {
    Bytes(Bytes),
    /// Taken by the first request that sends it.
    Streamed(Arc<Mutex<Option<Streamed>>>),
}

impl Upload {
    /// A body read from `stream` as the request is sent, chunk after chunk. An error from the
    /// stream breaks the request off.
    pub fn from_stream<S, B, E>(stream: S) -> Upload
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes>,
        E: Into<BoxError>,
    {
        let chunks = stream.map(|chunk| chunk.map(Into::into).map_err(Into::into));
        Upload::streamed(Chunks::Stream(Box::pin(chunks)))
    }

    /// A body read from `reader` (a `tokio::fs::File`, say) as the request is sent, 64 KiB at a
    /// time. Without a [`length`](Self::length), it is sent in chunks (`Transfer-Encoding:
    /// chunked`).
    pub fn from_reader(reader: impl AsyncRead + Send + 'static) -> Upload {
        Upload::streamed(Chunks::Reader(Box::pin(reader), vec![0; READ_SIZE]))
    }

    /// Declares the length of a streamed body, sent as `Content-Length` (some servers need it).
    /// A stream that turns out longer or shorter breaks the request off. Bytes have their own
    /// length, which this does not change.
    pub fn length(self, length: u64) -> Upload {
        if let Source::Streamed(streamed) = &self.0
            && let Some(streamed) = lock(streamed).as_mut()
        {
            streamed.remaining = Some(length);
        }
        self
    }

    fn streamed(chunks: Chunks) -> Upload {
        let streamed = Streamed { chunks: Mutex::new(chunks), remaining: None };
        Upload(Source::Streamed(Arc::new(Mutex::new(Some(streamed)))))
    }
}

impl From<Bytes> for Upload {
    fn from(bytes: Bytes) -> Upload {
        Upload(Source::Bytes(bytes))
    }
}

impl From<Vec<u8>> for Upload {
    fn from(bytes: Vec<u8>) -> Upload {
        Upload(Source::Bytes(bytes.into()))
    }
}

impl From<&'static [u8]> for Upload {
    fn from(bytes: &'static [u8]) -> Upload {
        Upload(Source::Bytes(Bytes::from_static(bytes)))
    }
}

impl<const N: usize> From<&'static [u8; N]> for Upload {
    fn from(bytes: &'static [u8; N]) -> Upload {
        Upload(Source::Bytes(Bytes::from_static(bytes)))
    }
}

impl From<String> for Upload {
    fn from(text: String) -> Upload {
        Upload(Source::Bytes(text.into()))
    }
}

impl From<&'static str> for Upload {
    fn from(text: &'static str) -> Upload {
        Upload(Source::Bytes(Bytes::from_static(text.as_bytes())))
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.bytes() {
            Some(bytes) => write!(f, "Upload({} bytes)", bytes.len()),
            None => f.write_str("Upload(stream)"),
        }
    }
}

impl Parts {
    /// Sends `body` with the given media type: bytes as they are, a stream as it is read (the
    /// request is then sent once, never retried); nothing for `None`.
    pub fn upload(&mut self, content_type: &'static str, body: Option<&Upload>) -> &mut Self {
        let Some(body) = body else { return self };
        let body = match body.take() {
            Ok(Taken::Bytes(bytes)) => reqwest::Body::from(bytes),
            Ok(Taken::Streamed(streamed)) => reqwest::Body::wrap(streamed),
            Err(message) => return self.fail(message),
        };
        self.body = Some((HeaderValue::from_static(content_type), body));
        self
    }
}

impl Upload {
    /// What to send: the bytes, or the stream, taken from every clone (a stream is read once).
    pub(crate) fn take(&self) -> Result<Taken, String> {
        match &self.0 {
            Source::Bytes(bytes) => Ok(Taken::Bytes(bytes.clone())),
            Source::Streamed(streamed) => match lock(streamed).take() {
                Some(streamed) => Ok(Taken::Streamed(streamed)),
                None => Err("the body is a stream an earlier request already sent: a stream is \
                             read once"
                    .to_owned()),
            },
        }
    }

    /// The bytes, when the body is not a stream or reader.
    pub(crate) fn bytes(&self) -> Option<&Bytes> {
        match &self.0 {
            Source::Bytes(bytes) => Some(bytes),
            Source::Streamed(_) => None,
        }
    }
}

/// An upload as a request sends it.
pub(crate) enum Taken {
    Bytes(Bytes),
    Streamed(Streamed),
}

/// How much of a reader one chunk takes.
const READ_SIZE: usize = 64 * 1024;

/// A body read while it is sent, and what is left of its declared length.
pub(crate) struct Streamed {
    /// In a mutex only because a request body must be `Sync`; as the body is polled through
    /// `&mut`, it is never locked.
    chunks: Mutex<Chunks>,
    remaining: Option<u64>,
}

enum Chunks {
    Stream(Pin<Box<dyn Stream<Item = Result<Bytes, BoxError>> + Send>>),
    /// The reader, and the buffer it reads into.
    Reader(Pin<Box<dyn AsyncRead + Send>>, Vec<u8>),
}

impl http_body::Body for Streamed {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        context: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = self.get_mut();
        let chunks = this.chunks.get_mut().unwrap_or_else(PoisonError::into_inner);
        let chunk = match chunks {
            Chunks::Stream(stream) => ready!(stream.as_mut().poll_next(context)),
            Chunks::Reader(reader, buffer) => {
                let mut read = ReadBuf::new(buffer);
                match ready!(reader.as_mut().poll_read(context, &mut read)) {
                    Ok(()) if read.filled().is_empty() => None,
                    Ok(()) => Some(Ok(Bytes::copy_from_slice(read.filled()))),
                    Err(error) => Some(Err(error.into())),
                }
            }
        };
        let outcome = match (chunk, this.remaining) {
            (Some(Ok(chunk)), Some(remaining)) if chunk.len() as u64 > remaining => {
                Some(Err("the body is longer than its declared length".into()))
            }
            (None, Some(remaining)) if remaining > 0 => {
                Some(Err("the body is shorter than its declared length".into()))
            }
            (Some(Ok(chunk)), remaining) => {
                this.remaining = remaining.map(|remaining| remaining - chunk.len() as u64);
                Some(Ok(Frame::data(chunk)))
            }
            (Some(Err(error)), _) => Some(Err(error)),
            (None, _) => None,
        };
        Poll::Ready(outcome)
    }

    fn size_hint(&self) -> SizeHint {
        self.remaining.map_or_else(SizeHint::default, SizeHint::with_exact)
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
