//! 401 → token refresh, 429 with Retry-After, 5xx retried for GET but not POST, dropped
//! connections retried for GET.

mod common;

use std::time::{Duration, Instant};

use auth0_local_tenant::FaultRule;
use auth0_sdk::management::types::CreateRoleRequestContent;
use common::{client, requests, tenant};

#[tokio::test]
async fn a_401_refreshes_the_token_once_and_retries() {
    let tenant = tenant().await;
    let api = client(&tenant);
    api.roles().list().send().await.expect("warm-up fetches a token");
    let rule = tenant
        .faults()
        .add(FaultRule::status(401).next(1).path("/api/v2/roles"));
    api.roles().list().send().await.expect("succeeds with a fresh token");
    assert_eq!(tenant.faults().fired(rule), 1);
    assert_eq!(
        requests(&tenant, "POST", "/oauth/token").len(),
        2,
        "token fetched again after the 401"
    );
    let roles_calls = requests(&tenant, "GET", "/api/v2/roles");
    assert_eq!(roles_calls.len(), 3);
    assert_ne!(
        roles_calls[1].header("authorization"),
        roles_calls[2].header("authorization")
    );
}

#[tokio::test]
async fn a_persistent_401_is_returned_not_looped() {
    let tenant = tenant().await;
    let api = client(&tenant);
    tenant
        .faults()
        .add(FaultRule::status(401).next(10).path("/api/v2/roles"));
    let err = api.roles().list().send().await.expect_err("still 401");
    assert_eq!(err.status(), Some(http::StatusCode::UNAUTHORIZED));
    assert!(requests(&tenant, "GET", "/api/v2/roles").len() <= 2);
}

#[tokio::test]
async fn a_429_is_retried_after_retry_after() {
    let tenant = tenant().await;
    let api = client(&tenant);
    api.roles().list().send().await.expect("warm-up");
    let rule = tenant.faults().add(
        FaultRule::rate_limit(Duration::from_secs(1))
            .next(1)
            .path("/api/v2/roles"),
    );
    let started = Instant::now();
    api.roles().list().send().await.expect("retried");
    let waited = started.elapsed();
    assert_eq!(tenant.faults().fired(rule), 1);
    assert!(
        waited >= Duration::from_millis(900),
        "honoured Retry-After: waited {waited:?}"
    );
    assert_eq!(requests(&tenant, "GET", "/api/v2/roles").len(), 3);
}

#[tokio::test]
async fn a_429_on_post_is_retried_too() {
    let tenant = tenant().await;
    let api = client(&tenant);
    api.roles().list().send().await.expect("warm-up");
    tenant.faults().add(
        FaultRule::rate_limit(Duration::from_millis(100))
            .next(1)
            .path("/api/v2/roles"),
    );
    let role = CreateRoleRequestContent {
        name: "after-429".into(),
        ..Default::default()
    };
    api.roles()
        .create(role)
        .send()
        .await
        .expect("429 means not processed: safe to retry");
    assert_eq!(requests(&tenant, "POST", "/api/v2/roles").len(), 2);
}

#[tokio::test]
async fn a_5xx_is_retried_for_get() {
    let tenant = tenant().await;
    let api = client(&tenant);
    api.roles().list().send().await.expect("warm-up");
    let rule = tenant
        .faults()
        .add(FaultRule::status(503).next(2).path("/api/v2/roles"));
    api.roles().list().send().await.expect("retried past two 503s");
    assert_eq!(tenant.faults().fired(rule), 2);
    assert_eq!(requests(&tenant, "GET", "/api/v2/roles").len(), 4);
}

#[tokio::test]
async fn a_5xx_is_not_retried_for_post() {
    let tenant = tenant().await;
    let api = client(&tenant);
    api.roles().list().send().await.expect("warm-up");
    let rule = tenant.faults().add(
        FaultRule::status(503)
            .next(1)
            .method(http::Method::POST)
            .path("/api/v2/roles"),
    );
    let role = CreateRoleRequestContent {
        name: "maybe-created".into(),
        ..Default::default()
    };
    let err = api.roles().create(role).send().await.expect_err("not retried");
    assert_eq!(err.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(tenant.faults().fired(rule), 1);
    assert_eq!(requests(&tenant, "POST", "/api/v2/roles").len(), 1);
}

#[tokio::test]
async fn a_dropped_connection_is_retried_for_get() {
    let tenant = tenant().await;
    let api = client(&tenant);
    api.roles().list().send().await.expect("warm-up");
    let rule = tenant
        .faults()
        .add(FaultRule::drop_connection().next(1).path("/api/v2/roles"));
    api.roles().list().send().await.expect("retried after the drop");
    assert_eq!(tenant.faults().fired(rule), 1);
}

#[tokio::test]
async fn a_dropped_connection_on_post_is_a_connection_error() {
    let tenant = tenant().await;
    let api = client(&tenant);
    api.roles().list().send().await.expect("warm-up");
    let rule = tenant.faults().add(
        FaultRule::drop_connection()
            .next(1)
            .method(http::Method::POST)
            .path("/api/v2/roles"),
    );
    let role = CreateRoleRequestContent {
        name: "dropped".into(),
        ..Default::default()
    };
    let err = api.roles().create(role).send().await.expect_err("not retried");
    assert!(matches!(err, auth0_sdk::Error::Connection { .. }), "{err:?}");
    assert_eq!(tenant.faults().fired(rule), 1);
}
