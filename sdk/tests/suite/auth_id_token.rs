//! ID tokens returned by the grants are validated automatically (signature via the JWKS the
//! mock tenant serves, claims, and the caller's nonce/max_age/organization expectations).

use crate::auth_support;

use std::time::Duration;

use auth_support::*;
use auth0_sdk::Error;
use auth0_sdk::jwt::{IdTokenError, JwtError};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;

const TOKEN: &str = "/oauth/token";

async fn server_returning(id_token_extra: serde_json::Value) -> wiremock::MockServer {
    let server = tenant().await;
    let token = id_token(&server, id_token_extra);
    answer(&server, TOKEN, 200, token_json(Some(&token))).await;
    server
}

#[tokio::test]
async fn a_valid_id_token_yields_claims() {
    let server = server_returning(json!({"nonce": "n-1", "org_id": "org_A"})).await;
    let tokens = secret_client(&server)
        .authorization_code("c", "https://app.test/cb")
        .nonce("n-1")
        .expect_organization("org_A")
        .send()
        .await
        .unwrap();
    let claims = tokens.id_token_claims.as_ref().expect("claims");
    assert_eq!(claims.sub, "auth0|user-1");
    assert_eq!(claims.email(), Some("user@example.com"));
    assert!(tokens.id_token.is_some());
    assert!(!format!("{tokens:?}").contains(tokens.id_token.as_ref().unwrap().expose_secret()));
}

#[tokio::test]
async fn a_wrong_nonce_is_rejected() {
    let server = server_returning(json!({"nonce": "other"})).await;
    let err = secret_client(&server)
        .authorization_code("c", "https://app.test/cb")
        .nonce("n-1")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::IdToken(IdTokenError::WrongNonce)), "{err:?}");
}

#[tokio::test]
async fn an_organization_id_mismatch_is_rejected() {
    let server = server_returning(json!({"org_id": "org_B"})).await;
    let err = secret_client(&server)
        .authorization_code("c", "https://app.test/cb")
        .expect_organization("org_A")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::IdToken(IdTokenError::WrongOrgId { .. })),
        "{err:?}"
    );
}

#[tokio::test]
async fn max_age_is_checked_against_auth_time() {
    let server = server_returning(json!({"auth_time": now() - 7200})).await;
    let err = secret_client(&server)
        .authorization_code("c", "https://app.test/cb")
        .max_age(Duration::from_secs(600))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::IdToken(IdTokenError::AuthTimeTooOld { .. })),
        "{err:?}"
    );
}

#[tokio::test]
async fn the_login_transaction_carries_verifier_and_expectations() {
    let server = tenant().await;
    let auth = secret_client(&server);
    let login = auth
        .authorize_url("https://app.test/cb")
        .with_pkce()
        .with_nonce()
        .organization("org_A")
        .build()
        .unwrap();
    let token = id_token(
        &server,
        json!({"nonce": login.nonce.clone().unwrap(), "org_id": "org_A"}),
    );
    answer(&server, TOKEN, 200, token_json(Some(&token))).await;
    auth.authorization_code("c", "https://app.test/cb")
        .login_transaction(&login)
        .send()
        .await
        .unwrap();
    let body = form(&only(&server, TOKEN).await);
    assert_eq!(body["code_verifier"], login.pkce.as_ref().unwrap().verifier());
}

#[tokio::test]
async fn validation_runs_on_refresh_too_and_checks_the_audience() {
    let server = server_returning(json!({"aud": "someone-else"})).await;
    let err = secret_client(&server)
        .refresh_token(&SecretString::from("rt"))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::IdToken(IdTokenError::Token(JwtError::WrongAudience { .. }))),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_token_signed_by_an_unknown_key_is_rejected() {
    let server = tenant().await;
    let forged = attacker_key().sign(&id_token_claims(&server, json!({}))).unwrap();
    answer(&server, TOKEN, 200, token_json(Some(&forged))).await;
    let err = secret_client(&server)
        .password("u", &SecretString::from("p"))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::IdToken(IdTokenError::Token(_))), "{err:?}");
}

#[tokio::test]
async fn a_wrong_issuer_is_rejected() {
    let server = server_returning(json!({"iss": "https://evil.example/"})).await;
    let err = secret_client(&server)
        .password("u", &SecretString::from("p"))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::IdToken(IdTokenError::Token(JwtError::WrongIssuer { .. }))),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_missing_id_token_is_an_error_when_a_nonce_was_sent() {
    let server = tenant().await;
    answer(&server, TOKEN, 200, token_json(None)).await;
    let err = secret_client(&server)
        .authorization_code("c", "https://app.test/cb")
        .nonce("n")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::MissingIdToken), "{err:?}");
}

#[tokio::test]
async fn hs256_id_tokens_with_the_client_secret_when_enabled() {
    let server = tenant().await;
    // HS256 keys need at least 32 bytes (RFC 7518 §3.2); Auth0 client secrets are 64.
    const HS_SECRET: &str = "hs256-client-secret-of-at-least-32-bytes";
    let secret = SecretString::from(HS_SECRET.to_owned());
    let token = auth0_sdk::jwt::sign_hs256(&secret, &id_token_claims(&server, json!({}))).unwrap();
    answer(&server, TOKEN, 200, token_json(Some(&token))).await;
    // Rejected by default (RS256 only)…
    let err = secret_client(&server)
        .password("u", &SecretString::from("p"))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::IdToken(_)), "{err:?}");
    // …accepted when the application is configured for HS256.
    let auth = client(&server, |b| b.client_secret(HS_SECRET).id_token_hs256());
    let tokens = auth.password("u", &SecretString::from("p")).send().await.unwrap();
    assert_eq!(tokens.id_token_claims.unwrap().sub, "auth0|user-1");
}
