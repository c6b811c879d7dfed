//! node-auth0 v4's interface (`auth0/legacy`) in Rust: the seed's legacy snippet and a few
//! more calls, against the local Auth0 tenant started in-process (no account, no network).
//!
//! ```text
//! cargo run -p auth0-sdk --features legacy --example legacy
//! ```
//!
//! The v4 code it ports:
//!
//! ```js
//! import { ManagementClient, AuthenticationClient } from "auth0/legacy";
//! const management = new ManagementClient({ domain, clientId, clientSecret, scope: "read:users update:users" });
//! const users = await management.users.getAll();
//! ```

use std::error::Error as StdError;

use auth0_local_tenant::LocalTenant;
use auth0_sdk::legacy::auth::ClientCredentialsGrantRequest;
use auth0_sdk::legacy::management::{
    DeleteUsersByIdRequest, GetUsersByIdRequest, GetUsersRequest, PatchUsersByIdRequest,
};
use auth0_sdk::legacy::{
    AuthenticationClient, AuthenticationClientOptions, ManagementApiError, ManagementClient, ManagementClientOptions,
};
use auth0_sdk::management::types::{CreateUserRequestContent, ListUsersResponseContent, UpdateUserRequestContent};

type BoxError = Box<dyn StdError + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let tenant = LocalTenant::start().await?;
    println!("Local Auth0 tenant at {}\n", tenant.base_url());

    // new ManagementClient({ domain, clientId, clientSecret, scope })
    let management = ManagementClient::new(ManagementClientOptions {
        domain: "tenant.example.com".into(),
        client_id: Some(tenant.client_id().into()),
        client_secret: Some(tenant.client_secret().into()),
        scope: Some("read:users update:users".into()),
        // Not v4 options: where the local tenant listens, and its Management audience.
        audience: Some(tenant.management_audience().into()),
        base_url: Some(tenant.management_url()),
        auth_base_url: Some(tenant.base_url().into()),
        ..Default::default()
    })?;

    // const users = await management.users.getAll();
    // v4 returns the array, or with `include_totals: true` the totals wrapper; so does this.
    let users = management.users.get_all(GetUsersRequest::default()).await?;
    let emails: Vec<_> = match &users.data {
        ListUsersResponseContent::List(list) => list.iter().filter_map(|u| u.email.clone()).collect(),
        ListUsersResponseContent::OffsetPaginatedResponseContent(page) => {
            page.users.iter().flatten().filter_map(|u| u.email.clone()).collect()
        }
        _ => Vec::new(), // the union is non-exhaustive: a shape a future spec adds
    };
    println!("users.getAll() → {} {}: {emails:?}", users.status, users.status_text);

    // await management.users.create({ connection, email, password })
    let created = management
        .users
        .create(CreateUserRequestContent {
            connection: "Username-Password-Authentication".into(),
            email: Some("legacy@example.com".into()),
            password: Some("correct horse battery staple".into()),
            ..Default::default()
        })
        .await?;
    let id = created.data.user_id.clone().ok_or("the new user has no user_id")?;
    println!("users.create() → {} {id}", created.status);

    // await management.users.get({ id })
    let user = management
        .users
        .get(GetUsersByIdRequest {
            id: id.clone(),
            ..Default::default()
        })
        .await?;
    println!("users.get({{ id }}) → {:?}", user.data.email);

    // await management.users.update({ id }, { name })
    let updated = management
        .users
        .update(
            PatchUsersByIdRequest { id: id.clone() },
            UpdateUserRequestContent {
                name: auth0_sdk::Nullable::Value("Legacy Jane".into()),
                ..Default::default()
            },
        )
        .await?;
    println!("users.update({{ id }}, {{ name }}) → {:?}", updated.data.name);

    // await management.users.delete({ id }), then a 404 as v4's ManagementApiError
    management
        .users
        .delete(DeleteUsersByIdRequest { id: id.clone() })
        .await?;
    match management
        .users
        .get(GetUsersByIdRequest {
            id,
            ..Default::default()
        })
        .await
    {
        Err(ManagementApiError {
            status_code,
            error_code,
            message,
            ..
        }) => {
            println!("users.get after delete → ManagementApiError {status_code} {error_code:?}: {message}");
        }
        Ok(_) => return Err("the deleted user is still there".into()),
    }

    // new AuthenticationClient({ domain, clientId, clientSecret }).oauth.clientCredentialsGrant({ audience })
    let auth = AuthenticationClient::new(AuthenticationClientOptions {
        domain: "tenant.example.com".into(),
        client_id: tenant.client_id().into(),
        client_secret: Some(tenant.client_secret().into()),
        base_url: Some(tenant.base_url().into()),
        ..Default::default()
    })?;
    let grant = auth
        .oauth
        .client_credentials_grant(ClientCredentialsGrantRequest {
            audience: tenant.management_audience().into(),
            organization: None,
        })
        .await?;
    println!(
        "oauth.clientCredentialsGrant() → {} {}, expires in {} s",
        grant.status, grant.data.token_type, grant.data.expires_in
    );
    println!("\nDone.");
    Ok(())
}
