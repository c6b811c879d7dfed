//! The quickstart: the main flows of the Management API client, end to end.
//!
//! ```text
//! cargo run -p auth0-sdk --example quickstart
//! ```
//!
//! By default it starts the local Auth0 tenant (`tests/local-tenant`) in-process on
//! `127.0.0.1`, so it needs no account and no network. With `AUTH0_DOMAIN`, `AUTH0_CLIENT_ID`
//! and `AUTH0_CLIENT_SECRET` set (a machine-to-machine application authorised for the
//! Management API with `create:users read:users delete:users`) it talks to that tenant instead,
//! skipping the steps that need fault injection or request recording, and deletes the user it
//! created.
//!
//! Flows: client-credentials token → create a user → list users page by page and as a stream
//! → the `Auth0-Custom-Domain` header → a 429 retried after `Retry-After` → typed 404/409
//! errors.

use std::error::Error as StdError;
use std::time::Instant;

use auth0_local_tenant::LocalTenant;
use auth0_sdk::ManagementClient;
use auth0_sdk::management::types::CreateUserRequestContent;
use futures_util::StreamExt;

type BoxError = Box<dyn StdError + Send + Sync>;

/// The connection users are created in (Auth0's default database connection).
const CONNECTION: &str = "Username-Password-Authentication";

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let real = real_tenant_settings();
    // Keep the local tenant alive for the whole run (dropping it stops the server).
    let local = match real {
        Some(_) => None,
        None => Some(LocalTenant::start().await?),
    };
    let client = match (&real, &local) {
        (Some((domain, id, secret)), _) => {
            println!("Using the real tenant {domain} (AUTH0_DOMAIN is set).\n");
            ManagementClient::builder()
                .domain(domain)
                .client_secret(id, secret.clone())
                .custom_domain_header("login.example.com")
                .build()?
        }
        (None, Some(tenant)) => {
            println!(
                "Started a local Auth0 tenant at {} (set AUTH0_DOMAIN, AUTH0_CLIENT_ID and",
                tenant.base_url()
            );
            println!("AUTH0_CLIENT_SECRET to use a real tenant instead).\n");
            ManagementClient::builder()
                .base_url(tenant.management_url())
                .client_secret(tenant.client_id(), tenant.client_secret().to_owned())
                .custom_domain_header("login.example.com")
                .build()?
        }
        (None, None) => return Err("no tenant: neither AUTH0_DOMAIN nor a local tenant".into()),
    };
    run(&client, local.as_ref()).await
}

/// `(domain, client id, client secret)` when all three variables are set.
fn real_tenant_settings() -> Option<(String, String, String)> {
    let get = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    Some((
        get("AUTH0_DOMAIN")?,
        get("AUTH0_CLIENT_ID")?,
        get("AUTH0_CLIENT_SECRET")?,
    ))
}

async fn run(client: &ManagementClient, local: Option<&LocalTenant>) -> Result<(), BoxError> {
    // 1. Token: the first call fetches one with the client-credentials grant and caches it.
    step("1. Access token (client credentials)");
    let started = Instant::now();
    let first = client.users().list().per_page(1).include_totals(true).send().await?;
    println!("   token acquired and first call made in {:.0?}", started.elapsed());
    if let Some(tenant) = local {
        let token_calls = tenant
            .recorded_requests()
            .iter()
            .filter(|r| r.path == "/oauth/token")
            .count();
        println!("   POST /oauth/token was called {token_calls} time(s); later calls reuse the cached token");
    }
    println!(
        "   the tenant has {} user(s)",
        first.total.unwrap_or(first.items.len() as u64)
    );

    // 2. Create a user.
    step("2. Create a user");
    let email = format!("quickstart-{}@example.com", std::process::id());
    let created = client
        .users()
        .create(CreateUserRequestContent {
            connection: CONNECTION.to_owned(),
            email: Some(email.clone()),
            password: Some("Quickstart-Passw0rd!".to_owned()),
            name: Some("Quickstart User".to_owned()),
            ..Default::default()
        })
        .send()
        .await?;
    let user_id = created.user_id.clone().unwrap_or_default();
    println!("   created {email} as {user_id}");

    // 3. List users: one page at a time, then every item as a stream.
    step("3. List users page by page, then as a stream");
    let mut page = client.users().list().per_page(2).include_totals(true).send().await?;
    let mut n = 1;
    loop {
        let emails: Vec<&str> = page.items.iter().filter_map(|u| u.email.as_deref()).collect();
        println!("   page {n}: {emails:?} (total {:?})", page.total);
        match page.next_page().await? {
            Some(next) if n < 3 => page = next,
            Some(_) => {
                println!("   … (stopping after 3 pages)");
                break;
            }
            None => break,
        }
        n += 1;
    }
    let mut stream = client.users().list().per_page(2).send().await?.into_stream().take(10);
    let mut streamed = 0;
    while let Some(user) = stream.next().await {
        let user = user?;
        streamed += 1;
        println!(
            "   stream item {streamed}: {}",
            user.email.as_deref().unwrap_or("(no email)")
        );
    }

    // 4. The custom-domain header goes only to the endpoints that accept it.
    step("4. Auth0-Custom-Domain header");
    match local {
        Some(tenant) => {
            let sent = tenant.recorded_requests();
            let users_call = sent.iter().rev().find(|r| r.path == "/api/v2/users");
            println!(
                "   GET /api/v2/users carried Auth0-Custom-Domain: {:?}",
                users_call.and_then(|r| r.header("auth0-custom-domain"))
            );
            client.roles().list().send().await?;
            let roles_call = tenant
                .recorded_requests()
                .into_iter()
                .rev()
                .find(|r| r.path == "/api/v2/roles");
            println!(
                "   GET /api/v2/roles (not on the list) carried it: {:?}",
                roles_call.as_ref().and_then(|r| r.header("auth0-custom-domain"))
            );
        }
        None => println!("   (requests are not recorded on a real tenant; the header was sent on /users)"),
    }

    // 5. A rate-limited call is retried after Retry-After.
    step("5. 429 Too Many Requests, retried");
    match local {
        Some(tenant) => {
            tenant.clear_recorded_requests();
            tenant.faults().rate_limit_next(1);
            let started = Instant::now();
            let user = client.users().get(&user_id).send().await?;
            let attempts = tenant
                .recorded_requests()
                .iter()
                .filter(|r| r.path.starts_with("/api/v2/users/"))
                .count();
            println!(
                "   got {} after {attempts} attempts in {:.1?} (the first answered 429 with Retry-After)",
                user.email.as_deref().unwrap_or("?"),
                started.elapsed()
            );
        }
        None => println!("   (fault injection is local-only; on a real tenant 429s are retried the same way)"),
    }

    // 6. Errors are typed: status, Auth0's error body, helpers.
    step("6. Typed errors");
    match client.users().get("auth0|does-not-exist").send().await {
        Ok(_) => println!("   unexpectedly found a user"),
        Err(e) => {
            let code = e.api_error().and_then(|a| a.body()).and_then(|b| b.error_code.clone());
            println!(
                "   404: is_not_found() = {}, errorCode = {code:?}, message = {:?}",
                e.is_not_found(),
                e.api_error().and_then(|a| a.message())
            );
        }
    }
    let duplicate = CreateUserRequestContent {
        connection: CONNECTION.to_owned(),
        email: Some(email.clone()),
        password: Some("Quickstart-Passw0rd!".to_owned()),
        ..Default::default()
    };
    match client.users().create(duplicate).send().await {
        Ok(_) => println!("   unexpectedly created a duplicate"),
        Err(e) => println!(
            "   {}: {:?}",
            e.status().map(|s| s.to_string()).unwrap_or_default(),
            e.api_error().and_then(|a| a.message())
        ),
    }

    // Clean up (matters on a real tenant).
    client.users().delete(&user_id).send().await?;
    println!("\nDeleted {user_id}. Done.");
    Ok(())
}

fn step(title: &str) {
    println!("\n{title}");
}
