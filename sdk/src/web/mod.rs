//! Signing users in to a web app (feature `axum`): what `passport-auth0` and
//! `express-openid-connect` do for Node.
//!
//! [`WebAuth::mount`] adds to an axum router:
//!
//! - `GET /login[?return_to=/path]`: redirects to `/authorize` with a fresh `state`, `nonce` and
//!   PKCE challenge, kept in a short-lived cookie encrypted and authenticated with the cookie key
//!   (`HttpOnly`, `SameSite=Lax`, `Secure`, sent only to the callback). `return_to` must be a
//!   path on this site. `prompt`, `screen_hint`, `login_hint`, `ui_locales`, `organization` and
//!   `invitation` pass through to `/authorize`.
//! - `GET /callback`: checks `state` against the cookie, exchanges the code with the verifier,
//!   validates the ID token (signature, issuer, audience, expiry, nonce, organization), rotates
//!   the session id and stores the login server-side; the cookie is spent either way, so a
//!   replayed callback is refused.
//! - `GET|POST /logout`: ends the local session, then Auth0's (`/oidc/logout` by default).
//! - `POST /backchannel-logout`: OpenID back-channel logout; the sessions the logout token names
//!   end on every server sharing the store.
//! - a tower-sessions session layer (in memory by default; [`RedisStore`] with the `redis`
//!   feature for fleets).
//!
//! Handlers take [`SignedInUser`] (or `Option<SignedInUser>`) and [`UserTokens`]; routes can be
//! guarded with [`requires_auth`].
//!
//! ```no_run
//! use auth0_sdk::AuthenticationClient;
//! use auth0_sdk::web::{SignedInUser, UserTokens, WebAuth};
//! use axum::{Router, routing::get};
//! use secrecy::ExposeSecret;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let auth = AuthenticationClient::builder()
//!     .domain("example.eu.auth0.com")
//!     .client_id("CLIENT_ID")
//!     .client_secret("CLIENT_SECRET")
//!     .build()?;
//! let web = WebAuth::builder(auth, "https://app.example.com")
//!     .scope("openid profile email offline_access")
//!     .audience("https://api.example.com")
//!     .build()?;
//! let app = Router::new()
//!     .route("/", get(|user: Option<SignedInUser>| async move {
//!         match user { Some(u) => format!("hi {}", u.sub()), None => "<a href=/login>log in</a>".into() }
//!     }))
//!     .route("/orders", get(|tokens: UserTokens| async move {
//!         // Call your API with a fresh access token.
//!         tokens.access_token().expose_secret().len().to_string()
//!     }));
//! let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await?;
//! axum::serve(listener, web.mount(app)).await?;
//! # Ok(()) }
//! ```

mod backchannel;
mod config;
mod current;
mod error;
mod extract;
mod refresh;
mod refresh_locks;
mod require;
mod return_to;
mod routes;
mod session_data;
mod store;
mod transaction;

pub use config::{IdpLogout, Paths, WebAuth, WebAuthBuilder};
pub use error::{WebAuthError, WebConfigError};
pub use extract::{AuthRejection, SignedInUser, UserTokens};
pub use require::requires_auth;
pub use store::SharedStore;
/// The session crate, for writing or inspecting stores (`session::{Id, Record}`).
pub use tower_sessions;
pub use tower_sessions::{MemoryStore, SessionStore};
/// The Redis session store (tower-sessions-redis-store) and its client crate, for fleets:
/// `RedisStore::new(redis.fred_client()?)` on the same
/// [`RedisConnection`](crate::runtime::redis::RedisConnection) as the token cache and rate
/// governor (or on a `fred` pool of your own), given to [`WebAuthBuilder::session_store`].
#[cfg(feature = "redis")]
pub use tower_sessions_redis_store::{RedisStore, fred};
