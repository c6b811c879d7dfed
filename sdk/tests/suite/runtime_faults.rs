//! What a failure means: attempt counts, whether a write may have happened, the retry
//! budget against 429 waves, the 401 refetch cool-down, bounded time and size, compressed
//! bodies, the token audience, and secrets echoed back by a server.

use crate::runtime_support;

use std::io::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use auth0_sdk::runtime::{Call, ClientAssertionSigner, RetryBudget, RetryPolicy, SigningAlgorithm};
use auth0_sdk::{Error, ManagementClient};
use runtime_support::*;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "client-secret-Zx81";

fn get_user() -> Call {
    Call::new(&GET_USER, &["u1"])
}

fn create_user() -> Call {
    let mut call = Call::new(&CREATE_USER, &[]);
    call.json(&json!({"email": "a@example.com"}));
    call
}

fn static_client(
    base: &str,
    configure: impl FnOnce(auth0_sdk::runtime::ClientConfigBuilder) -> auth0_sdk::runtime::ClientConfigBuilder,
) -> ManagementClient {
    ManagementClient::builder()
        .base_url(base)
        .token("static-token-Qw77")
        .config(&config(configure))
        .build()
        .unwrap()
}

#[tokio::test]
async fn every_error_carries_its_attempt_count_and_method() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v2/users/u1"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let err = client(&server)
        .transport()
        .send_json::<Value>(get_user())
        .await
        .unwrap_err();
    let attempts = err.attempts().unwrap();
    assert_eq!(attempts.count, 3);
    assert_eq!(attempts.method, auth0_sdk::runtime::HttpMethod::Get);
    assert!(!attempts.budget_exhausted);
    assert!(err.to_string().contains("after 3 attempts"), "{err}");

    // A 409 on the first attempt of a create is a real conflict.
    Mock::given(path("/api/v2/users"))
        .respond_with(ResponseTemplate::new(409).set_body_json(json!({"message": "exists"})))
        .mount(&server)
        .await;
    let err = client(&server)
        .transport()
        .send_json::<Value>(create_user())
        .await
        .unwrap_err();
    assert_eq!(err.attempts().unwrap().count, 1);
    assert!(!err.may_have_executed());
}

#[tokio::test]
async fn the_budget_does_not_spend_itself_on_429s_that_say_when_to_come_back() {
    let server = MockServer::start().await;
    Mock::given(path("/users/u1"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(4)
        .mount(&server)
        .await;
    Mock::given(path("/users/u1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"user_id": "u1"})))
        .mount(&server)
        .await;
    // A budget with no retries at all: paced 429s are retried anyway, as far as the policy says.
    let client = static_client(&server.uri(), |c| {
        c.retry_budget(RetryBudget::new(0))
            .retry_policy(fast_retry().max_retries(6))
    });
    let response = client.transport().send_json::<Value>(get_user()).await.unwrap();
    assert_eq!(response.meta.attempts, 5);

    // A 503 draws on the budget, and the error says the budget (not the policy) said no.
    let failing = MockServer::start().await;
    Mock::given(path("/users/u1"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&failing)
        .await;
    let client = static_client(&failing.uri(), |c| {
        c.retry_budget(RetryBudget::new(0))
            .retry_policy(fast_retry().max_retries(6))
    });
    let err = client.transport().send_json::<Value>(get_user()).await.unwrap_err();
    assert!(err.retry_budget_exhausted(), "{err:?}");
    assert_eq!(err.attempts().unwrap().count, 1);
    assert!(err.to_string().contains("retry budget exhausted"), "{err}");
}

/// A port nothing listens on.
async fn closed_port() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

/// A server that reads each request and then resets the connection without answering:
/// the request was executed as far as the client can tell.
async fn resetting_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&seen);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let counter = Arc::clone(&counter);
            tokio::spawn(async move {
                let mut buf = vec![0u8; 64 * 1024];
                let mut read = 0;
                while !buf[..read].windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf[read..]).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => read += n,
                    }
                }
                counter.fetch_add(1, Ordering::SeqCst);
                #[allow(deprecated)] // SO_LINGER 0 is how a test sends a TCP reset.
                let _ = socket.set_linger(Some(Duration::ZERO));
                drop(socket);
            });
        }
    });
    (format!("http://{addr}"), seen)
}

#[tokio::test]
async fn a_refused_connection_was_never_sent_and_is_retried_even_for_a_post() {
    let base = closed_port().await;
    let client = static_client(&base, |c| c);
    let err = client.transport().send_json::<Value>(create_user()).await.unwrap_err();
    assert!(matches!(err, Error::Connection { sent: false, .. }), "{err:?}");
    assert!(!err.may_have_executed());
    assert!(err.is_retryable(), "nothing was sent, so even a POST may be sent again");
    assert_eq!(
        err.attempts().unwrap().count,
        3,
        "retried: repeating cannot do it twice"
    );
    assert!(err.to_string().contains("before the request was sent"), "{err}");
}

#[tokio::test]
async fn a_reset_after_sending_may_have_executed_and_a_post_is_not_retried() {
    let (base, seen) = resetting_server().await;
    let client = static_client(&base, |c| c);
    let err = client.transport().send_json::<Value>(create_user()).await.unwrap_err();
    assert!(matches!(err, Error::Connection { sent: true, .. }), "{err:?}");
    assert!(err.may_have_executed());
    assert!(
        !err.is_retryable(),
        "a create that may have happened is not safe to repeat"
    );
    assert_eq!(seen.load(Ordering::SeqCst), 1, "no retry of the POST");

    let err = client.transport().send_json::<Value>(get_user()).await.unwrap_err();
    assert!(err.may_have_executed());
    assert!(err.is_retryable(), "a GET may be repeated");
    assert_eq!(seen.load(Ordering::SeqCst), 1 + 3);
}

/// Answers every request with headers promising `promised` bytes, sends `sent`, then closes.
async fn truncating_server(promised: usize, sent: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 64 * 1024];
                let _ = socket.read(&mut buf).await;
                let mut response = Vec::new();
                write!(
                    response,
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {promised}\r\n\r\n"
                )
                .unwrap();
                response.extend(std::iter::repeat_n(b' ', sent));
                let _ = socket.write_all(&response).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_truncated_body_is_its_own_error_not_a_connection_failure() {
    let base = truncating_server(1000, 10).await;
    let client = static_client(&base, |c| c.retry_policy(RetryPolicy::none()));
    let err = client.transport().send_json::<Value>(create_user()).await.unwrap_err();
    assert!(
        matches!(err, Error::BodyInterrupted { status, .. } if status == http::StatusCode::OK),
        "{err:?}"
    );
    assert!(err.may_have_executed());
    assert!(!err.is_retryable());
    assert!(err.to_string().contains("cut off"), "{err}");
}

#[tokio::test]
async fn a_persistent_401_fetches_one_replacement_token_not_one_per_call() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"access_token": "tok", "expires_in": 3600})))
        .mount(&server)
        .await;
    Mock::given(path("/api/v2/users/u1"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "Invalid token"})))
        .mount(&server)
        .await;
    let client = ManagementClient::builder()
        .base_url(format!("{}/api/v2", server.uri()))
        .client_secret("my-client", SECRET)
        .config(&config(|c| c))
        .build()
        .unwrap();
    for _ in 0..10 {
        let err = client.transport().send_json::<Value>(get_user()).await.unwrap_err();
        assert_eq!(err.status(), Some(http::StatusCode::UNAUTHORIZED));
    }
    assert_eq!(
        hits(&server, "/oauth/token").await,
        2,
        "the first token and one replacement"
    );
    assert_eq!(hits(&server, "/api/v2/users/u1").await, 11);
}

#[tokio::test]
async fn a_call_ends_by_its_deadline_however_long_each_attempt_may_take() {
    assert_eq!(RetryPolicy::default().get_max_elapsed(), Some(Duration::from_secs(60)));
    let server = MockServer::start().await;
    Mock::given(path("/users/u1"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(30)))
        .mount(&server)
        .await;
    let client = static_client(&server.uri(), |c| {
        c.timeout(Duration::from_secs(20))
            .retry_policy(fast_retry().max_elapsed(Duration::from_millis(300)))
    });
    let started = Instant::now();
    let err = client.transport().send_json::<Value>(get_user()).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "bounded by the deadline, not 3 × 20 s"
    );
}

#[tokio::test]
async fn response_bodies_are_capped() {
    let server = MockServer::start().await;
    Mock::given(path("/users/u1"))
        .respond_with(ResponseTemplate::new(200).set_body_string(format!("\"{}\"", "x".repeat(2 * 1024 * 1024))))
        .mount(&server)
        .await;
    Mock::given(path("/clients/c1"))
        .respond_with(ResponseTemplate::new(502).set_body_string("e".repeat(1024 * 1024)))
        .mount(&server)
        .await;
    let client = static_client(&server.uri(), |c| c.max_response_size(1024 * 1024));
    let err = client.transport().send_json::<Value>(get_user()).await.unwrap_err();
    assert!(
        matches!(err, Error::ResponseTooLarge { limit, .. } if limit == 1024 * 1024),
        "{err:?}"
    );
    assert_eq!(err.attempts().unwrap().count, 1, "the same answer would come again");
    let err = client
        .transport()
        .send_json::<Value>(Call::new(&GET_CLIENT, &["c1"]))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::BAD_GATEWAY));
    assert_eq!(
        err.api_error().unwrap().raw_body().len(),
        8 * 1024,
        "only what is kept is read"
    );
}

#[tokio::test]
async fn gzip_bodies_are_asked_for_and_decoded() {
    let server = MockServer::start().await;
    let body = serde_json::to_vec(&json!({"user_id": "u1", "name": "Zip"})).unwrap();
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&body).unwrap();
    Mock::given(path("/api/v2/users/u1"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-encoding", "gzip")
                .insert_header("content-type", "application/json")
                .set_body_bytes(encoder.finish().unwrap()),
        )
        .mount(&server)
        .await;
    let response = client(&server)
        .transport()
        .send_json::<Value>(get_user())
        .await
        .unwrap();
    assert_eq!(response.data["name"], "Zip");
    let requests = server.received_requests().await.unwrap();
    let accept = requests[0].headers.get("accept-encoding").unwrap().to_str().unwrap();
    assert!(accept.contains("gzip"), "{accept}");
}

#[tokio::test]
async fn the_management_audience_follows_the_domain_even_with_another_auth_base_url() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"access_token": "tok", "expires_in": 3600})))
        .mount(&server)
        .await;
    Mock::given(path("/api/v2/users/u1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let client = ManagementClient::builder()
        .domain("tenant.example.com")
        .base_url(format!("{}/api/v2", server.uri()))
        .auth_base_url(server.uri())
        .client_secret("my-client", SECRET)
        .build()
        .unwrap();
    client.transport().send_json::<Value>(get_user()).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let token = requests.iter().find(|r| r.url.path() == "/oauth/token").unwrap();
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&token.body).into_owned().collect();
    assert!(
        form.contains(&("audience".to_owned(), "https://tenant.example.com/api/v2/".to_owned())),
        "{form:?}"
    );
}

fn assert_clean(err: &Error, secret: &str) {
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(secret), "{shown}");
    if let Some(api) = err.api_error() {
        assert!(!api.raw_body().contains(secret), "{}", api.raw_body());
        assert!(!format!("{:?}", api.body()).contains(secret));
    }
    if let Error::Decode(d) = err {
        assert!(!d.message().contains(secret) && !d.body_excerpt().contains(secret));
    }
}

#[tokio::test]
async fn secrets_a_server_echoes_never_reach_errors() {
    // A token endpoint quoting the client secret.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"error": "invalid_client", "error_description": format!("bad secret {SECRET}")})),
        )
        .mount(&server)
        .await;
    let client = ManagementClient::builder()
        .base_url(format!("{}/api/v2", server.uri()))
        .client_secret("my-client", SECRET)
        .build()
        .unwrap();
    let err = client.transport().send_json::<Value>(get_user()).await.unwrap_err();
    assert!(err.is_oauth_error("invalid_client"));
    assert_clean(&err, SECRET);

    // … quoting the client assertion.
    let assertion_server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(|req: &wiremock::Request| {
            let form: Vec<(String, String)> = url::form_urlencoded::parse(&req.body).into_owned().collect();
            let assertion = form.iter().find(|(k, _)| k == "client_assertion").unwrap().1.clone();
            ResponseTemplate::new(401)
                .set_body_json(json!({"error": "invalid_client", "error_description": format!("bad {assertion}")}))
        })
        .mount(&assertion_server)
        .await;
    let signer =
        ClientAssertionSigner::from_pem(include_str!("auth_support/assertion_key.pem"), SigningAlgorithm::RS256)
            .unwrap();
    let client = ManagementClient::builder()
        .base_url(format!("{}/api/v2", assertion_server.uri()))
        .private_key_jwt("my-client", signer)
        .build()
        .unwrap();
    let err = client.transport().send_json::<Value>(get_user()).await.unwrap_err();
    let shown = format!("{err} {err:?} {}", err.api_error().unwrap().raw_body());
    assert!(!shown.contains("eyJ"), "{shown}");

    // An API quoting the Authorization header, and a 2xx quoting the token where serde
    // rejects it.
    let api = MockServer::start().await;
    Mock::given(path("/users/u1"))
        .respond_with(ResponseTemplate::new(403).set_body_string("denied: Authorization: Bearer static-token-Qw77"))
        .mount(&api)
        .await;
    Mock::given(path("/clients/c1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"user_id": 1, "email_verified": "static-token-Qw77"})),
        )
        .mount(&api)
        .await;
    let client = static_client(&api.uri(), |c| c);
    let err = client.transport().send_json::<Value>(get_user()).await.unwrap_err();
    assert_clean(&err, "static-token-Qw77");
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Strict {
        email_verified: bool,
    }
    let err = client
        .transport()
        .send_json::<Strict>(Call::new(&GET_CLIENT, &["c1"]))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_clean(&err, "static-token-Qw77");

    // A refresh token echoed by the token endpoint of a flow.
    let auth_server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(|req: &wiremock::Request| {
            let body = String::from_utf8_lossy(&req.body).into_owned();
            ResponseTemplate::new(400).set_body_json(json!({"error": "invalid_grant", "error_description": body}))
        })
        .mount(&auth_server)
        .await;
    let auth = auth0_sdk::AuthenticationClient::builder()
        .base_url(auth_server.uri())
        .client_id("my-client")
        .client_secret(SECRET)
        .build()
        .unwrap();
    let err = auth
        .refresh_token(&secrecy::SecretString::from("refresh-Tk-9931"))
        .send()
        .await
        .unwrap_err();
    assert_clean(&err, "refresh-Tk-9931");
    assert_clean(&err, SECRET);
    assert!(err.is_oauth_error("invalid_grant"));
}
