//! The default governor: paces the calls of this process.

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use futures_util::future::BoxFuture;
use tokio::time::Instant;

use super::gcra::{Gcra, Quota};
use super::{RateGovernor, RateObservation};
use crate::runtime::BoxError;

/// Paces one process's calls with the generic cell rate algorithm: a burst, then one request
/// per interval. The quota is learned from the first `X-RateLimit-Limit` seen (95% of it per
/// second, with half of it as the burst, leaving the server's bucket a cushion), or set with
/// [`rate`](LocalGovernor::rate). `X-RateLimit-Remaining` and 429s only ever slow it down.
///
/// Each process of a fleet pacing itself still adds up to more than the tenant allows; share
/// one governor (`runtime::redis::RedisGovernor`, feature `redis`) across them.
///
/// ```
/// use auth0_sdk::ClientConfig;
/// use auth0_sdk::runtime::governor::LocalGovernor;
/// # fn demo() -> Result<(), auth0_sdk::Error> {
/// // Your tenant's sustained limit, when you know it better than its headers say.
/// let config = ClientConfig::builder().rate_governor(LocalGovernor::new().rate(16.0, 30)).build()?;
/// // No pacing at all: every call goes at once (429s are still retried).
/// let unpaced = ClientConfig::builder().rate_governor(LocalGovernor::disabled()).build()?;
/// # let _ = (config, unpaced); Ok(()) }
/// ```
#[derive(Debug)]
pub struct LocalGovernor {
    setting: Setting,
    epoch: Instant,
    /// A config paces one tenant or a few: a short list searched by comparing names is
    /// cheaper than hashing the name on every call.
    buckets: Mutex<Vec<(String, Bucket)>>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Setting {
    Learned,
    Fixed(Quota),
    Disabled,
}

#[derive(Debug, Default)]
struct Bucket {
    gcra: Gcra,
    learned: Option<Quota>,
    /// Nothing goes before this (ms): a 429 said when to come back, which holds even before
    /// any quota is known.
    hold_until: f64,
}

impl Default for LocalGovernor {
    fn default() -> Self {
        LocalGovernor::with_setting(Setting::Learned)
    }
}

impl LocalGovernor {
    /// A governor that learns each bucket's quota from its responses (the default).
    pub fn new() -> LocalGovernor {
        LocalGovernor::default()
    }

    /// A governor that never waits.
    pub fn disabled() -> LocalGovernor {
        LocalGovernor::with_setting(Setting::Disabled)
    }

    /// Paces at `per_second` requests per second with bursts of up to `burst`, instead of
    /// learning the quota. A non-positive or non-finite rate disables pacing.
    pub fn rate(self, per_second: f64, burst: u32) -> LocalGovernor {
        if !(per_second.is_finite() && per_second > 0.0) {
            return LocalGovernor::disabled();
        }
        LocalGovernor::with_setting(Setting::Fixed(Quota {
            per_second,
            burst: f64::from(burst.max(1)),
        }))
    }

    fn with_setting(setting: Setting) -> LocalGovernor {
        LocalGovernor {
            setting,
            epoch: Instant::now(),
            buckets: Mutex::default(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Vec<(String, Bucket)>> {
        // Never held across an await or user code.
        self.buckets.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn now_ms(&self) -> f64 {
        self.epoch.elapsed().as_secs_f64() * 1000.0
    }

    fn quota(&self, bucket: &Bucket) -> Option<Quota> {
        match self.setting {
            Setting::Learned => bucket.learned,
            Setting::Fixed(quota) => Some(quota),
            Setting::Disabled => None,
        }
    }

    /// How long a request to `bucket` must wait; reserves its slot.
    pub(crate) fn reserve_now(&self, bucket: &str) -> Duration {
        if self.setting == Setting::Disabled {
            return Duration::ZERO;
        }
        let mut buckets = self.lock();
        let Some((_, state)) = buckets.iter_mut().find(|(name, _)| name == bucket) else {
            // Nothing known yet: the first response teaches the quota.
            return Duration::ZERO;
        };
        let now = self.now_ms();
        let held = (state.hold_until - now).max(0.0);
        let paced = match self.quota(state) {
            Some(quota) => state.gcra.reserve(quota, now),
            None => 0.0,
        };
        Duration::from_secs_f64(held.max(paced) / 1000.0)
    }

    /// Learns from a response to a request to `bucket`.
    pub(crate) fn observe_now(&self, bucket: &str, observation: &RateObservation) {
        if self.setting == Setting::Disabled {
            return;
        }
        let now = self.now_ms();
        let mut buckets = self.lock();
        let index = match buckets.iter().position(|(name, _)| name == bucket) {
            Some(index) => index,
            None => {
                buckets.push((bucket.to_owned(), Bucket::default()));
                buckets.len() - 1
            }
        };
        let state = &mut buckets[index].1;
        if let Some(learned) = observation.rate_limit.and_then(|rl| rl.limit).and_then(Quota::learned) {
            state.learned = Some(learned);
        }
        if let Some(pause) = observation.retry_after {
            state.hold_until = state.hold_until.max(now + pause.as_secs_f64() * 1000.0);
        }
        let Some(quota) = self.quota(state) else { return };
        if let Some(remaining) = observation.rate_limit.and_then(|rl| rl.remaining) {
            state.gcra.observe_remaining(quota, now, remaining);
        }
        if let Some(pause) = observation.retry_after {
            state.gcra.observe_retry_after(quota, now, pause.as_secs_f64() * 1000.0);
        }
    }
}

impl RateGovernor for LocalGovernor {
    fn reserve<'a>(&'a self, bucket: &'a str) -> BoxFuture<'a, Result<Duration, BoxError>> {
        Box::pin(std::future::ready(Ok(self.reserve_now(bucket))))
    }

    fn observe<'a>(&'a self, bucket: &'a str, observation: &'a RateObservation) -> BoxFuture<'a, Result<(), BoxError>> {
        self.observe_now(bucket, observation);
        Box::pin(std::future::ready(Ok(())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::RateLimit;

    fn seen(limit: u64, remaining: u64) -> RateObservation {
        RateObservation {
            status: 200,
            rate_limit: Some(RateLimit {
                limit: Some(limit),
                remaining: Some(remaining),
                reset: None,
            }),
            retry_after: None,
        }
    }

    #[tokio::test(start_paused = true)]
    async fn learns_the_quota_from_headers_and_paces_after_the_burst() {
        let g = LocalGovernor::new();
        assert_eq!(g.reserve_now("t"), Duration::ZERO, "nothing known: go");
        g.observe_now("t", &seen(20, 20));
        // Learned: 19/s, burst 10. The first 10 go at once, then one per 1/19 s.
        let waits: Vec<Duration> = (0..12).map(|_| g.reserve_now("t")).collect();
        assert!(waits[..10].iter().all(|w| w.is_zero()), "{waits:?}");
        assert!(
            waits[10] > Duration::from_millis(50) && waits[11] > waits[10],
            "{waits:?}"
        );
        assert_eq!(g.reserve_now("other"), Duration::ZERO, "buckets are separate");
    }

    #[tokio::test(start_paused = true)]
    async fn an_empty_bucket_or_a_429_holds_every_caller() {
        let g = LocalGovernor::new();
        g.observe_now("t", &seen(10, 0));
        assert!(g.reserve_now("t") > Duration::ZERO);
        let unknown = LocalGovernor::new();
        unknown.observe_now(
            "t",
            &RateObservation {
                status: 429,
                rate_limit: None,
                retry_after: Some(Duration::from_secs(1)),
            },
        );
        assert!(
            unknown.reserve_now("t") >= Duration::from_millis(999),
            "a 429 holds before any quota is known"
        );
        let g = LocalGovernor::new().rate(100.0, 50);
        g.observe_now(
            "t",
            &RateObservation {
                status: 429,
                rate_limit: None,
                retry_after: Some(Duration::from_secs(2)),
            },
        );
        for _ in 0..3 {
            assert!(g.reserve_now("t") >= Duration::from_secs(2));
        }
        let off = LocalGovernor::disabled();
        off.observe_now("t", &seen(10, 0));
        assert_eq!(off.reserve_now("t"), Duration::ZERO);
        assert_eq!(LocalGovernor::new().rate(f64::NAN, 1).setting, Setting::Disabled);
    }
}
