//! A fleet of processes on one tenant, with and without the shared Redis token cache and
//! rate governor: the figures of the README's "Running many replicas".
//!
//! ```sh
//! cargo run --release -p auth0-sdk --features redis --example fleet
//! ```
//!
//! It starts a local tenant (Management API limited to 100 requests/s where the figure needs
//! it), its own `redis-server` on a free loopback port, and spawns itself eight times as the
//! fleet. Needs `redis-server` on the PATH (`apt-get install redis-server`).

// The same worker and redis-server fixture as the fleet tests; this example does not use
// every helper the tests do.
#[allow(dead_code)]
#[path = "../tests/suite/fleet_support/mod.rs"]
mod fleet_support;

use std::time::Duration;

use auth0_local_tenant::{LocalTenant, RateLimitPolicy};
use fleet_support::redis_server::RedisServer;
use fleet_support::worker::{self, Governor, Plan, Report, tenant};

const PROCESSES: usize = 8;
const CALLS: usize = 250;
const LIMIT_PER_SECOND: u32 = 100;

fn main() {
    if worker::run_if_worker() {
        return;
    }
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let Some(mut redis) = RedisServer::start() else {
            eprintln!("this example needs redis-server (apt-get install redis-server)");
            std::process::exit(1);
        };
        first_calls(&redis).await;
        rate_limited(&redis).await;
        outage(&mut redis).await;
    });
}

/// A plan for the figures: every call at once, the shared token cache.
fn plan(tenant: &LocalTenant, redis: &RedisServer, prefix: &str) -> Plan {
    Plan {
        shared_cache: true,
        calls: CALLS,
        in_flight: CALLS,
        start_at_ms: worker::unix_ms() + 2_000,
        ..Plan::new(tenant, Some(redis.url()), prefix)
    }
}

async fn run(plans: Vec<Plan>) -> Vec<Report> {
    let exe = std::env::current_exe().expect("this example's executable");
    tokio::task::spawn_blocking(move || worker::spawn_fleet(&exe, &[], &plans))
        .await
        .expect("the fleet ran")
}

fn failed(reports: &[Report]) -> usize {
    reports.iter().map(|r| r.failed).sum()
}

/// 8 processes × 250 concurrent first calls: how many token requests reach the tenant.
async fn first_calls(redis: &RedisServer) {
    println!("== {PROCESSES} processes x {CALLS} concurrent first calls (client credentials)");
    for (shared, name) in [
        (true, "shared Redis token cache"),
        (false, "in-memory cache per process"),
    ] {
        let tenant = tenant(RateLimitPolicy::default()).await;
        let prefix = format!("first-calls-{}:", worker::unix_ms());
        let plans = (0..PROCESSES)
            .map(|_| Plan {
                shared_cache: shared,
                ..plan(&tenant, redis, &prefix)
            })
            .collect();
        let reports = run(plans).await;
        let tokens = worker::token_requests(&tenant);
        println!(
            "{name:>30}: {tokens} token request(s), {} failed calls",
            failed(&reports)
        );
    }
}

/// 8 processes × 250 calls against a tenant limited to 100 requests/s.
async fn rate_limited(redis: &RedisServer) {
    println!("== {PROCESSES} processes x {CALLS} calls (16 in flight each), tenant limit {LIMIT_PER_SECOND}/s");
    println!(
        "{:>30}  {:>6} {:>7} {:>9} {:>8} {:>10} {:>6}",
        "governor", "calls", "429s", "429 %", "time s", "calls/s", "used"
    );
    for (governor, name) in [
        (Governor::Off, "none"),
        (Governor::Local, "local (each process alone)"),
        (Governor::Shared, "shared on Redis"),
    ] {
        let tenant = tenant(RateLimitPolicy::per_second(LIMIT_PER_SECOND)).await;
        let prefix = format!("rate-{}:", worker::unix_ms());
        let plans = (0..PROCESSES)
            .map(|_| Plan {
                governor,
                in_flight: 16,
                ..plan(&tenant, redis, &prefix)
            })
            .collect();
        let reports = run(plans).await;
        let calls = PROCESSES * CALLS;
        let refused = tenant.faults().rate_limited_count();
        let seconds = reports.iter().map(|r| r.elapsed_ms).max().unwrap_or(0) as f64 / 1000.0;
        let rate = calls as f64 / seconds.max(f64::EPSILON);
        println!(
            "{name:>30}  {calls:>6} {refused:>7} {:>8.1}% {seconds:>8.2} {rate:>10.1} {:>5.0}%   ({} failed)",
            refused as f64 * 100.0 / calls as f64,
            rate * 100.0 / f64::from(LIMIT_PER_SECOND),
            failed(&reports)
        );
    }
}

/// Redis stopped for 1.5 s in the middle of a run, then started again.
async fn outage(redis: &mut RedisServer) {
    println!("== Redis stopped mid-run for 1.5 s, then restarted ({PROCESSES} processes x {CALLS} spaced calls)");
    let tenant = tenant(RateLimitPolicy::default()).await;
    let plans: Vec<Plan> = (0..PROCESSES)
        .map(|_| Plan {
            governor: Governor::Shared,
            in_flight: 4,
            pause_ms: 60,
            ..plan(&tenant, redis, "outage:")
        })
        .collect();
    let start_at = plans[0].start_at_ms;
    let exe = std::env::current_exe().expect("this example's executable");
    let fleet = tokio::task::spawn_blocking(move || worker::spawn_fleet(&exe, &[], &plans));
    tokio::time::sleep(Duration::from_millis(
        start_at.saturating_sub(worker::unix_ms()) + 1_000,
    ))
    .await;
    redis.stop();
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    redis.resume();
    let restarted_at = worker::unix_ms();
    let reports = fleet.await.expect("the fleet ran");
    let succeeded: usize = reports.iter().map(|r| r.succeeded).sum();
    let mut resumed: Vec<u64> = reports
        .iter()
        .filter_map(|r| r.recovered_at_ms.last().map(|at| at.saturating_sub(restarted_at)))
        .collect();
    resumed.sort_unstable();
    println!(
        "calls: {succeeded} of {} succeeded; processes that noticed the outage: {}; sharing resumed after the restart in {} (ms, per process)",
        PROCESSES * CALLS,
        reports.iter().filter(|r| r.degraded > 0).count(),
        resumed.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")
    );
}
