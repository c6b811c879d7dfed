//! Authentication API: token grants, JWT validity against the JWKS, discovery, userinfo.

mod common;

use auth0_local_tenant::{LocalTenant, SeedClient, SeedRole, SeedUser};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use common::http;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// Verifies `token` with the tenant's published JWKS and returns its claims.
async fn verify(tenant: &LocalTenant, token: &str, audience: &str) -> Value {
    let jwks: JwkSet = http()
        .get(format!("{}/.well-known/jwks.json", tenant.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let header = jsonwebtoken::decode_header(token).unwrap();
    assert_eq!(header.alg, Algorithm::RS256);
    let jwk = jwks.find(header.kid.as_deref().unwrap()).expect("kid in JWKS");
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(&[audience]);
    validation.set_issuer(&[tenant.issuer()]);
    jsonwebtoken::decode::<Value>(token, &DecodingKey::from_jwk(jwk).unwrap(), &validation)
        .unwrap()
        .claims
}

#[tokio::test]
async fn client_credentials_form_issues_a_verifiable_management_token() {
    let tenant = LocalTenant::start().await.unwrap();
    assert!(tenant.issuer().ends_with('/'));
    let resp = http()
        .post(tenant.token_url())
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", tenant.client_id()),
            ("client_secret", tenant.client_secret()),
            ("audience", tenant.management_audience()),
            ("scope", "read:users create:users"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["scope"], "read:users create:users");
    let claims = verify(
        &tenant,
        body["access_token"].as_str().unwrap(),
        tenant.management_audience(),
    )
    .await;
    assert_eq!(claims["iss"], tenant.issuer());
    assert_eq!(claims["sub"], format!("{}@clients", tenant.client_id()));
    assert_eq!(claims["azp"], tenant.client_id());
    assert_eq!(claims["gty"], "client-credentials");
    assert_eq!(claims["scope"], "read:users create:users");
}

#[tokio::test]
async fn client_credentials_json_and_basic_auth() {
    let tenant = LocalTenant::start().await.unwrap();
    let resp = http()
        .post(tenant.token_url())
        .json(&json!({
            "grant_type": "client_credentials",
            "client_id": tenant.client_id(),
            "client_secret": tenant.client_secret(),
            "audience": tenant.api_audience(),
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let basic = STANDARD.encode(format!("{}:{}", tenant.client_id(), tenant.client_secret()));
    let resp = http()
        .post(tenant.token_url())
        .header("authorization", format!("Basic {basic}"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("audience", tenant.api_audience()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let body: Value = resp.json().await.unwrap();
    let claims = verify(&tenant, body["access_token"].as_str().unwrap(), tenant.api_audience()).await;
    assert_eq!(claims["scope"], "read:messages write:messages");
}

#[tokio::test]
async fn client_credentials_errors_are_oauth_shaped() {
    let tenant = LocalTenant::start().await.unwrap();
    let wrong: reqwest::Response = http()
        .post(tenant.token_url())
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", tenant.client_id()),
            ("client_secret", "nope"),
            ("audience", tenant.management_audience()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let body: Value = wrong.json().await.unwrap();
    assert_eq!(
        body,
        json!({"error": "access_denied", "error_description": "Unauthorized"})
    );

    let resp = http()
        .post(tenant.token_url())
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", tenant.client_id()),
            ("client_secret", tenant.client_secret()),
            ("audience", "https://unknown.example"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["error"], "access_denied");

    let resp = http()
        .post(tenant.token_url())
        .form(&[("grant_type", "magic")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["error"], "invalid_request");
}

#[tokio::test]
async fn private_key_jwt_client_assertion() {
    use rsa::pkcs1::{EncodeRsaPrivateKey, EncodeRsaPublicKey};
    let key = rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).unwrap();
    let public_pem = key.to_public_key().to_pkcs1_pem(rsa::pkcs1::LineEnding::LF).unwrap();
    let private_pem = key.to_pkcs1_pem(rsa::pkcs1::LineEnding::LF).unwrap();
    let tenant = LocalTenant::builder()
        .client(
            SeedClient::public("pkjwt-client")
                .public_key_pem(public_pem)
                .management_grant(&["read:users"]),
        )
        .start()
        .await
        .unwrap();
    let now = jsonwebtoken::get_current_timestamp();
    let assertion = |jti: &str| {
        jsonwebtoken::encode(
            &jsonwebtoken::Header::new(Algorithm::RS256),
            &json!({"iss": "pkjwt-client", "sub": "pkjwt-client", "aud": tenant.issuer(),
                    "iat": now, "exp": now + 60, "jti": jti}),
            &jsonwebtoken::EncodingKey::from_rsa_pem(private_pem.as_bytes()).unwrap(),
        )
        .unwrap()
    };
    let send = |a: String| {
        http()
            .post(tenant.token_url())
            .form(&[
                ("grant_type", "client_credentials".to_owned()),
                (
                    "client_assertion_type",
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".to_owned(),
                ),
                ("client_assertion", a),
                ("audience", tenant.management_audience().to_owned()),
            ])
            .send()
    };
    let resp = send(assertion("one")).await.unwrap();
    assert_eq!(resp.status(), 200);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["scope"], "read:users");
    // Replayed jti is refused.
    let replay = send(assertion("one")).await.unwrap();
    assert_eq!(replay.status(), 401);
    // A tampered signature is refused.
    let mut bad = assertion("two");
    bad.truncate(bad.len() - 4);
    bad.push_str("AAAA");
    assert_eq!(send(bad).await.unwrap().status(), 401);
}

#[tokio::test]
async fn password_realm_with_rbac_refresh_and_userinfo() {
    let tenant = LocalTenant::builder()
        .rbac(true)
        .role(SeedRole::new("reader").permission(auth0_local_tenant::DEFAULT_API_AUDIENCE, "read:messages"))
        .user(SeedUser::new("carol@example.com", "s3cret!").role("reader"))
        .start()
        .await
        .unwrap();
    let resp = http()
        .post(tenant.token_url())
        .form(&[
            ("grant_type", "http://auth0.com/oauth/grant-type/password-realm"),
            ("client_id", tenant.client_id()),
            ("client_secret", tenant.client_secret()),
            ("username", "carol@example.com"),
            ("password", "s3cret!"),
            ("realm", "Username-Password-Authentication"),
            (
                "scope",
                "openid profile email offline_access read:messages write:messages",
            ),
            ("audience", tenant.api_audience()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let body: Value = resp.json().await.unwrap();
    // RBAC drops write:messages, which carol's roles don't grant.
    assert_eq!(body["scope"], "openid profile email offline_access read:messages");
    let access = verify(&tenant, body["access_token"].as_str().unwrap(), tenant.api_audience()).await;
    assert_eq!(access["permissions"], json!(["read:messages"]));
    assert_eq!(access["gty"], "password");
    let carol = &tenant
        .users()
        .iter()
        .find(|u| u.email == "carol@example.com")
        .unwrap()
        .user_id;
    assert_eq!(&access["sub"], carol);
    let id = verify(&tenant, body["id_token"].as_str().unwrap(), tenant.client_id()).await;
    assert_eq!(id["email"], "carol@example.com");

    let info: Value = http()
        .get(format!("{}/userinfo", tenant.base_url()))
        .bearer_auth(body["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(info["email"], "carol@example.com");

    let refreshed: Value = http()
        .post(tenant.token_url())
        .form(&[
            ("grant_type", "refresh_token"),
            ("client_id", tenant.client_id()),
            ("client_secret", tenant.client_secret()),
            ("refresh_token", body["refresh_token"].as_str().unwrap()),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(refreshed["access_token"].is_string(), "{refreshed}");

    let bad = http()
        .post(tenant.token_url())
        .form(&[
            ("grant_type", "password"),
            ("client_id", tenant.client_id()),
            ("client_secret", tenant.client_secret()),
            ("username", "carol@example.com"),
            ("password", "wrong"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 403);
    let body: Value = bad.json().await.unwrap();
    assert_eq!(
        body,
        json!({"error": "invalid_grant", "error_description": "Wrong email or password."})
    );
}

#[tokio::test]
async fn authorization_code_with_pkce_and_nonce() {
    let tenant = LocalTenant::builder()
        .client(SeedClient::public("spa").callback("http://localhost:3000/cb"))
        .start()
        .await
        .unwrap();
    let verifier = "a-very-long-code-verifier-with-enough-entropy-1234567890";
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    let resp = http()
        .get(format!("{}/authorize", tenant.base_url()))
        .query(&[
            ("response_type", "code"),
            ("client_id", "spa"),
            ("redirect_uri", "http://localhost:3000/cb"),
            ("scope", "openid email"),
            ("state", "xyz"),
            ("nonce", "n-0S6"),
            ("login_hint", "bob@example.com"),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 302);
    let location = url::Url::parse(resp.headers()["location"].to_str().unwrap()).unwrap();
    let q: std::collections::HashMap<_, _> = location.query_pairs().into_owned().collect();
    assert_eq!(q["state"], "xyz");
    let exchange = |verifier: &str| {
        http()
            .post(tenant.token_url())
            .form(&[
                ("grant_type", "authorization_code"),
                ("client_id", "spa"),
                ("code", q["code"].as_str()),
                ("redirect_uri", "http://localhost:3000/cb"),
                ("code_verifier", verifier),
            ])
            .send()
    };
    let wrong = exchange("not-the-verifier").await.unwrap();
    assert_eq!(wrong.status(), 403);
    // The failed attempt consumed the code (single use), so get a new one.
    let resp = http()
        .get(format!("{}/authorize", tenant.base_url()))
        .query(&[
            ("response_type", "code"),
            ("client_id", "spa"),
            ("redirect_uri", "http://localhost:3000/cb"),
            ("scope", "openid email"),
            ("nonce", "n-0S6"),
            ("login_hint", "bob@example.com"),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
        ])
        .send()
        .await
        .unwrap();
    let location = url::Url::parse(resp.headers()["location"].to_str().unwrap()).unwrap();
    let code = location
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    let ok = http()
        .post(tenant.token_url())
        .form(&[
            ("grant_type", "authorization_code"),
            ("client_id", "spa"),
            ("code", code.as_str()),
            ("redirect_uri", "http://localhost:3000/cb"),
            ("code_verifier", verifier),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let body: Value = ok.json().await.unwrap();
    let id = verify(&tenant, body["id_token"].as_str().unwrap(), "spa").await;
    assert_eq!(id["nonce"], "n-0S6");
    assert_eq!(id["email"], "bob@example.com");

    let mismatch = http()
        .get(format!("{}/authorize", tenant.base_url()))
        .query(&[
            ("response_type", "code"),
            ("client_id", "spa"),
            ("redirect_uri", "http://evil.example/cb"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(mismatch.status(), 400);
}

#[tokio::test]
async fn discovery_document_points_at_the_tenant() {
    let tenant = LocalTenant::start().await.unwrap();
    let doc: Value = http()
        .get(format!("{}/.well-known/openid-configuration", tenant.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["issuer"], tenant.issuer());
    assert_eq!(doc["token_endpoint"], tenant.token_url());
    assert_eq!(doc["jwks_uri"], format!("{}/.well-known/jwks.json", tenant.base_url()));
}
