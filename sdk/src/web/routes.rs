//! The routes: `/login`, `/callback`, `/logout`, and mounting them with the session layer.

use axum::http::header::{CACHE_CONTROL, LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router, extract::Query};
use secrecy::ExposeSecret;
use serde::Deserialize;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, Session, SessionManagerLayer};

use super::backchannel::backchannel_logout;
use super::config::{IdpLogout, WebAuth};
use super::current::save_login;
use super::error::WebAuthError;
use super::return_to::check_return_to;
use super::session_data::{SESSION_KEY, StoredLogin, unix_now};
use super::store::SharedStore;
use super::transaction::LoginTransaction;
use crate::authentication::{Pkce, random_nonce, random_state};
use crate::jwt::IdTokenExpectations;

impl WebAuth {
    /// Mounts web sign-in on `app`: adds the login, callback, logout and back-channel logout
    /// routes, and the session layer (with this configuration) around everything, so
    /// [`SignedInUser`](super::SignedInUser) works in every handler of `app`.
    pub fn mount<S: Clone + Send + Sync + 'static>(&self, app: Router<S>) -> Router<S> {
        app.merge(self.routes())
            .layer(Extension(self.clone()))
            .layer(self.session_layer())
    }

    /// Only the routes (for apps that apply [`session_layer`](Self::session_layer) and
    /// `Extension(web)` themselves, e.g. around several routers).
    pub fn routes<S: Clone + Send + Sync + 'static>(&self) -> Router<S> {
        let p = &self.inner.paths;
        let router = Router::new()
            .route(&p.login, get(login))
            .route(&p.callback, get(callback))
            .route(&p.logout, get(logout).post(logout));
        match &p.backchannel_logout {
            Some(path) => router.route(path, post(backchannel_logout)),
            None => router,
        }
    }

    /// The tower-sessions layer with this configuration's store and cookie settings: cookie
    /// `HttpOnly`, `SameSite=Lax`, `Secure` unless turned off for loopback, expiring after the
    /// idle timeout.
    pub fn session_layer(&self) -> SessionManagerLayer<SharedStore> {
        let c = &self.inner;
        let idle = time::Duration::seconds(i64::try_from(c.idle_timeout.as_secs()).unwrap_or(i64::MAX / 2));
        SessionManagerLayer::new(c.store.clone())
            .with_name(c.session_cookie.clone())
            .with_http_only(true)
            .with_secure(c.secure_cookies)
            .with_same_site(SameSite::Lax)
            .with_path("/")
            .with_expiry(Expiry::OnInactivity(idle))
    }
}

/// Per-login options from the login link's query.
#[derive(Debug, Default, Deserialize)]
struct LoginQuery {
    return_to: Option<String>,
    prompt: Option<String>,
    screen_hint: Option<String>,
    login_hint: Option<String>,
    ui_locales: Option<String>,
    organization: Option<String>,
    invitation: Option<String>,
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.is_empty())
}

async fn login(Extension(web): Extension<WebAuth>, Query(q): Query<LoginQuery>) -> Result<Response, WebAuthError> {
    let c = &web.inner;
    let return_to = non_empty(q.return_to).map(|r| check_return_to(&r)).transpose()?;
    let organization = match (&c.organization, non_empty(q.organization)) {
        (Some(configured), Some(asked)) if *configured != asked => return Err(WebAuthError::OrganizationMismatch),
        (Some(configured), _) => Some(configured.clone()),
        (None, asked) => asked,
    };
    let (state, nonce, pkce) = (random_state(), random_nonce(), Pkce::generate());
    let mut url = c.auth.authorize_url(web.redirect_uri()).scope(&c.scope);
    for (name, value) in &c.authorize_params {
        url = url.param(name, value);
    }
    let per_login = [
        ("prompt", q.prompt),
        ("screen_hint", q.screen_hint),
        ("login_hint", q.login_hint),
        ("ui_locales", q.ui_locales),
        ("invitation", q.invitation),
    ];
    for (name, value) in per_login {
        if let Some(value) = non_empty(value) {
            url = url.param(name, value);
        }
    }
    if let Some(audience) = &c.audience {
        url = url.audience(audience);
    }
    if let Some(max_age) = c.max_age {
        url = url.max_age(max_age);
    }
    if let Some(org) = &organization {
        url = url.organization(org);
    }
    let code_verifier = pkce.verifier().to_owned();
    let built = url
        .state(state.clone())
        .nonce(nonce.clone())
        .pkce(pkce)
        .build()
        .map_err(WebAuthError::Url)?;
    let transaction = LoginTransaction {
        state,
        nonce,
        code_verifier,
        return_to,
        organization,
        max_age: c.max_age.map(|d| d.as_secs()),
        created: unix_now(),
    };
    let cookie = transaction.seal(&web.cookie_rules());
    let mut response = redirect(built.url.as_str())?;
    let cookie = HeaderValue::from_str(&cookie)
        .map_err(|_| WebAuthError::Url(crate::Error::invalid_request("the login cookie is not a valid header")))?;
    response.headers_mut().append(SET_COOKIE, cookie);
    Ok(response)
}

/// What Auth0 sends back.
#[derive(Debug, Default, Deserialize)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

async fn callback(
    Extension(web): Extension<WebAuth>,
    session: Session,
    headers: HeaderMap,
    Query(q): Query<CallbackQuery>,
) -> Response {
    let mut response = match finish_login(&web, &session, &headers, q).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    };
    // The transaction is spent whatever happened: a replayed callback finds none.
    if let Ok(clear) = HeaderValue::from_str(&LoginTransaction::clear(&web.cookie_rules())) {
        response.headers_mut().append(SET_COOKIE, clear);
    }
    response
}

async fn finish_login(
    web: &WebAuth,
    session: &Session,
    headers: &HeaderMap,
    q: CallbackQuery,
) -> Result<Response, WebAuthError> {
    let c = &web.inner;
    let txn = LoginTransaction::open(&c.cookie_key, headers).ok_or(WebAuthError::NoLoginTransaction)?;
    if unix_now() > txn.created.saturating_add(c.transaction_lifetime.as_secs()) {
        return Err(WebAuthError::LoginExpired);
    }
    let state = q.state.ok_or(WebAuthError::StateMismatch)?;
    if !constant_time_eq(state.as_bytes(), txn.state.as_bytes()) {
        return Err(WebAuthError::StateMismatch);
    }
    if let Some(error) = q.error {
        let error: String = error
            .chars()
            .filter(|ch| ch.is_ascii_lowercase() || *ch == '_')
            .take(64)
            .collect();
        return Err(WebAuthError::Authorization { error });
    }
    let code = non_empty(q.code).ok_or(WebAuthError::MissingCode)?;
    let mut expect = IdTokenExpectations::new().with_nonce(txn.nonce);
    if let Some(org) = &txn.organization {
        expect = expect.with_organization(org);
    }
    if let Some(max_age) = txn.max_age {
        expect = expect.with_max_age(std::time::Duration::from_secs(max_age));
    }
    let tokens = c
        .auth
        .authorization_code(code, web.redirect_uri())
        .code_verifier(txn.code_verifier)
        .expectations(expect)
        .send()
        .await
        .map_err(WebAuthError::Exchange)?;
    let (Some(claims), Some(id_token)) = (tokens.id_token_claims, tokens.id_token) else {
        return Err(WebAuthError::MissingIdToken);
    };
    let now = unix_now();
    let login = StoredLogin {
        sub: claims.sub,
        sid: claims.sid,
        organization: claims.org_id.or(txn.organization),
        claims: claims.all,
        id_token: id_token.expose_secret().to_owned(),
        access_token: tokens.access_token.expose_secret().to_owned(),
        refresh_token: tokens.refresh_token.map(|t| t.expose_secret().to_owned()),
        expires_at: tokens.expires_in.map(|s| now.saturating_add(s)),
        scope: tokens.scope,
        signed_in_at: now,
    };
    // A new session id at sign-in: an id planted in the browser before (session fixation)
    // is worthless after.
    session.cycle_id().await.map_err(WebAuthError::session)?;
    save_login(session, &login).await?;
    redirect(txn.return_to.as_deref().unwrap_or("/"))
}

async fn logout(Extension(web): Extension<WebAuth>, session: Session) -> Result<Response, WebAuthError> {
    let c = &web.inner;
    let login = session
        .get_value(SESSION_KEY)
        .await
        .ok()
        .flatten()
        .and_then(|v| serde_json::from_value::<StoredLogin>(v).ok());
    session.flush().await.map_err(WebAuthError::session)?;
    let back = format!("{}{}", c.app_url, c.paths.post_logout);
    let location = match c.idp_logout {
        IdpLogout::Oidc => {
            let mut url = c.auth.oidc_logout_url().post_logout_redirect_uri(back);
            if let Some(login) = &login {
                url = url.id_token_hint(&login.id_token);
            }
            url.build().map_err(WebAuthError::Url)?.to_string()
        }
        IdpLogout::V2 => c
            .auth
            .logout_url()
            .return_to(back)
            .build()
            .map_err(WebAuthError::Url)?
            .to_string(),
        IdpLogout::LocalOnly => c.paths.post_logout.clone(),
    };
    redirect(&location)
}

/// `302 Found` to `location`, never cached.
pub(crate) fn redirect(location: &str) -> Result<Response, WebAuthError> {
    let location = HeaderValue::from_str(location)
        .map_err(|_| WebAuthError::Url(crate::Error::invalid_request("a redirect URL is not a valid header")))?;
    Ok((
        StatusCode::FOUND,
        [
            (LOCATION, location),
            (CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
    )
        .into_response())
}

/// Compares without an early exit, so timing reveals nothing about how much of a guess matched.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
