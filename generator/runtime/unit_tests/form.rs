//! Form bodies and deep objects.

use http_body::Body as _;
use reqwest::Method;
use serde_json::{Value, json};

use crate::runtime::Endpoint;
use crate::runtime::file_part::FilePart;
use crate::runtime::form::{Field, Form, Lists, deep_pairs, urlencoded};
use crate::runtime::parts::Parts;
use crate::runtime::upload::Upload;

fn field(name: &str, value: Value) -> Field {
    Field::Value { name: name.to_owned(), value, lists: Lists::Repeated }
}

fn deep_field(name: &str, value: Value) -> Field {
    Field::Value { name: name.to_owned(), value, lists: Lists::Indexed }
}

#[test]
fn urlencoded_flattens_lists_and_objects() {
    let fields = [
        field("name", json!("Rex & co")),
        field("tags", json!(["a", "b"])),
        field("meta", json!({"plan": "pro/1"})),
        field("skipped", Value::Null),
    ];
    let body = urlencoded(&fields);
    assert_eq!(&body[..], b"name=Rex+%26+co&tags=a&tags=b&meta%5Bplan%5D=pro%2F1");
}

#[test]
fn deep_object_fields_number_list_items_at_every_depth() {
    let fields = [
        deep_field("items", json!([{"price": "p1", "quantity": 2}, {"price": "p2"}])),
        deep_field("expand", json!(["customer"])),
        deep_field("metadata", json!({"tags": ["a"]})),
    ];
    let body = String::from_utf8(urlencoded(&fields).to_vec())
        .unwrap()
        .replace("%5B", "[")
        .replace("%5D", "]");
    assert_eq!(
        body,
        "items[0][price]=p1&items[0][quantity]=2&items[1][price]=p2&expand[0]=customer&metadata[tags][0]=a"
    );
}

#[test]
fn multipart_objects_are_json_parts() {
    let mut form = Form::default();
    form.field("attributes", Some(&json!({"name": "a.txt", "parent": {"id": "0"}})))
        .field("tags", Some(&json!(["x", {"y": 1}])));
    let mut parts = Parts::new(UPLOAD);
    parts.multipart(form);
    let (content_type, body) = parts.body.expect("a body");
    let content_type = content_type.to_str().unwrap();
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap();
    let body = body.as_bytes().expect("held whole");
    let expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"attributes\"\r\nContent-Type: application/json\r\n\r\n\
         {{\"name\":\"a.txt\",\"parent\":{{\"id\":\"0\"}}}}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nx\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"tags\"\r\nContent-Type: application/json\r\n\r\n\
         {{\"y\":1}}\r\n--{boundary}--\r\n"
    );
    assert_eq!(std::str::from_utf8(body).unwrap(), expected);
}

#[test]
fn deep_objects_bracket_members_and_list_items() {
    let value = serde_json::json!({"gte": 5, "in": ["a", "b"]});
    let pairs = deep_pairs("created", &value).unwrap();
    let expected = [("created[gte]", "5"), ("created[in][]", "a"), ("created[in][]", "b")];
    assert_eq!(pairs, expected.map(|(name, value)| (name.to_owned(), value.to_owned())));
}

#[test]
fn multipart_parts_and_boundary() {
    let mut form = Form::default();
    form.field("id", Some(&7))
        .file("file", Some(&FilePart::from("form-boundary-0000000000000000")));
    let mut parts = Parts::new(UPLOAD);
    parts.multipart(form);
    let (content_type, body) = parts.body.expect("a body");
    assert_eq!(content_type, "multipart/form-data; boundary=form-boundary-0000000000000001");
    let expected = "--form-boundary-0000000000000001\r\n\
        Content-Disposition: form-data; name=\"id\"\r\n\r\n7\r\n\
        --form-boundary-0000000000000001\r\n\
        Content-Disposition: form-data; name=\"file\"; filename=\"file\"\r\n\
        Content-Type: application/octet-stream\r\n\r\n\
        form-boundary-0000000000000000\r\n\
        --form-boundary-0000000000000001--\r\n";
    let body = body.as_bytes().expect("held whole");
    assert_eq!(std::str::from_utf8(body).unwrap(), expected);
}

#[tokio::test]
async fn a_streamed_file_part_is_read_between_the_parts_around_it_once() {
    let chunks = ["con", "", "tent"].map(Ok::<_, std::io::Error>);
    let part =
        FilePart::from(Upload::from_stream(futures_util::stream::iter(chunks))).file_name("a.txt");
    let mut form = Form::default();
    form.file("file", Some(&part)).field("note", Some(&"after"));
    let mut parts = Parts::new(UPLOAD);
    parts.multipart(form);
    let (content_type, body) = parts.body.expect("a body");
    assert!(body.as_bytes().is_none(), "a streamed body is not held whole, so it is not retried");
    let content_type = content_type.to_str().unwrap();
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("a boundary");
    assert!(boundary.len() > "form-boundary-".len() + 16, "{boundary}");
    let mut body = body;
    let mut read = Vec::new();
    while let Some(frame) =
        std::future::poll_fn(|context| std::pin::Pin::new(&mut body).poll_frame(context)).await
    {
        read.extend_from_slice(frame.expect("a frame").data_ref().expect("data"));
    }
    let expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\
         Content-Type: application/octet-stream\r\n\r\ncontent\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nafter\r\n\
         --{boundary}--\r\n"
    );
    assert_eq!(std::str::from_utf8(&read).unwrap(), expected);

    // The stream is read once: a second request with the part fails.
    let mut form = Form::default();
    form.file("file", Some(&part));
    let mut again = Parts::new(UPLOAD);
    again.multipart(form);
    assert!(again.problem.is_some_and(|problem| problem.contains("read once")));
}

#[test]
fn a_url_encoded_form_refuses_a_streamed_file_part() {
    let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>("x")]);
    let mut form = Form::default();
    form.file("file", Some(&FilePart::from(Upload::from_stream(chunks))));
    let mut parts = Parts::new(UPLOAD);
    parts.urlencoded(form);
    assert!(parts.problem.is_some_and(|problem| problem.contains("stream")));
}

const UPLOAD: &Endpoint = &Endpoint {
    name: "upload",
    id: "upload",
    method: Method::POST,
    template: "/uploads",
    accept: "application/json",
    authenticated: true,
    negotiates_content_type: false,
};

#[test]
fn a_file_part_is_named_and_labelled_as_the_caller_says() {
    let mut form = Form::default();
    let part = FilePart::from(vec![0u8, 255]).file_name("a \"b\"\r\n.bin").mime_type("image/png");
    form.file("upload", Some(&part)).file("plain", Some(&FilePart::from("text")));
    let mut parts = Parts::new(UPLOAD);
    parts.multipart(form);
    assert_eq!(parts.problem, None);
    let (_, body) = parts.body.expect("a body");
    let body = body.as_bytes().expect("a multipart body of bytes is held whole");
    let expected: &[u8] =
        b"Content-Disposition: form-data; name=\"upload\"; filename=\"a %22b%22%0D%0A.bin\"\r\n\
        Content-Type: image/png\r\n\r\n\x00\xff\r\n";
    assert!(body.windows(expected.len()).any(|window| window == expected), "{body:?}");
    let expected: &[u8] =
        b"name=\"plain\"; filename=\"plain\"\r\nContent-Type: application/octet-stream\r\n\r\ntext\r\n";
    assert!(body.windows(expected.len()).any(|window| window == expected), "{body:?}");
}

#[test]
fn a_media_type_that_would_add_headers_fails_the_request() {
    let mut form = Form::default();
    form.file("upload", Some(&FilePart::from(&b"x"[..]).mime_type("text/plain\r\nX-Evil: 1")));
    let mut parts = Parts::new(UPLOAD);
    parts.multipart(form);
    assert_eq!(
        parts.problem.as_deref(),
        Some("the media type of file part `upload` has characters a header cannot carry")
    );
}
