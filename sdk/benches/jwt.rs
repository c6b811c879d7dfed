//! JWT signing and verification cost per algorithm, with the fixture keys of the JWT tests and
//! a fixed JWKS (no network). `parse/serde_json_value` is the plain serde_json parse of the
//! same claims, for scale against the verifier's duplicate-refusing parse and checks.
//!
//! Run with `cargo bench -p auth0-sdk --no-default-features --bench jwt`.

#[path = "../tests/suite/jwt_support/keys.rs"]
mod keys;

use std::hint::black_box;
use std::time::Duration;

use auth0_sdk::jwt::{Algorithm, JwksCache, JwtSigner, JwtVerifier, SigningKey, TokenClaims};
use criterion::Criterion;
use secrecy::{SecretSlice, SecretString};
use serde_json::Value;

const ISSUER: &str = "https://issuer.bench/";
const AUD: &str = "https://api.bench";
const SECRET: &str = "a-shared-secret-for-the-benchmarks-0123456789";

fn keys() -> Vec<SigningKey> {
    vec![
        SigningKey::hmac(Algorithm::HS256, SecretSlice::from(SECRET.as_bytes().to_vec())).unwrap(),
        SigningKey::from_pem(keys::RSA_PEM, Algorithm::RS256).unwrap(),
        SigningKey::from_pem(keys::P256_PEM, Algorithm::ES256).unwrap(),
        SigningKey::from_pem(keys::ED25519_PEM, Algorithm::EdDSA).unwrap(),
    ]
}

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30)
        .configure_from_args();
    let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let claims = TokenClaims::new()
        .subject("auth0|user-1")
        .claim("scope", "read:orders write:orders")
        .claim("permissions", serde_json::json!(["read:orders", "write:orders"]))
        .claim("https://example.com/tenant", "acme");
    for key in keys() {
        let alg = key.algorithm();
        let signer = JwtSigner::builder(key.with_kid("k"))
            .issuer(ISSUER)
            .audience(AUD)
            .build()
            .unwrap();
        let verifier = JwtVerifier::builder()
            .issuer(ISSUER)
            .audience(AUD)
            .algorithms(&[alg])
            .jwks(JwksCache::from_json(&signer.jwks_json()).unwrap())
            .hmac_secret(SecretString::from(SECRET))
            .build()
            .unwrap();
        let token = signer.sign(&claims).unwrap();
        c.bench_function(&format!("sign/{alg:?}"), |b| {
            b.iter(|| signer.sign(black_box(&claims)).unwrap())
        });
        c.bench_function(&format!("verify/{alg:?}"), |b| {
            b.iter(|| runtime.block_on(verifier.verify_any(black_box(&token))).unwrap())
        });
        if alg == Algorithm::HS256 {
            let payload = base64_decode(token.split('.').nth(1).unwrap());
            c.bench_function("parse/serde_json_value", |b| {
                b.iter(|| serde_json::from_slice::<Value>(black_box(&payload)).unwrap())
            });
        }
    }
    c.final_summary();
}

fn base64_decode(text: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text).unwrap()
}
