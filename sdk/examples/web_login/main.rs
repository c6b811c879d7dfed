//! Signing users in to an axum web app, against an in-process local Auth0 tenant.
//!
//! ```sh
//! cargo run -p auth0-sdk --features axum --example web_login
//! ```
//!
//! Open the printed URL, visit the profile page, log in on the tenant's login page with the
//! printed email and password, and log out. It runs until Ctrl-C; with `--smoke` (or
//! `WEB_LOGIN_SMOKE=1`) it signs in once through the login page as a browser would, and exits. `WEB_LOGIN_PORT` picks the
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
        smoke_check(&demo).await?;
        return Ok(());
    }
    println!("Ctrl-C to stop.");
    tokio::signal::ctrl_c().await?;
    Ok(())
}

/// What a browser does, step by step: `/profile` → `/login` → the tenant's login page → its
/// form posted → `/callback` → `/profile`, carrying the cookies each step sets.
async fn smoke_check(demo: &app::Demo) -> Result<(), Box<dyn Error + Send + Sync>> {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let user = &demo.tenant.users()[0];
    let mut cookies: Vec<String> = Vec::new();
    let keep = |response: &reqwest::Response, cookies: &mut Vec<String>| {
        for set in response.headers().get_all("set-cookie") {
            let pair = set.to_str().unwrap_or_default().split(';').next().unwrap_or_default();
            let name = pair.split('=').next().unwrap_or_default().to_owned();
            cookies.retain(|c| !c.starts_with(&format!("{name}=")));
            cookies.push(pair.to_owned());
        }
    };
    let location = |response: &reqwest::Response| -> Result<String, Box<dyn Error + Send + Sync>> {
        Ok(response
            .headers()
            .get("location")
            .ok_or("expected a redirect")?
            .to_str()?
            .to_owned())
    };
    let profile = http
        .get(format!("{}/profile", demo.app_url))
        .header("accept", "text/html")
        .send()
        .await?;
    let login = http
        .get(format!("{}{}", demo.app_url, location(&profile)?))
        .send()
        .await?;
    keep(&login, &mut cookies);
    let authorize = url::Url::parse(&location(&login)?)?;
    let page = http.get(authorize.clone()).send().await?;
    println!("smoke: {} (login page {})", authorize.path(), page.status());
    let mut form: Vec<(String, String)> = authorize.query_pairs().into_owned().collect();
    form.push(("email".into(), user.email.clone()));
    form.push(("password".into(), user.password.clone()));
    let posted = http
        .post(format!("{}/authorize", demo.tenant.base_url()))
        .form(&form)
        .send()
        .await?;
    let callback = http
        .get(location(&posted)?)
        .header("cookie", cookies.join("; "))
        .send()
        .await?;
    keep(&callback, &mut cookies);
    let back = location(&callback)?;
    let signed_in = http
        .get(format!("{}{back}", demo.app_url))
        .header("cookie", cookies.join("; "))
        .send()
        .await?;
    let status = signed_in.status();
    let body = signed_in.text().await?;
    println!(
        "smoke: {back} -> {status}, signed in as {}: {}",
        user.email,
        body.contains(&user.email)
    );
    if !status.is_success() || !body.contains(&user.email) {
        return Err("the smoke sign-in did not reach the profile page".into());
    }
    Ok(())
}
