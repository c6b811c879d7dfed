//! What a retry looked like, for hooks and tracing.

use std::time::Duration;

/// Why an attempt is being retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryReason {
    /// The response had this retryable status.
    Status(http::StatusCode),
    /// The attempt timed out.
    Timeout,
    /// The connection dropped after the request was sent (it may have been executed).
    Connection,
    /// The connection could not be made (refused, DNS, TLS): nothing was sent.
    ConnectFailed,
    /// The response's body was cut off (the request was executed).
    BodyInterrupted,
    /// The response was larger than the client's limit.
    TooLarge,
}

/// Where the wait before a retry came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DelaySource {
    /// The `Retry-After` header (seconds or an HTTP date), capped.
    RetryAfter,
    /// The `X-RateLimit-Reset` header (epoch seconds), capped.
    RateLimitReset,
    /// Exponential backoff with jitter.
    Backoff,
}

/// One retry about to happen; passed to [`Hooks::on_retry`](crate::runtime::Hooks::on_retry).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryEvent {
    /// The operation id.
    pub operation: &'static str,
    /// The attempt that failed (1 for the first).
    pub attempt: u32,
    /// Why it is retried.
    pub reason: RetryReason,
    /// How long the runtime waits before the next attempt.
    pub delay: Duration,
    /// Where that wait came from.
    pub delay_source: DelaySource,
}
