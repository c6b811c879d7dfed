//! Management API calls: create, get, update (PATCH) and delete a user, and assign roles.
//!
//! ```text
//! cargo run -p auth0-sdk --example management
//! ```
//!
//! Runs against the local Auth0 tenant (`tests/local-tenant`), started in-process on
//! `127.0.0.1`, so it needs no account and no network.
//!
//! What it shows:
//! - the call shape `client.<group>().<sub-group>().<method>(path args, body).send().await`;
//! - request bodies as plain structs filled with `..Default::default()`;
//! - PATCH bodies with [`Nullable`]: `Absent` is not sent (the field keeps its value), `Null`
//!   is sent as JSON `null` (the field is cleared), `Value(v)` sets it — the example prints
//!   the exact body the tenant received;
//! - creating a role, assigning it to the user, listing and removing the user's roles;
//! - deleting the user, after which `get` fails with a typed 404.

use auth0_local_tenant::LocalTenant;
use auth0_sdk::management::types::{
    AssignUserRolesRequestContent, CreateRoleRequestContent, CreateUserRequestContent, DeleteUserRolesRequestContent,
    UpdateUserRequestContent,
};
use auth0_sdk::{ManagementClient, Nullable};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    // Dropping the tenant stops it, so keep it alive for the whole run.
    let tenant = LocalTenant::start().await?;
    let client = ManagementClient::builder()
        .base_url(tenant.management_url()) // plain http is allowed only through base_url
        .client_secret(tenant.client_id(), tenant.client_secret().to_owned())
        .build()?;
    println!("Local tenant at {}\n", tenant.base_url());

    // Create.
    let created = client
        .users()
        .create(CreateUserRequestContent {
            connection: "Username-Password-Authentication".into(),
            email: Some("jane.doe@example.com".into()),
            password: Some("Correct-Horse-7!".into()),
            given_name: Some("Jane".into()),
            family_name: Some("Doe".into()),
            nickname: Some("jd".into()),
            ..Default::default()
        })
        .send()
        .await?;
    let user_id = created.user_id.clone().ok_or("the created user has no user_id")?;
    println!("create  -> {user_id} ({:?})", created.email);

    // Get.
    let user = client.users().get(&user_id).send().await?;
    println!(
        "get     -> given_name={:?} family_name={:?} nickname={:?}",
        user.given_name, user.family_name, user.nickname
    );

    // Update: one field set, one cleared, the rest left alone.
    let patch = UpdateUserRequestContent {
        nickname: Nullable::Value("jane".into()), // set
        family_name: Nullable::Null,              // clear
        given_name: Nullable::Absent,             // not sent: unchanged (the default)
        ..Default::default()
    };
    let updated = client.users().update(&user_id).body(patch).send().await?;
    let sent = tenant
        .recorded_requests()
        .into_iter()
        .rev()
        .find(|r| r.method == "PATCH")
        .map(|r| r.body_text())
        .unwrap_or_default();
    println!("update  -> PATCH body sent: {sent}");
    println!(
        "           given_name={:?} (absent: kept) family_name={:?} (null: cleared) nickname={:?} (set)",
        updated.given_name, updated.family_name, updated.nickname
    );

    // Roles: create one, assign it, list the user's roles, remove it.
    let role = client
        .roles()
        .create(CreateRoleRequestContent {
            name: "support".into(),
            description: Some("Support agents".into()),
        })
        .send()
        .await?;
    let role_id = role.id.clone().ok_or("the created role has no id")?;
    client
        .users()
        .roles()
        .assign(
            &user_id,
            AssignUserRolesRequestContent {
                roles: vec![role_id.clone()],
            },
        )
        .send()
        .await?;
    let roles = client.users().roles().list(&user_id).send().await?;
    let names: Vec<_> = roles.items.iter().filter_map(|r| r.name.as_deref()).collect();
    println!("roles   -> assigned {role_id}; the user's roles are now {names:?}");
    client
        .users()
        .roles()
        .delete(
            &user_id,
            DeleteUserRolesRequestContent {
                roles: vec![role_id.clone()],
            },
        )
        .send()
        .await?;
    let left = client.users().roles().list(&user_id).send().await?.items.len();
    println!("roles   -> removed it; {left} role(s) left");
    client.roles().delete(&role_id).send().await?;

    // Delete; a later get is a typed 404.
    client.users().delete(&user_id).send().await?;
    match client.users().get(&user_id).send().await {
        Ok(_) => println!("delete  -> the user still exists?"),
        Err(e) => println!(
            "delete  -> done; get now fails: is_not_found()={} status={:?}",
            e.is_not_found(),
            e.status()
        ),
    }
    Ok(())
}
