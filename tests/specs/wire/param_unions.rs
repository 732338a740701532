//! Parameter unions on the wire: a path parameter that is an id or a name,
//! a sort mode written as single-value enums, a query parameter that takes
//! one value or several, a header that is a number or a string. Each member
//! is written in its own wire form.

mod common;

use common::{answering, header, only_request};
use fixture_param_unions::{Client, models};
use wiremock::{MockServer, ResponseTemplate};

async fn serving() -> (MockServer, Client) {
    let org = serde_json::json!({"id": "5f0e9d3c-2c1b-4b7a-9a52-0d3f4d6b8e21", "name": "acme"});
    let server = answering(ResponseTemplate::new(200).set_body_json(org)).await;
    let client = Client::builder(server.uri()).build().expect("client");
    (server, client)
}

#[tokio::test]
async fn a_name_or_an_id_goes_in_the_path_as_itself() {
    let (server, client) = serving().await;
    let org = client.view_org("acme").await.expect("decodes");
    assert_eq!(org.name, "acme");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/orgs/acme");

    let (server, client) = serving().await;
    let id: uuid::Uuid = "5f0e9d3c-2c1b-4b7a-9a52-0d3f4d6b8e21".parse().expect("uuid");
    client.view_org(id).await.expect("decodes");
    assert_eq!(
        only_request(&server).await.url.path(),
        "/orgs/5f0e9d3c-2c1b-4b7a-9a52-0d3f4d6b8e21"
    );
    assert_eq!(models::NameOrId::from(id).to_string(), "5f0e9d3c-2c1b-4b7a-9a52-0d3f4d6b8e21");
}

#[tokio::test]
async fn one_value_or_several_and_a_sort_mode() {
    let (server, client) = serving().await;
    client
        .view_org("acme")
        .tag(vec!["a b".to_owned(), "c".to_owned()])
        .sort_by(models::SortMode::IdAscending)
        .x_request_id(7_i64)
        .await
        .expect("decodes");
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("sort_by=id_ascending&tag=a%20b&tag=c"));
    assert_eq!(header(&request, "x-request-id"), "7");

    let (server, client) = serving().await;
    client.view_org("acme").tag("solo").x_request_id("req-1").await.expect("decodes");
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("tag=solo"));
    assert_eq!(header(&request, "x-request-id"), "req-1");
}

#[test]
fn a_union_decodes_by_its_members() {
    let id: models::NameOrId =
        serde_json::from_str("\"5f0e9d3c-2c1b-4b7a-9a52-0d3f4d6b8e21\"").expect("an id");
    assert!(matches!(id, models::NameOrId::Id(_)));
    let name: models::NameOrId = serde_json::from_str("\"acme\"").expect("a name");
    assert_eq!(name, models::NameOrId::Name("acme".to_owned()));
}
