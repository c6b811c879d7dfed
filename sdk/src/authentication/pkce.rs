//! PKCE (RFC 7636) and the random `state` and `nonce` of an authorization request.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

use crate::runtime::Error;

/// A PKCE code verifier and its S256 challenge. `Debug` hides the verifier.
///
/// ```
/// use auth0_sdk::authentication::Pkce;
/// // The RFC 7636 appendix B example.
/// let pkce = Pkce::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
/// assert_eq!(pkce.challenge(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
/// assert_eq!(pkce.method(), "S256");
/// let fresh = Pkce::generate();
/// assert_eq!(fresh.verifier().len(), 43);
/// ```
#[derive(Clone)]
pub struct Pkce {
    verifier: SecretString,
    challenge: String,
}

impl fmt::Debug for Pkce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pkce")
            .field("verifier", &"[REDACTED]")
            .field("challenge", &self.challenge)
            .finish()
    }
}

impl Pkce {
    /// A fresh verifier of 32 random bytes (43 base64url characters) and its challenge.
    pub fn generate() -> Pkce {
        let verifier = random_token();
        let challenge = s256(&verifier);
        Pkce {
            verifier: verifier.into(),
            challenge,
        }
    }

    /// Uses an existing verifier: 43 to 128 characters from `A-Z a-z 0-9 - . _ ~`.
    pub fn from_verifier(verifier: impl Into<String>) -> Result<Pkce, Error> {
        let verifier = verifier.into();
        let valid_chars = verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'));
        if !(43..=128).contains(&verifier.len()) || !valid_chars {
            return Err(Error::invalid_request(
                "a PKCE code verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~",
            ));
        }
        let challenge = s256(&verifier);
        Ok(Pkce {
            verifier: verifier.into(),
            challenge,
        })
    }

    /// The verifier, sent with the code to the token endpoint. Keep it secret until then.
    pub fn verifier(&self) -> &str {
        self.verifier.expose_secret()
    }

    /// `BASE64URL(SHA256(verifier))`, sent to `/authorize` as `code_challenge`.
    pub fn challenge(&self) -> &str {
        &self.challenge
    }

    /// The `code_challenge_method`: always `S256`.
    pub fn method(&self) -> &'static str {
        "S256"
    }
}

fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn random_token() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// A random `state` (32 bytes, base64url) to bind the callback to the browser session.
pub fn random_state() -> String {
    random_token()
}

/// A random `nonce` (32 bytes, base64url) to bind the ID token to the authorization request.
pub fn random_nonce() -> String {
    random_token()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verifier_rules() {
        assert!(Pkce::from_verifier("short").is_err());
        assert!(Pkce::from_verifier("a".repeat(129)).is_err());
        assert!(Pkce::from_verifier(format!("{}!", "a".repeat(43))).is_err());
        assert!(Pkce::from_verifier("a".repeat(43)).is_ok());
        assert_ne!(random_state(), random_state());
    }
}
