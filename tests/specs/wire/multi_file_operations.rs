//! Operations written in other files, and a list of parameters and a map of
//! responses given by `$ref`, are called and decoded like any other.

mod common;

use common::{answering, header, only_request};
use fixture_multi_file_operations::{Client, models};
use wiremock::ResponseTemplate;

#[tokio::test]
async fn an_operation_from_another_file_sends_its_query_and_decodes_its_schema() {
    let page = serde_json::json!({"one_clicks": [{"slug": "wordpress", "type": "droplet"}]});
    let server = answering(ResponseTemplate::new(200).set_body_json(&page)).await;
    let client = Client::builder(server.uri()).build().expect("client");
    let list = client.list_one_clicks().category("droplet & co").await.expect("decodes");
    assert_eq!(list.one_clicks.len(), 1);
    assert_eq!(
        (list.one_clicks[0].slug.as_str(), list.one_clicks[0].r#type.as_str()),
        ("wordpress", "droplet")
    );
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/one_clicks");
    assert_eq!(request.url.query(), Some("category=droplet%20%26%20co"));
}

#[tokio::test]
async fn an_operation_from_another_file_sends_its_json_body() {
    let answer = serde_json::json!({"message": "installing"});
    let server = answering(ResponseTemplate::new(200).set_body_json(&answer)).await;
    let client = Client::builder(server.uri()).build().expect("client");
    let install =
        models::InstallRequest::new(["wordpress".to_owned(), "grafana".to_owned()], "c-1");
    let result = client.install_one_clicks(install).await.expect("decodes");
    assert_eq!(result.message.as_deref(), Some("installing"));
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/one_clicks");
    assert_eq!(header(&request, "content-type"), "application/json");
    let sent: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON");
    assert_eq!(
        sent,
        serde_json::json!({"addon_slugs": ["wordpress", "grafana"], "cluster_uuid": "c-1"})
    );
}

#[tokio::test]
async fn parameters_and_responses_given_by_ref_fill_the_path_and_decode() {
    let one = serde_json::json!({"slug": "a/b", "type": "kubernetes"});
    let server = answering(ResponseTemplate::new(200).set_body_json(&one)).await;
    let client = Client::builder(server.uri()).build().expect("client");
    let found = client.get_one_click("a/b").await.expect("decodes");
    assert_eq!(found.r#type, "kubernetes");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/one_clicks/a%2Fb");
}
