//! Retries and rate limits: a custom `RetryPolicy`, a 429 retried after `Retry-After`, 503s
//! retried on a GET (and why a POST is not), per-request `.max_retries()` / `.timeout()`,
//! and a `Hooks` implementation that prints every attempt and retry.
//!
//! ```text
//! cargo run -p auth0-sdk --example retries
//! ```
//!
//! Runs against the local Auth0 tenant (`tests/local-tenant`), started in-process; its
//! `faults()` handle injects the 429s, 503s and slow responses, so no account is needed.
//!
//! The rules shown: 429 is retried for every method; 5xx and timeouts only for idempotent
//! methods (GET, HEAD, PUT, DELETE) unless the request opts in with
//! `.retry_non_idempotent(true)`; the wait is `Retry-After` (capped by `max_server_delay`),
//! else exponential backoff with jitter.

use std::time::{Duration, Instant};

use auth0_local_tenant::{FaultRule, LocalTenant};
use auth0_sdk::management::types::CreateRoleRequestContent;
use auth0_sdk::runtime::{Hooks, OperationSpec, RetryEvent};
use auth0_sdk::{ClientConfig, ManagementClient, RetryPolicy};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Prints each attempt's status and each retry decision.
#[derive(Debug)]
struct PrintRetries;

impl Hooks for PrintRetries {
    fn post(&self, op: &'static OperationSpec, result: Result<&reqwest::Response, &reqwest::Error>) {
        match result {
            Ok(response) => println!("     [hook] {} -> {}", op.id, response.status()),
            Err(e) => println!("     [hook] {} -> transport error: {e}", op.id),
        }
    }

    fn on_retry(&self, _op: &'static OperationSpec, event: &RetryEvent) {
        println!(
            "     [hook] retrying after attempt {} ({:?}): waiting {:?} ({:?})",
            event.attempt, event.reason, event.delay, event.delay_source
        );
    }
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let tenant = LocalTenant::start().await?;
    let policy = RetryPolicy::default()
        .max_retries(3) // 4 attempts in all
        .initial_backoff(Duration::from_millis(100))
        .max_backoff(Duration::from_secs(2))
        .max_server_delay(Duration::from_secs(5)); // never wait longer than this for Retry-After
    // Retries, timeouts and hooks are shared settings: one `ClientConfig` for every client of
    // the tenant.
    let config = ClientConfig::builder()
        .retry_policy(policy)
        .hooks(PrintRetries)
        .build()?;
    let client = ManagementClient::builder()
        .config(&config)
        .base_url(tenant.management_url())
        .client_secret(tenant.client_id(), tenant.client_secret().to_owned())
        .build()?;
    // Fetch the token up front so the output below is only about the calls under test.
    client.roles().list().send().await?;

    println!("\n1. 429 with Retry-After: 1 on GET /users, retried after the advertised wait");
    tenant.faults().add(
        FaultRule::rate_limit(Duration::from_secs(1))
            .next(1)
            .path("/api/v2/users*"),
    );
    let started = Instant::now();
    let users = client.users().list().per_page(5).send().await?;
    println!(
        "   ok: {} users, {} attempts, {:.1?}",
        users.items.len(),
        users.meta.attempts,
        started.elapsed()
    );

    println!("\n2. Two 503s on GET /roles, retried (GET is idempotent); the hook shows each wait's source");
    tenant
        .faults()
        .add(FaultRule::status(503).next(2).path("/api/v2/roles"));
    let roles = client.roles().list().send().await?;
    println!("   ok: {} role(s), {} attempts", roles.items.len(), roles.meta.attempts);

    println!("\n3. A 503 on POST /roles is not retried (the role may already exist) ...");
    let role = || CreateRoleRequestContent {
        name: "retried".into(),
        description: None,
    };
    tenant.faults().add(
        FaultRule::status(503)
            .next(1)
            .method(http::Method::POST)
            .path("/api/v2/roles"),
    );
    match client.roles().create(role()).send().await {
        Ok(_) => println!("   unexpectedly succeeded"),
        Err(e) => println!("   error after one attempt: status {:?}", e.status()),
    }
    println!("   ... unless the request opts in with .retry_non_idempotent(true)");
    tenant.faults().add(
        FaultRule::status(503)
            .next(1)
            .method(http::Method::POST)
            .path("/api/v2/roles"),
    );
    let created = client
        .roles()
        .create(role())
        .retry_non_idempotent(true)
        .send_with_raw()
        .await?;
    println!(
        "   created {:?} after {} attempts",
        created.data.name, created.meta.attempts
    );

    println!("\n4. Per request .max_retries(0): the 429 comes back as a typed error");
    tenant.faults().add(
        FaultRule::rate_limit(Duration::from_secs(3))
            .next(1)
            .path("/api/v2/users*"),
    );
    match client.users().list().max_retries(0).send().await {
        Ok(_) => println!("   unexpectedly succeeded"),
        Err(e) => println!(
            "   is_rate_limited() = {}, rate_limit() = {:?}",
            e.is_rate_limited(),
            e.rate_limit()
        ),
    }

    println!("\n5. Per request .timeout(300ms) against a 2 s response, one retry allowed");
    tenant
        .faults()
        .add(FaultRule::latency(Duration::from_secs(2)).next(2).path("/api/v2/roles"));
    let started = Instant::now();
    match client
        .roles()
        .list()
        .timeout(Duration::from_millis(300))
        .max_retries(1)
        .send()
        .await
    {
        Ok(_) => println!("   unexpectedly succeeded"),
        Err(e) => println!(
            "   is_timeout() = {} after {:.1?}: {e}",
            e.is_timeout(),
            started.elapsed()
        ),
    }
    Ok(())
}
