//! Shared fixtures for the Authentication client tests: a wiremock tenant serving a JWKS,
//! a signing key for ID tokens, clients pointed at the mock, and request inspection.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use auth0_sdk::authentication::{AuthenticationClient, AuthenticationClientBuilder};
use auth0_sdk::jwt::LocalKey;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

pub const CLIENT_ID: &str = "client-abc";
/// A secret with characters that must be form-encoded in a Basic header.
pub const SECRET: &str = "s3cr:t+/ &x";

/// The tenant's ID-token signing key (`kid` "k1").
pub fn key() -> &'static LocalKey {
    static KEY: OnceLock<LocalKey> = OnceLock::new();
    KEY.get_or_init(|| LocalKey::generate_rsa("k1").expect("keygen"))
}

/// A key the tenant never published.
pub fn attacker_key() -> &'static LocalKey {
    static KEY: OnceLock<LocalKey> = OnceLock::new();
    KEY.get_or_init(|| LocalKey::generate_rsa("k1").expect("keygen"))
}

/// Test-only RSA key for private-key JWT client assertions (generated with openssl).
pub const ASSERTION_PRIVATE_PEM: &str = include_str!("assertion_key.pem");
pub const ASSERTION_PUBLIC_PEM: &str = include_str!("assertion_key.pub");

/// A mock tenant with the JWKS mounted.
pub async fn tenant() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/.well-known/jwks.json"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(key().jwks_json(), "application/json"))
        .mount(&server)
        .await;
    server
}

/// A client for `server` with `configure` applied to a builder that has the base URL and
/// client id set.
pub fn client(
    server: &MockServer,
    configure: impl FnOnce(AuthenticationClientBuilder) -> AuthenticationClientBuilder,
) -> AuthenticationClient {
    configure(
        AuthenticationClient::builder()
            .base_url(server.uri())
            .client_id(CLIENT_ID),
    )
    .build()
    .expect("client builds")
}

/// A confidential client (`client_secret_post`).
pub fn secret_client(server: &MockServer) -> AuthenticationClient {
    client(server, |b| b.client_secret(SECRET))
}

pub fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
}

/// Valid ID-token claims for `server`, with `extra` merged in (a `null` removes a claim).
pub fn id_token_claims(server: &MockServer, extra: Value) -> Value {
    let now = now();
    let mut claims = json!({
        "iss": format!("{}/", server.uri()),
        "aud": CLIENT_ID,
        "sub": "auth0|user-1",
        "iat": now,
        "exp": now + 3600,
        "email": "user@example.com",
    });
    let obj = claims.as_object_mut().unwrap();
    for (k, v) in extra.as_object().cloned().unwrap_or_default() {
        if v.is_null() {
            obj.remove(&k);
        } else {
            obj.insert(k, v);
        }
    }
    claims
}

/// A signed ID token for `server`.
pub fn id_token(server: &MockServer, extra: Value) -> String {
    key().sign(&id_token_claims(server, extra)).expect("sign")
}

/// A token endpoint answer, with an ID token if given.
pub fn token_json(id_token: Option<&str>) -> Value {
    let mut body = json!({
        "access_token": "at-123",
        "token_type": "Bearer",
        "expires_in": 86400,
        "scope": "openid profile",
        "refresh_token": "rt-456",
    });
    if let Some(t) = id_token {
        body["id_token"] = json!(t);
    }
    body
}

/// Mounts `POST {path}` answering `status` with `body`.
pub async fn answer(server: &MockServer, route: &str, status: u16, body: Value) {
    Mock::given(method("POST"))
        .and(path(route))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(server)
        .await;
}

/// Requests received on `route`.
pub async fn received(server: &MockServer, route: &str) -> Vec<Request> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.url.path() == route)
        .collect()
}

/// The single request received on `route`.
pub async fn only(server: &MockServer, route: &str) -> Request {
    let mut all = received(server, route).await;
    assert_eq!(all.len(), 1, "expected one request to {route}, got {}", all.len());
    all.remove(0)
}

/// A form body as ordered pairs.
pub fn form_pairs(request: &Request) -> Vec<(String, String)> {
    url::form_urlencoded::parse(&request.body).into_owned().collect()
}

/// A form body as a map (each key once).
pub fn form(request: &Request) -> BTreeMap<String, String> {
    let pairs = form_pairs(request);
    let map: BTreeMap<String, String> = pairs.iter().cloned().collect();
    assert_eq!(map.len(), pairs.len(), "a form key was repeated: {pairs:?}");
    map
}

/// A JSON body.
pub fn json_body(request: &Request) -> Value {
    serde_json::from_slice(&request.body).expect("JSON body")
}

pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// `BTreeMap` from literal pairs.
pub fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}
