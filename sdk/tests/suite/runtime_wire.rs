//! What goes over the wire: custom-domain header, per-request overrides, raw responses,
//! path encoding, telemetry, redirects, decode errors, bodies, and Debug redaction.

use crate::runtime_support;

use std::time::Duration;

use auth0_sdk::runtime::{
    Call, ClientAssertionSigner, ExposeSecret, FileUpload, MultipartPart, RequestOptions, SigningAlgorithm,
};
use auth0_sdk::{Error, ManagementClient};
use base64::Engine;
use runtime_support::*;
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn echo_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&server)
        .await;
    server
}

async fn last_request(server: &MockServer) -> Request {
    server
        .received_requests()
        .await
        .unwrap()
        .pop()
        .expect("a request was made")
}

#[tokio::test]
async fn custom_domain_header_only_on_operations_that_accept_it() {
    let server = echo_server().await;
    let client = client_with(&server, |b| b.custom_domain_header("login.example.com"));
    let t = client.transport();
    for call in [
        Call::new(&GET_USER, &["u1"]),
        Call::new(&CREATE_TICKET, &[]),
        Call::new(&CREATE_USER, &[]),
    ] {
        t.send_json::<Value>(call).await.unwrap();
        let r = last_request(&server).await;
        assert_eq!(
            r.headers.get("auth0-custom-domain").unwrap(),
            "login.example.com",
            "{}",
            r.url
        );
    }
    for call in [Call::new(&GET_CLIENT, &["c1"]), Call::new(&DELETE_CLIENT, &["c1"])] {
        t.send_json::<Value>(call).await.unwrap();
        let r = last_request(&server).await;
        assert!(r.headers.get("auth0-custom-domain").is_none(), "{}", r.url);
    }
    // Per request, it goes wherever the caller puts it, and overrides the client's.
    let mut call = Call::new(&GET_CLIENT, &["c1"]);
    call.options(RequestOptions::default().custom_domain("other.example.com"));
    t.send_json::<Value>(call).await.unwrap();
    assert_eq!(
        last_request(&server).await.headers.get("auth0-custom-domain").unwrap(),
        "other.example.com"
    );
    let mut call = Call::new(&GET_USER, &["u1"]);
    call.options(RequestOptions::default().custom_domain("other.example.com"));
    t.send_json::<Value>(call).await.unwrap();
    assert_eq!(
        last_request(&server).await.headers.get("auth0-custom-domain").unwrap(),
        "other.example.com"
    );
}

#[tokio::test]
async fn per_request_headers_and_query_override() {
    let server = echo_server().await;
    let mut call = Call::new(&GET_USER, &["u1"]);
    call.query("fields", &"email");
    call.query("include_fields", &true);
    call.header("x-spec-header", Some("spec"));
    call.options(
        RequestOptions::default()
            .header("x-request-id", "r-1")
            .header("user-agent", "my-app/1.0")
            .query_param("fields", "user_id")
            .query_param("extra", "1"),
    );
    client(&server).transport().send_json::<Value>(call).await.unwrap();
    let r = last_request(&server).await;
    assert_eq!(r.headers.get("x-request-id").unwrap(), "r-1");
    assert_eq!(r.headers.get("x-spec-header").unwrap(), "spec");
    assert_eq!(r.headers.get("user-agent").unwrap(), "my-app/1.0");
    assert_eq!(r.url.query(), Some("include_fields=true&fields=user_id&extra=1"));
}

#[tokio::test]
async fn raw_response_has_status_headers_url_and_rate_limit() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v2/users/u1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"user_id": "u1"}))
                .insert_header("x-ratelimit-limit", "50")
                .insert_header("x-ratelimit-remaining", "49")
                .insert_header("x-ratelimit-reset", "1700000000")
                .insert_header("x-custom", "yes"),
        )
        .mount(&server)
        .await;
    let resp = client(&server)
        .transport()
        .send_json::<Value>(Call::new(&GET_USER, &["u1"]))
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.meta.header("x-custom"), Some("yes"));
    assert_eq!(resp.meta.url.as_str(), format!("{}/api/v2/users/u1", server.uri()));
    let rl = resp.meta.rate_limit().unwrap();
    assert_eq!(
        (rl.limit, rl.remaining, rl.reset),
        (Some(50), Some(49), Some(1_700_000_000))
    );
    assert_eq!(resp.meta.attempts, 1);
}

#[tokio::test]
async fn path_parameters_are_percent_encoded() {
    let server = echo_server().await;
    let t = client(&server);
    for (id, expected) in [
        ("auth0|123", "/api/v2/users/auth0%7C123"),
        ("../clients", "/api/v2/users/..%2Fclients"),
        ("a/b", "/api/v2/users/a%2Fb"),
        ("what?x=1", "/api/v2/users/what%3Fx%3D1"),
        ("frag#ment", "/api/v2/users/frag%23ment"),
        ("100%", "/api/v2/users/100%25"),
        ("é ü", "/api/v2/users/%C3%A9%20%C3%BC"),
    ] {
        t.transport()
            .send_json::<Value>(Call::new(&GET_USER, &[id]))
            .await
            .unwrap();
        let r = last_request(&server).await;
        assert_eq!(r.url.path(), expected, "{id}");
        assert_eq!(r.url.query(), None, "{id}");
    }
    // `..` and `.` are resolved by URL parsers even when encoded; empty turns get into list.
    let before = server.received_requests().await.unwrap().len();
    for id in ["..", ".", ""] {
        let err = t
            .transport()
            .send_json::<Value>(Call::new(&GET_USER, &[id]))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{id}: {err:?}");
    }
    assert_eq!(server.received_requests().await.unwrap().len(), before);
}

#[tokio::test]
async fn telemetry_user_agent_and_no_api_version() {
    let server = echo_server().await;
    client(&server)
        .transport()
        .send_json::<Value>(Call::new(&GET_USER, &["u1"]))
        .await
        .unwrap();
    let r = last_request(&server).await;
    let encoded = r
        .headers
        .get("auth0-client")
        .expect("Auth0-Client sent")
        .to_str()
        .unwrap()
        .to_owned();
    let decoded = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(&encoded)
        .unwrap();
    let info: Value = serde_json::from_slice(&decoded).unwrap();
    assert_eq!(info["name"], "auth0-rust");
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    assert!(info["env"]["rust"].is_string());
    let ua = r.headers.get("user-agent").unwrap().to_str().unwrap();
    assert!(ua.starts_with("auth0-rust/"), "{ua}");
    assert!(r.headers.get("api-version").is_none());
    assert_eq!(r.headers.get("authorization").unwrap(), "Bearer static-token");

    let server = echo_server().await;
    client_with(&server, |b| b.config(&config(|c| c.telemetry(false))))
        .transport()
        .send_json::<Value>(Call::new(&GET_USER, &["u1"]))
        .await
        .unwrap();
    let r = last_request(&server).await;
    assert!(r.headers.get("auth0-client").is_none());
    assert!(r.headers.get("user-agent").is_some());
}

#[tokio::test]
async fn redirects_are_returned_not_followed() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v2/users/u1"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "https://example.com/after"))
        .mount(&server)
        .await;
    let resp = client(&server)
        .transport()
        .send_empty(Call::new(&GET_USER, &["u1"]))
        .await
        .unwrap();
    assert_eq!(resp.status(), 302);
    assert_eq!(resp.meta.location(), Some("https://example.com/after"));
}

#[tokio::test]
async fn a_2xx_that_is_not_the_expected_json_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v2/users/u1"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>maintenance</html>"))
        .mount(&server)
        .await;
    Mock::given(path("/api/v2/users/u2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"user_id": 42, "client_secret": "hush"})))
        .mount(&server)
        .await;
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct User {
        user_id: String,
    }
    let t = client(&server);
    let err = t
        .transport()
        .send_json::<Value>(Call::new(&GET_USER, &["u1"]))
        .await
        .unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("decode error expected: {err:?}")
    };
    assert_eq!(d.status(), 200);
    assert!(d.body_excerpt().contains("maintenance"));
    let err = t
        .transport()
        .send_json::<User>(Call::new(&GET_USER, &["u2"]))
        .await
        .unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("decode error expected: {err:?}")
    };
    assert_eq!(d.path(), "user_id");
    assert_eq!(err.status(), Some(http::StatusCode::OK));
    assert!(
        !format!("{err} {err:?}").contains("hush"),
        "bodies stay out of Display/Debug"
    );
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn api_errors_carry_auth0_error_body() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v2/users/u1"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "statusCode": 404, "error": "Not Found", "message": "The user does not exist.", "errorCode": "inexistent_user"
        })))
        .mount(&server)
        .await;
    let err = client(&server)
        .transport()
        .send_json::<Value>(Call::new(&GET_USER, &["u1"]))
        .await
        .unwrap_err();
    assert!(err.is_not_found());
    assert!(!err.is_retryable());
    let api = err.api_error().unwrap();
    assert_eq!(api.body().unwrap().error_code.as_deref(), Some("inexistent_user"));
    assert_eq!(api.operation(), "get_user");
    assert_eq!(
        err.to_string(),
        "get_user: HTTP 404 Not Found: The user does not exist. (inexistent_user)"
    );
}

#[tokio::test]
async fn json_form_multipart_and_raw_bodies() {
    let server = echo_server().await;
    let t = client(&server);
    let mut call = Call::new(&CREATE_USER, &[]);
    call.json(&json!({"email": "a@b.c"}));
    t.transport().send_json::<Value>(call).await.unwrap();
    let r = last_request(&server).await;
    assert_eq!(r.headers.get("content-type").unwrap(), "application/json");
    assert_eq!(r.body_json::<Value>().unwrap(), json!({"email": "a@b.c"}));

    let mut call = Call::new(&CREATE_USER, &[]);
    call.form(&json!({"a": "x y", "b": 2}));
    t.transport().send_json::<Value>(call).await.unwrap();
    let r = last_request(&server).await;
    assert_eq!(
        r.headers.get("content-type").unwrap(),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(String::from_utf8_lossy(&r.body), "a=x+y&b=2");

    let mut call = Call::new(&CREATE_USER, &[]);
    call.multipart(vec![
        MultipartPart::Text {
            name: "connection_id",
            value: "con_1".into(),
        },
        MultipartPart::File {
            name: "users",
            file: FileUpload::new("users.json", "application/json", "[]"),
        },
    ]);
    t.transport().send_json::<Value>(call).await.unwrap();
    let r = last_request(&server).await;
    assert!(
        r.headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("multipart/form-data; boundary=")
    );
    let body = String::from_utf8_lossy(&r.body);
    assert!(
        body.contains("name=\"connection_id\"") && body.contains("con_1") && body.contains("filename=\"users.json\"")
    );

    let mut call = Call::new(&CREATE_USER, &[]);
    call.raw_body("text/plain", "hello");
    t.transport().send_json::<Value>(call).await.unwrap();
    let r = last_request(&server).await;
    assert_eq!(r.headers.get("content-type").unwrap(), "text/plain");
    assert_eq!(r.body, b"hello");
}

#[tokio::test]
async fn bad_input_is_a_typed_error_not_a_panic() {
    let server = echo_server().await;
    let t = client(&server);
    let mut call = Call::new(&GET_USER, &["u1"]);
    call.options(RequestOptions::default().header("bad header", "x"));
    assert!(matches!(
        t.transport().send_json::<Value>(call).await,
        Err(Error::InvalidRequest(_))
    ));
    let mut call = Call::new(&GET_USER, &["u1"]);
    call.options(RequestOptions::default().header("x-secret", "line\nbreak-s3cr3t"));
    let err = t.transport().send_json::<Value>(call).await.unwrap_err();
    assert!(
        matches!(err, Error::InvalidRequest(_)) && !err.to_string().contains("s3cr3t"),
        "{err}"
    );
    let bad = ManagementClient::with_static_token("not a url", "t");
    let err = bad
        .transport()
        .send_json::<Value>(Call::new(&GET_USER, &["u1"]))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    let paged = t
        .transport()
        .send_paged::<Value>(Call::new(&GET_USER, &["u1"]))
        .await
        .unwrap_err();
    assert!(matches!(paged, Error::InvalidRequest(_)));
    assert_eq!(server.received_requests().await.unwrap().len(), 0);
}

#[tokio::test]
async fn debug_never_shows_secrets() {
    const SECRET: &str = "sup3r-s3cr3t";
    let builder = ManagementClient::builder()
        .domain("t.auth0.com")
        .client_secret("cid", SECRET);
    assert!(!format!("{builder:?}").contains(SECRET));
    let client = builder.build().unwrap();
    let debug = format!("{client:?}");
    assert!(!debug.contains(SECRET) && debug.contains("t.auth0.com"), "{debug}");

    let client = ManagementClient::builder()
        .domain("t.auth0.com")
        .token(SECRET)
        .build()
        .unwrap();
    assert!(!format!("{client:?}").contains(SECRET));

    let options = RequestOptions::default()
        .bearer_token(SECRET)
        .header("authorization", SECRET);
    assert!(!format!("{options:?}").contains(SECRET));

    let mut call = Call::new(&CREATE_USER, &[]);
    call.form(&json!({"client_secret": SECRET}));
    call.options(options);
    assert!(!format!("{call:?}").contains(SECRET));

    let response: auth0_sdk::TokenSet =
        serde_json::from_value(json!({"access_token": SECRET, "expires_in": 60})).unwrap();
    assert!(!format!("{response:?}").contains(SECRET));
    assert_eq!(response.access_token.expose_secret(), SECRET);

    // A token endpoint error (e.g. invalid_client) never echoes the secret we sent.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": "access_denied"})))
        .mount(&server)
        .await;
    let client = ManagementClient::builder()
        .base_url(format!("{}/api/v2", server.uri()))
        .client_secret("cid", SECRET)
        .build()
        .unwrap();
    let err = client
        .transport()
        .send_json::<Value>(Call::new(&GET_USER, &["u1"]))
        .await
        .unwrap_err();
    assert!(!format!("{err} {err:?}").contains(SECRET));
    let _ = ClientAssertionSigner::from_pem("x", SigningAlgorithm::ES256).unwrap_err();
}

#[tokio::test]
async fn a_hook_sees_the_operation_and_can_change_the_request() {
    #[derive(Debug)]
    struct Tag;
    impl auth0_sdk::runtime::Hooks for Tag {
        fn pre(
            &self,
            op: &'static auth0_sdk::runtime::OperationSpec,
            request: &mut reqwest::Request,
        ) -> Result<(), auth0_sdk::runtime::BoxError> {
            request.headers_mut().insert("x-op", op.id.parse()?);
            Ok(())
        }
    }
    let server = MockServer::start().await;
    Mock::given(header("x-op", "get_user"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    client_with(&server, |b| {
        b.config(&config(|c| c.hooks(Tag).timeout(Duration::from_secs(5))))
    })
    .transport()
    .send_json::<Value>(Call::new(&GET_USER, &["u1"]))
    .await
    .unwrap();
}
