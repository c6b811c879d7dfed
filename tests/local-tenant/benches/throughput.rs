//! Startup time and request throughput of the local tenant, on loopback only.
//!
//! `cargo bench -p auth0-local-tenant --bench throughput` (or `cargo run --release --bench ...`).
//! Bounded: 5 starts, then 2 seconds (at most 200,000 requests) per scenario.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use auth0_local_tenant::LocalTenant;

const CONCURRENCY: usize = 32;
const DURATION: Duration = Duration::from_secs(2);
const MAX_REQUESTS: u64 = 200_000;

async fn load(name: &str, url: String, token: Option<String>) {
    let client = reqwest::Client::new();
    let done = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CONCURRENCY {
        let (client, url, token, done, failed) =
            (client.clone(), url.clone(), token.clone(), done.clone(), failed.clone());
        tasks.push(tokio::spawn(async move {
            while start.elapsed() < DURATION && done.load(Ordering::Relaxed) < MAX_REQUESTS {
                let mut req = client.get(&url);
                if let Some(t) = &token {
                    req = req.bearer_auth(t);
                }
                match req.send().await {
                    Ok(r) if r.status().is_success() => {
                        let _ = r.bytes().await;
                    }
                    _ => {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let n = done.load(Ordering::Relaxed);
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{name}: {n} requests in {secs:.2}s = {:.0} req/s ({} failed)",
        n as f64 / secs,
        failed.load(Ordering::Relaxed)
    );
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let mut times = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            let tenant = LocalTenant::start().await.expect("start");
            times.push(t.elapsed());
            drop(tenant);
        }
        times.sort();
        println!("startup: min {:?}, median {:?}, max {:?}", times[0], times[2], times[4]);

        let tenant = LocalTenant::builder().record_limit(0).start().await.expect("start");
        let token = tenant.management_token(&["read:users"]);
        let alice = tenant.users()[0].user_id.clone();
        load(
            "GET /.well-known/jwks.json",
            format!("{}/.well-known/jwks.json", tenant.base_url()),
            None,
        )
        .await;
        load(
            "GET /api/v2/users/{id} (bearer token verified, then cached)",
            format!("{}/users/{alice}", tenant.management_url()),
            Some(token.clone()),
        )
        .await;
        load(
            "GET /api/v2/users?q=...",
            format!("{}/users?q=email:alice*", tenant.management_url()),
            Some(token),
        )
        .await;
    });
}
