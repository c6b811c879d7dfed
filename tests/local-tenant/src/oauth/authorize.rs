//! `/authorize`: a login page, or a page-less sign-in for tests.
//!
//! - `GET` with `login_hint` (email or user id): that user is signed in at once and redirected
//!   back with a code — the shortcut for tests without a browser.
//! - `GET` without it: the login page ([`super::login_page`]), a form carrying the request's
//!   parameters. `POST` of that form checks the email and password: a wrong one shows the page
//!   again with an error, a blocked user is refused on the page, the right one redirects with
//!   a code.

use std::collections::HashMap;

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::login_page::{LoginError, login_page};
use crate::config::DEFAULT_CONNECTION;
use crate::errors::OAuthError;
use crate::extract::QueryMap;
use crate::ids;
use crate::state::Shared;
use crate::store::{AuthCode, Store, user_connection};
use crate::time::unix_now;

/// Codes expire quickly, as Auth0's do.
const CODE_LIFETIME_SECS: u64 = 600;

/// Failed password attempts before the user is blocked for brute force (as the password grant).
const MAX_FAILED_LOGINS: u32 = 10;

pub(crate) async fn authorize(State(state): State<Shared>, QueryMap(q): QueryMap) -> Response {
    let mut store = state.store();
    let request = match AuthorizeRequest::check(&store, &q) {
        Ok(r) => r,
        Err(response) => return *response,
    };
    match request.get("login_hint").map(str::to_owned) {
        Some(hint) => {
            let user = store.users.iter().find(|u| {
                u["email"].as_str().is_some_and(|e| e.eq_ignore_ascii_case(&hint))
                    || u["user_id"].as_str() == Some(hint.as_str())
            });
            let Some(user) = user.cloned() else {
                return request.fail("access_denied", "No user matches login_hint");
            };
            request.sign_in(&mut store, &user)
        }
        None => login_page(&q, None),
    }
}

/// `POST /authorize`: the login form (the original parameters plus `email` and `password`).
pub(crate) async fn authorize_submit(
    State(state): State<Shared>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let mut store = state.store();
    let request = match AuthorizeRequest::check(&store, &form) {
        Ok(r) => r,
        Err(response) => return *response,
    };
    let email = form.get("email").map(String::as_str).unwrap_or_default().trim();
    let password = form.get("password").map(String::as_str).unwrap_or_default();
    let user = store
        .users
        .iter()
        .find(|u| {
            user_connection(u) == Some(DEFAULT_CONNECTION)
                && u["email"].as_str().is_some_and(|e| e.eq_ignore_ascii_case(email))
        })
        .cloned();
    // The same answer for an unknown email and a wrong password, as Auth0 gives.
    let Some(user) = user else {
        return login_page(&form, Some(LoginError::WrongPassword));
    };
    let user_id = user["user_id"].as_str().unwrap_or_default().to_owned();
    if store.blocks.get(&user_id).is_some_and(|b| !b.is_empty()) {
        return login_page(&form, Some(LoginError::TooManyAttempts));
    }
    if store.passwords.get(&user_id).map(String::as_str) != Some(password) {
        let failures = store.failed_logins.entry(user_id.clone()).or_default();
        *failures += 1;
        if *failures >= MAX_FAILED_LOGINS {
            store
                .blocks
                .entry(user_id.clone())
                .or_default()
                .push(serde_json::json!({
                    "identifier": email,
                    "ip": "127.0.0.1",
                    "connection": DEFAULT_CONNECTION,
                }));
        }
        store.log(
            "f",
            "Wrong email or password.",
            Some(&request.client_id),
            Some(&user_id),
        );
        return login_page(&form, Some(LoginError::WrongPassword));
    }
    if user["blocked"].as_bool() == Some(true) {
        return login_page(&form, Some(LoginError::Blocked));
    }
    store.failed_logins.remove(&user_id);
    request.sign_in(&mut store, &user)
}

/// A checked authorization request: a known client and an allowed `redirect_uri`.
struct AuthorizeRequest<'a> {
    params: &'a HashMap<String, String>,
    client_id: String,
    redirect_uri: String,
}

impl<'a> AuthorizeRequest<'a> {
    /// Errors before the redirect URI is trusted are answered directly (400), never redirected.
    fn check(store: &Store, params: &'a HashMap<String, String>) -> Result<Self, Box<Response>> {
        let get = |k: &str| params.get(k).map(String::as_str).filter(|v| !v.is_empty());
        let bad = |message: String| Box::new(OAuthError::invalid_request(message).into_response());
        let client_id = get("client_id").ok_or_else(|| bad("Missing required parameter: client_id".into()))?;
        let redirect_uri = get("redirect_uri").ok_or_else(|| bad("Missing required parameter: redirect_uri".into()))?;
        let client = store
            .client(client_id)
            .ok_or_else(|| bad(format!("Unknown client: {client_id}")))?;
        let callbacks: Vec<&str> = client["callbacks"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        if !callbacks.is_empty() && !callbacks.contains(&redirect_uri) {
            return Err(bad(format!(
                "Callback URL mismatch. {redirect_uri} is not in the list of allowed callback URLs"
            )));
        }
        let request = AuthorizeRequest {
            params,
            client_id: client_id.to_owned(),
            redirect_uri: redirect_uri.to_owned(),
        };
        if request.get("response_type") != Some("code") {
            return Err(Box::new(
                request.fail("unsupported_response_type", "Only response_type=code is supported"),
            ));
        }
        let method = request.get("code_challenge_method").unwrap_or("plain");
        if request.get("code_challenge").is_some() && !matches!(method, "S256" | "plain") {
            return Err(Box::new(
                request.fail("invalid_request", "code_challenge_method must be S256 or plain"),
            ));
        }
        Ok(request)
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.params.get(key).map(String::as_str).filter(|v| !v.is_empty())
    }

    /// From here on errors go back to the client through the redirect, as OAuth requires.
    fn fail(&self, error: &str, description: &str) -> Response {
        let mut pairs = vec![("error", error), ("error_description", description)];
        if let Some(s) = self.get("state") {
            pairs.push(("state", s));
        }
        redirect(&redirect_with(&self.redirect_uri, &pairs))
    }

    /// Issues a code for `user` and redirects back with it.
    fn sign_in(&self, store: &mut Store, user: &Value) -> Response {
        let Some(user_id) = user["user_id"].as_str().map(str::to_owned) else {
            return self.fail("access_denied", "No such user");
        };
        if user["blocked"].as_bool() == Some(true) {
            return self.fail("unauthorized", "user is blocked");
        }
        let org_id = match self.get("organization") {
            None => None,
            Some(org) => {
                let found = store
                    .organizations
                    .iter()
                    .find(|o| o["id"].as_str() == Some(org) || o["name"].as_str() == Some(org))
                    .and_then(|o| o["id"].as_str())
                    .map(str::to_owned);
                let member = found
                    .as_ref()
                    .is_some_and(|id| store.org_members.get(id).is_some_and(|m| m.contains(&user_id)));
                if !member {
                    return self.fail("access_denied", "user is not a member of the organization");
                }
                found
            }
        };
        let code = ids::alnum(32);
        let method = self.get("code_challenge_method").unwrap_or("plain");
        store.auth_codes.insert(
            code.clone(),
            AuthCode {
                client_id: self.client_id.clone(),
                redirect_uri: self.redirect_uri.clone(),
                user_id: user_id.clone(),
                scope: self.get("scope").unwrap_or("openid").to_owned(),
                audience: self.get("audience").map(str::to_owned),
                nonce: self.get("nonce").map(str::to_owned),
                code_challenge: self.get("code_challenge").map(str::to_owned),
                code_challenge_method: self.get("code_challenge").map(|_| method.to_owned()),
                org_id,
                expires_unix: unix_now() + CODE_LIFETIME_SECS,
            },
        );
        crate::oauth::token::record_login(store, &user_id);
        store.log("s", "Success Login", Some(&self.client_id), Some(&user_id));
        let mut pairs = vec![("code", code.as_str())];
        if let Some(s) = self.get("state") {
            pairs.push(("state", s));
        }
        redirect(&redirect_with(&self.redirect_uri, &pairs))
    }
}

/// Appends query parameters to a URL that may already have some.
pub(crate) fn redirect_with(base: &str, pairs: &[(&str, &str)]) -> String {
    let encoded: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}{encoded}")
}

pub(crate) fn redirect(location: &str) -> Response {
    (StatusCode::FOUND, [(LOCATION, location.to_owned())]).into_response()
}
