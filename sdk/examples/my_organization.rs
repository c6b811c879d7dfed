//! The My Organization API: an organization's own app managing its members and invitations.
//!
//! ```text
//! cargo run -p auth0-sdk --example my_organization
//! ```
//!
//! Runs against the local Auth0 tenant (`tests/local-tenant`), started in-process on
//! `127.0.0.1`, so it needs no account and no network.
//!
//! What it shows:
//! - setting up an organization with the Management API (create it, add members);
//! - a [`MyOrganizationClient`] with client credentials for that `organization` (the token
//!   request carries `organization`; the token is cached);
//! - listing members page by page with `take`, and as one checkpoint-paged stream;
//! - creating, listing and deleting invitations, and removing a membership;
//! - a scope-aware token function, given each operation's scopes (from the spec), fetching a
//!   token with exactly those;
//! - a call without the scope it needs failing with a typed 403.

use auth0_local_tenant::LocalTenant;
use auth0_sdk::management::types::{
    CreateOrganizationMemberRequestContent, CreateOrganizationRequestContent, CreateUserRequestContent,
};
use auth0_sdk::my_organization::types::{
    CreateMemberInvitationInvitee, CreateMemberInvitationRequestContent, DeleteOrganizationMembershipsRequestContent,
};
use auth0_sdk::{AuthenticationClient, ManagementClient, MyOrganizationClient};
use futures_util::TryStreamExt;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    // Dropping the tenant stops it, so keep it alive for the whole run.
    let tenant = LocalTenant::start().await?;
    println!("Local tenant at {}\n", tenant.base_url());

    // An admin creates the organization and its members with the Management API.
    let admin = ManagementClient::builder()
        .base_url(tenant.management_url())
        .client_secret(tenant.client_id(), tenant.client_secret().to_owned())
        .build()?;
    let org = admin
        .organizations()
        .create(CreateOrganizationRequestContent {
            name: "acme".into(),
            display_name: Some("Acme Inc.".into()),
            ..Default::default()
        })
        .send()
        .await?;
    let org_id = org.id.clone().ok_or("the created organization has an id")?;
    let mut members = Vec::new();
    for name in ["ana", "ben", "cleo", "dev", "eli"] {
        let user = admin
            .users()
            .create(CreateUserRequestContent {
                connection: "Username-Password-Authentication".into(),
                email: Some(format!("{name}@acme.example")),
                password: Some("Correct-Horse-7!".into()),
                ..Default::default()
            })
            .send()
            .await?;
        members.push(user.user_id.ok_or("a created user has an id")?);
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
        .await?;
    println!("setup   -> organization acme ({org_id}) with {} members", members.len());

    // The organization's app: client credentials for this organization.
    let my_org = MyOrganizationClient::builder()
        .base_url(tenant.my_organization_url()) // plain http is allowed only through base_url
        .client_secret(tenant.client_id(), tenant.client_secret().to_owned())
        .organization(&org_id)
        .build()?;

    // One page of two, then every member as one stream (pages of two fetched as it is read).
    let page = my_org.members().list().take(2).send().await?;
    println!(
        "page    -> {} members, next checkpoint: {}",
        page.items.len(),
        page.next.is_some()
    );
    let emails: Vec<String> = my_org
        .members()
        .list()
        .take(2)
        .send()
        .await?
        .into_stream()
        .map_ok(|m| m.email.unwrap_or_default())
        .try_collect()
        .await?;
    println!("stream  -> {} members: {}", emails.len(), emails.join(", "));

    // Invitations: create two, list, delete one.
    let created = my_org
        .invitations()
        .create(CreateMemberInvitationRequestContent {
            invitees: vec![
                CreateMemberInvitationInvitee {
                    email: "fay@acme.example".into(),
                    ..Default::default()
                },
                CreateMemberInvitationInvitee {
                    email: "gus@acme.example".into(),
                    ..Default::default()
                },
            ],
            ..Default::default()
        })
        .send()
        .await?;
    let first = created
        .first()
        .and_then(|i| i.id.clone())
        .ok_or("an invitation was created")?;
    println!("invite  -> {} invitations created", created.len());
    my_org.invitations().delete_legacy(&first).send().await?;
    let left = my_org.invitations().list().send().await?;
    println!("delete  -> {} invitation left after deleting {first}", left.items.len());

    // Remove a membership (the user stays in the tenant).
    my_org
        .memberships()
        .delete_memberships(DeleteOrganizationMembershipsRequestContent {
            members: vec![members[0].clone()],
        })
        .send()
        .await?;
    let remaining = my_org
        .members()
        .list()
        .send()
        .await?
        .into_stream()
        .try_collect::<Vec<_>>()
        .await?;
    println!("remove  -> {} members after removing {}", remaining.len(), members[0]);

    // Operations without local state answer their spec skeleton.
    let details = my_org.organization_details().get().send().await?;
    println!("details -> skeleton answer: {details:?}");

    // A scope-aware token function: given each operation's scopes, it asks for a token with
    // exactly those (client credentials for the organization).
    let auth = AuthenticationClient::builder()
        .base_url(tenant.base_url())
        .client_id(tenant.client_id())
        .client_secret(tenant.client_secret().to_owned())
        .build()?;
    let audience = format!("{}/my-org/", tenant.base_url());
    let scoped_org = org_id.clone();
    let scoped = MyOrganizationClient::builder()
        .base_url(tenant.my_organization_url())
        .async_token_fn(move |scopes| {
            let (auth, audience, org_id) = (auth.clone(), audience.clone(), scoped_org.clone());
            async move {
                println!("token   -> asked for scopes [{}]", scopes.join(", "));
                let tokens = auth
                    .client_credentials()
                    .audience(audience)
                    .organization(org_id)
                    .scope(scopes.join(" "))
                    .send()
                    .await?;
                Ok(tokens.access_token)
            }
        })
        .build()?;
    let invitations = scoped.invitations().list().send().await?;
    println!("scoped  -> {} invitation(s) listed", invitations.items.len());

    // A token without `read:my_org:members` is refused with a typed 403.
    let narrow = MyOrganizationClient::builder()
        .base_url(tenant.my_organization_url())
        .token(tenant.my_organization_token(&org_id, &["read:my_org:member_invitations"]))
        .build()?;
    match narrow.members().list().send().await {
        Err(e) if e.status().map(|s| s.as_u16()) == Some(403) => println!("403     -> {e}"),
        Err(e) => return Err(e.into()),
        Ok(_) => return Err("a call without its scope succeeded".into()),
    }
    Ok(())
}
