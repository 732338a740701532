//! Loopback tests of what a caller can match on in an error: request ids,
//! whether a retry may help, timeouts and connection failures, the path of a
//! field that did not decode, and the wait a server asked for. And of the
//! numbers JSON allows: whole numbers written as floats in integer fields.
//! And of the crates the client re-exports, used here through it alone (this
//! package depends on neither chrono nor bytes).
//!
//! Expectations are literals written here, not values computed by the client.

mod common;

use std::error::Error as _;
use std::time::Duration;

use common::{
    all_received, api_key_client, base_url, fast_retries, hung, json_response, refusing_socket,
    scripted_server, server_answering, settle, status, StillClock, API_KEY,
};
use serde_json::json;
use tiledb_array_api::{Client, Error, RetryPolicy, StatusCode};
use wiremock::ResponseTemplate;

fn client_with(server: &wiremock::MockServer, policy: RetryPolicy) -> Client {
    Client::builder(base_url(server)).api_key(API_KEY).retry_policy(policy).build().unwrap()
}

/// Runs `call` as a task of the test's runtime, so that the test can move
/// the clock while it is under way.
fn spawn<T: Send + 'static>(
    call: impl std::future::IntoFuture<Output = T, IntoFuture: Send + 'static>,
) -> tokio::task::JoinHandle<T> {
    tokio::spawn(call.into_future())
}

/// What a spawned call ended with; fails if it has not ended.
async fn ended<T>(call: tokio::task::JoinHandle<T>) -> T {
    settle().await;
    assert!(call.is_finished(), "the call is still under way");
    call.await.expect("the call's task")
}

// ---------------------------------------------------------------------------
// Request ids
// ---------------------------------------------------------------------------

#[tokio::test]
async fn request_id_of_an_api_error_comes_from_the_error_body() {
    let body = json!({"code": 404, "message": "array not found", "request_id": "9c1e-77"});
    let server = server_answering(
        ResponseTemplate::new(404).set_body_json(body).insert_header("x-request-id", "hdr-1"),
    )
    .await;

    let error = api_key_client(&server).get_array_metadata("alice", "weather").await.unwrap_err();

    assert_eq!(error.request_id(), Some("9c1e-77"));
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert!(!error.is_retryable() && !error.is_timeout() && !error.is_connect(), "{error:?}");
}

#[tokio::test]
async fn request_id_of_a_proxy_s_html_error_comes_from_a_header() {
    let html = ResponseTemplate::new(502)
        .set_body_raw(b"<html><h1>502 Bad Gateway</h1></html>".to_vec(), "text/html")
        .insert_header("x-amzn-RequestId", "amzn-0042");
    let server = server_answering(html).await;

    let error =
        client_with(&server, RetryPolicy::never()).get_array_metadata("alice", "weather").await.unwrap_err();

    assert_eq!(error.request_id(), Some("amzn-0042"));
    assert!(error.is_retryable(), "a 502 is worth another try: {error:?}");
    assert!(error.to_string().ends_with("(request id amzn-0042)"), "{error}");
}

#[tokio::test]
async fn request_id_of_a_decode_error_comes_from_a_header() {
    let server =
        server_answering(json_response(json!({"size": "large"})).insert_header("Request-Id", "req-5150"))
            .await;

    let error = api_key_client(&server).get_array_metadata("alice", "weather").await.unwrap_err();

    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    assert_eq!(error.request_id(), Some("req-5150"));
    assert!(!error.is_retryable(), "{error:?}");
}

// ---------------------------------------------------------------------------
// Retryable, timeout, connect
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_503_left_after_the_last_attempt_is_retryable() {
    let (server, arrivals) = scripted_server(vec![status(503)]).await;

    let error = client_with(&server, fast_retries().max_attempts(2))
        .get_array_metadata("alice", "weather")
        .await
        .unwrap_err();

    assert_eq!(arrivals.count(), 2);
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert!(error.is_retryable(), "{error:?}");
}

#[tokio::test]
async fn a_refused_connection_is_a_retryable_connect_error() {
    let (_socket, address) = refusing_socket();
    let client =
        Client::builder(format!("http://{address}/v1")).retry_policy(RetryPolicy::never()).build().unwrap();

    let error = client.get_array_metadata("alice", "weather").await.unwrap_err();

    assert!(error.is_connect(), "{error:?}");
    assert!(error.is_retryable(), "{error:?}");
    assert!(!error.is_timeout(), "{error:?}");
    assert_eq!((error.status(), error.request_id()), (None, None));
}

#[tokio::test(start_paused = true)]
async fn the_call_timeout_is_a_timeout_but_not_a_connect_error() {
    let _clock = StillClock::start();
    let (server, arrivals) = scripted_server(vec![hung()]).await;
    let client = Client::builder(base_url(&server)).timeout(Duration::from_millis(200)).build().unwrap();

    let call = spawn(client.get_array_metadata("alice", "weather"));
    arrivals.reached(1).await;
    tokio::time::advance(Duration::from_millis(200)).await;
    let error = ended(call).await.unwrap_err();

    assert!(error.is_timeout(), "{error:?}");
    assert!(!error.is_connect(), "{error:?}");
    // The deadline passed, so no retry was made.
    assert_eq!(all_received(&server).await.len(), 1);
}

// ---------------------------------------------------------------------------
// Attempt timeouts
// ---------------------------------------------------------------------------

// The server holds a hung attempt; the clock stands still ([`StillClock`])
// until the test moves it past the attempt's timeout, and a retry's wait
// passes as the client announces it.

#[tokio::test(start_paused = true)]
async fn a_hung_first_attempt_is_abandoned_and_the_second_answers() {
    let clock = StillClock::start();
    let (server, arrivals) = scripted_server(vec![hung(), json_response(json!({"name": "weather"}))]).await;
    // The call has the default 60 s; each attempt 300 ms.
    let policy = fast_retries().attempt_timeout(Duration::from_millis(300));

    let call = spawn(client_with(&server, policy).get_array_metadata("alice", "weather"));
    arrivals.reached(1).await;
    tokio::time::advance(Duration::from_millis(299)).await;
    settle().await;
    assert_eq!(clock.waits(), [], "the attempt timed out before 300 ms");
    tokio::time::advance(Duration::from_millis(1)).await;
    let info = call.await.unwrap().unwrap();

    assert_eq!(info.name.as_deref(), Some("weather"));
    assert_eq!(arrivals.count(), 2, "the server saw two attempts");
    assert_eq!(clock.waits().len(), 1, "one wait, before the second attempt");
}

#[tokio::test(start_paused = true)]
async fn an_attempt_timeout_set_for_one_request_applies_to_it() {
    let _clock = StillClock::start();
    let (server, arrivals) = scripted_server(vec![hung(), json_response(json!({"name": "weather"}))]).await;
    let client = client_with(&server, fast_retries());

    let call = spawn(
        client
            .get_array_metadata("alice", "weather")
            .retry_policy(fast_retries().attempt_timeout(Duration::from_millis(300))),
    );
    arrivals.reached(1).await;
    tokio::time::advance(Duration::from_millis(300)).await;
    let info = call.await.unwrap().unwrap();

    assert_eq!(info.name.as_deref(), Some("weather"));
    assert_eq!(arrivals.count(), 2);
}

#[tokio::test(start_paused = true)]
async fn when_every_attempt_hangs_the_last_timeout_is_returned_as_retryable() {
    let _clock = StillClock::start();
    let (server, arrivals) = scripted_server(vec![hung()]).await;
    let policy = fast_retries().max_attempts(3).attempt_timeout(Duration::from_millis(200));

    let call = spawn(client_with(&server, policy).get_array_metadata("alice", "weather"));
    for attempt in 1..=3 {
        arrivals.reached(attempt).await;
        tokio::time::advance(Duration::from_millis(200)).await;
    }
    let error = ended(call).await.unwrap_err();

    assert_eq!(arrivals.count(), 3);
    assert!(error.is_timeout(), "{error:?}");
    assert!(error.is_retryable(), "{error:?}");
    assert!(matches!(error, Error::Transport { operation: "get_array_metadata", .. }), "{error:?}");
}

#[tokio::test(start_paused = true)]
async fn a_hung_post_is_not_retried_without_permission() {
    let clock = StillClock::start();
    let (server, arrivals) = scripted_server(vec![hung(), ResponseTemplate::new(204)]).await;
    let policy = fast_retries().attempt_timeout(Duration::from_millis(200));
    let sharing =
        tiledb_array_api::models::ArraySharing::new("bob", [tiledb_array_api::models::ArrayActions::Read]);

    let call = spawn(client_with(&server, policy).share_array("alice", "weather", sharing));
    arrivals.reached(1).await;
    tokio::time::advance(Duration::from_millis(200)).await;
    let error = ended(call).await.unwrap_err();

    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(arrivals.count(), 1);
    assert_eq!(clock.waits(), [], "the client waited to retry");
}

// ---------------------------------------------------------------------------
// Retry-After beyond the policy's cap
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_retry_after_beyond_the_cap_returns_the_error_at_once_with_the_wait() {
    let (server, arrivals) = scripted_server(vec![
        status(429).insert_header("Retry-After", "3600"),
        json_response(json!({"name": "weather"})),
    ])
    .await;
    // A retry after 50 ms would succeed; the server asked for an hour.
    let policy = fast_retries().max_retry_after(Duration::from_millis(50));

    let error = client_with(&server, policy).get_array_metadata("alice", "weather").await.unwrap_err();

    assert_eq!(arrivals.count(), 1);
    assert!(error.is_retryable(), "{error:?}");
    let Error::Api(api) = &error else { panic!("expected Error::Api, got {error:?}") };
    assert_eq!(api.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(api.retry_after(), Some(Duration::from_secs(3600)));
}

#[tokio::test]
async fn a_retry_after_within_the_default_cap_is_followed() {
    let (server, arrivals) = scripted_server(vec![
        status(503).insert_header("Retry-After", "0"),
        json_response(json!({"name": "w"})),
    ])
    .await;

    let info =
        client_with(&server, RetryPolicy::default()).get_array_metadata("alice", "weather").await.unwrap();

    assert_eq!(info.name.as_deref(), Some("w"));
    assert_eq!(arrivals.count(), 2);
}

// ---------------------------------------------------------------------------
// Decode errors name the field
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_decode_error_names_the_json_path_and_keeps_serde_s_error() {
    let mut arrays: Vec<serde_json::Value> =
        (0..18).map(|n| json!({"name": format!("a{n}"), "last_accessed": "2024-05-01T10:00:00Z"})).collect();
    arrays[17]["last_accessed"] = json!("yesterday");
    let server = server_answering(json_response(json!(arrays))).await;

    let error = api_key_client(&server).get_all_array_metadata().await.unwrap_err();

    let Error::Decode(decode) = &error else { panic!("expected Error::Decode, got {error:?}") };
    assert_eq!(decode.path(), Some("[17].last_accessed"));
    let serde_error = error.source().and_then(|source| source.downcast_ref::<serde_json::Error>());
    assert!(serde_error.is_some_and(serde_json::Error::is_data), "{:?}", error.source());
    let message = error.to_string();
    assert!(message.contains("cannot decode the 200 OK response at `[17].last_accessed`"), "{message}");
    // chrono's words for a date that is not one.
    assert!(message.contains("input contains invalid characters"), "{message}");
}

// ---------------------------------------------------------------------------
// Whole numbers written as floats
// ---------------------------------------------------------------------------

#[tokio::test]
async fn integer_fields_accept_whole_numbers_written_as_floats() {
    let body = json!({"name": "weather", "size": 1024.0, "share_count": 3e0});
    let server = server_answering(json_response(body)).await;

    let info = api_key_client(&server).get_array_metadata("alice", "weather").await.unwrap();

    assert_eq!(info.size, Some(1024));
    assert_eq!(info.share_count, Some(3));
}

#[tokio::test]
async fn exponent_notation_decodes_inside_lists() {
    // Written out, as a Python or JavaScript server may: `1.7e9` and `1.024e3`.
    let body = br#"[{"array_name": "weather", "accessed_time": 1.7e9},
                    {"array_name": "sky", "accessed_time": 1.024e3}]"#;
    let server =
        server_answering(ResponseTemplate::new(200).set_body_raw(body.to_vec(), "application/json")).await;

    let arrays = api_key_client(&server).get_last_accessed_arrays().await.unwrap();

    let times: Vec<Option<u64>> = arrays.iter().map(|array| array.accessed_time).collect();
    assert_eq!(times, [Some(1_700_000_000), Some(1024)]);
}

#[tokio::test]
async fn a_fractional_value_in_an_integer_field_is_a_decode_error_naming_it() {
    let body = br#"[{"array_name": "weather", "accessed_time": 12.5}]"#;
    let server =
        server_answering(ResponseTemplate::new(200).set_body_raw(body.to_vec(), "application/json")).await;

    let error = api_key_client(&server).get_last_accessed_arrays().await.unwrap_err();

    let Error::Decode(decode) = &error else { panic!("expected Error::Decode, got {error:?}") };
    assert_eq!(decode.path(), Some("[0].accessed_time"));
    assert!(error.to_string().contains("12.5"), "{error}");
}

#[tokio::test]
async fn a_negative_float_in_an_unsigned_field_is_a_decode_error() {
    let server = server_answering(json_response(json!({"size": -2.0}))).await;

    let error = api_key_client(&server).get_array_metadata("alice", "weather").await.unwrap_err();

    let Error::Decode(decode) = &error else { panic!("expected Error::Decode, got {error:?}") };
    assert_eq!(decode.path(), Some("size"));
}

// ---------------------------------------------------------------------------
// Re-exported crates
// ---------------------------------------------------------------------------

#[tokio::test]
async fn the_types_of_the_api_are_named_through_the_crate_s_re_exports() {
    use tiledb_array_api::chrono::{TimeZone as _, Utc};

    let body = json!({"name": "weather", "last_accessed": "2024-05-01T10:30:00Z"});
    let server = server_answering(json_response(body)).await;

    let info = api_key_client(&server).get_array_metadata("alice", "weather").await.unwrap();

    assert_eq!(info.last_accessed, Some(Utc.with_ymd_and_hms(2024, 5, 1, 10, 30, 0).unwrap()));
    let capnp: tiledb_array_api::bytes::Bytes = tiledb_array_api::bytes::Bytes::from_static(b"\x01");
    assert_eq!(capnp.len(), 1);
    let value: tiledb_array_api::serde_json::Value = tiledb_array_api::serde_json::from_str("[1]").unwrap();
    assert_eq!(value, json!([1]));
}
