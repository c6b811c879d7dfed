//! Custom domains: the client-wide `custom_domain_header(…)`, which sends `Auth0-Custom-Domain`
//! only on the endpoints that accept it, against the per-request `.custom_domain(…)`, which
//! applies wherever you put it (and overrides the client-wide value).
//!
//! ```text
//! cargo run -p auth0-sdk --example custom_domain
//! ```
//!
//! Runs against the local Auth0 tenant (`tests/local-tenant`), started in-process; the tenant
//! records every request, so the example prints which ones carried the header. No account or
//! network needed.

use auth0_local_tenant::LocalTenant;
use auth0_sdk::ManagementClient;
use auth0_sdk::management::OPERATIONS;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let tenant = LocalTenant::start().await?;
    let client = ManagementClient::builder()
        .base_url(tenant.management_url())
        .client_secret(tenant.client_id(), tenant.client_secret().to_owned())
        .custom_domain_header("login.example.com")
        .build()?;
    let alice = tenant.users()[0].user_id.clone();

    // The generator marks the operations that accept the header (from spec/management.toml).
    let marked: Vec<String> = OPERATIONS
        .iter()
        .filter(|op| op.custom_domain)
        .map(|op| format!("{:?} {}", op.method, op.path))
        .collect();
    println!("Operations that get the client-wide header ({}):", marked.len());
    for op in &marked {
        println!("  {op}");
    }

    // Client-wide header: sent on /users and /users/{id}, not on /roles (nor the token request).
    client.users().list().per_page(1).send().await?;
    client.users().get(&alice).send().await?;
    client.roles().list().send().await?;
    // Per request: applies to any endpoint, and wins over the client-wide value.
    client.roles().list().custom_domain("auth.example.org").send().await?;
    client
        .users()
        .get(&alice)
        .custom_domain("auth.example.org")
        .send()
        .await?;

    println!("\nWhat the tenant received (client-wide: login.example.com):");
    for r in tenant.recorded_requests() {
        println!(
            "  {:6} {:50} Auth0-Custom-Domain: {}",
            r.method,
            r.path,
            r.header("auth0-custom-domain").unwrap_or("-")
        );
    }
    Ok(())
}
