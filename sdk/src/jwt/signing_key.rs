//! A private key (or HMAC secret) for signing JWTs, loaded from PEM or JWK, with its public
//! half as a JWK.
//!
//! Signing itself is jsonwebtoken's (its rust_crypto backend loads PEM keys and signs every
//! algorithm). jsonwebtoken has no private-JWK import and cannot derive a public JWK from a
//! private key, so those two use the same RustCrypto crates it signs with (`rsa`, `p256`,
//! `p384`, `ed25519-dalek`).

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, AlgorithmFamily, EncodingKey};
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::traits::PublicKeyParts;
use secrecy::{ExposeSecret, SecretSlice};
use serde_json::{Map, Value, json};

use super::keys::{check_rsa, family_of};
use super::signer_error::SignerError;

/// A key that signs JWTs: an RSA, P-256, P-384 or Ed25519 private key, or an HMAC secret,
/// bound to one algorithm and an optional key id (`kid`).
///
/// Loaded from PEM ([`from_pem`](Self::from_pem)), from a private JWK
/// ([`from_jwk`](Self::from_jwk)) or from a secret ([`hmac`](Self::hmac)). Keys are checked when
/// loaded: RSA at least 2048 bits, HMAC secrets at least as long as the hash (RFC 7518 §3.2).
/// `Debug` shows the algorithm and `kid`, never the key; [`public_jwk`](Self::public_jwk)
/// holds only public parameters.
///
/// The same type backs [`JwtSigner`](super::JwtSigner) (your own tokens) and
/// [`ClientAssertionSigner`](crate::runtime::ClientAssertionSigner) (`private_key_jwt`).
///
/// ```
/// use auth0_sdk::jwt::{Algorithm, SigningKey};
/// use secrecy::SecretSlice;
/// let key = SigningKey::hmac(Algorithm::HS256, SecretSlice::from(vec![7u8; 32]))?.with_kid("k1");
/// assert_eq!(key.algorithm(), Algorithm::HS256);
/// assert!(key.public_jwk().is_none(), "a shared secret is never published");
/// assert!(SigningKey::hmac(Algorithm::HS256, SecretSlice::from(vec![7u8; 16])).is_err());
/// # Ok::<(), auth0_sdk::jwt::SignerError>(())
/// ```
#[derive(Clone)]
pub struct SigningKey {
    algorithm: Algorithm,
    kid: Option<String>,
    encoding: EncodingKey,
    /// The public JWK members (`kty`, `n`/`e`, `crv`/`x`/`y`); `None` for HMAC.
    public: Option<Map<String, Value>>,
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("algorithm", &self.algorithm)
            .field("kid", &self.kid)
            .field("key", &"[REDACTED]")
            .finish()
    }
}

impl SigningKey {
    /// A private key in PEM: PKCS#1 (`BEGIN RSA PRIVATE KEY`) or PKCS#8 (`BEGIN PRIVATE KEY`)
    /// RSA for RS256/384/512 and PS256/384/512; PKCS#8 or SEC1 (`BEGIN EC PRIVATE KEY`) P-256
    /// for ES256 and P-384 for ES384; PKCS#8 Ed25519 for EdDSA.
    pub fn from_pem(pem: impl AsRef<[u8]>, algorithm: Algorithm) -> Result<Self, SignerError> {
        let pem = pem.as_ref();
        let invalid = |reason| SignerError::InvalidKey { algorithm, reason };
        match family_of(algorithm) {
            AlgorithmFamily::Rsa => {
                let encoding = EncodingKey::from_rsa_pem(pem).map_err(|_| invalid("not an RSA private key in PEM"))?;
                let private = rsa::RsaPrivateKey::from_pkcs1_der(encoding.inner())
                    .map_err(|_| invalid("not an RSA private key (a public key?)"))?;
                Self::rsa(algorithm, &private, encoding)
            }
            AlgorithmFamily::Ec => {
                let der = match EncodingKey::from_ec_pem(pem) {
                    Ok(encoding) => encoding.inner().to_vec(),
                    Err(_) => sec1_to_pkcs8(pem, algorithm).ok_or(invalid("not an EC private key in PEM"))?,
                };
                Self::ec_pkcs8(algorithm, &der)
            }
            AlgorithmFamily::Ed => {
                let encoding =
                    EncodingKey::from_ed_pem(pem).map_err(|_| invalid("not an Ed25519 private key in PEM"))?;
                Self::ed_pkcs8(encoding.inner())
            }
            AlgorithmFamily::Hmac => Err(SignerError::UnsupportedAlgorithm {
                algorithm,
                reason: "HMAC keys are secrets, not PEM keys: use SigningKey::hmac",
            }),
        }
    }

    /// A shared secret for HS256 (at least 32 bytes), HS384 (48) or HS512 (64).
    pub fn hmac(algorithm: Algorithm, secret: SecretSlice<u8>) -> Result<Self, SignerError> {
        if family_of(algorithm) != AlgorithmFamily::Hmac {
            return Err(SignerError::UnsupportedAlgorithm {
                algorithm,
                reason: "not an HMAC algorithm",
            });
        }
        let bytes = secret.expose_secret().len();
        let min_bytes = hmac_min_bytes(algorithm);
        if bytes < min_bytes {
            return Err(SignerError::SecretTooShort {
                algorithm,
                bytes,
                min_bytes,
            });
        }
        Ok(SigningKey {
            algorithm,
            kid: None,
            encoding: EncodingKey::from_secret(secret.expose_secret()),
            public: None,
        })
    }

    /// The same key under this key id (written as `kid` in headers and the JWK).
    pub fn with_kid(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// The signing algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The key id, if set.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The public key as a JWK with `use: sig`, `alg` and `kid`; `None` for an HMAC secret,
    /// which must never be published.
    pub fn public_jwk(&self) -> Option<Value> {
        let mut jwk = self.public.clone()?;
        jwk.insert("use".into(), json!("sig"));
        jwk.insert("alg".into(), json!(format!("{:?}", self.algorithm)));
        if let Some(kid) = &self.kid {
            jwk.insert("kid".into(), json!(kid));
        }
        Some(Value::Object(jwk))
    }

    /// Signs `header` (with `alg` and `kid` set from this key) and `payload` as a compact JWS.
    pub(crate) fn sign_parts(&self, mut header: Map<String, Value>, payload: &[u8]) -> Result<String, SignerError> {
        header.insert("alg".into(), json!(format!("{:?}", self.algorithm)));
        if let Some(kid) = &self.kid {
            header.insert("kid".into(), json!(kid));
        }
        let header = serde_json::to_vec(&header).map_err(|e| SignerError::Claims { reason: e.to_string() })?;
        let input = format!("{}.{}", URL_SAFE_NO_PAD.encode(header), URL_SAFE_NO_PAD.encode(payload));
        let failed = SignerError::Signing {
            algorithm: self.algorithm,
        };
        let signature =
            jsonwebtoken::crypto::sign(input.as_bytes(), &self.encoding, self.algorithm).map_err(|_| failed.clone())?;
        let signature = super::low_s::normalize(self.algorithm, &signature).ok_or(failed)?;
        Ok(format!("{input}.{signature}"))
    }

    pub(crate) fn rsa(
        algorithm: Algorithm,
        private: &rsa::RsaPrivateKey,
        encoding: EncodingKey,
    ) -> Result<Self, SignerError> {
        let (n, e) = (private.n().to_bytes_be(), private.e().to_bytes_be());
        check_rsa(&n, &e).map_err(|problem| SignerError::KeyUnsuitable { algorithm, problem })?;
        let mut public = Map::new();
        public.insert("kty".into(), json!("RSA"));
        public.insert("n".into(), json!(URL_SAFE_NO_PAD.encode(&n)));
        public.insert("e".into(), json!(URL_SAFE_NO_PAD.encode(&e)));
        Ok(SigningKey {
            algorithm,
            kid: None,
            encoding,
            public: Some(public),
        })
    }

    /// An RSA key from its parsed form (the JWK path).
    pub(crate) fn rsa_from_private(algorithm: Algorithm, private: &rsa::RsaPrivateKey) -> Result<Self, SignerError> {
        let der = private.to_pkcs1_der().map_err(|_| SignerError::InvalidKey {
            algorithm,
            reason: "the RSA key could not be encoded",
        })?;
        Self::rsa(algorithm, private, EncodingKey::from_rsa_der(der.as_bytes()))
    }

    /// A P-256 (ES256) or P-384 (ES384) key in PKCS#8 DER.
    pub(crate) fn ec_pkcs8(algorithm: Algorithm, der: &[u8]) -> Result<Self, SignerError> {
        use p256::pkcs8::DecodePrivateKey as _;
        let wrong_curve = SignerError::InvalidKey {
            algorithm,
            reason: "not a private key of the algorithm's curve",
        };
        let (crv, point) = match algorithm {
            Algorithm::ES256 => {
                let key = p256::SecretKey::from_pkcs8_der(der).map_err(|_| wrong_curve)?;
                ("P-256", key.public_key().to_sec1_bytes())
            }
            _ => {
                let key = p384::SecretKey::from_pkcs8_der(der).map_err(|_| wrong_curve)?;
                ("P-384", key.public_key().to_sec1_bytes())
            }
        };
        // Uncompressed SEC1: 0x04 || x || y, each half the rest.
        let (x, y) = point[1..].split_at((point.len() - 1) / 2);
        let mut public = Map::new();
        public.insert("kty".into(), json!("EC"));
        public.insert("crv".into(), json!(crv));
        public.insert("x".into(), json!(URL_SAFE_NO_PAD.encode(x)));
        public.insert("y".into(), json!(URL_SAFE_NO_PAD.encode(y)));
        Ok(SigningKey {
            algorithm,
            kid: None,
            encoding: EncodingKey::from_ec_der(der),
            public: Some(public),
        })
    }

    /// An Ed25519 (EdDSA) key in PKCS#8 DER.
    pub(crate) fn ed_pkcs8(der: &[u8]) -> Result<Self, SignerError> {
        use ed25519_dalek::pkcs8::DecodePrivateKey as _;
        let key = ed25519_dalek::SigningKey::from_pkcs8_der(der).map_err(|_| SignerError::InvalidKey {
            algorithm: Algorithm::EdDSA,
            reason: "not an Ed25519 private key",
        })?;
        let mut public = Map::new();
        public.insert("kty".into(), json!("OKP"));
        public.insert("crv".into(), json!("Ed25519"));
        public.insert(
            "x".into(),
            json!(URL_SAFE_NO_PAD.encode(key.verifying_key().as_bytes())),
        );
        Ok(SigningKey {
            algorithm: Algorithm::EdDSA,
            kid: None,
            encoding: EncodingKey::from_ed_der(der),
            public: Some(public),
        })
    }
}

/// The shortest HMAC secret RFC 7518 §3.2 allows: the hash output size.
pub(crate) fn hmac_min_bytes(algorithm: Algorithm) -> usize {
    match algorithm {
        Algorithm::HS384 => 48,
        Algorithm::HS512 => 64,
        _ => 32,
    }
}

/// A SEC1 `EC PRIVATE KEY` PEM (what `openssl ecparam -genkey` writes) as PKCS#8 DER, which is
/// what jsonwebtoken's ECDSA signer reads.
fn sec1_to_pkcs8(pem: &[u8], algorithm: Algorithm) -> Option<Vec<u8>> {
    use p256::pkcs8::EncodePrivateKey as _;
    let pem = std::str::from_utf8(pem).ok()?;
    let der = match algorithm {
        Algorithm::ES256 => p256::SecretKey::from_sec1_pem(pem).ok()?.to_pkcs8_der().ok()?,
        _ => p384::SecretKey::from_sec1_pem(pem).ok()?.to_pkcs8_der().ok()?,
    };
    Some(der.as_bytes().to_vec())
}
