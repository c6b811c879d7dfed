//! The fault soak: 2,000 calls, 32 in flight (60% GET by id, 20% list, 15% create, 5% PATCH)
//! through a proxy that answers 20% 429, 10% 503, resets 5% before forwarding and 3% after
//! (executed, answer lost), in front of the local tenant. Bounded (fixed seed, loopback,
//! fast backoff), and asserting what a service relies on:
//! - with default retry rules no write is executed twice;
//! - every failed create is classified correctly: one that was executed says
//!   `may_have_executed()`; a 429/503 refusal says it was not;
//! - with `max_retries(6)`, at least 99% of GETs succeed;
//! - nothing panics.

use crate::fault_proxy;

use std::collections::BTreeMap;
use std::time::Duration;

use auth0_local_tenant::LocalTenant;
use auth0_sdk::management::types::{CreateUserRequestContent, UpdateUserRequestContent};
use auth0_sdk::runtime::{RetryBudget, RetryPolicy};
use auth0_sdk::{ClientConfig, Error, ManagementClient, Nullable};
use fault_proxy::{FaultProxy, FaultRates};
use futures_util::StreamExt;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const CALLS: usize = 2_000;
const IN_FLIGHT: usize = 32;
const SEED: u64 = 0x5eed_0a17;

#[derive(Clone, Copy, Debug)]
enum Kind {
    Get,
    List,
    Create(usize),
    Patch,
}

enum Outcome {
    Ok,
    Failed(Error),
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_soak_no_doubled_writes_honest_failures_and_retried_reads() {
    let tenant = LocalTenant::start().await.expect("local tenant");
    let proxy = FaultProxy::start(
        tenant.addr(),
        FaultRates {
            too_many_requests: 0.20,
            unavailable: 0.10,
            reset_before: 0.05,
            reset_after: 0.03,
        },
        SEED,
    )
    .await;
    // Default rules (POST/PATCH not retried after a possible execution), fast waits, and
    // six retries; the budget is the default one.
    let config = ClientConfig::builder()
        .retry_policy(
            RetryPolicy::default()
                .max_retries(6)
                .initial_backoff(Duration::from_millis(2))
                .max_backoff(Duration::from_millis(20))
                .max_server_delay(Duration::from_millis(20)),
        )
        .retry_budget(RetryBudget::default())
        .build()
        .unwrap();
    let client = ManagementClient::builder()
        .config(&config)
        .base_url(format!("{}/api/v2", proxy.url))
        .audience(tenant.management_audience())
        .client_secret(tenant.client_id(), tenant.client_secret().to_owned())
        .build()
        .unwrap();
    // Straight to the tenant, for checking what really happened.
    let direct = ManagementClient::with_static_token(
        tenant.management_url(),
        tenant.management_token(&["read:users", "create:users", "update:users"]),
    );
    let seeded = direct
        .users()
        .create(new_user("seed@soak.test"))
        .send()
        .await
        .expect("seed user");
    let seed_id = seeded.user_id.clone().expect("user id");

    let mut rng = StdRng::seed_from_u64(SEED);
    let plan: Vec<Kind> = (0..CALLS)
        .map(|i| match rng.random_range(0..100) {
            0..60 => Kind::Get,
            60..80 => Kind::List,
            80..95 => Kind::Create(i),
            _ => Kind::Patch,
        })
        .collect();
    let outcomes: Vec<(Kind, Outcome)> = futures_util::stream::iter(plan)
        .map(|kind| {
            let client = client.clone();
            let seed_id = seed_id.clone();
            async move {
                let result = match kind {
                    Kind::Get => client.users().get(seed_id).send().await.map(drop),
                    Kind::List => client.users().list().per_page(5).send().await.map(drop),
                    Kind::Create(i) => client.users().create(new_user(&email(i))).send().await.map(drop),
                    Kind::Patch => client
                        .users()
                        .update(seed_id)
                        .body(UpdateUserRequestContent {
                            nickname: Nullable::Value(format!("n{}", rand::random::<u16>())),
                            ..Default::default()
                        })
                        .send()
                        .await
                        .map(drop),
                };
                (kind, result.map_or_else(Outcome::Failed, |()| Outcome::Ok))
            }
        })
        .buffer_unordered(IN_FLIGHT)
        .collect()
        .await;

    let mut summary: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut misclassified = Vec::new();
    let mut doubled = Vec::new();
    for (kind, outcome) in &outcomes {
        let name = match kind {
            Kind::Get => "get",
            Kind::List => "list",
            Kind::Create(_) => "create",
            Kind::Patch => "patch",
        };
        let entry = summary.entry(name).or_default();
        entry.0 += 1;
        if let Outcome::Failed(_) = outcome {
            entry.1 += 1;
        }
        let Kind::Create(i) = kind else { continue };
        let found = direct
            .users()
            .list_users_by_email(email(*i))
            .send()
            .await
            .expect("users by email")
            .len();
        if found > 1 {
            doubled.push(email(*i));
        }
        match outcome {
            Outcome::Ok if found != 1 => misclassified.push(format!("{}: succeeded but {found} users", email(*i))),
            Outcome::Failed(err) if found == 1 && !err.may_have_executed() => {
                misclassified.push(format!("{}: executed, yet `{err}` says it was not", email(*i)))
            }
            Outcome::Failed(err)
                if found == 0 && err.status().is_some_and(|s| s == 429 || s == 503) && err.may_have_executed() =>
            {
                misclassified.push(format!("{}: refused, yet `{err}` says it may have run", email(*i)))
            }
            _ => {}
        }
    }
    if let Some((_, Outcome::Failed(err))) = outcomes
        .iter()
        .find(|(k, o)| matches!(k, Kind::Get) && matches!(o, Outcome::Failed(_)))
    {
        println!("a failed GET: {err} / {err:?}");
    }
    let counts = &proxy.counts;
    println!(
        "fault soak: {summary:?} (calls, failures); proxy forwarded {}, 429 {}, 503 {}, reset before {}, reset after {}",
        counts.forwarded.load(std::sync::atomic::Ordering::Relaxed),
        counts.too_many_requests.load(std::sync::atomic::Ordering::Relaxed),
        counts.unavailable.load(std::sync::atomic::Ordering::Relaxed),
        counts.reset_before.load(std::sync::atomic::Ordering::Relaxed),
        counts.reset_after.load(std::sync::atomic::Ordering::Relaxed),
    );
    assert!(doubled.is_empty(), "writes executed twice: {doubled:?}");
    assert!(misclassified.is_empty(), "misclassified writes: {misclassified:#?}");
    let (gets, failed_gets) = summary["get"];
    assert!(
        failed_gets * 100 <= gets,
        "GET success below 99%: {failed_gets} of {gets} failed"
    );
    assert!(
        counts.reset_after.load(std::sync::atomic::Ordering::Relaxed) > 0,
        "the soak injected executed-then-reset faults"
    );
}

fn email(i: usize) -> String {
    format!("user{i}@soak.test")
}

fn new_user(email: &str) -> CreateUserRequestContent {
    CreateUserRequestContent {
        connection: "Username-Password-Authentication".into(),
        email: Some(email.to_owned()),
        password: Some("Soak-Passw0rd!".into()),
        ..Default::default()
    }
}
