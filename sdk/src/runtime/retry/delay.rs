//! Reading a server-requested delay from `Retry-After` or `X-RateLimit-Reset`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::HeaderMap;

use super::DelaySource;
use crate::runtime::rate_limit::header_u64;

/// The delay the server asked for, capped at `cap`: `Retry-After` (delta seconds or an HTTP
/// date) first, then — for a 429 only (`rate_limited`) — `X-RateLimit-Reset` (epoch seconds).
/// A time in the past means "now".
pub(crate) fn server_delay(
    headers: &HeaderMap,
    now: SystemTime,
    cap: Duration,
    rate_limited: bool,
) -> Option<(Duration, DelaySource)> {
    if let Some(value) = headers.get(http::header::RETRY_AFTER).and_then(|v| v.to_str().ok()) {
        let value = value.trim();
        let delay = match value.parse::<u64>() {
            Ok(secs) => Some(Duration::from_secs(secs)),
            Err(_) => httpdate::parse_http_date(value)
                .ok()
                .map(|at| at.duration_since(now).unwrap_or(Duration::ZERO)),
        };
        if let Some(delay) = delay {
            return Some((delay.min(cap), DelaySource::RetryAfter));
        }
    }
    if !rate_limited {
        return None;
    }
    let reset = header_u64(headers, "x-ratelimit-reset")?;
    let at = UNIX_EPOCH.checked_add(Duration::from_secs(reset))?;
    let delay = at.duration_since(now).unwrap_or(Duration::ZERO);
    Some((delay.min(cap), DelaySource::RateLimitReset))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAP: Duration = Duration::from_secs(60);

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, v.parse().unwrap());
        }
        map
    }

    #[test]
    fn retry_after_seconds_date_and_precedence() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let d = |h: &[(&'static str, &str)]| server_delay(&headers(h), now, CAP, true);
        assert_eq!(
            d(&[("retry-after", "3")]),
            Some((Duration::from_secs(3), DelaySource::RetryAfter))
        );
        let date = httpdate::fmt_http_date(now + Duration::from_secs(7));
        assert_eq!(
            d(&[("retry-after", &date)]),
            Some((Duration::from_secs(7), DelaySource::RetryAfter))
        );
        let past = httpdate::fmt_http_date(now - Duration::from_secs(7));
        assert_eq!(
            d(&[("retry-after", &past)]),
            Some((Duration::ZERO, DelaySource::RetryAfter))
        );
        assert_eq!(
            d(&[("retry-after", "1"), ("x-ratelimit-reset", "1700000030")]),
            Some((Duration::from_secs(1), DelaySource::RetryAfter))
        );
        assert_eq!(
            d(&[("retry-after", "soon"), ("x-ratelimit-reset", "1700000030")]),
            Some((Duration::from_secs(30), DelaySource::RateLimitReset))
        );
        assert_eq!(d(&[("retry-after", "3600")]), Some((CAP, DelaySource::RetryAfter)));
        assert_eq!(
            d(&[("x-ratelimit-reset", "1800000000")]),
            Some((CAP, DelaySource::RateLimitReset))
        );
        assert_eq!(d(&[("x-ratelimit-reset", "junk")]), None);
        assert_eq!(d(&[]), None);
    }

    #[test]
    fn rate_limit_reset_applies_only_to_429() {
        // Auth0 sends `X-RateLimit-Reset` on every answer; after a 503 it is not a retry time.
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let h = headers(&[("x-ratelimit-reset", "1700000030")]);
        assert_eq!(server_delay(&h, now, CAP, false), None);
        let h = headers(&[("retry-after", "2"), ("x-ratelimit-reset", "1700000030")]);
        assert_eq!(
            server_delay(&h, now, CAP, false),
            Some((Duration::from_secs(2), DelaySource::RetryAfter))
        );
    }
}
