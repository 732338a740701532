//! Paged operations as streams, one scheme each, against scripted pages on
//! 127.0.0.1: every item of every page in order, then the end; the next page
//! asked for only when the items read so far are used up; each page with the
//! client's retries; a server that repeats a cursor, or links to another
//! origin, ends the stream with an error instead of looping or leaking.

mod common;

use std::time::Duration;

use common::{answering, header, only_request};
use fixture_pages::models::{ListWidgetsResponse, Widget};
use fixture_pages::{Client, Error, RetryPolicy};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn page(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

/// The raw query of each request the server received, in order.
async fn queries(server: &MockServer) -> Vec<String> {
    requests(server)
        .await
        .iter()
        .map(|request| request.url.query().unwrap_or_default().to_owned())
        .collect()
}

fn client(server: &MockServer) -> Client {
    Client::builder(server.uri()).build().expect("client")
}

/// What a decode error says, or a panic for any other outcome.
fn decode_message(error: &Error) -> String {
    match error {
        Error::Decode(decode) => decode.to_string(),
        other => panic!("a decode error expected, got {other:?}"),
    }
}

async fn widgets_server() -> MockServer {
    let server = MockServer::start().await;
    let widget = |id: &str| json!({"id": id, "name": format!("widget {id}")});
    Mock::given(method("GET"))
        .and(path("/widgets"))
        .and(query_param_is_missing("cursor"))
        .respond_with(page(json!({"items": [widget("w1"), widget("w2")], "next_cursor": "c2"})))
        .mount(&server)
        .await;
    Mock::given(path("/widgets"))
        .and(query_param("cursor", "c2"))
        .respond_with(page(json!({"items": [widget("w3"), widget("w4")], "next_cursor": "c3"})))
        .mount(&server)
        .await;
    Mock::given(path("/widgets"))
        .and(query_param("cursor", "c3"))
        .respond_with(page(json!({"items": [widget("w5")]})))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_cursor_is_sent_back_until_the_response_has_none() {
    let server = widgets_server().await;
    let widgets: Vec<_> =
        client(&server).list_widgets().limit(2).items().try_collect().await.expect("every widget");
    let ids: Vec<&str> = widgets.iter().map(|widget| widget.id.as_str()).collect();
    assert_eq!(ids, ["w1", "w2", "w3", "w4", "w5"]);
    assert_eq!(widgets[4].name.as_deref(), Some("widget w5"));
    // The other parameters go with every page, and so do the headers.
    assert_eq!(queries(&server).await, ["limit=2", "cursor=c2&limit=2", "cursor=c3&limit=2"]);
    for request in requests(&server).await {
        assert_eq!(header(&request, "accept"), "application/json");
    }
}

#[tokio::test]
async fn the_next_page_is_asked_for_only_when_the_items_read_are_used_up() {
    let server = widgets_server().await;
    let mut widgets = client(&server).list_widgets().items();
    assert_eq!(widgets.try_next().await.expect("a widget").expect("w1").id, "w1");
    assert_eq!(requests(&server).await.len(), 1);
    assert_eq!(widgets.try_next().await.expect("a widget").expect("w2").id, "w2");
    assert_eq!(requests(&server).await.len(), 1);
    assert_eq!(widgets.try_next().await.expect("a widget").expect("w3").id, "w3");
    assert_eq!(requests(&server).await.len(), 2);
    drop(widgets);
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn the_mock_server_scripts_pages_in_order() {
    let server = fixture_pages::mock::Server::start().await;
    let page = |ids: &[&str], next: Option<&str>| {
        let page = ListWidgetsResponse::new(ids.iter().map(|id| Widget::new(*id)));
        match next {
            Some(next) => page.next_cursor(next),
            None => page,
        }
    };
    server
        .list_widgets()
        .responds(200, &page(&["w1", "w2"], Some("c2")))
        .responds(200, &page(&["w3"], Some("c3")))
        .responds(200, &page(&["w4"], None));
    let widgets: Vec<_> =
        server.client().list_widgets().items().try_collect().await.expect("every widget");
    assert_eq!(
        widgets.iter().map(|widget| widget.id.as_str()).collect::<Vec<_>>(),
        ["w1", "w2", "w3", "w4"]
    );
    let cursors: Vec<Vec<(String, String)>> =
        server.list_widgets().received().iter().map(|request| request.query()).collect();
    let cursor = |value: &str| vec![("cursor".to_owned(), value.to_owned())];
    assert_eq!(cursors, [vec![], cursor("c2"), cursor("c3")]);
}

#[tokio::test]
async fn pages_come_whole_with_their_status_and_headers() {
    let server = widgets_server().await;
    let mut pages = client(&server).list_widgets().pages();
    let mut cursors = Vec::new();
    while let Some(page) = pages.try_next().await.expect("a page") {
        assert_eq!(page.status(), 200);
        assert_eq!(page.headers()["content-type"], "application/json");
        cursors.push(page.into_body().next_cursor);
    }
    assert_eq!(cursors, [Some("c2".to_owned()), Some("c3".to_owned()), None]);
}

#[tokio::test]
async fn a_failed_page_is_retried_as_any_call() {
    let server = MockServer::start().await;
    Mock::given(path("/widgets"))
        .and(query_param_is_missing("cursor"))
        .respond_with(page(json!({"items": [{"id": "w1"}], "next_cursor": "c2"})))
        .mount(&server)
        .await;
    Mock::given(path("/widgets"))
        .and(query_param("cursor", "c2"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/widgets"))
        .and(query_param("cursor", "c2"))
        .respond_with(page(json!({"items": [{"id": "w2"}]})))
        .mount(&server)
        .await;
    let retries = RetryPolicy::new().initial_backoff(Duration::from_millis(1));
    let client = Client::builder(server.uri()).retry_policy(retries).build().expect("client");
    let widgets: Vec<_> = client.list_widgets().items().try_collect().await.expect("every widget");
    assert_eq!(widgets.iter().map(|widget| widget.id.as_str()).collect::<Vec<_>>(), ["w1", "w2"]);
    assert_eq!(queries(&server).await, ["", "cursor=c2", "cursor=c2"]);
}

#[tokio::test]
async fn a_server_that_repeats_a_cursor_ends_the_stream_with_an_error() {
    let server = MockServer::start().await;
    Mock::given(path("/widgets"))
        .and(query_param_is_missing("cursor"))
        .respond_with(page(json!({"items": [{"id": "w1"}], "next_cursor": "same"})))
        .mount(&server)
        .await;
    Mock::given(path("/widgets"))
        .and(query_param("cursor", "same"))
        .respond_with(page(json!({"items": [{"id": "w2"}], "next_cursor": "same"})))
        .mount(&server)
        .await;
    let mut widgets = client(&server).list_widgets().items();
    let mut ids = Vec::new();
    let error = loop {
        match widgets.next().await.expect("an error before the end") {
            Ok(widget) => ids.push(widget.id),
            Err(error) => break error,
        }
    };
    assert_eq!(ids, ["w1", "w2"]);
    assert!(decode_message(&error).contains("already asked for"), "{error}");
    assert!(widgets.next().await.is_none(), "the stream ends after the error");
    assert_eq!(queries(&server).await, ["", "cursor=same"]);
}

#[tokio::test]
async fn a_cursor_one_object_down_ends_when_it_is_empty() {
    let server = MockServer::start().await;
    Mock::given(path("/conversations"))
        .and(query_param_is_missing("cursor"))
        .respond_with(page(
            json!({"ok": true, "channels": ["general"], "response_metadata": {"next_cursor": "dGVhbTpD"}}),
        ))
        .mount(&server)
        .await;
    Mock::given(path("/conversations"))
        .and(query_param("cursor", "dGVhbTpD"))
        .respond_with(page(
            json!({"ok": true, "channels": ["random"], "response_metadata": {"next_cursor": ""}}),
        ))
        .mount(&server)
        .await;
    let channels: Vec<String> =
        client(&server).list_conversations().items().try_collect().await.expect("every channel");
    assert_eq!(channels, ["general", "random"]);
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn has_more_asks_for_the_items_after_the_last_one() {
    let server = MockServer::start().await;
    let charge = |id: &str, amount: i64| json!({"id": id, "amount": amount});
    Mock::given(path("/charges"))
        .and(query_param_is_missing("starting_after"))
        .respond_with(page(
            json!({"object": "list", "data": [charge("ch_1", 100), charge("ch_2", 250)], "has_more": true}),
        ))
        .mount(&server)
        .await;
    Mock::given(path("/charges"))
        .and(query_param("starting_after", "ch_2"))
        .respond_with(page(
            json!({"object": "list", "data": [charge("ch_3", 75)], "has_more": false}),
        ))
        .mount(&server)
        .await;
    let charges: Vec<_> =
        client(&server).list_charges().limit(2).items().try_collect().await.expect("every charge");
    let amounts: Vec<(&str, i64)> =
        charges.iter().map(|charge| (charge.id.as_str(), charge.amount)).collect();
    assert_eq!(amounts, [("ch_1", 100), ("ch_2", 250), ("ch_3", 75)]);
    assert_eq!(queries(&server).await, ["limit=2", "starting_after=ch_2&limit=2"]);
}

#[tokio::test]
async fn a_link_header_is_followed_on_the_same_origin() {
    let server = MockServer::start().await;
    let uri = server.uri();
    let linked = |names: &[&str], link: Option<String>| {
        let body: Vec<Value> = names.iter().map(|name| json!({"name": name})).collect();
        let response = page(json!(body));
        match link {
            Some(link) => response.insert_header("link", link.as_str()),
            None => response,
        }
    };
    Mock::given(path("/repos"))
        .and(query_param_is_missing("page"))
        .respond_with(linked(
            &["a", "b"],
            Some(format!("<{uri}/repos?per_page=2&page=2>; rel=\"next\"")),
        ))
        .mount(&server)
        .await;
    Mock::given(path("/repos"))
        .and(query_param("page", "2"))
        .respond_with(linked(
            &["c", "d"],
            Some(format!("<{uri}/repos?per_page=2&page=1>; rel=\"prev\", </repos?per_page=2&page=3>; rel=\"next\"")),
        ))
        .mount(&server)
        .await;
    Mock::given(path("/repos"))
        .and(query_param("page", "3"))
        .respond_with(linked(
            &["e"],
            Some(format!("<{uri}/repos?per_page=2&page=1>; rel=\"first\"")),
        ))
        .mount(&server)
        .await;
    let repos: Vec<_> =
        client(&server).list_repos().per_page(2).items().try_collect().await.expect("repos");
    let names: Vec<&str> = repos.iter().map(|repo| repo.name.as_str()).collect();
    assert_eq!(names, ["a", "b", "c", "d", "e"]);
    assert_eq!(queries(&server).await, ["per_page=2", "per_page=2&page=2", "per_page=2&page=3"]);
}

#[tokio::test]
async fn a_link_to_another_origin_is_not_followed() {
    let server = MockServer::start().await;
    let elsewhere = answering(page(json!([{"name": "z"}]))).await;
    Mock::given(path("/repos"))
        .respond_with(page(json!([{"name": "a"}])).insert_header(
            "link",
            format!("<{}/repos?page=2>; rel=\"next\"", elsewhere.uri()).as_str(),
        ))
        .mount(&server)
        .await;
    let mut repos = client(&server).list_repos().items();
    assert_eq!(repos.try_next().await.expect("the first page").expect("a").name, "a");
    let error = repos.try_next().await.expect_err("the link is not followed");
    assert!(decode_message(&error).contains("another origin"), "{error}");
    assert!(requests(&elsewhere).await.is_empty(), "nothing went to the other origin");
    assert_eq!(only_request(&server).await.url.path(), "/repos");
}

#[tokio::test]
async fn page_numbers_end_at_the_total() {
    let server = MockServer::start().await;
    for (number, users) in [("2", json!(["u3", "u4"])), ("3", json!(["u5", "u6"]))] {
        Mock::given(path("/users"))
            .and(query_param("page", number))
            .respond_with(page(json!({"users": users, "total": 6})))
            .mount(&server)
            .await;
    }
    // The first request leaves the page unset: the server's first page, the spec's `minimum`.
    Mock::given(path("/users"))
        .and(query_param_is_missing("page"))
        .respond_with(page(json!({"users": ["u1", "u2"], "total": 6})))
        .mount(&server)
        .await;
    let users: Vec<String> =
        client(&server).list_users().per_page(2).items().try_collect().await.expect("every user");
    assert_eq!(users, ["u1", "u2", "u3", "u4", "u5", "u6"]);
    assert_eq!(queries(&server).await, ["per_page=2", "page=2&per_page=2", "page=3&per_page=2"]);
}

#[tokio::test]
async fn page_numbers_over_a_bare_list_end_at_an_empty_page() {
    let server = MockServer::start().await;
    Mock::given(path("/events"))
        .and(query_param_is_missing("page"))
        .respond_with(page(json!([10, 20])))
        .mount(&server)
        .await;
    Mock::given(path("/events"))
        .and(query_param("page", "1"))
        .respond_with(page(json!([30])))
        .mount(&server)
        .await;
    Mock::given(path("/events"))
        .and(query_param("page", "2"))
        .respond_with(page(json!([])))
        .mount(&server)
        .await;
    let events: Vec<i64> =
        client(&server).list_events().items().try_collect().await.expect("every event");
    assert_eq!(events, [10, 20, 30]);
    // The spec's first page is 0 (its `default`): the next ones are 1 and 2.
    assert_eq!(queries(&server).await, ["", "page=1", "page=2"]);
}

#[tokio::test]
async fn offsets_end_at_the_total() {
    let server = MockServer::start().await;
    for (offset, entries) in
        [(None, json!(["a", "b"])), (Some("2"), json!(["c", "d"])), (Some("4"), json!(["e"]))]
    {
        let mock = Mock::given(path("/logs"));
        let mock = match offset {
            Some(offset) => mock.and(query_param("offset", offset)),
            None => mock.and(query_param_is_missing("offset")),
        };
        mock.respond_with(page(json!({"entries": entries, "total_count": 5}))).mount(&server).await;
    }
    let lines: Vec<String> =
        client(&server).list_logs().limit(2).items().try_collect().await.expect("lines");
    assert_eq!(lines, ["a", "b", "c", "d", "e"]);
    assert_eq!(queries(&server).await, ["limit=2", "offset=2&limit=2", "offset=4&limit=2"]);
}

#[tokio::test]
async fn a_next_page_url_in_the_body_is_followed_until_it_is_null() {
    let server = MockServer::start().await;
    Mock::given(path("/calls"))
        .and(query_param_is_missing("PageToken"))
        .respond_with(page(
            json!({"calls": ["CA1"], "next_page_uri": "/calls?PageSize=1&PageToken=PA2"}),
        ))
        .mount(&server)
        .await;
    Mock::given(path("/calls"))
        .and(query_param("PageToken", "PA2"))
        .respond_with(page(json!({"calls": ["CA2"], "next_page_uri": null})))
        .mount(&server)
        .await;
    let calls: Vec<String> =
        client(&server).list_calls().page_size(1).items().try_collect().await.expect("every call");
    assert_eq!(calls, ["CA1", "CA2"]);
    assert_eq!(queries(&server).await, ["PageSize=1", "PageSize=1&PageToken=PA2"]);
}

#[tokio::test]
async fn x_pagination_says_where_the_items_and_the_cursor_are() {
    let server = MockServer::start().await;
    Mock::given(path("/rows"))
        .and(query_param_is_missing("after"))
        .respond_with(page(json!({"result": {"rows": [[1.5, 2.0]]}, "meta": {"next": "r2"}})))
        .mount(&server)
        .await;
    Mock::given(path("/rows"))
        .and(query_param("after", "r2"))
        .respond_with(page(json!({"result": {"rows": [[3.0]]}, "meta": {}})))
        .mount(&server)
        .await;
    let rows: Vec<Vec<f64>> =
        client(&server).list_rows().items().try_collect().await.expect("every row");
    assert_eq!(rows, [vec![1.5, 2.0], vec![3.0]]);
    assert_eq!(queries(&server).await, ["", "after=r2"]);
}
