//! The My Account API: a signed-in user managing their own authentication methods.
//!
//! ```text
//! cargo run -p auth0-sdk --example my_account
//! ```
//!
//! Runs against the local Auth0 tenant (`tests/local-tenant`), started in-process on
//! `127.0.0.1`, so it needs no account and no network.
//!
//! What it shows:
//! - a [`MyAccountClient`] whose scope-aware token function is given each operation's scopes
//!   (from the spec) and gets a user token with exactly those (here with the password grant;
//!   in an app, from your session or a refresh token);
//! - enrolling, listing, reading, renaming and deleting an authentication method;
//! - the user's organizations as a checkpoint-paged stream;
//! - a token without the scope an operation needs failing with a typed 403.

use auth0_local_tenant::LocalTenant;
use auth0_sdk::management::types::{CreateOrganizationMemberRequestContent, CreateOrganizationRequestContent};
use auth0_sdk::my_account::types::{
    AuthenticationMethodEmailType, CreateAuthenticationMethodRequestContent, CreateEmailAuthenticationMethod,
    UpdateAuthenticationMethodRequestContent,
};
use auth0_sdk::runtime::SecretString;
use auth0_sdk::{AuthenticationClient, ManagementClient, MyAccountClient};
use futures_util::TryStreamExt;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    // Dropping the tenant stops it, so keep it alive for the whole run.
    let tenant = LocalTenant::start().await?;
    println!("Local tenant at {}\n", tenant.base_url());
    let alice = tenant.users()[0].clone();

    // Setup with the Management API: Alice belongs to three organizations.
    let admin = ManagementClient::builder()
        .base_url(tenant.management_url())
        .client_secret(tenant.client_id(), tenant.client_secret().to_owned())
        .build()?;
    for name in ["acme", "globex", "initech"] {
        let org = admin
            .organizations()
            .create(CreateOrganizationRequestContent {
                name: name.into(),
                ..Default::default()
            })
            .send()
            .await?;
        let org_id = org.id.ok_or("the created organization has an id")?;
        admin
            .organizations()
            .members()
            .create(
                &org_id,
                CreateOrganizationMemberRequestContent {
                    members: vec![alice.user_id.clone()],
                },
            )
            .send()
            .await?;
    }

    // The user's client: each call's token is asked for with that operation's scopes.
    let auth = AuthenticationClient::builder()
        .base_url(tenant.base_url())
        .client_id(tenant.client_id())
        .client_secret(tenant.client_secret().to_owned())
        .build()?;
    let audience = format!("{}/me/", tenant.base_url());
    let (email, password) = (alice.email.clone(), SecretString::from(alice.password.clone()));
    let me = MyAccountClient::builder()
        .base_url(tenant.my_account_url()) // plain http is allowed only through base_url
        .async_token_fn(move |scopes| {
            let (auth, audience, email, password) = (auth.clone(), audience.clone(), email.clone(), password.clone());
            async move {
                println!("  (token for scopes [{}])", scopes.join(", "));
                let tokens = auth
                    .password(email, &password)
                    .audience(audience)
                    .scope(scopes.join(" "))
                    .send()
                    .await?;
                Ok(tokens.access_token)
            }
        })
        .build()?;

    // Enroll an email factor, then list, read, rename and delete it.
    let enrolled = me
        .authentication_methods()
        .create()
        .body(CreateAuthenticationMethodRequestContent::EmailAuthenticationMethod(
            CreateEmailAuthenticationMethod {
                r#type: AuthenticationMethodEmailType::Email,
                email: alice.email.clone(),
            },
        ))
        .send()
        .await?;
    println!("create  -> {enrolled:?}");
    let listed = me.authentication_methods().list().send().await?;
    println!("list    -> {} method(s)", listed.authentication_methods.len());
    let id = serde_json::to_value(&listed.authentication_methods[0])?["id"]
        .as_str()
        .ok_or("a listed method has an id")?
        .to_owned();
    let one = me.authentication_methods().get(&id).send().await?;
    println!("get     -> {}", serde_json::to_string(&one)?);
    let renamed = me
        .authentication_methods()
        .update(&id)
        .body(UpdateAuthenticationMethodRequestContent {
            name: Some("work email".into()),
            ..Default::default()
        })
        .send()
        .await?;
    println!("update  -> {}", serde_json::to_string(&renamed)?);
    me.authentication_methods().delete(&id).send().await?;
    let after = me.authentication_methods().list().send().await?;
    println!("delete  -> {} method(s) left", after.authentication_methods.len());

    // The user's organizations, one per page, as one stream.
    let orgs: Vec<String> = me
        .organizations()
        .list()
        .take(1)
        .send()
        .await?
        .into_stream()
        .map_ok(|o| o.name)
        .try_collect()
        .await?;
    println!(
        "orgs    -> {} organizations, one page each: {}",
        orgs.len(),
        orgs.join(", ")
    );

    // A user token without `read:me:authentication_methods` is refused with a typed 403.
    let tokens = AuthenticationClient::builder()
        .base_url(tenant.base_url())
        .client_id(tenant.client_id())
        .client_secret(tenant.client_secret().to_owned())
        .build()?
        .password(alice.email.clone(), &SecretString::from(alice.password.clone()))
        .audience(format!("{}/me/", tenant.base_url()))
        .scope("read:me:organizations")
        .send()
        .await?;
    let narrow = MyAccountClient::builder()
        .base_url(tenant.my_account_url())
        .token(tokens.access_token)
        .build()?;
    match narrow.authentication_methods().list().send().await {
        Err(e) if e.status().map(|s| s.as_u16()) == Some(403) => println!("403     -> {e}"),
        Err(e) => return Err(e.into()),
        Ok(_) => return Err("a call without its scope succeeded".into()),
    }
    Ok(())
}
