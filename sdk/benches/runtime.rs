//! Runtime benchmarks against an in-process axum server:
//! 1. per-call latency of a generated call (`client.users().get(id).send()`) vs the same
//!    request made with raw reqwest + serde_json (same bearer token, same per-request timeout,
//!    decoded into the same generated type), interleaved, with the ratio printed (goal ≤ 1.03×);
//! 2. token requests made by 1,000 concurrent first calls (goal: exactly 1);
//! 3. live heap while streaming 100,000 users in pages of 100 (goal: flat);
//! 4. the same comparison at 32 calls in flight (interleaved wall clock).
//!
//! Run with `cargo bench -p auth0-sdk --bench runtime`. Instruction counts per call (the
//! noise-free comparison, at 1 and 32 in flight) come from `cargo xtask bench-instructions`,
//! which runs this binary under callgrind with `AUTH0_BENCH_INSTRUCTIONS=side:in_flight:calls`
//! (then only that workload runs, on the measured main thread).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use auth0_sdk::ManagementClient;
use auth0_sdk::management::types::GetUserResponseContent;
use auth0_sdk::runtime::{Call, HttpMethod, OperationSpec, Pagination, PaginationKind};
use axum::Router;
use axum::extract::{Query, State};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use criterion::Criterion;
use futures_util::StreamExt;
use serde::Deserialize;

/// Counts live heap bytes so "flat memory" is measured, not guessed.
struct CountingAlloc;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        ptr
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

/// `/users` without the 1,000 cap, to stream 100,000 items through the paginator.
static LIST_USERS_UNCAPPED: OperationSpec = OperationSpec::new("get_users", HttpMethod::Get, "/users")
    .with_custom_domain(true)
    .with_pagination(Pagination::new(PaginationKind::Offset, "users"));

#[derive(Deserialize, Debug)]
#[allow(dead_code)]
struct User {
    user_id: String,
    email: String,
    email_verified: bool,
    name: String,
    created_at: String,
    identities: Vec<serde_json::Value>,
    app_metadata: serde_json::Value,
}

fn user_json(i: usize) -> serde_json::Value {
    serde_json::json!({
        "user_id": format!("auth0|{i:024}"),
        "email": format!("user{i}@example.com"),
        "email_verified": true,
        "name": format!("User Number {i}"),
        "created_at": "2024-01-01T00:00:00.000Z",
        "identities": [{"provider": "auth0", "user_id": format!("{i:024}"), "connection": "Username-Password-Authentication", "isSocial": false}],
        "app_metadata": {"plan": "pro", "roles": ["admin", "billing"]},
    })
}

#[derive(Default)]
struct ServerState {
    token_requests: AtomicUsize,
    total_users: AtomicUsize,
}

#[derive(Deserialize)]
struct PageQuery {
    page: Option<usize>,
    per_page: Option<usize>,
}

async fn start_server() -> (String, Arc<ServerState>) {
    let state = Arc::new(ServerState::default());
    let one_user = serde_json::to_vec(&user_json(1)).unwrap();
    // A 1,000-user page, plain and gzip-compressed once up front (as a server caches it).
    let page = serde_json::to_vec(&(0..1000).map(user_json).collect::<Vec<_>>()).unwrap();
    let page_gzip = {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(&page).unwrap();
        encoder.finish().unwrap()
    };
    let app = Router::new()
        .route(
            "/page/plain",
            get(move || {
                let body = page.clone();
                async move { ([("content-type", "application/json")], body) }
            }),
        )
        .route(
            "/page/gzip",
            get(move || {
                let body = page_gzip.clone();
                async move { ([("content-type", "application/json"), ("content-encoding", "gzip")], body) }
            }),
        )
        .route("/api/v2/users/{id}", get(move || { let body = one_user.clone(); async move { ([("content-type", "application/json")], body) } }))
        .route(
            "/api/v2/users",
            get(|State(s): State<Arc<ServerState>>, Query(q): Query<PageQuery>| async move {
                let total = s.total_users.load(Ordering::Relaxed);
                let per_page = q.per_page.unwrap_or(50);
                let start = (q.page.unwrap_or(0) * per_page).min(total);
                let end = (start + per_page).min(total);
                let users: Vec<_> = (start..end).map(user_json).collect();
                axum::Json(serde_json::json!({"start": start, "limit": per_page, "length": users.len(), "total": total, "users": users}))
            }),
        )
        .route(
            "/oauth/token",
            post(|State(s): State<Arc<ServerState>>| async move {
                s.token_requests.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(50)).await;
                axum::Json(serde_json::json!({"access_token": "bench-token", "expires_in": 86400, "token_type": "Bearer"}))
                    .into_response()
            }),
        )
        .with_state(Arc::clone(&state));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), state)
}

fn sdk_client(base: &str) -> ManagementClient {
    ManagementClient::builder()
        .base_url(format!("{base}/api/v2"))
        .token("bench-token")
        .build()
        .unwrap()
}

fn raw_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn sdk_call(client: &ManagementClient) -> GetUserResponseContent {
    client.users().get("auth0|1").send().await.unwrap()
}

async fn raw_call(client: &reqwest::Client, url: &str) -> GetUserResponseContent {
    let bytes = client
        .get(url)
        .bearer_auth("bench-token")
        // The SDK bounds every attempt (30 s by default); so does any production caller.
        .timeout(Duration::from_secs(30))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Alternates batches of SDK and raw calls so drift (thermal, other processes on the box)
/// hits both equally; reports the median per-call time of each and their ratio.
fn interleaved_latency(rt: &tokio::runtime::Runtime, base: &str) {
    let sdk = sdk_client(base);
    let raw = raw_client();
    let url = format!("{base}/api/v2/users/auth0%7C1");
    const ROUNDS: usize = 60;
    const BATCH: usize = 200;
    rt.block_on(async {
        for _ in 0..500 {
            sdk_call(&sdk).await;
            raw_call(&raw, &url).await;
        }
        let (mut s, mut r) = (Vec::new(), Vec::new());
        for round in 0..ROUNDS {
            let run_sdk = async {
                let t = Instant::now();
                for _ in 0..BATCH {
                    std::hint::black_box(sdk_call(&sdk).await);
                }
                t.elapsed().as_secs_f64() / BATCH as f64
            };
            let run_raw = async {
                let t = Instant::now();
                for _ in 0..BATCH {
                    std::hint::black_box(raw_call(&raw, &url).await);
                }
                t.elapsed().as_secs_f64() / BATCH as f64
            };
            // Alternate which goes first, too.
            if round % 2 == 0 {
                s.push(run_sdk.await);
                r.push(run_raw.await);
            } else {
                r.push(run_raw.await);
                s.push(run_sdk.await);
            }
        }
        let (s, r) = (median(s), median(r));
        println!(
            "per-call latency (median of {ROUNDS} interleaved batches of {BATCH}): sdk {:.1} µs, raw reqwest+serde_json {:.1} µs, ratio {:.3}x",
            s * 1e6,
            r * 1e6,
            s / r
        );
    });
}

/// Like [`interleaved_latency`] with 32 calls in flight on the one client thread: the time
/// per call of each side, and their ratio.
fn interleaved_in_flight(rt: &tokio::runtime::Runtime, base: &str, in_flight: usize) {
    let sdk = sdk_client(base);
    let raw = raw_client();
    let url = format!("{base}/api/v2/users/auth0%7C1");
    const ROUNDS: usize = 30;
    const BATCH: usize = 640;
    rt.block_on(async {
        let (mut s, mut r) = (Vec::new(), Vec::new());
        for round in 0..ROUNDS + 2 {
            let t = Instant::now();
            run_calls(&sdk, &raw, &url, Side::Sdk, in_flight, BATCH).await;
            let sdk_time = t.elapsed().as_secs_f64() / BATCH as f64;
            let t = Instant::now();
            run_calls(&sdk, &raw, &url, Side::Raw, in_flight, BATCH).await;
            let raw_time = t.elapsed().as_secs_f64() / BATCH as f64;
            // The first rounds warm connections on both sides.
            if round >= 2 {
                s.push(sdk_time);
                r.push(raw_time);
            }
        }
        let (s, r) = (median(s), median(r));
        println!(
            "{in_flight} in flight (median of {ROUNDS} interleaved batches of {BATCH}): sdk {:.1} µs/call, raw {:.1} µs/call, ratio {:.3}x",
            s * 1e6,
            r * 1e6,
            s / r
        );
    });
}

/// A 1,000-user page fetched and decoded by the SDK, plain and gzip-compressed: bytes on the
/// wire and time per page (interleaved; on loopback, so it shows the decompression cost, not
/// the bandwidth saved).
fn compressed_page(rt: &tokio::runtime::Runtime, base: &str) {
    static PLAIN: OperationSpec = OperationSpec::new("page_plain", HttpMethod::Get, "/page/plain");
    static GZIP: OperationSpec = OperationSpec::new("page_gzip", HttpMethod::Get, "/page/gzip");
    let client = ManagementClient::builder()
        .base_url(base)
        .token("bench-token")
        .build()
        .unwrap();
    rt.block_on(async {
        let fetch = |op: &'static OperationSpec| {
            let client = client.clone();
            async move { client.transport().send_json::<Vec<User>>(Call::new(op, &[])).await.unwrap() }
        };
        // Without decompression, to count the bytes that travel.
        let raw = reqwest::Client::builder().no_gzip().build().unwrap();
        let wire = |path: &'static str| {
            let raw = raw.clone();
            async move { raw.get(format!("{base}{path}")).send().await.unwrap().bytes().await.unwrap().len() }
        };
        let (plain_bytes, gzip_bytes) = (wire("/page/plain").await, wire("/page/gzip").await);
        let (mut p, mut g) = (Vec::new(), Vec::new());
        for _ in 0..40 {
            let t = Instant::now();
            assert_eq!(fetch(&PLAIN).await.data.len(), 1000);
            p.push(t.elapsed().as_secs_f64());
            let t = Instant::now();
            assert_eq!(fetch(&GZIP).await.data.len(), 1000);
            g.push(t.elapsed().as_secs_f64());
        }
        println!(
            "1,000-user page: {plain_bytes} bytes plain, {gzip_bytes} bytes gzip ({:.1}% of plain); fetch+decode median {:.2} ms plain, {:.2} ms gzip",
            gzip_bytes as f64 * 100.0 / plain_bytes as f64,
            median(p) * 1e3,
            median(g) * 1e3
        );
    });
}

#[derive(Clone, Copy, PartialEq)]
enum Side {
    Sdk,
    Raw,
}

/// `calls` calls of one side, `in_flight` at a time, all on the calling thread.
async fn run_calls(
    sdk: &ManagementClient,
    raw: &reqwest::Client,
    url: &str,
    side: Side,
    in_flight: usize,
    calls: usize,
) {
    futures_util::stream::iter(0..calls)
        .map(|_| async move {
            match side {
                Side::Sdk => std::hint::black_box(sdk_call(sdk).await),
                Side::Raw => std::hint::black_box(raw_call(raw, url).await),
            };
        })
        .buffer_unordered(in_flight)
        .for_each(|()| async {})
        .await;
}

/// The workload `cargo xtask bench-instructions` counts: `side:in_flight:calls`.
fn instruction_workload(rt: &tokio::runtime::Runtime, base: &str, spec: &str) {
    let parts: Vec<&str> = spec.split(':').collect();
    let side = if parts.first() == Some(&"raw") {
        Side::Raw
    } else {
        Side::Sdk
    };
    let in_flight: usize = parts.get(1).and_then(|p| p.parse().ok()).unwrap_or(1);
    let calls: usize = parts.get(2).and_then(|p| p.parse().ok()).unwrap_or(100);
    let sdk = sdk_client(base);
    let raw = raw_client();
    let url = format!("{base}/api/v2/users/auth0%7C1");
    rt.block_on(run_calls(&sdk, &raw, &url, side, in_flight, calls));
}

fn concurrent_first_calls(rt: &tokio::runtime::Runtime, base: &str, state: &ServerState) {
    rt.block_on(async {
        for round in 0..3 {
            let before = state.token_requests.load(Ordering::SeqCst);
            let client = ManagementClient::builder()
                .base_url(format!("{base}/api/v2"))
                .client_secret("bench", "secret")
                .build()
                .unwrap();
            let started = Instant::now();
            let tasks: Vec<_> = (0..1000)
                .map(|_| {
                    let client = client.clone();
                    tokio::spawn(async move { sdk_call(&client).await })
                })
                .collect();
            for task in tasks {
                task.await.unwrap();
            }
            let made = state.token_requests.load(Ordering::SeqCst) - before;
            println!(
                "1,000 concurrent first calls (round {round}): {made} token request(s), all done in {:.0} ms",
                started.elapsed().as_secs_f64() * 1e3
            );
            assert_eq!(made, 1);
        }
    });
}

fn stream_users(rt: &tokio::runtime::Runtime, base: &str, state: &ServerState, total: usize, prefetch: bool) {
    state.total_users.store(total, Ordering::Relaxed);
    let client = sdk_client(base);
    rt.block_on(async {
        let mut call = Call::new(&LIST_USERS_UNCAPPED, &[]);
        call.query("per_page", &100u32);
        let first = client.transport().send_paged::<User>(call).await.unwrap();
        let baseline = LIVE.load(Ordering::Relaxed);
        PEAK.store(baseline, Ordering::Relaxed);
        let mut stream = if prefetch { first.into_stream_prefetch() } else { first.into_stream() };
        let started = Instant::now();
        let mut count = 0usize;
        let mut samples = Vec::new();
        while let Some(user) = stream.next().await {
            std::hint::black_box(user.unwrap());
            count += 1;
            if count % (total / 10) == 0 {
                samples.push(LIVE.load(Ordering::Relaxed) / 1024);
            }
        }
        assert_eq!(count, total);
        println!(
            "streamed {count} users in pages of 100{} in {:.2} s: live heap at each 10% = {samples:?} KiB, peak above start {} KiB, VmHWM {} KiB",
            if prefetch { " (prefetch)" } else { "" },
            started.elapsed().as_secs_f64(),
            PEAK.load(Ordering::Relaxed).saturating_sub(baseline) / 1024,
            vm_hwm_kib().unwrap_or(0),
        );
    });
}

fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    // The server runs on its own runtime thread, like a remote Auth0; the client side is
    // measured on a current-thread runtime so both paths see the same, steady scheduling
    // (a shared multi-thread runtime added more jitter than the difference being measured).
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let (base, state) = server_rt.block_on(start_server());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    if let Ok(spec) = std::env::var("AUTH0_BENCH_INSTRUCTIONS") {
        instruction_workload(&rt, &base, &spec);
        return;
    }
    compressed_page(&rt, &base);

    // Streaming first, while the heap holds nothing but the server and one client, so the
    // live-heap figures are about the paginator alone.
    stream_users(&rt, &base, &state, 10_000, false);
    stream_users(&rt, &base, &state, 100_000, false);
    stream_users(&rt, &base, &state, 100_000, true);
    interleaved_latency(&rt, &base);
    interleaved_in_flight(&rt, &base, 32);
    concurrent_first_calls(&rt, &base, &state);

    let mut criterion = Criterion::default()
        .configure_from_args()
        .measurement_time(Duration::from_secs(5));
    let sdk = sdk_client(&base);
    let raw = raw_client();
    let url = format!("{base}/api/v2/users/auth0%7C1");
    let mut group = criterion.benchmark_group("get_user");
    group.bench_function("sdk_generated_call", |b| b.iter(|| rt.block_on(sdk_call(&sdk))));
    group.bench_function("raw_reqwest_serde_json", |b| {
        b.iter(|| rt.block_on(raw_call(&raw, &url)))
    });
    group.finish();
    criterion.final_summary();
}
