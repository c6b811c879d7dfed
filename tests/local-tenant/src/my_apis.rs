//! What the My Account (`/me/v1`) and My Organization (`/my-org/v1`) APIs share: their
//! resource servers, bearer-token callers, scope checks, checkpoint paging and the
//! spec-skeleton fallback for operations without a stateful handler.

use axum::Json;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::errors::ApiError;
use crate::extract::QueryMap;
use crate::fallback::{FallbackEntry, FallbackResponder, FallbackResponse, FallbackTable};
use crate::ids;
use crate::paging::{ListShape, Paging};
use crate::state::Shared;
use crate::store::Store;
use crate::tokens;

/// Adds both APIs' resource servers (every scope their specs name) and grants the seeded M2M
/// client every My Organization scope (client credentials with an `organization`).
pub(crate) fn seed(store: &mut Store, m2m_client_id: &str, my_account: &str, my_organization: &str) {
    let apis = [
        (
            "Auth0 My Account API",
            my_account,
            crate::my_account::table().known_scopes(),
        ),
        (
            "Auth0 My Organization API",
            my_organization,
            crate::my_organization::table().known_scopes(),
        ),
    ];
    for (name, identifier, scopes) in &apis {
        store.resource_servers.push(json!({
            "id": ids::hex(24),
            "name": name,
            "identifier": identifier,
            "is_system": true,
            "scopes": scopes.iter().map(|s| json!({"value": s, "description": s})).collect::<Vec<_>>(),
            "signing_alg": "RS256",
            "allow_offline_access": false,
            "token_lifetime": 86_400,
        }));
    }
    store.client_grants.push(json!({
        "id": ids::prefixed("cgr"),
        "client_id": m2m_client_id,
        "audience": my_organization,
        "scope": apis[1].2,
    }));
}

/// The skeleton rows of one document as a fallback table.
pub(crate) fn skeleton_table<'a>(
    rows: impl Iterator<Item = (&'a str, &'a str, u16, Option<&'a str>, &'a [&'a str])>,
) -> FallbackTable {
    let mut table = FallbackTable::new();
    for (method, path, status, body, scopes) in rows {
        // The generator only emits valid methods and JSON; skip a row rather than panic.
        let Ok(method) = Method::from_bytes(method.as_bytes()) else {
            continue;
        };
        let body = match body.map(serde_json::from_str::<Value>) {
            Some(Ok(v)) => Some(v),
            Some(Err(_)) => continue,
            None => None,
        };
        table.insert(FallbackEntry {
            method,
            path_template: path.to_owned(),
            response: FallbackResponse {
                status,
                body,
                scopes: scopes.iter().map(|s| s.to_string()).collect(),
            },
        });
    }
    table
}

/// Answers from `table` (after the caller's scope check), else Auth0's 404.
pub(crate) fn fallback(
    table: &FallbackTable,
    method: &Method,
    path: &str,
    claims: Result<&Claims, &ApiError>,
) -> Response {
    let Some(hit) = table.respond(method, path) else {
        return ApiError::new(StatusCode::NOT_FOUND, "Not Found", None).into_response();
    };
    let claims = match claims {
        Ok(c) => c,
        Err(e) => return e.clone().into_response(),
    };
    let scopes: Vec<&str> = hit.scopes.iter().map(String::as_str).collect();
    if let Err(e) = claims.require(&scopes) {
        return e.into_response();
    }
    let status = StatusCode::from_u16(hit.status).unwrap_or(StatusCode::OK);
    match hit.body {
        Some(body) => (status, Json(body)).into_response(),
        None => status.into_response(),
    }
}

/// A verified access token's claims.
#[derive(Debug, Clone)]
pub(crate) struct Claims(pub Value);

impl Claims {
    /// 403 unless the token has at least one of `any_of` (none: any valid token).
    pub fn require(&self, any_of: &[&str]) -> Result<(), ApiError> {
        let have = tokens::scopes(&self.0);
        if any_of.is_empty() || any_of.iter().any(|s| have.contains(s)) {
            Ok(())
        } else {
            Err(ApiError::insufficient_scope(any_of))
        }
    }
}

/// Verifies the bearer token for one of `audiences`.
fn verify(parts: &Parts, state: &Shared, audiences: &[String]) -> Result<Claims, ApiError> {
    let header = parts
        .headers
        .get(AUTHORIZATION)
        .ok_or_else(|| ApiError::unauthorized("Missing authentication"))?;
    let token = header
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::unauthorized("Bad HTTP authentication header format"))?;
    tokens::verify(state, token, Some(audiences))
        .map(Claims)
        .map_err(|e| ApiError::unauthorized(e.to_string()))
}

/// A signed-in user calling the My Account API (a user token for `https://{domain}/me/`).
#[derive(Debug, Clone)]
pub(crate) struct MeCaller {
    pub claims: Claims,
    pub user_id: String,
}

impl FromRequestParts<Shared> for MeCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, Self::Rejection> {
        let claims = verify(parts, state, &state.my_account_audiences)?;
        let user_id = claims.0["sub"]
            .as_str()
            .filter(|sub| !sub.ends_with("@clients"))
            .ok_or_else(|| ApiError::new(StatusCode::FORBIDDEN, "The My Account API needs a user's token", None))?
            .to_owned();
        Ok(MeCaller { claims, user_id })
    }
}

/// A caller of the My Organization API: a token for `https://{domain}/my-org/` that carries
/// an `org_id` naming an existing organization.
#[derive(Debug, Clone)]
pub(crate) struct OrgCaller {
    pub claims: Claims,
    pub org_id: String,
}

impl FromRequestParts<Shared> for OrgCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, Self::Rejection> {
        let claims = verify(parts, state, &state.my_organization_audiences)?;
        let org_id = claims.0["org_id"]
            .as_str()
            .filter(|org| state.store().organization(org).is_some())
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::FORBIDDEN,
                    "The token is not scoped to an existing organization",
                    None,
                )
            })?
            .to_owned();
        Ok(OrgCaller { claims, org_id })
    }
}

/// Checkpoint paging (`from`/`take`, `next` while more remain), the only style of both APIs:
/// a request without `from`/`take` is the first page of 50.
pub(crate) fn checkpoint_page(q: &QueryMap, key: &'static str, items: Vec<Value>) -> Result<Value, ApiError> {
    let shape = ListShape::offset(key).with_checkpoint();
    let paging = match Paging::parse(q, &shape)? {
        p @ Paging::Checkpoint { .. } => p,
        Paging::Offset { .. } => Paging::Checkpoint { from: 0, take: 50 },
    };
    Ok(paging.respond(items, &shape))
}
