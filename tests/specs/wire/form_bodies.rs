//! Form bodies on the wire: URL-encoded fields (lists repeated, maps in
//! brackets) and multipart parts.

mod common;

use common::{answering, header, only_request};
use fixture_form_bodies::{Client, models};
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
