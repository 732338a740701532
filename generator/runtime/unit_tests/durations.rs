//! Timeouts and waits as long as a `Duration` can be: "no limit" in
//! practice, never a panic from adding them to the clock.

use std::time::Duration;

use reqwest::Method;

use crate::runtime::mock::{Mock, Server};
use crate::runtime::{Endpoint, Operation, Parts, Reader, Response, RetryPolicy};

/// `GET /ping`, answered with a number.
struct Ping;

impl Operation for Ping {
    type Output = u32;
    const ENDPOINT: &'static Endpoint = &Endpoint {
        name: "ping",
        id: "ping",
        method: Method::GET,
        template: "/ping",
        accept: "application/json",
        authenticated: false,
        negotiates_content_type: false,
    };
    const READ: Reader<Self::Output> = Response::json;

    fn write(&self, _request: &mut Parts) {}
}

fn ping(server: &Server) -> Mock<'_, Ping> {
    server.mock(&[])
}

#[tokio::test]
async fn the_longest_timeouts_mean_no_limit() {
    let server = Server::start().await;
    // The first answer is retried: the wait before the second attempt is
    // measured against the call's (missing) deadline too.
    ping(&server)
        .reply(crate::runtime::mock::Reply::new(503).header("retry-after", "0"))
        .responds(200, &7);
    let retry =
        RetryPolicy::default().initial_backoff(Duration::ZERO).attempt_timeout(Duration::MAX);
    let client =
        server.client_builder().timeout(Duration::MAX).retry_policy(retry).build().unwrap();
    assert_eq!(client.request(Ping).await.unwrap(), 7);
    assert_eq!(client.request(Ping).timeout(Duration::MAX).await.unwrap(), 7);
    assert_eq!(ping(&server).received().len(), 3);
}

/// The jitter's arithmetic stays within a `Duration` at the largest cap, and
/// the wait is still the longest the client takes: waits are whole
/// milliseconds, as many as a `u64` holds.
#[test]
fn the_longest_backoff_is_a_wait_not_a_panic() {
    let policy = RetryPolicy::new().initial_backoff(Duration::MAX).max_backoff(Duration::MAX);
    for failed in [1, 2, 32, u32::MAX] {
        for _ in 0..20 {
            let wait = policy.delay(failed, None).unwrap();
            assert_eq!(wait, Duration::from_millis(u64::MAX), "{wait:?}");
        }
    }
}
