//! Fault and rate-limit injection: rules a test installs on a running tenant.
//!
//! Each request is checked against the rules in order. Matching `Latency` rules add up; the first
//! matching rule with any other action decides the response (429, an error status, or a dropped
//! connection). Separately, the Management API (`/api/v2`) has one tenant-wide token bucket,
//! shared by every client, reported on every response in Auth0's `X-RateLimit-*` headers and,
//! when enforced, answered with 429 and `Retry-After` once empty.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::http::Method;
use serde_json::Value;

use crate::time::unix_now;

/// What a matching rule does to a request.
#[derive(Debug, Clone, PartialEq)]
pub enum FaultAction {
    /// Answer 429 with `X-RateLimit-*` headers and `Retry-After` (whole seconds, rounded up).
    RateLimit {
        /// The value advertised in `Retry-After` and `X-RateLimit-Reset`.
        retry_after: Duration,
    },
    /// Answer with this status and body (Auth0's error body for the status when `None`).
    Status {
        /// The HTTP status, e.g. 503.
        status: u16,
        /// The JSON body to send instead of the default error body.
        body: Option<Value>,
    },
    /// Close the connection without sending a response.
    DropConnection,
    /// Delay the request, then handle it normally (or as other rules say).
    Latency(Duration),
}

/// When a rule fires, among the requests its method/path filter matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// Every matching request.
    Always,
    /// The next `n` matching requests, then never again.
    Next(u32),
    /// Every `n`th matching request (the `n`th, `2n`th, ...).
    EveryNth(u32),
    /// Every matching request for this long after the rule is installed.
    For(Duration),
}

/// A fault rule: an action, a trigger and an optional method/path filter.
///
/// ```
/// use auth0_local_tenant::FaultRule;
/// use std::time::Duration;
/// let rule = FaultRule::rate_limit(Duration::from_secs(1)).every_nth(3).path("/api/v2/users*");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FaultRule {
    /// What happens.
    pub action: FaultAction,
    /// When it happens.
    pub trigger: Trigger,
    /// Only requests with this method (any when `None`).
    pub method: Option<Method>,
    /// Only requests whose path matches this pattern (any when `None`); see [`FaultRule::path`].
    pub path: Option<String>,
}

impl FaultRule {
    /// A rule with `action` that fires on every request; narrow it with the other builders.
    pub fn new(action: FaultAction) -> Self {
        Self {
            action,
            trigger: Trigger::Always,
            method: None,
            path: None,
        }
    }

    /// 429 Too Many Requests with `Retry-After: retry_after`.
    pub fn rate_limit(retry_after: Duration) -> Self {
        Self::new(FaultAction::RateLimit { retry_after })
    }

    /// An error status (e.g. 500, 503) with Auth0's error body.
    pub fn status(status: u16) -> Self {
        Self::new(FaultAction::Status { status, body: None })
    }

    /// Close the connection without answering.
    pub fn drop_connection() -> Self {
        Self::new(FaultAction::DropConnection)
    }

    /// Add `delay` before handling.
    pub fn latency(delay: Duration) -> Self {
        Self::new(FaultAction::Latency(delay))
    }

    /// Fire for the next `n` matching requests only.
    pub fn next(mut self, n: u32) -> Self {
        self.trigger = Trigger::Next(n);
        self
    }

    /// Fire on every `n`th matching request.
    pub fn every_nth(mut self, n: u32) -> Self {
        self.trigger = Trigger::EveryNth(n.max(1));
        self
    }

    /// Fire on every matching request for `window`, starting now.
    pub fn for_duration(mut self, window: Duration) -> Self {
        self.trigger = Trigger::For(window);
        self
    }

    /// Only requests with this method.
    pub fn method(mut self, method: Method) -> Self {
        self.method = Some(method);
        self
    }

    /// Only requests whose path matches `pattern`: exact (`/oauth/token`), with `*` for one
    /// segment (`/api/v2/users/*/roles`), or a trailing `*` for any suffix (`/api/v2/users*`).
    pub fn path(mut self, pattern: impl Into<String>) -> Self {
        self.path = Some(pattern.into());
        self
    }

    fn matches(&self, method: &Method, path: &str) -> bool {
        self.method.as_ref().is_none_or(|m| m == method) && self.path.as_deref().is_none_or(|p| path_matches(p, path))
    }
}

/// Matches a request path against a [`FaultRule::path`] pattern.
fn path_matches(pattern: &str, path: &str) -> bool {
    // `/api/v2/users*` is a prefix; `/api/v2/users/*` (star as a whole segment) is one segment.
    if let Some(prefix) = pattern.strip_suffix('*') {
        if !prefix.ends_with('/') && !prefix.contains('*') {
            return path.starts_with(prefix);
        }
    }
    let p: Vec<&str> = pattern.split('/').collect();
    let s: Vec<&str> = path.split('/').collect();
    p.len() == s.len() && p.iter().zip(&s).all(|(p, s)| *p == "*" || p == s)
}

/// Identifies an installed rule, for [`Faults::remove`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RuleId(u64);

#[derive(Debug)]
struct Installed {
    id: RuleId,
    rule: FaultRule,
    matched: u64,
    fired: u64,
    until: Option<Instant>,
}

impl Installed {
    /// Counts a matching request and says whether the rule fires for it.
    fn fire(&mut self) -> bool {
        self.matched += 1;
        let fire = match self.rule.trigger {
            Trigger::Always => true,
            Trigger::Next(n) => self.fired < u64::from(n),
            Trigger::EveryNth(n) => self.matched % u64::from(n.max(1)) == 0,
            Trigger::For(_) => self.until.is_some_and(|u| Instant::now() < u),
        };
        if fire {
            self.fired += 1;
        }
        fire
    }
}

/// The tenant-wide rate limit of the Management API: a token bucket of `limit` requests,
/// refilled at `refill_per_second`, as Auth0 describes its limits. `X-RateLimit-Limit` is the
/// bucket size, `-Remaining` what is left in it, `-Reset` (Unix seconds) when it will be full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitPolicy {
    /// Bucket size (`X-RateLimit-Limit`).
    pub limit: u32,
    /// Requests added back per second.
    pub refill_per_second: u32,
    /// Answer 429 once the bucket is empty (off by default, so load tests run freely).
    pub enforce: bool,
}

impl RateLimitPolicy {
    /// An enforced limit of `per_second` requests per second for the whole tenant, with a
    /// bucket of the same size (Auth0's Management API shape).
    pub fn per_second(per_second: u32) -> Self {
        Self {
            limit: per_second.max(1),
            refill_per_second: per_second.max(1),
            enforce: true,
        }
    }
}

impl Default for RateLimitPolicy {
    fn default() -> Self {
        Self {
            limit: 1000,
            refill_per_second: 1000,
            enforce: false,
        }
    }
}

/// The bucket's state.
#[derive(Debug)]
struct Bucket {
    tokens: f64,
    refilled_at: Instant,
}

impl Bucket {
    fn full(policy: &RateLimitPolicy) -> Self {
        Self {
            tokens: f64::from(policy.limit),
            refilled_at: Instant::now(),
        }
    }

    fn refill(&mut self, policy: &RateLimitPolicy, now: Instant) {
        let elapsed = now.duration_since(self.refilled_at).as_secs_f64();
        self.tokens = (self.tokens + elapsed * f64::from(policy.refill_per_second)).min(f64::from(policy.limit));
        self.refilled_at = now;
    }

    /// Seconds until the bucket is full again.
    fn secs_to_full(&self, policy: &RateLimitPolicy) -> f64 {
        (f64::from(policy.limit) - self.tokens).max(0.0) / f64::from(policy.refill_per_second.max(1))
    }
}

#[derive(Debug)]
struct State {
    rules: Vec<Installed>,
    next_id: u64,
    policy: RateLimitPolicy,
    bucket: Bucket,
    /// Management API requests refused for the tenant-wide limit.
    limited: u64,
}

/// Handle to a tenant's fault rules; cheap to clone, changes apply to the next request.
#[derive(Debug, Clone)]
pub struct Faults {
    inner: Arc<Mutex<State>>,
}

/// The rate-limit header values for one response.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RateHeaders {
    pub limit: u32,
    pub remaining: u32,
    pub reset_unix: u64,
    pub retry_after_secs: Option<u64>,
}

/// What the gateway must do with one request.
#[derive(Debug)]
pub(crate) struct Decision {
    pub latency: Duration,
    pub action: Option<FaultAction>,
    pub rate: RateHeaders,
}

impl Faults {
    pub(crate) fn new(policy: RateLimitPolicy) -> Self {
        Self {
            inner: Arc::new(Mutex::new(State {
                rules: Vec::new(),
                next_id: 0,
                bucket: Bucket::full(&policy),
                policy,
                limited: 0,
            })),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Installs `rule` after the existing ones.
    pub fn add(&self, rule: FaultRule) -> RuleId {
        let mut st = self.lock();
        st.next_id += 1;
        let id = RuleId(st.next_id);
        let until = match rule.trigger {
            Trigger::For(window) => Some(Instant::now() + window),
            _ => None,
        };
        st.rules.push(Installed {
            id,
            rule,
            matched: 0,
            fired: 0,
            until,
        });
        id
    }

    /// Removes one rule; returns whether it was installed.
    pub fn remove(&self, id: RuleId) -> bool {
        let mut st = self.lock();
        let before = st.rules.len();
        st.rules.retain(|r| r.id != id);
        st.rules.len() != before
    }

    /// Removes every rule.
    pub fn clear(&self) {
        self.lock().rules.clear();
    }

    /// How many times rule `id` has fired so far.
    pub fn fired(&self, id: RuleId) -> u64 {
        self.lock().rules.iter().find(|r| r.id == id).map_or(0, |r| r.fired)
    }

    /// Every `n`th request gets a 429 with `Retry-After: 1`.
    pub fn rate_limit_every(&self, n: u32) -> RuleId {
        self.add(FaultRule::rate_limit(Duration::from_secs(1)).every_nth(n))
    }

    /// The next `n` requests get a 429 with `Retry-After: 1`.
    pub fn rate_limit_next(&self, n: u32) -> RuleId {
        self.add(FaultRule::rate_limit(Duration::from_secs(1)).next(n))
    }

    /// Every request for `window` gets a 429 whose `Retry-After` is the window's length.
    pub fn rate_limit_for(&self, window: Duration) -> RuleId {
        self.add(FaultRule::rate_limit(window).for_duration(window))
    }

    /// The next `n` requests get `status` (e.g. 500 or 503) with Auth0's error body.
    pub fn server_error_next(&self, n: u32, status: u16) -> RuleId {
        self.add(FaultRule::status(status).next(n))
    }

    /// The next `n` connections that send a request are closed without a response.
    pub fn drop_next(&self, n: u32) -> RuleId {
        self.add(FaultRule::drop_connection().next(n))
    }

    /// Every request is delayed by `delay`.
    pub fn latency(&self, delay: Duration) -> RuleId {
        self.add(FaultRule::latency(delay))
    }

    /// Replaces the rate-limit header policy.
    pub fn set_rate_limit_policy(&self, policy: RateLimitPolicy) {
        let mut st = self.lock();
        st.policy = policy;
        st.bucket = Bucket::full(&policy);
        st.limited = 0;
    }

    /// How many Management API requests the tenant-wide limit has refused (429) since the
    /// policy was last set.
    pub fn rate_limited_count(&self) -> u64 {
        self.lock().limited
    }

    /// Evaluates the rules and the rate-limit window for one request.
    pub(crate) fn decide(&self, method: &Method, path: &str) -> Decision {
        let mut st = self.lock();
        let mut latency = Duration::ZERO;
        let mut action = None;
        for rule in st.rules.iter_mut() {
            if !rule.rule.matches(method, path) {
                continue;
            }
            // Once an action is chosen, later non-latency rules are not consulted (or counted).
            if action.is_some() && !matches!(rule.rule.action, FaultAction::Latency(_)) {
                continue;
            }
            if !rule.fire() {
                continue;
            }
            match &rule.rule.action {
                FaultAction::Latency(d) => latency += *d,
                other => action = Some(other.clone()),
            }
        }
        let now = Instant::now();
        let policy = st.policy;
        st.bucket.refill(&policy, now);
        // Only the Management API counts against the tenant-wide limit.
        if path.starts_with("/api/v2") && action.is_none() {
            if st.bucket.tokens >= 1.0 {
                st.bucket.tokens -= 1.0;
            } else if policy.enforce {
                let wait = (1.0 - st.bucket.tokens) / f64::from(policy.refill_per_second.max(1));
                st.limited += 1;
                action = Some(FaultAction::RateLimit {
                    retry_after: Duration::from_secs_f64(wait),
                });
            }
        }
        let reset_unix = unix_now() + st.bucket.secs_to_full(&policy).ceil() as u64;
        let mut rate = RateHeaders {
            limit: policy.limit,
            remaining: st.bucket.tokens.floor().max(0.0) as u32,
            reset_unix,
            retry_after_secs: None,
        };
        if let Some(FaultAction::RateLimit { retry_after }) = &action {
            let secs = retry_after.as_secs_f64().ceil().max(1.0) as u64;
            rate.remaining = 0;
            rate.reset_unix = unix_now() + secs;
            rate.retry_after_secs = Some(secs);
        }
        Decision { latency, action, rate }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_patterns() {
        assert!(path_matches("/api/v2/users*", "/api/v2/users/auth0|1/roles"));
        assert!(path_matches("/api/v2/users/*/roles", "/api/v2/users/x/roles"));
        assert!(!path_matches("/api/v2/users/*/roles", "/api/v2/users/x"));
        assert!(path_matches("/oauth/token", "/oauth/token"));
        assert!(!path_matches("/oauth/token", "/oauth/token/x"));
    }

    #[test]
    fn triggers_count_matching_requests_only() {
        let f = Faults::new(RateLimitPolicy::default());
        f.add(FaultRule::status(503).every_nth(2).path("/a"));
        let fired: Vec<bool> = ["/a", "/b", "/a", "/a", "/a"]
            .iter()
            .map(|p| f.decide(&Method::GET, p).action.is_some())
            .collect();
        assert_eq!(fired, [false, false, true, false, true]);
    }

    #[test]
    fn next_n_then_stops() {
        let f = Faults::new(RateLimitPolicy::default());
        let id = f.rate_limit_next(2);
        let fired: Vec<bool> = (0..4).map(|_| f.decide(&Method::GET, "/x").action.is_some()).collect();
        assert_eq!(fired, [true, true, false, false]);
        assert_eq!(f.fired(id), 2);
    }

    #[test]
    fn enforced_bucket_limits_the_management_api_and_refills() {
        let f = Faults::new(RateLimitPolicy {
            limit: 2,
            refill_per_second: 20,
            enforce: true,
        });
        let d: Vec<_> = (0..3).map(|_| f.decide(&Method::GET, "/api/v2/users")).collect();
        assert_eq!(d[0].rate.remaining, 1);
        assert!(d[1].action.is_none());
        assert!(matches!(d[2].action, Some(FaultAction::RateLimit { .. })));
        assert_eq!((d[2].rate.remaining, d[2].rate.retry_after_secs), (0, Some(1)));
        assert_eq!(f.rate_limited_count(), 1);
        // Other APIs neither count nor are refused.
        assert!(f.decide(&Method::POST, "/oauth/token").action.is_none());
        std::thread::sleep(Duration::from_millis(120));
        assert!(f.decide(&Method::GET, "/api/v2/users").action.is_none(), "refilled");
    }
}
