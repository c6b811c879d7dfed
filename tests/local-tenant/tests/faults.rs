//! Fault injection, rate-limit headers and request recording.

mod common;

use std::time::{Duration, Instant};

use auth0_local_tenant::{FaultRule, LocalTenant, RateLimitPolicy};
use common::{Api, http};
use serde_json::json;

#[tokio::test]
async fn every_nth_request_is_rate_limited_with_headers() {
    let tenant = LocalTenant::start().await.unwrap();
    let api = Api::new(&tenant).await;
    tenant.faults().add(
        FaultRule::rate_limit(Duration::from_secs(2))
            .every_nth(3)
            .path("/api/v2/users*"),
    );
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let resp = api
            .http
            .get(format!("{}/users", api.base))
            .bearer_auth(&api.token)
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        for h in ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"] {
            assert!(resp.headers().contains_key(h), "{h} missing on {status}");
        }
        if status == 429 {
            assert_eq!(resp.headers()["retry-after"], "2");
            assert_eq!(resp.headers()["x-ratelimit-remaining"], "0");
            let body: serde_json::Value = resp.json().await.unwrap();
            assert_eq!(body["statusCode"], 429);
        }
        statuses.push(status);
    }
    assert_eq!(statuses, [200, 200, 429, 200, 200, 429]);
    // Other paths are not affected.
    assert_eq!(api.get("/roles").await.0, 200);
}

#[tokio::test]
async fn next_n_server_errors_then_recovery_and_time_window() {
    let tenant = LocalTenant::start().await.unwrap();
    let api = Api::new(&tenant).await;
    let id = tenant.faults().server_error_next(2, 503);
    assert_eq!(api.get("/users").await.0, 503);
    assert_eq!(api.get("/users").await.0, 503);
    assert_eq!(api.get("/users").await.0, 200);
    assert_eq!(tenant.faults().fired(id), 2);
    tenant.faults().clear();

    tenant.faults().rate_limit_for(Duration::from_millis(300));
    assert_eq!(api.get("/users").await.0, 429);
    tokio::time::sleep(Duration::from_millis(350)).await;
    assert_eq!(api.get("/users").await.0, 200);
}

#[tokio::test]
async fn token_endpoint_faults_use_the_oauth_shape() {
    let tenant = LocalTenant::start().await.unwrap();
    tenant.faults().add(
        FaultRule::rate_limit(Duration::from_secs(1))
            .next(1)
            .path("/oauth/token"),
    );
    let resp = http()
        .post(tenant.token_url())
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 429);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["error"], "too_many_requests");
}

#[tokio::test]
async fn dropped_connections_and_latency() {
    let tenant = LocalTenant::start().await.unwrap();
    let api = Api::new(&tenant).await;
    tenant.faults().drop_next(1);
    let err = api
        .http
        .get(format!("{}/users", api.base))
        .bearer_auth(&api.token)
        .send()
        .await;
    assert!(err.is_err(), "expected a transport error, got {err:?}");
    assert_eq!(api.get("/users").await.0, 200);

    tenant.faults().latency(Duration::from_millis(150));
    let start = Instant::now();
    assert_eq!(api.get("/users").await.0, 200);
    assert!(start.elapsed() >= Duration::from_millis(150));
}

#[tokio::test]
async fn enforced_rate_limit_policy() {
    let tenant = LocalTenant::builder()
        .rate_limit(RateLimitPolicy {
            limit: 3,
            refill_per_second: 1,
            enforce: true,
        })
        .start()
        .await
        .unwrap();
    let token = tenant.management_token(&["read:users"]);
    let api = Api::with_token(&tenant, token);
    let statuses: Vec<u16> = {
        let mut v = Vec::new();
        for _ in 0..4 {
            v.push(api.get("/users").await.0);
        }
        v
    };
    assert_eq!(statuses, [200, 200, 200, 429]);
}

#[tokio::test]
async fn requests_are_recorded_with_headers_query_and_body() {
    let tenant = LocalTenant::start().await.unwrap();
    let api = Api::new(&tenant).await;
    tenant.clear_recorded_requests();
    api.http
        .post(format!("{}/users?x=1", api.base))
        .bearer_auth(&api.token)
        .header("Auth0-Custom-Domain", "login.example.com")
        .json(&json!({"connection": "Username-Password-Authentication", "email": "rec@example.com", "password": "p"}))
        .send()
        .await
        .unwrap();
    let recorded = tenant.recorded_requests();
    assert_eq!(recorded.len(), 1);
    let r = &recorded[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, "/api/v2/users");
    assert_eq!(r.query_param("x").as_deref(), Some("1"));
    assert_eq!(r.header("auth0-custom-domain"), Some("login.example.com"));
    assert_eq!(r.body_json().unwrap()["email"], "rec@example.com");
    // Faulted requests are recorded too, so retries can be counted.
    tenant.faults().rate_limit_next(1);
    api.get("/users").await;
    api.get("/users").await;
    assert_eq!(tenant.recorded_requests().len(), 3);
}
