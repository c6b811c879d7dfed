//! Device and CIBA polling, passwordless start, database sign-up and password change, MFA
//! endpoints, and user info.

use crate::auth_support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use auth_support::*;
use auth0_sdk::Error;
use auth0_sdk::authentication::{ClientAuthMethod, PasswordlessSend, PollSettings, UserInfoClient};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;
use wiremock::matchers::{body_string_contains, header as header_is, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "/oauth/token";

fn s(v: &str) -> SecretString {
    SecretString::from(v.to_owned())
}

/// Poll settings that record the requested sleeps instead of sleeping.
fn recording() -> (PollSettings, Arc<Mutex<Vec<Duration>>>) {
    let sleeps = Arc::new(Mutex::new(Vec::new()));
    let log = sleeps.clone();
    let settings = PollSettings::default().sleep_fn(move |d| {
        log.lock().unwrap().push(d);
        Box::pin(async {})
    });
    (settings, sleeps)
}

/// `/oauth/token` answers the `errors` in order (400 each), then tokens.
async fn token_sequence(server: &MockServer, grant: &str, errors: &[&str], success: serde_json::Value) {
    for (i, error) in errors.iter().enumerate() {
        Mock::given(method("POST"))
            .and(path(TOKEN))
            .and(body_string_contains(grant))
            .respond_with(
                ResponseTemplate::new(400).set_body_json(json!({"error": error, "error_description": "wait"})),
            )
            .up_to_n_times(1)
            .with_priority(u8::try_from(i + 1).unwrap())
            .mount(server)
            .await;
    }
    Mock::given(method("POST"))
        .and(path(TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(success))
        .with_priority(100)
        .mount(server)
        .await;
}

#[tokio::test]
async fn device_flow_polls_through_pending_and_slow_down() {
    let server = tenant().await;
    answer(
        &server,
        "/oauth/device/code",
        200,
        json!({
            "device_code": "DEV-CODE", "user_code": "ABCD-EFGH",
            "verification_uri": "https://t.test/activate",
            "verification_uri_complete": "https://t.test/activate?user_code=ABCD-EFGH",
            "expires_in": 900, "interval": 5
        }),
    )
    .await;
    let id = id_token(&server, json!({}));
    token_sequence(
        &server,
        "device_code",
        &["authorization_pending", "slow_down", "authorization_pending"],
        token_json(Some(&id)),
    )
    .await;
    let (settings, sleeps) = recording();
    let auth = client(&server, |b| b.poll_settings(settings));
    let device = auth
        .device_code()
        .scope("openid offline_access")
        .audience("https://api.test")
        .send()
        .await
        .unwrap();
    assert_eq!(device.user_code, "ABCD-EFGH");
    assert!(!format!("{device:?}").contains("DEV-CODE"));

    let tokens = auth.poll_device_code(&device).send().await.unwrap();
    assert_eq!(tokens.access_token.expose_secret(), "at-123");
    assert!(tokens.id_token_claims.is_some(), "the ID token was validated");
    let secs: Vec<u64> = sleeps.lock().unwrap().iter().map(Duration::as_secs).collect();
    assert_eq!(secs, [5, 5, 10, 10], "interval honoured, +5 s after slow_down");

    let code_req = only(&server, "/oauth/device/code").await;
    assert_eq!(
        form(&code_req),
        map(&[
            ("scope", "openid offline_access"),
            ("audience", "https://api.test"),
            ("client_id", CLIENT_ID)
        ])
    );
    let polls = received(&server, TOKEN).await;
    assert_eq!(polls.len(), 4);
    for poll in &polls {
        assert_eq!(
            form(poll),
            map(&[
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                ("device_code", "DEV-CODE"),
                ("client_id", CLIENT_ID),
            ])
        );
    }
}

#[tokio::test]
async fn polling_stops_on_access_denied() {
    let server = tenant().await;
    answer(
        &server,
        "/oauth/device/code",
        200,
        json!({"device_code": "D", "user_code": "U", "verification_uri": "https://t/a", "expires_in": 60, "interval": 1}),
    )
    .await;
    token_sequence(
        &server,
        "device_code",
        &["authorization_pending", "access_denied"],
        token_json(None),
    )
    .await;
    let (settings, _) = recording();
    let auth = client(&server, |b| b);
    let device = auth.device_code().send().await.unwrap();
    let err = auth
        .poll_device_code(&device)
        .settings(settings)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.oauth_error().map(|e| e.error), Some("access_denied"));
    assert_eq!(received(&server, TOKEN).await.len(), 2);
}

#[tokio::test]
async fn polling_gives_up_when_the_request_expires() {
    let server = tenant().await;
    answer(
        &server,
        "/oauth/device/code",
        200,
        json!({"device_code": "D", "user_code": "U", "verification_uri": "https://t/a", "expires_in": 12, "interval": 5}),
    )
    .await;
    answer(&server, TOKEN, 400, json!({"error": "authorization_pending"})).await;
    let (settings, sleeps) = recording();
    let auth = client(&server, |b| b.poll_settings(settings));
    let device = auth.device_code().send().await.unwrap();
    let err = auth.poll_device_code(&device).send().await.unwrap_err();
    assert!(
        matches!(err, Error::PollingExpired { waited } if waited == Duration::from_secs(15)),
        "{err:?}"
    );
    assert_eq!(sleeps.lock().unwrap().len(), 3);
}

#[tokio::test]
async fn ciba_starts_then_polls() {
    let server = tenant().await;
    answer(
        &server,
        "/bc-authorize",
        200,
        json!({"auth_req_id": "REQ-1", "expires_in": 300, "interval": 2}),
    )
    .await;
    let id = id_token(&server, json!({}));
    token_sequence(&server, "ciba", &["authorization_pending"], token_json(Some(&id))).await;
    let (settings, sleeps) = recording();
    let auth = client(&server, |b| b.client_secret(SECRET).poll_settings(settings));
    let login = auth
        .back_channel_login("auth0|user-1", "Approve transfer 42")
        .scope("openid email")
        .audience("https://api.test")
        .requested_expiry(300)
        .send()
        .await
        .unwrap();
    assert!(!format!("{login:?}").contains("REQ-1"));
    let tokens = auth.poll_back_channel_login(&login).send().await.unwrap();
    assert_eq!(tokens.id_token_claims.unwrap().sub, "auth0|user-1");
    assert_eq!(
        *sleeps.lock().unwrap(),
        [Duration::from_secs(2), Duration::from_secs(2)]
    );

    let start = only(&server, "/bc-authorize").await;
    assert_eq!(
        header(&start, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let body = form(&start);
    let hint: serde_json::Value = serde_json::from_str(&body["login_hint"]).unwrap();
    assert_eq!(
        hint,
        json!({"format": "iss_sub", "iss": format!("{}/", server.uri()), "sub": "auth0|user-1"})
    );
    assert_eq!(body["binding_message"], "Approve transfer 42");
    assert_eq!(body["scope"], "openid email");
    assert_eq!(body["audience"], "https://api.test");
    assert_eq!(body["requested_expiry"], "300");
    assert_eq!(body["client_secret"], SECRET);
    for poll in received(&server, TOKEN).await {
        assert_eq!(
            form(&poll),
            map(&[
                ("grant_type", "urn:openid:params:grant-type:ciba"),
                ("auth_req_id", "REQ-1"),
                ("client_id", CLIENT_ID),
                ("client_secret", SECRET),
            ])
        );
    }
}

#[tokio::test]
async fn passwordless_start_email_and_sms() {
    let server = tenant().await;
    answer(
        &server,
        "/passwordless/start",
        200,
        json!({"_id": "pl-1", "email": "a@b.test"}),
    )
    .await;
    let auth = secret_client(&server);
    let mut params = serde_json::Map::new();
    params.insert("scope".into(), json!("openid"));
    auth.passwordless_email("a@b.test", PasswordlessSend::Link)
        .auth_params(params)
        .send()
        .await
        .unwrap();
    auth.passwordless_sms("+15555550100").send().await.unwrap();
    let reqs = received(&server, "/passwordless/start").await;
    assert_eq!(header(&reqs[0], "content-type"), Some("application/json"));
    assert_eq!(
        json_body(&reqs[0]),
        json!({"connection": "email", "email": "a@b.test", "send": "link", "authParams": {"scope": "openid"},
               "client_id": CLIENT_ID, "client_secret": SECRET})
    );
    assert_eq!(
        json_body(&reqs[1]),
        json!({"connection": "sms", "phone_number": "+15555550100", "send": "code",
               "client_id": CLIENT_ID, "client_secret": SECRET})
    );
}

#[tokio::test]
async fn signup_and_change_password() {
    let server = tenant().await;
    answer(
        &server,
        "/dbconnections/signup",
        200,
        json!({"_id": "abc123", "email": "new@b.test", "email_verified": false, "given_name": "Ann"}),
    )
    .await;
    Mock::given(method("POST"))
        .and(path("/dbconnections/change_password"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string("We've just sent you an email to reset your password."),
        )
        .mount(&server)
        .await;
    let auth = secret_client(&server);
    let user = auth
        .signup("new@b.test", &s("Str0ng!pass"), "Username-Password-Authentication")
        .given_name("Ann")
        .send()
        .await
        .unwrap();
    assert_eq!(user.id.as_deref(), Some("abc123"));
    assert_eq!(user.other.get("given_name"), Some(&json!("Ann")));
    let message = auth
        .change_password("new@b.test", "Username-Password-Authentication")
        .send()
        .await
        .unwrap();
    assert!(message.starts_with("We've just sent"));

    let signup = only(&server, "/dbconnections/signup").await;
    assert_eq!(
        json_body(&signup),
        json!({"client_id": CLIENT_ID, "email": "new@b.test", "password": "Str0ng!pass",
               "connection": "Username-Password-Authentication", "given_name": "Ann"})
    );
    let change = only(&server, "/dbconnections/change_password").await;
    assert_eq!(
        json_body(&change),
        json!({"client_id": CLIENT_ID, "email": "new@b.test", "connection": "Username-Password-Authentication"})
    );
}

#[tokio::test]
async fn signup_errors_with_code_and_description_are_typed() {
    let server = tenant().await;
    answer(
        &server,
        "/dbconnections/signup",
        400,
        json!({"name": "BadRequestError", "code": "invalid_signup", "description": "Invalid sign up", "statusCode": 400}),
    )
    .await;
    let err = secret_client(&server)
        .signup("x@y.test", &s("p"), "db")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.oauth_error().map(|e| e.error), Some("invalid_signup"));
    assert_eq!(err.oauth_error().unwrap().error_description, Some("Invalid sign up"));
}

#[tokio::test]
async fn mfa_challenge_associate_list_delete() {
    let server = tenant().await;
    answer(
        &server,
        "/mfa/challenge",
        200,
        json!({"challenge_type": "oob", "oob_code": "OOB", "binding_method": "prompt"}),
    )
    .await;
    answer(
        &server,
        "/mfa/associate",
        200,
        json!({"authenticator_type": "otp", "secret": "TOTP-SECRET", "barcode_uri": "otpauth://x", "recovery_codes": ["R1"]}),
    )
    .await;
    Mock::given(method("GET"))
        .and(path("/mfa/authenticators"))
        .and(header_is("authorization", "Bearer mfa-tok"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!([{"id": "sms|dev_1", "authenticator_type": "oob", "active": true, "oob_channel": "sms"}]),
        ))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/mfa/authenticators/sms%7Cdev_1"))
        .and(header_is("authorization", "Bearer mfa-at"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let auth = client(&server, |b| {
        b.client_secret(SECRET)
            .client_auth_method(ClientAuthMethod::ClientSecretBasic)
    });

    let challenge = auth
        .mfa_challenge(&s("mfa-tok"))
        .challenge_type("oob")
        .authenticator_id("sms|dev_1")
        .send()
        .await
        .unwrap();
    assert_eq!(challenge.oob_code.as_deref(), Some("OOB"));
    let association = auth.mfa_associate(&s("mfa-tok"), &["otp"]).send().await.unwrap();
    assert!(!format!("{association:?}").contains("TOTP-SECRET"));
    let list = auth.mfa_authenticators(&s("mfa-tok")).await.unwrap();
    assert_eq!(list[0].id.as_deref(), Some("sms|dev_1"));
    auth.mfa_delete_authenticator(&s("mfa-at"), "sms|dev_1").await.unwrap();

    let challenge_req = only(&server, "/mfa/challenge").await;
    assert!(header(&challenge_req, "authorization").unwrap().starts_with("Basic "));
    assert_eq!(
        json_body(&challenge_req),
        json!({"mfa_token": "mfa-tok", "challenge_type": "oob", "authenticator_id": "sms|dev_1", "client_id": CLIENT_ID})
    );
    // The MFA token takes the Authorization header, so a Basic secret moves to the body.
    let associate_req = only(&server, "/mfa/associate").await;
    assert_eq!(header(&associate_req, "authorization"), Some("Bearer mfa-tok"));
    assert_eq!(
        json_body(&associate_req),
        json!({"authenticator_types": ["otp"], "client_id": CLIENT_ID, "client_secret": SECRET})
    );
    assert_eq!(received(&server, "/mfa/authenticators/sms%7Cdev_1").await.len(), 1);
}

#[tokio::test]
async fn userinfo_on_the_client_and_standalone() {
    let server = tenant().await;
    Mock::given(method("GET"))
        .and(path("/userinfo"))
        .and(header_is("authorization", "Bearer at-123"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "sub": "auth0|user-1", "email": "u@b.test", "email_verified": true,
            "https://acme.test/roles": ["admin"]
        })))
        .mount(&server)
        .await;
    let me = secret_client(&server).userinfo(&s("at-123")).await.unwrap();
    assert_eq!(me.sub, "auth0|user-1");
    assert_eq!(me.email_verified, Some(true));
    assert_eq!(
        me.claim::<Vec<String>>("https://acme.test/roles"),
        Some(vec!["admin".to_owned()])
    );

    let standalone = UserInfoClient::builder("tenant.test")
        .base_url(server.uri())
        .build()
        .unwrap();
    let again = standalone.get(&s("at-123")).await.unwrap();
    assert_eq!(again, me);
    let err = standalone.get(&s("wrong")).await.unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::NOT_FOUND));

    assert_eq!(
        UserInfoClient::new("tenant.auth0.com").unwrap().base_url(),
        "https://tenant.auth0.com"
    );
    assert!(UserInfoClient::new("http://tenant.auth0.com").is_err());
}
