//! The generated client's `mock` feature as a user of the crate meets it:
//! functions of "their" program, tested against `mock::Server` with the
//! crate's types, and the error and response constructors used without a
//! server. Expectations are literals written here, not values computed by
//! the crate.

use std::time::Duration;

use serde_json::json;
use tiledb_array_api::mock::{Reply, Server};
use tiledb_array_api::models::{ArrayActions, ArrayInfo, ArraySharing};
use tiledb_array_api::reqwest::header::HeaderMap;
use tiledb_array_api::{models, ApiResponse, Client, Error, StatusCode};

// --- The user's program -----------------------------------------------------

/// The name of the largest array the caller can see, leaving out arrays
/// shared publicly.
async fn largest_array(client: &Client) -> Result<Option<String>, Error> {
    let arrays = client.get_all_array_metadata().public_share("exclude").await?;
    let largest = arrays.into_iter().max_by_key(|array| array.size.unwrap_or(0));
    Ok(largest.and_then(|array| array.name))
}

/// Lets `grantee` read `owner/array`. `Ok(false)` when the array does not exist.
async fn grant_read(client: &Client, owner: &str, array: &str, grantee: &str) -> Result<bool, Error> {
    let sharing = ArraySharing::new(grantee, [ArrayActions::Read]);
    match client.share_array(owner, array, sharing).await {
        Ok(()) => Ok(true),
        Err(error) if error.status() == Some(StatusCode::NOT_FOUND) => Ok(false),
        Err(error) => Err(error),
    }
}

/// What the program tells its user about a failure.
fn explain(error: &Error) -> String {
    match error.api_error().and_then(|body| body.message.as_deref()) {
        Some(message) => format!("TileDB says: {message}"),
        None if error.is_timeout() => "TileDB did not answer in time".to_owned(),
        None => format!("TileDB failed: {:?}", error.status()),
    }
}

/// The request id of a successful call, for the program's logs.
fn request_id<T>(response: &ApiResponse<T>) -> Option<&str> {
    response.headers().get("x-request-id")?.to_str().ok()
}

// --- Its tests ----------------------------------------------------------------

fn array(name: &str, size: u64) -> ArrayInfo {
    ArrayInfo::new().name(name).size(size)
}

#[tokio::test]
async fn the_largest_array_is_picked_from_the_scripted_list() {
    let server = Server::start().await;
    server
        .get_all_array_metadata()
        .responds(200, &vec![array("small", 10), array("big", 4096), array("medium", 512)]);

    assert_eq!(largest_array(&server.client()).await.unwrap().as_deref(), Some("big"));

    let received = server.get_all_array_metadata().received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].method().as_str(), "GET");
    assert_eq!(received[0].path(), "/arrays");
    assert_eq!(received[0].query(), [("public_share".to_owned(), "exclude".to_owned())]);
    assert!(received[0].body().is_empty());
}

#[tokio::test]
async fn a_503_is_retried_and_the_second_answer_used() {
    let server = Server::start().await;
    server
        .get_all_array_metadata()
        .reply(Reply::new(503).header("retry-after", "0"))
        .responds(200, &vec![array("only", 1)]);

    assert_eq!(largest_array(&server.client()).await.unwrap().as_deref(), Some("only"));
    assert_eq!(server.get_all_array_metadata().received().len(), 2);
}

#[tokio::test]
async fn granting_read_sends_the_grantee_and_the_action() {
    let server = Server::start().await;
    server.share_array("alice", "weather data").responds_empty(204);
    let client = server.client_builder().api_key("secret-key").build().unwrap();

    assert!(grant_read(&client, "alice", "weather data", "bob").await.unwrap());

    let received = server.share_array("alice", "weather data").received();
    assert_eq!(received.len(), 1);
    let request = &received[0];
    assert_eq!(request.method().as_str(), "PATCH");
    assert_eq!(request.path(), "/arrays/alice/weather%20data/share");
    assert!(request.query().is_empty());
    assert_eq!(request.header("x-tiledb-rest-api-key"), Some("secret-key"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    let sent: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
    assert_eq!(sent, json!({"namespace": "bob", "actions": ["read"]}));
    // The same body, decoded into the operation's own request type.
    let sharing = request.json().unwrap();
    assert_eq!(sharing.namespace.as_deref(), Some("bob"));
    assert_eq!(sharing.actions, Some(vec![ArrayActions::Read]));
    // The secret is in the headers, but never in `Debug` output.
    assert!(!format!("{request:?}").contains("secret-key"));
}

#[tokio::test]
async fn scripted_errors_reach_the_code_that_matches_them() {
    let server = Server::start().await;
    let missing = models::Error::new().message("array not found");
    server.share_array("alice", "gone").fails(404, &missing);
    let denied = models::Error::new().message("alice cannot share this array").request_id("req-7");
    server.share_array("alice", "locked").fails(403, &denied);
    let client = server.client();

    assert!(!grant_read(&client, "alice", "gone", "bob").await.unwrap());
    let error = grant_read(&client, "alice", "locked", "bob").await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::FORBIDDEN));
    assert_eq!(explain(&error), "TileDB says: alice cannot share this array");
    let Error::Api(api) = &error else { panic!("{error:?}") };
    assert_eq!(api.operation(), "share_array");
    assert_eq!(api.request_id(), Some("req-7"));
}

#[tokio::test]
async fn a_call_nothing_was_scripted_for_fails_and_is_recorded() {
    let server = Server::start().await;
    server.share_array("alice", "weather").responds_empty(204);

    let error = grant_read(&server.client(), "alice", "climate", "bob").await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::NOT_IMPLEMENTED));
    assert!(
        error.to_string().contains("nothing is scripted for PATCH /arrays/alice/climate/share"),
        "{error}"
    );
    let all = server.received();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].operation(), None);
    assert_eq!(all[0].json().unwrap(), json!({"namespace": "bob", "actions": ["read"]}));
    assert!(server.share_array("alice", "weather").received().is_empty());
}

#[tokio::test]
async fn a_server_that_never_answers_ends_in_a_timeout() {
    let server = Server::start().await;
    server.get_all_array_metadata().hangs();
    let client = server.client_builder().timeout(Duration::from_millis(300)).build().unwrap();

    let error = largest_array(&client).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(explain(&error), "TileDB did not answer in time");
}

#[test]
fn errors_and_responses_built_without_a_server() {
    let body = models::Error::new().message("quota exceeded");
    let error = Error::api(StatusCode::TOO_MANY_REQUESTS, body);
    assert_eq!(explain(&error), "TileDB says: quota exceeded");
    assert_eq!(error.raw_body(), Some(&br#"{"message":"quota exceeded"}"#[..]));

    let proxy = Error::api_raw(StatusCode::BAD_GATEWAY, HeaderMap::new(), "<html>502</html>");
    assert_eq!(explain(&proxy), "TileDB failed: Some(502)");

    let mut headers = HeaderMap::new();
    headers.insert("x-request-id", "req-1".parse().unwrap());
    let response = ApiResponse::new(StatusCode::OK, headers, vec![array("a", 1)]);
    assert_eq!(request_id(&response), Some("req-1"));
    assert_eq!(response.body()[0].name.as_deref(), Some("a"));
}
