//! File parts of a multipart upload arrive byte for byte, with the file name
//! and media type the caller set (or the field's name and
//! `application/octet-stream`), and text fields stay text. The body is read
//! back by the small multipart parser below, written from RFC 7578 and
//! independent of the client's encoder.

mod common;

use common::{answering, header, only_request};
use fixture_file_parts::{Client, FilePart};
use wiremock::ResponseTemplate;

/// One part of a `multipart/form-data` body.
#[derive(Debug, PartialEq)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    body: Vec<u8>,
}

/// The parts of `body`, whose `Content-Type` is `content_type`.
fn parts(content_type: &str, body: &[u8]) -> Vec<Part> {
    let (media_type, boundary) =
        content_type.split_once("; boundary=").expect("a boundary parameter");
    assert_eq!(media_type, "multipart/form-data");
    let delimiter = format!("\r\n--{boundary}").into_bytes();
    // The first delimiter opens the body, without the line break before it.
    let mut rest = body.strip_prefix(&delimiter[2..]).expect("the body opens with the delimiter");
    let mut found = Vec::new();
    loop {
        if rest.starts_with(b"--") {
            assert_eq!(&rest[2..], b"\r\n", "nothing follows the closing delimiter");
            return found;
        }
        rest = rest.strip_prefix(b"\r\n").expect("a line break after the delimiter");
        let end = rest
            .windows(delimiter.len())
            .position(|window| window == delimiter)
            .expect("a delimiter");
        found.push(part(&rest[..end]));
        rest = &rest[end + delimiter.len()..];
    }
}

fn part(raw: &[u8]) -> Part {
    let split = raw.windows(4).position(|window| window == b"\r\n\r\n").expect("headers end");
    let headers = std::str::from_utf8(&raw[..split]).expect("headers are text");
    let mut part = Part {
        name: String::new(),
        file_name: None,
        content_type: None,
        body: raw[split + 4..].to_vec(),
    };
    for line in headers.split("\r\n") {
        let (name, value) = line.split_once(": ").expect("a header line");
        match name.to_ascii_lowercase().as_str() {
            "content-disposition" => {
                let mut parameters = value.split("; ");
                assert_eq!(parameters.next(), Some("form-data"));
                for parameter in parameters {
                    let (key, quoted) = parameter.split_once('=').expect("key=value");
                    let value =
                        quoted.strip_prefix('"').and_then(|v| v.strip_suffix('"')).expect("quoted");
                    match key {
                        "name" => part.name = value.to_owned(),
                        "filename" => part.file_name = Some(value.to_owned()),
                        other => panic!("unexpected parameter {other}"),
                    }
                }
            }
            "content-type" => part.content_type = Some(value.to_owned()),
            other => panic!("unexpected part header {other}"),
        }
    }
    part
}

#[tokio::test]
async fn every_byte_value_arrives_with_the_file_name_and_media_type_set() {
    let server =
        answering(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": "d1"}))).await;
    let client = Client::builder(server.uri()).build().expect("client");
    let every_byte: Vec<u8> = (0..=255).collect();
    let file =
        FilePart::new(every_byte.clone()).file_name("report 2024.pdf").mime_type("application/pdf");
    let stored = client
        .upload_document(file, "Ünïcode title")
        .thumbnail(vec![0x89, b'P', b'N', b'G', 0x00, 0xff])
        .await
        .expect("decodes");
    assert_eq!(stored.id, "d1");
    let request = only_request(&server).await;
    assert_eq!((request.method.as_str(), request.url.path()), ("POST", "/documents"));
    let found = parts(header(&request, "content-type"), &request.body);
    let expected = [
        Part {
            name: "file".to_owned(),
            file_name: Some("report 2024.pdf".to_owned()),
            content_type: Some("application/pdf".to_owned()),
            body: every_byte,
        },
        Part {
            name: "thumbnail".to_owned(),
            file_name: Some("thumbnail".to_owned()),
            content_type: Some("application/octet-stream".to_owned()),
            body: vec![0x89, b'P', b'N', b'G', 0x00, 0xff],
        },
        Part {
            name: "title".to_owned(),
            file_name: None,
            content_type: None,
            body: "Ünïcode title".as_bytes().to_vec(),
        },
    ];
    assert_eq!(found, expected);
}

#[tokio::test]
async fn content_holding_the_boundary_text_still_arrives_whole() {
    let server =
        answering(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": "d2"}))).await;
    let client = Client::builder(server.uri()).build().expect("client");
    // Text that looks like a delimiter the encoder might pick.
    let tricky = b"\r\n--form-boundary-0000000000000000\r\n--".to_vec();
    client.upload_document(tricky.clone(), "t").await.expect("decodes");
    let request = only_request(&server).await;
    let found = parts(header(&request, "content-type"), &request.body);
    assert_eq!(found[0].body, tricky);
    assert_eq!(found[0].file_name.as_deref(), Some("file"));
}
