//! Authorization code with PKCE from the command line: prints the `/authorize` URL, reads
//! the `code` you paste back, exchanges it (validating the ID token) and shows the profile.
//!
//! ```sh
//! AUTH0_DOMAIN=example.eu.auth0.com AUTH0_CLIENT_ID=... \
//!   cargo run -p auth0-sdk --example auth_login
//! ```
//! The application must allow the callback `http://localhost:3000/callback`.

use auth0_sdk::authentication::AuthenticationClient;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (Ok(domain), Ok(client_id)) = (std::env::var("AUTH0_DOMAIN"), std::env::var("AUTH0_CLIENT_ID")) else {
        eprintln!("set AUTH0_DOMAIN and AUTH0_CLIENT_ID (a Native or SPA application) to run this example");
        return Ok(());
    };
    let redirect_uri = "http://localhost:3000/callback";
    let auth = AuthenticationClient::builder()
        .domain(domain)
        .client_id(client_id)
        .build()?;

    let login = auth
        .authorize_url(redirect_uri)
        .scope("openid profile email")
        .with_pkce()
        .with_state()
        .with_nonce()
        .build()?;
    println!(
        "Open this URL, log in, and paste the `code` from the redirect:\n\n{}\n",
        login.url
    );

    let mut code = String::new();
    std::io::stdin().read_line(&mut code)?;
    let tokens = auth
        .authorization_code(code.trim(), redirect_uri)
        .login_transaction(&login)
        .send()
        .await?;
    if let Some(claims) = &tokens.id_token_claims {
        println!("ID token valid for {} ({:?})", claims.sub, claims.email());
    }
    let me = auth.userinfo(&tokens.access_token).await?;
    println!("userinfo: {me:?}");
    println!(
        "logout: {}",
        auth.logout_url().return_to("http://localhost:3000/").build()?
    );
    Ok(())
}
