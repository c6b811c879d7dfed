//! `JwtSigner` and `SigningKey`: every algorithm the signer offers round-trips through
//! `JwtVerifier` with the signer's JWKS served by a loopback wiremock server; the standard
//! claims are set; keys are checked; no private material leaks.

use crate::jwt_support;

use std::collections::HashSet;
use std::time::Duration;

use auth0_sdk::jwt::{Algorithm, JwtSigner, JwtVerifier, KeyProblem, SignerError, SigningKey, TokenClaims};
use auth0_sdk::runtime::{ClientAssertionSigner, ExposeSecret, SigningAlgorithm};
use jwt_support::keys::*;
use jwt_support::*;
use secrecy::{SecretSlice, SecretString};
use serde_json::{Value, json};

const ISSUER: &str = "https://orders.internal/";
const AUD: &str = "https://billing.internal";

fn signer(key: SigningKey) -> JwtSigner {
    JwtSigner::builder(key)
        .issuer(ISSUER)
        .audience(AUD)
        .clock(|| NOW)
        .build()
        .unwrap()
}

/// Every asymmetric algorithm with its key from PEM and from JWK.
fn asymmetric_keys() -> Vec<(Algorithm, &'static str, SigningKey)> {
    let mut keys = Vec::new();
    for alg in [
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
    ] {
        keys.push((alg, "pkcs8 pem", SigningKey::from_pem(RSA_PEM, alg).unwrap()));
        keys.push((alg, "pkcs1 pem", SigningKey::from_pem(RSA_PKCS1_PEM, alg).unwrap()));
        let mut jwk: Value = serde_json::from_str(RSA_JWK).unwrap();
        jwk["alg"] = json!(format!("{alg:?}"));
        keys.push((alg, "jwk", SigningKey::from_jwk(&jwk.to_string()).unwrap()));
    }
    keys.push((
        Algorithm::ES256,
        "pem",
        SigningKey::from_pem(P256_PEM, Algorithm::ES256).unwrap(),
    ));
    keys.push((
        Algorithm::ES256,
        "sec1 pem",
        SigningKey::from_pem(P256_SEC1_PEM, Algorithm::ES256).unwrap(),
    ));
    keys.push((Algorithm::ES256, "jwk", SigningKey::from_jwk(P256_JWK).unwrap()));
    keys.push((
        Algorithm::ES384,
        "pem",
        SigningKey::from_pem(P384_PEM, Algorithm::ES384).unwrap(),
    ));
    keys.push((Algorithm::ES384, "jwk", SigningKey::from_jwk(P384_JWK).unwrap()));
    keys.push((
        Algorithm::EdDSA,
        "pem",
        SigningKey::from_pem(ED25519_PEM, Algorithm::EdDSA).unwrap(),
    ));
    keys.push((Algorithm::EdDSA, "jwk", SigningKey::from_jwk(ED25519_JWK).unwrap()));
    keys
}

#[tokio::test]
async fn every_asymmetric_algorithm_round_trips_through_a_served_jwks() {
    for (alg, source, key) in asymmetric_keys() {
        assert_eq!(key.algorithm(), alg, "{source}");
        let signer = signer(key.with_kid(format!("{alg:?}-{source}")));
        let jwks = signer.jwks();
        assert_no_private_members(&jwks);
        let tenant = Tenant::with_jwks(jwks["keys"].as_array().unwrap().clone()).await;
        let verifier = JwtVerifier::builder()
            .issuer(ISSUER)
            .audience(AUD)
            .algorithms(&[alg])
            .jwks_url(tenant.jwks_url())
            .ecdsa_low_s_only(true)
            .clock(|| NOW)
            .build()
            .unwrap();
        let token = signer
            .sign(&TokenClaims::new().subject("user-42").claim("scope", "bill"))
            .unwrap();
        let verified = verifier
            .verify_any(&token)
            .await
            .unwrap_or_else(|e| panic!("{alg:?} from {source}: {e}"));
        assert_eq!(verified.algorithm, alg);
        assert_eq!(verified.key_id.as_deref(), Some(format!("{alg:?}-{source}").as_str()));
        assert_eq!(verified.subject(), Some("user-42"));
        assert!(verified.has_scope("bill"));
        assert_eq!(tenant.jwks_requests().await, 1);
    }
}

#[tokio::test]
async fn every_hmac_algorithm_round_trips_with_the_shared_secret() {
    let secret = "a-shared-secret-of-sixty-four-bytes-for-hs512-0123456789abcdefgh";
    assert_eq!(secret.len(), 64);
    for alg in [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512] {
        let key = SigningKey::hmac(alg, SecretSlice::from(secret.as_bytes().to_vec())).unwrap();
        let signer = signer(key);
        assert_eq!(signer.jwks(), json!({"keys": []}), "a shared secret is never published");
        let verifier = JwtVerifier::builder()
            .issuer(ISSUER)
            .audience(AUD)
            .algorithms(&[alg])
            .hmac_secret(SecretString::from(secret))
            .clock(|| NOW)
            .build()
            .unwrap();
        let token = signer.sign(&TokenClaims::new()).unwrap();
        assert_eq!(verifier.verify_any(&token).await.unwrap().algorithm, alg);
    }
    // From an `oct` JWK too.
    let jwk = json!({"kty": "oct", "k": b64(secret), "kid": "shared"}).to_string();
    let key = SigningKey::from_jwk(&jwk).unwrap();
    assert_eq!((key.algorithm(), key.kid()), (Algorithm::HS256, Some("shared")));
}

#[test]
fn standard_claims_and_header_are_set() {
    let key = SigningKey::from_pem(P256_PEM, Algorithm::ES256)
        .unwrap()
        .with_kid("ec-1");
    let signer = JwtSigner::builder(key)
        .issuer(ISSUER)
        .audience(AUD)
        .audience("https://audit.internal")
        .lifetime(Duration::from_secs(120))
        .typ("at+jwt")
        .clock(|| NOW)
        .build()
        .unwrap();
    let claims = TokenClaims::new()
        .subject("user-42")
        .not_before(NOW - 5)
        .claim("nested", json!({"a": [1, 2]}))
        .claims(&json!({"client_id": "svc"}))
        .unwrap();
    let mut jtis = HashSet::new();
    for _ in 0..3 {
        let token = signer.sign(&claims).unwrap();
        let header = jsonwebtoken::decode_header(&token).unwrap();
        assert_eq!(header.alg, Algorithm::ES256);
        assert_eq!(header.kid.as_deref(), Some("ec-1"));
        assert_eq!(header.typ.as_deref(), Some("at+jwt"));
        let payload: Value = serde_json::from_slice(&base64_decode(token.split('.').nth(1).unwrap())).unwrap();
        assert_eq!(payload["iss"], ISSUER);
        assert_eq!(payload["aud"], json!([AUD, "https://audit.internal"]));
        assert_eq!(payload["sub"], "user-42");
        assert_eq!(payload["iat"], NOW);
        assert_eq!(payload["nbf"], NOW - 5);
        assert_eq!(payload["exp"], NOW + 120);
        assert_eq!(payload["nested"], json!({"a": [1, 2]}));
        assert_eq!(payload["client_id"], "svc");
        let jti = payload["jti"].as_str().unwrap().to_owned();
        assert_eq!(jti.len(), 32);
        jtis.insert(jti);
    }
    assert_eq!(jtis.len(), 3, "a fresh jti per token");
    // A per-token lifetime overrides the signer's.
    let token = signer
        .sign(&TokenClaims::new().lifetime(Duration::from_secs(7)))
        .unwrap();
    let payload: Value = serde_json::from_slice(&base64_decode(token.split('.').nth(1).unwrap())).unwrap();
    assert_eq!(payload["exp"], NOW + 7);
}

fn base64_decode(text: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text).unwrap()
}

#[test]
fn pem_and_jwk_of_one_key_publish_the_same_public_jwk() {
    for (pem, jwk, alg) in [
        (RSA_PEM, RSA_JWK, Algorithm::RS256),
        (P256_PEM, P256_JWK, Algorithm::ES256),
        (P384_PEM, P384_JWK, Algorithm::ES384),
        (ED25519_PEM, ED25519_JWK, Algorithm::EdDSA),
    ] {
        let from_pem = SigningKey::from_pem(pem, alg).unwrap().public_jwk().unwrap();
        let from_jwk = SigningKey::from_jwk(jwk).unwrap().public_jwk().unwrap();
        assert_eq!(from_pem, from_jwk, "{alg:?}");
        // The public members equal the JWK's own.
        let private: Value = serde_json::from_str(jwk).unwrap();
        for member in ["n", "e", "x", "y", "crv"] {
            assert_eq!(from_pem.get(member), private.get(member), "{alg:?} {member}");
        }
    }
}

fn assert_no_private_members(jwks: &Value) {
    for key in jwks["keys"].as_array().unwrap() {
        for private in ["d", "p", "q", "dp", "dq", "qi", "k", "oth"] {
            assert!(key.get(private).is_none(), "{private} published: {key}");
        }
        assert_eq!(key["use"], "sig");
    }
}

#[test]
fn debug_and_errors_never_show_key_material() {
    let jwk: Value = serde_json::from_str(RSA_JWK).unwrap();
    let d = jwk["d"].as_str().unwrap();
    let key = SigningKey::from_jwk(RSA_JWK).unwrap();
    let signer = signer(key.clone());
    for text in [format!("{key:?}"), format!("{signer:?}")] {
        assert!(text.contains("REDACTED"), "{text}");
        assert!(!text.contains(&d[..16]) && !text.contains("MII"), "{text}");
    }
    let secret = "s".repeat(40);
    let hmac = SigningKey::hmac(Algorithm::HS256, SecretSlice::from(secret.as_bytes().to_vec())).unwrap();
    assert!(!format!("{hmac:?}").contains(&secret));
    // A JWK whose private half does not match its public half: the error names neither.
    let mut mismatched: Value = serde_json::from_str(P256_JWK).unwrap();
    let other: Value = serde_json::from_str(P384_JWK).unwrap();
    mismatched["x"] = json!(other["x"].as_str().unwrap()[..43]);
    let err = SigningKey::from_jwk(&mismatched.to_string()).unwrap_err();
    assert!(matches!(err, SignerError::InvalidKey { .. }), "{err:?}");
    let p256_d = serde_json::from_str::<Value>(P256_JWK).unwrap()["d"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(!err.to_string().contains(&p256_d) && !format!("{err:?}").contains(&p256_d));
}

#[test]
fn unfit_keys_and_claims_are_typed_errors() {
    assert_eq!(
        SigningKey::from_pem(RSA_1024_PEM, Algorithm::RS256).unwrap_err(),
        SignerError::KeyUnsuitable {
            algorithm: Algorithm::RS256,
            problem: KeyProblem::TooSmall
        }
    );
    assert!(matches!(
        SigningKey::from_pem(P256_PEM, Algorithm::RS256).unwrap_err(),
        SignerError::InvalidKey { .. }
    ));
    assert!(matches!(
        SigningKey::from_pem(P256_PEM, Algorithm::ES384).unwrap_err(),
        SignerError::InvalidKey { .. }
    ));
    assert!(matches!(
        SigningKey::from_pem(RSA_PEM, Algorithm::HS256).unwrap_err(),
        SignerError::UnsupportedAlgorithm { .. }
    ));
    assert!(matches!(
        SigningKey::from_pem("garbage", Algorithm::EdDSA).unwrap_err(),
        SignerError::InvalidKey { .. }
    ));
    assert_eq!(
        SigningKey::hmac(Algorithm::HS256, SecretSlice::from(vec![1u8; 31])).unwrap_err(),
        SignerError::SecretTooShort {
            algorithm: Algorithm::HS256,
            bytes: 31,
            min_bytes: 32
        }
    );
    assert!(SigningKey::hmac(Algorithm::HS384, SecretSlice::from(vec![1u8; 47])).is_err());
    assert!(SigningKey::hmac(Algorithm::RS256, SecretSlice::from(vec![1u8; 64])).is_err());
    // A public JWK cannot sign; an `alg` must fit the key.
    let public = SigningKey::from_pem(RSA_PEM, Algorithm::RS256)
        .unwrap()
        .public_jwk()
        .unwrap();
    assert!(matches!(
        SigningKey::from_jwk(&public.to_string()).unwrap_err(),
        SignerError::InvalidJwk { .. }
    ));
    let mut ec: Value = serde_json::from_str(P256_JWK).unwrap();
    ec["alg"] = json!("ES384");
    assert!(SigningKey::from_jwk(&ec.to_string()).is_err());
    assert!(SigningKey::from_jwk("[1]").is_err());
    // Signer configuration and reserved claims.
    let key = || SigningKey::from_pem(ED25519_PEM, Algorithm::EdDSA).unwrap();
    assert_eq!(
        JwtSigner::builder(key()).audience(AUD).build().unwrap_err(),
        SignerError::MissingIssuer
    );
    assert_eq!(
        JwtSigner::builder(key()).issuer(ISSUER).build().unwrap_err(),
        SignerError::MissingAudience
    );
    for name in ["iss", "aud", "exp", "iat", "jti", "sub", "nbf"] {
        assert_eq!(
            signer(key()).sign(&TokenClaims::new().claim(name, 1)).unwrap_err(),
            SignerError::ReservedClaim { name: name.into() }
        );
    }
    assert!(matches!(
        TokenClaims::new().claims(&[1, 2]).unwrap_err(),
        SignerError::Claims { .. }
    ));
}

#[test]
fn client_assertions_use_the_same_key_type() {
    let key = SigningKey::from_jwk(RSA_JWK).unwrap().with_kid("registered-1");
    let assertion_signer = ClientAssertionSigner::new(key.clone()).unwrap();
    assert_eq!(assertion_signer.algorithm(), SigningAlgorithm::RS256);
    assert_eq!(assertion_signer.signing_key().kid(), Some("registered-1"));
    let assertion = assertion_signer.sign("my-client", "https://tenant.auth0.com/").unwrap();
    let header = jsonwebtoken::decode_header(assertion.expose_secret()).unwrap();
    assert_eq!(header.kid.as_deref(), Some("registered-1"));
    // The assertion verifies with the key's published JWK.
    let jwk: jsonwebtoken::jwk::Jwk = serde_json::from_value(key.public_jwk().unwrap()).unwrap();
    let mut validation = jsonwebtoken::Validation::new(Algorithm::RS256);
    validation.set_audience(&["https://tenant.auth0.com/"]);
    let claims = jsonwebtoken::decode::<Value>(
        assertion.expose_secret(),
        &jsonwebtoken::DecodingKey::from_jwk(&jwk).unwrap(),
        &validation,
    )
    .unwrap()
    .claims;
    assert_eq!(
        (claims["iss"].as_str(), claims["sub"].as_str()),
        (Some("my-client"), Some("my-client"))
    );
    // ES256 from a SEC1 PEM, through the old constructor.
    let es = ClientAssertionSigner::from_pem(P256_SEC1_PEM, SigningAlgorithm::ES256).unwrap();
    assert_eq!(es.algorithm(), SigningAlgorithm::ES256);
    // Algorithms Auth0 does not take for private_key_jwt are refused.
    for key in [
        SigningKey::from_pem(ED25519_PEM, Algorithm::EdDSA).unwrap(),
        SigningKey::hmac(Algorithm::HS256, SecretSlice::from(vec![9u8; 32])).unwrap(),
    ] {
        let err = ClientAssertionSigner::try_from(key).unwrap_err();
        assert!(matches!(err, auth0_sdk::Error::Config(_)), "{err:?}");
    }
}
