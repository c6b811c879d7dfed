//! Device authorization (RFC 8628): a device code, then polling.

use std::fmt;

use secrecy::SecretString;
use serde::Deserialize;

use super::api::oauth::RequestDeviceCodeRequest;
use super::core::AuthCore;
use crate::runtime::{Body, Error, RequestOptions, Response, option_setters};

/// A `POST /oauth/device/code` request.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent with `.send().await`"]
pub struct DeviceCodeRequest {
    pub(crate) core: AuthCore,
    pub(crate) form: Vec<(String, String)>,
    pub(crate) options: RequestOptions,
}

option_setters!(for DeviceCodeRequest);

/// What to show the user, and the device code to poll with. `Debug` hides `device_code`.
#[derive(Clone, Deserialize)]
#[non_exhaustive]
pub struct DeviceAuthorization {
    /// The code the device polls with.
    #[serde(deserialize_with = "super::params::deserialize_secret")]
    pub device_code: SecretString,
    /// The code the user types in.
    pub user_code: String,
    /// Where the user goes.
    pub verification_uri: String,
    /// The same with the code filled in (for a QR code).
    pub verification_uri_complete: Option<String>,
    /// Seconds until the codes expire.
    pub expires_in: u64,
    /// Seconds to wait between polls.
    pub interval: Option<u64>,
}

impl fmt::Debug for DeviceAuthorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceAuthorization")
            .field("device_code", &"[REDACTED]")
            .field("user_code", &self.user_code)
            .field("verification_uri", &self.verification_uri)
            .field("verification_uri_complete", &self.verification_uri_complete)
            .field("expires_in", &self.expires_in)
            .field("interval", &self.interval)
            .finish()
    }
}

impl DeviceCodeRequest {
    fn param(mut self, name: &str, value: impl Into<String>) -> Self {
        super::params::set_param(&mut self.form, name, value);
        self
    }

    /// `scope`.
    pub fn scope(self, scope: impl Into<String>) -> Self {
        self.param("scope", scope)
    }

    /// `audience`.
    pub fn audience(self, audience: impl Into<String>) -> Self {
        self.param("audience", audience)
    }

    /// Sends the request.
    pub async fn send(self) -> Result<DeviceAuthorization, Error> {
        Ok(self.send_with_raw().await?.data)
    }

    /// Like [`send`](Self::send), with the response's status and headers.
    pub async fn send_with_raw(self) -> Result<Response<DeviceAuthorization>, Error> {
        self.core
            .send(
                &RequestDeviceCodeRequest::OPERATION,
                Body::Form(self.form),
                self.options,
            )
            .await
    }
}
