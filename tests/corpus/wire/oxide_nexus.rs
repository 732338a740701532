//! Oxide's dropshot pagination in the client generated from its published
//! spec, against three scripted pages on 127.0.0.1: `items()` yields every
//! project in order and ends where `next_page` is null; later pages send the
//! page token and the limit but not the scan's organization and sort order,
//! which the first page fixed and the token carries.

use fixture_corpus_oxide_nexus::Client;
use fixture_corpus_oxide_nexus::models::NameOrIdSortMode;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn project(name: &str, number: u32) -> Value {
    json!({
        "id": format!("00000000-0000-4000-8000-{number:012}"),
        "name": name,
        "description": format!("project {name}"),
        "organization_id": "00000000-0000-4000-8000-000000000000",
        "time_created": "2026-01-02T03:04:05Z",
        "time_modified": "2026-01-02T03:04:05Z",
    })
}

fn page(items: Value, next_page: Option<&str>) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"items": items, "next_page": next_page}))
}

#[tokio::test]
async fn every_project_of_three_pages_in_order() {
    let server = MockServer::start().await;
    let projects = "/v1/projects";
    Mock::given(method("GET"))
        .and(path(projects))
        .and(query_param_is_missing("page_token"))
        .respond_with(page(json!([project("alpha", 1), project("beta", 2)]), Some("t2")))
        .mount(&server)
        .await;
    Mock::given(path(projects))
        .and(query_param("page_token", "t2"))
        .respond_with(page(json!([project("gamma", 3), project("delta", 4)]), Some("t3")))
        .mount(&server)
        .await;
    Mock::given(path(projects))
        .and(query_param("page_token", "t3"))
        .respond_with(page(json!([project("epsilon", 5)]), None))
        .mount(&server)
        .await;

    let client = Client::builder(server.uri()).build().expect("client");
    let found: Vec<_> = client
        .project_list_v1()
        .organization("maze")
        .limit(2)
        .sort_by(NameOrIdSortMode::NameAscending)
        .items()
        .try_collect()
        .await
        .expect("every project");

    let names: Vec<&str> = found.iter().map(|project| project.name.as_str()).collect();
    assert_eq!(names, ["alpha", "beta", "gamma", "delta", "epsilon"]);
    assert_eq!(found[4].id.to_string(), "00000000-0000-4000-8000-000000000005");
    let requests = server.received_requests().await.expect("recording is on");
    let queries: Vec<&str> =
        requests.iter().map(|request| request.url.query().unwrap_or_default()).collect();
    assert_eq!(
        queries,
        [
            "limit=2&organization=maze&sort_by=name_ascending",
            "limit=2&page_token=t2",
            "limit=2&page_token=t3"
        ]
    );
}
