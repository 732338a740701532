//! Bytes and text bodies go out as they are; a body offered in several
//! media types is sent as JSON; text and binary responses decode.

mod common;

use common::{answering, header, only_request};
use fixture_raw_bodies::{Client, Error, models};
use wiremock::ResponseTemplate;

#[tokio::test]
async fn bytes_go_out_untouched() {
    let server = answering(ResponseTemplate::new(204)).await;
    let client = Client::builder(server.uri()).build().expect("client");
    client.put_object("a/b", vec![0u8, 255, 10]).await.expect("stored");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.url.path(), "/objects/a%2Fb");
    assert_eq!(header(&request, "content-type"), "application/octet-stream");
    assert_eq!(request.body, vec![0u8, 255, 10]);
}

#[tokio::test]
async fn bytes_come_back_untouched() {
    let body = ResponseTemplate::new(200).set_body_raw(vec![7u8, 0, 7], "application/octet-stream");
    let server = answering(body).await;
    let client = Client::builder(server.uri()).build().expect("client");
    let bytes = client.get_object("k").await.expect("bytes");
    assert_eq!(&bytes[..], &[7, 0, 7]);
    assert_eq!(header(&only_request(&server).await, "accept"), "application/octet-stream");
}

#[tokio::test]
async fn text_goes_out_and_comes_back_as_strings() {
    let server = answering(
        ResponseTemplate::new(200).set_body_raw("stored: hi ✓", "text/plain; charset=utf-8"),
    )
    .await;
    let client = Client::builder(server.uri()).build().expect("client");
    let echoed = client.add_note().body("hi ✓").await.expect("text");
    assert_eq!(echoed, "stored: hi ✓");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), "text/plain");
    assert_eq!(header(&request, "accept"), "text/plain");
    assert_eq!(std::str::from_utf8(&request.body).unwrap(), "hi ✓");
}

#[tokio::test]
async fn text_that_is_not_utf8_is_a_decode_error() {
    let server =
        answering(ResponseTemplate::new(200).set_body_raw(vec![0xffu8, 0xfe], "text/plain")).await;
    let client = Client::builder(server.uri()).build().expect("client");
    let error = client.add_note().await.expect_err("not UTF-8");
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    assert_eq!(error.raw_body().map(|body| body.to_vec()), Some(vec![0xff, 0xfe]));
}

#[tokio::test]
async fn json_is_preferred_among_several_media_types() {
    let server =
        answering(ResponseTemplate::new(201).set_body_json(serde_json::json!({"title": "t"})))
            .await;
    let client = Client::builder(server.uri()).build().expect("client");
    let document = models::Document::new().title("t");
    client.add_document(document).await.expect("decodes");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), "application/json");
    assert_eq!(std::str::from_utf8(&request.body).unwrap(), r#"{"title":"t"}"#);
}
