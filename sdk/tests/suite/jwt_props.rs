//! Property tests: whatever bytes, strings or three-segment tokens arrive, the verifier and the
//! ID-token validator answer with an error and never panic; and claim sets signed by
//! `JwtSigner` come back from `JwtVerifier` unchanged. 256 cases per property (CI has 2 cores).

use crate::jwt_support;

use std::sync::OnceLock;

use auth0_sdk::jwt::{
    Algorithm, IdTokenExpectations, IdTokenValidator, JwksCache, JwtSigner, JwtVerifier, SigningKey, TokenClaims,
};
use jwt_support::keys::ED25519_PEM;
use jwt_support::*;
use proptest::prelude::*;
use secrecy::{SecretSlice, SecretString};
use serde_json::{Map, Value, json};

const ISSUER: &str = "https://issuer.test/";
const AUD: &str = "https://api.test";
const SECRET: &str = "a-shared-secret-for-property-tests-0123456789";

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| tokio::runtime::Builder::new_current_thread().build().unwrap())
}

fn ed_key() -> SigningKey {
    SigningKey::from_pem(ED25519_PEM, Algorithm::EdDSA)
        .unwrap()
        .with_kid("ed")
}

/// A verifier that accepts EdDSA (fixed JWKS) and HS256, so every key path is reachable.
fn verifier() -> &'static JwtVerifier {
    static V: OnceLock<JwtVerifier> = OnceLock::new();
    V.get_or_init(|| {
        let jwks = JwtSigner::builder(ed_key())
            .issuer(ISSUER)
            .audience(AUD)
            .build()
            .unwrap()
            .jwks_json();
        JwtVerifier::builder()
            .issuer(ISSUER)
            .audience(AUD)
            .algorithms(&[Algorithm::EdDSA, Algorithm::ES256, Algorithm::RS256])
            .jwks(JwksCache::from_json(&jwks).unwrap())
            .hmac_secret(SecretString::from(SECRET))
            .ecdsa_low_s_only(true)
            .rfc9068(true)
            .clock(|| NOW)
            .build()
            .unwrap()
    })
}

fn validator() -> &'static IdTokenValidator {
    static V: OnceLock<IdTokenValidator> = OnceLock::new();
    V.get_or_init(|| {
        IdTokenValidator::builder("issuer.test", CLIENT_ID)
            .jwks(JwksCache::from_json(r#"{"keys":[]}"#).unwrap())
            .hs256_client_secret(SecretString::from(SECRET))
            .clock(|| NOW)
            .build()
            .unwrap()
    })
}

/// Both checkers reject `token` (none of these inputs is a valid token) without panicking.
fn check_rejected(token: &str) -> Result<(), TestCaseError> {
    let expect = IdTokenExpectations::new().with_nonce("n").with_organization("org_x");
    let (a, b) = runtime().block_on(async {
        (
            verifier().verify_any(token).await,
            validator().validate(token, &expect).await,
        )
    });
    prop_assert!(a.is_err());
    prop_assert!(b.is_err());
    // Messages are printable and never echo control characters from the input.
    let message = a.unwrap_err().to_string();
    prop_assert!(!message.chars().any(char::is_control), "{:?}", message);
    Ok(())
}

/// Arbitrary JSON values, nested a few levels.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e15f64..1e15).prop_map(Value::from),
        any::<String>().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Header objects mixing the parameters that matter with junk.
fn header() -> impl Strategy<Value = Value> {
    let alg = prop_oneof![
        Just(json!("EdDSA")),
        Just(json!("HS256")),
        Just(json!("ES256")),
        Just(json!("RS256")),
        Just(json!("none")),
        any::<String>().prop_map(Value::from),
        json_value(),
    ];
    let kid = prop::option::of(prop_oneof![
        Just(json!("ed")),
        any::<String>().prop_map(Value::from),
        json_value()
    ]);
    let typ = prop::option::of(prop_oneof![Just(json!("at+jwt")), json_value()]);
    let crit = prop::option::weighted(0.1, json_value());
    (alg, kid, typ, crit).prop_map(|(alg, kid, typ, crit)| {
        let mut h = Map::new();
        h.insert("alg".into(), alg);
        for (name, value) in [("kid", kid), ("typ", typ), ("crit", crit)] {
            if let Some(value) = value {
                h.insert(name.into(), value);
            }
        }
        Value::Object(h)
    })
}

/// A segment: base64url of JSON, of arbitrary bytes, or arbitrary text.
fn segment(json: impl Strategy<Value = Value>) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => json.prop_map(|v| b64(v.to_string())),
        1 => prop::collection::vec(any::<u8>(), 0..64).prop_map(b64),
        1 => any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check_rejected(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        check_rejected(&text)?;
        check_rejected(&format!("{text}.{text}.{text}"))?;
    }

    #[test]
    fn arbitrary_three_segment_tokens_never_panic(
        header in segment(header()),
        payload in segment(json_value()),
        signature in segment(json_value()),
    ) {
        check_rejected(&format!("{header}.{payload}.{signature}"))?;
    }

    #[test]
    fn signed_claim_sets_round_trip(
        custom in prop::collection::btree_map("[a-z0-9_]{1,12}", json_value(), 0..8),
        subject in prop::option::of(any::<String>()),
        kid in any::<String>(),
        hmac in any::<bool>(),
    ) {
        let key = if hmac {
            SigningKey::hmac(Algorithm::HS256, SecretSlice::from(SECRET.as_bytes().to_vec())).unwrap()
        } else {
            ed_key()
        };
        // Only HMAC keys may carry an arbitrary kid here: the fixed JWKS names the Ed25519 key "ed".
        let key = if hmac { key.with_kid(kid.clone()) } else { key };
        let signer = JwtSigner::builder(key).issuer(ISSUER).audience(AUD).typ("at+jwt").clock(|| NOW).build().unwrap();
        // Namespaced, as Auth0 asks of custom claims; keeps clear of registered names.
        let custom: Map<String, Value> = custom.into_iter().map(|(k, v)| (format!("https://x/{k}"), v)).collect();
        let mut claims = TokenClaims::new().claim("client_id", "app").claims(&custom).unwrap();
        let subject = subject.unwrap_or_else(|| "user".to_owned());
        claims = claims.subject(subject.clone());
        let token = signer.sign(&claims).unwrap();
        let verified = runtime().block_on(verifier().verify_any(&token)).unwrap();
        prop_assert_eq!(verified.subject(), Some(subject.as_str()));
        if hmac {
            prop_assert_eq!(verified.key_id.as_deref(), Some(kid.as_str()));
        }
        for (name, value) in &custom {
            prop_assert_eq!(verified.custom.get(name), Some(value));
        }
        prop_assert_eq!(verified.custom.len(), custom.len() + 7, "iss sub aud iat exp jti client_id");
    }
}
