//! The login transaction: what `/callback` must check, kept between `/login` and `/callback` in
//! a short-lived cookie encrypted and authenticated with the cookie key (AES-256-GCM, the
//! `cookie` crate's private jar). The browser can neither read the PKCE verifier or nonce nor
//! forge or alter the state; the server keeps nothing per login in flight.

use std::fmt;

use axum::http::HeaderMap;
use axum::http::header::COOKIE;
use cookie::{Cookie, CookieJar, Key, SameSite};
use serde::{Deserialize, Serialize};

/// The cookie's name.
pub(crate) const COOKIE_NAME: &str = "auth0_login";

/// One login in flight.
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct LoginTransaction {
    /// The `state` sent to `/authorize`.
    pub(crate) state: String,
    /// The `nonce` sent; the ID token must carry it.
    pub(crate) nonce: String,
    /// The PKCE verifier whose challenge was sent.
    pub(crate) code_verifier: String,
    /// The checked path to return to.
    pub(crate) return_to: Option<String>,
    /// The `organization` sent, which the ID token must match.
    pub(crate) organization: Option<String>,
    /// The `max_age` sent, in seconds.
    pub(crate) max_age: Option<u64>,
    /// When the login started (seconds since the epoch); the cookie's Max-Age is only advice
    /// to the browser, this is what the server checks.
    pub(crate) created: u64,
}

impl fmt::Debug for LoginTransaction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginTransaction")
            .field("return_to", &self.return_to)
            .field("organization", &self.organization)
            .field("created", &self.created)
            .finish_non_exhaustive()
    }
}

/// How the cookie is set.
pub(crate) struct CookieRules<'a> {
    pub(crate) key: &'a Key,
    pub(crate) secure: bool,
    /// The callback path: the only path the browser sends the cookie to.
    pub(crate) path: &'a str,
    pub(crate) max_age_secs: u64,
}

impl LoginTransaction {
    /// The `Set-Cookie` value carrying this transaction, encrypted.
    pub(crate) fn seal(&self, rules: &CookieRules<'_>) -> String {
        let json = serde_json::to_string(self).unwrap_or_default();
        let mut jar = CookieJar::new();
        jar.private_mut(rules.key)
            .add(base(rules, json).max_age(cookie::time::Duration::seconds(
                i64::try_from(rules.max_age_secs).unwrap_or(i64::MAX),
            )));
        jar.delta().next().map(|c| c.to_string()).unwrap_or_default()
    }

    /// The transaction in the request's cookies, if one decrypts and parses.
    pub(crate) fn open(key: &Key, headers: &HeaderMap) -> Option<LoginTransaction> {
        let mut jar = CookieJar::new();
        for header in headers.get_all(COOKIE) {
            let Ok(text) = header.to_str() else { continue };
            for cookie in Cookie::split_parse(text.to_owned()).flatten() {
                if cookie.name() == COOKIE_NAME {
                    jar.add_original(cookie);
                }
            }
        }
        let cookie = jar.private(key).get(COOKIE_NAME)?;
        serde_json::from_str(cookie.value()).ok()
    }

    /// The `Set-Cookie` value that removes the cookie.
    pub(crate) fn clear(rules: &CookieRules<'_>) -> String {
        base(rules, String::new())
            .max_age(cookie::time::Duration::ZERO)
            .expires(cookie::time::OffsetDateTime::UNIX_EPOCH)
            .build()
            .to_string()
    }
}

fn base(rules: &CookieRules<'_>, value: String) -> cookie::CookieBuilder<'static> {
    Cookie::build((COOKIE_NAME, value))
        .path(rules.path.to_owned())
        .http_only(true)
        .secure(rules.secure)
        // Lax: sent on the top-level GET redirect back from Auth0, not on cross-site
        // subrequests or POSTs.
        .same_site(SameSite::Lax)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn txn() -> LoginTransaction {
        LoginTransaction {
            state: "s".into(),
            nonce: "n".into(),
            code_verifier: "v".into(),
            return_to: Some("/p".into()),
            organization: None,
            max_age: None,
            created: 1,
        }
    }

    fn request_with(set_cookie: &str) -> HeaderMap {
        let pair = set_cookie.split(';').next().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, format!("other=1; {pair}").parse().unwrap());
        headers
    }

    #[test]
    fn round_trips_encrypted_and_refuses_tampering() {
        let key = Key::generate();
        let rules = CookieRules {
            key: &key,
            secure: true,
            path: "/callback",
            max_age_secs: 600,
        };
        let set = txn().seal(&rules);
        assert!(set.contains("HttpOnly") && set.contains("Secure") && set.contains("SameSite=Lax"));
        assert!(set.contains("Path=/callback") && set.contains("Max-Age=600"));
        assert!(!set.contains("\"state\""), "the value is encrypted");
        let opened = LoginTransaction::open(&key, &request_with(&set)).unwrap();
        assert_eq!(opened.state, "s");
        assert_eq!(opened.return_to.as_deref(), Some("/p"));
        // Another key (another server, or a forged cookie) opens nothing.
        assert!(LoginTransaction::open(&Key::generate(), &request_with(&set)).is_none());
        // One flipped character breaks the authentication tag.
        let mut tampered = set.clone();
        let at = tampered.find('=').unwrap() + 5;
        let flipped = if &tampered[at..=at] == "A" { "B" } else { "A" };
        tampered.replace_range(at..=at, flipped);
        assert!(LoginTransaction::open(&key, &request_with(&tampered)).is_none());
        assert!(format!("{:?}", txn()).find("code_verifier").is_none());
        assert!(LoginTransaction::clear(&rules).contains("Max-Age=0"));
    }
}
