//! How the application proves its identity to the Authentication API.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Map, Value};

use crate::runtime::token::client_assertion::CLIENT_ASSERTION_TYPE;
use crate::runtime::{ClientAssertionSigner, Error, RequestOptions};

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

/// Parameters to add to a body, and headers to add to the request.
pub(crate) struct Applied {
    pub(crate) params: Vec<(&'static str, String)>,
    pub(crate) basic: Option<String>,
}

impl ClientAuth {
    /// Whether the application can authenticate itself (it is not a public client).
    pub(crate) fn is_confidential(&self) -> bool {
        !matches!(self.credential, Credential::None)
    }

    /// `client_id` plus this method's credentials, as body parameters or a Basic header.
    pub(crate) fn apply(&self) -> Result<Applied, Error> {
        let mut params = vec![("client_id", self.client_id.clone())];
        let mut basic = None;
        match (&self.credential, self.method) {
            (Credential::Secret(secret), ClientAuthMethod::ClientSecretPost) => {
                params.push(("client_secret", secret.expose_secret().to_owned()));
            }
            (Credential::Secret(secret), ClientAuthMethod::ClientSecretBasic) => {
                basic = Some(basic_header(&self.client_id, secret.expose_secret()));
            }
            (Credential::PrivateKey(signer), _) => {
                let assertion = signer.sign(&self.client_id, &self.assertion_audience)?;
                params.push(("client_assertion_type", CLIENT_ASSERTION_TYPE.to_owned()));
                params.push(("client_assertion", assertion.expose_secret().to_owned()));
            }
            _ => {}
        }
        Ok(Applied { params, basic })
    }

    /// Adds client authentication to a form body and the request options.
    pub(crate) fn apply_form(
        &self,
        form: &mut Vec<(String, String)>,
        options: &mut RequestOptions,
    ) -> Result<(), Error> {
        let applied = self.apply()?;
        for (k, v) in applied.params {
            form.push((k.to_owned(), v));
        }
        if let Some(basic) = applied.basic {
            options.headers.push(("authorization".to_owned(), basic));
        }
        Ok(())
    }

    /// Adds client authentication to a JSON body and the request options. On endpoints
    /// whose `Authorization` header carries a bearer token (`/mfa/associate`),
    /// `header_taken` puts a `client_secret_basic` secret in the body instead.
    pub(crate) fn apply_json(
        &self,
        body: &mut Map<String, Value>,
        options: &mut RequestOptions,
        header_taken: bool,
    ) -> Result<(), Error> {
        let applied = self.apply()?;
        for (k, v) in applied.params {
            body.insert(k.to_owned(), Value::String(v));
        }
        if applied.basic.is_some() {
            if header_taken {
                if let Credential::Secret(secret) = &self.credential {
                    body.insert(
                        "client_secret".to_owned(),
                        Value::String(secret.expose_secret().to_owned()),
                    );
                }
            } else if let Some(basic) = applied.basic {
                options.headers.push(("authorization".to_owned(), basic));
            }
        }
        Ok(())
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
