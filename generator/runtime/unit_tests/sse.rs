//! The `text/event-stream` parser against the WHATWG rules: line ends,
//! fields, comments, dispatch, and bytes split anywhere.

use std::time::Duration;

use crate::runtime::sse::{Parser, RawEvent, TooLarge};

/// Every event `chunks` complete, pushed one after the other.
fn parse(chunks: &[&[u8]]) -> (Vec<RawEvent>, Parser) {
    let mut parser = Parser::new(1024);
    let mut events = Vec::new();
    for chunk in chunks {
        parser.push(chunk).unwrap();
        events.extend(std::iter::from_fn(|| parser.next_event()));
    }
    (events, parser)
}

fn message(data: &str) -> RawEvent {
    RawEvent { event: "message".to_owned(), data: data.to_owned(), id: None, retry: None }
}

#[test]
fn a_character_split_across_chunks_arrives_whole() {
    // "é" is C3 A9 in UTF-8; "€" is E2 82 AC.
    let (events, parser) = parse(&[b"data: caf\xC3", b"\xA9 \xE2", b"\x82", b"\xAC\n\n"]);
    assert_eq!(events, [message("café €")]);
    assert!(!parser.is_mid_event());
}

#[test]
fn crlf_cr_and_lf_all_end_lines() {
    let (events, _) = parse(&[b"data: a\r\ndata: b\rdata: c\n\r\ndata: d\r\r"]);
    assert_eq!(events, [message("a\nb\nc"), message("d")]);
}

#[test]
fn a_cr_at_the_end_of_a_chunk_and_an_lf_at_the_start_of_the_next_end_one_line() {
    // Were the LF a line of its own, it would dispatch the event early, with data "x".
    let (events, _) = parse(&[b"data: x\r", b"\ndata: y\r", b"\n\r", b"\n"]);
    assert_eq!(events, [message("x\ny")]);
}

#[test]
fn comments_are_ignored() {
    let (events, _) = parse(&[b": keep-alive\n:\ndata: x\n: between\ndata: y\n\n"]);
    assert_eq!(events, [message("x\ny")]);
}

#[test]
fn an_event_without_data_is_not_dispatched_and_its_type_does_not_carry_over() {
    let (events, parser) = parse(&[b"event: ping\n\n", b"data: after\n\n"]);
    assert_eq!(events, [message("after")]);
    assert!(!parser.is_mid_event());
}

#[test]
fn fields_event_id_and_retry() {
    let stream: &[u8] = b"event: update\nid: 7\nretry: 1500\ndata:{\"n\":1}\n\ndata: next\n\n";
    let (events, _) = parse(&[stream]);
    let first = RawEvent {
        event: "update".to_owned(),
        data: "{\"n\":1}".to_owned(),
        id: Some("7".to_owned()),
        retry: Some(Duration::from_millis(1500)),
    };
    // The id and the reconnection time stay until the stream changes them; the type does not.
    let second = RawEvent { data: "next".to_owned(), event: "message".to_owned(), ..first.clone() };
    assert_eq!(events, [first, second]);
}

#[test]
fn odd_lines_follow_the_standard() {
    let stream: &[u8] = b"retry: soon\nid: a\0b\ndata\nunknown: field\ndata:  two spaces\n\n\
                          id:\ndata: x\n\n";
    let (events, _) = parse(&[stream]);
    assert_eq!(
        events,
        [
            // A `retry` that is not digits and an id with NUL are ignored; `data` alone is an
            // empty line of data; only one space after the colon is dropped.
            message("\n two spaces"),
            // An empty id clears it.
            message("x"),
        ]
    );
}

#[test]
fn a_byte_order_mark_is_skipped_at_the_start_only() {
    let (events, _) = parse(&[b"\xEF\xBB", b"\xBFdata: a\n\n\xEF\xBB\xBFdata: b\n\n"]);
    // The second mark starts a line whose field is not `data`.
    assert_eq!(events, [message("a")]);
}

#[test]
fn a_stream_that_stops_mid_event_says_so() {
    for unfinished in [&b"data: x"[..], b"data: x\n", b"event: e\n", b"da"] {
        let (events, parser) = parse(&[unfinished]);
        assert!(events.is_empty());
        assert!(parser.is_mid_event(), "{:?}", String::from_utf8_lossy(unfinished));
    }
    let (_, parser) = parse(&[b": just a comment\n"]);
    assert!(!parser.is_mid_event());
}

#[test]
fn an_event_larger_than_the_limit_is_refused_as_it_grows() {
    let mut parser = Parser::new(16);
    assert_eq!(parser.push(b"data: 0123456\n"), Ok(()));
    // The event holds "0123456\n" and this line would take it past 16 bytes.
    assert_eq!(parser.push(b"data: 789"), Err(TooLarge));
    let mut parser = Parser::new(16);
    assert_eq!(parser.push(b"data: 0123456789abcdef"), Err(TooLarge));
}
