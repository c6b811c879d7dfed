//! Keeping the client's own secrets out of error text.
//!
//! A server may echo what it was sent — a token endpoint's `error_description` quoting the
//! client secret or the assertion, a proxy's 403 page quoting the `Authorization` header — and
//! serde's messages quote the values they reject. Every secret an attempt carried is replaced
//! in whatever text of the answer an error keeps.

use std::borrow::Cow;

use secrecy::{ExposeSecret, SecretString};

/// What replaces a secret.
const REDACTED: &str = "[REDACTED]";

/// Shorter values are left alone: replacing them would mangle ordinary text, and a secret
/// that short is no secret.
const MIN_LEN: usize = 6;

/// The secrets one attempt carried: the bearer token, client credentials, and the values of
/// secret body parameters.
#[derive(Default)]
pub(crate) struct Secrets(Vec<SecretString>);

impl Secrets {
    pub(crate) fn add(&mut self, secret: &str) {
        if secret.len() >= MIN_LEN {
            self.0.push(SecretString::from(secret.to_owned()));
            // Also as it travels in a form body or a URL.
            let encoded: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
            if encoded != secret {
                self.0.push(SecretString::from(encoded));
            }
        }
    }

    /// `text` with every known secret replaced.
    pub(crate) fn scrub<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut out = Cow::Borrowed(text);
        for secret in &self.0 {
            let secret = secret.expose_secret();
            if out.contains(secret) {
                out = Cow::Owned(out.replace(secret, REDACTED));
            }
        }
        out
    }
}

/// Body parameters whose values are secrets wherever they appear.
pub(crate) const SECRET_PARAMS: &[&str] = &[
    "client_secret",
    "client_assertion",
    "password",
    "refresh_token",
    "code",
    "code_verifier",
    "otp",
    "mfa_token",
    "recovery_code",
    "binding_code",
    "subject_token",
    "auth_req_id",
    "device_code",
    "token",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_raw_and_form_encoded_secrets() {
        let mut secrets = Secrets::default();
        secrets.add("s3cr:t+/ &x");
        secrets.add("abc");
        let text = "bad secret s3cr:t+/ &x (s3cr%3At%2B%2F+%26x) abc";
        assert_eq!(secrets.scrub(text), "bad secret [REDACTED] ([REDACTED]) abc");
        assert!(matches!(secrets.scrub("nothing"), Cow::Borrowed(_)));
    }
}
