//! Revoking a refresh token.

use secrecy::{ExposeSecret, SecretString};

use super::api::oauth::RevokeTokenRequest;
use super::client::AuthenticationClient;
use super::error::AuthError;
use crate::runtime::{Body, Call, RequestOptions, Response};

impl AuthenticationClient {
    /// Revokes a refresh token (`POST /oauth/revoke`, form-encoded, with client
    /// authentication). Access tokens cannot be revoked; they run until they expire.
    pub async fn revoke_refresh_token(&self, refresh_token: &SecretString) -> Result<Response<()>, AuthError> {
        let mut form = vec![("token".to_owned(), refresh_token.expose_secret().to_owned())];
        let mut options = RequestOptions::default();
        self.inner.auth.apply_form(&mut form, &mut options)?;
        let mut call = Call::new(&RevokeTokenRequest::OPERATION, &[]);
        call.body = Body::Form(form);
        call.options(options);
        Ok(self.inner.backchannel.send_empty(call).await?)
    }
}
