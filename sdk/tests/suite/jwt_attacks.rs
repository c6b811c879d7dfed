//! The JWT attack suite: hostile or broken tokens, each rejected with its own error variant.
//! Keys are generated once per binary; the tenant's JWKS is served by wiremock; the
//! validators run on a fixed clock, so no case depends on timing.

use crate::jwt_support;

use std::time::Duration;

use auth0_sdk::jwt::{
    Algorithm, IdTokenError, IdTokenExpectations, IdTokenValidator, JwksCache, JwtError, JwtVerifier, KeyProblem,
    LocalKey, Segment, sign_hs256,
};
use jsonwebtoken::{EncodingKey, Header};
use jwt_support::*;
use secrecy::SecretString;
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn expect_nonce() -> IdTokenExpectations {
    IdTokenExpectations::new().with_nonce("nonce-1")
}

async fn reject(tenant: &Tenant, token: &str) -> IdTokenError {
    reject_with(tenant, token, &expect_nonce()).await
}

async fn reject_with(tenant: &Tenant, token: &str, expect: &IdTokenExpectations) -> IdTokenError {
    tenant
        .validator()
        .validate(token, expect)
        .await
        .expect_err("the token must be rejected")
}

fn shared(error: IdTokenError) -> JwtError {
    match error {
        IdTokenError::Token(e) => e,
        other => panic!("expected a shared token error, got {other:?}"),
    }
}

/// A token with this header JSON and payload, signed by the tenant key over exactly those
/// bytes.
fn signed_raw(header: Value, payload: &[u8]) -> String {
    key().sign_raw(&header, payload).unwrap()
}

fn header_k1() -> Value {
    json!({"alg": "RS256", "typ": "JWT", "kid": "k1"})
}

#[tokio::test]
async fn baseline_token_is_accepted() {
    let tenant = Tenant::start().await;
    let token = key().sign(&tenant.id_claims()).unwrap();
    let claims = tenant.validator().validate(&token, &expect_nonce()).await.unwrap();
    assert_eq!(claims.sub, "auth0|user-1");
}

#[tokio::test]
async fn alg_none_is_rejected() {
    let tenant = Tenant::start().await;
    for alg in ["none", "None", "NONE"] {
        let token = format!(
            "{}.{}.",
            b64(json!({"alg": alg, "typ": "JWT"}).to_string()),
            b64(tenant.id_claims().to_string())
        );
        assert_eq!(shared(reject(&tenant, &token).await), JwtError::AlgNone, "{alg}");
    }
    assert_eq!(tenant.jwks_requests().await, 0, "no key lookup for alg none");
}

#[tokio::test]
async fn hs256_signed_with_the_rsa_public_key_is_not_an_allowed_algorithm() {
    let tenant = Tenant::start().await;
    let pem = key().public_key_pem().unwrap();
    let mut header = Header::new(jsonwebtoken::Algorithm::HS256);
    header.kid = Some("k1".into());
    let token = jsonwebtoken::encode(&header, &tenant.id_claims(), &EncodingKey::from_secret(pem.as_bytes())).unwrap();
    assert_eq!(
        shared(reject(&tenant, &token).await),
        JwtError::AlgorithmNotAllowed { alg: "HS256".into() }
    );
}

#[tokio::test]
async fn hs256_with_the_rsa_public_key_fails_even_when_hs256_is_configured() {
    let tenant = Tenant::start().await;
    let pem = key().public_key_pem().unwrap();
    let validator = IdTokenValidator::builder(tenant.domain(), CLIENT_ID)
        .hs256_client_secret(SecretString::from("the-real-client-secret-0123456789abcdef"))
        .clock(|| NOW)
        .build()
        .unwrap();
    let mut header = Header::new(jsonwebtoken::Algorithm::HS256);
    header.kid = Some("k1".into());
    let token = jsonwebtoken::encode(&header, &tenant.id_claims(), &EncodingKey::from_secret(pem.as_bytes())).unwrap();
    let err = validator.validate(&token, &expect_nonce()).await.unwrap_err();
    assert_eq!(shared(err), JwtError::InvalidSignature);
    assert_eq!(tenant.jwks_requests().await, 0, "HMAC never uses JWKS keys");
}

#[tokio::test]
async fn algorithm_outside_the_allowed_list_is_rejected() {
    let tenant = Tenant::start().await;
    let token = signed_raw(
        json!({"alg": "RS512", "kid": "k1"}),
        tenant.id_claims().to_string().as_bytes(),
    );
    assert_eq!(
        shared(reject(&tenant, &token).await),
        JwtError::AlgorithmNotAllowed { alg: "RS512".into() }
    );
}

#[tokio::test]
async fn unknown_algorithm_name_is_rejected() {
    let tenant = Tenant::start().await;
    let token = signed_raw(
        json!({"alg": "ES512", "kid": "k1"}),
        tenant.id_claims().to_string().as_bytes(),
    );
    assert_eq!(
        shared(reject(&tenant, &token).await),
        JwtError::UnsupportedAlgorithm { alg: "ES512".into() }
    );
}

#[tokio::test]
async fn unknown_kid_is_rejected_after_exactly_one_refetch() {
    let tenant = Tenant::start().await;
    let validator = tenant.validator();
    let good = key().sign(&tenant.id_claims()).unwrap();
    validator.validate(&good, &expect_nonce()).await.unwrap();
    assert_eq!(tenant.jwks_requests().await, 1);

    let forged = attacker_key().sign(&tenant.id_claims()).unwrap();
    let err = validator.validate(&forged, &expect_nonce()).await.unwrap_err();
    assert_eq!(shared(err), JwtError::UnknownKeyId { kid: "attacker".into() });
    assert_eq!(tenant.jwks_requests().await, 2, "one refetch for the unknown kid");

    // Within the cool-down, more unknown kids cause no more fetches.
    for i in 0..20 {
        let forged = attacker_key()
            .with_kid(format!("made-up-{i}"))
            .sign(&tenant.id_claims())
            .unwrap();
        let err = validator.validate(&forged, &expect_nonce()).await.unwrap_err();
        assert!(matches!(shared(err), JwtError::UnknownKeyId { .. }));
    }
    assert_eq!(tenant.jwks_requests().await, 2, "cool-down prevents a fetch storm");
}

/// An attacker's server that must never be contacted.
async fn attacker_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string(LocalKey::jwks_json_of(&[attacker_key()])))
        .expect(0)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn jku_header_is_ignored() {
    let tenant = Tenant::start().await;
    let evil = attacker_server().await;
    let token = attacker_key()
        .sign_raw(
            &json!({"alg": "RS256", "kid": "attacker", "jku": format!("{}/jwks.json", evil.uri())}),
            tenant.id_claims().to_string().as_bytes(),
        )
        .unwrap();
    assert_eq!(
        shared(reject(&tenant, &token).await),
        JwtError::UnknownKeyId { kid: "attacker".into() }
    );
    evil.verify().await;
}

#[tokio::test]
async fn x5u_header_is_ignored() {
    let tenant = Tenant::start().await;
    let evil = attacker_server().await;
    let token = attacker_key()
        .sign_raw(
            &json!({"alg": "RS256", "kid": "attacker", "x5u": format!("{}/cert.pem", evil.uri())}),
            tenant.id_claims().to_string().as_bytes(),
        )
        .unwrap();
    assert_eq!(
        shared(reject(&tenant, &token).await),
        JwtError::UnknownKeyId { kid: "attacker".into() }
    );
    evil.verify().await;
}

#[tokio::test]
async fn embedded_jwk_header_is_ignored() {
    let tenant = Tenant::start().await;
    // Signed by the attacker, carrying the attacker's public key, claiming the tenant's kid.
    let token = attacker_key()
        .sign_raw(
            &json!({"alg": "RS256", "kid": "k1", "jwk": attacker_key().public_jwk()}),
            tenant.id_claims().to_string().as_bytes(),
        )
        .unwrap();
    assert_eq!(shared(reject(&tenant, &token).await), JwtError::InvalidSignature);
}

#[tokio::test]
async fn expired_token_is_rejected() {
    let tenant = Tenant::start().await;
    let claims = with(tenant.id_claims(), "exp", Some(json!(NOW - 61)));
    let token = key().sign(&claims).unwrap();
    assert_eq!(
        shared(reject(&tenant, &token).await),
        JwtError::Expired {
            exp: NOW - 61,
            now: NOW
        }
    );
}

#[tokio::test]
async fn expiry_within_the_leeway_is_accepted_and_leeway_is_configurable() {
    let tenant = Tenant::start().await;
    let claims = with(tenant.id_claims(), "exp", Some(json!(NOW - 30)));
    let token = key().sign(&claims).unwrap();
    tenant.validator().validate(&token, &expect_nonce()).await.unwrap();
    let strict = IdTokenValidator::builder(tenant.domain(), CLIENT_ID)
        .leeway(Duration::from_secs(10))
        .clock(|| NOW)
        .build()
        .unwrap();
    let err = strict.validate(&token, &expect_nonce()).await.unwrap_err();
    assert!(matches!(shared(err), JwtError::Expired { .. }));
}

#[tokio::test]
async fn not_yet_valid_token_is_rejected() {
    let tenant = Tenant::start().await;
    let claims = with(tenant.id_claims(), "nbf", Some(json!(NOW + 600)));
    let token = key().sign(&claims).unwrap();
    assert_eq!(
        shared(reject(&tenant, &token).await),
        JwtError::NotYetValid {
            nbf: NOW + 600,
            now: NOW
        }
    );
}

#[tokio::test]
async fn iat_far_in_the_future_is_rejected() {
    let tenant = Tenant::start().await;
    let claims = with(tenant.id_claims(), "iat", Some(json!(NOW + 86_400)));
    let token = key().sign(&claims).unwrap();
    assert_eq!(
        shared(reject(&tenant, &token).await),
        JwtError::IssuedInFuture {
            iat: NOW + 86_400,
            now: NOW
        }
    );
}

#[tokio::test]
async fn wrong_issuer_is_rejected() {
    let tenant = Tenant::start().await;
    let claims = with(tenant.id_claims(), "iss", Some(json!("https://evil.example.com/")));
    let token = key().sign(&claims).unwrap();
    assert_eq!(
        shared(reject(&tenant, &token).await),
        JwtError::WrongIssuer {
            found: "https://evil.example.com/".into()
        }
    );
}

#[tokio::test]
async fn issuer_without_the_trailing_slash_is_rejected() {
    let tenant = Tenant::start().await;
    let claims = with(tenant.id_claims(), "iss", Some(json!(tenant.domain())));
    let token = key().sign(&claims).unwrap();
    assert_eq!(
        shared(reject(&tenant, &token).await),
        JwtError::WrongIssuer { found: tenant.domain() }
    );
}

#[tokio::test]
async fn issuer_with_a_doubled_trailing_slash_is_rejected() {
    let tenant = Tenant::start().await;
    let claims = with(tenant.id_claims(), "iss", Some(json!(format!("{}/", tenant.issuer()))));
    let token = key().sign(&claims).unwrap();
    assert!(matches!(
        shared(reject(&tenant, &token).await),
        JwtError::WrongIssuer { .. }
    ));
}

#[tokio::test]
async fn missing_issuer_is_rejected() {
    let tenant = Tenant::start().await;
    let token = key().sign(&with(tenant.id_claims(), "iss", None)).unwrap();
    assert_eq!(
        shared(reject(&tenant, &token).await),
        JwtError::MissingClaim { claim: "iss" }
    );
}

#[tokio::test]
async fn wrong_audience_is_rejected() {
    let tenant = Tenant::start().await;
    let claims = with(tenant.id_claims(), "aud", Some(json!("another-client")));
    let token = key().sign(&claims).unwrap();
    assert_eq!(
        shared(reject(&tenant, &token).await),
        JwtError::WrongAudience {
            found: vec!["another-client".into()]
        }
    );
}

#[tokio::test]
async fn several_audiences_without_azp_are_rejected() {
    let tenant = Tenant::start().await;
    let claims = with(
        tenant.id_claims(),
        "aud",
        Some(json!([CLIENT_ID, "https://api.example.com"])),
    );
    let token = key().sign(&claims).unwrap();
    assert_eq!(reject(&tenant, &token).await, IdTokenError::MissingAuthorizedParty);
}

#[tokio::test]
async fn several_audiences_with_a_wrong_azp_are_rejected() {
    let tenant = Tenant::start().await;
    let claims = with(tenant.id_claims(), "aud", Some(json!([CLIENT_ID, "other"])));
    let claims = with(claims, "azp", Some(json!("other")));
    let token = key().sign(&claims).unwrap();
    assert_eq!(
        reject(&tenant, &token).await,
        IdTokenError::WrongAuthorizedParty { found: "other".into() }
    );
}

#[tokio::test]
async fn missing_nonce_is_rejected() {
    let tenant = Tenant::start().await;
    let token = key().sign(&with(tenant.id_claims(), "nonce", None)).unwrap();
    assert_eq!(reject(&tenant, &token).await, IdTokenError::MissingNonce);
}

#[tokio::test]
async fn wrong_nonce_is_rejected() {
    let tenant = Tenant::start().await;
    let claims = with(tenant.id_claims(), "nonce", Some(json!("replayed-nonce")));
    let token = key().sign(&claims).unwrap();
    assert_eq!(reject(&tenant, &token).await, IdTokenError::WrongNonce);
}

#[tokio::test]
async fn max_age_exceeded_is_rejected() {
    let tenant = Tenant::start().await;
    let claims = with(tenant.id_claims(), "auth_time", Some(json!(NOW - 7200)));
    let token = key().sign(&claims).unwrap();
    let expect = expect_nonce().with_max_age(Duration::from_secs(3600));
    assert_eq!(
        reject_with(&tenant, &token, &expect).await,
        IdTokenError::AuthTimeTooOld {
            auth_time: NOW - 7200,
            max_age: 3600,
            now: NOW
        }
    );
}

#[tokio::test]
async fn missing_auth_time_with_max_age_is_rejected() {
    let tenant = Tenant::start().await;
    let token = key().sign(&with(tenant.id_claims(), "auth_time", None)).unwrap();
    let expect = expect_nonce().with_max_age(Duration::from_secs(3600));
    assert_eq!(
        reject_with(&tenant, &token, &expect).await,
        IdTokenError::MissingAuthTime
    );
}

#[tokio::test]
async fn organization_id_mismatch_is_rejected() {
    let tenant = Tenant::start().await;
    let claims = with(tenant.id_claims(), "org_id", Some(json!("org_other")));
    let token = key().sign(&claims).unwrap();
    let expect = expect_nonce().with_organization("org_requested");
    assert_eq!(
        reject_with(&tenant, &token, &expect).await,
        IdTokenError::WrongOrgId {
            found: "org_other".into()
        }
    );
}

#[tokio::test]
async fn organization_id_missing_is_rejected() {
    let tenant = Tenant::start().await;
    let claims = with(tenant.id_claims(), "org_name", Some(json!("org_requested")));
    let token = key().sign(&claims).unwrap();
    let expect = expect_nonce().with_organization("org_requested");
    assert_eq!(reject_with(&tenant, &token, &expect).await, IdTokenError::MissingOrgId);
}

#[tokio::test]
async fn organization_name_mismatch_is_rejected() {
    let tenant = Tenant::start().await;
    let claims = with(tenant.id_claims(), "org_name", Some(json!("globex")));
    let token = key().sign(&claims).unwrap();
    let expect = expect_nonce().with_organization("Acme");
    assert_eq!(
        reject_with(&tenant, &token, &expect).await,
        IdTokenError::WrongOrgName { found: "globex".into() }
    );
}

#[tokio::test]
async fn organization_name_missing_is_rejected() {
    let tenant = Tenant::start().await;
    let claims = with(tenant.id_claims(), "org_id", Some(json!("org_acme")));
    let token = key().sign(&claims).unwrap();
    let expect = expect_nonce().with_organization("acme");
    assert_eq!(
        reject_with(&tenant, &token, &expect).await,
        IdTokenError::MissingOrgName
    );
}

#[tokio::test]
async fn stripped_signature_is_rejected() {
    let tenant = Tenant::start().await;
    let token = key().sign(&tenant.id_claims()).unwrap();
    let stripped = format!("{}.", &token[..token.rfind('.').unwrap()]);
    assert_eq!(shared(reject(&tenant, &stripped).await), JwtError::InvalidSignature);
}

#[tokio::test]
async fn altered_payload_is_rejected() {
    let tenant = Tenant::start().await;
    let token = key().sign(&tenant.id_claims()).unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    let altered = with(tenant.id_claims(), "sub", Some(json!("auth0|admin")));
    let forged = format!("{}.{}.{}", parts[0], b64(altered.to_string()), parts[2]);
    assert_eq!(shared(reject(&tenant, &forged).await), JwtError::InvalidSignature);
}

#[tokio::test]
async fn signature_by_another_key_under_the_tenant_kid_is_rejected() {
    let tenant = Tenant::start().await;
    let token = attacker_key().with_kid("k1").sign(&tenant.id_claims()).unwrap();
    assert_eq!(shared(reject(&tenant, &token).await), JwtError::InvalidSignature);
}

#[tokio::test]
async fn malformed_base64_is_rejected() {
    let tenant = Tenant::start().await;
    let token = key().sign(&tenant.id_claims()).unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    let bad_header = format!("{}*.{}.{}", parts[0], parts[1], parts[2]);
    assert_eq!(
        shared(reject(&tenant, &bad_header).await),
        JwtError::Base64 {
            segment: Segment::Header
        }
    );
    let padded = format!("{}.{}==.{}", parts[0], parts[1], parts[2]);
    assert_eq!(
        shared(reject(&tenant, &padded).await),
        JwtError::Base64 {
            segment: Segment::Payload
        }
    );
    let std_alphabet = format!("{}.{}.{}+/", parts[0], parts[1], parts[2]);
    assert_eq!(
        shared(reject(&tenant, &std_alphabet).await),
        JwtError::Base64 {
            segment: Segment::Signature
        }
    );
}

#[tokio::test]
async fn wrong_segment_count_is_rejected() {
    let tenant = Tenant::start().await;
    let token = key().sign(&tenant.id_claims()).unwrap();
    let two = &token[..token.rfind('.').unwrap()];
    assert_eq!(shared(reject(&tenant, two).await), JwtError::SegmentCount { found: 2 });
    let jwe_like = format!("{token}.AAAA.BBBB");
    assert_eq!(
        shared(reject(&tenant, &jwe_like).await),
        JwtError::SegmentCount { found: 5 }
    );
    assert_eq!(shared(reject(&tenant, "").await), JwtError::SegmentCount { found: 1 });
}

#[tokio::test]
async fn oversized_token_is_rejected_before_parsing() {
    let tenant = Tenant::start().await;
    let claims = with(tenant.id_claims(), "padding", Some(json!("x".repeat(20_000))));
    let token = key().sign(&claims).unwrap();
    assert!(matches!(
        shared(reject(&tenant, &token).await),
        JwtError::TooLarge { max: 16_384, .. }
    ));
    assert_eq!(tenant.jwks_requests().await, 0);
}

#[tokio::test]
async fn non_json_payload_is_rejected() {
    let tenant = Tenant::start().await;
    let token = signed_raw(header_k1(), b"this is not json");
    assert_eq!(
        shared(reject(&tenant, &token).await),
        JwtError::NotJson {
            segment: Segment::Payload
        }
    );
    let array = signed_raw(header_k1(), b"[1,2,3]");
    assert_eq!(
        shared(reject(&tenant, &array).await),
        JwtError::NotJson {
            segment: Segment::Payload
        }
    );
}

#[tokio::test]
async fn non_json_header_is_rejected() {
    let tenant = Tenant::start().await;
    let token = format!("{}.{}.AAAA", b64("alg=RS256"), b64(tenant.id_claims().to_string()));
    assert_eq!(
        shared(reject(&tenant, &token).await),
        JwtError::NotJson {
            segment: Segment::Header
        }
    );
}

#[tokio::test]
async fn critical_header_extension_is_rejected() {
    let tenant = Tenant::start().await;
    let token = signed_raw(
        json!({"alg": "RS256", "kid": "k1", "crit": ["exp"], "exp": NOW + 10}),
        tenant.id_claims().to_string().as_bytes(),
    );
    assert_eq!(
        shared(reject(&tenant, &token).await),
        JwtError::CriticalHeader {
            names: vec!["exp".into()]
        }
    );
}

#[tokio::test]
async fn encryption_key_is_not_used_for_signatures() {
    let mut jwk = key().public_jwk();
    jwk["use"] = json!("enc");
    let tenant = Tenant::with_jwks(vec![jwk]).await;
    let token = key().sign(&tenant.id_claims()).unwrap();
    assert_eq!(
        shared(reject(&tenant, &token).await),
        JwtError::KeyUnsuitable {
            kid: "k1".into(),
            problem: KeyProblem::WrongUse
        }
    );
}

#[tokio::test]
async fn key_of_the_wrong_type_is_rejected() {
    let ec = json!({
        "kty": "EC", "crv": "P-256", "kid": "k1", "use": "sig",
        "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
        "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
    });
    let tenant = Tenant::with_jwks(vec![ec]).await;
    let token = key().sign(&tenant.id_claims()).unwrap();
    assert_eq!(
        shared(reject(&tenant, &token).await),
        JwtError::KeyUnsuitable {
            kid: "k1".into(),
            problem: KeyProblem::WrongKeyType
        }
    );
}

#[tokio::test]
async fn symmetric_key_published_in_the_jwks_is_rejected() {
    let oct = json!({"kty": "oct", "kid": "k1", "k": b64("shared-secret-bytes")});
    let tenant = Tenant::with_jwks(vec![oct]).await;
    let token = key().sign(&tenant.id_claims()).unwrap();
    assert_eq!(
        shared(reject(&tenant, &token).await),
        JwtError::KeyUnsuitable {
            kid: "k1".into(),
            problem: KeyProblem::WrongKeyType
        }
    );
}

#[tokio::test]
async fn key_whose_alg_differs_from_the_token_is_rejected() {
    let mut jwk = key().public_jwk();
    jwk["alg"] = json!("PS256");
    let tenant = Tenant::with_jwks(vec![jwk]).await;
    let token = key().sign(&tenant.id_claims()).unwrap();
    assert_eq!(
        shared(reject(&tenant, &token).await),
        JwtError::KeyUnsuitable {
            kid: "k1".into(),
            problem: KeyProblem::AlgorithmMismatch
        }
    );
}

#[tokio::test]
async fn rsa_key_shorter_than_2048_bits_is_rejected() {
    let weak = LocalKey::generate_rsa_bits("weak", 1024).unwrap();
    let tenant = Tenant::with_jwks(vec![weak.public_jwk()]).await;
    let token = weak.sign(&tenant.id_claims()).unwrap();
    assert_eq!(
        shared(reject(&tenant, &token).await),
        JwtError::KeyUnsuitable {
            kid: "weak".into(),
            problem: KeyProblem::TooSmall
        }
    );
}

#[tokio::test]
async fn missing_subject_is_rejected() {
    let tenant = Tenant::start().await;
    let token = key().sign(&with(tenant.id_claims(), "sub", None)).unwrap();
    assert_eq!(
        shared(reject(&tenant, &token).await),
        JwtError::MissingClaim { claim: "sub" }
    );
}

#[tokio::test]
async fn missing_expiry_and_issue_time_are_rejected() {
    let tenant = Tenant::start().await;
    let token = key().sign(&with(tenant.id_claims(), "exp", None)).unwrap();
    assert_eq!(
        shared(reject(&tenant, &token).await),
        JwtError::MissingClaim { claim: "exp" }
    );
    let token = key().sign(&with(tenant.id_claims(), "iat", None)).unwrap();
    assert_eq!(
        shared(reject(&tenant, &token).await),
        JwtError::MissingClaim { claim: "iat" }
    );
}

#[tokio::test]
async fn claim_of_the_wrong_type_is_rejected() {
    let tenant = Tenant::start().await;
    let claims = with(tenant.id_claims(), "exp", Some(json!("tomorrow")));
    let token = key().sign(&claims).unwrap();
    assert!(matches!(
        shared(reject(&tenant, &token).await),
        JwtError::InvalidClaim { claim, .. } if claim == "exp"
    ));
}

#[tokio::test]
async fn hs256_id_token_is_rejected_unless_configured() {
    let tenant = Tenant::start().await;
    let secret = SecretString::from("client-secret-123-0123456789abcdef");
    let token = sign_hs256(&secret, &tenant.id_claims()).unwrap();
    assert_eq!(
        shared(reject(&tenant, &token).await),
        JwtError::AlgorithmNotAllowed { alg: "HS256".into() }
    );
    let wrong_secret = sign_hs256(
        &SecretString::from("guessed-guessed-guessed-guessed-guessed"),
        &tenant.id_claims(),
    )
    .unwrap();
    let validator = IdTokenValidator::builder(tenant.domain(), CLIENT_ID)
        .hs256_client_secret(secret)
        .clock(|| NOW)
        .build()
        .unwrap();
    validator.validate(&token, &expect_nonce()).await.unwrap();
    let err = validator.validate(&wrong_secret, &expect_nonce()).await.unwrap_err();
    assert_eq!(shared(err), JwtError::InvalidSignature);
}

#[tokio::test]
async fn access_token_verifier_rejects_an_id_token_for_another_audience() {
    let tenant = Tenant::start().await;
    let verifier = JwtVerifier::builder()
        .issuer(tenant.issuer())
        .audience("https://api.example.com")
        .jwks(JwksCache::new(tenant.jwks_url()))
        .clock(|| NOW)
        .build()
        .unwrap();
    let id_token = key().sign(&tenant.id_claims()).unwrap();
    assert_eq!(
        verifier.verify_any(&id_token).await.unwrap_err(),
        JwtError::WrongAudience {
            found: vec![CLIENT_ID.into()]
        }
    );
}

#[tokio::test]
async fn access_token_verifier_applies_the_same_structural_checks() {
    let tenant = Tenant::start().await;
    let verifier = JwtVerifier::builder()
        .issuer(tenant.issuer())
        .audience(CLIENT_ID)
        .algorithms(&[Algorithm::RS256])
        .jwks(JwksCache::new(tenant.jwks_url()))
        .clock(|| NOW)
        .build()
        .unwrap();
    let none = format!("{}.{}.", b64(r#"{"alg":"none"}"#), b64(tenant.id_claims().to_string()));
    assert_eq!(verifier.verify_any(&none).await.unwrap_err(), JwtError::AlgNone);
    let crit = signed_raw(
        json!({"alg": "RS256", "kid": "k1", "crit": ["b64"], "b64": false}),
        tenant.id_claims().to_string().as_bytes(),
    );
    assert!(matches!(
        verifier.verify_any(&crit).await.unwrap_err(),
        JwtError::CriticalHeader { .. }
    ));
    let expired = key()
        .sign(&with(tenant.id_claims(), "exp", Some(json!(NOW - 3600))))
        .unwrap();
    assert!(matches!(
        verifier.verify_any(&expired).await.unwrap_err(),
        JwtError::Expired { .. }
    ));
}
