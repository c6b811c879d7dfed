//! The per-client (and per-request) retry settings.

use std::time::{Duration, SystemTime};

use http::HeaderMap;

use super::{DelaySource, RetryReason, is_retryable_status, server_delay};
use crate::runtime::HttpMethod;

/// The longest a server-requested delay is honoured by default.
pub(crate) const DEFAULT_MAX_SERVER_DELAY: Duration = Duration::from_secs(20);
/// A call's default deadline, attempts and waits included.
pub(crate) const DEFAULT_DEADLINE: Duration = Duration::from_secs(60);

/// How a request is retried. Defaults: 2 retries (3 attempts, as node-auth0), backoff from
/// 250 ms doubling up to 10 s with jitter, server-requested delays (`Retry-After`,
/// `X-RateLimit-Reset`) capped at 20 s, no retry of POST/PATCH after a 5xx, timeout or
/// dropped connection once the request may have been sent (a connection that was never made
/// is retried for every method), and a **deadline of 60 s per call** across all its attempts
/// and waits ([`max_elapsed`](RetryPolicy::max_elapsed)): no attempt runs past it, and no retry
/// is made whose wait would end past it. With the default 30 s per-attempt timeout a hung
/// GET fails after 60 s, not 3 minutes.
///
/// ```
/// use std::time::Duration;
/// use auth0_sdk::runtime::RetryPolicy;
/// let policy = RetryPolicy::default()
///     .max_retries(5)
///     .initial_backoff(Duration::from_millis(100))
///     .max_server_delay(Duration::from_secs(10))
///     .max_elapsed(Duration::from_secs(30));
/// assert_eq!(policy.get_max_retries(), 5);
/// assert_eq!(policy.get_max_elapsed(), Some(Duration::from_secs(30)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    jitter: bool,
    max_server_delay: Duration,
    retry_non_idempotent: bool,
    max_elapsed: Option<Duration>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(10),
            jitter: true,
            max_server_delay: DEFAULT_MAX_SERVER_DELAY,
            retry_non_idempotent: false,
            max_elapsed: Some(DEFAULT_DEADLINE),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> RetryPolicy {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// Sets how many times a request may be retried (attempts = retries + 1).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// Sets the first backoff delay; each later one doubles.
    pub fn initial_backoff(mut self, delay: Duration) -> Self {
        self.initial_backoff = delay;
        self
    }

    /// Sets the longest backoff delay.
    pub fn max_backoff(mut self, delay: Duration) -> Self {
        self.max_backoff = delay;
        self
    }

    /// Turns jitter on (default) or off. Jitter picks each delay uniformly from half to all
    /// of the backoff, so many clients that failed together do not retry together.
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// Caps the delay taken from `Retry-After` / `X-RateLimit-Reset`.
    pub fn max_server_delay(mut self, cap: Duration) -> Self {
        self.max_server_delay = cap;
        self
    }

    /// Also retries POST and PATCH after a 5xx, 408, timeout or dropped connection (they may
    /// be applied twice; use only when the operation is safe to repeat).
    pub fn retry_non_idempotent(mut self, allow: bool) -> Self {
        self.retry_non_idempotent = allow;
        self
    }

    /// Limits the time a request may take across all its attempts (default 60 s): an
    /// attempt's timeout is cut to what is left of it, and a retry whose delay would end past
    /// `limit` (counted from the first attempt) is not made; the last failure is returned
    /// instead.
    pub fn max_elapsed(mut self, limit: Duration) -> Self {
        self.max_elapsed = Some(limit);
        self
    }

    /// Removes the call deadline: only the per-attempt timeout and the retry count bound a
    /// call's time.
    pub fn without_deadline(mut self) -> Self {
        self.max_elapsed = None;
        self
    }

    /// The retry limit.
    pub fn get_max_retries(&self) -> u32 {
        self.max_retries
    }

    /// The longest server-requested wait honoured (`Retry-After`, `X-RateLimit-Reset`).
    pub fn get_max_server_delay(&self) -> Duration {
        self.max_server_delay
    }

    /// The limit on the total time across attempts, if any.
    pub fn get_max_elapsed(&self) -> Option<Duration> {
        self.max_elapsed
    }

    /// Whether a retry after `delay` still ends within the total-time limit.
    pub(crate) fn within_elapsed(&self, elapsed: Duration, delay: Duration) -> bool {
        self.max_elapsed
            .is_none_or(|limit| elapsed.saturating_add(delay) <= limit)
    }

    /// Whether a failed attempt of `method` may be retried for `reason`.
    pub(crate) fn allows(&self, method: HttpMethod, reason: RetryReason) -> bool {
        match reason {
            RetryReason::Status(s) if s == http::StatusCode::TOO_MANY_REQUESTS => true,
            RetryReason::Status(s) if !is_retryable_status(s) => false,
            // Nothing was sent: repeating cannot do anything twice.
            RetryReason::ConnectFailed => true,
            // The same request would get the same oversized answer.
            RetryReason::TooLarge => false,
            _ => method.is_idempotent() || self.retry_non_idempotent,
        }
    }

    /// The wait before retrying after attempt number `attempt` (1-based). `rate_limited` says
    /// the failure was a 429, the only answer whose `X-RateLimit-Reset` is a retry time (Auth0
    /// sends that header on every response, so a 503 must not wait for the rate-limit window).
    pub(crate) fn delay(
        &self,
        attempt: u32,
        headers: Option<&HeaderMap>,
        rate_limited: bool,
    ) -> (Duration, DelaySource) {
        if let Some(found) =
            headers.and_then(|h| server_delay(h, SystemTime::now(), self.max_server_delay, rate_limited))
        {
            return found;
        }
        let exp = attempt.saturating_sub(1).min(31);
        let full = self.initial_backoff.saturating_mul(1 << exp).min(self.max_backoff);
        let delay = if self.jitter && !full.is_zero() {
            let half = full / 2;
            half + full.mul_f64(rand::random::<f64>() * 0.5)
        } else {
            full
        };
        (delay, DelaySource::Backoff)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;

    #[test]
    fn method_and_status_rules() {
        let p = RetryPolicy::default();
        let status = |s: u16| RetryReason::Status(StatusCode::from_u16(s).unwrap());
        assert!(p.allows(HttpMethod::Post, status(429)));
        assert!(!p.allows(HttpMethod::Post, status(503)));
        assert!(!p.allows(HttpMethod::Patch, RetryReason::Timeout));
        assert!(p.allows(HttpMethod::Get, status(503)));
        assert!(p.allows(HttpMethod::Delete, status(408)));
        assert!(p.allows(HttpMethod::Put, RetryReason::Connection));
        assert!(!p.allows(HttpMethod::Get, status(501)));
        assert!(!p.allows(HttpMethod::Get, status(400)));
        let p = p.retry_non_idempotent(true);
        assert!(p.allows(HttpMethod::Post, status(503)));
        assert!(!p.allows(HttpMethod::Post, status(404)));
    }

    #[test]
    fn backoff_doubles_within_jitter_and_cap() {
        let p = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(300));
        for _ in 0..50 {
            let (d1, src) = p.delay(1, None, false);
            assert_eq!(src, DelaySource::Backoff);
            assert!(
                d1 >= Duration::from_millis(50) && d1 <= Duration::from_millis(100),
                "{d1:?}"
            );
            let (d2, _) = p.delay(2, None, false);
            assert!(
                d2 >= Duration::from_millis(100) && d2 <= Duration::from_millis(200),
                "{d2:?}"
            );
            let (d9, _) = p.delay(9, None, false);
            assert!(d9 <= Duration::from_millis(300), "{d9:?}");
        }
        let p = p.jitter(false);
        assert_eq!(p.delay(2, None, false).0, Duration::from_millis(200));
    }
}
