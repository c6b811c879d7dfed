//! Auth0's rate-limit headers, parsed once so callers need not.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{HeaderMap, HeaderName};

/// The `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` headers of a
/// response, available on successes ([`ResponseMeta::rate_limit`](super::ResponseMeta::rate_limit))
/// and on API errors ([`Error::rate_limit`](super::Error::rate_limit)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed in the current window.
    pub limit: Option<u64>,
    /// Requests left in the current window.
    pub remaining: Option<u64>,
    /// When the window resets, in seconds since the Unix epoch.
    pub reset: Option<u64>,
}

impl RateLimit {
    /// Reads the headers; `None` when none of the three is present and well-formed.
    pub fn from_headers(headers: &HeaderMap) -> Option<RateLimit> {
        // Names parsed once, not on every response.
        static LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
        static REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");
        static RESET: HeaderName = HeaderName::from_static("x-ratelimit-reset");
        let limit = header_u64(headers, &LIMIT);
        let remaining = header_u64(headers, &REMAINING);
        let reset = header_u64(headers, &RESET);
        if limit.is_none() && remaining.is_none() && reset.is_none() {
            return None;
        }
        Some(RateLimit {
            limit,
            remaining,
            reset,
        })
    }

    /// The reset time as a `SystemTime`.
    pub fn reset_at(&self) -> Option<SystemTime> {
        self.reset.map(|secs| UNIX_EPOCH + Duration::from_secs(secs))
    }
}

pub(crate) fn header_u64(headers: &HeaderMap, name: impl http::header::AsHeaderName) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_present_headers_and_ignores_garbage() {
        let mut headers = HeaderMap::new();
        assert_eq!(RateLimit::from_headers(&headers), None);
        headers.insert("x-ratelimit-limit", "50".parse().unwrap());
        headers.insert("x-ratelimit-remaining", "oops".parse().unwrap());
        headers.insert("x-ratelimit-reset", "1700000000".parse().unwrap());
        let rl = RateLimit::from_headers(&headers).unwrap();
        assert_eq!(
            rl,
            RateLimit {
                limit: Some(50),
                remaining: None,
                reset: Some(1_700_000_000)
            }
        );
        assert_eq!(rl.reset_at(), Some(UNIX_EPOCH + Duration::from_secs(1_700_000_000)));
    }
}
