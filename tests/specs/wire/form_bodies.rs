//! Form bodies on the wire: URL-encoded fields (lists repeated, maps in
//! brackets) and multipart parts.

mod common;

use common::{answering, header, only_request};
use fixture_form_bodies::{Client, FilePart, models};
use wiremock::ResponseTemplate;

#[tokio::test]
async fn url_encoded_fields_repeat_lists_and_bracket_maps() {
    let token = serde_json::json!({"access_token": "t0k", "expires_in": 60});
    let server = answering(ResponseTemplate::new(200).set_body_json(&token)).await;
    let client = Client::builder(server.uri()).build().expect("client");
    let metadata = [("team".to_owned(), "a&b".to_owned())].into_iter().collect();
    let token = client
        .create_token(models::CreateTokenGrantType::Password)
        .username("ann@example.com")
        .scope(["read", "write"])
        .metadata(metadata)
        .await
        .expect("decodes");
    assert_eq!(token.access_token, "t0k");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(header(&request, "content-type"), "application/x-www-form-urlencoded");
    assert_eq!(
        std::str::from_utf8(&request.body).unwrap(),
        "grant_type=password&username=ann%40example.com&scope=read&scope=write&metadata%5Bteam%5D=a%26b"
    );
}

#[tokio::test]
async fn multipart_sends_text_parts_and_a_file_part() {
    let token = serde_json::json!({"access_token": "stored"});
    let server = answering(ResponseTemplate::new(201).set_body_json(&token)).await;
    let client = Client::builder(server.uri()).build().expect("client");
    client.upload_file(b"hello".to_vec()).tags(["x", "y"]).retain_days(3).await.expect("decodes");
    let request = only_request(&server).await;
    let content_type = header(&request, "content-type");
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("multipart");
    let part = |name: &str, value: &str| {
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        )
    };
    let expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\"\r\n\
         Content-Type: application/octet-stream\r\n\r\nhello\r\n{}{}{}--{boundary}--\r\n",
        part("tags", "x"),
        part("tags", "y"),
        part("retain_days", "3"),
    );
    assert_eq!(std::str::from_utf8(&request.body).unwrap(), expected);
}

#[tokio::test]
async fn a_file_part_carries_raw_bytes_with_its_file_name_and_media_type() {
    let token = serde_json::json!({"access_token": "stored"});
    let server = answering(ResponseTemplate::new(201).set_body_json(&token)).await;
    let client = Client::builder(server.uri()).build().expect("client");
    let bytes = vec![0u8, 0xff, 0xfe, b'\r', b'\n', 0x80];
    let file = FilePart::new(bytes.clone()).file_name("scan \"1\".tiff").mime_type("image/tiff");
    client.upload_file(file).caption("a scan").await.expect("decodes");
    let request = only_request(&server).await;
    let content_type = header(&request, "content-type");
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("multipart");
    let mut expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"scan %221%22.tiff\"\r\n\
         Content-Type: image/tiff\r\n\r\n"
    )
    .into_bytes();
    expected.extend_from_slice(&bytes);
    expected.extend_from_slice(
        format!(
            "\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\na scan\r\n--{boundary}--\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(request.body, expected);
}
