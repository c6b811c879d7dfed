//! Token sources: client credentials (cached, single-flight, refreshed before expiry,
//! retried, typed failures, refetched once on 401), token functions, per-request tokens.

use crate::runtime_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use auth0_sdk::runtime::{Call, RequestOptions, SecretString, TokenSource};
use auth0_sdk::{Error, ManagementClient};
use runtime_support::*;
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn token_body(token: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "access_token": token, "token_type": "Bearer", "expires_in": expires_in, "scope": "read:users"
    }))
}

async fn api_ok(server: &MockServer) {
    Mock::given(path("/api/v2/users/u1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"user_id": "u1"})))
        .mount(server)
        .await;
}

fn secret_client(server: &MockServer) -> ManagementClient {
    client_with_secret(server, |b| b)
}

fn client_with_secret(
    server: &MockServer,
    configure: impl FnOnce(auth0_sdk::runtime::ManagementClientBuilder) -> auth0_sdk::runtime::ManagementClientBuilder,
) -> ManagementClient {
    let builder = ManagementClient::builder()
        .base_url(format!("{}/api/v2", server.uri()))
        .client_secret("my-client", "my-secret")
        .config(&config(|c| c));
    configure(builder).build().unwrap()
}

fn form(request: &Request) -> Vec<(String, String)> {
    url::form_urlencoded::parse(&request.body).into_owned().collect()
}

fn get_user() -> Call {
    Call::new(&GET_USER, &["u1"])
}

#[tokio::test]
async fn client_secret_grant_is_sent_and_its_token_used() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(token_body("tok-1", 86400))
        .mount(&server)
        .await;
    Mock::given(path("/api/v2/users/u1"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(2)
        .mount(&server)
        .await;
    let client = secret_client(&server);
    client.transport().send_json::<Value>(get_user()).await.unwrap();
    client.transport().send_json::<Value>(get_user()).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let token_requests: Vec<_> = requests.iter().filter(|r| r.url.path() == "/oauth/token").collect();
    assert_eq!(token_requests.len(), 1, "the token is cached");
    let form = form(token_requests[0]);
    let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(get("grant_type"), Some("client_credentials"));
    assert_eq!(get("client_id"), Some("my-client"));
    assert_eq!(get("client_secret"), Some("my-secret"));
    assert_eq!(get("audience"), Some(format!("{}/api/v2/", server.uri()).as_str()));
}

#[tokio::test]
async fn domains_are_normalised_and_bad_config_is_a_typed_error() {
    let client = ManagementClient::builder()
        .domain("https://Tenant.eu.auth0.com/")
        .token("t")
        .build()
        .unwrap();
    assert_eq!(client.transport().base_url(), "https://tenant.eu.auth0.com/api/v2");
    for bad in ["http://tenant.auth0.com", "tenant.auth0.com/api", "", "https://"] {
        let err = ManagementClient::builder().domain(bad).token("t").build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{bad}: {err:?}");
    }
    let err = ManagementClient::builder().domain("t.auth0.com").build().unwrap_err();
    assert!(err.to_string().contains("credentials"), "{err}");
}

#[tokio::test]
async fn a_token_is_refreshed_before_it_expires() {
    let server = MockServer::start().await;
    // Valid for 5 s, refreshed 10 s before expiry: every call needs a new one.
    Mock::given(path("/oauth/token"))
        .respond_with(token_body("short", 5))
        .mount(&server)
        .await;
    api_ok(&server).await;
    let client = secret_client(&server);
    for _ in 0..3 {
        client.transport().send_json::<Value>(get_user()).await.unwrap();
    }
    assert_eq!(hits(&server, "/oauth/token").await, 3);

    // With a 1 s leeway the same token is fresh for 4 s: fetched once.
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(token_body("short", 5))
        .mount(&server)
        .await;
    api_ok(&server).await;
    let client = client_with_secret(&server, |b| b.token_refresh_leeway(Duration::from_secs(1)));
    for _ in 0..3 {
        client.transport().send_json::<Value>(get_user()).await.unwrap();
    }
    assert_eq!(hits(&server, "/oauth/token").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_concurrent_first_calls_make_one_token_request() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(token_body("shared", 86400).set_delay(Duration::from_millis(200)))
        .mount(&server)
        .await;
    api_ok(&server).await;
    let client = secret_client(&server);
    let tasks: Vec<_> = (0..1000)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.transport().send_json::<Value>(get_user()).await.map(|_| ()) })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(hits(&server, "/oauth/token").await, 1);
    assert_eq!(hits(&server, "/api/v2/users/u1").await, 1000);
}

#[tokio::test]
async fn concurrent_waiters_share_one_failure() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"error": "access_denied", "error_description": "Unauthorized"}))
                .set_delay(Duration::from_millis(100)),
        )
        .mount(&server)
        .await;
    let client = secret_client(&server);
    let calls = (0..20).map(|_| client.transport().send_json::<Value>(get_user()));
    let results = futures_util::future::join_all(calls).await;
    for result in results {
        let err = result.unwrap_err();
        assert!(err.is_token_error(), "{err:?}");
        assert_eq!(err.status(), Some(http::StatusCode::UNAUTHORIZED));
        let body = err.api_error().unwrap().body().unwrap();
        assert_eq!(body.error.as_deref(), Some("access_denied"));
        assert_eq!(body.error_description.as_deref(), Some("Unauthorized"));
    }
    assert_eq!(hits(&server, "/oauth/token").await, 1);
    assert_eq!(hits(&server, "/api/v2/users/u1").await, 0);
}

#[tokio::test]
async fn the_token_request_is_retried_like_any_other() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/oauth/token"))
        .respond_with(token_body("late", 86400))
        .mount(&server)
        .await;
    api_ok(&server).await;
    secret_client(&server)
        .transport()
        .send_json::<Value>(get_user())
        .await
        .unwrap();
    assert_eq!(hits(&server, "/oauth/token").await, 3);
}

#[tokio::test]
async fn a_401_with_a_cached_token_refetches_once_and_retries_once() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(token_body("revoked", 86400))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/oauth/token"))
        .respond_with(token_body("fresh", 86400))
        .mount(&server)
        .await;
    Mock::given(path("/api/v2/users/u1"))
        .and(header("authorization", "Bearer revoked"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"statusCode": 401, "error": "Unauthorized", "message": "Invalid token"})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/api/v2/users/u1"))
        .and(header("authorization", "Bearer fresh"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&server)
        .await;
    let resp = secret_client(&server)
        .transport()
        .send_json::<Value>(get_user())
        .await
        .unwrap();
    assert_eq!(resp.data["ok"], true);
    assert_eq!(hits(&server, "/oauth/token").await, 2);
    assert_eq!(hits(&server, "/api/v2/users/u1").await, 2);
}

#[tokio::test]
async fn a_second_401_is_returned_not_looped() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(token_body("any", 86400))
        .mount(&server)
        .await;
    Mock::given(path("/api/v2/users/u1"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let err = secret_client(&server)
        .transport()
        .send_json::<Value>(get_user())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::UNAUTHORIZED));
    assert!(!err.is_token_error());
    assert_eq!(hits(&server, "/oauth/token").await, 2);
    assert_eq!(hits(&server, "/api/v2/users/u1").await, 2);
}

#[tokio::test]
async fn a_static_token_is_not_refetched_on_401() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v2/users/u1"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    client(&server)
        .transport()
        .send_json::<Value>(get_user())
        .await
        .unwrap_err();
    assert_eq!(hits(&server, "/api/v2/users/u1").await, 1);
}

#[tokio::test]
async fn token_functions_are_called_per_request() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v2/users/u1"))
        .and(header("authorization", "Bearer from-fn"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(4)
        .mount(&server)
        .await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&calls);
    let client = client_with(&server, move |b| {
        b.token_fn(move || {
            counted.fetch_add(1, Ordering::SeqCst);
            Ok(SecretString::from("from-fn"))
        })
    });
    client.transport().send_json::<Value>(get_user()).await.unwrap();
    client.transport().send_json::<Value>(get_user()).await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 2);

    let async_calls = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&async_calls);
    let client = client_with(&server, move |b| {
        b.async_token_fn(move || {
            let counted = Arc::clone(&counted);
            async move {
                counted.fetch_add(1, Ordering::SeqCst);
                Ok(SecretString::from("from-fn"))
            }
        })
    });
    client.transport().send_json::<Value>(get_user()).await.unwrap();
    client.transport().send_json::<Value>(get_user()).await.unwrap();
    assert_eq!(async_calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_failing_token_function_is_a_token_error() {
    let server = MockServer::start().await;
    let client = client_with(&server, |b| b.token_fn(|| Err("vault sealed".into())));
    let err = client.transport().send_json::<Value>(get_user()).await.unwrap_err();
    assert!(err.is_token_error());
    assert!(err.to_string().contains("vault sealed"), "{err}");
    assert_eq!(hits(&server, "/api/v2/users/u1").await, 0);
}

#[tokio::test]
async fn per_request_bearer_token_and_no_token_source() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v2/users/u1"))
        .and(header("authorization", "Bearer user-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    Mock::given(path("/userinfo"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"sub": "auth0|u1"})))
        .mount(&server)
        .await;
    let mut call = get_user();
    call.options(RequestOptions::default().bearer_token("user-token"));
    client(&server).transport().send_json::<Value>(call).await.unwrap();

    // An Authentication-API style transport: no token source, no Authorization header.
    let config = auth0_sdk::ClientConfig::new().unwrap();
    let auth = auth0_sdk::authentication::AuthApi::without_client(&config, server.uri(), None).unwrap();
    auth.userinfo().get().send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let userinfo = requests.iter().find(|r| r.url.path() == "/userinfo").unwrap();
    assert!(!userinfo.headers.contains_key("authorization"));
}

#[tokio::test]
async fn a_token_source_can_be_asked_directly() {
    let source = TokenSource::static_token("abc");
    use auth0_sdk::runtime::ExposeSecret;
    assert_eq!(source.token().await.unwrap().expose_secret(), "abc");
    assert!(!format!("{source:?}").contains("abc"));
}

#[tokio::test]
async fn clients_of_one_config_share_a_token_and_different_grants_do_not() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(token_body("shared", 86400).set_delay(Duration::from_millis(100)))
        .mount(&server)
        .await;
    api_ok(&server).await;
    let shared = config(|c| c);
    let build = |scope: Option<&str>| {
        let builder = ManagementClient::builder()
            .base_url(format!("{}/api/v2", server.uri()))
            .client_secret("my-client", "my-secret")
            .config(&shared);
        match scope {
            Some(scope) => builder.scope(scope),
            None => builder,
        }
        .build()
        .unwrap()
    };
    let (a, b) = (build(None), build(None));
    // Concurrent first calls on two clients: one token request between them (the config's
    // in-memory cache and its fetch lock).
    let (ra, rb) = tokio::join!(
        a.transport().send_json::<Value>(get_user()),
        b.transport().send_json::<Value>(get_user())
    );
    ra.unwrap();
    rb.unwrap();
    assert_eq!(hits(&server, "/oauth/token").await, 1);
    // Another scope is another token.
    build(Some("read:users"))
        .transport()
        .send_json::<Value>(get_user())
        .await
        .unwrap();
    assert_eq!(hits(&server, "/oauth/token").await, 2);
    // Another config is another cache.
    secret_client(&server)
        .transport()
        .send_json::<Value>(get_user())
        .await
        .unwrap();
    assert_eq!(hits(&server, "/oauth/token").await, 3);
}
