//! Assembling a [`Transport`] from a [`ClientConfig`] (crate-internal: each client builder
//! does this for its users).

use std::sync::Arc;

use super::{Inner, Transport};
use crate::runtime::client_auth::ClientAuth;
use crate::runtime::config::ClientConfig;
use crate::runtime::{Error, TokenSource};

/// What one transport adds to the shared config: where requests go and how they are
/// authenticated.
#[derive(Debug)]
#[must_use]
pub(crate) struct TransportBuilder {
    config: ClientConfig,
    base_url: String,
    token: Option<TokenSource>,
    client_auth: Option<ClientAuth>,
    custom_domain: Option<String>,
    rate_bucket: Option<String>,
}

impl TransportBuilder {
    pub(crate) fn new(config: &ClientConfig, base_url: impl Into<String>) -> TransportBuilder {
        TransportBuilder {
            config: config.clone(),
            base_url: base_url.into(),
            token: None,
            client_auth: None,
            custom_domain: None,
            rate_bucket: None,
        }
    }

    /// Paces calls with the config's rate governor, as part of the tenant-wide limit named
    /// `bucket` (the Management API's base URL: Auth0 counts per tenant).
    pub(crate) fn rate_limited(mut self, bucket: impl Into<String>) -> Self {
        self.rate_bucket = Some(bucket.into());
        self
    }

    /// Authenticates every request with tokens from `source`.
    pub(crate) fn token_source(mut self, source: TokenSource) -> Self {
        self.token = Some(source);
        self
    }

    /// Applies client authentication to the operations that take it.
    pub(crate) fn client_auth(mut self, auth: ClientAuth) -> Self {
        self.client_auth = Some(auth);
        self
    }

    /// Sends `Auth0-Custom-Domain: domain` on the operations that accept it.
    pub(crate) fn custom_domain_header(mut self, domain: Option<String>) -> Self {
        self.custom_domain = domain;
        self
    }

    pub(crate) fn build(self) -> Result<Transport, Error> {
        let base_url = validate_base_url(&self.base_url)?;
        let custom_domain = match self.custom_domain {
            Some(domain) => Some(
                http::HeaderValue::from_str(&domain)
                    .map_err(|_| Error::config("the custom domain is not a valid header value"))?,
            ),
            None => None,
        };
        Ok(Transport {
            inner: Arc::new(Inner {
                config: self.config,
                base_url,
                token: self.token,
                client_auth: self.client_auth,
                custom_domain,
                rate_bucket: self.rate_bucket,
                deferred_error: None,
            }),
        })
    }

    /// Builds, or on a configuration error returns a transport whose every call fails with
    /// that error (for infallible convenience constructors).
    pub(crate) fn build_or_deferred(self) -> Transport {
        let base_url = self.base_url.clone();
        let config = self.config.clone();
        let token = self.token.clone();
        self.build().unwrap_or_else(|e| Transport {
            inner: Arc::new(Inner {
                config,
                base_url,
                token,
                client_auth: None,
                custom_domain: None,
                rate_bucket: None,
                deferred_error: Some(e.to_string()),
            }),
        })
    }
}

/// A base URL without a trailing slash, checked once at construction.
pub(crate) fn validate_base_url(raw: &str) -> Result<String, Error> {
    let trimmed = raw.trim().trim_end_matches('/');
    let url = url::Url::parse(trimmed).map_err(|e| Error::config(format!("invalid base URL `{trimmed}`: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(Error::config(format!(
            "the base URL `{trimmed}` must be an http(s) URL with a host"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(format!(
            "the base URL `{trimmed}` must not have a query or fragment"
        )));
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked() {
        assert_eq!(
            validate_base_url("https://t.auth0.com/api/v2/").unwrap(),
            "https://t.auth0.com/api/v2"
        );
        assert_eq!(
            validate_base_url("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert!(validate_base_url("t.auth0.com").is_err());
        assert!(validate_base_url("ftp://t.auth0.com").is_err());
        assert!(validate_base_url("https://t.auth0.com/?x=1").is_err());
    }
}
