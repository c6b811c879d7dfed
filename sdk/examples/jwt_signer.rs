//! Signing your own tokens and verifying them against the signer's published JWKS.
//!
//! ```text
//! cargo run -p auth0-sdk --features axum --example jwt_signer
//! ```
//!
//! A service signs a token with its own Ed25519 key (for Auth0's custom token exchange, or for
//! another of your services), serves the public key set at `/.well-known/jwks.json` from axum
//! on 127.0.0.1, and a `JwtVerifier` fetches that JWKS and verifies the token. The example
//! exits by itself.

use std::time::Duration;

use auth0_sdk::jwt::{Algorithm, JwtSigner, JwtVerifier, SigningKey, TokenClaims};
use axum::Json;
use axum::routing::get;

/// A demo key made for this example with `openssl genpkey -algorithm ED25519`. Load yours
/// from a secret store; `SigningKey::from_jwk` reads private JWKs too.
const DEMO_PRIVATE_KEY: &str = "-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIICiCA+hK0S0poU0KQF/PWOk09ByE1kVeBNYCOtHQj8v
-----END PRIVATE KEY-----";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 1. The signer: key, issuer, audience, lifetime.
    let key = SigningKey::from_pem(DEMO_PRIVATE_KEY, Algorithm::EdDSA)?.with_kid("demo-2026-01");
    let signer = JwtSigner::builder(key)
        .issuer("https://orders.example.internal/")
        .audience("https://billing.example.internal")
        .lifetime(Duration::from_secs(120))
        .build()?;
    let token = signer.sign(
        &TokenClaims::new()
            .subject("user-42")
            .claim("scope", "invoices:write")
            .claim("https://example.com/tenant", "acme"),
    )?;
    // A token is a credential: print its size, not its text.
    println!("1. signed an EdDSA token ({} bytes)", token.len());

    // 2. Publish the public key set (never any private member) from axum on 127.0.0.1.
    let jwks = signer.jwks();
    println!("2. JWKS: {jwks}");
    let app = axum::Router::new().route("/.well-known/jwks.json", get(move || async move { Json(jwks) }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    println!("   serving {base}/.well-known/jwks.json");

    // 3. A verifier for that issuer and audience, keys fetched from the JWKS URL.
    let verifier = JwtVerifier::builder()
        .issuer("https://orders.example.internal/")
        .audience("https://billing.example.internal")
        .algorithms(&[Algorithm::EdDSA])
        .jwks_url(format!("{base}/.well-known/jwks.json"))
        .build()?;
    let verified = verifier.verify_any(&token).await?;
    println!(
        "3. verified: alg {:?}, kid {:?}, sub {:?}, scopes {:?}, tenant {}, expires at {}",
        verified.algorithm,
        verified.key_id,
        verified.subject(),
        verified.claims.scopes,
        verified.custom["https://example.com/tenant"],
        verified.claims.exp,
    );

    // 4. A tampered token is refused with a typed error.
    let (head, _) = token.rsplit_once('.').ok_or("not a JWT")?;
    let forged = format!("{head}.{}", "A".repeat(86));
    match verifier.verify_any(&forged).await {
        Err(error) => println!("4. tampered token rejected: {error}"),
        Ok(_) => return Err("a tampered token verified".into()),
    }
    println!("   JWKS fetches: {}", verifier.jwks().fetch_count());

    server.abort();
    Ok(())
}
