//! ID-token validation: what valid tokens yield, and the options the OAuth flows use.

use crate::jwt_support;

use std::time::Duration;

use auth0_sdk::jwt::{IdTokenExpectations, IdTokenValidator, JwksCache};
use jwt_support::*;
use secrecy::SecretString;
use serde_json::json;

#[tokio::test]
async fn valid_token_yields_typed_claims() {
    let tenant = Tenant::start().await;
    let claims = with(tenant.id_claims(), "email", Some(json!("ana@example.com")));
    let claims = with(claims, "https://example.com/roles", Some(json!(["admin"])));
    let claims = with(claims, "sid", Some(json!("session-9")));
    let token = key().sign(&claims).unwrap();
    let got = tenant
        .validator()
        .validate(&token, &IdTokenExpectations::new().with_nonce("nonce-1"))
        .await
        .unwrap();
    assert_eq!(got.iss, tenant.issuer());
    assert_eq!(got.aud, [CLIENT_ID]);
    assert_eq!(got.iat, NOW - 10);
    assert_eq!(got.auth_time, Some(NOW - 100));
    assert_eq!(got.nonce.as_deref(), Some("nonce-1"));
    assert_eq!(got.sid.as_deref(), Some("session-9"));
    assert_eq!(got.email(), Some("ana@example.com"));
    assert_eq!(
        got.claim::<Vec<String>>("https://example.com/roles"),
        Some(vec!["admin".to_owned()])
    );
}

#[tokio::test]
async fn no_expectations_means_nonce_max_age_and_organization_are_not_checked() {
    let tenant = Tenant::start().await;
    let claims = with(tenant.id_claims(), "auth_time", None);
    let token = key().sign(&claims).unwrap();
    tenant
        .validator()
        .validate(&token, &IdTokenExpectations::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn several_audiences_with_the_right_azp_are_accepted() {
    let tenant = Tenant::start().await;
    let claims = with(tenant.id_claims(), "aud", Some(json!([CLIENT_ID, "https://api"])));
    let claims = with(claims, "azp", Some(json!(CLIENT_ID)));
    let token = key().sign(&claims).unwrap();
    let got = tenant
        .validator()
        .validate(&token, &IdTokenExpectations::new())
        .await
        .unwrap();
    assert_eq!(got.azp.as_deref(), Some(CLIENT_ID));
}

#[tokio::test]
async fn organization_by_id_and_by_name() {
    let tenant = Tenant::start().await;
    let claims = with(tenant.id_claims(), "org_id", Some(json!("org_abc123")));
    let claims = with(claims, "org_name", Some(json!("Acme Corp")));
    let token = key().sign(&claims).unwrap();
    let v = tenant.validator();
    v.validate(&token, &IdTokenExpectations::new().with_organization("org_abc123"))
        .await
        .unwrap();
    let got = v
        .validate(&token, &IdTokenExpectations::new().with_organization("acme CORP"))
        .await
        .unwrap();
    assert_eq!(got.org_name.as_deref(), Some("Acme Corp"));
}

#[tokio::test]
async fn max_age_within_limit_is_accepted() {
    let tenant = Tenant::start().await;
    let token = key().sign(&tenant.id_claims()).unwrap();
    tenant
        .validator()
        .validate(
            &token,
            &IdTokenExpectations::new().with_max_age(Duration::from_secs(60)),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn custom_issuer_and_shared_cache() {
    let tenant = Tenant::start().await;
    let jwks = JwksCache::new(tenant.jwks_url());
    let v = IdTokenValidator::builder("login.example.com", CLIENT_ID)
        .issuer(tenant.issuer())
        .jwks(jwks.clone())
        .clock(|| NOW)
        .build()
        .unwrap();
    assert_eq!(v.issuer(), tenant.issuer());
    assert_eq!(v.client_id(), CLIENT_ID);
    let token = key().sign(&tenant.id_claims()).unwrap();
    v.validate(&token, &IdTokenExpectations::new()).await.unwrap();
    assert_eq!(jwks.fetch_count(), 1);
}

#[test]
fn default_issuer_and_jwks_follow_the_domain() {
    let v = IdTokenValidator::builder("tenant.us.auth0.com", CLIENT_ID)
        .build()
        .unwrap();
    assert_eq!(v.issuer(), "https://tenant.us.auth0.com/");
    assert_eq!(
        v.jwks().url(),
        Some("https://tenant.us.auth0.com/.well-known/jwks.json")
    );
}

#[test]
fn debug_output_never_shows_the_client_secret() {
    let v = IdTokenValidator::builder("tenant.us.auth0.com", CLIENT_ID)
        .hs256_client_secret(SecretString::from("super-secret-value-0123456789abcdef"))
        .build()
        .unwrap();
    let debug = format!("{v:?}");
    assert!(!debug.contains("super-secret-value-0123456789abcdef"), "{debug}");
    assert!(debug.contains("redacted"));
    let key_debug = format!("{:?}", key());
    assert_eq!(key_debug, "LocalKey { kid: \"k1\", .. }");
}
