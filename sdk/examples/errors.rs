//! Raw responses and typed errors: `send_with_raw()` for the status, headers and rate-limit
//! information next to the data, and `auth0_sdk::Error` with its helpers and Auth0's error body.
//!
//! ```text
//! cargo run -p auth0-sdk --example errors
//! ```
//!
//! Runs against the local Auth0 tenant (`tests/local-tenant`), started in-process, so it needs
//! no account and no network.
//!
//! What it shows:
//! - `Response<T>` from `.send_with_raw()`: `data`, and `meta` with `status`, `headers`,
//!   `header(name)`, `url`, `attempts` and `rate_limit()` (`X-RateLimit-Limit/Remaining/Reset`);
//!   list pages carry the same `meta`;
//! - errors for 404, 409, 403 (insufficient scope), 429 and a failed token request, told
//!   apart with `is_not_found()`, `status()`, `is_rate_limited()`, `is_token_error()`, and
//!   Auth0's JSON error body (`statusCode`, `error`, `message`, `errorCode`) through
//!   `api_error().body()`;
//! - matching on the `Error` enum itself.

use std::time::Duration;

use auth0_local_tenant::{FaultRule, LocalTenant};
use auth0_sdk::management::types::CreateUserRequestContent;
use auth0_sdk::{Error, ManagementClient};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let tenant = LocalTenant::start().await?;
    let client = ManagementClient::builder()
        .base_url(tenant.management_url())
        .client_secret(tenant.client_id(), tenant.client_secret().to_owned())
        .build()?;
    let alice = &tenant.users()[0];

    println!("1. Raw responses");
    let raw = client.users().get(&alice.user_id).send_with_raw().await?;
    println!("   data.email        = {:?}", raw.data.email);
    println!("   meta.status       = {}", raw.meta.status);
    println!("   meta.url          = {}", raw.meta.url);
    println!("   meta.attempts     = {}", raw.meta.attempts);
    println!("   content-type      = {:?}", raw.meta.header("content-type"));
    println!(
        "   x-ratelimit-remaining header = {:?}",
        raw.meta.header("x-ratelimit-remaining")
    );
    println!("   meta.rate_limit() = {:?}", raw.meta.rate_limit());
    let page = client.users().list().per_page(1).send().await?;
    println!(
        "   a page's meta too: status {}, remaining {:?}",
        page.meta.status,
        page.meta.rate_limit().and_then(|r| r.remaining)
    );

    println!("\n2. 404: a user that does not exist");
    let err = client
        .users()
        .get("auth0|does-not-exist")
        .send()
        .await
        .expect_err("no such user");
    describe(&err);

    println!("\n3. 409: a second user with alice's email");
    let err = client
        .users()
        .create(CreateUserRequestContent {
            connection: "Username-Password-Authentication".into(),
            email: Some(alice.email.clone()),
            password: Some("Another-Passw0rd!".into()),
            ..Default::default()
        })
        .send()
        .await
        .expect_err("duplicate email");
    describe(&err);

    println!("\n4. 403: a token without delete:users");
    let read_only = ManagementClient::builder()
        .base_url(tenant.management_url())
        .token(tenant.management_token(&["read:users"]))
        .build()?;
    let err = read_only
        .users()
        .delete(&alice.user_id)
        .send()
        .await
        .expect_err("insufficient scope");
    describe(&err);

    println!("\n5. 429 (retries turned off for the request)");
    tenant.faults().add(
        FaultRule::rate_limit(Duration::from_secs(2))
            .next(1)
            .path("/api/v2/users*"),
    );
    let err = client
        .users()
        .list()
        .max_retries(0)
        .send()
        .await
        .expect_err("rate limited");
    describe(&err);

    println!("\n6. The token request fails (wrong client secret)");
    let bad_secret = ManagementClient::builder()
        .base_url(tenant.management_url())
        .client_secret(tenant.client_id(), "not-the-secret".to_owned())
        .build()?;
    let err = bad_secret.users().list().send().await.expect_err("bad credentials");
    describe(&err);
    Ok(())
}

/// Prints what an application usually looks at in an error.
fn describe(e: &Error) {
    println!("   Display            : {e}");
    println!(
        "   status()           : {:?}  is_not_found() {}  is_rate_limited() {}  is_token_error() {}  is_retryable() {}",
        e.status(),
        e.is_not_found(),
        e.is_rate_limited(),
        e.is_token_error(),
        e.is_retryable()
    );
    if let Some(api) = e.api_error() {
        println!("   operation          : {}", api.operation());
        if let Some(body) = api.body() {
            println!(
                "   Auth0 body         : statusCode {:?}, error {:?}, errorCode {:?}",
                body.status_code, body.error, body.error_code
            );
            println!(
                "                        message {:?}",
                body.message.as_deref().or(body.error_description.as_deref())
            );
        }
        if let Some(limit) = api.rate_limit() {
            println!("   rate_limit()       : {limit:?}");
        }
    }
    // The enum itself, for the cases the helpers do not cover.
    let kind = match e {
        Error::Api(_) => "Error::Api",
        Error::Token { .. } => "Error::Token",
        Error::Timeout { .. } => "Error::Timeout",
        Error::Connection { .. } => "Error::Connection",
        Error::Decode(_) => "Error::Decode",
        _ => "another variant",
    };
    println!("   variant            : {kind}");
}
