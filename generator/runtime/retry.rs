//! When a failed attempt is tried again, and how long to wait first.

use std::hash::{BuildHasher, RandomState};
use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// When and how often a failed call is tried again.
///
/// A call is retried when no response arrived (the connection failed or
/// broke, or an attempt passed its [`attempt_timeout`](Self::attempt_timeout)),
/// or when the server answered 408, 429, 502, 503 or 504: the failures
/// [`Error::is_retryable`](crate::Error::is_retryable) reports. Waits grow
/// exponentially from [`initial_backoff`](Self::initial_backoff) up to
/// [`max_backoff`](Self::max_backoff), each randomized between half and all
/// of its value so that many clients do not retry in step. A `Retry-After`
/// header (seconds or an HTTP date) replaces the computed wait; when it asks
/// for more than [`max_retry_after`](Self::max_retry_after), the call is not
/// retried earlier than the server asked but ends with the error at once, and
/// [`ApiError::retry_after`](crate::ApiError::retry_after) gives the wait.
/// Retries never go past the call's timeout: a retry whose wait would end
/// after it is not made, and the last failure is returned.
///
/// The call's timeout bounds every attempt and wait together; an attempt
/// timeout bounds each attempt, so that one that hangs is abandoned and tried
/// again while the call still has time.
///
/// Only idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) are
/// retried. POST and PATCH requests are retried only when the request builder
/// is told they are safe to repeat (`retry_non_idempotent`).
///
/// The default: 3 attempts, waits starting at 500 ms and capped at 8 s,
/// `Retry-After` followed when it asks for at most 30 s, and no attempt
/// timeout (an attempt may take what is left of the call's timeout).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    attempt_timeout: Option<Duration>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(30),
            attempt_timeout: None,
        }
    }
}

impl RetryPolicy {
    /// The default policy (see the type's docs).
    pub fn new() -> Self {
        Self::default()
    }

    /// A policy that never retries: every call makes one attempt.
    pub fn never() -> Self {
        Self::default().max_attempts(1)
    }

    /// How many attempts a call makes at most, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry; later waits double.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest computed wait between two attempts.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest wait a server's `Retry-After` may ask for and still be
    /// retried (default 30 s). After a longer one the call ends with the error
    /// at once, whose [`ApiError::retry_after`](crate::ApiError::retry_after)
    /// says how long the server asked to wait.
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// How long one attempt may take, from sending the request to reading the
    /// whole response (default: no limit but the call's timeout). An attempt
    /// that takes longer is abandoned and counts as a failure the policy
    /// retries, like a connection that broke. Idempotent requests only, as for
    /// every retry: the server may still be working on the abandoned attempt.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    pub(crate) fn attempts(&self) -> u32 {
        self.max_attempts
    }

    pub(crate) fn attempt_time(&self) -> Option<Duration> {
        self.attempt_timeout
    }

    /// The wait before attempt `failed + 1`, after attempt `failed` failed,
    /// given the failed response's headers if there was a response. `None`
    /// when the server asked for a longer wait than the policy allows.
    pub(crate) fn delay(&self, failed: u32, headers: Option<&HeaderMap>) -> Option<Duration> {
        if let Some(requested) = headers.and_then(|headers| retry_after(headers, SystemTime::now()))
        {
            return (requested <= self.max_retry_after).then_some(requested);
        }
        let exponent = failed.saturating_sub(1).min(31);
        let full = self.initial_backoff.saturating_mul(1 << exponent).min(self.max_backoff);
        let half = full / 2;
        Some(whole_millis(half + half.mul_f64(random_fraction())))
    }
}

/// Statuses that say "try again": the request was not processed, or may
/// succeed later.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 502 | 503 | 504)
}

/// The wait a `Retry-After` header asks for: delay-seconds, or an HTTP date
/// (RFC 9110, section 10.2.3). A date in the past means no wait.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(http_date(value)?))?;
    // Rounded up: never earlier than the date.
    let wait = at.duration_since(now).unwrap_or(Duration::ZERO);
    Some(whole_millis(wait.saturating_add(Duration::from_nanos(999_999))))
}

/// `wait` less its part of a millisecond. Waits are whole milliseconds, as
/// the `retrying` trace reports them, so that the wait traced is the wait
/// taken.
fn whole_millis(wait: Duration) -> Duration {
    Duration::from_millis(u64::try_from(wait.as_millis()).unwrap_or(u64::MAX))
}

/// Seconds since the Unix epoch of an HTTP date in any of the three formats
/// RFC 9110 (section 5.6.7) says a recipient must accept: IMF-fixdate, and
/// the obsolete RFC 850 and asctime forms.
fn http_date(value: &str) -> Option<u64> {
    let timestamp = match chrono::DateTime::parse_from_rfc2822(value) {
        Ok(date) => date.timestamp(),
        Err(_) => ["%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"]
            .iter()
            .find_map(|format| chrono::NaiveDateTime::parse_from_str(value, format).ok())?
            .and_utc()
            .timestamp(),
    };
    u64::try_from(timestamp).ok()
}

/// A number in `[0, 1)`, different on every call. Jitter needs spread, not
/// cryptographic quality; std's randomly keyed hasher provides it without a
/// dependency.
fn random_fraction() -> f64 {
    let bits = RandomState::new().hash_one(SystemTime::now());
    (bits >> 11) as f64 / (1u64 << 53) as f64
}
