//! Retry policy: backoff, `Retry-After`, which statuses are retried.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

use crate::runtime::retry::{RetryPolicy, is_retryable_status, retry_after};
use reqwest::header::HeaderValue;

fn headers(retry_after: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(RETRY_AFTER, HeaderValue::from_str(retry_after).unwrap());
    headers
}

#[test]
fn backoff_doubles_with_jitter_and_stops_at_the_cap() {
    let policy = RetryPolicy::new()
        .initial_backoff(Duration::from_millis(100))
        .max_backoff(Duration::from_millis(350));
    for _ in 0..50 {
        let first = policy.delay(1, None).unwrap();
        assert!(
            first >= Duration::from_millis(50) && first <= Duration::from_millis(100),
            "{first:?}"
        );
        let second = policy.delay(2, None).unwrap();
        assert!(
            second >= Duration::from_millis(100) && second <= Duration::from_millis(200),
            "{second:?}"
        );
        let capped = policy.delay(9, None).unwrap();
        assert!(
            capped >= Duration::from_millis(175) && capped <= Duration::from_millis(350),
            "{capped:?}"
        );
        // Whole milliseconds, as the `retrying` trace reports them.
        for wait in [first, second, capped] {
            assert_eq!(wait.subsec_nanos() % 1_000_000, 0, "{wait:?}");
        }
    }
}

#[test]
fn retry_after_in_seconds_replaces_the_backoff() {
    let policy = RetryPolicy::new().max_retry_after(Duration::from_secs(5));
    assert_eq!(policy.delay(1, Some(&headers("2"))), Some(Duration::from_secs(2)));
    assert_eq!(policy.delay(1, Some(&headers("5"))), Some(Duration::from_secs(5)));
}

#[test]
fn retry_after_beyond_the_cap_is_not_retried_earlier_but_not_at_all() {
    let policy = RetryPolicy::new().max_retry_after(Duration::from_secs(5));
    assert_eq!(policy.delay(1, Some(&headers("6"))), None);
    assert_eq!(policy.delay(1, Some(&headers("3600"))), None);
    // The default cap is 30 s.
    assert_eq!(RetryPolicy::new().delay(1, Some(&headers("30"))), Some(Duration::from_secs(30)));
    assert_eq!(RetryPolicy::new().delay(1, Some(&headers("31"))), None);
}

#[test]
fn retry_after_as_an_http_date() {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
    assert_eq!(
        retry_after(&headers("Sun, 06 Nov 1994 08:49:47 GMT"), now),
        Some(Duration::from_secs(10))
    );
    assert_eq!(retry_after(&headers("Sun, 06 Nov 1994 08:49:00 GMT"), now), Some(Duration::ZERO));
    assert_eq!(
        retry_after(&headers("Sunday, 06-Nov-94 08:49:47 GMT"), now),
        Some(Duration::from_secs(10))
    );
    assert_eq!(
        retry_after(&headers("Sun Nov  6 08:49:47 1994"), now),
        Some(Duration::from_secs(10))
    );
    assert_eq!(retry_after(&headers("soon"), now), None);
    // Rounded up to whole milliseconds: never earlier than the date.
    let later = now + Duration::from_micros(1_500);
    assert_eq!(
        retry_after(&headers("Sun, 06 Nov 1994 08:49:47 GMT"), later),
        Some(Duration::from_millis(9_999))
    );
    let just_after = now + Duration::from_nanos(1);
    assert_eq!(
        retry_after(&headers("Sun, 06 Nov 1994 08:49:47 GMT"), just_after),
        Some(Duration::from_secs(10))
    );
}

#[test]
fn never_makes_one_attempt() {
    assert_eq!(RetryPolicy::never().attempts(), 1);
    assert_eq!(RetryPolicy::new().max_attempts(0).attempts(), 1);
}

#[test]
fn retryable_statuses() {
    for code in [408, 429, 502, 503, 504] {
        assert!(is_retryable_status(StatusCode::from_u16(code).unwrap()), "{code}");
    }
    for code in [400, 401, 404, 409, 500, 501] {
        assert!(!is_retryable_status(StatusCode::from_u16(code).unwrap()), "{code}");
    }
}
