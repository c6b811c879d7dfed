//! axum extractors for bearer access tokens (feature `axum`).
//!
//! The router state must hold a [`JwtVerifier`] (or implement `FromRef` for one).
//! [`BearerToken`] verifies the `Authorization: Bearer …` token; [`Authorized`] also demands
//! the scopes and permissions of a [`Requirement`]. Failures answer as RFC 6750 §3 says:
//!
//! | situation | status | `WWW-Authenticate` |
//! | --- | --- | --- |
//! | no bearer token | 401 | `Bearer realm="…"` |
//! | malformed `Authorization` header | 400 | `Bearer realm="…", error="invalid_request"` |
//! | token rejected | 401 | `Bearer realm="…", error="invalid_token", error_description="…"` |
//! | scopes or permissions missing | 403 | `Bearer realm="…", error="insufficient_scope", scope="…"` |
//! | signing keys unavailable | 503 | none |
//!
//! ```no_run
//! use auth0_sdk::jwt::JwtVerifier;
//! use auth0_sdk::jwt::axum::{Authorized, BearerToken, Requirement};
//! use axum::{Router, routing::get};
//!
//! struct ReadMessages;
//! impl Requirement for ReadMessages {
//!     const SCOPES: &'static [&'static str] = &["read:messages"];
//! }
//!
//! async fn me(token: BearerToken) -> String {
//!     format!("hello {}", token.subject().unwrap_or("?"))
//! }
//! async fn messages(_auth: Authorized<ReadMessages>) -> &'static str {
//!     "[]"
//! }
//!
//! let verifier = JwtVerifier::for_auth0("example.eu.auth0.com", "https://api.example.com");
//! let app: Router = Router::new()
//!     .route("/me", get(me))
//!     .route("/messages", get(messages))
//!     .with_state(verifier);
//! ```

use std::marker::PhantomData;
use std::ops::Deref;

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use super::error::JwtError;
use super::verified::{AnyClaims, GrantKind, InsufficientScope, VerifiedToken};
use super::verifier::JwtVerifier;

/// A verified bearer token; dereferences to [`VerifiedToken`].
#[derive(Debug, Clone)]
pub struct BearerToken<C = AnyClaims>(pub VerifiedToken<C>);

impl<C> Deref for BearerToken<C> {
    type Target = VerifiedToken<C>;
    fn deref(&self) -> &VerifiedToken<C> {
        &self.0
    }
}

/// The scopes and permissions an endpoint requires, as a type for [`Authorized`].
pub trait Requirement {
    /// OAuth scopes that must all be in the token's `scope`.
    const SCOPES: &'static [&'static str] = &[];
    /// Auth0 RBAC permissions that must all be in the token's `permissions`.
    const PERMISSIONS: &'static [&'static str] = &[];
}

/// A verified bearer token that has every scope and permission `R` requires; dereferences to
/// [`VerifiedToken`].
pub struct Authorized<R, C = AnyClaims> {
    /// The verified token.
    pub token: VerifiedToken<C>,
    requirement: PhantomData<fn() -> R>,
}

impl<R, C: std::fmt::Debug> std::fmt::Debug for Authorized<R, C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authorized").field("token", &self.token).finish()
    }
}

impl<R, C> Deref for Authorized<R, C> {
    type Target = VerifiedToken<C>;
    fn deref(&self) -> &VerifiedToken<C> {
        &self.token
    }
}

/// Why a request was not authenticated or not authorized; answers per RFC 6750.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum AuthRejection {
    /// No bearer token was sent (401, challenge without error code).
    MissingToken {
        /// The challenge realm.
        realm: String,
    },
    /// The `Authorization` header is malformed (400, `invalid_request`).
    InvalidRequest {
        /// The challenge realm.
        realm: String,
    },
    /// The token was rejected (401, `invalid_token`).
    InvalidToken {
        /// The challenge realm.
        realm: String,
        /// Why.
        error: JwtError,
    },
    /// The token lacks required scopes or permissions (403, `insufficient_scope`).
    InsufficientScope {
        /// The challenge realm.
        realm: String,
        /// What is missing.
        error: InsufficientScope,
    },
    /// The signing keys could not be fetched (503): the token may well be valid.
    KeysUnavailable {
        /// The key-set failure.
        error: JwtError,
    },
}

impl<S, C> FromRequestParts<S> for BearerToken<C>
where
    JwtVerifier: FromRef<S>,
    S: Send + Sync,
    C: DeserializeOwned + Send,
{
    type Rejection = AuthRejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AuthRejection> {
        let verifier = JwtVerifier::from_ref(state);
        let realm = || verifier.realm().to_owned();
        let token = bearer_token(parts).map_err(|missing| match missing {
            HeaderProblem::Missing => AuthRejection::MissingToken { realm: realm() },
            HeaderProblem::Malformed => AuthRejection::InvalidRequest { realm: realm() },
        })?;
        match verifier.verify::<C>(token).await {
            Ok(token) => Ok(BearerToken(token)),
            Err(error @ JwtError::Jwks(_)) => Err(AuthRejection::KeysUnavailable { error }),
            Err(error) => {
                tracing::debug!(error = %error, "bearer token rejected");
                Err(AuthRejection::InvalidToken { realm: realm(), error })
            }
        }
    }
}

impl<S, R, C> FromRequestParts<S> for Authorized<R, C>
where
    JwtVerifier: FromRef<S>,
    S: Send + Sync,
    R: Requirement,
    C: DeserializeOwned + Send,
{
    type Rejection = AuthRejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AuthRejection> {
        let BearerToken(token) = BearerToken::<C>::from_request_parts(parts, state).await?;
        let check = token
            .require_scopes(R::SCOPES)
            .and_then(|()| token.require_permissions(R::PERMISSIONS));
        match check {
            Ok(()) => Ok(Authorized {
                token,
                requirement: PhantomData,
            }),
            Err(error) => Err(AuthRejection::InsufficientScope {
                realm: JwtVerifier::from_ref(state).realm().to_owned(),
                error,
            }),
        }
    }
}

enum HeaderProblem {
    Missing,
    Malformed,
}

/// The token of a single `Authorization: Bearer <token>` header.
fn bearer_token(parts: &Parts) -> Result<&str, HeaderProblem> {
    let mut values = parts.headers.get_all(header::AUTHORIZATION).iter();
    let value = values.next().ok_or(HeaderProblem::Missing)?;
    if values.next().is_some() {
        return Err(HeaderProblem::Malformed);
    }
    let value = value.to_str().map_err(|_| HeaderProblem::Malformed)?;
    let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(HeaderProblem::Missing);
    }
    let token = rest.trim_matches(' ');
    if token.is_empty() || token.contains(' ') {
        return Err(HeaderProblem::Malformed);
    }
    Ok(token)
}

impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        match self {
            AuthRejection::MissingToken { realm } => challenge(StatusCode::UNAUTHORIZED, &realm, None, None, None),
            AuthRejection::InvalidRequest { realm } => challenge(
                StatusCode::BAD_REQUEST,
                &realm,
                Some("invalid_request"),
                Some("The Authorization header is malformed"),
                None,
            ),
            AuthRejection::InvalidToken { realm, error } => challenge(
                StatusCode::UNAUTHORIZED,
                &realm,
                Some("invalid_token"),
                Some(error.short_description()),
                None,
            ),
            AuthRejection::InsufficientScope { realm, error } => insufficient(Some(&realm), &error),
            AuthRejection::KeysUnavailable { error } => {
                tracing::warn!(error = %error, "cannot verify bearer tokens: keys unavailable");
                json_response(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "temporarily_unavailable",
                    "The signing keys are unavailable",
                )
            }
        }
    }
}

/// A 403 `insufficient_scope` without a realm, so handlers can `?` on
/// [`VerifiedToken::require_scopes`].
impl IntoResponse for InsufficientScope {
    fn into_response(self) -> Response {
        insufficient(None, &self)
    }
}

fn insufficient(realm: Option<&str>, error: &InsufficientScope) -> Response {
    let (description, scope) = match error.kind {
        GrantKind::Scope => ("Missing required scopes", Some(error.required.join(" "))),
        GrantKind::Permission => ("Missing required permissions", None),
    };
    let mut response = challenge(
        StatusCode::FORBIDDEN,
        realm.unwrap_or(""),
        Some("insufficient_scope"),
        Some(description),
        scope.as_deref(),
    );
    if realm.is_none() {
        // Rebuild without the empty realm.
        let value = challenge_value(None, Some("insufficient_scope"), Some(description), scope.as_deref());
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, value);
        }
    }
    response
}

fn challenge(
    status: StatusCode,
    realm: &str,
    error: Option<&str>,
    description: Option<&str>,
    scope: Option<&str>,
) -> Response {
    let value = challenge_value(Some(realm), error, description, scope);
    let mut response = json_response(
        status,
        error.unwrap_or("unauthorized"),
        description.unwrap_or("A bearer token is required"),
    );
    if let Ok(value) = HeaderValue::from_str(&value) {
        response.headers_mut().insert(header::WWW_AUTHENTICATE, value);
    }
    response
}

/// `Bearer realm="…", error="…", error_description="…", scope="…"` with only quotable text.
fn challenge_value(realm: Option<&str>, error: Option<&str>, description: Option<&str>, scope: Option<&str>) -> String {
    let attributes: Vec<String> = [
        ("realm", realm),
        ("error", error),
        ("error_description", description),
        ("scope", scope),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.map(|v| format!("{name}=\"{}\"", quotable(v))))
    .collect();
    if attributes.is_empty() {
        "Bearer".to_owned()
    } else {
        format!("Bearer {}", attributes.join(", "))
    }
}

/// Keeps printable ASCII other than `"` and `\` (RFC 6750 §3 attribute values).
fn quotable(value: &str) -> String {
    value
        .chars()
        .filter(|c| matches!(c, ' '..='~') && *c != '"' && *c != '\\')
        .collect()
}

fn json_response(status: StatusCode, error: &str, description: &str) -> Response {
    let body = serde_json::json!({ "error": error, "error_description": description }).to_string();
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}
