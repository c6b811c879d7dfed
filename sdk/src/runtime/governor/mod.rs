//! Pacing calls to a tenant's rate limit, so they do not fire into a bucket known to be empty.
//!
//! Auth0's Management API limits are per tenant and announced on every response by
//! `X-RateLimit-Limit`, `-Remaining` and `-Reset`. A [`RateGovernor`] is asked before each
//! attempt how long to wait, and told every response's headers. The default,
//! [`LocalGovernor`], paces the calls of one process; a governor shared by a fleet
//! (`runtime::redis::RedisGovernor`, feature `redis`) paces all of them as one, so replicas do
//! not hit 429 in waves and retry in step.
//!
//! The governor is part of the [`ClientConfig`](super::ClientConfig) and paces Management API
//! calls (the limit it knows about). A shared governor that fails never fails a call: the
//! local one takes over until it answers again.

mod gcra;
#[cfg(feature = "redis")]
pub(crate) use gcra::{LEARNED_BURST_SHARE, LEARNED_RATE_SHARE};
mod local;
mod pacer;

use std::fmt;
use std::time::{Duration, SystemTime};

use futures_util::future::BoxFuture;
use http::HeaderMap;

use super::BoxError;
use super::RateLimit;
use super::retry::server_delay;
pub use local::LocalGovernor;
pub(crate) use pacer::Pacer;

/// What a response said about the rate limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateObservation {
    /// The response status (429 when the request was refused for the limit).
    pub status: u16,
    /// The `X-RateLimit-*` headers, when present.
    pub rate_limit: Option<RateLimit>,
    /// For a 429: how long the server asked callers to wait (`Retry-After`, else
    /// `X-RateLimit-Reset`).
    pub retry_after: Option<Duration>,
}

impl RateObservation {
    /// Reads a response's status and headers; `None` when they say nothing about the limit.
    /// A 429's pause is capped at `max_pause` (the retry policy's `max_server_delay`, so the
    /// governor never holds calls longer than a retry would wait).
    pub fn from_response(
        status: http::StatusCode,
        headers: &HeaderMap,
        max_pause: Duration,
    ) -> Option<RateObservation> {
        let rate_limited = status == http::StatusCode::TOO_MANY_REQUESTS;
        if !rate_limited && headers.is_empty() {
            return None;
        }
        let rate_limit = RateLimit::from_headers(headers);
        let retry_after = if rate_limited {
            server_delay(headers, SystemTime::now(), max_pause, true).map(|(delay, _)| delay)
        } else {
            None
        };
        if rate_limit.is_none() && !rate_limited {
            return None;
        }
        Some(RateObservation {
            status: status.as_u16(),
            rate_limit,
            retry_after,
        })
    }
}

/// Decides when each request to a rate-limited API may go.
///
/// `bucket` names the limit: the tenant's API base URL (one bucket per tenant, as Auth0
/// counts). Errors are reported, not propagated: the runtime then paces with the local
/// governor.
pub trait RateGovernor: Send + Sync + fmt::Debug + 'static {
    /// Reserves the next slot for a request to `bucket`: how long to wait before sending it.
    fn reserve<'a>(&'a self, bucket: &'a str) -> BoxFuture<'a, Result<Duration, BoxError>>;

    /// Learns from a response to a request to `bucket`.
    fn observe<'a>(&'a self, bucket: &'a str, observation: &'a RateObservation) -> BoxFuture<'a, Result<(), BoxError>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAP: Duration = Duration::from_secs(20);

    #[test]
    fn observations_come_from_rate_headers_and_429s_only() {
        let mut headers = HeaderMap::new();
        assert_eq!(
            RateObservation::from_response(http::StatusCode::OK, &headers, CAP),
            None
        );
        let refused = RateObservation::from_response(http::StatusCode::TOO_MANY_REQUESTS, &headers, CAP).unwrap();
        assert_eq!((refused.rate_limit, refused.retry_after), (None, None));
        headers.insert("x-ratelimit-remaining", "3".parse().unwrap());
        headers.insert("retry-after", "2".parse().unwrap());
        let ok = RateObservation::from_response(http::StatusCode::OK, &headers, CAP).unwrap();
        assert_eq!(ok.rate_limit.unwrap().remaining, Some(3));
        assert_eq!(ok.retry_after, None, "Retry-After on a success is not a pause");
        let refused = RateObservation::from_response(http::StatusCode::TOO_MANY_REQUESTS, &headers, CAP).unwrap();
        assert_eq!(refused.retry_after, Some(Duration::from_secs(2)));
        headers.insert("retry-after", "3600".parse().unwrap());
        let refused = RateObservation::from_response(http::StatusCode::TOO_MANY_REQUESTS, &headers, CAP).unwrap();
        assert_eq!(refused.retry_after, Some(CAP), "capped like the retry's own wait");
    }
}
