//! Tokens at rest in Redis: encoded, and sealed with AES-256-GCM when a key is given.
//!
//! A bearer token in a shared store is a secret: anyone who can read the store could call the
//! Management API with it. Sealed, the store holds only ciphertext; the associated data is the
//! token's cache key, so a sealed token cannot be moved to another key and still open.

use std::fmt;
use std::time::{Duration, UNIX_EPOCH};

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use secrecy::{ExposeSecret, SecretString};

use crate::runtime::Error;
use crate::runtime::token_cache::StoredToken;

const PLAIN: &[u8; 2] = b"1p";
const SEALED: &[u8; 2] = b"1s";
const NONCE_LEN: usize = 12;

/// A 256-bit key that seals tokens in a shared cache. Every process of the fleet needs the
/// same key; keep it with your other secrets. `Debug` never shows it.
#[derive(Clone)]
pub struct TokenEncryptionKey {
    cipher: Aes256Gcm,
}

impl TokenEncryptionKey {
    /// From 32 raw bytes.
    pub fn from_bytes(bytes: &[u8; 32]) -> TokenEncryptionKey {
        TokenEncryptionKey {
            cipher: Aes256Gcm::new(bytes.into()),
        }
    }

    /// From 32 bytes in standard or URL-safe base64 (e.g. `openssl rand -base64 32`).
    pub fn from_base64(text: &str) -> Result<TokenEncryptionKey, Error> {
        let text = text.trim();
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(text)
            .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')))
            .map_err(|_| Error::config("the token encryption key is not base64"))?;
        let bytes: [u8; 32] = decoded
            .try_into()
            .map_err(|_| Error::config("the token encryption key must be 32 bytes (256 bits)"))?;
        Ok(TokenEncryptionKey::from_bytes(&bytes))
    }
}

impl fmt::Debug for TokenEncryptionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenEncryptionKey([redacted])")
    }
}

/// Why a stored value was not usable (treated as a miss).
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Unusable {
    /// Not a value this SDK wrote, or from an incompatible version.
    Malformed,
    /// Sealed, but this process has no key or another key.
    CannotOpen,
    /// Plain, but this process expects sealed tokens.
    NotSealed,
}

/// The stored form of `token`, sealed for `aad` when a key is given.
pub(crate) fn encode(token: &StoredToken, key: Option<&TokenEncryptionKey>, aad: &[u8]) -> Vec<u8> {
    let expires_ms = token
        .expires_at
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    let mut body = Vec::with_capacity(8 + token.access_token.expose_secret().len());
    body.extend_from_slice(&expires_ms.to_be_bytes());
    body.extend_from_slice(token.access_token.expose_secret().as_bytes());
    match key {
        None => [PLAIN.as_slice(), &body].concat(),
        Some(key) => {
            use rand::Rng;
            let nonce: [u8; NONCE_LEN] = rand::rng().random();
            // Encryption with a fresh nonce and an in-memory buffer cannot fail.
            let sealed = key
                .cipher
                .encrypt(&Nonce::from(nonce), Payload { msg: &body, aad })
                .unwrap_or_default();
            [SEALED.as_slice(), &nonce, &sealed].concat()
        }
    }
}

/// The token a stored value holds.
pub(crate) fn decode(value: &[u8], key: Option<&TokenEncryptionKey>, aad: &[u8]) -> Result<StoredToken, Unusable> {
    if value.len() < 2 {
        return Err(Unusable::Malformed);
    }
    let (tag, rest) = value.split_at(2);
    let body = match (tag, key) {
        (t, None) if t == PLAIN => rest.to_vec(),
        (t, Some(_)) if t == PLAIN => return Err(Unusable::NotSealed),
        (t, Some(key)) if t == SEALED => {
            if rest.len() < NONCE_LEN {
                return Err(Unusable::Malformed);
            }
            let (nonce, sealed) = rest.split_at(NONCE_LEN);
            let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| Unusable::Malformed)?;
            key.cipher
                .decrypt(&Nonce::from(nonce), Payload { msg: sealed, aad })
                .map_err(|_| Unusable::CannotOpen)?
        }
        (t, None) if t == SEALED => return Err(Unusable::CannotOpen),
        _ => return Err(Unusable::Malformed),
    };
    if body.len() < 8 {
        return Err(Unusable::Malformed);
    }
    let (expires, token) = body.split_at(8);
    let expires_ms = u64::from_be_bytes(expires.try_into().map_err(|_| Unusable::Malformed)?);
    let token = String::from_utf8(token.to_vec()).map_err(|_| Unusable::Malformed)?;
    Ok(StoredToken {
        access_token: SecretString::from(token),
        expires_at: UNIX_EPOCH + Duration::from_millis(expires_ms),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token() -> StoredToken {
        StoredToken {
            access_token: "eyJ.secret-token.sig".into(),
            expires_at: UNIX_EPOCH + Duration::from_millis(1_800_000_000_123),
        }
    }

    #[test]
    fn round_trips_plain_and_sealed_and_refuses_the_wrong_key_or_place() {
        let plain = encode(&token(), None, b"k1");
        let back = decode(&plain, None, b"k1").unwrap();
        assert_eq!(back.access_token.expose_secret(), "eyJ.secret-token.sig");
        assert_eq!(back.expires_at, token().expires_at);

        let key = TokenEncryptionKey::from_bytes(&[7; 32]);
        let sealed = encode(&token(), Some(&key), b"k1");
        assert!(
            !sealed.windows(12).any(|w| w == b"secret-token"),
            "the token is not readable at rest"
        );
        assert_eq!(
            decode(&sealed, Some(&key), b"k1").unwrap().access_token.expose_secret(),
            "eyJ.secret-token.sig"
        );
        assert_ne!(sealed, encode(&token(), Some(&key), b"k1"), "a fresh nonce each time");
        let other = TokenEncryptionKey::from_bytes(&[8; 32]);
        assert_eq!(decode(&sealed, Some(&other), b"k1").unwrap_err(), Unusable::CannotOpen);
        assert_eq!(decode(&sealed, Some(&key), b"k2").unwrap_err(), Unusable::CannotOpen);
        assert_eq!(decode(&sealed, None, b"k1").unwrap_err(), Unusable::CannotOpen);
        assert_eq!(decode(&plain, Some(&key), b"k1").unwrap_err(), Unusable::NotSealed);
        for junk in [&b""[..], b"1", b"1p", b"1pshort", b"2pxxxxxxxxxx", b"1s0123"] {
            assert!(decode(junk, Some(&key), b"k1").is_err() && decode(junk, None, b"k1").is_err());
        }
    }

    #[test]
    fn keys_parse_from_base64_and_stay_hidden() {
        let b64 = base64::engine::general_purpose::STANDARD.encode([1u8; 32]);
        let key = TokenEncryptionKey::from_base64(&b64).unwrap();
        assert_eq!(format!("{key:?}"), "TokenEncryptionKey([redacted])");
        assert!(TokenEncryptionKey::from_base64("not base64!").is_err());
        let short = base64::engine::general_purpose::STANDARD.encode([1u8; 16]);
        assert!(TokenEncryptionKey::from_base64(&short).is_err());
    }
}
