//! [`WebAuth`]: the configuration of web sign-in, built once and shared by its routes,
//! extractors and layers.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use cookie::Key;

use super::error::WebConfigError;
use super::refresh_locks::RefreshLocks;
use super::store::SharedStore;
use super::transaction::CookieRules;
use crate::authentication::AuthenticationClient;

/// How `/logout` ends the session at Auth0 after ending it locally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum IdpLogout {
    /// OpenID Connect RP-initiated logout, `/oidc/logout` with `id_token_hint` and
    /// `post_logout_redirect_uri` (the default; Auth0's recommended endpoint).
    #[default]
    Oidc,
    /// Auth0's `/v2/logout` with `returnTo`.
    V2,
    /// Only the local session ends; the user stays signed in at Auth0 (a next login may
    /// succeed without a password).
    LocalOnly,
}

/// The routes web sign-in serves.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Paths {
    /// Starts a login (default `/login`).
    pub login: String,
    /// Auth0 redirects back here (default `/callback`); register `{app_url}{callback}` as an
    /// allowed callback URL.
    pub callback: String,
    /// Ends the session (default `/logout`).
    pub logout: String,
    /// Where the browser lands after logout (default `/`); register `{app_url}{post_logout}` as
    /// an allowed logout URL.
    pub post_logout: String,
    /// OpenID back-channel logout (default `/backchannel-logout`; `None` serves none).
    pub backchannel_logout: Option<String>,
}

impl Default for Paths {
    fn default() -> Self {
        Paths {
            login: "/login".into(),
            callback: "/callback".into(),
            logout: "/logout".into(),
            post_logout: "/".into(),
            backchannel_logout: Some("/backchannel-logout".into()),
        }
    }
}

/// Web sign-in for one Auth0 application: the `/login`, `/callback`, `/logout` and
/// back-channel logout routes, the [`SignedInUser`](super::SignedInUser) extractors and the
/// [`requires_auth`](super::requires_auth) layer. Cheap to clone.
///
/// ```no_run
/// use auth0_sdk::AuthenticationClient;
/// use auth0_sdk::web::{SignedInUser, WebAuth};
/// use axum::{Router, routing::get};
///
/// # fn app() -> Result<Router, Box<dyn std::error::Error>> {
/// let auth = AuthenticationClient::builder()
///     .domain("example.eu.auth0.com")
///     .client_id("CLIENT_ID")
///     .client_secret("CLIENT_SECRET")
///     .build()?;
/// let web = WebAuth::builder(auth, "https://app.example.com")
///     .cookie_key(&std::fs::read("cookie.key")?)? // 64+ bytes, the same on every server
///     .build()?;
/// let app = Router::new().route(
///     "/profile",
///     get(|user: SignedInUser| async move { format!("Hello {}", user.email().unwrap_or("")) }),
/// );
/// Ok(web.mount(app))
/// # }
/// ```
#[derive(Clone)]
pub struct WebAuth {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) auth: AuthenticationClient,
    /// `scheme://host[:port]`, no trailing slash.
    pub(crate) app_url: String,
    pub(crate) paths: Paths,
    pub(crate) scope: String,
    pub(crate) audience: Option<String>,
    pub(crate) organization: Option<String>,
    pub(crate) max_age: Option<Duration>,
    pub(crate) authorize_params: Vec<(String, String)>,
    pub(crate) idp_logout: IdpLogout,
    pub(crate) secure_cookies: bool,
    pub(crate) cookie_key: Key,
    pub(crate) store: SharedStore,
    pub(crate) session_cookie: String,
    pub(crate) idle_timeout: Duration,
    pub(crate) absolute_timeout: Duration,
    pub(crate) transaction_lifetime: Duration,
    pub(crate) refresh_leeway: Duration,
    pub(crate) refresh_locks: RefreshLocks,
}

impl fmt::Debug for WebAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.inner;
        f.debug_struct("WebAuth")
            .field("client_id", &c.auth.client_id())
            .field("app_url", &c.app_url)
            .field("paths", &c.paths)
            .field("scope", &c.scope)
            .field("organization", &c.organization)
            .field("idp_logout", &c.idp_logout)
            .field("secure_cookies", &c.secure_cookies)
            .field("cookie_key", &"[REDACTED]")
            .finish_non_exhaustive()
    }
}

impl WebAuth {
    /// Starts the configuration for the application served at `app_url` (its origin,
    /// `https://app.example.com`), signing users in with `auth` (a Regular Web Application's
    /// client id and secret; its ID-token validator checks the ID tokens and logout tokens).
    pub fn builder(auth: AuthenticationClient, app_url: impl Into<String>) -> WebAuthBuilder {
        WebAuthBuilder {
            auth,
            app_url: app_url.into(),
            paths: Paths::default(),
            scope: "openid profile email".into(),
            audience: None,
            organization: None,
            max_age: None,
            authorize_params: Vec::new(),
            idp_logout: IdpLogout::default(),
            secure_cookies: true,
            cookie_key: None,
            store: None,
            session_cookie: "auth0_session".into(),
            idle_timeout: Duration::from_secs(24 * 3600),
            absolute_timeout: Duration::from_secs(7 * 24 * 3600),
            transaction_lifetime: Duration::from_secs(600),
            refresh_leeway: Duration::from_secs(60),
        }
    }

    /// The Authentication API client used for code exchange, refresh and logout URLs.
    pub fn authentication(&self) -> &AuthenticationClient {
        &self.inner.auth
    }

    /// The routes served.
    pub fn paths(&self) -> &Paths {
        &self.inner.paths
    }

    /// `{app_url}{callback}`, the `redirect_uri` sent to `/authorize`.
    pub fn redirect_uri(&self) -> String {
        format!("{}{}", self.inner.app_url, self.inner.paths.callback)
    }

    /// The session store (shared with the session layer).
    pub fn store(&self) -> &SharedStore {
        &self.inner.store
    }

    pub(crate) fn issuer(&self) -> &str {
        self.inner.auth.id_token_validator().issuer()
    }

    pub(crate) fn cookie_rules(&self) -> CookieRules<'_> {
        CookieRules {
            key: &self.inner.cookie_key,
            secure: self.inner.secure_cookies,
            path: &self.inner.paths.callback,
            max_age_secs: self.inner.transaction_lifetime.as_secs(),
        }
    }
}

/// Builds a [`WebAuth`]; from [`WebAuth::builder`].
#[must_use]
pub struct WebAuthBuilder {
    auth: AuthenticationClient,
    app_url: String,
    paths: Paths,
    scope: String,
    audience: Option<String>,
    organization: Option<String>,
    max_age: Option<Duration>,
    authorize_params: Vec<(String, String)>,
    idp_logout: IdpLogout,
    secure_cookies: bool,
    cookie_key: Option<Key>,
    store: Option<SharedStore>,
    session_cookie: String,
    idle_timeout: Duration,
    absolute_timeout: Duration,
    transaction_lifetime: Duration,
    refresh_leeway: Duration,
}

impl fmt::Debug for WebAuthBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebAuthBuilder")
            .field("app_url", &self.app_url)
            .field("paths", &self.paths)
            .field("cookie_key", &self.cookie_key.as_ref().map(|_| "[REDACTED]"))
            .finish_non_exhaustive()
    }
}

impl WebAuthBuilder {
    /// Replaces all route paths.
    pub fn paths(mut self, paths: Paths) -> Self {
        self.paths = paths;
        self
    }

    /// The login route (default `/login`).
    pub fn login_path(mut self, path: impl Into<String>) -> Self {
        self.paths.login = path.into();
        self
    }

    /// The callback route (default `/callback`).
    pub fn callback_path(mut self, path: impl Into<String>) -> Self {
        self.paths.callback = path.into();
        self
    }

    /// The logout route (default `/logout`).
    pub fn logout_path(mut self, path: impl Into<String>) -> Self {
        self.paths.logout = path.into();
        self
    }

    /// Where to land after logout (default `/`).
    pub fn post_logout_path(mut self, path: impl Into<String>) -> Self {
        self.paths.post_logout = path.into();
        self
    }

    /// The back-channel logout route (default `/backchannel-logout`); `None` serves none.
    pub fn backchannel_logout_path(mut self, path: Option<String>) -> Self {
        self.paths.backchannel_logout = path;
        self
    }

    /// Scopes requested (default `openid profile email`; `openid` is added if missing). Add
    /// `offline_access` to get a refresh token and keep access tokens fresh.
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = scope.into();
        self
    }

    /// The API the access token is for.
    pub fn audience(mut self, audience: impl Into<String>) -> Self {
        self.audience = Some(audience.into());
        self
    }

    /// Signs users in to this organization (id `org_…` or name); the ID token must match.
    /// Without it, a login link may name one (`/login?organization=…&invitation=…`, as
    /// Auth0's invitation emails do), and the ID token must then match that one.
    pub fn organization(mut self, organization: impl Into<String>) -> Self {
        self.organization = Some(organization.into());
        self
    }

    /// `max_age`: the user must have authenticated this recently (checked on the ID token).
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = Some(max_age);
        self
    }

    /// Adds an `/authorize` parameter sent on every login (`connection`, `ui_locales`, your
    /// own for Actions…). `prompt` and `screen_hint` may also come per login from the login
    /// route's query.
    pub fn authorize_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.authorize_params.push((name.into(), value.into()));
        self
    }

    /// How logout ends the Auth0 session (default [`IdpLogout::Oidc`]).
    pub fn idp_logout(mut self, mode: IdpLogout) -> Self {
        self.idp_logout = mode;
        self
    }

    /// Whether cookies carry `Secure` (default true). Turning it off is allowed only for an
    /// `app_url` on a loopback host, for local development over plain http.
    pub fn secure_cookies(mut self, secure: bool) -> Self {
        self.secure_cookies = secure;
        self
    }

    /// The key encrypting the login-transaction cookie: at least 64 bytes of secret random
    /// data, the same on every server of a fleet (a login started on one may finish on
    /// another). Without one, a random key per process is used.
    pub fn cookie_key(mut self, key: &[u8]) -> Result<Self, WebConfigError> {
        let key = Key::try_from(key).map_err(|_| WebConfigError::CookieKeyTooShort(key.len()))?;
        self.cookie_key = Some(key);
        Ok(self)
    }

    /// The session store (default: in memory, one per [`WebAuth`]). For a fleet, a shared one:
    /// with the `redis` feature, `web::RedisStore`.
    pub fn session_store(mut self, store: impl tower_sessions::SessionStore) -> Self {
        self.store = Some(SharedStore::new(store));
        self
    }

    /// The session cookie's name (default `auth0_session`).
    pub fn session_cookie_name(mut self, name: impl Into<String>) -> Self {
        self.session_cookie = name.into();
        self
    }

    /// A session ends after this long without a request (default 24 h).
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = timeout;
        self
    }

    /// A session ends this long after sign-in however active (default 7 days).
    pub fn absolute_timeout(mut self, timeout: Duration) -> Self {
        self.absolute_timeout = timeout;
        self
    }

    /// How long a started login may take (default 10 minutes).
    pub fn login_timeout(mut self, timeout: Duration) -> Self {
        self.transaction_lifetime = timeout;
        self
    }

    /// Access tokens are refreshed this long before they expire (default 60 s).
    pub fn refresh_leeway(mut self, leeway: Duration) -> Self {
        self.refresh_leeway = leeway;
        self
    }

    /// Checks the configuration.
    pub fn build(self) -> Result<WebAuth, WebConfigError> {
        let app_url = check_app_url(&self.app_url)?;
        let loopback = url::Url::parse(&app_url)
            .ok()
            .and_then(|u| u.host().map(|h| is_loopback(&h.to_owned())))
            .unwrap_or(false);
        if (!self.secure_cookies || app_url.starts_with("http://")) && !loopback {
            return Err(WebConfigError::InsecureOffLoopback);
        }
        let p = &self.paths;
        for path in [&p.login, &p.callback, &p.logout, &p.post_logout]
            .into_iter()
            .chain(p.backchannel_logout.as_ref())
        {
            if !path.starts_with('/') || path.contains(['?', '#']) {
                return Err(WebConfigError::Path(path.clone()));
            }
        }
        if let Some((name, _)) = self
            .authorize_params
            .iter()
            .find(|(n, _)| RESERVED_PARAMS.contains(&n.as_str()))
        {
            return Err(WebConfigError::ReservedParam(name.clone()));
        }
        let mut scope = self.scope;
        if !scope.split_whitespace().any(|s| s == "openid") {
            scope = format!("openid {scope}").trim().to_owned();
        }
        Ok(WebAuth {
            inner: Arc::new(Inner {
                auth: self.auth,
                app_url,
                paths: self.paths,
                scope,
                audience: self.audience,
                organization: self.organization,
                max_age: self.max_age,
                authorize_params: self.authorize_params,
                idp_logout: self.idp_logout,
                secure_cookies: self.secure_cookies,
                cookie_key: self.cookie_key.unwrap_or_else(Key::generate),
                store: self
                    .store
                    .unwrap_or_else(|| SharedStore::new(tower_sessions::MemoryStore::default())),
                session_cookie: self.session_cookie,
                idle_timeout: self.idle_timeout,
                absolute_timeout: self.absolute_timeout,
                transaction_lifetime: self.transaction_lifetime,
                refresh_leeway: self.refresh_leeway,
                refresh_locks: RefreshLocks::default(),
            }),
        })
    }
}

/// `/authorize` parameters the sign-in sets itself (or has a setter for, whose value it must
/// know to check the ID token).
const RESERVED_PARAMS: &[&str] = &[
    "response_type",
    "response_mode",
    "client_id",
    "redirect_uri",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "scope",
    "audience",
    "organization",
    "max_age",
];

/// `scheme://host[:port]` of an http(s) URL with no path beyond `/`, query or fragment.
fn check_app_url(raw: &str) -> Result<String, WebConfigError> {
    let bad = || WebConfigError::AppUrl(raw.to_owned());
    let url = url::Url::parse(raw.trim()).map_err(|_| bad())?;
    let plain = matches!(url.scheme(), "http" | "https")
        && url.host().is_some()
        && url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none()
        && url.username().is_empty()
        && url.password().is_none();
    if !plain {
        return Err(bad());
    }
    Ok(url.origin().ascii_serialization())
}

fn is_loopback(host: &url::Host<String>) -> bool {
    match host {
        url::Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth() -> AuthenticationClient {
        AuthenticationClient::builder()
            .domain("t.auth0.com")
            .client_id("c")
            .build()
            .unwrap()
    }

    #[test]
    fn refuses_unsafe_configuration() {
        let build = |url: &str, secure: bool| WebAuth::builder(auth(), url).secure_cookies(secure).build();
        assert!(build("https://app.example.com", true).is_ok());
        assert!(build("http://127.0.0.1:3000", false).is_ok());
        assert!(build("http://localhost:3000/", false).is_ok());
        assert_eq!(
            build("http://app.example.com", true).unwrap_err(),
            WebConfigError::InsecureOffLoopback
        );
        assert_eq!(
            build("https://app.example.com", false).unwrap_err(),
            WebConfigError::InsecureOffLoopback
        );
        assert!(matches!(
            build("https://app.example.com/base", true),
            Err(WebConfigError::AppUrl(_))
        ));
        assert!(matches!(build("ftp://x", true), Err(WebConfigError::AppUrl(_))));
        assert_eq!(
            WebAuth::builder(auth(), "https://a.example")
                .cookie_key(&[0; 32])
                .unwrap_err(),
            WebConfigError::CookieKeyTooShort(32)
        );
        assert!(matches!(
            WebAuth::builder(auth(), "https://a.example")
                .login_path("login")
                .build(),
            Err(WebConfigError::Path(_))
        ));
        assert_eq!(
            WebAuth::builder(auth(), "https://a.example")
                .authorize_param("state", "x")
                .build()
                .unwrap_err(),
            WebConfigError::ReservedParam("state".into())
        );
        let web = WebAuth::builder(auth(), "https://a.example")
            .scope("email")
            .build()
            .unwrap();
        assert_eq!(web.inner.scope, "openid email");
        assert!(!format!("{web:?}").contains("Key("));
    }
}
