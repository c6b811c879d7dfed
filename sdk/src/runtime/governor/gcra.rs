//! The generic cell rate algorithm (GCRA) the governors schedule requests with, as pure
//! arithmetic on milliseconds so the local governor and the Redis script (which mirrors these
//! lines in Lua, `redis/governor.lua`) agree.
//!
//! The state is one number, the theoretical arrival time (`tat`) of the next request. A
//! request may go at `tat - tolerance`; each request moves `tat` one interval on. Learning
//! from a response only ever moves `tat` later: the server knows better than we do how full
//! its bucket is, never worse.

/// How much of a learned limit is used. Auth0 refills its buckets at the advertised rate, so
/// sending at exactly that rate leaves no room for network jitter; 5% under it keeps the
/// server's bucket from emptying.
pub(crate) const LEARNED_RATE_SHARE: f64 = 0.95;

/// How much of a learned bucket size is used as our burst: half, so the server's bucket keeps
/// a cushion for requests that arrive bunched together.
pub(crate) const LEARNED_BURST_SHARE: f64 = 0.5;

/// A request rate and burst.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Quota {
    /// Requests per second, sustained.
    pub(crate) per_second: f64,
    /// Requests that may go at once after a quiet period (at least 1).
    pub(crate) burst: f64,
}

impl Quota {
    /// The quota a server's `X-RateLimit-Limit` implies: Auth0 states Management API limits
    /// per second with a bucket of the same size.
    pub(crate) fn learned(limit: u64) -> Option<Quota> {
        if limit == 0 {
            return None;
        }
        let limit = limit as f64;
        Some(Quota {
            per_second: limit * LEARNED_RATE_SHARE,
            burst: (limit * LEARNED_BURST_SHARE).max(1.0),
        })
    }

    /// Milliseconds between requests.
    fn interval(&self) -> f64 {
        1000.0 / self.per_second
    }

    /// How far ahead of `tat` a request may go.
    fn tolerance(&self) -> f64 {
        (self.burst.max(1.0) - 1.0) * self.interval()
    }
}

/// One bucket's schedule.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Gcra {
    /// Theoretical arrival time of the next request, in ms on the caller's clock.
    pub(crate) tat: f64,
}

impl Gcra {
    /// Reserves the next slot at `now`: how many ms to wait before sending.
    pub(crate) fn reserve(&mut self, quota: Quota, now: f64) -> f64 {
        let tat = self.tat.max(now);
        let wait = (tat - quota.tolerance() - now).max(0.0);
        self.tat = tat + quota.interval();
        wait
    }

    /// The server says `remaining` requests are left in its bucket of `quota.burst`... or
    /// fewer than we thought: no more than `remaining` may go before the bucket refills.
    pub(crate) fn observe_remaining(&mut self, quota: Quota, now: f64, remaining: u64) {
        let used = (quota.burst - remaining as f64).max(0.0);
        self.tat = self.tat.max(now + used * quota.interval());
    }

    /// The server refused and asked us to come back in `retry_after_ms`: nothing goes before
    /// then, and the burst starts empty.
    pub(crate) fn observe_retry_after(&mut self, quota: Quota, now: f64, retry_after_ms: f64) {
        self.tat = self.tat.max(now + retry_after_ms + quota.tolerance());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const Q: Quota = Quota {
        per_second: 10.0,
        burst: 3.0,
    };

    #[test]
    fn bursts_then_paces_at_the_rate() {
        let mut g = Gcra::default();
        let waits: Vec<f64> = (0..6).map(|_| g.reserve(Q, 1000.0)).collect();
        assert_eq!(waits, vec![0.0, 0.0, 0.0, 100.0, 200.0, 300.0]);
        // After a quiet second the burst is back.
        let later = 1000.0 + 2000.0;
        assert_eq!(g.reserve(Q, later), 0.0);
    }

    #[test]
    fn learning_only_delays() {
        let mut g = Gcra::default();
        g.observe_remaining(Q, 0.0, 3);
        assert_eq!(g.reserve(Q, 0.0), 0.0, "a full bucket changes nothing");
        let mut g = Gcra::default();
        g.observe_remaining(Q, 0.0, 0);
        assert_eq!(g.reserve(Q, 0.0), 100.0, "an empty bucket: wait one interval");
        let mut g = Gcra::default();
        g.observe_retry_after(Q, 0.0, 1000.0);
        assert_eq!(g.reserve(Q, 0.0), 1000.0);
        assert_eq!(g.reserve(Q, 0.0), 1100.0, "no burst right after a 429");
    }

    #[test]
    fn learned_quota_keeps_a_margin() {
        let q = Quota::learned(100).unwrap();
        assert_eq!(q.per_second, 95.0);
        assert_eq!(q.burst, 50.0);
        assert_eq!(Quota::learned(1).unwrap().burst, 1.0);
        assert!(Quota::learned(0).is_none());
    }
}
