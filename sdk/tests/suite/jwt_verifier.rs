//! Access-token verification: typed claims, scope and permission helpers, the JWKS cache
//! (caching, rotation, TTL, single flight, failures and cool-down) and builder rules.

use crate::jwt_support;

use std::time::Duration;

use auth0_sdk::jwt::{GrantKind, JwksCache, JwksError, JwtConfigError, JwtError, JwtVerifier, LocalKey, sign_hs256};
use jwt_support::*;
use secrecy::SecretString;
use serde::Deserialize;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const API: &str = "https://api.example.com";

fn verifier(tenant: &Tenant, jwks: JwksCache) -> JwtVerifier {
    JwtVerifier::builder()
        .issuer(tenant.issuer())
        .audience(API)
        .jwks(jwks)
        .clock(|| NOW)
        .build()
        .unwrap()
}

fn access_claims(tenant: &Tenant) -> Value {
    json!({
        "iss": tenant.issuer(),
        "sub": "auth0|user-1",
        "aud": [API, format!("{}userinfo", tenant.issuer())],
        "azp": "spa-client",
        "iat": NOW - 5,
        "exp": NOW + 600,
        "scope": "openid read:messages write:messages",
        "permissions": ["delete:messages"],
        "https://example.com/plan": "gold",
        "org_id": "org_1",
    })
}

#[derive(Debug, Deserialize)]
struct MyClaims {
    #[serde(rename = "https://example.com/plan")]
    plan: String,
    sub: String,
}

#[tokio::test]
async fn verifies_and_returns_standard_and_custom_claims() {
    let tenant = Tenant::start().await;
    let v = verifier(&tenant, tenant.jwks());
    let token = key().sign(&access_claims(&tenant)).unwrap();
    let verified = v.verify::<MyClaims>(&token).await.unwrap();
    assert_eq!(verified.custom.plan, "gold");
    assert_eq!(verified.custom.sub, "auth0|user-1");
    assert_eq!(verified.subject(), Some("auth0|user-1"));
    assert_eq!(verified.key_id.as_deref(), Some("k1"));
    assert_eq!(verified.claims.azp.as_deref(), Some("spa-client"));
    assert_eq!(verified.claims.org_id.as_deref(), Some("org_1"));
    assert_eq!(verified.claims.exp, NOW + 600);
    assert_eq!(
        verified.scopes().collect::<Vec<_>>(),
        ["openid", "read:messages", "write:messages"]
    );
    assert!(verified.has_scope("read:messages"));
    assert!(!verified.has_scope("read"));
    assert!(verified.has_permission("delete:messages"));
    assert_eq!(verified.permissions().count(), 1);
    verified.require_scopes(&["read:messages", "openid"]).unwrap();
    let missing = verified.require_scopes(&["read:messages", "admin"]).unwrap_err();
    assert_eq!(missing.kind, GrantKind::Scope);
    assert_eq!(missing.missing, ["admin"]);
    assert_eq!(missing.required, ["read:messages", "admin"]);
    let missing = verified.require_permissions(&["create:messages"]).unwrap_err();
    assert_eq!(missing.kind, GrantKind::Permission);
}

#[tokio::test]
async fn scp_arrays_are_read_when_scope_is_absent() {
    let tenant = Tenant::start().await;
    let claims = with(access_claims(&tenant), "scope", None);
    let claims = with(claims, "scp", Some(json!(["a", "b"])));
    let token = key().sign(&claims).unwrap();
    let verified = verifier(&tenant, tenant.jwks()).verify_any(&token).await.unwrap();
    assert!(verified.has_scope("b"));
    assert_eq!(verified.custom["scp"], json!(["a", "b"]));
}

#[tokio::test]
async fn custom_claims_that_do_not_deserialize_are_an_invalid_claim() {
    let tenant = Tenant::start().await;
    let claims = with(access_claims(&tenant), "https://example.com/plan", Some(json!(7)));
    let token = key().sign(&claims).unwrap();
    let err = verifier(&tenant, tenant.jwks())
        .verify::<MyClaims>(&token)
        .await
        .unwrap_err();
    assert!(matches!(err, JwtError::InvalidClaim { claim, .. } if claim == "*"));
}

#[tokio::test]
async fn malformed_permissions_are_rejected() {
    let tenant = Tenant::start().await;
    let claims = with(access_claims(&tenant), "permissions", Some(json!("delete:messages")));
    let token = key().sign(&claims).unwrap();
    let err = verifier(&tenant, tenant.jwks()).verify_any(&token).await.unwrap_err();
    assert!(matches!(err, JwtError::InvalidClaim { claim, .. } if claim == "permissions"));
}

#[tokio::test]
async fn keys_are_fetched_once_and_shared_between_clones() {
    let tenant = Tenant::start().await;
    let jwks = tenant.jwks();
    let a = verifier(&tenant, jwks.clone());
    let b = verifier(&tenant, jwks.clone());
    let token = key().sign(&access_claims(&tenant)).unwrap();
    for _ in 0..5 {
        a.verify_any(&token).await.unwrap();
        b.verify_any(&token).await.unwrap();
    }
    assert_eq!(jwks.fetch_count(), 1);
    assert_eq!(tenant.jwks_requests().await, 1);
}

#[tokio::test]
async fn rotated_key_is_picked_up_with_one_refetch() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(JWKS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_string(key().jwks_json()))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(JWKS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_string(LocalKey::jwks_json_of(&[key(), rotated_key()])))
        .mount(&server)
        .await;
    let tenant = Tenant { server };
    let v = verifier(&tenant, tenant.jwks());
    v.verify_any(&key().sign(&access_claims(&tenant)).unwrap())
        .await
        .unwrap();
    let new = rotated_key().sign(&access_claims(&tenant)).unwrap();
    let verified = v.verify_any(&new).await.unwrap();
    assert_eq!(verified.key_id.as_deref(), Some("k2"));
    assert_eq!(v.jwks().fetch_count(), 2);
}

#[tokio::test]
async fn expired_cache_is_refetched() {
    let tenant = Tenant::start().await;
    let jwks = JwksCache::builder(tenant.jwks_url()).ttl(Duration::ZERO).build();
    let v = verifier(&tenant, jwks);
    let token = key().sign(&access_claims(&tenant)).unwrap();
    v.verify_any(&token).await.unwrap();
    v.verify_any(&token).await.unwrap();
    assert_eq!(v.jwks().fetch_count(), 2);
}

#[tokio::test]
async fn concurrent_verifications_share_one_fetch() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(JWKS_PATH))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(key().jwks_json())
                .set_delay(Duration::from_millis(200)),
        )
        .mount(&server)
        .await;
    let tenant = Tenant { server };
    let v = verifier(&tenant, tenant.jwks());
    let token = key().sign(&access_claims(&tenant)).unwrap();
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let v = v.clone();
            let token = token.clone();
            tokio::spawn(async move { v.verify_any(&token).await.map(|_| ()) })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(tenant.jwks_requests().await, 1);
}

#[tokio::test]
async fn failed_fetch_is_reported_and_not_retried_during_the_cooldown() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(JWKS_PATH))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let tenant = Tenant { server };
    let v = verifier(&tenant, tenant.jwks());
    let token = key().sign(&access_claims(&tenant)).unwrap();
    let err = v.verify_any(&token).await.unwrap_err();
    assert!(matches!(err, JwtError::Jwks(JwksError::Status { status: 503, .. })));
    let err = v.verify_any(&token).await.unwrap_err();
    assert!(matches!(err, JwtError::Jwks(JwksError::CoolingDown { .. })));
    assert_eq!(tenant.jwks_requests().await, 1);
}

#[tokio::test]
async fn failed_fetch_is_retried_after_the_cooldown() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(JWKS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(JWKS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_string(key().jwks_json()))
        .mount(&server)
        .await;
    let tenant = Tenant { server };
    let jwks = JwksCache::builder(tenant.jwks_url())
        .refetch_cooldown(Duration::ZERO)
        .build();
    let v = verifier(&tenant, jwks);
    let token = key().sign(&access_claims(&tenant)).unwrap();
    let err = v.verify_any(&token).await.unwrap_err();
    assert!(matches!(err, JwtError::Jwks(JwksError::InvalidDocument { .. })));
    v.verify_any(&token).await.unwrap();
}

#[tokio::test]
async fn unparseable_keys_do_not_spoil_the_set() {
    let tenant = Tenant::with_jwks(vec![json!({"kty": "future-kty", "kid": "odd"}), key().public_jwk()]).await;
    let token = key().sign(&access_claims(&tenant)).unwrap();
    verifier(&tenant, tenant.jwks()).verify_any(&token).await.unwrap();
}

#[tokio::test]
async fn token_without_kid_uses_the_only_fitting_key() {
    let tenant = Tenant::start().await;
    let token = key()
        .sign_raw(&json!({"alg": "RS256"}), access_claims(&tenant).to_string().as_bytes())
        .unwrap();
    verifier(&tenant, tenant.jwks()).verify_any(&token).await.unwrap();

    let two = Tenant::with_jwks(vec![key().public_jwk(), rotated_key().public_jwk()]).await;
    let token = key()
        .sign_raw(&json!({"alg": "RS256"}), access_claims(&two).to_string().as_bytes())
        .unwrap();
    assert_eq!(
        verifier(&two, two.jwks()).verify_any(&token).await.unwrap_err(),
        JwtError::MissingKeyId
    );
}

#[tokio::test]
async fn fixed_key_sets_verify_without_http() {
    let tenant = Tenant::start().await;
    let v = verifier(&tenant, key().jwks_cache());
    let token = key().sign(&access_claims(&tenant)).unwrap();
    v.verify_any(&token).await.unwrap();
    assert_eq!(tenant.jwks_requests().await, 0);
    let other = rotated_key().sign(&access_claims(&tenant)).unwrap();
    assert_eq!(
        v.verify_any(&other).await.unwrap_err(),
        JwtError::UnknownKeyId { kid: "k2".into() }
    );
}

#[tokio::test]
async fn several_issuers_and_audiences_can_be_accepted() {
    let tenant = Tenant::start().await;
    let v = JwtVerifier::builder()
        .issuer("https://custom.example.com/")
        .issuer(tenant.issuer())
        .audience("https://other-api")
        .audience(API)
        .jwks(key().jwks_cache())
        .clock(|| NOW)
        .build()
        .unwrap();
    let claims = with(
        access_claims(&tenant),
        "iss",
        Some(json!("https://custom.example.com/")),
    );
    v.verify_any(&key().sign(&claims).unwrap()).await.unwrap();
}

#[tokio::test]
async fn hs256_access_tokens_with_a_shared_secret() {
    let tenant = Tenant::start().await;
    let secret = SecretString::from("api-signing-secret-0123456789abcdef");
    let v = JwtVerifier::builder()
        .issuer(tenant.issuer())
        .audience(API)
        .hmac_secret(secret.clone())
        .clock(|| NOW)
        .build()
        .unwrap();
    let token = sign_hs256(&secret, &access_claims(&tenant)).unwrap();
    v.verify_any(&token).await.unwrap();
    let forged = sign_hs256(
        &SecretString::from("nope-nope-nope-nope-nope-nope-nope"),
        &access_claims(&tenant),
    )
    .unwrap();
    assert_eq!(v.verify_any(&forged).await.unwrap_err(), JwtError::InvalidSignature);
    let debug = format!("{v:?}");
    assert!(!debug.contains("api-signing-secret-0123456789abcdef"), "{debug}");
}

#[test]
fn builder_refuses_unsafe_configurations() {
    assert_eq!(
        JwtVerifier::builder().audience(API).build().unwrap_err(),
        JwtConfigError::NoIssuer
    );
    assert_eq!(
        JwtVerifier::builder().issuer("https://i/").build().unwrap_err(),
        JwtConfigError::NoAudience
    );
    assert_eq!(
        JwtVerifier::builder()
            .issuer("https://i/")
            .audience(API)
            .algorithms(&[auth0_sdk::jwt::Algorithm::HS256])
            .build()
            .unwrap_err(),
        JwtConfigError::HmacWithoutSecret
    );
    assert_eq!(
        JwtVerifier::builder()
            .issuer("https://i/")
            .audience(API)
            .algorithms(&[])
            .build()
            .unwrap_err(),
        JwtConfigError::NoAlgorithms
    );
}

#[test]
fn auth0_shortcut_targets_the_tenant() {
    let v = JwtVerifier::for_auth0("example.eu.auth0.com", API);
    assert_eq!(
        v.jwks().url(),
        Some("https://example.eu.auth0.com/.well-known/jwks.json")
    );
    assert_eq!(v.realm(), API);
}
