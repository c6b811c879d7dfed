//! Token acquisition, user CRUD, search and typed errors.

mod common;

use auth0_sdk::management::types::UpdateUserRequestContent;
use auth0_sdk::runtime::Nullable;
use common::{client, new_user, requests, tenant};

#[tokio::test]
async fn client_credentials_token_is_fetched_once_and_reused() {
    let tenant = tenant().await;
    let api = client(&tenant);
    api.users().list().send().await.expect("list users");
    api.roles().list().send().await.expect("list roles");
    let token_calls = requests(&tenant, "POST", "/oauth/token");
    assert_eq!(token_calls.len(), 1, "one token request for two calls");
    let form = String::from_utf8_lossy(&token_calls[0].body).into_owned();
    assert!(form.contains("grant_type=client_credentials"), "{form}");
    let call = &requests(&tenant, "GET", "/api/v2/roles")[0];
    let auth = call.header("authorization").expect("bearer token sent");
    assert!(auth.starts_with("Bearer ey"), "{auth}");
}

#[tokio::test]
async fn bad_credentials_are_a_token_error() {
    let tenant = tenant().await;
    let api = auth0_sdk::ManagementClient::builder()
        .base_url(tenant.management_url())
        .client_secret(tenant.client_id(), "wrong-secret".to_owned())
        .build()
        .expect("client builds");
    let err = api.users().list().send().await.expect_err("wrong secret");
    assert!(err.is_token_error(), "{err:?}");
}

#[tokio::test]
async fn user_crud_round_trip() {
    let tenant = tenant().await;
    let api = client(&tenant);
    let created = api
        .users()
        .create(new_user("carol@example.com"))
        .send()
        .await
        .expect("create");
    let id = created.user_id.clone().expect("user_id");
    assert_eq!(created.email.as_deref(), Some("carol@example.com"));

    let read = api.users().get(&id).send().await.expect("read");
    assert_eq!(read.email.as_deref(), Some("carol@example.com"));

    let update = UpdateUserRequestContent {
        name: Nullable::Value("Carol C".to_owned()),
        blocked: Some(true),
        ..Default::default()
    };
    let updated = api.users().update(&id).body(update).send().await.expect("update");
    assert_eq!(updated.name.as_deref(), Some("Carol C"));
    assert_eq!(updated.blocked, Some(true));

    api.users().delete(&id).send().await.expect("delete");
    let err = api.users().get(&id).send().await.expect_err("gone");
    assert!(err.is_not_found(), "{err:?}");
}

#[tokio::test]
async fn search_by_query_and_by_email() {
    let tenant = tenant().await;
    let api = client(&tenant);
    api.users()
        .create(new_user("dave@search.test"))
        .send()
        .await
        .expect("create");
    let page = api
        .users()
        .list()
        .q("email:*@search.test")
        .search_engine("v3")
        .send()
        .await
        .expect("search");
    let emails: Vec<_> = page.items.iter().filter_map(|u| u.email.clone()).collect();
    assert_eq!(emails, vec!["dave@search.test".to_owned()]);

    let found = api
        .users()
        .list_users_by_email("alice@example.com")
        .send()
        .await
        .expect("by email");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].email.as_deref(), Some("alice@example.com"));
    let none = api
        .users()
        .list_users_by_email("nobody@example.com")
        .send()
        .await
        .expect("by email");
    assert!(none.is_empty());
}

#[tokio::test]
async fn duplicate_email_is_a_typed_409() {
    let tenant = tenant().await;
    let api = client(&tenant);
    let err = api
        .users()
        .create(new_user("alice@example.com"))
        .send()
        .await
        .expect_err("duplicate");
    assert_eq!(err.status(), Some(http::StatusCode::CONFLICT));
    let api_error = err.api_error().expect("an API error");
    assert_eq!(api_error.body().and_then(|b| b.status_code), Some(409));
    assert!(
        api_error.message().unwrap_or_default().contains("already exists"),
        "{api_error:?}"
    );
    // Conflicts are not retried.
    assert_eq!(requests(&tenant, "POST", "/api/v2/users").len(), 1);
}

#[tokio::test]
async fn unknown_user_is_a_typed_404() {
    let tenant = tenant().await;
    let api = client(&tenant);
    let err = api.users().get("auth0|nope").send().await.expect_err("unknown");
    assert!(err.is_not_found());
    let body = err.api_error().and_then(|a| a.body()).expect("Auth0 error body");
    assert_eq!(body.error_code.as_deref(), Some("inexistent_user"));
    assert_eq!(err.api_error().map(|a| a.operation()), Some("get_users_by_id"));
}
