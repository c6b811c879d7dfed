//! `Auth0-Custom-Domain` is sent on exactly the endpoints that accept it (the list in
//! `spec/management.toml`), checked on what the tenant recorded.

mod common;

use auth0_sdk::management::types::{
    AssignUserRolesRequestContent, ChangePasswordTicketRequestContent, CreateRoleRequestContent,
    CreateVerificationEmailRequestContent, UpdateUserRequestContent, VerifyEmailTicketRequestContent,
};
use common::{CUSTOM_DOMAIN, client, new_user, tenant};

/// The endpoints that accept the header (any method); `{…}` is one segment.
const ACCEPTING: &[&str] = &[
    "/jobs/verification-email",
    "/tickets/email-verification",
    "/tickets/password-change",
    "/organizations/{id}/invitations",
    "/users",
    "/users/{id}",
    "/guardian/enrollments/ticket",
    "/self-service-profiles/{id}/sso-ticket",
];

fn accepts(path: &str) -> bool {
    let path = path.strip_prefix("/api/v2").unwrap_or(path);
    let p: Vec<&str> = path.split('/').collect();
    ACCEPTING.iter().any(|t| {
        let t: Vec<&str> = t.split('/').collect();
        t.len() == p.len() && t.iter().zip(&p).all(|(t, p)| t.starts_with('{') || t == p)
    })
}

#[tokio::test]
async fn header_goes_exactly_to_the_listed_endpoints() {
    let tenant = tenant().await;
    let api = client(&tenant);
    // Listed.
    let user = api
        .users()
        .create(new_user("erin@example.com"))
        .send()
        .await
        .expect("create");
    let id = user.user_id.expect("id");
    api.users().list().send().await.expect("list");
    api.users().get(&id).send().await.expect("get");
    let patch = UpdateUserRequestContent {
        name: auth0_sdk::runtime::Nullable::Value("Erin".into()),
        ..Default::default()
    };
    api.users().update(&id).body(patch).send().await.expect("update");
    api.tickets()
        .verify_email(VerifyEmailTicketRequestContent {
            user_id: id.clone(),
            ..Default::default()
        })
        .send()
        .await
        .expect("ticket");
    let ticket = ChangePasswordTicketRequestContent {
        user_id: Some(id.clone()),
        ..Default::default()
    };
    api.tickets()
        .change_password()
        .body(ticket)
        .send()
        .await
        .expect("ticket");
    let job = CreateVerificationEmailRequestContent {
        user_id: id.clone(),
        ..Default::default()
    };
    api.jobs().verification_email().create(job).send().await.expect("job");
    // Not listed.
    let role = api
        .roles()
        .create(CreateRoleRequestContent {
            name: "r".into(),
            ..Default::default()
        })
        .send()
        .await
        .expect("role");
    let role_id = role.id.expect("role id");
    api.users()
        .roles()
        .assign(&id, AssignUserRolesRequestContent { roles: vec![role_id] })
        .send()
        .await
        .expect("assign");
    api.users().roles().list(&id).send().await.expect("user roles");
    api.roles().list().send().await.expect("roles");
    api.clients().list().send().await.expect("clients");
    api.connections().list().send().await.expect("connections");
    api.organizations().list().send().await.expect("organizations");
    api.users().delete(&id).send().await.expect("delete");

    let sent: Vec<_> = tenant
        .recorded_requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/api/v2/"))
        .collect();
    assert!(sent.len() >= 15, "{} requests recorded", sent.len());
    let (mut with, mut without) = (0, 0);
    for r in &sent {
        let header = r.header("auth0-custom-domain");
        if accepts(&r.path) {
            assert_eq!(
                header,
                Some(CUSTOM_DOMAIN),
                "{} {} should carry the header",
                r.method,
                r.path
            );
            with += 1;
        } else {
            assert_eq!(header, None, "{} {} must not carry the header", r.method, r.path);
            without += 1;
        }
    }
    assert!(with >= 8 && without >= 7, "with {with}, without {without}");
    // Never on the token request.
    let token = tenant
        .recorded_requests()
        .into_iter()
        .find(|r| r.path == "/oauth/token")
        .expect("token request");
    assert_eq!(token.header("auth0-custom-domain"), None);
}

#[tokio::test]
async fn no_header_without_configuration() {
    let tenant = tenant().await;
    let api = auth0_sdk::ManagementClient::builder()
        .base_url(tenant.management_url())
        .client_secret(tenant.client_id(), tenant.client_secret().to_owned())
        .build()
        .expect("client");
    api.users().list().send().await.expect("list");
    let sent = tenant
        .recorded_requests()
        .into_iter()
        .find(|r| r.path == "/api/v2/users")
        .expect("recorded");
    assert_eq!(sent.header("auth0-custom-domain"), None);
}
