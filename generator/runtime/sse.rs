//! The `text/event-stream` format, as the WHATWG HTML standard parses it
//! ("Server-sent events", section 9.2.6): lines end with CR LF, LF or CR;
//! `field: value` lines fill the event being read (one space after the colon
//! is dropped), `data` lines join with LF, lines starting with `:` are
//! comments, a blank line dispatches the event, and one without data is not
//! dispatched. Lines are split as bytes and decoded once whole, so a UTF-8
//! character split across chunks arrives intact. The event being read is
//! capped in size, so a server cannot make the client hold more.

use std::collections::VecDeque;
use std::time::Duration;

/// An event as the stream delivered it, its data not decoded yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RawEvent {
    /// The event type: the `event` field, `message` when there is none.
    pub(crate) event: String,
    /// The `data` lines, joined with LF.
    pub(crate) data: String,
    /// The last event id the stream set, if any.
    pub(crate) id: Option<String>,
    /// The reconnection time the stream last asked for, if any.
    pub(crate) retry: Option<Duration>,
}

/// An event larger than the parser's limit.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct TooLarge;

/// Reads a `text/event-stream` body pushed to it a chunk at a time.
pub(crate) struct Parser {
    /// The bytes of the line being read.
    line: Vec<u8>,
    /// The last line ended with CR, so an LF first thing in the next chunk belongs to it.
    after_cr: bool,
    /// No line has ended yet: the first one may start with a byte order mark.
    first_line: bool,
    /// The data of the event being read, each line followed by LF.
    data: String,
    /// The type of the event being read.
    event: String,
    last_id: String,
    retry: Option<Duration>,
    /// The most bytes the event being read may hold, its current line included.
    limit: usize,
    ready: VecDeque<RawEvent>,
}

impl Parser {
    /// A parser for events of at most `limit` bytes.
    pub(crate) fn new(limit: usize) -> Parser {
        Parser {
            line: Vec::new(),
            after_cr: false,
            first_line: true,
            data: String::new(),
            event: String::new(),
            last_id: String::new(),
            retry: None,
            limit,
            ready: VecDeque::new(),
        }
    }

    /// Reads the next chunk of the body. The events it completes wait in
    /// [`next_event`](Self::next_event).
    pub(crate) fn push(&mut self, mut chunk: &[u8]) -> Result<(), TooLarge> {
        if chunk.is_empty() {
            return Ok(());
        }
        if std::mem::take(&mut self.after_cr) && chunk[0] == b'\n' {
            chunk = &chunk[1..];
        }
        while let Some(end) = chunk.iter().position(|&byte| byte == b'\r' || byte == b'\n') {
            self.extend_line(&chunk[..end])?;
            self.end_line();
            let crlf = chunk[end] == b'\r' && chunk.get(end + 1) == Some(&b'\n');
            if chunk[end] == b'\r' && end + 1 == chunk.len() {
                self.after_cr = true;
            }
            chunk = &chunk[end + if crlf { 2 } else { 1 }..];
        }
        self.extend_line(chunk)
    }

    /// The next event the pushed chunks completed.
    pub(crate) fn next_event(&mut self) -> Option<RawEvent> {
        self.ready.pop_front()
    }

    /// Whether the body stopped in the middle of an event: within a line, or after fields of an
    /// event that no blank line ended.
    pub(crate) fn is_mid_event(&self) -> bool {
        !self.line.is_empty() || !self.data.is_empty() || !self.event.is_empty()
    }

    fn extend_line(&mut self, bytes: &[u8]) -> Result<(), TooLarge> {
        let size = self.line.len() + bytes.len() + self.data.len() + self.event.len();
        if size > self.limit {
            return Err(TooLarge);
        }
        self.line.extend_from_slice(bytes);
        Ok(())
    }

    fn end_line(&mut self) {
        let bytes = std::mem::take(&mut self.line);
        let mut line = String::from_utf8_lossy(&bytes);
        if std::mem::take(&mut self.first_line)
            && let Some(rest) = line.strip_prefix('\u{feff}')
        {
            line = rest.to_owned().into();
        }
        if line.is_empty() {
            self.dispatch();
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (&*line, ""),
        };
        match field {
            "event" => value.clone_into(&mut self.event),
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            "id" if !value.contains('\0') => value.clone_into(&mut self.last_id),
            "retry" if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) => {
                // Digits beyond any sensible wait saturate.
                let millis = value.parse().unwrap_or(u64::MAX);
                self.retry = Some(Duration::from_millis(millis));
            }
            _ => {}
        }
    }

    /// Ends the event being read: dispatched when it has data, dropped otherwise.
    fn dispatch(&mut self) {
        let event = std::mem::take(&mut self.event);
        let mut data = std::mem::take(&mut self.data);
        if data.is_empty() {
            return;
        }
        data.pop();
        self.ready.push_back(RawEvent {
            event: if event.is_empty() { "message".to_owned() } else { event },
            data,
            id: (!self.last_id.is_empty()).then(|| self.last_id.clone()),
            retry: self.retry,
        });
    }
}
