//! Pagination: offset pages followed by hand, the same list as a stream of items, and
//! checkpoint (`from`/`take`) paging of an organization's members.
//!
//! ```text
//! cargo run -p auth0-sdk --example pagination
//! ```
//!
//! Runs against the local Auth0 tenant (`tests/local-tenant`), started in-process with nine
//! users, so it needs no account and no network.
//!
//! What it shows:
//! - `Page<T>` from a list call: `items`, `total`, `start`, and `next_page()` until `None`;
//! - the runtime asks for `include_totals=true`, so it stops on the last page without an extra
//!   empty request (the example counts the requests the tenant received);
//! - `into_stream()`: every item across pages as a `Stream<Item = Result<T, Error>>`, and
//!   `into_pages()` for a stream of whole pages;
//! - checkpoint paging: setting `take` (or `from`) switches an operation that supports both
//!   styles to checkpoint paging; `page.next` carries the checkpoint and streams follow it.

use auth0_local_tenant::{LocalTenant, SeedUser};
use auth0_sdk::ManagementClient;
use auth0_sdk::management::types::{CreateOrganizationMemberRequestContent, CreateOrganizationRequestContent};
use futures_util::{StreamExt, TryStreamExt};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    // alice and bob are seeded by default; add seven more.
    let mut builder = LocalTenant::builder();
    for i in 1..=7 {
        builder = builder.user(SeedUser::new(format!("user{i}@example.com"), "Passw0rd!"));
    }
    let tenant = builder.start().await?;
    let client = ManagementClient::builder()
        .base_url(tenant.management_url())
        .client_secret(tenant.client_id(), tenant.client_secret().to_owned())
        .build()?;
    let list_calls = || {
        tenant
            .recorded_requests()
            .iter()
            .filter(|r| r.method == "GET" && r.path == "/api/v2/users")
            .count()
    };

    // 1. Offset paging, page by page.
    println!("1. Offset pages of 4 (next_page)");
    let mut page = client.users().list().per_page(4).sort("email:1").send().await?;
    loop {
        let emails: Vec<&str> = page.items.iter().filter_map(|u| u.email.as_deref()).collect();
        println!("   start {:?} of total {:?}: {emails:?}", page.start, page.total);
        match page.next_page().await? {
            Some(next) => page = next,
            None => break,
        }
    }
    println!("   {} GET /api/v2/users requests (no extra empty page)", list_calls());

    // 2. The same list as a stream of items; pages are fetched as the stream is read.
    println!("\n2. As a stream of items (into_stream)");
    tenant.clear_recorded_requests();
    let emails: Vec<String> = client
        .users()
        .list()
        .per_page(4)
        .sort("email:1")
        .send()
        .await?
        .into_stream()
        .map_ok(|u| u.email.unwrap_or_default())
        .try_collect()
        .await?;
    println!("   {} users from {} requests: {emails:?}", emails.len(), list_calls());

    // ... or a stream of whole pages.
    let sizes: Vec<usize> = client
        .users()
        .list()
        .per_page(4)
        .send()
        .await?
        .into_pages()
        .map_ok(|p| p.items.len())
        .try_collect()
        .await?;
    println!("   page sizes with into_pages(): {sizes:?}");

    // 3. Checkpoint paging (`from`/`take`) on an organization's members.
    println!("\n3. Checkpoint paging of organization members (take = 4)");
    let org = client
        .organizations()
        .create(CreateOrganizationRequestContent {
            name: "acme".into(),
            display_name: Some("Acme Inc.".into()),
            ..Default::default()
        })
        .send()
        .await?;
    let org_id = org.id.ok_or("the organization has no id")?;
    let members = tenant.users().iter().map(|u| u.user_id.clone()).collect();
    client
        .organizations()
        .members()
        .create(&org_id, CreateOrganizationMemberRequestContent { members })
        .send()
        .await?;

    let mut page = client.organizations().members().list(&org_id).take(4).send().await?;
    let mut n = 1;
    loop {
        let ids: Vec<&str> = page.items.iter().filter_map(|m| m.user_id.as_deref()).collect();
        println!("   page {n}: {} member(s), next checkpoint {:?}", ids.len(), page.next);
        match page.next_page().await? {
            Some(next) => page = next,
            None => break,
        }
        n += 1;
    }
    // A checkpoint can also be passed back by hand with `.from(..)`, e.g. from a previous run.
    let first = client.organizations().members().list(&org_id).take(4).send().await?;
    if let Some(checkpoint) = first.next.clone() {
        let resumed = client
            .organizations()
            .members()
            .list(&org_id)
            .from(checkpoint)
            .take(4)
            .send()
            .await?;
        println!("   resumed with .from(checkpoint): {} member(s)", resumed.items.len());
    }
    let mut stream = first.into_stream();
    let mut streamed = 0;
    while let Some(member) = stream.next().await {
        member?;
        streamed += 1;
    }
    println!("   streamed {streamed} member(s) in all");
    Ok(())
}
