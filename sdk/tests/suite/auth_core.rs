//! One core under every client: the generated `auth.api()` token call, the flow and the
//! Management client's token source send the same request for each client-auth method; a
//! `ClientConfig` shares one retry budget between token and API traffic (and between
//! clients); flows take the same per-request options as generated requests.

use crate::auth_support;

use std::collections::BTreeMap;
use std::time::Duration;

use auth_support::*;
use auth0_sdk::authentication::api::types::{
    ClientCredentialsGrant, ClientCredentialsGrantGrantType, ExchangeTokenBody, RefreshTokenGrant,
    RefreshTokenGrantGrantType,
};
use auth0_sdk::authentication::{AuthenticationClient, ClientAuthMethod};
use auth0_sdk::runtime::{ClientAssertionSigner, RetryBudget, RetryPolicy, SigningAlgorithm};
use auth0_sdk::{ClientConfig, ManagementClient};
use base64::Engine as _;
use secrecy::SecretString;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "/oauth/token";
const API: &str = "https://api.test/";

fn header(req: &Request, name: &str) -> Option<String> {
    req.headers.get(name).map(|v| v.to_str().unwrap().to_owned())
}

/// Everything about a token request that must be the same whoever sent it: the content
/// type, the `Authorization` header and every form parameter. A client assertion is single
/// use (its `jti` and `iat` differ), so its issuer, subject, audience and signing header stand
/// in for it.
fn shape(req: &Request) -> (Option<String>, Option<String>, BTreeMap<String, String>) {
    let mut form: BTreeMap<String, String> = url::form_urlencoded::parse(&req.body).into_owned().collect();
    if let Some(assertion) = form.get_mut("client_assertion") {
        let segments: Vec<&str> = assertion.split('.').collect();
        let decode = |s: &str| -> Value {
            serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s).unwrap()).unwrap()
        };
        let (head, claims) = (decode(segments[0]), decode(segments[1]));
        *assertion = format!(
            "alg={} iss={} sub={} aud={}",
            head["alg"], claims["iss"], claims["sub"], claims["aud"]
        );
    }
    (header(req, "content-type"), header(req, "authorization"), form)
}

async fn token_server() -> MockServer {
    let server = tenant().await;
    answer(&server, TOKEN, 200, token_json(None)).await;
    server
}

fn signer() -> ClientAssertionSigner {
    ClientAssertionSigner::from_pem(ASSERTION_PRIVATE_PEM, SigningAlgorithm::RS256)
        .unwrap()
        .key_id("kid-1")
}

fn auth_client(server: &MockServer, method: ClientAuthMethod) -> AuthenticationClient {
    client(server, |b| match method {
        ClientAuthMethod::ClientSecretPost => b.client_secret(SECRET),
        ClientAuthMethod::ClientSecretBasic => b
            .client_secret(SECRET)
            .client_auth_method(ClientAuthMethod::ClientSecretBasic),
        ClientAuthMethod::PrivateKeyJwt => b.private_key_jwt(signer()),
        ClientAuthMethod::TlsClientAuth => b.mtls_base_url(server.uri()),
        other => panic!("not a confidential method: {other:?}"),
    })
}

fn client_credentials_body() -> ExchangeTokenBody {
    ExchangeTokenBody::ClientCredentialsGrant(ClientCredentialsGrant {
        grant_type: ClientCredentialsGrantGrantType::ClientCredentials,
        client_id: None,
        client_secret: None,
        audience: Some(API.to_owned()),
        organization: None,
        client_assertion: None,
        client_assertion_type: None,
    })
}

const METHODS: [ClientAuthMethod; 4] = [
    ClientAuthMethod::ClientSecretPost,
    ClientAuthMethod::ClientSecretBasic,
    ClientAuthMethod::PrivateKeyJwt,
    ClientAuthMethod::TlsClientAuth,
];

#[tokio::test]
async fn generated_token_call_and_flow_send_identical_requests_for_every_client_auth_method() {
    for method in METHODS {
        let server = token_server().await;
        let auth = auth_client(&server, method);
        auth.client_credentials().audience(API).send().await.unwrap();
        let tokens = auth
            .api()
            .oauth()
            .token(client_credentials_body())
            .send()
            .await
            .unwrap();
        assert!(
            !format!("{tokens:?}").contains("at-123"),
            "one token type, secrets redacted"
        );

        let requests = received(&server, TOKEN).await;
        assert_eq!(requests.len(), 2, "{method:?}");
        let (flow, generated) = (shape(&requests[0]), shape(&requests[1]));
        assert_eq!(flow, generated, "{method:?}");
        assert_eq!(
            flow.0.as_deref(),
            Some("application/x-www-form-urlencoded"),
            "{method:?}"
        );
        assert_eq!(flow.2["grant_type"], "client_credentials");
        assert_eq!(flow.2["client_id"], CLIENT_ID, "{method:?}");
        match method {
            ClientAuthMethod::ClientSecretPost => assert_eq!(flow.2["client_secret"], SECRET),
            ClientAuthMethod::ClientSecretBasic => {
                assert!(flow.1.as_deref().unwrap().starts_with("Basic "));
                assert!(!flow.2.contains_key("client_secret"));
            }
            ClientAuthMethod::PrivateKeyJwt => {
                assert!(flow.2["client_assertion"].contains(&format!("iss=\"{CLIENT_ID}\"")));
                assert!(!flow.2.contains_key("client_secret"));
            }
            _ => assert_eq!(flow.2.len(), 3, "mTLS sends no credential in the body: {:?}", flow.2),
        }
    }
}

#[tokio::test]
async fn a_refresh_grant_is_the_same_from_the_flow_and_the_generated_call() {
    let server = token_server().await;
    let auth = auth_client(&server, ClientAuthMethod::ClientSecretBasic);
    auth.refresh_token(&SecretString::from("rt-1")).send().await.unwrap();
    let body = ExchangeTokenBody::RefreshTokenGrant(RefreshTokenGrant {
        grant_type: RefreshTokenGrantGrantType::RefreshToken,
        client_id: None,
        client_secret: None,
        refresh_token: "rt-1".to_owned(),
        scope: None,
        client_assertion: None,
        client_assertion_type: None,
    });
    auth.api().oauth().token(body).send().await.unwrap();
    let requests = received(&server, TOKEN).await;
    assert_eq!(shape(&requests[0]), shape(&requests[1]));
}

#[tokio::test]
async fn the_management_token_source_sends_what_the_flow_sends() {
    for method in [ClientAuthMethod::ClientSecretPost, ClientAuthMethod::PrivateKeyJwt] {
        let server = token_server().await;
        Mock::given(method_is_get())
            .and(path("/api/v2/roles"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
            .mount(&server)
            .await;
        let builder = ManagementClient::builder()
            .base_url(format!("{}/api/v2", server.uri()))
            .audience(API);
        let management = match method {
            ClientAuthMethod::ClientSecretPost => builder.client_secret(CLIENT_ID, SECRET),
            _ => builder.private_key_jwt(CLIENT_ID, signer()),
        }
        .build()
        .unwrap();
        management.roles().list().send().await.unwrap();
        auth_client(&server, method)
            .client_credentials()
            .audience(API)
            .send()
            .await
            .unwrap();
        let requests = received(&server, TOKEN).await;
        assert_eq!(requests.len(), 2, "{method:?}");
        assert_eq!(shape(&requests[0]), shape(&requests[1]), "{method:?}");
    }
}

fn method_is_get() -> impl wiremock::Match {
    method("GET")
}

/// One retry allowed by the budget; the token request spends it, so the API call that follows
/// gets no retry, although its own policy allows several.
#[tokio::test]
async fn token_and_api_traffic_share_one_retry_budget() {
    let server = tenant().await;
    Mock::given(method("POST"))
        .and(path(TOKEN))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    answer(&server, TOKEN, 200, token_json(None)).await;
    Mock::given(method_is_get())
        .and(path("/api/v2/roles"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let fast = RetryPolicy::default()
        .max_retries(3)
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(2));
    let shared = ClientConfig::builder()
        .retry_policy(fast.clone())
        .retry_budget(RetryBudget::new(1))
        .build()
        .unwrap();
    let management = ManagementClient::builder()
        .config(&shared)
        .base_url(format!("{}/api/v2", server.uri()))
        .client_secret(CLIENT_ID, SECRET)
        .build()
        .unwrap();
    let err = management.roles().list().send().await.unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(
        received(&server, TOKEN).await.len(),
        2,
        "the token request was retried once"
    );
    assert_eq!(
        received(&server, "/api/v2/roles").await.len(),
        1,
        "the budget the token request spent is not there for the API call"
    );

    // A second client built from the same config draws on the same (empty) budget…
    let other = ManagementClient::builder()
        .config(&shared)
        .base_url(format!("{}/api/v2", server.uri()))
        .token("static")
        .build()
        .unwrap();
    other.roles().list().send().await.unwrap_err();
    assert_eq!(received(&server, "/api/v2/roles").await.len(), 2);

    // …while a client with a config of its own has its own budget and retries.
    let own = ManagementClient::builder()
        .config(&ClientConfig::builder().retry_policy(fast).build().unwrap())
        .base_url(format!("{}/api/v2", server.uri()))
        .token("static")
        .build()
        .unwrap();
    own.roles().list().send().await.unwrap_err();
    assert_eq!(received(&server, "/api/v2/roles").await.len(), 2 + 4);
}

#[tokio::test]
async fn auth_flows_take_the_same_per_request_options_as_generated_requests() {
    let server = tenant().await;
    Mock::given(method("POST"))
        .and(path(TOKEN))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let auth = client(&server, |b| {
        b.client_secret(SECRET).config(
            &ClientConfig::builder()
                .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
                .build()
                .unwrap(),
        )
    });
    // The grant is retried after a 503 only because this request says so, with its own
    // header, query parameter and retry count.
    let err = auth
        .client_credentials()
        .audience(API)
        .header("x-request-id", "req-1")
        .query_param("trace", "on")
        .retry_non_idempotent(true)
        .max_retries(1)
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    let requests = received(&server, TOKEN).await;
    assert_eq!(requests.len(), 2, "one retry, as `max_retries(1)` asked");
    for req in &requests {
        assert_eq!(header(req, "x-request-id").as_deref(), Some("req-1"));
        assert_eq!(req.url.query(), Some("trace=on"));
    }

    // Without the options: a POST is not retried after a 503.
    auth.client_credentials().audience(API).send().await.unwrap_err();
    assert_eq!(received(&server, TOKEN).await.len(), 3);

    // The same setters on a user-info request and a device-code request.
    Mock::given(method_is_get())
        .and(path("/userinfo"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"sub": "auth0|1"})))
        .mount(&server)
        .await;
    let me = auth
        .userinfo(&SecretString::from("user-token"))
        .header("x-request-id", "req-2")
        .send()
        .await
        .unwrap();
    assert_eq!(me.sub, "auth0|1");
    let info = only(&server, "/userinfo").await;
    assert_eq!(header(&info, "x-request-id").as_deref(), Some("req-2"));
    assert_eq!(header(&info, "authorization").as_deref(), Some("Bearer user-token"));

    answer(
        &server,
        "/oauth/device/code",
        200,
        json!({"device_code": "d", "user_code": "u", "verification_uri": "https://x", "expires_in": 60}),
    )
    .await;
    auth.device_code().header("x-request-id", "req-3").send().await.unwrap();
    let device = only(&server, "/oauth/device/code").await;
    assert_eq!(header(&device, "x-request-id").as_deref(), Some("req-3"));
}
