//! v4's `UserInfoClient`.

use std::collections::BTreeMap;
use std::time::Duration;

use secrecy::SecretString;

use super::AuthApiError;
use crate::legacy::{ApiResponse, DEFAULT_TIMEOUT, RetryConfiguration};

/// v4's `UserInfoClient` options: `{ domain } & ClientOptions`.
#[derive(Clone, Debug)]
pub struct UserInfoClientOptions {
    /// `domain`.
    pub domain: String,
    /// `telemetry` (default `true`).
    pub telemetry: bool,
    /// `headers`: added to every request.
    pub headers: BTreeMap<String, String>,
    /// `timeoutDuration` (default 10 s).
    pub timeout_duration: Duration,
    /// `retry`.
    pub retry: RetryConfiguration,
    /// Not a v4 option: the base URL instead of `https://{domain}` (tests).
    pub base_url: Option<String>,
}

impl Default for UserInfoClientOptions {
    fn default() -> Self {
        UserInfoClientOptions {
            domain: String::new(),
            telemetry: true,
            headers: BTreeMap::new(),
            timeout_duration: DEFAULT_TIMEOUT,
            retry: RetryConfiguration::default(),
            base_url: None,
        }
    }
}

/// v4's `UserInfoResponse`: the OIDC claims (`sub`, `name`, `email`…), with any others.
pub type UserInfoResponse = crate::authentication::UserInfo;

/// v4's `UserInfoClient`.
#[derive(Clone, Debug)]
pub struct UserInfoClient {
    inner: crate::authentication::UserInfoClient,
}

impl UserInfoClient {
    /// v4's `new UserInfoClient({ domain, … })`. `headers` are not supported by the
    /// user-info client underneath and must be empty.
    pub fn new(options: UserInfoClientOptions) -> Result<UserInfoClient, crate::Error> {
        if !options.headers.is_empty() {
            return Err(crate::Error::config("UserInfoClient does not support `headers`"));
        }
        let config = crate::ClientConfig::builder()
            .timeout(options.timeout_duration)
            .retry_policy(options.retry.policy())
            .telemetry(options.telemetry)
            .build()?;
        let mut b = crate::authentication::UserInfoClient::builder(options.domain).config(&config);
        if let Some(url) = options.base_url {
            b = b.base_url(url);
        }
        Ok(UserInfoClient { inner: b.build()? })
    }

    /// v4's `userInfo.getUserInfo(accessToken)`: `GET /userinfo` with the token as bearer.
    pub async fn get_user_info(
        &self,
        access_token: impl Into<SecretString>,
    ) -> Result<ApiResponse<UserInfoResponse>, AuthApiError> {
        let token = access_token.into();
        Ok(ApiResponse::from_response(
            self.inner.get(&token).send_with_raw().await?,
        ))
    }
}
