//! A fleet on one tenant: a shared token cache and rate governor on a real Redis, exercised by
//! several processes (this test binary, spawned again as workers), and the in-process
//! behaviours around them (the lock, a dead holder, the 401 refetch, sealing, degrading).
//!
//! Needs `redis-server`: without it the tests skip with a message, unless `CI` is set.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use auth0_local_tenant::{LocalTenant, RateLimitPolicy};
use auth0_sdk::runtime::redis::{RedisConnection, RedisGovernor, RedisTokenCache, TokenEncryptionKey};
use auth0_sdk::runtime::token_cache::{TokenCache, TokenKey};
use auth0_sdk::runtime::{Hooks, SharedStore, SharedStoreEvent};
use auth0_sdk::{ClientConfig, ManagementClient};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::fleet_support::redis_server::RedisServer;
use crate::fleet_support::worker::{self, Governor, Plan, Report, tenant, token_requests};

/// The entry point of a spawned worker process (ignored in normal runs; the parent runs it
/// with `--ignored --exact`).
#[test]
#[ignore = "run by the fleet tests in their worker processes"]
fn worker_process() {
    assert!(worker::run_if_worker(), "only meaningful with {} set", worker::PLAN_VAR);
}

fn spawn(plans: &[Plan]) -> Vec<Report> {
    let exe = std::env::current_exe().expect("the test binary");
    let args = [
        "--exact",
        "fleet::worker_process",
        "--ignored",
        "--nocapture",
        "--test-threads",
        "1",
    ];
    worker::spawn_fleet(&exe, &args, plans)
}

fn plan(tenant: &LocalTenant, redis: Option<&RedisServer>, prefix: &str) -> Plan {
    Plan::new(tenant, redis.map(RedisServer::url), prefix)
}

fn assert_all_succeeded(reports: &[Report]) {
    for r in reports {
        assert_eq!(r.failed, 0, "{:?}", r.errors);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_processes_share_one_token_through_redis_and_four_without() {
    let Some(redis) = RedisServer::start() else { return };
    let tenant = tenant(RateLimitPolicy::default()).await;
    let shared: Vec<Plan> = (0..4)
        .map(|_| Plan {
            shared_cache: true,
            ..plan(&tenant, Some(&redis), "fleet-a:")
        })
        .collect();
    let reports = tokio::task::spawn_blocking(move || spawn(&shared)).await.unwrap();
    assert_all_succeeded(&reports);
    assert_eq!(token_requests(&tenant), 1, "one token for the whole fleet");

    tenant.clear_recorded_requests();
    let local: Vec<Plan> = (0..4).map(|_| plan(&tenant, None, "unused:")).collect();
    let reports = tokio::task::spawn_blocking(move || spawn(&local)).await.unwrap();
    assert_all_succeeded(&reports);
    assert_eq!(
        token_requests(&tenant),
        4,
        "one token per process without a shared cache"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_governor_keeps_four_processes_under_the_tenant_limit() {
    let Some(redis) = RedisServer::start() else { return };
    // 4 × 40 calls against 40 requests/s: at least 3 s of work for the fleet.
    let tenant = tenant(RateLimitPolicy::per_second(40)).await;
    let plans = |governor| -> Vec<Plan> {
        (0..4)
            .map(|_| Plan {
                shared_cache: true,
                governor,
                in_flight: 8,
                ..plan(&tenant, Some(&redis), "fleet-b:")
            })
            .collect()
    };
    let unpaced = plans(Governor::Off);
    let reports = tokio::task::spawn_blocking(move || spawn(&unpaced)).await.unwrap();
    assert_all_succeeded(&reports);
    let limited_unpaced = tenant.faults().rate_limited_count();

    tenant.faults().set_rate_limit_policy(RateLimitPolicy::per_second(40));
    let paced = plans(Governor::Shared);
    let reports = tokio::task::spawn_blocking(move || spawn(&paced)).await.unwrap();
    assert_all_succeeded(&reports);
    let limited_paced = tenant.faults().rate_limited_count();
    eprintln!("429s for 160 calls: {limited_unpaced} unpaced, {limited_paced} with the shared governor");
    // The governor learns the quota from the first responses, so a few 429s may come before
    // it knows; unpaced, the fleet runs into the empty bucket over and over.
    assert!(
        limited_paced * 4 < limited_unpaced.max(4),
        "paced {limited_paced} vs unpaced {limited_unpaced}"
    );
    assert!(limited_paced <= 16, "at most 10% of 160 calls refused: {limited_paced}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_outage_fails_no_call_and_sharing_resumes() {
    let Some(mut redis) = RedisServer::start() else { return };
    let tenant = tenant(RateLimitPolicy::default()).await;
    // Three processes making 60 spaced calls each over about 3 s; Redis is down for about
    // 1 s in the middle.
    let plans: Vec<Plan> = (0..3)
        .map(|_| Plan {
            shared_cache: true,
            governor: Governor::Shared,
            calls: 60,
            in_flight: 2,
            pause_ms: 100,
            ..plan(&tenant, Some(&redis), "fleet-c:")
        })
        .collect();
    let start_at = plans[0].start_at_ms;
    let fleet = tokio::task::spawn_blocking(move || spawn(&plans));
    tokio::time::sleep(Duration::from_millis(start_at.saturating_sub(worker::unix_ms()) + 800)).await;
    redis.stop();
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    redis.resume();
    let restarted_at = worker::unix_ms();
    let reports = fleet.await.unwrap();
    assert_all_succeeded(&reports);
    for r in &reports {
        assert!(r.degraded >= 1, "each process noticed the outage: {r:?}");
        assert!(r.recovered >= 1, "and the recovery: {r:?}");
        let resumed = r.recovered_at_ms.last().unwrap().saturating_sub(restarted_at);
        eprintln!("sharing resumed {resumed} ms after Redis restarted");
        assert!(resumed < 5_000, "resumed {resumed} ms after the restart");
    }
}

/// Counts a tenant's token endpoint hits and answers with numbered tokens.
async fn token_server(tokens: &'static [&'static str]) -> (MockServer, Arc<AtomicUsize>) {
    let server = MockServer::start().await;
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(move |_: &wiremock::Request| {
            let n = seen.fetch_add(1, Ordering::SeqCst);
            let token = tokens[n.min(tokens.len() - 1)];
            ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "access_token": token, "token_type": "Bearer", "expires_in": 3600
            }))
        })
        .mount(&server)
        .await;
    (server, count)
}

fn client_on(server: &MockServer, cache: RedisTokenCache) -> ManagementClient {
    let config = ClientConfig::builder().token_cache(cache).build().unwrap();
    ManagementClient::builder()
        .config(&config)
        .base_url(format!("{}/api/v2", server.uri()))
        .client_secret("fleet-client", "fleet-secret")
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_401_refetch_goes_through_the_shared_cache() {
    let Some(redis) = RedisServer::start() else { return };
    let (server, count) = token_server(&["tok-1", "tok-2"]).await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "statusCode": 401, "error": "Unauthorized", "message": "revoked"
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer tok-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"user_id": "u1"})))
        .mount(&server)
        .await;
    let conn = RedisConnection::builder(redis.url())
        .key_prefix("refetch:")
        .build()
        .unwrap();
    // Two "processes": separate configs, one Redis.
    let a = client_on(&server, RedisTokenCache::new(&conn));
    let b = client_on(&server, RedisTokenCache::new(&conn));
    // `a` fetches tok-1 and gets a 401; its refetch replaces tok-1 in Redis with tok-2.
    a.users().get("u1").send().await.expect("a succeeds after one refetch");
    assert_eq!(count.load(Ordering::SeqCst), 2);
    // `b` finds tok-2 in Redis: no token request at all.
    b.users().get("u1").send().await.expect("b uses the shared tok-2");
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_dead_lock_holder_delays_but_does_not_block() {
    let Some(redis) = RedisServer::start() else { return };
    let (server, count) = token_server(&["tok-1"]).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"user_id": "u1"})))
        .mount(&server)
        .await;
    let conn = RedisConnection::builder(redis.url())
        .key_prefix("dead:")
        .build()
        .unwrap();
    let cache = RedisTokenCache::new(&conn);
    // A "process" takes the fetch lock for 1 s and dies without storing a token.
    let key = TokenKey::new(server.uri(), "fleet-client", format!("{}/api/v2/", server.uri()));
    let held = cache.try_lock(&key, Duration::from_secs(1)).await.unwrap();
    assert!(held.is_some());
    let started = std::time::Instant::now();
    client_on(&server, cache)
        .users()
        .get("u1")
        .send()
        .await
        .expect("the call succeeds");
    let waited = started.elapsed();
    assert_eq!(count.load(Ordering::SeqCst), 1);
    assert!(
        waited >= Duration::from_millis(900),
        "it waited for the lock to lapse: {waited:?}"
    );
}

#[tokio::test]
async fn tokens_are_sealed_at_rest_and_acl_credentials_work() {
    let Some(redis) = RedisServer::start_with_acl(Some(("sdk-app", "acl-pass"))) else {
        return;
    };
    let (server, _count) = token_server(&["eyJ-super-secret-token"]).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"user_id": "u1"})))
        .mount(&server)
        .await;
    let conn = RedisConnection::builder(redis.url())
        .key_prefix("sealed:")
        .build()
        .unwrap();
    let key = TokenEncryptionKey::from_bytes(&[42; 32]);
    client_on(&server, RedisTokenCache::new(&conn).encryption_key(key.clone()))
        .users()
        .get("u1")
        .send()
        .await
        .unwrap();
    let keys = redis.command(&["KEYS", "sealed:token:*"]);
    let listed = String::from_utf8_lossy(&keys);
    let name = listed
        .lines()
        .find(|l| l.starts_with("sealed:token:"))
        .expect("one token key")
        .to_owned();
    // Stored for the token's lifetime (3600 s) minus the refresh leeway (10 s).
    let ttl = String::from_utf8_lossy(&redis.command(&["PTTL", &name]))
        .trim()
        .trim_start_matches(':')
        .parse::<u64>();
    let ttl = ttl.expect("a TTL in ms");
    assert!((3_585_000..=3_590_000).contains(&ttl), "TTL {ttl} ms");
    let raw = redis.command(&["GET", &name]);
    assert!(raw.len() > 30, "a stored value");
    assert!(
        !raw.windows(b"super-secret".len()).any(|w| w == b"super-secret"),
        "the token is not readable in Redis"
    );
    // Another process with the same key reads it; one with a different key does not.
    let same = RedisTokenCache::new(&conn).encryption_key(key);
    let tk = TokenKey::new(server.uri(), "fleet-client", format!("{}/api/v2/", server.uri()));
    assert!(same.get(&tk).await.unwrap().is_some());
    let other = RedisTokenCache::new(&conn).encryption_key(TokenEncryptionKey::from_bytes(&[1; 32]));
    assert!(other.get(&tk).await.unwrap().is_none());
}

#[derive(Debug, Default)]
struct Events(Mutex<Vec<SharedStoreEvent>>);

impl Hooks for Events {
    fn on_shared_store(&self, event: &SharedStoreEvent) {
        self.0.lock().unwrap().push(event.clone());
    }
}

#[tokio::test]
async fn an_unreachable_redis_degrades_once_and_calls_succeed() {
    // Nothing listens on this port (and a wrong password is the same to the runtime).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let conn = RedisConnection::builder(format!("redis://127.0.0.1:{port}"))
        .build()
        .unwrap();
    let (server, count) = token_server(&["tok-1"]).await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-ratelimit-limit", "50")
                .insert_header("x-ratelimit-remaining", "49")
                .set_body_json(serde_json::json!({"user_id": "u1"})),
        )
        .mount(&server)
        .await;
    let events = Arc::new(Events::default());
    let config = ClientConfig::builder()
        .shared_hooks(events.clone())
        .token_cache(RedisTokenCache::new(&conn))
        .rate_governor(RedisGovernor::new(&conn))
        .build()
        .unwrap();
    let client = ManagementClient::builder()
        .config(&config)
        .base_url(format!("{}/api/v2", server.uri()))
        .client_secret("fleet-client", "fleet-secret")
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    for _ in 0..5 {
        client
            .users()
            .get("u1")
            .send()
            .await
            .expect("Redis down never fails a call");
    }
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    assert_eq!(
        count.load(Ordering::SeqCst),
        1,
        "the token is still cached in the client"
    );
    assert!(config.is_degraded(SharedStore::TokenCache));
    assert!(config.is_degraded(SharedStore::RateGovernor));
    let events = events.0.lock().unwrap().clone();
    let degraded: Vec<_> = events
        .iter()
        .filter(|e| matches!(e, SharedStoreEvent::Degraded { .. }))
        .collect();
    assert_eq!(degraded.len(), 2, "once per store: {events:?}");
}

#[tokio::test]
async fn rediss_with_a_private_certificate_authority() {
    let Some(redis) = RedisServer::start_tls() else { return };
    let key = TokenKey::new("https://t.example", "c", "a");
    let token = auth0_sdk::runtime::token_cache::StoredToken {
        access_token: "over-tls".into(),
        expires_at: std::time::SystemTime::now() + Duration::from_secs(60),
    };
    let trusted = RedisConnection::builder(redis.url())
        .tls_ca_pem(redis.tls_certificate())
        .build()
        .unwrap();
    let cache = RedisTokenCache::new(&trusted);
    cache
        .put(&key, &token, Duration::from_secs(60))
        .await
        .expect("stored over TLS");
    let back = cache.get(&key).await.unwrap().expect("read back over TLS");
    assert_eq!(
        auth0_sdk::runtime::ExposeSecret::expose_secret(&back.access_token),
        "over-tls"
    );
    // The system's roots do not include the test CA: the handshake fails, as it must.
    let untrusted = RedisTokenCache::new(&RedisConnection::builder(redis.url()).build().unwrap());
    assert!(untrusted.get(&key).await.is_err());
}

#[tokio::test]
async fn two_redis_governors_share_one_schedule_and_one_pause() {
    use auth0_sdk::runtime::RateLimit;
    use auth0_sdk::runtime::governor::{RateGovernor, RateObservation};
    let Some(redis) = RedisServer::start() else { return };
    let conn = RedisConnection::builder(redis.url())
        .key_prefix("gov:")
        .build()
        .unwrap();
    let (a, b) = (RedisGovernor::new(&conn), RedisGovernor::new(&conn));
    let bucket = "https://tenant.example/api/v2";
    assert_eq!(a.reserve(bucket).await.unwrap(), Duration::ZERO, "nothing known: go");
    // Before any quota is known, a 429 seen by one holds the other.
    let refused = RateObservation::from_response(
        http::StatusCode::TOO_MANY_REQUESTS,
        &[(http::header::RETRY_AFTER, http::HeaderValue::from_static("1"))]
            .into_iter()
            .collect(),
        Duration::from_secs(20),
    )
    .unwrap();
    a.observe(bucket, &refused).await.unwrap();
    assert!(b.reserve(bucket).await.unwrap() >= Duration::from_millis(900));
    // A learned quota (limit 20: 19/s, burst 10) is one schedule for both.
    let other = "https://other.example/api/v2";
    let seen = RateObservation::from_response(
        http::StatusCode::OK,
        &[
            (
                http::HeaderName::from_static("x-ratelimit-limit"),
                http::HeaderValue::from_static("20"),
            ),
            (
                http::HeaderName::from_static("x-ratelimit-remaining"),
                http::HeaderValue::from_static("20"),
            ),
        ]
        .into_iter()
        .collect(),
        Duration::from_secs(20),
    )
    .unwrap();
    assert_eq!(seen.rate_limit.map(|r: RateLimit| r.limit), Some(Some(20)));
    b.observe(other, &seen).await.unwrap();
    let mut waits = Vec::new();
    for i in 0..12 {
        let governor = if i % 2 == 0 { &a } else { &b };
        waits.push(governor.reserve(other).await.unwrap());
    }
    assert!(
        waits[..10].iter().all(|w| *w < Duration::from_millis(20)),
        "the burst: {waits:?}"
    );
    assert!(
        waits[10] >= Duration::from_millis(30) && waits[11] > waits[10],
        "then paced: {waits:?}"
    );
}
