//! Verification of tokens issued by a real third-party OpenID provider, `oauth2-mock-server`,
//! started on loopback by tests/peers/oauth2-mock-server.mjs.
//!
//! Needs Node 20 and the test peers installed: `cd tests && npm ci`. Without them each test
//! prints how to install them and passes without checking anything.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use auth0_sdk::jwt::{
    Algorithm, IdTokenError, IdTokenExpectations, IdTokenValidator, JwksCache, JwtError, JwtVerifier,
};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

const API: &str = "https://api.peer.test";
const STEP: Duration = Duration::from_secs(30);

/// The folder holding package.json and node_modules for the test peers.
fn peers_dir() -> PathBuf {
    std::env::var_os("AUTH0_TEST_PEERS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests"))
}

struct Peer {
    _child: Child,
    stdin: ChildStdin,
    stdout: Lines<BufReader<ChildStdout>>,
    url: String,
    kid: String,
}

impl Peer {
    /// Starts the peer, or explains how to install it and returns `None`.
    async fn start() -> Option<Peer> {
        let dir = peers_dir();
        let node_ok = std::process::Command::new("node")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !node_ok || !dir.join("node_modules/oauth2-mock-server").is_dir() {
            eprintln!(
                "SKIPPED: the OIDC peer tests need Node 20+ and the test peers: run `cd tests && npm ci` \
                 in the repository (looked in {})",
                dir.display()
            );
            // CI installs the peers first; a missing peer there is a broken setup, not a skip.
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but the OIDC test peers are missing"
            );
            return None;
        }
        let mut child = Command::new("node")
            .arg("peers/oauth2-mock-server.mjs")
            .current_dir(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("spawn node");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let mut peer = Peer {
            _child: child,
            stdin,
            stdout,
            url: String::new(),
            kid: String::new(),
        };
        let ready = peer.read().await;
        peer.url = ready["url"].as_str().expect("url").to_owned();
        peer.kid = ready["kid"].as_str().expect("kid").to_owned();
        Some(peer)
    }

    async fn read(&mut self) -> Value {
        let line = tokio::time::timeout(STEP, self.stdout.next_line())
            .await
            .expect("peer answers in time")
            .expect("read peer")
            .expect("peer is running");
        let value: Value = serde_json::from_str(&line).expect("peer speaks JSON");
        assert!(value.get("error").is_none(), "peer error: {value}");
        value
    }

    async fn command(&mut self, command: Value) -> Value {
        let line = format!("{command}\n");
        self.stdin.write_all(line.as_bytes()).await.expect("write");
        self.stdin.flush().await.expect("flush");
        self.read().await
    }

    /// A token built by the peer with these claims and header merged in.
    async fn token(&mut self, kid: &str, claims: Value, header: Value) -> String {
        let answer = self
            .command(json!({"op": "token", "kid": kid, "claims": claims, "header": header}))
            .await;
        answer["token"].as_str().expect("token").to_owned()
    }

    /// Adds a new key of algorithm `alg` to the peer's JWKS.
    async fn rotate(&mut self, alg: &str) -> String {
        let answer = self.command(json!({"op": "rotate", "alg": alg})).await;
        answer["kid"].as_str().expect("kid").to_owned()
    }

    fn jwks_url(&self) -> String {
        format!("{}/jwks", self.url)
    }

    fn verifier(&self, algorithms: &[Algorithm]) -> JwtVerifier {
        JwtVerifier::builder()
            .issuer(self.url.clone())
            .audience(API)
            .algorithms(algorithms)
            .jwks_url(self.jwks_url())
            .build()
            .unwrap()
    }
}

#[derive(Debug, Deserialize)]
struct PlanClaims {
    #[serde(rename = "https://example.com/plan")]
    plan: String,
}

#[tokio::test]
async fn client_credentials_token_from_the_peer_verifies() {
    let Some(peer) = Peer::start().await else {
        return;
    };
    let response: Value = reqwest::Client::new()
        .post(format!("{}/token", peer.url))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "machine-client"),
            ("client_secret", "unused"),
            ("scope", "read:things write:things"),
            ("aud", API),
            (
                "extra_claims",
                r#"{"permissions":["read:things"],"https://example.com/plan":"gold"}"#,
            ),
        ])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .map(|body| serde_json::from_str(&body).expect("JSON token response"))
        .unwrap();
    let token = response["access_token"].as_str().expect("access_token");
    let verified = peer
        .verifier(&[Algorithm::RS256])
        .verify::<PlanClaims>(token)
        .await
        .unwrap();
    assert_eq!(verified.custom.plan, "gold");
    assert!(verified.has_scope("write:things"));
    assert!(verified.has_permission("read:things"));
    assert_eq!(verified.key_id.as_deref(), Some(peer.kid.as_str()));
}

#[tokio::test]
async fn rotated_keys_are_fetched_when_first_seen() {
    let Some(mut peer) = Peer::start().await else {
        return;
    };
    let verifier = peer.verifier(&[Algorithm::RS256]);
    let first_kid = peer.kid.clone();
    let first = peer.token(&first_kid, json!({"aud": API}), json!({})).await;
    verifier.verify_any(&first).await.unwrap();
    assert_eq!(verifier.jwks().fetch_count(), 1);

    let new_kid = peer.rotate("RS256").await;
    let second = peer.token(&new_kid, json!({"aud": API}), json!({})).await;
    let verified = verifier.verify_any(&second).await.unwrap();
    assert_eq!(verified.key_id.as_deref(), Some(new_kid.as_str()));
    assert_eq!(verifier.jwks().fetch_count(), 2);
    // The old key still works from the refreshed cache.
    verifier.verify_any(&first).await.unwrap();
    assert_eq!(verifier.jwks().fetch_count(), 2);
}

#[tokio::test]
async fn ec_keys_verify_only_when_allowed() {
    let Some(mut peer) = Peer::start().await else {
        return;
    };
    let kid = peer.rotate("ES256").await;
    let token = peer.token(&kid, json!({"aud": API}), json!({})).await;
    peer.verifier(&[Algorithm::RS256, Algorithm::ES256])
        .verify_any(&token)
        .await
        .unwrap();
    assert_eq!(
        peer.verifier(&[Algorithm::RS256]).verify_any(&token).await.unwrap_err(),
        JwtError::AlgorithmNotAllowed { alg: "ES256".into() }
    );
}

#[tokio::test]
async fn hostile_headers_from_the_peer() {
    let Some(mut peer) = Peer::start().await else {
        return;
    };
    let verifier = peer.verifier(&[Algorithm::RS256]);
    let kid = peer.kid.clone();
    // A jku pointing nowhere is ignored: the token verifies with the configured JWKS.
    let jku = peer
        .token(
            &kid,
            json!({"aud": API}),
            json!({"jku": "http://127.0.0.1:9/evil.json"}),
        )
        .await;
    verifier.verify_any(&jku).await.unwrap();
    // RFC 7797 `b64` is a critical extension the peer's JOSE library supports; we do not.
    let crit = peer
        .token(&kid, json!({"aud": API}), json!({"crit": ["b64"], "b64": true}))
        .await;
    assert_eq!(
        verifier.verify_any(&crit).await.unwrap_err(),
        JwtError::CriticalHeader {
            names: vec!["b64".into()]
        }
    );
    let expired = peer
        .token(&kid, json!({"aud": API, "exp": 1_000_000_000u64}), json!({}))
        .await;
    assert!(matches!(
        verifier.verify_any(&expired).await.unwrap_err(),
        JwtError::Expired { exp: 1_000_000_000, .. }
    ));
    let other_api = peer.token(&kid, json!({"aud": "https://other"}), json!({})).await;
    assert!(matches!(
        verifier.verify_any(&other_api).await.unwrap_err(),
        JwtError::WrongAudience { .. }
    ));
}

#[tokio::test]
async fn id_token_from_an_authorization_code_login_validates() {
    let Some(peer) = Peer::start().await else {
        return;
    };
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let redirect_uri = "http://127.0.0.1:1/callback";
    let authorize = http
        .get(format!("{}/authorize", peer.url))
        .query(&[
            ("response_type", "code"),
            ("client_id", "web-client"),
            ("redirect_uri", redirect_uri),
            ("scope", "openid profile"),
            ("state", "s-1"),
            ("nonce", "n-42"),
        ])
        .send()
        .await
        .unwrap();
    assert!(authorize.status().is_redirection(), "{}", authorize.status());
    let location = authorize.headers()["location"].to_str().unwrap().to_owned();
    let location = url::Url::parse(&location).unwrap();
    let code = location
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .expect("code");
    let tokens: Value = http
        .post(format!("{}/token", peer.url))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("client_id", "web-client"),
            ("redirect_uri", redirect_uri),
        ])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .map(|body| serde_json::from_str(&body).expect("JSON token response"))
        .unwrap();
    let id_token = tokens["id_token"].as_str().expect("id_token");
    let validator = IdTokenValidator::builder(peer.url.clone(), "web-client")
        .issuer(peer.url.clone())
        .jwks(JwksCache::new(peer.jwks_url()))
        .build()
        .unwrap();
    let claims = validator
        .validate(id_token, &IdTokenExpectations::new().with_nonce("n-42"))
        .await
        .unwrap();
    assert_eq!(claims.sub, "johndoe");
    assert_eq!(
        validator
            .validate(id_token, &IdTokenExpectations::new().with_nonce("other"))
            .await
            .unwrap_err(),
        IdTokenError::WrongNonce
    );
    let other_client = IdTokenValidator::builder(peer.url.clone(), "another-client")
        .issuer(peer.url.clone())
        .jwks(validator.jwks().clone())
        .build()
        .unwrap();
    assert!(matches!(
        other_client
            .validate(id_token, &IdTokenExpectations::new())
            .await
            .unwrap_err(),
        IdTokenError::Token(JwtError::WrongAudience { .. })
    ));
}
