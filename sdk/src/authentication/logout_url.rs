//! Building logout URLs (no HTTP call).

use super::authorize_url::build_url;
use crate::runtime::Error;

/// Builds an Auth0 `/v2/logout` URL.
///
/// ```
/// # use auth0_sdk::authentication::AuthenticationClient;
/// # let auth = AuthenticationClient::builder().domain("example.auth0.com").client_id("abc").build().unwrap();
/// let url = auth.logout_url().return_to("https://app.test/").federated().build().unwrap();
/// assert_eq!(
///     url.as_str(),
///     "https://example.auth0.com/v2/logout?client_id=abc&returnTo=https%3A%2F%2Fapp.test%2F&federated"
/// );
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct LogoutUrlBuilder {
    pub(crate) base_url: String,
    pub(crate) client_id: Option<String>,
    pub(crate) return_to: Option<String>,
    pub(crate) federated: bool,
}

impl LogoutUrlBuilder {
    /// `returnTo`: where to send the browser afterwards (must be an allowed logout URL).
    pub fn return_to(mut self, url: impl Into<String>) -> Self {
        self.return_to = Some(url.into());
        self
    }

    /// `federated`: also log out of the identity provider.
    pub fn federated(mut self) -> Self {
        self.federated = true;
        self
    }

    /// Leaves out `client_id` (then `returnTo` is checked against the tenant's list).
    pub fn without_client_id(mut self) -> Self {
        self.client_id = None;
        self
    }

    /// Builds the URL.
    pub fn build(self) -> Result<url::Url, Error> {
        let mut pairs = Vec::new();
        if let Some(id) = self.client_id {
            pairs.push(("client_id".to_owned(), id));
        }
        if let Some(to) = self.return_to {
            pairs.push(("returnTo".to_owned(), to));
        }
        let mut url = build_url(&self.base_url, "/v2/logout", &pairs)?;
        if self.federated {
            url.query_pairs_mut().append_key_only("federated");
        }
        Ok(url)
    }
}

/// Builds an OpenID Connect RP-initiated logout URL (`/oidc/logout`).
///
/// ```
/// # use auth0_sdk::authentication::AuthenticationClient;
/// # let auth = AuthenticationClient::builder().domain("example.auth0.com").client_id("abc").build().unwrap();
/// let url = auth.oidc_logout_url()
///     .id_token_hint("eyJ.x.y")
///     .post_logout_redirect_uri("https://app.test/bye")
///     .state("s1")
///     .build()
///     .unwrap();
/// assert_eq!(
///     url.as_str(),
///     "https://example.auth0.com/oidc/logout?client_id=abc&id_token_hint=eyJ.x.y\
///      &post_logout_redirect_uri=https%3A%2F%2Fapp.test%2Fbye&state=s1"
/// );
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct OidcLogoutUrlBuilder {
    pub(crate) base_url: String,
    pub(crate) params: Vec<(String, String)>,
    pub(crate) federated: bool,
}

impl OidcLogoutUrlBuilder {
    fn param(mut self, name: &str, value: impl Into<String>) -> Self {
        super::params::set_param(&mut self.params, name, value);
        self
    }

    /// `id_token_hint`: the ID token of the session to end.
    pub fn id_token_hint(self, id_token: impl Into<String>) -> Self {
        self.param("id_token_hint", id_token)
    }

    /// `post_logout_redirect_uri`.
    pub fn post_logout_redirect_uri(self, uri: impl Into<String>) -> Self {
        self.param("post_logout_redirect_uri", uri)
    }

    /// `state`, passed back to the redirect URI.
    pub fn state(self, state: impl Into<String>) -> Self {
        self.param("state", state)
    }

    /// `logout_hint`: the session id (`sid`) to end.
    pub fn logout_hint(self, hint: impl Into<String>) -> Self {
        self.param("logout_hint", hint)
    }

    /// `ui_locales`.
    pub fn ui_locales(self, locales: impl Into<String>) -> Self {
        self.param("ui_locales", locales)
    }

    /// `federated`: also log out of the identity provider.
    pub fn federated(mut self) -> Self {
        self.federated = true;
        self
    }

    /// Builds the URL.
    pub fn build(self) -> Result<url::Url, Error> {
        let mut url = build_url(&self.base_url, "/oidc/logout", &self.params)?;
        if self.federated {
            url.query_pairs_mut().append_key_only("federated");
        }
        Ok(url)
    }
}
