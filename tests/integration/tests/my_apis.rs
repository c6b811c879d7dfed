//! The My Account and My Organization clients end to end against the local tenant: tokens
//! (static, scope-aware functions, client credentials with an `organization`), scope checks,
//! stateful calls and checkpoint-paged streams.

mod common;

use std::sync::{Arc, Mutex};

use auth0_local_tenant::LocalTenant;
use auth0_sdk::management::types::{CreateOrganizationMemberRequestContent, CreateOrganizationRequestContent};
use auth0_sdk::my_account::types::{
    AuthenticationMethodEmailType, CreateAuthenticationMethodRequestContent, CreateEmailAuthenticationMethod,
    GetAuthenticationMethodResponseContent,
};
use auth0_sdk::my_organization::types::{CreateMemberInvitationInvitee, CreateMemberInvitationRequestContent};
use auth0_sdk::{Error, MyAccountClient, MyOrganizationClient};
use common::{client, new_user, requests, tenant};
use futures_util::TryStreamExt;

/// An organization with `n` members (new users), via the Management API; returns its id and
/// the member ids in creation order.
async fn organization_with_members(tenant: &LocalTenant, n: usize) -> (String, Vec<String>) {
    let admin = client(tenant);
    let org = admin
        .organizations()
        .create(CreateOrganizationRequestContent {
            name: "acme".into(),
            ..Default::default()
        })
        .send()
        .await
        .expect("organization created");
    let org_id = org.id.expect("organization id");
    let mut members = Vec::new();
    for i in 0..n {
        let user = admin
            .users()
            .create(new_user(&format!("member{i}@acme.test")))
            .send()
            .await
            .expect("user created");
        members.push(user.user_id.expect("user id"));
    }
    admin
        .organizations()
        .members()
        .create(
            &org_id,
            CreateOrganizationMemberRequestContent {
                members: members.clone(),
            },
        )
        .send()
        .await
        .expect("members added");
    (org_id, members)
}

fn my_org(tenant: &LocalTenant, org_id: &str) -> MyOrganizationClient {
    MyOrganizationClient::builder()
        .base_url(tenant.my_organization_url())
        .client_secret(tenant.client_id(), tenant.client_secret().to_owned())
        .organization(org_id)
        .build()
        .expect("client builds")
}

/// A My Account client with a fixed token.
fn me_with_token(base_url: String, token: String) -> MyAccountClient {
    MyAccountClient::builder()
        .base_url(base_url)
        .token(token)
        .build()
        .expect("client builds")
}

/// A My Organization client with a fixed token.
fn org_with_token(base_url: String, token: String) -> MyOrganizationClient {
    MyOrganizationClient::builder()
        .base_url(base_url)
        .token(token)
        .build()
        .expect("client builds")
}

fn email_method(email: &str) -> CreateAuthenticationMethodRequestContent {
    CreateAuthenticationMethodRequestContent::EmailAuthenticationMethod(CreateEmailAuthenticationMethod {
        r#type: AuthenticationMethodEmailType::Email,
        email: email.to_owned(),
    })
}

#[tokio::test]
async fn client_credentials_token_carries_the_organization_and_is_cached() {
    let tenant = tenant().await;
    let (org_id, members) = organization_with_members(&tenant, 2).await;
    let api = my_org(&tenant, &org_id);
    let first = api.members().list().send().await.expect("members listed");
    let again = api.members().get(&members[0]).send().await.expect("member read");
    assert_eq!(first.items.len(), 2);
    assert_eq!(again.user_id.as_deref(), Some(members[0].as_str()));

    let token_requests = requests(&tenant, "POST", "/oauth/token");
    let my_org_tokens: Vec<_> = token_requests
        .iter()
        .map(|r| r.body_text())
        .filter(|b| b.contains("my-org"))
        .collect();
    assert_eq!(my_org_tokens.len(), 1, "one token for both calls: {my_org_tokens:?}");
    let body = &my_org_tokens[0];
    assert!(body.contains(&format!("organization={org_id}")), "{body}");
    assert!(body.contains("grant_type=client_credentials"), "{body}");
}

#[tokio::test]
async fn members_stream_follows_next_checkpoints_across_pages() {
    let tenant = tenant().await;
    let (org_id, members) = organization_with_members(&tenant, 5).await;
    let api = my_org(&tenant, &org_id);
    let streamed: Vec<String> = api
        .members()
        .list()
        .take(2)
        .send()
        .await
        .expect("first page")
        .into_stream()
        .map_ok(|m| m.user_id.unwrap_or_default())
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(streamed, members);
    let pages = requests(&tenant, "GET", "/my-org/v1/members");
    assert_eq!(pages.len(), 3, "2 + 2 + 1 members, no extra request");
    assert_eq!(pages[0].query_param("from"), None);
    assert!(pages[1].query_param("from").is_some());
    assert!(pages.iter().all(|p| p.query_param("take").as_deref() == Some("2")));
}

#[tokio::test]
async fn invitations_are_created_listed_and_revoked() {
    let tenant = tenant().await;
    let (org_id, _) = organization_with_members(&tenant, 0).await;
    let api = my_org(&tenant, &org_id);
    let created = api
        .invitations()
        .create(CreateMemberInvitationRequestContent {
            invitees: vec![CreateMemberInvitationInvitee {
                email: "new@acme.test".into(),
                ..Default::default()
            }],
            ..Default::default()
        })
        .send()
        .await
        .expect("invitation created");
    let id = created[0].id.clone().expect("invitation id");
    let listed = api.invitations().list().send().await.expect("listed");
    assert_eq!(listed.items.len(), 1);
    assert_eq!(listed.items[0].organization_id.as_deref(), Some(org_id.as_str()));
    api.invitations().delete_legacy(&id).send().await.expect("revoked");
    let err = api.invitations().get(&id).send().await.expect_err("gone");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
}

#[tokio::test]
async fn a_scope_aware_token_function_is_given_each_operations_scopes() {
    let tenant = tenant().await;
    let alice = tenant.users()[0].clone();
    let token = tenant.my_account_token(
        &alice.user_id,
        &[
            "read:me:authentication_methods",
            "create:me:authentication_methods",
            "delete:me:authentication_methods",
        ],
    );
    let seen: Arc<Mutex<Vec<Vec<&'static str>>>> = Arc::default();
    let record = Arc::clone(&seen);
    let me = MyAccountClient::builder()
        .base_url(tenant.my_account_url())
        .token_fn(move |scopes| {
            record.lock().unwrap().push(scopes.to_vec());
            Ok(token.clone().into())
        })
        .build()
        .expect("client builds");

    me.authentication_methods()
        .create()
        .body(email_method(&alice.email))
        .send()
        .await
        .expect("enrolled");
    let listed = me.authentication_methods().list().send().await.expect("listed");
    let id = serde_json::to_value(&listed.authentication_methods[0]).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    me.authentication_methods().delete(&id).send().await.expect("deleted");

    assert_eq!(
        *seen.lock().unwrap(),
        vec![
            vec!["create:me:authentication_methods"],
            vec!["read:me:authentication_methods"],
            vec!["delete:me:authentication_methods"],
        ]
    );
}

#[tokio::test]
async fn an_email_method_decodes_as_the_email_variant() {
    let tenant = tenant().await;
    let alice = tenant.users()[0].clone();
    let me = MyAccountClient::builder()
        .base_url(tenant.my_account_url())
        .token(tenant.my_account_token(
            &alice.user_id,
            &["read:me:authentication_methods", "create:me:authentication_methods"],
        ))
        .build()
        .expect("client builds");
    me.authentication_methods()
        .create()
        .body(email_method("second@example.com"))
        .send()
        .await
        .expect("enrolled");
    let listed = me.authentication_methods().list().send().await.expect("listed");
    let id = serde_json::to_value(&listed.authentication_methods[0]).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    match me.authentication_methods().get(&id).send().await.expect("read") {
        GetAuthenticationMethodResponseContent::AuthenticationMethodEmail(email) => {
            assert_eq!(email.email, "second@example.com")
        }
        other => panic!("decoded as the wrong variant: {other:?}"),
    }
}

#[tokio::test]
async fn missing_scope_is_403_and_a_management_token_is_401() {
    let tenant = tenant().await;
    let alice = tenant.users()[0].clone();
    let narrow = me_with_token(
        tenant.my_account_url(),
        tenant.my_account_token(&alice.user_id, &["read:me:factors"]),
    );
    let err = narrow
        .authentication_methods()
        .list()
        .send()
        .await
        .expect_err("no scope");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
    // Skeleton-answered operations check scopes too.
    narrow
        .factors()
        .list()
        .send()
        .await
        .expect("factors with read:me:factors");
    let err = narrow.consents().list().send().await.expect_err("no read:me:consents");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));

    let wrong_audience = me_with_token(tenant.my_account_url(), tenant.management_token(&["read:users"]));
    let err = wrong_audience
        .factors()
        .list()
        .send()
        .await
        .expect_err("wrong audience");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
}

#[tokio::test]
async fn an_org_token_is_needed_for_my_organization() {
    let tenant = tenant().await;
    let (org_id, _) = organization_with_members(&tenant, 1).await;
    // Right audience and scopes, but no `organization` in the token request: refused.
    let tokens = auth0_sdk::AuthenticationClient::builder()
        .base_url(tenant.base_url())
        .client_id(tenant.client_id())
        .client_secret(tenant.client_secret().to_owned())
        .build()
        .expect("auth client")
        .client_credentials()
        .audience(tenant.my_organization_audience())
        .send()
        .await
        .expect("token without organization");
    let no_org = MyOrganizationClient::builder()
        .base_url(tenant.my_organization_url())
        .token(tokens.access_token)
        .build()
        .expect("client builds");
    let err = no_org.members().list().send().await.expect_err("no org");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403), "{err}");
    let scoped = org_with_token(
        tenant.my_organization_url(),
        tenant.my_organization_token(&org_id, &["read:my_org:details"]),
    );
    scoped
        .organization_details()
        .get()
        .send()
        .await
        .expect("skeleton details");
    let err = scoped
        .members()
        .list()
        .send()
        .await
        .expect_err("no read:my_org:members");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
}

#[test]
fn builders_refuse_incomplete_configuration() {
    let no_org = MyOrganizationClient::builder()
        .domain("tenant.auth0.com")
        .client_secret("id", "secret")
        .build()
        .expect_err("client credentials need an organization");
    assert!(matches!(no_org, Error::Config { .. }), "{no_org:?}");
    assert!(no_org.to_string().contains("organization"), "{no_org}");
    let no_token = MyAccountClient::builder()
        .domain("tenant.auth0.com")
        .build()
        .expect_err("no token");
    assert!(no_token.to_string().contains("credentials"), "{no_token}");
    let no_domain = MyAccountClient::builder().token("t").build().expect_err("no domain");
    assert!(no_domain.to_string().contains("domain"), "{no_domain}");
    let plain_http = MyAccountClient::builder()
        .domain("http://tenant.auth0.com")
        .token("t")
        .build();
    assert!(plain_http.is_err(), "a domain is https only");
}

#[test]
fn builders_never_show_secrets() {
    let builder = MyOrganizationClient::builder()
        .domain("tenant.auth0.com")
        .client_secret("client-id", "very-secret-value")
        .organization("org_1");
    let shown = format!("{builder:?}");
    assert!(
        shown.contains("client-id") && !shown.contains("very-secret-value"),
        "{shown}"
    );
    let me = MyAccountClient::builder()
        .domain("tenant.auth0.com")
        .token("user-token-value");
    let shown = format!("{me:?}");
    assert!(!shown.contains("user-token-value"), "{shown}");
    let client = me.build().expect("builds");
    assert!(!format!("{client:?}").contains("user-token-value"));
}

#[test]
fn every_operation_of_both_documents_is_generated_with_its_scopes() {
    assert_eq!(auth0_sdk::my_account::OPERATIONS.len(), 15);
    assert_eq!(auth0_sdk::my_organization::OPERATIONS.len(), 41);
    for op in auth0_sdk::my_account::OPERATIONS {
        assert!(op.scopes.iter().all(|s| s.contains(":me:")), "{op:?}");
        assert!(!op.scopes.is_empty(), "{} has no scopes", op.id);
    }
    for op in auth0_sdk::my_organization::OPERATIONS {
        assert!(
            !op.scopes.is_empty() && op.scopes.iter().all(|s| s.contains(":my_org:")),
            "{op:?}"
        );
    }
    let members = auth0_sdk::my_organization::OPERATIONS
        .iter()
        .find(|op| op.id == "ListOrganizationMembers")
        .expect("generated");
    assert_eq!(members.scopes, ["read:my_org:members", "read:my_org:member_roles"]);
    assert!(members.pagination.is_some());
}
