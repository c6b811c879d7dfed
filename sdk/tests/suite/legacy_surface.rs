//! The legacy surface: every v4 method of `spec/legacy.toml` is emitted under v4's name in
//! snake case, v4's defaults, v4's error fields, ID-token validation on grants, and no secret
//! in `Debug`. Servers are loopback ones the tests start.
#![cfg(feature = "legacy")]

use std::collections::BTreeSet;

use auth0_sdk::TokenSource;
use auth0_sdk::legacy::auth::{self, GrantOptions};
use auth0_sdk::legacy::management::{GetUsersByIdRequest, METHOD_COUNT, METHODS, REMOVED_METHODS, UNMAPPED_OPERATIONS};
use auth0_sdk::legacy::{
    AuthenticationClient, AuthenticationClientOptions, ManagementClient, ManagementClientOptions, RetryConfiguration,
};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::json;

/// v4's camelCase → snake case, as the generator names methods.
fn snake(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.char_indices() {
        if c.is_ascii_uppercase() {
            if i > 0 && !s[..i].ends_with(|p: char| p.is_ascii_uppercase()) {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn every_v4_management_method_of_the_table_is_emitted_with_its_snake_case_name() {
    let table = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/legacy.toml")).unwrap();
    let mapped = table.lines().filter(|l| l.contains(" op = \"")).count();
    let removed = table.lines().filter(|l| l.contains("{ removed = ")).count();
    assert_eq!(
        (mapped, removed),
        (332, 2),
        "node-auth0 v4.37.1: 334 methods, 2 gone upstream"
    );
    assert_eq!(METHOD_COUNT, 332);
    assert_eq!(METHODS.len(), 332);
    let removed: Vec<&str> = REMOVED_METHODS.iter().map(|(m, _)| *m).collect();
    assert_eq!(removed, ["blacklists.add", "blacklists.getAll"]);

    let mut managers = BTreeSet::new();
    for (v4, rust, op) in METHODS {
        let (manager, method) = v4.split_once('.').unwrap();
        managers.insert(manager);
        assert_eq!(*rust, format!("{}.{}", snake(manager), snake(method)), "{v4} ({op})");
        assert!(!UNMAPPED_OPERATIONS.contains(op));
    }
    managers.insert("blacklists");
    assert_eq!(managers.len(), 41);
    for name in [
        "users.get_all",
        "users.get_roles",
        "users.assign_roles",
        "users.delete_multifactor_provider",
        "users_by_email.get_by_email",
        "client_grants.get_all",
    ] {
        assert!(METHODS.iter().any(|(_, r, _)| *r == name), "{name}");
    }
    assert_eq!(auth::METHODS.len(), 18);
}

#[test]
fn options_have_v4_defaults_and_hide_secrets() {
    let o = ManagementClientOptions::default();
    assert_eq!(o.timeout_duration, std::time::Duration::from_secs(10));
    assert_eq!(
        o.retry,
        RetryConfiguration {
            enabled: true,
            max_retries: 3,
            retry_when: vec![429]
        }
    );
    assert!(o.telemetry);
    let o = ManagementClientOptions {
        domain: "tenant.test".into(),
        client_id: Some("id".into()),
        client_secret: Some("very-secret-value".into()),
        ..Default::default()
    };
    assert!(!format!("{o:?}").contains("very-secret-value"));
    let client = ManagementClient::new(o).unwrap();
    assert!(!format!("{client:?}").contains("very-secret-value"));
    // No credentials is a typed error, as v4's constructor throws.
    let err = ManagementClient::new(ManagementClientOptions {
        domain: "tenant.test".into(),
        ..Default::default()
    })
    .unwrap_err();
    assert!(err.to_string().contains("client_secret"), "{err}");
}

async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

#[tokio::test]
async fn an_error_status_is_v4s_management_api_error() {
    let app = axum::Router::new().fallback(|| async {
        (
            StatusCode::NOT_FOUND,
            [("x-request-id", "req-9")],
            axum::Json(json!({"statusCode": 404, "error": "Not Found", "message": "The user does not exist.", "errorCode": "inexistent_user"})),
        )
            .into_response()
    });
    let base = serve(app).await;
    let management = ManagementClient::new(ManagementClientOptions {
        domain: "tenant.test".into(),
        token: Some(TokenSource::static_token("tok")),
        base_url: Some(format!("{base}/api/v2")),
        ..Default::default()
    })
    .unwrap();
    let err = management
        .users
        .get(GetUsersByIdRequest {
            id: "auth0|1".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(err.status_code, 404);
    assert_eq!(err.error_code.as_deref(), Some("inexistent_user"));
    assert_eq!(err.error, "Not Found");
    assert_eq!(err.message, "The user does not exist.");
    assert!(err.body.contains("inexistent_user"));
    assert_eq!(err.headers.get("x-request-id").unwrap(), "req-9");
    assert!(err.inner().is_not_found());
}

#[tokio::test]
async fn a_grant_whose_id_token_fails_validation_is_refused() {
    let app = axum::Router::new().fallback(|| async {
        axum::Json(
            json!({"access_token": "at-secret", "id_token": "not.a.jwt", "token_type": "Bearer", "expires_in": 60}),
        )
    });
    let base = serve(app).await;
    let auth = AuthenticationClient::new(AuthenticationClientOptions {
        domain: "tenant.test".into(),
        client_id: "CLIENT_ID".into(),
        client_secret: Some("CLIENT_SECRET".into()),
        base_url: Some(base),
        ..Default::default()
    })
    .unwrap();
    let err = auth
        .oauth
        .password_grant(
            auth::PasswordGrantRequest {
                username: "jane".into(),
                password: "pw".into(),
                audience: None,
                scope: Some("openid".into()),
                realm: None,
            },
            GrantOptions::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.error, "IdTokenValidatorError", "{err}");
    assert!(!format!("{err:?}").contains("at-secret"));
}

#[tokio::test]
async fn headers_and_client_info_reach_every_request() {
    use std::sync::{Arc, Mutex};
    let seen: Arc<Mutex<Vec<axum::http::HeaderMap>>> = Arc::default();
    let record = seen.clone();
    let app = axum::Router::new().fallback(move |headers: axum::http::HeaderMap| {
        let record = record.clone();
        async move {
            record.lock().unwrap().push(headers);
            axum::Json(json!([]))
        }
    });
    let base = serve(app).await;
    let management = ManagementClient::new(ManagementClientOptions {
        domain: "tenant.test".into(),
        token: Some(TokenSource::static_token("tok")),
        headers: [("x-app".to_owned(), "billing".to_owned())].into(),
        client_info: Some(auth0_sdk::legacy::ClientInfo {
            name: "my-app".into(),
            extra: Default::default(),
        }),
        base_url: Some(format!("{base}/api/v2")),
        ..Default::default()
    })
    .unwrap();
    management.roles.get_all(Default::default()).await.unwrap();
    let headers = seen.lock().unwrap()[0].clone();
    assert_eq!(headers["x-app"], "billing");
    // v4 sends `clientInfo` as base64url(JSON) in `Auth0-Client`: {"name":"my-app"}.
    assert_eq!(headers["auth0-client"], "eyJuYW1lIjoibXktYXBwIn0");
    assert_eq!(headers["authorization"], "Bearer tok");
}
