//! Defects found by an independent JWT attack harness (issue 11, items 11–19): each test
//! builds the hostile token or key the harness used and checks the typed rejection.

use crate::jwt_support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use auth0_sdk::jwt::{
    Algorithm, IdTokenError, IdTokenExpectations, IdTokenValidator, JwksCache, JwtConfigError, JwtError, JwtSigner,
    JwtVerifier, KeyProblem, LocalKey, Segment, SigningKey, TokenClaims,
};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::EncodingKey;
use jwt_support::keys::{P256_PEM, RSA_PEM};
use jwt_support::*;
use secrecy::SecretString;
use serde_json::{Value, json};

const API: &str = "https://api.example.com";

/// The fixture RSA key, published under `kid` "k1".
fn rsa_key() -> SigningKey {
    SigningKey::from_pem(RSA_PEM, Algorithm::RS256).unwrap().with_kid("k1")
}

/// A compact JWS over exactly these header and payload texts (so they can hold duplicate
/// names), signed RS256 by the fixture key.
fn sign_text(header: &str, payload: &str) -> String {
    let input = format!("{}.{}", b64(header), b64(payload));
    let key = EncodingKey::from_rsa_pem(RSA_PEM.as_bytes()).unwrap();
    let signature = jsonwebtoken::crypto::sign(input.as_bytes(), &key, Algorithm::RS256).unwrap();
    format!("{input}.{signature}")
}

fn fixed_jwks(keys: Vec<Value>) -> JwksCache {
    JwksCache::from_json(&json!({ "keys": keys }).to_string()).unwrap()
}

fn verifier(jwks: JwksCache, algorithms: &[Algorithm]) -> JwtVerifier {
    JwtVerifier::builder()
        .issuer("https://issuer.test/")
        .audience(API)
        .jwks(jwks)
        .algorithms(algorithms)
        .clock(|| NOW)
        .build()
        .unwrap()
}

fn access_claims() -> Value {
    json!({"iss": "https://issuer.test/", "aud": API, "sub": "user-1", "iat": NOW - 10, "exp": NOW + 600})
}

// Item 11: the key-size rule counts bits, not bytes.
#[tokio::test]
async fn a_2044_bit_rsa_modulus_is_too_small() {
    let weak = LocalKey::generate_rsa_bits("weak", 2044).unwrap();
    let n = URL_SAFE_NO_PAD
        .decode(weak.public_jwk()["n"].as_str().unwrap())
        .unwrap();
    assert_eq!(n.len(), 256, "2044 bits still fill 256 bytes");
    let token = weak.sign(&access_claims()).unwrap();
    let err = verifier(weak.jwks_cache(), &[Algorithm::RS256])
        .verify_any(&token)
        .await
        .unwrap_err();
    assert_eq!(
        err,
        JwtError::KeyUnsuitable {
            kid: "weak".into(),
            problem: KeyProblem::TooSmall
        }
    );
    // 2048 bits exactly is fine.
    let token = rsa_key().sign_token();
    assert!(
        verifier(rsa_jwks(), &[Algorithm::RS256])
            .verify_any(&token)
            .await
            .is_ok()
    );
}

trait SignToken {
    fn sign_token(&self) -> String;
}

impl SignToken for SigningKey {
    fn sign_token(&self) -> String {
        JwtSigner::builder(self.clone())
            .issuer("https://issuer.test/")
            .audience(API)
            .clock(|| NOW)
            .build()
            .unwrap()
            .sign(&TokenClaims::new().subject("user-1"))
            .unwrap()
    }
}

fn rsa_jwks() -> JwksCache {
    fixed_jwks(vec![rsa_key().public_jwk().unwrap()])
}

// Item 12: HMAC secrets shorter than the hash output are refused by both builders.
#[test]
fn short_hmac_secrets_are_a_config_error() {
    let one_byte = SecretString::from("x");
    let err = JwtVerifier::builder()
        .issuer("https://issuer.test/")
        .audience(API)
        .hmac_secret(one_byte.clone())
        .build()
        .unwrap_err();
    assert_eq!(
        err,
        JwtConfigError::SecretTooShort {
            algorithm: Algorithm::HS256,
            bytes: 1,
            min_bytes: 32
        }
    );
    let err = IdTokenValidator::builder("t.auth0.com", CLIENT_ID)
        .hs256_client_secret(one_byte)
        .build()
        .unwrap_err();
    assert!(
        matches!(err, JwtConfigError::SecretTooShort { bytes: 1, .. }),
        "{err:?}"
    );
    // 31 bytes fail, 32 pass; HS512 in the list raises the bar to 64.
    let with = |secret: &str, algorithms: &[Algorithm]| {
        JwtVerifier::builder()
            .issuer("https://issuer.test/")
            .audience(API)
            .algorithms(algorithms)
            .hmac_secret(SecretString::from(secret.to_owned()))
            .build()
    };
    assert!(with(&"s".repeat(31), &[Algorithm::HS256]).is_err());
    assert!(with(&"s".repeat(32), &[Algorithm::HS256]).is_ok());
    assert_eq!(
        with(&"s".repeat(32), &[Algorithm::HS512]).unwrap_err(),
        JwtConfigError::SecretTooShort {
            algorithm: Algorithm::HS512,
            bytes: 32,
            min_bytes: 64
        }
    );
    assert!(with(&"s".repeat(64), &[Algorithm::HS512]).is_ok());
}

// Item 13: a member name repeated in the header or the claims, at any depth.
#[tokio::test]
async fn duplicate_json_members_are_rejected() {
    let v = verifier(rsa_jwks(), &[Algorithm::RS256]);
    let payload = access_claims().to_string();
    let cases = [
        (
            r#"{"alg":"none","alg":"RS256","kid":"k1"}"#.to_owned(),
            payload.clone(),
            Segment::Header,
            "alg",
        ),
        (
            r#"{"alg":"RS256","kid":"other","kid":"k1"}"#.to_owned(),
            payload.clone(),
            Segment::Header,
            "kid",
        ),
        (
            r#"{"alg":"RS256","kid":"k1"}"#.to_owned(),
            payload.replacen('{', &format!(r#"{{"exp":{},"#, NOW - 1000), 1),
            Segment::Payload,
            "exp",
        ),
        (
            r#"{"alg":"RS256","kid":"k1"}"#.to_owned(),
            payload.replacen('{', r#"{"sub":"admin","#, 1),
            Segment::Payload,
            "sub",
        ),
        (
            r#"{"alg":"RS256","kid":"k1"}"#.to_owned(),
            payload.replacen('{', r#"{"https://x/roles":{"admin":false,"admin":true},"#, 1),
            Segment::Payload,
            "admin",
        ),
    ];
    for (header, payload, segment, name) in cases {
        let err = v.verify_any(&sign_text(&header, &payload)).await.unwrap_err();
        assert_eq!(
            err,
            JwtError::DuplicateMember {
                segment,
                name: name.into()
            },
            "{header} {payload}"
        );
    }
    // The same texts without the repetition verify, so only the repetition is refused.
    let token = sign_text(r#"{"alg":"RS256","kid":"k1"}"#, &payload);
    assert!(v.verify_any(&token).await.is_ok());
}

// Item 14: high-S ECDSA twins are refused when asked; the signer only makes low-S.
#[tokio::test]
async fn high_s_ecdsa_signatures() {
    let key = SigningKey::from_pem(P256_PEM, Algorithm::ES256).unwrap().with_kid("ec");
    let jwks = fixed_jwks(vec![key.public_jwk().unwrap()]);
    let strict = JwtVerifier::builder()
        .issuer("https://issuer.test/")
        .audience(API)
        .jwks(jwks.clone())
        .algorithms(&[Algorithm::ES256])
        .ecdsa_low_s_only(true)
        .clock(|| NOW)
        .build()
        .unwrap();
    let lenient = verifier(jwks, &[Algorithm::ES256]);
    for _ in 0..16 {
        let token = key.sign_token();
        let (input, signature) = token.rsplit_once('.').unwrap();
        let sig = p256::ecdsa::Signature::from_slice(&URL_SAFE_NO_PAD.decode(signature).unwrap()).unwrap();
        assert!(sig.normalize_s().is_none(), "the signer emits low-S only");
        let twin = p256::ecdsa::Signature::from_scalars(sig.r(), -*sig.s()).unwrap();
        let malleated = format!("{input}.{}", URL_SAFE_NO_PAD.encode(twin.to_bytes()));
        assert!(strict.verify_any(&token).await.is_ok());
        assert_eq!(
            strict.verify_any(&malleated).await.unwrap_err(),
            JwtError::NonCanonicalSignature
        );
        // Documented default: RFC 7518 does not require low-S, so the twin verifies.
        assert!(lenient.verify_any(&malleated).await.is_ok());
    }
}

// Item 15: a future `auth_time` does not satisfy `max_age`.
#[tokio::test]
async fn future_auth_time_is_rejected() {
    let tenant = Tenant::start().await;
    let expect = IdTokenExpectations::new()
        .with_nonce("nonce-1")
        .with_max_age(Duration::from_secs(300));
    let claims = with(tenant.id_claims(), "auth_time", Some(json!(NOW + 3600)));
    let err = tenant
        .validator()
        .validate(&key().sign(&claims).unwrap(), &expect)
        .await
        .unwrap_err();
    assert_eq!(
        err,
        IdTokenError::AuthTimeInFuture {
            auth_time: NOW + 3600,
            now: NOW
        }
    );
    // Within the 60 s leeway it is accepted.
    let claims = with(tenant.id_claims(), "auth_time", Some(json!(NOW + 60)));
    assert!(
        tenant
            .validator()
            .validate(&key().sign(&claims).unwrap(), &expect)
            .await
            .is_ok()
    );
}

// Item 16: `org_name` ignores ASCII case only.
#[tokio::test]
async fn org_name_comparison_is_ascii_case_insensitive() {
    let tenant = Tenant::start().await;
    let expect = |org: &str| IdTokenExpectations::new().with_nonce("nonce-1").with_organization(org);
    let token = |name: &str| {
        key()
            .sign(&with(tenant.id_claims(), "org_name", Some(json!(name))))
            .unwrap()
    };
    let err = tenant
        .validator()
        .validate(&token("\u{212a}elvin"), &expect("kelvin"))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        IdTokenError::WrongOrgName {
            found: "\u{212a}elvin".into()
        }
    );
    assert!(
        tenant
            .validator()
            .validate(&token("KELVIN"), &expect("kelvin"))
            .await
            .is_ok()
    );
}

// Item 17: broken key parameters are reported as unsuitable keys, not bad signatures.
#[tokio::test]
async fn broken_keys_are_unsuitable_not_bad_signatures() {
    let good = rsa_key().public_jwk().unwrap();
    let token = rsa_key().sign_token();
    let rsa_with_e = |e: &[u8]| {
        let mut jwk = good.clone();
        jwk["e"] = json!(URL_SAFE_NO_PAD.encode(e));
        jwk
    };
    for (e, why) in [
        (&[1u8][..], "e = 1"),
        (&[2], "e = 2"),
        (&[1, 0, 0], "even e"),
        (&[1, 0, 0, 0, 0, 0, 0, 0, 1], "e > 2^33"),
    ] {
        let err = verifier(fixed_jwks(vec![rsa_with_e(e)]), &[Algorithm::RS256])
            .verify_any(&token)
            .await
            .unwrap_err();
        assert_eq!(
            err,
            JwtError::KeyUnsuitable {
                kid: "k1".into(),
                problem: KeyProblem::BadExponent
            },
            "{why}"
        );
    }
    let mut even_n = good.clone();
    let mut n = URL_SAFE_NO_PAD.decode(good["n"].as_str().unwrap()).unwrap();
    *n.last_mut().unwrap() &= 0xfe;
    even_n["n"] = json!(URL_SAFE_NO_PAD.encode(&n));
    let err = verifier(fixed_jwks(vec![even_n]), &[Algorithm::RS256])
        .verify_any(&token)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            JwtError::KeyUnsuitable {
                problem: KeyProblem::Invalid,
                ..
            }
        ),
        "{err:?}"
    );

    // An EC point off the curve: the public key's y moved by one.
    let ec = SigningKey::from_pem(P256_PEM, Algorithm::ES256).unwrap().with_kid("ec");
    let mut off_curve = ec.public_jwk().unwrap();
    let mut y = URL_SAFE_NO_PAD.decode(off_curve["y"].as_str().unwrap()).unwrap();
    y[31] ^= 1;
    off_curve["y"] = json!(URL_SAFE_NO_PAD.encode(&y));
    let err = verifier(fixed_jwks(vec![off_curve]), &[Algorithm::ES256])
        .verify_any(&ec.sign_token())
        .await
        .unwrap_err();
    assert_eq!(
        err,
        JwtError::KeyUnsuitable {
            kid: "ec".into(),
            problem: KeyProblem::NotOnCurve
        }
    );

    // An Ed25519 small-order point (the identity), which verifies forged signatures.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let weak_ed = json!({"kty": "OKP", "crv": "Ed25519", "kid": "ed", "x": URL_SAFE_NO_PAD.encode(identity)});
    let token = sign_text(r#"{"alg":"EdDSA","kid":"ed"}"#, &access_claims().to_string());
    let err = verifier(fixed_jwks(vec![weak_ed]), &[Algorithm::EdDSA])
        .verify_any(&token)
        .await
        .unwrap_err();
    assert_eq!(
        err,
        JwtError::KeyUnsuitable {
            kid: "ed".into(),
            problem: KeyProblem::NotOnCurve
        }
    );
}

const HOSTILE: &str = "k1\r\nlevel=ERROR msg=\"forged\"\u{1b}[2J\u{202e}";

fn assert_clean(text: &str) {
    assert!(
        !text.chars().any(|c| c.is_control() || c == '\u{202e}'),
        "control characters reach the output: {text:?}"
    );
}

// Item 18: token-derived text is escaped in errors (and so in logs).
#[tokio::test]
async fn control_characters_from_tokens_are_escaped() {
    let hostile_header = |kid: &str| json!({"alg": "RS256", "kid": kid}).to_string();
    let payload = access_claims().to_string();
    // Unknown kid.
    let err = verifier(rsa_jwks(), &[Algorithm::RS256])
        .verify_any(&sign_text(&hostile_header(HOSTILE), &payload))
        .await
        .unwrap_err();
    assert!(matches!(err, JwtError::UnknownKeyId { .. }));
    assert_clean(&err.to_string());
    assert!(err.to_string().contains("k1\\r\\nlevel=ERROR"), "{err}");
    // A known but unsuitable kid (an EC key for an RS256 token).
    let mut ec = SigningKey::from_pem(P256_PEM, Algorithm::ES256)
        .unwrap()
        .public_jwk()
        .unwrap();
    ec["kid"] = json!(HOSTILE);
    let err = verifier(fixed_jwks(vec![ec]), &[Algorithm::RS256])
        .verify_any(&sign_text(&hostile_header(HOSTILE), &payload))
        .await
        .unwrap_err();
    assert!(matches!(err, JwtError::KeyUnsuitable { .. }), "{err:?}");
    assert_clean(&err.to_string());
    // Claim values and names.
    let v = verifier(rsa_jwks(), &[Algorithm::RS256]);
    for (name, value) in [("iss", json!(HOSTILE)), ("aud", json!([HOSTILE]))] {
        let token = sign_text(
            &hostile_header("k1"),
            &with(access_claims(), name, Some(value)).to_string(),
        );
        let err = v.verify_any(&token).await.unwrap_err();
        assert_clean(&err.to_string());
    }
    let token = sign_text(&json!({"alg": HOSTILE}).to_string(), &payload);
    assert_clean(&v.verify_any(&token).await.unwrap_err().to_string());
    let duplicate = format!(r#"{{"alg":"RS256","kid":"k1","{0}":1,"{0}":2}}"#, "x\\u001b[2J");
    let err = v.verify_any(&sign_text(&duplicate, &payload)).await.unwrap_err();
    assert!(matches!(err, JwtError::DuplicateMember { .. }));
    assert_clean(&err.to_string());
    // The caller's claims type: serde quotes the offending value.
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    enum Role {
        Admin,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Custom {
        role: Role,
    }
    let token = sign_text(
        &hostile_header("k1"),
        &with(access_claims(), "role", Some(json!(HOSTILE))).to_string(),
    );
    let err = v.verify::<Custom>(&token).await.unwrap_err();
    assert!(matches!(err, JwtError::InvalidClaim { .. }), "{err:?}");
    assert_clean(&err.to_string());
    // ID-token checks that quote token text.
    let tenant = Tenant::start().await;
    let expect = IdTokenExpectations::new()
        .with_nonce("nonce-1")
        .with_organization("acme");
    let claims = with(tenant.id_claims(), "org_name", Some(json!(HOSTILE)));
    let err = tenant
        .validator()
        .validate(&key().sign(&claims).unwrap(), &expect)
        .await
        .unwrap_err();
    assert!(matches!(err, IdTokenError::WrongOrgName { .. }));
    assert_clean(&err.to_string());
}

/// Collects the formatted fields of every tracing event.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<String>>>);

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!("{}={:?} ", field.name(), value));
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut line = String::new();
        event.record(&mut Fields(&mut line));
        self.0.lock().unwrap().push(line);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

// Item 18, logs: the axum extractor logs rejections; the logged error is escaped.
#[cfg(feature = "axum")]
#[tokio::test]
async fn control_characters_do_not_reach_logs() {
    use auth0_sdk::jwt::axum::BearerToken;
    use axum::body::Body;
    use axum::http::{Request, header};
    use tower::ServiceExt;

    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let app = axum::Router::new()
        .route("/", axum::routing::get(|_: BearerToken| async { "ok" }))
        .with_state(verifier(rsa_jwks(), &[Algorithm::RS256]));
    let token = sign_text(
        &json!({"alg": "RS256", "kid": HOSTILE}).to_string(),
        &access_claims().to_string(),
    );
    let request = Request::get("/")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let response = app.oneshot(request).await.unwrap();
    assert_eq!(response.status(), 401);
    let lines = capture.0.lock().unwrap().clone();
    let rejected = lines
        .iter()
        .find(|l| l.contains("bearer token rejected"))
        .expect("logged");
    assert!(rejected.contains("k1\\r\\nlevel=ERROR"), "{rejected}");
    assert_clean(rejected);
}

// Item 19: the RFC 9068 access-token profile, opt-in.
#[tokio::test]
async fn rfc9068_profile_is_enforced_when_enabled() {
    let key = rsa_key();
    let profile = JwtVerifier::builder()
        .issuer("https://issuer.test/")
        .audience(API)
        .jwks(rsa_jwks())
        .rfc9068(true)
        .clock(|| NOW)
        .build()
        .unwrap();
    let sign = |typ: &str, claims: TokenClaims| {
        JwtSigner::builder(key.clone())
            .issuer("https://issuer.test/")
            .audience(API)
            .typ(typ)
            .clock(|| NOW)
            .build()
            .unwrap()
            .sign(&claims)
            .unwrap()
    };
    let full = || TokenClaims::new().subject("user-1").claim("client_id", "app-1");
    let ok = profile.verify_any(&sign("at+jwt", full())).await.unwrap();
    assert_eq!(ok.claims.client_id.as_deref(), Some("app-1"));
    assert!(profile.verify_any(&sign("application/AT+JWT", full())).await.is_ok());
    assert_eq!(
        profile.verify_any(&sign("JWT", full())).await.unwrap_err(),
        JwtError::WrongType {
            found: Some("JWT".into()),
            expected: "at+jwt"
        }
    );
    assert_eq!(
        profile
            .verify_any(&sign("at+jwt", TokenClaims::new().claim("client_id", "app-1")))
            .await
            .unwrap_err(),
        JwtError::MissingClaim { claim: "sub" }
    );
    assert_eq!(
        profile
            .verify_any(&sign("at+jwt", TokenClaims::new().subject("user-1")))
            .await
            .unwrap_err(),
        JwtError::MissingClaim { claim: "client_id" }
    );
    // `jti` and `iat` are required too (the signer always sets them, so build these by hand).
    let at_header = r#"{"alg":"RS256","kid":"k1","typ":"at+jwt"}"#;
    let with_client = with(access_claims(), "client_id", Some(json!("app-1")));
    assert_eq!(
        profile
            .verify_any(&sign_text(at_header, &with_client.to_string()))
            .await
            .unwrap_err(),
        JwtError::MissingClaim { claim: "jti" }
    );
    let no_iat = with(with(with_client, "jti", Some(json!("j-1"))), "iat", None);
    assert_eq!(
        profile
            .verify_any(&sign_text(at_header, &no_iat.to_string()))
            .await
            .unwrap_err(),
        JwtError::MissingClaim { claim: "iat" }
    );
    // No typ at all.
    let token = sign_text(r#"{"alg":"RS256","kid":"k1"}"#, &access_claims().to_string());
    assert!(matches!(
        profile.verify_any(&token).await.unwrap_err(),
        JwtError::WrongType { found: None, .. }
    ));
    // Off by default: a plain JWT without client_id passes.
    assert!(
        verifier(rsa_jwks(), &[Algorithm::RS256])
            .verify_any(&sign("JWT", TokenClaims::new()))
            .await
            .is_ok()
    );
}
