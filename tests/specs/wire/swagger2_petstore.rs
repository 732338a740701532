//! The Swagger 2.0 fixture on the wire: list layouts from `collectionFormat`,
//! a body parameter sent as JSON, `formData` sent as URL-encoded and
//! multipart forms, a `file` response read as bytes.

mod common;

use common::{answering, header, only_request};
use fixture_swagger2_petstore::{Client, DEFAULT_BASE_URL, FilePart, models};
use wiremock::{MockServer, ResponseTemplate};

async fn server(response: ResponseTemplate) -> (MockServer, Client) {
    let server = answering(response).await;
    let client = Client::builder(server.uri()).api_key("secret").build().expect("client");
    (server, client)
}

#[test]
fn host_base_path_and_https_make_the_default_url() {
    assert_eq!(DEFAULT_BASE_URL, "https://pets.example.com/v2");
}

#[tokio::test]
async fn collection_formats_lay_out_lists() {
    let (server, client) =
        server(ResponseTemplate::new(200).set_body_json(serde_json::json!([]))).await;
    let pets = client
        .find_pets()
        .tags(["a b", "c"])
        .status([models::FindPetsStatusItem::Available, models::FindPetsStatusItem::Sold])
        .fields(["id", "name"])
        .words(["x", "y"])
        .x_request_id("r-1")
        .await
        .expect("decodes");
    assert!(pets.is_empty());
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/pets");
    assert_eq!(
        request.url.query(),
        Some("tags=a%20b&tags=c&status=available%2Csold&fields=id%7Cname&words=x%20y")
    );
    assert_eq!(header(&request, "x-request-id"), "r-1");
    assert_eq!(header(&request, "x-api-key"), "secret");
}

/// An empty list is no value (RFC 6570, whose expansions OpenAPI's styles
/// are, leaves a list without members undefined): the parameter is left
/// out in every layout, never sent as `tags=`.
#[tokio::test]
async fn empty_lists_are_left_out_in_every_layout() {
    let (server, client) =
        server(ResponseTemplate::new(200).set_body_json(serde_json::json!([]))).await;
    client
        .find_pets()
        .tags(Vec::<String>::new())
        .status(Vec::<models::FindPetsStatusItem>::new())
        .fields(["id"])
        .words(Vec::<String>::new())
        .await
        .expect("decodes");
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("fields=id"));
}

#[tokio::test]
async fn a_body_parameter_is_the_json_body() {
    let pet = serde_json::json!({"name": "Rex", "kind": "dog", "owner": null});
    let (server, client) = server(ResponseTemplate::new(201).set_body_json(&pet)).await;
    let body: models::Pet = serde_json::from_value(pet.clone()).expect("pet");
    let created = client.add_pet(body).await.expect("decodes");
    assert_eq!(created.name, "Rex");
    assert!(created.owner.is_none());
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(header(&request, "content-type"), "application/json");
    let sent: serde_json::Value = serde_json::from_slice(&request.body).expect("json body");
    assert_eq!(sent["name"], "Rex");
}

#[tokio::test]
async fn form_data_is_url_encoded() {
    let (server, client) = server(ResponseTemplate::new(204)).await;
    client.update_pet_with_form(7, "sold & gone").name("Rex Jr.").await.expect("no content");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/pets/7");
    assert_eq!(header(&request, "content-type"), "application/x-www-form-urlencoded");
    assert_eq!(std::str::from_utf8(&request.body).unwrap(), "name=Rex+Jr.&status=sold+%26+gone");
}

#[tokio::test]
async fn a_file_parameter_makes_a_multipart_form() {
    let photo = serde_json::json!({"url": "https://cdn.example.com/7.png", "size": 3});
    let (server, client) = server(ResponseTemplate::new(200).set_body_json(&photo)).await;
    let photo = FilePart::new(vec![0x89, b'P', b'N']).file_name("beach.png").mime_type("image/png");
    let uploaded = client.upload_photo(7, photo).caption("at the beach").await.expect("decodes");
    assert_eq!(uploaded.size, Some(3));
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/pets/7/photo");
    let content_type = header(&request, "content-type");
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("multipart");
    let mut expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nat the beach\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"beach.png\"\r\n\
         Content-Type: image/png\r\n\r\n"
    )
    .into_bytes();
    expected.extend_from_slice(&[0x89, b'P', b'N']);
    expected.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    assert_eq!(request.body, expected);
}

#[tokio::test]
async fn a_file_response_is_bytes() {
    let png = ResponseTemplate::new(200).set_body_raw(vec![1u8, 2, 3], "image/png");
    let (server, client) = server(png).await;
    let bytes = client.get_photo(7).await.expect("bytes");
    assert_eq!(&bytes[..], &[1, 2, 3]);
    let request = only_request(&server).await;
    assert_eq!(header(&request, "accept"), "image/png");
}

#[tokio::test]
async fn basic_credentials_go_in_the_authorization_header() {
    let (server, _) = server(ResponseTemplate::new(204)).await;
    let client = Client::builder(server.uri()).basic_auth("ann", "pw").build().expect("client");
    client.delete_pet(7).await.expect("no content");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "authorization"), "Basic YW5uOnB3");
}
