//! The default rate governor, end to end: Management calls learn the tenant's quota from
//! `X-RateLimit-*`, pace themselves after the burst, and a 429's `Retry-After` holds every call
//! of the config, not just the refused one.

use std::time::{Duration, Instant};

use auth0_sdk::runtime::RetryPolicy;
use auth0_sdk::runtime::governor::LocalGovernor;
use serde_json::{Value, json};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::runtime_support::*;
use auth0_sdk::runtime::Call;

fn limited(limit: u32, remaining: u32) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("x-ratelimit-limit", limit.to_string().as_str())
        .insert_header("x-ratelimit-remaining", remaining.to_string().as_str())
        .set_body_json(json!({"user_id": "u1"}))
}

async fn burst(client: &auth0_sdk::ManagementClient, n: usize) -> Duration {
    let started = Instant::now();
    let calls = (0..n).map(|_| client.transport().send_json::<Value>(Call::new(&GET_USER, &["u1"])));
    for result in futures_util::future::join_all(calls).await {
        result.expect("every call succeeds");
    }
    started.elapsed()
}

#[tokio::test]
async fn calls_are_paced_to_the_learned_quota_after_the_burst() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v2/users/u1"))
        .respond_with(limited(10, 10))
        .mount(&server)
        .await;
    let paced = client(&server);
    // The first response teaches the quota: 9.5/s with a burst of 5.
    burst(&paced, 1).await;
    let took = burst(&paced, 15).await;
    // 5 at once, then 10 more at one per 105 ms.
    assert!(took >= Duration::from_millis(900), "paced: {took:?}");

    let unpaced = client_with(&server, |b| {
        b.config(&config(|c| c.rate_governor(LocalGovernor::disabled())))
    });
    burst(&unpaced, 1).await;
    let quick = burst(&unpaced, 15).await;
    assert!(quick < took, "unpaced {quick:?} vs paced {took:?}");
}

#[tokio::test]
async fn a_429_holds_the_other_calls_until_retry_after() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v2/users/u1"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/v2/users/u1"))
        .respond_with(limited(100, 99))
        .mount(&server)
        .await;
    let client = client_with(&server, |b| {
        b.config(&config(|c| {
            c.retry_policy(RetryPolicy::default().max_server_delay(Duration::from_secs(5)))
        }))
    });
    // The refused call, retried after 1 s…
    let first = tokio::spawn({
        let client = client.clone();
        async move {
            client
                .transport()
                .send_json::<Value>(Call::new(&GET_USER, &["u1"]))
                .await
        }
    });
    while hits(&server, "/api/v2/users/u1").await == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    // …and calls started meanwhile wait for the same second instead of firing into the limit.
    let held = burst(&client, 4).await;
    first.await.unwrap().unwrap();
    assert!(held >= Duration::from_millis(800), "the other calls waited: {held:?}");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 6, "one 429, one retry, four calls: no second refusal");
}
