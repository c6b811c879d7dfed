//! How an application proves its identity to the Authentication API: one step of the
//! runtime, applied to every attempt of every operation whose `OperationSpec` says it takes
//! client authentication (`client_auth`), whether the call came from a flow, from the
//! generated `auth.api()` or from a client-credentials token source. So all three send the same
//! bytes.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Map, Value};

use crate::runtime::token::client_assertion::CLIENT_ASSERTION_TYPE;
use crate::runtime::{Body, ClientAssertionSigner, Error};

/// The body parameters client authentication owns: whatever a caller put there is replaced
/// by the configured credentials, so a body never carries two different secrets.
const OWNED_PARAMS: [&str; 3] = ["client_secret", "client_assertion", "client_assertion_type"];

/// Where client authentication goes on back-channel requests (`token_endpoint_auth_method`
/// in the application's settings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientAuthMethod {
    /// `client_secret` in the request body. The default when a client secret is given.
    ClientSecretPost,
    /// `Authorization: Basic base64(urlencode(client_id):urlencode(client_secret))`
    /// (RFC 6749 §2.3.1); the secret is never put in the body.
    ClientSecretBasic,
    /// A signed `client_assertion` with `client_assertion_type`
    /// `urn:ietf:params:oauth:client-assertion-type:jwt-bearer` (RFC 7523). The default when
    /// a private key is given.
    PrivateKeyJwt,
    /// Mutual TLS (`tls_client_auth`/`self_signed_tls_client_auth`): only `client_id` in the
    /// body; the certificate is presented by the HTTP client, to the `mtls.{domain}` host.
    TlsClientAuth,
    /// A public client (native app, SPA): only `client_id`.
    None,
}

/// The credential the client was configured with.
#[derive(Clone)]
pub(crate) enum Credential {
    None,
    Secret(SecretString),
    PrivateKey(ClientAssertionSigner),
    Mtls,
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::None => f.write_str("None"),
            Credential::Secret(_) => f.write_str("Secret([REDACTED])"),
            Credential::PrivateKey(signer) => f.debug_tuple("PrivateKey").field(signer).finish(),
            Credential::Mtls => f.write_str("Mtls"),
        }
    }
}

impl Credential {
    /// The method used when none is chosen explicitly.
    pub(crate) fn default_method(&self) -> ClientAuthMethod {
        match self {
            Credential::None => ClientAuthMethod::None,
            Credential::Secret(_) => ClientAuthMethod::ClientSecretPost,
            Credential::PrivateKey(_) => ClientAuthMethod::PrivateKeyJwt,
            Credential::Mtls => ClientAuthMethod::TlsClientAuth,
        }
    }

    /// Whether `method` can be used with this credential.
    pub(crate) fn supports(&self, method: ClientAuthMethod) -> bool {
        matches!(
            (self, method),
            (Credential::None, ClientAuthMethod::None)
                | (
                    Credential::Secret(_),
                    ClientAuthMethod::ClientSecretPost | ClientAuthMethod::ClientSecretBasic
                )
                | (Credential::PrivateKey(_), ClientAuthMethod::PrivateKeyJwt)
                | (Credential::Mtls, ClientAuthMethod::TlsClientAuth)
        )
    }
}

/// The configured client authentication, applied to each back-channel request.
#[derive(Clone, Debug)]
pub(crate) struct ClientAuth {
    pub(crate) client_id: String,
    pub(crate) credential: Credential,
    pub(crate) method: ClientAuthMethod,
    /// The `aud` of client assertions: the tenant's issuer, `https://{domain}/`.
    pub(crate) assertion_audience: String,
}

impl ClientAuth {
    /// Whether the application can authenticate itself (it is not a public client).
    pub(crate) fn is_confidential(&self) -> bool {
        !matches!(self.credential, Credential::None)
    }

    /// Adds `client_id` (unless the body names one) and this method's credentials to one
    /// attempt's body, and returns the `Authorization: Basic` value when the method puts the
    /// secret in a header. `bearer_taken`: the request's `Authorization` already carries a
    /// bearer token (`/mfa/associate`), so a `client_secret_basic` secret goes in the body.
    /// A fresh client assertion is signed per attempt: its `jti` must not be replayed.
    pub(crate) fn apply(&self, body: &mut Body, bearer_taken: bool) -> Result<Option<String>, Error> {
        let mut params: Vec<(&'static str, String)> = Vec::with_capacity(3);
        let mut basic = None;
        match (&self.credential, self.method) {
            (Credential::Secret(secret), ClientAuthMethod::ClientSecretBasic) if !bearer_taken => {
                basic = Some(basic_header(&self.client_id, secret.expose_secret()));
            }
            (Credential::Secret(secret), _) => {
                params.push(("client_secret", secret.expose_secret().to_owned()));
            }
            (Credential::PrivateKey(signer), _) => {
                let assertion = signer.sign(&self.client_id, &self.assertion_audience)?;
                params.push(("client_assertion_type", CLIENT_ASSERTION_TYPE.to_owned()));
                params.push(("client_assertion", assertion.expose_secret().to_owned()));
            }
            _ => {}
        }
        match body {
            Body::Form(pairs) => {
                // A caller's credentials and an empty `client_id` give way to the configured ones.
                pairs.retain(|(k, v)| !(OWNED_PARAMS.contains(&k.as_str()) || k == "client_id" && v.is_empty()));
                if !pairs.iter().any(|(k, _)| k == "client_id") {
                    pairs.insert(0, ("client_id".to_owned(), self.client_id.clone()));
                }
                pairs.extend(params.into_iter().map(|(k, v)| (k.to_owned(), v)));
            }
            Body::Json(bytes) => {
                let mut map: Map<String, Value> = serde_json::from_slice(bytes)
                    .map_err(|_| Error::invalid_request("a body with client authentication must be a JSON object"))?;
                for key in OWNED_PARAMS {
                    map.remove(key);
                }
                if map.get("client_id").and_then(Value::as_str).is_none_or(str::is_empty) {
                    map.insert("client_id".to_owned(), Value::String(self.client_id.clone()));
                }
                for (k, v) in params {
                    map.insert(k.to_owned(), Value::String(v));
                }
                let encoded = serde_json::to_vec(&map)
                    .map_err(|e| Error::invalid_request(format!("the request body could not be serialised: {e}")))?;
                *bytes = encoded.into();
            }
            Body::Empty => {
                let mut pairs = vec![("client_id".to_owned(), self.client_id.clone())];
                pairs.extend(params.into_iter().map(|(k, v)| (k.to_owned(), v)));
                *body = Body::Form(pairs);
            }
            Body::Multipart(_) | Body::Raw { .. } => {
                return Err(Error::invalid_request(
                    "client authentication needs a form or JSON body",
                ));
            }
        }
        Ok(basic)
    }
}

/// RFC 6749 §2.3.1: both parts are form-urlencoded before being joined and base64-encoded.
fn basic_header(client_id: &str, secret: &str) -> String {
    let id: String = url::form_urlencoded::byte_serialize(client_id.as_bytes()).collect();
    let secret: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    format!("Basic {}", STANDARD.encode(format!("{id}:{secret}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_header_encodes_parts() {
        // "a:b c" → "a%3Ab+c"
        assert_eq!(
            basic_header("id", "a:b c"),
            format!("Basic {}", STANDARD.encode("id:a%3Ab+c"))
        );
    }

    #[test]
    fn methods_match_credentials() {
        let secret = Credential::Secret("s".into());
        assert!(secret.supports(ClientAuthMethod::ClientSecretBasic));
        assert!(!secret.supports(ClientAuthMethod::PrivateKeyJwt));
        assert!(!Credential::None.supports(ClientAuthMethod::ClientSecretPost));
        assert_eq!(Credential::Mtls.default_method(), ClientAuthMethod::TlsClientAuth);
    }
}
