//! Extractors: [`SignedInUser`] (or `Option<SignedInUser>`) and [`UserTokens`].

use std::fmt;
use std::sync::Arc;

use axum::extract::{FromRequestParts, OptionalFromRequestParts, OriginalUri};
use axum::http::header::{ACCEPT, CACHE_CONTROL};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use secrecy::SecretString;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use tower_sessions::Session;

use super::config::WebAuth;
use super::current::current_login;
use super::error::WebAuthError;
use super::refresh::{needs_refresh, refresh};
use super::routes::redirect;
use super::session_data::{StoredLogin, unix_now};

/// The signed-in user of the request: the claims of the ID token they signed in with. A
/// handler taking it runs only for signed-in users; others get an [`AuthRejection`] (browsers
/// are sent to log in and come back, API calls get `401`). Take `Option<SignedInUser>` to serve
/// both.
///
/// ```no_run
/// use auth0_sdk::web::SignedInUser;
/// async fn profile(user: SignedInUser) -> String {
///     format!("{} ({})", user.name().unwrap_or("?"), user.sub())
/// }
/// async fn home(user: Option<SignedInUser>) -> &'static str {
///     if user.is_some() { "welcome back" } else { "hello, stranger" }
/// }
/// ```
#[derive(Clone)]
pub struct SignedInUser {
    login: Arc<StoredLogin>,
}

impl fmt::Debug for SignedInUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedInUser")
            .field("sub", &self.login.sub)
            .field("organization", &self.login.organization)
            .finish_non_exhaustive()
    }
}

impl SignedInUser {
    /// The user id (`sub`).
    pub fn sub(&self) -> &str {
        &self.login.sub
    }

    /// Auth0's session id (`sid`), when the ID token had one.
    pub fn sid(&self) -> Option<&str> {
        self.login.sid.as_deref()
    }

    /// The organization signed in to (`org_id`), if any.
    pub fn organization(&self) -> Option<&str> {
        self.login.organization.as_deref()
    }

    /// Every claim of the ID token.
    pub fn claims(&self) -> &Map<String, Value> {
        &self.login.claims
    }

    /// One claim converted to `T`; `None` if absent or of another type.
    pub fn claim<T: DeserializeOwned>(&self, name: &str) -> Option<T> {
        self.login
            .claims
            .get(name)
            .and_then(|v| serde_json::from_value(v.clone()).ok())
    }

    /// The `email` claim.
    pub fn email(&self) -> Option<&str> {
        self.login.claims.get("email").and_then(Value::as_str)
    }

    /// The `name` claim.
    pub fn name(&self) -> Option<&str> {
        self.login.claims.get("name").and_then(Value::as_str)
    }

    /// When the user signed in (seconds since the epoch).
    pub fn signed_in_at(&self) -> u64 {
        self.login.signed_in_at
    }
}

/// Why a request without a (valid) sign-in was refused.
#[derive(Debug)]
#[non_exhaustive]
pub enum AuthRejection {
    /// A browser navigation: `302` to the login route, coming back to this page afterwards.
    Login {
        /// The login URL (path and query).
        location: String,
    },
    /// Any other request (API calls, `fetch`, non-GET): `401`.
    Unauthorized,
    /// Web sign-in failed (not mounted, the session store failed, a refresh failed).
    Failed(WebAuthError),
}

impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        match self {
            AuthRejection::Login { location } => redirect(&location).unwrap_or_else(IntoResponse::into_response),
            AuthRejection::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                [(CACHE_CONTROL, "no-store")],
                "sign in required",
            )
                .into_response(),
            AuthRejection::Failed(error) => error.into_response(),
        }
    }
}

impl From<WebAuthError> for AuthRejection {
    fn from(error: WebAuthError) -> Self {
        AuthRejection::Failed(error)
    }
}

/// The configuration and session that `WebAuth::mount` put in the request.
fn mounted(parts: &Parts) -> Result<(WebAuth, Session), WebAuthError> {
    let web = parts
        .extensions
        .get::<WebAuth>()
        .cloned()
        .ok_or(WebAuthError::NotMounted)?;
    let session = parts
        .extensions
        .get::<Session>()
        .cloned()
        .ok_or(WebAuthError::NotMounted)?;
    Ok((web, session))
}

/// A browser navigation (GET/HEAD asking for HTML) is sent to log in; anything else gets 401.
fn sign_in_required(parts: &Parts, web: &WebAuth) -> AuthRejection {
    let wants_html = parts
        .headers
        .get_all(ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("text/html"));
    if !(wants_html && matches!(parts.method, Method::GET | Method::HEAD)) {
        return AuthRejection::Unauthorized;
    }
    // Nested routers see a shortened URI; come back to the one the browser asked for.
    let uri = parts.extensions.get::<OriginalUri>().map_or(&parts.uri, |o| &o.0);
    let here = uri.path_and_query().map_or("/", |pq| pq.as_str());
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("return_to", here)
        .finish();
    AuthRejection::Login {
        location: format!("{}?{query}", web.paths().login),
    }
}

impl<S: Send + Sync> FromRequestParts<S> for SignedInUser {
    type Rejection = AuthRejection;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        if let Some(user) = parts.extensions.get::<SignedInUser>() {
            return Ok(user.clone());
        }
        let (web, session) = mounted(parts)?;
        match current_login(&web, &session).await? {
            Some(login) => {
                let user = SignedInUser { login: Arc::new(login) };
                parts.extensions.insert(user.clone());
                Ok(user)
            }
            None => Err(sign_in_required(parts, &web)),
        }
    }
}

impl<S: Send + Sync> OptionalFromRequestParts<S> for SignedInUser {
    type Rejection = WebAuthError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Option<Self>, Self::Rejection> {
        match <SignedInUser as FromRequestParts<S>>::from_request_parts(parts, state).await {
            Ok(user) => Ok(Some(user)),
            Err(AuthRejection::Failed(error)) => Err(error),
            Err(_) => Ok(None),
        }
    }
}

/// The signed-in user's tokens, for calling APIs: the access token is refreshed with the refresh
/// token (scope `offline_access`) when it expires within the refresh leeway. Without a refresh
/// token, an expired access token means signing in again; so does a refresh token Auth0 no
/// longer accepts (`invalid_grant`: revoked, expired), and the session ends. `Debug` shows no token.
#[derive(Clone)]
pub struct UserTokens {
    access_token: SecretString,
    id_token: SecretString,
    expires_at: Option<u64>,
    scope: Option<String>,
}

impl fmt::Debug for UserTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserTokens")
            .field("access_token", &"[REDACTED]")
            .field("id_token", &"[REDACTED]")
            .field("expires_at", &self.expires_at)
            .field("scope", &self.scope)
            .finish()
    }
}

impl UserTokens {
    /// The access token (send it as `Authorization: Bearer …`).
    pub fn access_token(&self) -> &SecretString {
        &self.access_token
    }

    /// The ID token.
    pub fn id_token(&self) -> &SecretString {
        &self.id_token
    }

    /// When the access token expires (seconds since the epoch), if known.
    pub fn expires_at(&self) -> Option<u64> {
        self.expires_at
    }

    /// The granted scopes.
    pub fn scope(&self) -> Option<&str> {
        self.scope.as_deref()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for UserTokens {
    type Rejection = AuthRejection;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let (web, session) = mounted(parts)?;
        let Some(mut login) = current_login(&web, &session).await? else {
            return Err(sign_in_required(parts, &web));
        };
        if needs_refresh(&web, &login) {
            if login.refresh_token.is_some() {
                login = match refresh(&web, &session, login).await {
                    Ok(login) => login,
                    // Revoked or expired: the session cannot get tokens any more; sign in again.
                    Err(WebAuthError::Refresh(e)) if e.is_oauth_error("invalid_grant") => {
                        session.flush().await.map_err(WebAuthError::session)?;
                        return Err(sign_in_required(parts, &web));
                    }
                    Err(e) => return Err(e.into()),
                };
            } else if login.expires_at.is_some_and(|at| unix_now() >= at) {
                return Err(sign_in_required(parts, &web));
            }
        }
        Ok(UserTokens {
            access_token: SecretString::from(login.access_token),
            id_token: SecretString::from(login.id_token),
            expires_at: login.expires_at,
            scope: login.scope,
        })
    }
}
