//! Retry rules: which failures are retried for which methods, where the delay comes from,
//! the cap, the budget, timeouts and dropped connections.

use crate::runtime_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use auth0_sdk::Error;
use auth0_sdk::runtime::{Call, DelaySource, RequestOptions, RetryBudget, RetryPolicy, RetryReason};
use runtime_support::*;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server_answering(status: u16, times: Option<u64>, then_ok: bool) -> MockServer {
    let server = MockServer::start().await;
    let failing = Mock::given(path("/api/v2/users/u1")).respond_with(ResponseTemplate::new(status));
    match times {
        Some(n) => failing.up_to_n_times(n).mount(&server).await,
        None => failing.mount(&server).await,
    }
    if then_ok {
        Mock::given(path("/api/v2/users/u1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"user_id": "u1"})))
            .mount(&server)
            .await;
    }
    server
}

fn get_user() -> Call {
    Call::new(&GET_USER, &["u1"])
}

fn post_user() -> Call {
    let mut call = Call::new(&CREATE_USER, &[]);
    call.json(&json!({"email": "a@b.c"}));
    call
}

fn with_path(mut call: Call, p: &str) -> Call {
    call.path = p.to_owned();
    call
}

#[tokio::test]
async fn get_on_503_is_retried_until_success() {
    let server = server_answering(503, Some(2), true).await;
    let resp = client(&server)
        .transport()
        .send_json::<Value>(get_user())
        .await
        .unwrap();
    assert_eq!(resp.data["user_id"], "u1");
    assert_eq!(resp.meta.attempts, 3);
    assert_eq!(hits(&server, "/api/v2/users/u1").await, 3);
}

#[tokio::test]
async fn default_is_two_retries() {
    let server = server_answering(500, None, false).await;
    let err = client(&server)
        .transport()
        .send_json::<Value>(get_user())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::INTERNAL_SERVER_ERROR));
    assert!(err.is_retryable());
    assert_eq!(hits(&server, "/api/v2/users/u1").await, 3);
}

#[tokio::test]
async fn post_on_503_is_not_retried_by_default() {
    let server = server_answering(503, None, false).await;
    let call = with_path(post_user(), "/users/u1");
    let err = client(&server).transport().send_json::<Value>(call).await.unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(hits(&server, "/api/v2/users/u1").await, 1);
}

#[tokio::test]
async fn patch_on_500_is_not_retried_by_default() {
    let server = server_answering(500, None, false).await;
    let mut call = Call::new(&UPDATE_USER, &["u1"]);
    call.json(&json!({"name": "x"}));
    client(&server).transport().send_json::<Value>(call).await.unwrap_err();
    assert_eq!(hits(&server, "/api/v2/users/u1").await, 1);
}

#[tokio::test]
async fn post_on_503_is_retried_when_the_request_opts_in() {
    let server = server_answering(503, Some(1), true).await;
    let mut call = with_path(post_user(), "/users/u1");
    call.options(RequestOptions::default().retry_non_idempotent(true));
    client(&server).transport().send_json::<Value>(call).await.unwrap();
    assert_eq!(hits(&server, "/api/v2/users/u1").await, 2);
}

#[tokio::test]
async fn post_on_429_is_retried() {
    let server = server_answering(429, Some(2), true).await;
    let call = with_path(post_user(), "/users/u1");
    let resp = client(&server).transport().send_json::<Value>(call).await.unwrap();
    assert_eq!(resp.meta.attempts, 3);
}

#[tokio::test]
async fn get_on_408_is_retried_but_400_and_501_are_not() {
    let server = server_answering(408, Some(1), true).await;
    client(&server)
        .transport()
        .send_json::<Value>(get_user())
        .await
        .unwrap();
    assert_eq!(hits(&server, "/api/v2/users/u1").await, 2);
    for status in [400, 501] {
        let server = server_answering(status, None, false).await;
        let err = client(&server)
            .transport()
            .send_json::<Value>(get_user())
            .await
            .unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(hits(&server, "/api/v2/users/u1").await, 1, "status {status}");
    }
}

#[tokio::test]
async fn delete_is_idempotent_and_retried_on_502() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let resp = client(&server)
        .transport()
        .send_empty(Call::new(&DELETE_CLIENT, &["c1"]))
        .await
        .unwrap();
    assert_eq!(resp.meta.status, 204);
    assert_eq!(resp.meta.attempts, 2);
}

async fn retry_events_for(template: ResponseTemplate) -> Vec<auth0_sdk::runtime::RetryEvent> {
    let server = MockServer::start().await;
    Mock::given(path("/api/v2/users/u1"))
        .respond_with(template)
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/v2/users/u1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let hooks = RecordRetries::default();
    let client = client_with(&server, |b| b.config(&config(|c| c.hooks(hooks.clone()))));
    client.transport().send_json::<Value>(get_user()).await.unwrap();
    hooks.events()
}

#[tokio::test]
async fn retry_after_seconds_sets_the_delay() {
    let events = retry_events_for(ResponseTemplate::new(429).insert_header("retry-after", "0")).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].delay, Duration::ZERO);
    assert_eq!(events[0].delay_source, DelaySource::RetryAfter);
    assert_eq!(
        events[0].reason,
        RetryReason::Status(http::StatusCode::TOO_MANY_REQUESTS)
    );
}

#[tokio::test]
async fn retry_after_is_capped() {
    // The server asks for an hour; the cap (30 ms in these tests) wins.
    let events = retry_events_for(ResponseTemplate::new(429).insert_header("retry-after", "3600")).await;
    assert_eq!(
        (events[0].delay, events[0].delay_source),
        (Duration::from_millis(30), DelaySource::RetryAfter)
    );
}

#[tokio::test]
async fn retry_after_http_date_is_understood() {
    let at = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(120));
    let events = retry_events_for(ResponseTemplate::new(503).insert_header("retry-after", at.as_str())).await;
    assert_eq!(
        (events[0].delay, events[0].delay_source),
        (Duration::from_millis(30), DelaySource::RetryAfter)
    );
    let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(120));
    let events = retry_events_for(ResponseTemplate::new(503).insert_header("retry-after", past.as_str())).await;
    assert_eq!(
        (events[0].delay, events[0].delay_source),
        (Duration::ZERO, DelaySource::RetryAfter)
    );
}

#[tokio::test]
async fn rate_limit_reset_is_used_without_retry_after() {
    let reset = (SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 600)
        .to_string();
    let events = retry_events_for(ResponseTemplate::new(429).insert_header("x-ratelimit-reset", reset.as_str())).await;
    assert_eq!(
        (events[0].delay, events[0].delay_source),
        (Duration::from_millis(30), DelaySource::RateLimitReset)
    );
    // Retry-After takes precedence over X-RateLimit-Reset.
    let events = retry_events_for(
        ResponseTemplate::new(429)
            .insert_header("x-ratelimit-reset", reset.as_str())
            .insert_header("retry-after", "0"),
    )
    .await;
    assert_eq!(
        (events[0].delay, events[0].delay_source),
        (Duration::ZERO, DelaySource::RetryAfter)
    );
}

#[tokio::test]
async fn backoff_without_server_hints() {
    let events = retry_events_for(ResponseTemplate::new(503)).await;
    assert_eq!(events[0].delay_source, DelaySource::Backoff);
    assert!(events[0].delay <= Duration::from_millis(5));
}

#[tokio::test]
async fn rate_limit_headers_are_on_the_error() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v2/users/u1"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("x-ratelimit-limit", "10")
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("x-ratelimit-reset", "1")
                .set_body_json(json!({"statusCode": 429, "error": "Too Many Requests", "message": "Global limit has been reached", "errorCode": "too_many_requests"})),
        )
        .mount(&server)
        .await;
    let err = client(&server)
        .transport()
        .send_json::<Value>(get_user())
        .await
        .unwrap_err();
    assert!(err.is_rate_limited());
    let rl = err.rate_limit().unwrap();
    assert_eq!((rl.limit, rl.remaining, rl.reset), (Some(10), Some(0), Some(1)));
    let body = err.api_error().unwrap().body().unwrap();
    assert_eq!(body.error_code.as_deref(), Some("too_many_requests"));
    assert!(err.to_string().contains("Global limit has been reached"), "{err}");
    assert_eq!(hits(&server, "/api/v2/users/u1").await, 3);
}

#[tokio::test]
async fn per_request_retry_settings_override_the_client() {
    let server = server_answering(503, None, false).await;
    let client = client(&server);
    let mut call = get_user();
    call.options(RequestOptions::default().max_retries(0));
    client.transport().send_json::<Value>(call).await.unwrap_err();
    assert_eq!(hits(&server, "/api/v2/users/u1").await, 1);
    let mut call = get_user();
    call.options(RequestOptions::default().retry_policy(fast_retry().max_retries(4)));
    client.transport().send_json::<Value>(call).await.unwrap_err();
    assert_eq!(hits(&server, "/api/v2/users/u1").await, 1 + 5);
}

#[tokio::test]
async fn the_retry_budget_stops_retry_storms() {
    let server = server_answering(503, None, false).await;
    let client = client_with(&server, |b| b.config(&config(|c| c.retry_budget(RetryBudget::new(2)))));
    client.transport().send_json::<Value>(get_user()).await.unwrap_err();
    assert_eq!(hits(&server, "/api/v2/users/u1").await, 3);
    // Budget spent: the next failing call gets no retry at all.
    client.transport().send_json::<Value>(get_user()).await.unwrap_err();
    assert_eq!(hits(&server, "/api/v2/users/u1").await, 4);
}

#[tokio::test]
async fn a_slow_server_gives_a_typed_timeout_and_get_is_retried() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v2/users/u1"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(400)))
        .mount(&server)
        .await;
    let client = client_with(&server, |b| b.config(&config(|c| c.timeout(Duration::from_millis(40)))));
    let err = client.transport().send_json::<Value>(get_user()).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        matches!(err, Error::Timeout { operation: "get_user", timeout, .. } if timeout == Duration::from_millis(40))
    );
    assert_eq!(hits(&server, "/api/v2/users/u1").await, 3);
    // A POST that timed out may have been applied: not retried.
    let err = client
        .transport()
        .send_json::<Value>(with_path(post_user(), "/users/u1"))
        .await
        .unwrap_err();
    assert!(err.is_timeout());
    assert_eq!(hits(&server, "/api/v2/users/u1").await, 4);
}

#[tokio::test]
async fn per_request_timeout_overrides_the_client() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v2/users/u1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({}))
                .set_delay(Duration::from_millis(150)),
        )
        .mount(&server)
        .await;
    let client = client_with(&server, |b| b.config(&config(|c| c.timeout(Duration::from_millis(20)))));
    let mut call = get_user();
    call.options(RequestOptions::default().timeout(Duration::from_secs(5)));
    client.transport().send_json::<Value>(call).await.unwrap();
}

/// A server that drops the first `drops` connections without answering, then answers `{}`.
async fn dropping_server(drops: usize) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&connections);
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let n = seen.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buf = vec![0u8; 16 * 1024];
                let mut read = 0;
                while !buf[..read].windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf[read..]).await {
                        Ok(0) | Err(_) => return,
                        Ok(k) => read += k,
                    }
                }
                if n < drops {
                    return; // dropped: the client sees the connection close mid-request
                }
                let _ = socket
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}")
                    .await;
            });
        }
    });
    (format!("http://{addr}/api/v2"), connections)
}

#[tokio::test]
async fn a_dropped_connection_is_retried_for_get_only() {
    let (base, connections) = dropping_server(1).await;
    let client = auth0_sdk::ManagementClient::builder()
        .base_url(base.clone())
        .token("t")
        .config(&config(|c| c))
        .build()
        .unwrap();
    let resp = client.transport().send_json::<Value>(get_user()).await.unwrap();
    assert_eq!(resp.meta.attempts, 2);
    assert_eq!(connections.load(Ordering::SeqCst), 2);

    let (base, connections) = dropping_server(1).await;
    let client = auth0_sdk::ManagementClient::builder()
        .base_url(base)
        .token("t")
        .config(&config(|c| c))
        .build()
        .unwrap();
    let err = client.transport().send_json::<Value>(post_user()).await.unwrap_err();
    assert!(matches!(err, Error::Connection { sent: true, .. }), "{err:?}");
    // The POST may have been executed before the connection dropped: not safe to repeat.
    assert!(err.may_have_executed());
    assert!(!err.is_retryable());
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn no_retry_policy_means_one_attempt() {
    let server = server_answering(503, None, false).await;
    let client = client_with(&server, |b| b.config(&config(|c| c.retry_policy(RetryPolicy::none()))));
    client.transport().send_json::<Value>(get_user()).await.unwrap_err();
    assert_eq!(hits(&server, "/api/v2/users/u1").await, 1);
}

/// `max_elapsed` bounds the whole request: a retry whose delay would end past the limit is
/// not made, and the last failure comes back (here after 2 of the 6 allowed attempts).
#[tokio::test]
async fn max_elapsed_stops_retrying_when_the_next_delay_would_pass_the_limit() {
    let server = server_answering(503, None, false).await;
    let policy = RetryPolicy::default()
        .max_retries(5)
        .jitter(false)
        .initial_backoff(Duration::from_millis(200))
        .max_backoff(Duration::from_secs(5))
        .max_elapsed(Duration::from_millis(500));
    let client = client_with(&server, |b| b.config(&config(|c| c.retry_policy(policy))));
    let started = std::time::Instant::now();
    let err = client.transport().send_json::<Value>(get_user()).await.unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    // Attempt 1, wait 200 ms, attempt 2; the next wait (400 ms) would end at ~600 ms > 500 ms.
    assert_eq!(hits(&server, "/api/v2/users/u1").await, 2);
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "{:?}",
        started.elapsed()
    );

    // Without the limit the same policy makes all six attempts (fast backoff here).
    let server = server_answering(503, None, false).await;
    let client = client_with(&server, |b| {
        b.config(&config(|c| c.retry_policy(fast_retry().max_retries(5))))
    });
    client.transport().send_json::<Value>(get_user()).await.unwrap_err();
    assert_eq!(hits(&server, "/api/v2/users/u1").await, 6);
}
