//! The exact wire format of every `/oauth/token` grant and of revoke and PAR: form encoding,
//! where client authentication goes for each method, and headers.

use crate::auth_support;

use auth_support::*;
use auth0_sdk::authentication::{AuthenticationClient, ClientAuthMethod, PasswordlessRealm, TOKEN_TYPE_REFRESH_TOKEN};
use auth0_sdk::runtime::{ClientAssertionSigner, SigningAlgorithm};
use base64::Engine as _;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};

const TOKEN: &str = "/oauth/token";

fn s(v: &str) -> SecretString {
    SecretString::from(v.to_owned())
}

async fn token_server() -> wiremock::MockServer {
    let server = tenant().await;
    answer(&server, TOKEN, 200, token_json(None)).await;
    server
}

#[tokio::test]
async fn authorization_code_with_client_secret_post() {
    let server = token_server().await;
    let tokens = secret_client(&server)
        .authorization_code("the-code", "https://app.test/cb")
        .send()
        .await
        .unwrap();
    assert_eq!(tokens.access_token.expose_secret(), "at-123");
    assert_eq!(tokens.refresh_token.as_ref().unwrap().expose_secret(), "rt-456");
    assert_eq!(tokens.expires_in, Some(86400));

    let req = only(&server, TOKEN).await;
    assert_eq!(req.method.as_str(), "POST");
    assert_eq!(header(&req, "content-type"), Some("application/x-www-form-urlencoded"));
    assert!(header(&req, "authorization").is_none());
    assert!(header(&req, "auth0-client").is_some(), "telemetry header");
    assert_eq!(
        form(&req),
        map(&[
            ("grant_type", "authorization_code"),
            ("code", "the-code"),
            ("redirect_uri", "https://app.test/cb"),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
        ])
    );
    // Percent-encoding of the secret on the wire (`:`, `+`, `/`, space, `&`).
    let raw = String::from_utf8(req.body.clone()).unwrap();
    assert!(raw.contains("client_secret=s3cr%3At%2B%2F+%26x"), "{raw}");
}

#[tokio::test]
async fn client_secret_basic_puts_the_secret_in_the_header_only() {
    let server = token_server().await;
    let auth = client(&server, |b| {
        b.client_secret(SECRET)
            .client_auth_method(ClientAuthMethod::ClientSecretBasic)
    });
    auth.authorization_code("c", "https://app.test/cb")
        .send()
        .await
        .unwrap();
    let req = only(&server, TOKEN).await;
    let expected = base64::engine::general_purpose::STANDARD.encode("client-abc:s3cr%3At%2B%2F+%26x");
    assert_eq!(
        header(&req, "authorization"),
        Some(format!("Basic {expected}").as_str())
    );
    let body = form(&req);
    assert!(!body.contains_key("client_secret"), "{body:?}");
    assert_eq!(body.get("client_id").map(String::as_str), Some(CLIENT_ID));
}

#[derive(serde::Deserialize)]
struct AssertionClaims {
    iss: String,
    sub: String,
    aud: String,
    exp: u64,
    iat: u64,
    jti: String,
}

#[tokio::test]
async fn private_key_jwt_sends_a_signed_client_assertion() {
    let server = token_server().await;
    let signer = ClientAssertionSigner::from_pem(ASSERTION_PRIVATE_PEM, SigningAlgorithm::RS256)
        .unwrap()
        .key_id("kid-7");
    let auth = client(&server, |b| b.private_key_jwt(signer));
    assert_eq!(auth.auth_method(), ClientAuthMethod::PrivateKeyJwt);
    auth.refresh_token(&s("rt-1")).send().await.unwrap();
    auth.refresh_token(&s("rt-1")).send().await.unwrap();

    let reqs = received(&server, TOKEN).await;
    assert_eq!(reqs.len(), 2);
    let mut jtis = Vec::new();
    for req in &reqs {
        assert!(header(req, "authorization").is_none());
        let body = form(req);
        assert!(!body.contains_key("client_secret"));
        assert_eq!(body["grant_type"], "refresh_token");
        assert_eq!(body["refresh_token"], "rt-1");
        assert_eq!(body["client_id"], CLIENT_ID);
        assert_eq!(
            body["client_assertion_type"],
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
        );
        let assertion = &body["client_assertion"];
        let header = jsonwebtoken::decode_header(assertion).unwrap();
        assert_eq!(header.alg, Algorithm::RS256);
        assert_eq!(header.kid.as_deref(), Some("kid-7"));
        let mut validation = Validation::new(Algorithm::RS256);
        let audience = format!("{}/", server.uri());
        validation.set_audience(&[&audience]);
        let key = DecodingKey::from_rsa_pem(ASSERTION_PUBLIC_PEM.as_bytes()).unwrap();
        let claims = jsonwebtoken::decode::<AssertionClaims>(assertion, &key, &validation)
            .unwrap()
            .claims;
        assert_eq!(claims.iss, CLIENT_ID);
        assert_eq!(claims.sub, CLIENT_ID);
        assert_eq!(claims.aud, audience);
        assert!(claims.exp > claims.iat && claims.exp - claims.iat <= 120);
        jtis.push(claims.jti);
    }
    assert_ne!(jtis[0], jtis[1], "each assertion has a fresh jti");
}

#[tokio::test]
async fn public_client_pkce_sends_only_client_id_and_verifier() {
    let server = token_server().await;
    let auth = client(&server, |b| b);
    assert_eq!(auth.auth_method(), ClientAuthMethod::None);
    auth.authorization_code_pkce("c0de", "verifier-0123456789-0123456789-0123456789ab", "myapp://cb")
        .send()
        .await
        .unwrap();
    let req = only(&server, TOKEN).await;
    assert!(header(&req, "authorization").is_none());
    assert_eq!(
        form(&req),
        map(&[
            ("grant_type", "authorization_code"),
            ("code", "c0de"),
            ("redirect_uri", "myapp://cb"),
            ("code_verifier", "verifier-0123456789-0123456789-0123456789ab"),
            ("client_id", CLIENT_ID),
        ])
    );
}

#[tokio::test]
async fn client_credentials_with_audience_and_organization() {
    let server = token_server().await;
    secret_client(&server)
        .client_credentials()
        .audience("https://api.test")
        .organization("org_123")
        .scope("read:things")
        .send()
        .await
        .unwrap();
    let req = only(&server, TOKEN).await;
    assert_eq!(
        form(&req),
        map(&[
            ("grant_type", "client_credentials"),
            ("audience", "https://api.test"),
            ("organization", "org_123"),
            ("scope", "read:things"),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
        ])
    );
}

#[tokio::test]
async fn client_credentials_needs_a_credential() {
    let server = token_server().await;
    let err = client(&server, |b| b).client_credentials().send().await.unwrap_err();
    assert!(err.to_string().contains("client_credentials"), "{err}");
    assert!(received(&server, TOKEN).await.is_empty(), "nothing is sent");
}

#[tokio::test]
async fn password_and_password_realm() {
    let server = token_server().await;
    let auth = secret_client(&server);
    auth.password("jane@example.com", &s("p@ss word&1"))
        .scope("openid")
        .audience("https://api.test")
        .header("auth0-forwarded-for", "203.0.113.9")
        .send()
        .await
        .unwrap();
    auth.password_realm("jane@example.com", &s("pw"), "Username-Password-Authentication")
        .send()
        .await
        .unwrap();
    let reqs = received(&server, TOKEN).await;
    assert_eq!(
        form(&reqs[0]),
        map(&[
            ("grant_type", "password"),
            ("username", "jane@example.com"),
            ("password", "p@ss word&1"),
            ("scope", "openid"),
            ("audience", "https://api.test"),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
        ])
    );
    assert_eq!(header(&reqs[0], "auth0-forwarded-for"), Some("203.0.113.9"));
    assert_eq!(
        form(&reqs[1]),
        map(&[
            ("grant_type", "http://auth0.com/oauth/grant-type/password-realm"),
            ("username", "jane@example.com"),
            ("password", "pw"),
            ("realm", "Username-Password-Authentication"),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
        ])
    );
}

#[tokio::test]
async fn refresh_token_grant() {
    let server = token_server().await;
    secret_client(&server)
        .refresh_token(&s("rt-old"))
        .scope("openid offline_access")
        .send()
        .await
        .unwrap();
    assert_eq!(
        form(&only(&server, TOKEN).await),
        map(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", "rt-old"),
            ("scope", "openid offline_access"),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
        ])
    );
}

#[tokio::test]
async fn custom_token_exchange() {
    let server = token_server().await;
    secret_client(&server)
        .token_exchange(&s("external-jwt"), "urn:acme:legacy-token")
        .audience("https://api.test")
        .scope("openid")
        .organization("org_9")
        .send()
        .await
        .unwrap();
    assert_eq!(
        form(&only(&server, TOKEN).await),
        map(&[
            ("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"),
            ("subject_token", "external-jwt"),
            ("subject_token_type", "urn:acme:legacy-token"),
            ("audience", "https://api.test"),
            ("scope", "openid"),
            ("organization", "org_9"),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
        ])
    );
}

#[tokio::test]
async fn federated_connection_token_for_token_vault() {
    let server = tenant().await;
    answer(
        &server,
        TOKEN,
        200,
        json!({
            "access_token": "google-at",
            "expires_in": 3599,
            "scope": "https://www.googleapis.com/auth/calendar",
            "issued_token_type": "http://auth0.com/oauth/token-type/federated-connection-access-token",
            "token_type": "Bearer",
        }),
    )
    .await;
    let tokens = secret_client(&server)
        .federated_connection_token(&s("rt-user"), TOKEN_TYPE_REFRESH_TOKEN, "google-oauth2")
        .param("login_hint", "jane@gmail.com")
        .send()
        .await
        .unwrap();
    assert_eq!(tokens.access_token.expose_secret(), "google-at");
    assert_eq!(
        tokens.issued_token_type.as_deref(),
        Some("http://auth0.com/oauth/token-type/federated-connection-access-token")
    );
    assert!(tokens.refresh_token.is_none());
    assert_eq!(
        form(&only(&server, TOKEN).await),
        map(&[
            (
                "grant_type",
                "urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token"
            ),
            ("subject_token", "rt-user"),
            ("subject_token_type", "urn:ietf:params:oauth:token-type:refresh_token"),
            (
                "requested_token_type",
                "http://auth0.com/oauth/token-type/federated-connection-access-token"
            ),
            ("connection", "google-oauth2"),
            ("login_hint", "jane@gmail.com"),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
        ])
    );
}

#[tokio::test]
async fn passwordless_otp_login() {
    let server = token_server().await;
    secret_client(&server)
        .passwordless_login(PasswordlessRealm::Sms, "+15555550100", &s("123456"))
        .scope("openid")
        .send()
        .await
        .unwrap();
    assert_eq!(
        form(&only(&server, TOKEN).await),
        map(&[
            ("grant_type", "http://auth0.com/oauth/grant-type/passwordless/otp"),
            ("realm", "sms"),
            ("username", "+15555550100"),
            ("otp", "123456"),
            ("scope", "openid"),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
        ])
    );
}

#[tokio::test]
async fn mfa_grants() {
    let server = tenant().await;
    let mut body = token_json(None);
    body["recovery_code"] = json!("NEW-RECOVERY-CODE");
    answer(&server, TOKEN, 200, body).await;
    let auth = secret_client(&server);
    auth.mfa_otp(&s("mfa-tok"), &s("654321")).send().await.unwrap();
    auth.mfa_oob(&s("mfa-tok"), "oob-1", Some(&s("bind-9")))
        .send()
        .await
        .unwrap();
    auth.mfa_oob(&s("mfa-tok"), "oob-2", None).send().await.unwrap();
    let tokens = auth.mfa_recovery_code(&s("mfa-tok"), &s("RC-1")).send().await.unwrap();
    assert_eq!(tokens.extra.get("recovery_code"), Some(&json!("NEW-RECOVERY-CODE")));
    assert!(!format!("{tokens:?}").contains("NEW-RECOVERY-CODE"));

    let reqs = received(&server, TOKEN).await;
    let auth_pairs = [("client_id", CLIENT_ID), ("client_secret", SECRET)];
    let with_auth = |pairs: &[(&str, &str)]| {
        let mut m = map(pairs);
        m.extend(map(&auth_pairs));
        m
    };
    assert_eq!(
        form(&reqs[0]),
        with_auth(&[
            ("grant_type", "http://auth0.com/oauth/grant-type/mfa-otp"),
            ("mfa_token", "mfa-tok"),
            ("otp", "654321"),
        ])
    );
    assert_eq!(
        form(&reqs[1]),
        with_auth(&[
            ("grant_type", "http://auth0.com/oauth/grant-type/mfa-oob"),
            ("mfa_token", "mfa-tok"),
            ("oob_code", "oob-1"),
            ("binding_code", "bind-9"),
        ])
    );
    assert_eq!(
        form(&reqs[2]),
        with_auth(&[
            ("grant_type", "http://auth0.com/oauth/grant-type/mfa-oob"),
            ("mfa_token", "mfa-tok"),
            ("oob_code", "oob-2"),
        ])
    );
    assert_eq!(
        form(&reqs[3]),
        with_auth(&[
            ("grant_type", "http://auth0.com/oauth/grant-type/mfa-recovery-code"),
            ("mfa_token", "mfa-tok"),
            ("recovery_code", "RC-1"),
        ])
    );
}

#[tokio::test]
async fn revoke_refresh_token_with_each_auth_method() {
    let server = tenant().await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .and(wiremock::matchers::path("/oauth/revoke"))
        .respond_with(wiremock::ResponseTemplate::new(200))
        .mount(&server)
        .await;
    secret_client(&server).revoke_refresh_token(&s("rt-x")).await.unwrap();
    client(&server, |b| {
        b.client_secret(SECRET)
            .client_auth_method(ClientAuthMethod::ClientSecretBasic)
    })
    .revoke_refresh_token(&s("rt-y"))
    .await
    .unwrap();
    let reqs = received(&server, "/oauth/revoke").await;
    assert_eq!(
        header(&reqs[0], "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        form(&reqs[0]),
        map(&[("token", "rt-x"), ("client_id", CLIENT_ID), ("client_secret", SECRET)])
    );
    assert_eq!(form(&reqs[1]), map(&[("token", "rt-y"), ("client_id", CLIENT_ID)]));
    assert!(header(&reqs[1], "authorization").unwrap().starts_with("Basic "));
}

#[tokio::test]
async fn pushed_authorization_request_and_authorize_url() {
    let server = tenant().await;
    answer(
        &server,
        "/oauth/par",
        201,
        json!({"request_uri": "urn:ietf:params:oauth:request_uri:abc", "expires_in": 30}),
    )
    .await;
    let auth = secret_client(&server);
    let pushed = auth
        .par("https://app.test/cb")
        .scope("openid")
        .state("st")
        .nonce("nn")
        .audience("https://api.test")
        .push()
        .await
        .unwrap();
    assert_eq!(pushed.request_uri, "urn:ietf:params:oauth:request_uri:abc");
    assert_eq!(pushed.expires_in, 30);
    assert_eq!(
        pushed.login.url.as_str(),
        format!(
            "{}/authorize?client_id=client-abc&request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3Aabc",
            server.uri()
        )
    );
    assert_eq!(pushed.login.nonce.as_deref(), Some("nn"));
    let req = only(&server, "/oauth/par").await;
    assert_eq!(header(&req, "content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(
        form(&req),
        map(&[
            ("response_type", "code"),
            ("redirect_uri", "https://app.test/cb"),
            ("scope", "openid"),
            ("state", "st"),
            ("nonce", "nn"),
            ("audience", "https://api.test"),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
        ])
    );
}

#[tokio::test]
async fn mtls_sends_only_client_id_to_the_mtls_host() {
    let main = tenant().await;
    let mtls = tenant().await;
    answer(&mtls, TOKEN, 200, token_json(None)).await;
    let auth = AuthenticationClient::builder()
        .base_url(main.uri())
        .mtls_base_url(mtls.uri())
        .client_id(CLIENT_ID)
        .build()
        .unwrap();
    assert_eq!(auth.auth_method(), ClientAuthMethod::TlsClientAuth);
    auth.client_credentials()
        .audience("https://api.test")
        .send()
        .await
        .unwrap();
    assert!(received(&main, TOKEN).await.is_empty());
    let req = only(&mtls, TOKEN).await;
    assert!(header(&req, "authorization").is_none());
    assert_eq!(
        form(&req),
        map(&[
            ("grant_type", "client_credentials"),
            ("audience", "https://api.test"),
            ("client_id", CLIENT_ID),
        ])
    );
    // The default mTLS host is `mtls.{domain}`; browser URLs stay on the domain.
    let real = AuthenticationClient::builder()
        .domain("tenant.auth0.com")
        .client_id("x")
        .mtls()
        .build()
        .unwrap();
    assert_eq!(real.backchannel_url(), "https://mtls.tenant.auth0.com");
    assert_eq!(real.base_url(), "https://tenant.auth0.com");
}

#[tokio::test]
async fn oauth_errors_are_typed_and_mfa_token_is_kept_secret() {
    let server = tenant().await;
    answer(
        &server,
        TOKEN,
        403,
        json!({"error": "mfa_required", "error_description": "Multifactor authentication required", "mfa_token": "MFA-SECRET"}),
    )
    .await;
    let err = secret_client(&server).password("u", &s("p")).send().await.unwrap_err();
    assert!(err.is_mfa_required());
    assert_eq!(err.mfa_token().unwrap().expose_secret(), "MFA-SECRET");
    assert_eq!(err.status(), Some(http::StatusCode::FORBIDDEN));
    let oauth = err.oauth_error().unwrap();
    assert_eq!(oauth.error_description, Some("Multifactor authentication required"));
    assert!(!format!("{err:?}").contains("MFA-SECRET"));
    assert!(!err.to_string().contains("MFA-SECRET"));
    assert!(err.to_string().contains("mfa_required"), "{err}");
}

#[tokio::test]
async fn invalid_grant_is_an_oauth_error_and_non_oauth_bodies_are_request_errors() {
    let server = tenant().await;
    answer(
        &server,
        TOKEN,
        400,
        json!({"error": "invalid_grant", "error_description": "Wrong email or password."}),
    )
    .await;
    let err = secret_client(&server).password("u", &s("p")).send().await.unwrap_err();
    assert_eq!(err.oauth_error().map(|e| e.error), Some("invalid_grant"));
    assert!(!err.is_mfa_required());

    let other = tenant().await;
    wiremock::Mock::given(wiremock::matchers::path(TOKEN))
        .respond_with(wiremock::ResponseTemplate::new(502).set_body_string("<html>bad gateway</html>"))
        .mount(&other)
        .await;
    let err = secret_client(&other).password("u", &s("p")).send().await.unwrap_err();
    assert!(err.oauth_error().is_none());
    assert_eq!(err.status(), Some(http::StatusCode::BAD_GATEWAY));
    assert!(err.api_error().is_some());
}

#[tokio::test]
async fn a_token_response_that_fails_to_decode_does_not_leak_it() {
    let server = tenant().await;
    answer(
        &server,
        TOKEN,
        200,
        json!({"token_type": "Bearer", "refresh_token": "LEAKY-RT"}),
    )
    .await;
    let err = secret_client(&server).refresh_token(&s("r")).send().await.unwrap_err();
    assert!(!format!("{err:?} {err}").contains("LEAKY-RT"), "{err:?}");
    let _: Option<&Value> = None;
}
