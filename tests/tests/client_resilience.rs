//! Loopback tests of how the generated TileDB array client copes with an
//! unreliable server: which failures are retried and how often, how long it
//! waits (backoff, `Retry-After`), timeouts and refused connections. What it
//! traces while retrying is in `client_tracing.rs`.
//!
//! Nothing here takes real time or reads it: tests of waits and timeouts run
//! on a paused clock that stands still ([`common::StillClock`]), and check
//! the attempts the server saw and the waits the client chose and took; a
//! timeout passes when the test moves the clock past it.

mod common;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use common::{
    all_received, api_key_client, assert_target, base_url, fast_retries, header, hung, json_response,
    no_content, refusing_socket, scripted_server, settle, status, StillClock, API_KEY, API_KEY_HEADER,
};
use serde_json::json;
use tiledb_array_api::{models, Client, Error, RetryPolicy, StatusCode};
use wiremock::{MockServer, ResponseTemplate};

/// A client for `server` that authenticates with the test API key and
/// retries with `policy`.
fn client_with(server: &MockServer, policy: RetryPolicy) -> Client {
    Client::builder(base_url(server)).api_key(API_KEY).retry_policy(policy).build().unwrap()
}

fn array_info_response() -> ResponseTemplate {
    json_response(json!({"name": "weather", "namespace": "alice"}))
}

fn sharing() -> models::ArraySharing {
    models::ArraySharing::new("bob", [models::ArrayActions::Read, models::ArrayActions::Write])
        .namespace_type("user")
}

fn update() -> models::ArrayInfoUpdate {
    models::ArrayInfoUpdate::new().description("Daily weather").tags(["climate".to_owned()])
}

fn assert_api_status(error: &Error, expected: u16) {
    assert!(matches!(error, Error::Api(_)), "expected Error::Api, got {error:?}");
    assert_eq!(error.status(), Some(StatusCode::from_u16(expected).unwrap()), "{error}");
}

/// `at` as an IMF-fixdate (RFC 9110, section 5.6.7), e.g.
/// `Sun, 06 Nov 1994 08:49:37 GMT`.
fn http_date(at: SystemTime) -> String {
    const MONTHS: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    let seconds = at.duration_since(UNIX_EPOCH).unwrap().as_secs();
    let (days, time) = (seconds / 86_400, seconds % 86_400);
    // Howard Hinnant's civil_from_days.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[(days % 7) as usize],
        MONTHS[(month - 1) as usize],
        time / 3600,
        time % 3600 / 60,
        time % 60
    )
}

#[test]
fn http_date_helper_formats_imf_fixdates() {
    assert_eq!(http_date(UNIX_EPOCH + Duration::from_secs(784_111_777)), "Sun, 06 Nov 1994 08:49:37 GMT");
    assert_eq!(http_date(UNIX_EPOCH + Duration::from_secs(951_782_400)), "Tue, 29 Feb 2000 00:00:00 GMT");
    assert_eq!(http_date(UNIX_EPOCH), "Thu, 01 Jan 1970 00:00:00 GMT");
}

// ---------------------------------------------------------------------------
// Which failures are retried
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_is_retried_after_two_503s_and_every_attempt_is_the_same_request() {
    let (server, _) = scripted_server(vec![status(503), status(503), json_response(json!([]))]).await;
    let client = client_with(&server, fast_retries());

    let log = client
        .array_activity_log("alice", "weather")
        .start(1_700_000_000)
        .event_types("read,write")
        .header("X-Trace", "t-1")
        .await
        .unwrap();

    assert!(log.is_empty());
    let requests = all_received(&server).await;
    assert_eq!(requests.len(), 3, "two failures and the success");
    assert_target(
        &requests[0],
        "GET",
        "/v1/arrays/alice/weather/activity",
        Some("start=1700000000&event_types=read%2Cwrite"),
    );
    assert_eq!(header(&requests[0], API_KEY_HEADER), Some(API_KEY));
    assert_eq!(header(&requests[0], "X-Trace"), Some("t-1"));
    for retry in &requests[1..] {
        assert_eq!(retry.method, requests[0].method);
        assert_eq!(retry.url, requests[0].url, "path and query");
        assert_eq!(retry.headers, requests[0].headers, "headers");
        assert!(retry.body.is_empty());
    }
}

#[tokio::test]
async fn get_array_metadata_succeeds_after_two_503s() {
    let (server, arrivals) = scripted_server(vec![status(503), status(503), array_info_response()]).await;

    let info = client_with(&server, fast_retries()).get_array_metadata("alice", "weather").await.unwrap();

    assert_eq!(info.name.as_deref(), Some("weather"));
    assert_eq!(arrivals.count(), 3);
    let requests = all_received(&server).await;
    assert!(requests.iter().all(|request| request.url.path() == "/v1/arrays/alice/weather/metadata"));
}

#[tokio::test]
async fn each_retryable_status_is_retried_on_a_get() {
    for code in [408, 429, 502, 503, 504] {
        let (server, _) = scripted_server(vec![status(code), array_info_response()]).await;

        let result = client_with(&server, fast_retries()).get_array_metadata("alice", "weather").await;

        assert!(result.is_ok(), "status {code}: {result:?}");
        assert_eq!(all_received(&server).await.len(), 2, "status {code}");
    }
}

#[tokio::test]
async fn delete_is_idempotent_and_retried() {
    let (server, _) = scripted_server(vec![status(503), no_content()]).await;

    client_with(&server, fast_retries()).delete_array("alice", "weather").await.unwrap();

    let requests = all_received(&server).await;
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|request| request.method.as_str() == "DELETE"));
}

#[tokio::test]
async fn patch_and_post_are_not_retried_on_503() {
    let schema: models::ArraySchema = serde_json::from_value(json!({
        "version": [1], "arrayType": "dense", "tileOrder": "row-major", "cellOrder": "row-major",
        "capacity": 1, "coordsFilterPipeline": {}, "offsetFilterPipeline": {},
        "domain": {"type": "INT32", "tileOrder": "row-major", "cellOrder": "row-major", "dimensions": []},
        "attributes": []
    }))
    .unwrap();

    for (name, method) in [
        ("share_array", "PATCH"),
        ("update_array_metadata", "PATCH"),
        ("register_array", "POST"),
        ("create_array", "POST"),
    ] {
        // The default policy would retry an idempotent call here.
        let (server, _) = scripted_server(vec![status(503), no_content()]).await;
        let client = client_with(&server, fast_retries());

        let result = match name {
            "share_array" => client.share_array("alice", "weather", sharing()).await,
            "update_array_metadata" => client.update_array_metadata("alice", "weather", update()).await,
            "register_array" => client.register_array("alice", "weather", update()).await,
            _ => client.create_array("alice", "weather", schema.clone()).await,
        };

        let error = result.expect_err(name);
        assert_api_status(&error, 503);
        let Error::Api(api) = &error else { unreachable!() };
        assert_eq!(api.operation(), name);
        let requests = all_received(&server).await;
        assert_eq!(requests.len(), 1, "{name} must not be repeated");
        assert_eq!(requests[0].method.as_str(), method, "{name}");
    }
}

#[tokio::test]
async fn patch_marked_retry_non_idempotent_is_retried_with_the_same_body() {
    let (server, _) = scripted_server(vec![status(503), no_content()]).await;

    client_with(&server, fast_retries())
        .share_array("alice", "weather", sharing())
        .retry_non_idempotent()
        .await
        .unwrap();

    let requests = all_received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_target(&requests[1], "PATCH", "/v1/arrays/alice/weather/share", None);
    assert!(!requests[0].body.is_empty(), "the first attempt carries the body");
    assert_eq!(requests[1].body, requests[0].body, "the body is sent again byte for byte");
    assert_eq!(
        common::json_body(&requests[1]),
        json!({"namespace": "bob", "actions": ["read", "write"], "namespace_type": "user"})
    );
    assert_eq!(header(&requests[1], "Content-Type"), Some("application/json"));
    assert_eq!(requests[1].headers, requests[0].headers);
}

#[tokio::test]
async fn post_marked_retry_non_idempotent_is_retried_with_the_same_body() {
    let (server, _) = scripted_server(vec![status(502), no_content()]).await;

    client_with(&server, fast_retries())
        .register_array("alice", "weather", update())
        .retry_non_idempotent()
        .await
        .unwrap();

    let requests = all_received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_target(&requests[1], "POST", "/v1/arrays/alice/weather/register", None);
    assert_eq!(requests[1].body, requests[0].body);
    assert_eq!(common::json_body(&requests[1]), json!({"description": "Daily weather", "tags": ["climate"]}));
}

#[tokio::test]
async fn non_retryable_statuses_are_not_retried() {
    for code in [400, 401, 404, 409, 500, 501] {
        let (server, _) = scripted_server(vec![status(code), array_info_response()]).await;

        let error =
            client_with(&server, fast_retries()).get_array_metadata("alice", "weather").await.unwrap_err();

        assert_api_status(&error, code);
        assert_eq!(all_received(&server).await.len(), 1, "status {code} must not be retried");
    }
}

// ---------------------------------------------------------------------------
// Retry policies
// ---------------------------------------------------------------------------

#[tokio::test]
async fn never_policy_on_the_client_makes_one_attempt() {
    let (server, _) = scripted_server(vec![status(503), array_info_response()]).await;

    let error =
        client_with(&server, RetryPolicy::never()).get_array_metadata("alice", "weather").await.unwrap_err();

    assert_api_status(&error, 503);
    assert_eq!(all_received(&server).await.len(), 1);
}

#[tokio::test]
async fn never_policy_on_one_request_overrides_the_client_policy() {
    let (server, _) = scripted_server(vec![status(503), array_info_response()]).await;
    let client = client_with(&server, fast_retries());

    let error =
        client.get_array_metadata("alice", "weather").retry_policy(RetryPolicy::never()).await.unwrap_err();

    assert_api_status(&error, 503);
    assert_eq!(all_received(&server).await.len(), 1);

    // The client's own policy still applies to the next call.
    client.get_array_metadata("alice", "weather").await.unwrap();
    assert_eq!(all_received(&server).await.len(), 2);
}

#[tokio::test]
async fn request_policy_enables_retries_on_a_client_that_never_retries() {
    let (server, _) = scripted_server(vec![status(503), array_info_response()]).await;

    client_with(&server, RetryPolicy::never())
        .get_array_metadata("alice", "weather")
        .retry_policy(fast_retries())
        .await
        .unwrap();

    assert_eq!(all_received(&server).await.len(), 2);
}

/// Whether each wait lies within its `(least, most)` bounds, in order.
fn assert_waits(waits: &[Duration], bounds: &[(u64, u64)]) {
    assert_eq!(waits.len(), bounds.len(), "waits {waits:?}, expected within {bounds:?} ms");
    for (wait, (least, most)) in waits.iter().zip(bounds) {
        let in_bounds = Duration::from_millis(*least)..=Duration::from_millis(*most);
        assert!(in_bounds.contains(wait), "waits {waits:?}, expected within {bounds:?} ms");
    }
}

#[tokio::test(start_paused = true)]
async fn max_attempts_bounds_the_attempts_and_the_last_503_is_returned() {
    let clock = StillClock::start();
    let (server, _) = scripted_server(vec![status(503)]).await;
    let policy = RetryPolicy::default()
        .max_attempts(5)
        .initial_backoff(Duration::from_millis(200))
        .max_backoff(Duration::from_millis(500));

    let error = client_with(&server, policy).get_array_metadata("alice", "weather").await.unwrap_err();

    assert_api_status(&error, 503);
    assert_eq!(error.api_error().and_then(|body| body.message.as_deref()), Some("status 503"));
    assert_eq!(all_received(&server).await.len(), 5);
    // Each randomized between half and all of 200, 400, then the 500 cap.
    assert_waits(&clock.waits(), &[(100, 200), (200, 400), (250, 500), (250, 500)]);
}

#[tokio::test(start_paused = true)]
async fn default_policy_makes_three_attempts() {
    let clock = StillClock::start();
    let (server, _) = scripted_server(vec![status(503)]).await;

    let error = api_key_client(&server).get_array_metadata("alice", "weather").await.unwrap_err();

    assert_api_status(&error, 503);
    assert_eq!(all_received(&server).await.len(), 3);
    // The default waits: 250-500 ms, then 500-1000 ms.
    assert_waits(&clock.waits(), &[(250, 500), (500, 1000)]);
}

// ---------------------------------------------------------------------------
// Retry-After
// ---------------------------------------------------------------------------

#[tokio::test(start_paused = true)]
async fn retry_after_in_seconds_is_waited_for() {
    let clock = StillClock::start();
    let (server, arrivals) = scripted_server(vec![
        status(429).insert_header("Retry-After", "7"),
        json_response(json!({"name": "weather"})),
    ])
    .await;

    // The computed backoff would be 5-10 ms.
    let info = client_with(&server, fast_retries()).get_array_metadata("alice", "weather").await.unwrap();

    assert_eq!(info.name.as_deref(), Some("weather"));
    assert_eq!(arrivals.count(), 2);
    assert_eq!(clock.waits(), [Duration::from_secs(7)]);
}

#[tokio::test(start_paused = true)]
async fn retry_after_as_an_http_date_is_waited_for() {
    let clock = StillClock::start();
    // A date is read against the system clock, which no test can pause: the
    // wait the client chose must be the time from when it read that clock,
    // which is between the two readings here, to the date.
    let before = SystemTime::now();
    let date = UNIX_EPOCH + Duration::from_secs(before.duration_since(UNIX_EPOCH).unwrap().as_secs() + 20);
    let (server, arrivals) = scripted_server(vec![
        status(503).insert_header("Retry-After", http_date(date).as_str()),
        json_response(json!({"name": "weather"})),
    ])
    .await;

    // The computed backoff would be 5-10 ms.
    client_with(&server, fast_retries()).get_array_metadata("alice", "weather").await.unwrap();

    let after = SystemTime::now();
    assert_eq!(arrivals.count(), 2);
    let waits = clock.waits();
    assert_eq!(waits.len(), 1, "{waits:?}");
    // Rounded up to whole milliseconds, never earlier than the date.
    let latest = date.duration_since(before).unwrap() + Duration::from_millis(1);
    let earliest = date.duration_since(after).unwrap();
    assert!((earliest..=latest).contains(&waits[0]), "waited {waits:?} for {}", http_date(date));
}

#[tokio::test]
async fn a_retry_after_beyond_max_retry_after_is_not_retried() {
    let (server, _) = scripted_server(vec![
        status(429).insert_header("Retry-After", "3600"),
        json_response(json!({"name": "weather"})),
    ])
    .await;
    let policy = fast_retries().max_retry_after(Duration::from_millis(50));

    // The server asked for an hour; a retry after the 50 ms cap would come
    // earlier than it asked, so the 429 comes back instead (see
    // client_matching.rs for the wait it carries).
    let error = client_with(&server, policy).get_array_metadata("alice", "weather").await.unwrap_err();

    assert_api_status(&error, 429);
    assert_eq!(all_received(&server).await.len(), 1);
}

#[tokio::test(start_paused = true)]
async fn retry_after_beyond_the_deadline_returns_the_error_without_waiting() {
    let clock = StillClock::start();
    let (server, _) = scripted_server(vec![
        status(503).insert_header("Retry-After", "3600"),
        json_response(json!({"name": "weather"})),
    ])
    .await;
    let client = Client::builder(base_url(&server))
        .api_key(API_KEY)
        .retry_policy(fast_retries().max_retry_after(Duration::from_secs(3600)))
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();

    let error = client.get_array_metadata("alice", "weather").await.unwrap_err();

    assert_api_status(&error, 503);
    assert_eq!(all_received(&server).await.len(), 1);
    assert_eq!(clock.waits(), [], "the client waited");
}

// ---------------------------------------------------------------------------
// Timeouts
// ---------------------------------------------------------------------------

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

#[tokio::test(start_paused = true)]
async fn client_timeout_ends_a_call_to_a_server_that_never_answers() {
    let _clock = StillClock::start();
    let (server, arrivals) = scripted_server(vec![hung()]).await;
    let client = Client::builder(base_url(&server))
        .api_key(API_KEY)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();

    let call = spawn(client.get_array_metadata("alice", "weather"));
    arrivals.reached(1).await;
    tokio::time::advance(Duration::from_millis(299)).await;
    settle().await;
    assert!(!call.is_finished(), "the call ended before its timeout");
    tokio::time::advance(Duration::from_millis(1)).await;
    let error = ended(call).await.unwrap_err();

    assert!(error.is_timeout(), "{error:?}");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(error.status(), None);
    // No retry: the call's time is up.
    assert_eq!(arrivals.count(), 1);
}

#[tokio::test(start_paused = true)]
async fn request_timeout_overrides_a_longer_client_timeout() {
    let _clock = StillClock::start();
    let (server, arrivals) = scripted_server(vec![hung()]).await;
    let client = api_key_client(&server); // 60 s by default

    let call = spawn(client.get_array_metadata("alice", "weather").timeout(Duration::from_millis(300)));
    arrivals.reached(1).await;
    tokio::time::advance(Duration::from_millis(300)).await;
    let error = ended(call).await.unwrap_err();

    assert!(error.is_timeout(), "{error:?}");
}

#[tokio::test(start_paused = true)]
async fn request_timeout_overrides_a_shorter_client_timeout() {
    let _clock = StillClock::start();
    let (server, arrivals) = scripted_server(vec![hung()]).await;
    let client = Client::builder(base_url(&server))
        .api_key(API_KEY)
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();

    // The client's 100 ms alone ends a call.
    let short = spawn(client.get_array_metadata("alice", "weather"));
    arrivals.reached(1).await;
    tokio::time::advance(Duration::from_millis(100)).await;
    assert!(ended(short).await.unwrap_err().is_timeout());

    // With 30 s for this one call, it is under way after 100 ms and ends at 30 s.
    let long = spawn(client.get_array_metadata("alice", "weather").timeout(Duration::from_secs(30)));
    arrivals.reached(2).await;
    tokio::time::advance(Duration::from_millis(100)).await;
    settle().await;
    assert!(!long.is_finished(), "the client's timeout ended the call");
    tokio::time::advance(Duration::from_millis(29_900)).await;
    assert!(ended(long).await.unwrap_err().is_timeout());
}

#[tokio::test(start_paused = true)]
async fn the_timeout_bounds_the_retries_too() {
    let clock = StillClock::start();
    let (server, arrivals) = scripted_server(vec![status(503)]).await;
    // Waits of 2-4 s, then 4-8 s, within a 6 s deadline: the first retry fits,
    // the second cannot, since it would start at least 2 + 4 s after the call
    // did.
    let policy = RetryPolicy::default()
        .max_attempts(50)
        .initial_backoff(Duration::from_secs(4))
        .max_backoff(Duration::from_secs(60));
    let client = Client::builder(base_url(&server))
        .api_key(API_KEY)
        .retry_policy(policy)
        .timeout(Duration::from_secs(6))
        .build()
        .unwrap();

    let error = client.get_array_metadata("alice", "weather").await.unwrap_err();

    // The second 503 itself: the client does not wait for a retry it could
    // not make in time.
    assert_api_status(&error, 503);
    assert_eq!(arrivals.count(), 2, "one retry");
    assert_waits(&clock.waits(), &[(2000, 4000)]);
}

#[tokio::test(start_paused = true)]
async fn a_retry_whose_wait_would_pass_the_deadline_is_not_started() {
    let clock = StillClock::start();
    let (server, _) = scripted_server(vec![status(503), array_info_response()]).await;
    let policy =
        RetryPolicy::default().initial_backoff(Duration::from_secs(40)).max_backoff(Duration::from_secs(40));
    let client = Client::builder(base_url(&server))
        .api_key(API_KEY)
        .retry_policy(policy)
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();

    let error = client.get_array_metadata("alice", "weather").await.unwrap_err();

    // The 503 itself, not a timeout after waiting: a wait of 20-40 s cannot
    // fit in the 2 s the call has.
    assert_api_status(&error, 503);
    assert_eq!(all_received(&server).await.len(), 1);
    assert_eq!(clock.waits(), [], "the client waited");
}

/// A listening socket on 127.0.0.1 that never accepts, with its accept
/// queue filled by `fillers`: the kernel then drops further connection
/// attempts, so a client's connect waits until its connect timeout.
struct Unaccepting {
    _socket: socket2::Socket,
    _fillers: Vec<std::net::TcpStream>,
    address: std::net::SocketAddr,
}

fn unaccepting_listener() -> Unaccepting {
    let (socket, address) = refusing_socket();
    socket.listen(0).expect("listen");
    let mut fillers = Vec::new();
    // Connections complete in the kernel until the queue is full; the first
    // one that does not is the sign it is.
    while let Ok(stream) = std::net::TcpStream::connect_timeout(&address, Duration::from_millis(500)) {
        fillers.push(stream);
        assert!(fillers.len() < 64, "the accept queue never filled");
    }
    Unaccepting { _socket: socket, _fillers: fillers, address }
}

/// On a paused clock (left to move by itself: nothing will ever answer), so
/// the connect timeout passes at once.
#[tokio::test(start_paused = true)]
async fn connect_timeout_ends_a_connection_attempt_that_is_never_answered() {
    let listener = unaccepting_listener();
    let client = Client::builder(format!("http://{}/v1", listener.address))
        .api_key(API_KEY)
        .connect_timeout(Duration::from_millis(200))
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();

    let error = client.get_array_metadata("alice", "weather").await.unwrap_err();

    // Connecting timed out, not the call: its deadline is the default 60 s.
    let Error::Transport { source, .. } = &error else { panic!("expected a transport error, got {error:?}") };
    assert!(source.is_connect(), "{error:?}");
    assert!(error.is_timeout(), "{error:?}");
}

// ---------------------------------------------------------------------------
// Refused connections
// ---------------------------------------------------------------------------

#[tokio::test]
async fn refused_connection_without_retries_is_a_transport_error() {
    let (_socket, address) = refusing_socket();
    let client = Client::builder(format!("http://{address}/v1"))
        .api_key(API_KEY)
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();

    let error = client.get_array_metadata("alice", "weather").await.unwrap_err();

    assert!(matches!(error, Error::Transport { operation: "get_array_metadata", .. }), "{error:?}");
    assert!(!error.is_timeout(), "{error:?}");
    assert_eq!(error.status(), None);
}
