//! The SDK's Authentication API flows against a real third-party OpenID Provider,
//! `oidc-provider` 9, started on loopback by tests/peers/oidc-provider.mjs: client
//! credentials, authorization code with PKCE driven headlessly through the provider's dev
//! login and consent pages, and refresh.
//!
//! Needs Node 20+ and the test peers installed: `cd tests && npm ci`. Without them each test
//! prints how to install them and passes without checking anything, except when `CI` is set,
//! where a missing peer is a failure.
//!
//! Where oidc-provider differs from Auth0 the test bridges the gap explicitly:
//! - the SDK posts to `{base_url}/oauth/token`, so the peer mounts its token endpoint there;
//! - the SDK builds `{base_url}/authorize` URLs, oidc-provider serves `/auth`: the path of the
//!   built URL is rewritten here;
//! - the issuer is `http://127.0.0.1:PORT` (no trailing slash) and the keys are at
//!   `{issuer}/jwks`, so the client gets an ID-token validator configured for them;
//! - the access token's API is named with `resource` (RFC 8707), not Auth0's `audience`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use auth0_sdk::Error;
use auth0_sdk::authentication::{AuthenticationClient, AuthorizeUrl, ClientAuthMethod};
use auth0_sdk::jwt::{Algorithm, IdTokenError, IdTokenValidator, JwksCache, JwtVerifier};
use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use secrecy::ExposeSecret;
use serde::Deserialize;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

const STEP: Duration = Duration::from_secs(30);

/// The folder holding package.json and node_modules for the test peers.
fn peers_dir() -> PathBuf {
    std::env::var_os("AUTH0_TEST_PEERS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests"))
}

#[derive(Debug, Deserialize)]
struct ConfidentialClient {
    client_id: String,
    client_secret: String,
}

#[derive(Debug, Deserialize)]
struct PublicClient {
    client_id: String,
}

/// The JSON line the peer prints when it is listening.
#[derive(Debug, Deserialize)]
struct Ready {
    issuer: String,
    jwks_uri: String,
    authorization_endpoint: String,
    api: String,
    redirect_uri: String,
    confidential: ConfidentialClient,
    public: PublicClient,
}

struct Provider {
    // Killed on drop; the peer also exits when its stdin (held by the child) closes.
    _child: Child,
    ready: Ready,
}

impl Provider {
    /// Starts the peer, or explains how to install it and returns `None` (a failure when
    /// `CI` is set).
    async fn start() -> Option<Provider> {
        let dir = peers_dir();
        let node_ok = std::process::Command::new("node")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !node_ok || !dir.join("node_modules/oidc-provider").is_dir() {
            let message = format!(
                "the oidc-provider tests need Node 20+ and the test peers: run `cd tests && npm ci` \
                 in the repository (looked in {})",
                dir.display()
            );
            assert!(std::env::var_os("CI").is_none(), "CI is set and {message}");
            eprintln!("SKIPPED: {message}");
            return None;
        }
        let mut child = Command::new("node")
            .arg("peers/oidc-provider.mjs")
            .current_dir(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("spawn node");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let line = tokio::time::timeout(STEP, stdout.next_line())
            .await
            .expect("oidc-provider starts in time")
            .expect("read oidc-provider")
            .expect("oidc-provider is running");
        let ready: Ready = serde_json::from_str(&line).expect("oidc-provider ready line");
        assert!(ready.issuer.starts_with("http://127.0.0.1:"), "{}", ready.issuer);
        // Keep reading so that anything the peer prints later never meets a closed pipe.
        tokio::spawn(async move {
            while let Ok(Some(line)) = stdout.next_line().await {
                eprintln!("oidc-provider: {line}");
            }
        });
        Some(Provider { _child: child, ready })
    }

    /// An ID-token validator for this issuer: exact issuer (no trailing slash) and the
    /// provider's `/jwks`.
    fn id_token_validator(&self, client_id: &str) -> IdTokenValidator {
        IdTokenValidator::builder(self.ready.issuer.clone(), client_id)
            .issuer(self.ready.issuer.clone())
            .jwks(JwksCache::new(self.ready.jwks_uri.clone()))
            .build()
            .unwrap()
    }

    /// The confidential client, authenticating with `method`.
    fn confidential(&self, method: ClientAuthMethod, secret: &str) -> AuthenticationClient {
        let client_id = &self.ready.confidential.client_id;
        AuthenticationClient::builder()
            .base_url(self.ready.issuer.clone())
            .client_id(client_id.clone())
            .client_secret(secret.to_owned())
            .client_auth_method(method)
            .id_token_validator(self.id_token_validator(client_id))
            .build()
            .unwrap()
    }

    /// The public (PKCE-only) client.
    fn public(&self) -> AuthenticationClient {
        let client_id = &self.ready.public.client_id;
        AuthenticationClient::builder()
            .base_url(self.ready.issuer.clone())
            .client_id(client_id.clone())
            .id_token_validator(self.id_token_validator(client_id))
            .build()
            .unwrap()
    }

    /// Verifies access tokens the provider issues for its API.
    fn api_verifier(&self) -> JwtVerifier {
        JwtVerifier::builder()
            .issuer(self.ready.issuer.clone())
            .audience(self.ready.api.clone())
            .algorithms(&[Algorithm::RS256])
            .jwks_url(self.ready.jwks_uri.clone())
            .build()
            .unwrap()
    }

    /// Sends the browser to `login.url`, signs in as `user` on the dev login page, grants
    /// consent, and returns the query of the final redirect to the `redirect_uri`.
    async fn browser_login(&self, login: &AuthorizeUrl, user: &str) -> BTreeMap<String, String> {
        // The SDK builds `{base}/authorize`; oidc-provider serves `/auth`.
        let mut url = login.url.clone();
        assert_eq!(url.path(), "/authorize");
        url.set_path(url::Url::parse(&self.ready.authorization_endpoint).unwrap().path());
        let browser = Browser::new();
        let mut response = browser.get(url.as_str()).await;
        for _ in 0..12 {
            if response.status.is_redirection() {
                let location = response.location.clone().expect("redirect has a Location");
                if location.starts_with(&login.redirect_uri) {
                    let callback = url::Url::parse(&location).unwrap();
                    return callback.query_pairs().into_owned().collect();
                }
                let next = url::Url::parse(&response.url).unwrap().join(&location).unwrap();
                response = browser.get(next.as_str()).await;
                continue;
            }
            assert_eq!(response.status, StatusCode::OK, "{}: {}", response.url, response.body);
            let form =
                Form::parse(&response.body).unwrap_or_else(|| panic!("no form on {}: {}", response.url, response.body));
            let action = url::Url::parse(&response.url).unwrap().join(&form.action).unwrap();
            let fields: Vec<(&str, &str)> = match form.prompt.as_str() {
                "login" => vec![("prompt", "login"), ("login", user), ("password", "any password")],
                "consent" => vec![("prompt", "consent")],
                other => panic!("unexpected interaction prompt {other}"),
            };
            response = browser.post(action.as_str(), &fields).await;
        }
        panic!("the login did not reach the redirect_uri");
    }
}

/// A redirect-free HTTP client that keeps cookies like a browser (paths ignored: the
/// provider's cookie names are distinct).
struct Browser {
    http: reqwest::Client,
    cookies: std::sync::Mutex<BTreeMap<String, String>>,
}

struct Page {
    url: String,
    status: StatusCode,
    location: Option<String>,
    body: String,
}

impl Browser {
    fn new() -> Browser {
        Browser {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(STEP)
                .build()
                .unwrap(),
            cookies: std::sync::Mutex::default(),
        }
    }

    fn cookie_header(&self) -> String {
        let jar = self.cookies.lock().unwrap();
        jar.iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn get(&self, url: &str) -> Page {
        let request = self.http.get(url).header(COOKIE, self.cookie_header());
        self.page(url, request).await
    }

    async fn post(&self, url: &str, form: &[(&str, &str)]) -> Page {
        let request = self.http.post(url).header(COOKIE, self.cookie_header()).form(form);
        self.page(url, request).await
    }

    async fn page(&self, url: &str, request: reqwest::RequestBuilder) -> Page {
        let response = request.send().await.unwrap();
        {
            let mut jar = self.cookies.lock().unwrap();
            for header in response.headers().get_all(SET_COOKIE) {
                let header = header.to_str().unwrap();
                let mut parts = header.split(';');
                let (name, value) = parts.next().unwrap().trim().split_once('=').unwrap();
                let cleared = value.is_empty()
                    || parts
                        .map(|p| p.trim().to_ascii_lowercase())
                        .any(|p| p == "max-age=0" || (p.starts_with("expires=") && p.contains("1970")));
                if cleared {
                    jar.remove(name);
                } else {
                    jar.insert(name.to_owned(), value.to_owned());
                }
            }
        }
        let status = response.status();
        let location = response.headers().get(LOCATION).map(|l| l.to_str().unwrap().to_owned());
        let body = response.text().await.unwrap();
        Page {
            url: url.to_owned(),
            status,
            location,
            body,
        }
    }
}

/// The one form of an oidc-provider dev interaction page.
struct Form {
    action: String,
    prompt: String,
}

impl Form {
    fn parse(html: &str) -> Option<Form> {
        let form = &html[html.find("<form")?..];
        let action = attribute(form, "action")?;
        let prompt_input = &form[form.find(r#"name="prompt""#)?..];
        let prompt = attribute(prompt_input, "value")?;
        Some(Form { action, prompt })
    }
}

fn attribute(html: &str, name: &str) -> Option<String> {
    let start = html.find(&format!(r#"{name}=""#))? + name.len() + 2;
    let end = start + html[start..].find('"')?;
    Some(html[start..end].replace("&amp;", "&"))
}

#[derive(Debug, Deserialize)]
struct ClientCredentialsClaims {
    client_id: String,
}

#[tokio::test]
async fn client_credentials_issue_a_verifiable_jwt_with_post_and_basic_auth() {
    let Some(provider) = Provider::start().await else {
        return;
    };
    let secret = provider.ready.confidential.client_secret.clone();
    let verifier = provider.api_verifier();
    for method in [ClientAuthMethod::ClientSecretPost, ClientAuthMethod::ClientSecretBasic] {
        let auth = provider.confidential(method, &secret);
        let tokens = auth
            .client_credentials()
            .param("resource", provider.ready.api.clone())
            .scope("read:things")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method:?}: {e}"));
        assert_eq!(tokens.token_type.as_deref(), Some("Bearer"));
        assert_eq!(tokens.scopes(), ["read:things"]);
        assert!(tokens.id_token.is_none() && tokens.refresh_token.is_none());
        let verified = verifier
            .verify::<ClientCredentialsClaims>(tokens.access_token.expose_secret())
            .await
            .unwrap();
        assert_eq!(verified.custom.client_id, provider.ready.confidential.client_id);
        assert_eq!(
            verified.claims.sub.as_deref(),
            Some(provider.ready.confidential.client_id.as_str())
        );
        assert!(verified.has_scope("read:things") && !verified.has_scope("write:things"));
        assert_eq!(verified.key_id.as_deref(), Some("peer-rs256"));
    }

    // Without a resource indicator oidc-provider issues an opaque token, which is not a JWT.
    let opaque = provider
        .confidential(ClientAuthMethod::ClientSecretBasic, &secret)
        .client_credentials()
        .send()
        .await
        .unwrap();
    assert!(verifier.verify_any(opaque.access_token.expose_secret()).await.is_err());

    // A wrong secret is refused by the provider, for both methods.
    for method in [ClientAuthMethod::ClientSecretPost, ClientAuthMethod::ClientSecretBasic] {
        let error = provider
            .confidential(method, "not-the-secret")
            .client_credentials()
            .param("resource", provider.ready.api.clone())
            .send()
            .await
            .unwrap_err();
        match error.oauth_error() {
            Some(e) => {
                assert_eq!(e.status, StatusCode::UNAUTHORIZED, "{method:?}");
                assert_eq!(e.error, "invalid_client", "{method:?}");
            }
            None => panic!("{method:?}: expected invalid_client, got {error:?}"),
        }
    }
}

/// Logs in through the dev pages with PKCE, exchanges the code through the SDK (which
/// validates the ID token and its nonce), replays the code, then refreshes.
async fn code_flow_with_pkce_and_refresh(provider: &Provider, auth: &AuthenticationClient, user: &str) {
    let login = auth
        .authorize_url(provider.ready.redirect_uri.clone())
        .scope("openid profile email offline_access")
        .prompt("consent")
        .max_age(Duration::from_secs(600))
        .with_state()
        .with_nonce()
        .with_pkce()
        .build()
        .unwrap();
    let callback = provider.browser_login(&login, user).await;
    assert_eq!(callback.get("state"), login.state.as_ref(), "{callback:?}");
    assert_eq!(
        callback.get("iss").map(String::as_str),
        Some(provider.ready.issuer.as_str())
    );
    let code = callback.get("code").expect("code in the callback").clone();
    let pkce = login.pkce.as_ref().unwrap();

    let tokens = auth
        .authorization_code_pkce(code.clone(), pkce.verifier(), login.redirect_uri.clone())
        .expectations(login.expectations())
        .send()
        .await
        .unwrap();
    let claims = tokens.id_token_claims.as_ref().expect("validated ID token claims");
    assert_eq!(claims.sub, user);
    assert_eq!(claims.iss, provider.ready.issuer);
    assert_eq!(claims.aud, [auth.client_id()]);
    assert_eq!(claims.nonce, login.nonce);
    assert_eq!(claims.email(), Some(format!("{user}@example.test").as_str()));
    assert!(claims.auth_time.is_some());
    assert!(tokens.scopes().contains(&"offline_access"), "{:?}", tokens.scope);
    let refresh_token = tokens.refresh_token.clone().expect("a refresh token");

    let refreshed = auth.refresh_token(&refresh_token).send().await.unwrap();
    assert_ne!(
        refreshed.access_token.expose_secret(),
        tokens.access_token.expose_secret()
    );
    let refreshed_claims = refreshed
        .id_token_claims
        .as_ref()
        .expect("a validated ID token on refresh");
    assert_eq!(refreshed_claims.sub, user);
    assert_eq!(refreshed_claims.auth_time, claims.auth_time);
    // With rotation the new refresh token works and the old one is spent; without it the old
    // one stays usable.
    match &refreshed.refresh_token {
        Some(rotated) if rotated.expose_secret() != refresh_token.expose_secret() => {
            auth.refresh_token(rotated).send().await.unwrap();
        }
        _ => {
            auth.refresh_token(&refresh_token).send().await.unwrap();
        }
    }

    // A refresh token that was never issued is refused.
    let bogus = auth
        .refresh_token(&"not-a-refresh-token".to_owned().into())
        .send()
        .await
        .unwrap_err();
    assert!(bogus.is_oauth_error("invalid_grant"), "{bogus:?}");

    // The code is single-use (checked last: oidc-provider then revokes what the code issued).
    let replay = auth
        .authorization_code_pkce(code, pkce.verifier(), login.redirect_uri.clone())
        .send()
        .await
        .unwrap_err();
    assert!(replay.is_oauth_error("invalid_grant"), "{replay:?}");
}

#[tokio::test]
async fn public_client_code_flow_with_pkce_and_refresh() {
    let Some(provider) = Provider::start().await else {
        return;
    };
    let auth = provider.public();
    code_flow_with_pkce_and_refresh(&provider, &auth, "alice").await;
}

#[tokio::test]
async fn confidential_client_code_flow_with_pkce_and_refresh() {
    let Some(provider) = Provider::start().await else {
        return;
    };
    let auth = provider.confidential(
        ClientAuthMethod::ClientSecretBasic,
        &provider.ready.confidential.client_secret,
    );
    code_flow_with_pkce_and_refresh(&provider, &auth, "bob").await;
}

#[tokio::test]
async fn code_exchange_fails_with_another_verifier_or_nonce() {
    let Some(provider) = Provider::start().await else {
        return;
    };
    let auth = provider.public();
    let start = || {
        auth.authorize_url(provider.ready.redirect_uri.clone())
            .scope("openid")
            .with_state()
            .with_nonce()
            .with_pkce()
            .build()
            .unwrap()
    };

    // Another PKCE verifier: the provider refuses the code.
    let login = start();
    let callback = provider.browser_login(&login, "carol").await;
    let other = auth_pkce_verifier();
    let error = auth
        .authorization_code_pkce(callback["code"].clone(), other.verifier(), login.redirect_uri.clone())
        .send()
        .await
        .unwrap_err();
    assert!(error.is_oauth_error("invalid_grant"), "{error:?}");

    // The right verifier but another nonce expected: the SDK rejects the ID token.
    let login = start();
    let callback = provider.browser_login(&login, "carol").await;
    let error = auth
        .authorization_code_pkce(
            callback["code"].clone(),
            login.pkce.as_ref().unwrap().verifier(),
            login.redirect_uri.clone(),
        )
        .nonce("another-nonce")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::IdToken(IdTokenError::WrongNonce)), "{error:?}");
}

fn auth_pkce_verifier() -> auth0_sdk::authentication::Pkce {
    auth0_sdk::authentication::Pkce::generate()
}
