//! Client authentication at the token endpoint: `client_secret_post`, `client_secret_basic`,
//! `private_key_jwt`, or none for public clients.

use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jsonwebtoken::{Algorithm, Validation};
use serde_json::Value;

use crate::errors::OAuthError;
use crate::oauth::params::Params;
use crate::state::AppState;
use crate::store::Store;

const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// How the client proved its identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Secret,
    PrivateKeyJwt,
    /// Only a `client_id`: acceptable for public clients (and PKCE code exchanges).
    None,
}

/// The authenticated client.
#[derive(Debug, Clone)]
pub(crate) struct Client {
    pub client_id: String,
    pub method: Method,
    /// Whether the client has a secret (is confidential).
    pub confidential: bool,
}

/// Authenticates the caller of `/oauth/token`.
pub(crate) fn authenticate(
    state: &AppState,
    store: &mut Store,
    headers: &HeaderMap,
    params: &Params,
) -> Result<Client, OAuthError> {
    if let Some(assertion) = params.get("client_assertion") {
        if params.get("client_assertion_type") != Some(ASSERTION_TYPE) {
            return Err(OAuthError::invalid_request(format!(
                "client_assertion_type must be {ASSERTION_TYPE}"
            )));
        }
        let client_id = verify_assertion(state, store, assertion, params.get("client_id"))?;
        let confidential = store
            .client(&client_id)
            .is_some_and(|c| c.get("client_secret").is_some());
        return Ok(Client {
            client_id,
            method: Method::PrivateKeyJwt,
            confidential,
        });
    }
    let (client_id, secret) = match basic_credentials(headers) {
        Some((id, secret)) => (id, Some(secret)),
        None => (
            params.require("client_id")?.to_owned(),
            params.get("client_secret").map(str::to_owned),
        ),
    };
    let client = store.client(&client_id).ok_or_else(OAuthError::unauthorized_client)?;
    let stored_secret = client.get("client_secret").and_then(Value::as_str);
    let method = match (secret, stored_secret) {
        (Some(given), Some(stored)) if given == stored => Method::Secret,
        (Some(_), _) => return Err(OAuthError::unauthorized_client()),
        (None, _) => Method::None,
    };
    Ok(Client {
        client_id,
        method,
        confidential: stored_secret.is_some(),
    })
}

impl Client {
    /// Confidential clients must authenticate for grants that don't have another proof (PKCE).
    pub fn require_authenticated(&self) -> Result<(), OAuthError> {
        if self.method == Method::None && self.confidential {
            return Err(OAuthError::unauthorized_client());
        }
        Ok(())
    }
}

/// `Authorization: Basic base64(urlencode(id):urlencode(secret))`.
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ").or_else(|| value.strip_prefix("basic "))?;
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    let unescape = |s: &str| {
        url::form_urlencoded::parse(format!("x={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    Some((unescape(id), unescape(secret)))
}

/// Verifies a `private_key_jwt` assertion against the client's registered keys; returns the
/// client id. `iss` and `sub` must both be the client id; `aud` must name this tenant.
fn verify_assertion(
    state: &AppState,
    store: &mut Store,
    assertion: &str,
    claimed_client: Option<&str>,
) -> Result<String, OAuthError> {
    let invalid = |why: &str| {
        OAuthError::new(
            axum::http::StatusCode::UNAUTHORIZED,
            "invalid_client",
            format!("Invalid client assertion: {why}"),
        )
    };
    let header = jsonwebtoken::decode_header(assertion).map_err(|_| invalid("malformed JWT"))?;
    if !matches!(
        header.alg,
        Algorithm::RS256 | Algorithm::RS384 | Algorithm::RS512 | Algorithm::PS256 | Algorithm::PS384 | Algorithm::PS512
    ) {
        return Err(invalid("unsupported alg"));
    }
    // Which client? `sub` (read before verification only to pick the key).
    let unverified = jsonwebtoken::dangerous::insecure_decode::<Value>(assertion)
        .map_err(|_| invalid("malformed JWT"))?
        .claims;
    let client_id = unverified["sub"]
        .as_str()
        .ok_or_else(|| invalid("missing sub"))?
        .to_owned();
    if claimed_client.is_some_and(|c| c != client_id) {
        return Err(invalid("client_id does not match sub"));
    }
    let keys = store
        .client_keys
        .get(&client_id)
        .ok_or_else(|| invalid("no key registered for client"))?;
    let mut validation = Validation::new(header.alg);
    let base = &state.base_url;
    let domain = &state.domain;
    validation.set_audience(&[
        state.issuer(),
        base.clone(),
        format!("{base}/oauth/token"),
        format!("https://{domain}/"),
        format!("https://{domain}"),
        format!("https://{domain}/oauth/token"),
    ]);
    validation.set_issuer(&[client_id.as_str()]);
    validation.set_required_spec_claims(&["exp", "iss", "sub", "aud"]);
    let claims = keys
        .iter()
        .find_map(|key| jsonwebtoken::decode::<Value>(assertion, key, &validation).ok())
        .ok_or_else(|| invalid("signature, audience, issuer or expiry check failed"))?
        .claims;
    if let Some(jti) = claims["jti"].as_str() {
        if !store.used_assertions.insert(format!("{client_id}:{jti}")) {
            return Err(invalid("jti has already been used"));
        }
    }
    Ok(client_id)
}
