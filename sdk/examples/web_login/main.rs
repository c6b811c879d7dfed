//! Signing users in to an axum web app, against an in-process local Auth0 tenant.
//!
//! ```sh
//! cargo run -p auth0-sdk --features axum --example web_login
//! ```
//!
//! Open the printed URL, visit the profile page, log in on the tenant's login page with the
//! printed email and password, and log out. It runs until Ctrl-C; with `--smoke` (or
//! `WEB_LOGIN_SMOKE=1`) it checks that the site answers and exits. `WEB_LOGIN_PORT` picks the
//! port (default 3000; 0 for any free one).

mod app;

use std::error::Error;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error + Send + Sync>> {
    let port = match std::env::var("WEB_LOGIN_PORT") {
        Ok(p) => p.parse()?,
        Err(_) => 3000,
    };
    let smoke = std::env::args().any(|a| a == "--smoke") || std::env::var_os("WEB_LOGIN_SMOKE").is_some();
    let demo = app::start(app::Options {
        port,
        ..Default::default()
    })
    .await?;
    let user = &demo.tenant.users()[0];
    println!("web_login example");
    println!("  site:          {}/", demo.app_url);
    println!("  profile:       {}/profile (behind login)", demo.app_url);
    println!("  callback:      {}", demo.web.redirect_uri());
    println!(
        "  local tenant:  {}/ (login page at /authorize)",
        demo.tenant.base_url()
    );
    println!("  sign in as:    {} / {}", user.email, user.password);
    println!("  blocked user:  {} / {}", app::BLOCKED_EMAIL, app::BLOCKED_PASSWORD);
    if smoke {
        let home = reqwest::get(format!("{}/", demo.app_url)).await?;
        let login = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()?
            .get(format!("{}/login", demo.app_url))
            .send()
            .await?;
        println!(
            "smoke check: GET / -> {}, GET /login -> {}",
            home.status(),
            login.status()
        );
        if !home.status().is_success() || login.status() != 302 {
            return Err("the site did not answer as expected".into());
        }
        return Ok(());
    }
    println!("Ctrl-C to stop.");
    tokio::signal::ctrl_c().await?;
    Ok(())
}
