//! ID-token validation: get an ID token for a user, validate it with `IdTokenValidator`
//! (signature via the tenant's JWKS, issuer, audience, expiry, nonce, organization), and
//! watch wrong expectations and tampered or foreign tokens be rejected, each with its own
//! `IdTokenError`.
//!
//! ```text
//! cargo run -p auth0-sdk --features test-util --example id_token
//! ```
//!
//! Runs against the local Auth0 tenant (`tests/local-tenant`), started in-process, so it needs
//! no account and no network. The ID token comes from the password-realm grant for the seeded
//! user alice, as a member of an organization; `AuthenticationClient` already validates every
//! ID token it receives (here with the expected nonce and organization). The example then
//! validates the same token by hand, as a web app would with a token it received elsewhere, and
//! finally mints test tokens with `jwt::LocalKey`.

use auth0_local_tenant::LocalTenant;
use auth0_sdk::jwt::{IdTokenExpectations, IdTokenValidator, LocalKey};
use auth0_sdk::management::types::{CreateOrganizationMemberRequestContent, CreateOrganizationRequestContent};
use auth0_sdk::runtime::{ExposeSecret, SecretString};
use auth0_sdk::{AuthenticationClient, ManagementClient};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

const NONCE: &str = "n-0S6_WzA2Mj";

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let tenant = LocalTenant::start().await?;
    let alice = tenant.users()[0].clone();

    // Set-up: an organization with alice as a member (Management API).
    let management = ManagementClient::builder()
        .base_url(tenant.management_url())
        .client_secret(tenant.client_id(), tenant.client_secret().to_owned())
        .build()?;
    let org = management
        .organizations()
        .create(CreateOrganizationRequestContent {
            name: "acme".into(),
            ..Default::default()
        })
        .send()
        .await?;
    let org_id = org.id.ok_or("the organization has no id")?;
    management
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

    // 1. Sign alice in; the client validates the ID token before returning the tokens.
    println!("1. Password-realm grant for {} in organization {org_id}", alice.email);
    let auth = AuthenticationClient::builder()
        .base_url(tenant.base_url()) // issuer `{base_url}/`, keys from `{base_url}/.well-known/jwks.json`
        .client_id(tenant.client_id())
        .client_secret(tenant.client_secret().to_owned())
        .build()?;
    let password = SecretString::from(alice.password.clone());
    let tokens = auth
        .password_realm(&alice.email, &password, "Username-Password-Authentication")
        .scope("openid profile email")
        .organization(&org_id)
        .param("nonce", NONCE) // the local tenant echoes it into the ID token
        .nonce(NONCE) // expectations checked on the ID token
        .expect_organization(&org_id)
        .send()
        .await?;
    let claims = tokens.id_token_claims.as_ref().ok_or("no ID token")?;
    println!(
        "   validated by the flow: sub {} email {:?} org_id {:?} nonce {:?}",
        claims.sub,
        claims.email(),
        claims.org_id,
        claims.nonce
    );
    let id_token = tokens
        .id_token
        .as_ref()
        .ok_or("no ID token")?
        .expose_secret()
        .to_owned();

    // 2. The same token, validated by hand.
    println!("\n2. IdTokenValidator");
    let validator = IdTokenValidator::builder(tenant.base_url(), tenant.client_id()).build()?;
    println!(
        "   issuer {} , keys from {:?}",
        validator.issuer(),
        validator.jwks().url()
    );
    let expect = IdTokenExpectations::new().with_nonce(NONCE).with_organization(&org_id);
    let claims = validator.validate(&id_token, &expect).await?;
    println!("   ok: sub {} (aud {:?}, exp {})", claims.sub, claims.aud, claims.exp);

    let check = |label: &'static str, token: String, expect: IdTokenExpectations| {
        let validator = validator.clone();
        async move {
            match validator.validate(&token, &expect).await {
                Ok(c) => println!("   {label:<28} accepted?! sub {}", c.sub),
                Err(e) => println!("   {label:<28} rejected: {e}\n   {:<28} ({e:?})", ""),
            }
        }
    };
    check(
        "another nonce",
        id_token.clone(),
        IdTokenExpectations::new().with_nonce("some-other-nonce"),
    )
    .await;
    check(
        "another organization",
        id_token.clone(),
        IdTokenExpectations::new().with_organization("org_someoneelse"),
    )
    .await;
    check("tampered payload (sub)", tamper(&id_token)?, IdTokenExpectations::new()).await;

    // 3. Tokens minted with a local key: for tests, and to show a foreign signer is refused.
    println!("\n3. Tokens minted with jwt::LocalKey");
    let key = LocalKey::generate_rsa("test-key")?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs();
    let minted = |exp: u64| {
        key.sign(&json!({
            "iss": tenant.issuer(), "aud": tenant.client_id(), "sub": "auth0|minted",
            "iat": now, "exp": exp, "nonce": NONCE,
        }))
    };
    check(
        "signed by an unknown key",
        minted(now + 600)?,
        IdTokenExpectations::new(),
    )
    .await;
    // A validator that trusts the local key (how tests validate minted tokens).
    let trusting = IdTokenValidator::builder(tenant.base_url(), tenant.client_id())
        .jwks(key.jwks_cache())
        .build()?;
    let claims = trusting
        .validate(&minted(now + 600)?, &IdTokenExpectations::new().with_nonce(NONCE))
        .await?;
    println!("   {:<28} accepted: sub {}", "trusted local key", claims.sub);
    match trusting
        .validate(&minted(now - 3600)?, &IdTokenExpectations::new())
        .await
    {
        Ok(_) => println!("   expired token accepted?!"),
        Err(e) => println!("   {:<28} rejected: {e}", "expired an hour ago"),
    }
    Ok(())
}

/// Changes the `sub` claim of a signed token, keeping the header and signature.
fn tamper(token: &str) -> Result<String, BoxError> {
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    let mut payload: serde_json::Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&parts[1])?)?;
    payload["sub"] = json!("auth0|mallory");
    parts[1] = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&payload)?);
    Ok(parts.join("."))
}
