//! The axum extractors answer as RFC 6750 says (run with `--features axum`).
#![cfg(feature = "axum")]

use crate::jwt_support;

use auth0_sdk::jwt::axum::{Authorized, BearerToken, Requirement};
use auth0_sdk::jwt::{InsufficientScope, JwksCache, JwtVerifier};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use axum::routing::get;
use http_body_util::BodyExt;
use jwt_support::*;
use serde_json::{Value, json};
use tower::ServiceExt;

const API: &str = "https://api.example.com";
const ISSUER: &str = "https://tenant.example.com/";

struct ReadMessages;
impl Requirement for ReadMessages {
    const SCOPES: &'static [&'static str] = &["read:messages"];
}

struct DeleteMessages;
impl Requirement for DeleteMessages {
    const PERMISSIONS: &'static [&'static str] = &["delete:messages"];
}

fn app(jwks: JwksCache) -> Router {
    let verifier = JwtVerifier::builder()
        .issuer(ISSUER)
        .audience(API)
        .jwks(jwks)
        .realm("messages-api")
        .clock(|| NOW)
        .build()
        .unwrap();
    Router::new()
        .route(
            "/me",
            get(|t: BearerToken| async move { t.subject().unwrap_or("?").to_owned() }),
        )
        .route("/messages", get(|_: Authorized<ReadMessages>| async { "[]" }))
        .route("/delete", get(|_: Authorized<DeleteMessages>| async { "gone" }))
        .route(
            "/admin",
            get(|t: BearerToken| async move {
                t.require_scopes(&["admin"])?;
                Ok::<_, InsufficientScope>("admin")
            }),
        )
        .with_state(verifier)
}

fn claims() -> Value {
    json!({
        "iss": ISSUER, "sub": "auth0|ana", "aud": API,
        "iat": NOW, "exp": NOW + 60,
        "scope": "read:messages", "permissions": [],
    })
}

struct Answer {
    status: StatusCode,
    challenge: Option<String>,
    body: String,
}

async fn call(app: Router, uri: &str, authorization: Option<&str>) -> Answer {
    let mut request = Request::builder().uri(uri);
    if let Some(value) = authorization {
        request = request.header(header::AUTHORIZATION, value);
    }
    let response = app.oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let challenge = response
        .headers()
        .get(header::WWW_AUTHENTICATE)
        .map(|v| v.to_str().unwrap().to_owned());
    let body = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        challenge,
        body: String::from_utf8(body.to_vec()).unwrap(),
    }
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

#[tokio::test]
async fn valid_token_reaches_the_handler() {
    let token = key().sign(&claims()).unwrap();
    let answer = call(app(key().jwks_cache()), "/me", Some(&bearer(&token))).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body, "auth0|ana");
    assert_eq!(answer.challenge, None);
}

#[tokio::test]
async fn scheme_is_case_insensitive() {
    let token = key().sign(&claims()).unwrap();
    let answer = call(app(key().jwks_cache()), "/me", Some(&format!("bearer {token}"))).await;
    assert_eq!(answer.status, StatusCode::OK);
}

#[tokio::test]
async fn missing_token_is_a_plain_challenge() {
    let answer = call(app(key().jwks_cache()), "/me", None).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer.challenge.as_deref(), Some(r#"Bearer realm="messages-api""#));
}

#[tokio::test]
async fn other_schemes_count_as_no_bearer_token() {
    let answer = call(app(key().jwks_cache()), "/me", Some("Basic dXNlcjpwYXNz")).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer.challenge.as_deref(), Some(r#"Bearer realm="messages-api""#));
}

#[tokio::test]
async fn malformed_header_is_invalid_request() {
    for value in ["Bearer", "Bearer    ", "Bearer a b"] {
        let answer = call(app(key().jwks_cache()), "/me", Some(value)).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{value:?}");
        assert!(
            answer
                .challenge
                .as_deref()
                .unwrap()
                .contains(r#"error="invalid_request""#)
        );
    }
}

#[tokio::test]
async fn invalid_token_is_401_invalid_token() {
    let forged = attacker_key().with_kid("k1").sign(&claims()).unwrap();
    let answer = call(app(key().jwks_cache()), "/me", Some(&bearer(&forged))).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        answer.challenge.as_deref(),
        Some(
            r#"Bearer realm="messages-api", error="invalid_token", error_description="The token's signature is invalid""#
        )
    );
    let body: Value = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(body["error"], "invalid_token");
}

#[tokio::test]
async fn expired_token_says_so() {
    let token = key().sign(&with(claims(), "exp", Some(json!(NOW - 3600)))).unwrap();
    let answer = call(app(key().jwks_cache()), "/me", Some(&bearer(&token))).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert!(
        answer
            .challenge
            .unwrap()
            .ends_with(r#"error="invalid_token", error_description="The token expired""#)
    );
}

#[tokio::test]
async fn required_scope_present_passes() {
    let token = key().sign(&claims()).unwrap();
    let answer = call(app(key().jwks_cache()), "/messages", Some(&bearer(&token))).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body, "[]");
}

#[tokio::test]
async fn missing_scope_is_403_insufficient_scope() {
    let token = key()
        .sign(&with(claims(), "scope", Some(json!("openid profile"))))
        .unwrap();
    let answer = call(app(key().jwks_cache()), "/messages", Some(&bearer(&token))).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(
        answer.challenge.as_deref(),
        Some(
            r#"Bearer realm="messages-api", error="insufficient_scope", error_description="Missing required scopes", scope="read:messages""#
        )
    );
}

#[tokio::test]
async fn missing_permission_is_403() {
    let token = key().sign(&claims()).unwrap();
    let answer = call(app(key().jwks_cache()), "/delete", Some(&bearer(&token))).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert!(answer.challenge.unwrap().contains(r#"error="insufficient_scope""#));
    let granted = key()
        .sign(&with(claims(), "permissions", Some(json!(["delete:messages"]))))
        .unwrap();
    let answer = call(app(key().jwks_cache()), "/delete", Some(&bearer(&granted))).await;
    assert_eq!(answer.status, StatusCode::OK);
}

#[tokio::test]
async fn handler_side_scope_check_answers_403() {
    let token = key().sign(&claims()).unwrap();
    let answer = call(app(key().jwks_cache()), "/admin", Some(&bearer(&token))).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(
        answer.challenge.as_deref(),
        Some(r#"Bearer error="insufficient_scope", error_description="Missing required scopes", scope="admin""#)
    );
}

#[tokio::test]
async fn unavailable_keys_are_503_not_401() {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(wiremock::ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let jwks = JwksCache::new(format!("{}{JWKS_PATH}", server.uri()));
    let token = key().sign(&claims()).unwrap();
    let answer = call(app(jwks), "/me", Some(&bearer(&token))).await;
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(answer.challenge, None);
}
