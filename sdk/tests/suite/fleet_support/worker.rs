//! One process of a simulated fleet: a Management client configured as the plan says, a
//! burst of calls started at an agreed wall-clock instant, a report on stdout.
//!
//! The parent (a test in `fleet.rs`, or `examples/fleet.rs`) spawns its own executable with
//! the plan as JSON in `AUTH0_FLEET_WORKER`, and reads the `FLEET-REPORT` line back.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use auth0_local_tenant::{LocalTenant, RateLimitPolicy};
use auth0_sdk::runtime::governor::LocalGovernor;
use auth0_sdk::runtime::redis::{RedisConnection, RedisGovernor, RedisTokenCache};
use auth0_sdk::runtime::{Hooks, OperationSpec, SharedStoreEvent};
use auth0_sdk::{ClientConfig, ManagementClient, RetryPolicy};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};

/// The environment variable that carries a worker's plan.
pub const PLAN_VAR: &str = "AUTH0_FLEET_WORKER";
const REPORT_PREFIX: &str = "FLEET-REPORT ";

/// Which rate governor a worker uses.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub enum Governor {
    /// `RedisGovernor`, learning the quota.
    Shared,
    /// The default `LocalGovernor`.
    Local,
    /// No pacing.
    Off,
}

/// What one worker does.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Plan {
    /// The local tenant's base URL.
    pub tenant: String,
    pub client_id: String,
    pub client_secret: String,
    /// The user every call reads.
    pub user_id: String,
    /// Redis URL for the shared cache and/or governor.
    pub redis: Option<String>,
    pub key_prefix: String,
    /// Tokens in `RedisTokenCache` (else the default in-memory cache).
    pub shared_cache: bool,
    pub governor: Governor,
    pub calls: usize,
    pub in_flight: usize,
    /// Pause after each call (stretches a run, e.g. across a Redis outage).
    pub pause_ms: u64,
    /// Unix ms at which every worker starts its calls.
    pub start_at_ms: u64,
}

impl Plan {
    /// A plan against `tenant` (its client credentials and first user) with Redis at
    /// `redis`, keys under `prefix`; the local governor and the in-memory cache, 40 calls at
    /// once, starting 1.5 s from now (time for every process to start).
    pub fn new(tenant: &LocalTenant, redis: Option<String>, prefix: &str) -> Plan {
        Plan {
            tenant: tenant.base_url().to_owned(),
            client_id: tenant.client_id().to_owned(),
            client_secret: tenant.client_secret().to_owned(),
            user_id: tenant.users()[0].user_id.clone(),
            redis,
            key_prefix: prefix.to_owned(),
            shared_cache: false,
            governor: Governor::Local,
            calls: 40,
            in_flight: 40,
            pause_ms: 0,
            start_at_ms: unix_ms() + 1_500,
        }
    }
}

/// A local tenant with `policy` as its tenant-wide limit, recording every request.
pub async fn tenant(policy: RateLimitPolicy) -> LocalTenant {
    LocalTenant::builder()
        .record_limit(1_000_000)
        .rate_limit(policy)
        .start()
        .await
        .expect("local tenant")
}

/// How many token requests `tenant` has seen.
pub fn token_requests(tenant: &LocalTenant) -> usize {
    tenant
        .recorded_requests()
        .iter()
        .filter(|r| r.path == "/oauth/token")
        .count()
}

/// What one worker saw.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Report {
    pub succeeded: usize,
    pub failed: usize,
    /// The first few errors, as text.
    pub errors: Vec<String>,
    /// Retries after a 429.
    pub retried_429: usize,
    /// From the first call's start to the last call's end.
    pub elapsed_ms: u64,
    /// Shared-store events (degraded, recovered) as reported through the hooks.
    pub degraded: usize,
    pub recovered: usize,
    /// Unix ms of each recovery.
    pub recovered_at_ms: Vec<u64>,
}

pub fn unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

#[derive(Debug, Default)]
struct Counters {
    retried_429: AtomicUsize,
    events: Mutex<Vec<(SharedStoreEvent, u64)>>,
}

impl Hooks for Counters {
    fn on_retry(&self, _: &'static OperationSpec, event: &auth0_sdk::runtime::RetryEvent) {
        if event.reason == auth0_sdk::runtime::RetryReason::Status(http::StatusCode::TOO_MANY_REQUESTS) {
            self.retried_429.fetch_add(1, Ordering::Relaxed);
        }
    }
    fn on_shared_store(&self, event: &SharedStoreEvent) {
        self.events.lock().unwrap().push((event.clone(), unix_ms()));
    }
}

/// Runs `plan` in this process.
pub async fn run(plan: Plan) -> Report {
    let counters = Arc::new(Counters::default());
    // Generous retries, the same for every mode, so the modes differ in 429s and time, not
    // in calls given up.
    let mut config = ClientConfig::builder().shared_hooks(counters.clone()).retry_policy(
        RetryPolicy::default()
            .max_retries(20)
            .max_elapsed(Duration::from_secs(120)),
    );
    let redis = plan.redis.as_ref().map(|url| {
        RedisConnection::builder(url.clone())
            .key_prefix(plan.key_prefix.clone())
            .build()
            .expect("a valid Redis URL")
    });
    if plan.shared_cache {
        config = config.token_cache(RedisTokenCache::new(redis.as_ref().expect("a Redis URL")));
    }
    config = match plan.governor {
        Governor::Shared => config.rate_governor(RedisGovernor::new(redis.as_ref().expect("a Redis URL"))),
        Governor::Local => config.rate_governor(LocalGovernor::new()),
        Governor::Off => config.rate_governor(LocalGovernor::disabled()),
    };
    let config = config.build().expect("config");
    let client = ManagementClient::builder()
        .config(&config)
        .base_url(format!("{}/api/v2", plan.tenant))
        .client_secret(plan.client_id.clone(), plan.client_secret.clone())
        .build()
        .expect("client");

    let wait = plan.start_at_ms.saturating_sub(unix_ms());
    tokio::time::sleep(Duration::from_millis(wait)).await;
    let started = Instant::now();
    let pause = Duration::from_millis(plan.pause_ms);
    let results: Vec<Result<(), String>> = futures_util::stream::iter(0..plan.calls)
        .map(|_| {
            let client = &client;
            let user_id = &plan.user_id;
            async move {
                let result = client
                    .users()
                    .get(user_id)
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string());
                if !pause.is_zero() {
                    tokio::time::sleep(pause).await;
                }
                result
            }
        })
        .buffer_unordered(plan.in_flight.max(1))
        .collect()
        .await;
    let elapsed_ms = started.elapsed().as_millis() as u64;

    let mut report = Report {
        elapsed_ms,
        retried_429: counters.retried_429.load(Ordering::Relaxed),
        ..Report::default()
    };
    for result in results {
        match result {
            Ok(()) => report.succeeded += 1,
            Err(e) => {
                report.failed += 1;
                if report.errors.len() < 5 {
                    report.errors.push(e);
                }
            }
        }
    }
    for (event, at) in counters.events.lock().unwrap().iter() {
        match event {
            SharedStoreEvent::Degraded { .. } => report.degraded += 1,
            SharedStoreEvent::Recovered { .. } => {
                report.recovered += 1;
                report.recovered_at_ms.push(*at);
            }
            _ => {}
        }
    }
    report
}

/// In a spawned worker: runs the plan from the environment and prints the report. Returns
/// whether this process is a worker.
pub fn run_if_worker() -> bool {
    let Ok(plan) = std::env::var(PLAN_VAR) else {
        return false;
    };
    let plan: Plan = serde_json::from_str(&plan).expect("a worker plan");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let report = runtime.block_on(run(plan));
    println!("\n{REPORT_PREFIX}{}", serde_json::to_string(&report).expect("a report"));
    true
}

/// Runs each plan in its own process (`exe` with `args`) at once and collects the reports.
pub fn spawn_fleet(exe: &Path, args: &[&str], plans: &[Plan]) -> Vec<Report> {
    let children: Vec<_> = plans
        .iter()
        .map(|plan| {
            Command::new(exe)
                .args(args)
                .env(PLAN_VAR, serde_json::to_string(plan).expect("a plan"))
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()
                .expect("a worker process")
        })
        .collect();
    children
        .into_iter()
        .map(|child| {
            let output = child.wait_with_output().expect("the worker ends");
            let stdout = String::from_utf8_lossy(&output.stdout);
            let line = stdout
                .lines()
                .find_map(|l| l.split_once(REPORT_PREFIX).map(|(_, report)| report))
                .unwrap_or_else(|| panic!("no report from a worker ({}): {stdout}", output.status));
            serde_json::from_str(line).expect("a report")
        })
        .collect()
}
