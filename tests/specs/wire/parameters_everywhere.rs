//! Path-level and referenced parameters, cookies, and one name in two
//! locations, on the wire.

mod common;

use common::{answering, header, only_request};
use fixture_parameters_everywhere::{Client, models};
use wiremock::ResponseTemplate;

#[tokio::test]
async fn every_location_gets_its_value() {
    let server =
        answering(ResponseTemplate::new(200).set_body_json(serde_json::json!({"name": "n"}))).await;
    let client = Client::builder(server.uri()).build().expect("client");
    client
        .get_item(5, "s=1; x")
        .id_query("q 1")
        .theme("dark")
        .x_trace("t-1")
        .limit(3)
        .await
        .expect("decodes");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/items/5");
    assert_eq!(request.url.query(), Some("id=q%201&limit=3"));
    assert_eq!(header(&request, "cookie"), "session=s%3D1%3B%20x; theme=dark");
    assert_eq!(header(&request, "x-trace"), "t-1");
    // `Accept` and `Authorization` parameters are not arguments: the client
    // owns those headers.
    assert_eq!(header(&request, "accept"), "application/json");
    assert!(request.headers.get("authorization").is_none());
}

#[tokio::test]
async fn an_operation_parameter_overrides_the_path_level_one() {
    let server = answering(ResponseTemplate::new(204)).await;
    let client = Client::builder(server.uri()).build().expect("client");
    client.delete_item(9, "required-trace").await.expect("deleted");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(header(&request, "x-trace"), "required-trace");
}

#[tokio::test]
async fn a_deep_object_spells_out_its_members_in_brackets() {
    let server = answering(ResponseTemplate::new(200).set_body_json(serde_json::json!({}))).await;
    let client = Client::builder(server.uri()).build().expect("client");
    let created = models::GetItemCreated::new().gte(10).r#in(["a".to_owned(), "b".to_owned()]);
    client.get_item(1, "s").created(created).await.expect("decodes");
    let request = only_request(&server).await;
    assert_eq!(
        request.url.query(),
        Some("created%5Bgte%5D=10&created%5Bin%5D%5B%5D=a&created%5Bin%5D%5B%5D=b")
    );
}
