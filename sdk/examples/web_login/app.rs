//! The `web_login` example's site, shared with the browser test (`tests/suite/web_browser.rs`)
//! so the test drives exactly what the example serves: a local Auth0 tenant with a login page,
//! and a small site on `127.0.0.1` with a home page, a profile page behind login, logout, and
//! two JSON routes for API-style callers.

use std::error::Error;
use std::time::Duration;

use auth0_local_tenant::{LocalTenant, SeedClient, SeedUser};
use auth0_sdk::AuthenticationClient;
use auth0_sdk::web::{SignedInUser, UserTokens, WebAuth, requires_auth};
use axum::response::Html;
use axum::routing::get;
use axum::{Json, Router, middleware};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// The demo application registered in the local tenant.
pub const CLIENT_ID: &str = "web-login-example";
/// Its secret (a demo value for the in-process tenant only).
pub const CLIENT_SECRET: &str = "web-login-example-secret-0123456789abcdefghijklmnopqrstuvwxyz0123";
/// A seeded user who is blocked: the login page refuses them.
pub const BLOCKED_EMAIL: &str = "blocked@example.com";
/// The blocked user's password.
pub const BLOCKED_PASSWORD: &str = "Blocked-Passw0rd!";

/// How to start the demo.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site's port (0: any free port).
    pub port: u16,
    /// Lifetime of the tenant's tokens (short ones exercise refresh).
    pub token_lifetime: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            port: 0,
            token_lifetime: Duration::from_secs(3600),
        }
    }
}

/// The running tenant and site; dropping it stops both.
pub struct Demo {
    /// The local Auth0 tenant.
    pub tenant: LocalTenant,
    /// `http://127.0.0.1:PORT` of the site.
    pub app_url: String,
    /// The site's web sign-in configuration.
    pub web: WebAuth,
    server: JoinHandle<()>,
}

impl Drop for Demo {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Starts the tenant and the site.
pub async fn start(options: Options) -> Result<Demo, Box<dyn Error + Send + Sync>> {
    // Bind first: the tenant must know the callback URL, which has the site's port.
    let listener = TcpListener::bind(("127.0.0.1", options.port)).await?;
    let app_url = format!("http://{}", listener.local_addr()?);
    let tenant = LocalTenant::builder()
        .token_lifetime(options.token_lifetime)
        .client(
            SeedClient::new(CLIENT_ID, CLIENT_SECRET)
                .name("web_login example")
                .callback(format!("{app_url}/callback")),
        )
        .user(
            SeedUser::new(BLOCKED_EMAIL, BLOCKED_PASSWORD)
                .name("Blocked User")
                .blocked(),
        )
        .start()
        .await?;
    let auth = AuthenticationClient::builder()
        .base_url(tenant.base_url())
        .client_id(CLIENT_ID)
        .client_secret(CLIENT_SECRET)
        .build()?;
    let web = WebAuth::builder(auth, app_url.clone())
        .scope("openid profile email offline_access")
        // Plain http on loopback only: the builder refuses this anywhere else.
        .secure_cookies(false)
        .build()?;
    let app = web.mount(site());
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok(Demo {
        tenant,
        app_url,
        web,
        server,
    })
}

/// The site's own routes; [`WebAuth::mount`] adds `/login`, `/callback`, `/logout` and
/// `/backchannel-logout`.
pub fn site() -> Router {
    let private = Router::new()
        .route("/profile", get(profile))
        .route_layer(middleware::from_fn(requires_auth));
    Router::new()
        .route("/", get(home))
        .route("/api/me", get(api_me))
        .route("/api/token", get(api_token))
        .merge(private)
}

async fn home(user: Option<SignedInUser>) -> Html<String> {
    let body = match user {
        Some(user) => format!(
            r#"<p id="greeting">Signed in as {}.</p>
<p><a id="profile" href="/profile">Profile</a> · <a id="logout" href="/logout">Log out</a></p>"#,
            escape(user.email().unwrap_or(user.sub()))
        ),
        None => r#"<p id="greeting">You are not signed in.</p>
<p><a id="login" href="/login">Log in</a> · <a id="profile" href="/profile">Profile</a></p>"#
            .to_owned(),
    };
    page("Home", &body)
}

async fn profile(user: SignedInUser) -> Html<String> {
    let claims = serde_json::to_string_pretty(user.claims()).unwrap_or_default();
    let body = format!(
        r#"<p>Signed in as <strong id="email">{}</strong> (<span id="name">{}</span>).</p>
<p><a id="home" href="/">Home</a> · <a id="logout" href="/logout">Log out</a></p>
<h2>ID token claims</h2>
<pre id="claims">{}</pre>"#,
        escape(user.email().unwrap_or("")),
        escape(user.name().unwrap_or("")),
        escape(&claims)
    );
    page("Profile", &body)
}

/// For API-style callers: `401` without a session (never a redirect).
async fn api_me(user: SignedInUser) -> Json<Value> {
    Json(json!({"sub": user.sub(), "sid": user.sid(), "email": user.email(), "org_id": user.organization()}))
}

/// What the session's access token is, without showing it: refreshed when close to expiry.
async fn api_token(tokens: UserTokens) -> Json<Value> {
    Json(json!({"expires_at": tokens.expires_at(), "scope": tokens.scope()}))
}

fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title} | web_login</title>
<style>body{{font-family:sans-serif;max-width:40rem;margin:3rem auto}}pre{{background:#f4f4f4;padding:1rem}}</style>
</head><body><h1>{title}</h1>
{body}
</body></html>"#
    ))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
