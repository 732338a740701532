//! What is left of an API whose broken operations were left out works on
//! the wire, under the names it would have had alone.

mod common;

use common::{answering, header, only_request};
use fixture_left_out::Client;
use wiremock::ResponseTemplate;

#[tokio::test]
async fn the_operations_kept_are_sent_and_decoded() {
    let pets = serde_json::json!([{"name": "Rex"}, {"name": "Tom"}]);
    let server = answering(ResponseTemplate::new(200).set_body_json(&pets)).await;
    let client = Client::builder(server.uri()).build().expect("client");
    let listed = client.list_pets().limit(2).await.expect("decodes");
    let names: Vec<&str> = listed.iter().map(|pet| pet.name.as_str()).collect();
    assert_eq!(names, ["Rex", "Tom"]);
    let request = only_request(&server).await;
    assert_eq!((request.method.as_str(), request.url.path()), ("GET", "/pets"));
    assert_eq!(request.url.query(), Some("limit=2"));
    assert_eq!(header(&request, "accept"), "application/json");
}

#[tokio::test]
async fn a_name_a_left_out_operation_would_have_taken_goes_to_the_next() {
    let pet = serde_json::json!({"name": "Rex"});
    let server = answering(ResponseTemplate::new(200).set_body_json(&pet)).await;
    let client = Client::builder(server.uri()).build().expect("client");
    // `get_pet` is `GET /stores/{id}/pet`: `GET /pets/{id}` (`getPet`) was left out.
    let found = client.get_pet(42).await.expect("decodes");
    assert_eq!(found.name, "Rex");
    let request = only_request(&server).await;
    assert_eq!((request.method.as_str(), request.url.path()), ("GET", "/stores/42/pet"));
}

#[tokio::test]
async fn an_operation_beside_a_left_out_one_on_the_same_path_is_kept() {
    let server = answering(ResponseTemplate::new(204)).await;
    let client = Client::builder(server.uri()).build().expect("client");
    client.delete_pet("r/1").await.expect("no content");
    let request = only_request(&server).await;
    assert_eq!((request.method.as_str(), request.url.path()), ("DELETE", "/pets/r%2F1"));
}
