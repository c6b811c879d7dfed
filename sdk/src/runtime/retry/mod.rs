//! When to try a request again, and how long to wait first.
//!
//! The rules (modelled on google-cloud-rust `gax` and on what Auth0 documents):
//! - 429 is retried for every method: Auth0 rejected the request before doing anything.
//! - 408, 5xx (but 501), timeouts and dropped connections are retried only for idempotent
//!   methods, unless the caller opts in, because a POST may already have taken effect.
//! - The wait is `Retry-After`, else `X-RateLimit-Reset`, each capped; else exponential
//!   backoff with jitter.
//! - A client-wide [`RetryBudget`] stops retry storms when everything is failing.

mod budget;
mod delay;
mod event;
mod policy;

pub(crate) use budget::BudgetState;
pub use budget::RetryBudget;
pub(crate) use delay::server_delay;
pub use event::{DelaySource, RetryEvent, RetryReason};
pub use policy::RetryPolicy;

/// Statuses worth retrying at all (the method decides whether it is safe).
pub(crate) fn is_retryable_status(status: http::StatusCode) -> bool {
    match status.as_u16() {
        408 | 429 => true,
        // 501 Not Implemented will not change by asking again.
        501 => false,
        s => (500..600).contains(&s),
    }
}
