//! Slack's cursors in the client generated from its published spec, against
//! three scripted pages on 127.0.0.1: `items()` yields every member in order,
//! sending back `response_metadata.next_cursor`, and ends where Slack ends
//! its pages, at an empty cursor.

use fixture_corpus_slack_web::Client;
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn page(members: &[&str], next_cursor: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(
        json!({"ok": true, "members": members, "response_metadata": {"next_cursor": next_cursor}}),
    )
}

#[tokio::test]
async fn every_member_of_three_pages_in_order() {
    let server = MockServer::start().await;
    let members = "/conversations.members";
    Mock::given(method("GET"))
        .and(path(members))
        .and(query_param_is_missing("cursor"))
        .respond_with(page(&["U1", "U2"], "dXNlcjpVMg=="))
        .mount(&server)
        .await;
    Mock::given(path(members))
        .and(query_param("cursor", "dXNlcjpVMg=="))
        .respond_with(page(&["U3", "U4"], "dXNlcjpVNA=="))
        .mount(&server)
        .await;
    Mock::given(path(members))
        .and(query_param("cursor", "dXNlcjpVNA=="))
        .respond_with(page(&["U5"], ""))
        .mount(&server)
        .await;

    let client = Client::builder(server.uri()).build().expect("client");
    let found: Vec<String> = client
        .conversations_members()
        .channel("C0123")
        .limit(2)
        .items()
        .try_collect()
        .await
        .expect("every member");

    assert_eq!(found, ["U1", "U2", "U3", "U4", "U5"]);
    let requests = server.received_requests().await.expect("recording is on");
    let queries: Vec<&str> =
        requests.iter().map(|request| request.url.query().unwrap_or_default()).collect();
    assert_eq!(
        queries,
        [
            "channel=C0123&limit=2",
            "channel=C0123&limit=2&cursor=dXNlcjpVMg%3D%3D",
            "channel=C0123&limit=2&cursor=dXNlcjpVNA%3D%3D"
        ]
    );
}
