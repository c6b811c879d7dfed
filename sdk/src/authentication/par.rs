//! Pushed authorization requests (RFC 9126).

use serde::Deserialize;

use super::api::oauth::PushAuthorizationRequestRequest;
use super::authorize_url::{AuthorizeUrl, AuthorizeUrlBuilder, par_url};
use crate::runtime::{Body, Error};

/// The answer to a pushed authorization request.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct PushedAuthorization {
    /// The `request_uri` standing for the pushed parameters.
    pub request_uri: String,
    /// Seconds the `request_uri` can be used.
    pub expires_in: u64,
    /// The login to remember until the callback; its `url` is the `/authorize` URL with
    /// only `client_id` and `request_uri`.
    pub login: AuthorizeUrl,
}

#[derive(Deserialize)]
struct RawPar {
    request_uri: String,
    expires_in: u64,
}

impl AuthorizeUrlBuilder {
    /// Sends these parameters to `POST /oauth/par` (form-encoded, with client
    /// authentication) and returns the `request_uri` with the `/authorize` URL that uses it.
    pub async fn push(self) -> Result<PushedAuthorization, Error> {
        let core = self.core().clone();
        let form: Vec<(String, String)> = self
            .params()
            .iter()
            .filter(|(k, _)| k != "client_id")
            .cloned()
            .collect();
        let options = self.request_options().clone();
        let mut login = self.build()?;
        let raw = core
            .send::<RawPar>(&PushAuthorizationRequestRequest::OPERATION, Body::Form(form), options)
            .await?
            .data;
        login.url = par_url(&core, &raw.request_uri)?;
        Ok(PushedAuthorization {
            request_uri: raw.request_uri,
            expires_in: raw.expires_in,
            login,
        })
    }
}
