//! What every Authentication API flow stands on: the application's transports (which carry
//! its client authentication), the ID-token validator and the polling defaults.
//!
//! Flow builders hold an [`AuthCore`] rather than the [`AuthenticationClient`](super::AuthenticationClient)
//! itself, so the client can construct every flow while no flow depends on the client.

use std::fmt;
use std::sync::Arc;

use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;

use super::poll_settings::PollSettings;
use crate::jwt::{IdTokenExpectations, IdTokenValidator};
use crate::runtime::{Body, Call, ClientAuth, Error, OperationSpec, RequestOptions, Response, TokenSet, Transport};

/// The shared state of an [`AuthenticationClient`](super::AuthenticationClient). Cheap to clone.
#[derive(Clone)]
pub(crate) struct AuthCore {
    inner: Arc<Inner>,
}

struct Inner {
    auth: ClientAuth,
    /// `https://{domain}`: user info, sign-up, and the base of browser URLs.
    transport: Transport,
    /// Where client-authenticated requests go: `https://mtls.{domain}` with mutual TLS,
    /// otherwise the same as `transport`.
    backchannel: Transport,
    validator: IdTokenValidator,
    poll: PollSettings,
}

impl fmt::Debug for AuthCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("AuthenticationClient")
            .field("base_url", &inner.transport.base_url())
            .field("backchannel_url", &inner.backchannel.base_url())
            .field("client_id", &inner.auth.client_id)
            .field("credential", &inner.auth.credential)
            .field("auth_method", &inner.auth.method)
            .field("id_token_validator", &inner.validator)
            .finish_non_exhaustive()
    }
}

impl AuthCore {
    pub(crate) fn new(
        auth: ClientAuth,
        transport: Transport,
        backchannel: Transport,
        validator: IdTokenValidator,
        poll: PollSettings,
    ) -> AuthCore {
        AuthCore {
            inner: Arc::new(Inner {
                auth,
                transport,
                backchannel,
                validator,
                poll,
            }),
        }
    }

    pub(crate) fn auth(&self) -> &ClientAuth {
        &self.inner.auth
    }

    pub(crate) fn transport(&self) -> &Transport {
        &self.inner.transport
    }

    pub(crate) fn backchannel(&self) -> &Transport {
        &self.inner.backchannel
    }

    pub(crate) fn validator(&self) -> &IdTokenValidator {
        &self.inner.validator
    }

    pub(crate) fn poll(&self) -> &PollSettings {
        &self.inner.poll
    }

    /// The tenant's issuer, `https://{domain}/`.
    pub(crate) fn issuer(&self) -> &str {
        &self.inner.auth.assertion_audience
    }

    /// The call for one Authentication API operation and the transport to send it on.
    /// Operations that take client authentication go to the back channel, where the runtime
    /// adds the client's credentials; the others only identify the application (`client_id`,
    /// unless the body names one).
    pub(crate) fn call(
        &self,
        op: &'static OperationSpec,
        mut body: Body,
        options: RequestOptions,
    ) -> (&Transport, Call) {
        let transport = if op.client_auth {
            self.backchannel()
        } else {
            identify(&mut body, &self.inner.auth.client_id);
            self.transport()
        };
        let mut call = Call::new(op, &[]);
        call.body = body;
        call.options(options);
        (transport, call)
    }

    /// Sends one operation (see [`call`](Self::call)) and decodes its JSON answer.
    pub(crate) async fn send<T: DeserializeOwned>(
        &self,
        op: &'static OperationSpec,
        body: Body,
        options: RequestOptions,
    ) -> Result<Response<T>, Error> {
        let (transport, call) = self.call(op, body, options);
        transport.send_json::<T>(call).await
    }

    /// Validates the `id_token` of `tokens`, if any, and stores its claims. An expected
    /// nonce, `max_age` or organization with no ID token is an error.
    pub(crate) async fn validate_tokens(
        &self,
        mut tokens: TokenSet,
        expect: &IdTokenExpectations,
    ) -> Result<TokenSet, Error> {
        match &tokens.id_token {
            Some(id_token) => {
                let claims = self.inner.validator.validate(id_token.expose_secret(), expect).await?;
                tokens.id_token_claims = Some(claims);
                Ok(tokens)
            }
            None if expect.nonce.is_some() || expect.max_age.is_some() || expect.organization.is_some() => {
                Err(Error::MissingIdToken)
            }
            None => Ok(tokens),
        }
    }
}

/// Adds `client_id` to a body that does not name one.
fn identify(body: &mut Body, client_id: &str) {
    match body {
        Body::Form(pairs) => {
            if !pairs.iter().any(|(k, _)| k == "client_id") {
                pairs.insert(0, ("client_id".to_owned(), client_id.to_owned()));
            }
        }
        Body::Json(bytes) => {
            if let Ok(serde_json::Value::Object(mut map)) = serde_json::from_slice::<serde_json::Value>(bytes) {
                if !map.contains_key("client_id") {
                    map.insert("client_id".to_owned(), client_id.into());
                    if let Ok(encoded) = serde_json::to_vec(&map) {
                        *bytes = encoded.into();
                    }
                }
            }
        }
        Body::Empty | Body::Multipart(_) | Body::Raw { .. } => {}
    }
}
