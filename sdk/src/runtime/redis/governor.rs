//! [`RedisGovernor`]: one rate-limit bucket per tenant for the whole fleet.

use std::time::Duration;

use fred::types::scripts::Script;
use futures_util::future::BoxFuture;
use sha2::{Digest, Sha256};

use super::RedisConnection;
use crate::runtime::BoxError;
use crate::runtime::governor::{LEARNED_BURST_SHARE, LEARNED_RATE_SHARE, RateGovernor, RateObservation};

/// Paces the calls of every process sharing a Redis (and key prefix) as one: a GCRA schedule
/// per bucket (tenant), updated atomically by a Lua script on Redis's clock, so replicas
/// neither fire together into an empty bucket nor retry in step.
///
/// The quota is learned from `X-RateLimit-Limit` like [`LocalGovernor`](crate::runtime::governor::LocalGovernor)'s
/// (95% of it per second, half of it as burst), or set with [`rate`](Self::rate); remaining
/// counts and 429s seen by any process slow every process down.
#[derive(Debug, Clone)]
pub struct RedisGovernor {
    redis: RedisConnection,
    /// Fixed requests per second and burst; `None`: learned.
    fixed: Option<(f64, f64)>,
    reserve: Script,
    observe: Script,
}

impl RedisGovernor {
    /// A governor on `redis`, learning each tenant's quota from its responses.
    pub fn new(redis: &RedisConnection) -> RedisGovernor {
        RedisGovernor {
            redis: redis.clone(),
            fixed: None,
            reserve: Script::from_lua(include_str!("reserve.lua")),
            observe: Script::from_lua(include_str!("observe.lua")),
        }
    }

    /// Paces at `per_second` requests per second for the whole fleet, with bursts of up to
    /// `burst`, instead of learning the quota. A non-positive or non-finite rate means
    /// learning.
    pub fn rate(mut self, per_second: f64, burst: u32) -> RedisGovernor {
        self.fixed = (per_second.is_finite() && per_second > 0.0).then(|| (per_second, f64::from(burst.max(1))));
        self
    }

    fn bucket_key(&self, bucket: &str) -> String {
        let digest: String = Sha256::digest(bucket.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        self.redis.key(&format!("rate:{digest}"))
    }

    fn fixed_args(&self) -> (String, String) {
        let (rate, burst) = self.fixed.unwrap_or((0.0, 1.0));
        (rate.to_string(), burst.to_string())
    }
}

impl RateGovernor for RedisGovernor {
    fn reserve<'a>(&'a self, bucket: &'a str) -> BoxFuture<'a, Result<Duration, BoxError>> {
        Box::pin(async move {
            let client = self.redis.client()?;
            let (rate, burst) = self.fixed_args();
            let micros: i64 = self
                .reserve
                .evalsha_with_reload(client, vec![self.bucket_key(bucket)], vec![rate, burst])
                .await?;
            Ok(Duration::from_micros(micros.max(0) as u64))
        })
    }

    fn observe<'a>(&'a self, bucket: &'a str, observation: &'a RateObservation) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move {
            let client = self.redis.client()?;
            let (rate, burst) = self.fixed_args();
            let limit = observation.rate_limit.and_then(|rl| rl.limit);
            let remaining = observation.rate_limit.and_then(|rl| rl.remaining);
            let pause = observation.retry_after.map(|d| d.as_secs_f64() * 1000.0);
            let args = vec![
                rate,
                burst,
                limit.map_or(String::from("-1"), |v| v.to_string()),
                remaining.map_or(String::from("-1"), |v| v.to_string()),
                pause.map_or(String::from("-1"), |v| v.to_string()),
                LEARNED_RATE_SHARE.to_string(),
                LEARNED_BURST_SHARE.to_string(),
            ];
            let _: i64 = self
                .observe
                .evalsha_with_reload(client, vec![self.bucket_key(bucket)], args)
                .await?;
            Ok(())
        })
    }
}
