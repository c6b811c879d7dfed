//! Building `/authorize` URLs (no HTTP call).

use std::time::Duration;

use super::core::AuthCore;
use super::pkce::{Pkce, random_nonce, random_state};
use crate::jwt::IdTokenExpectations;
use crate::runtime::{Error, RequestOptions, option_setters};

/// Builds the `/authorize` URL the browser is sent to. Parameters appear in the order they
/// are set, after `response_type`, `client_id` and `redirect_uri`.
///
/// ```
/// use auth0_sdk::authentication::{AuthenticationClient, Pkce};
/// let auth = AuthenticationClient::builder()
///     .domain("example.auth0.com").client_id("abc").build().unwrap();
/// let pkce = Pkce::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
/// let login = auth.authorize_url("https://app.test/cb")
///     .scope("openid profile")
///     .state("xyz")
///     .pkce(pkce)
///     .build()
///     .unwrap();
/// assert_eq!(
///     login.url.as_str(),
///     "https://example.auth0.com/authorize?response_type=code&client_id=abc\
///      &redirect_uri=https%3A%2F%2Fapp.test%2Fcb&scope=openid+profile&state=xyz\
///      &code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
/// );
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct AuthorizeUrlBuilder {
    pub(crate) core: AuthCore,
    pub(crate) params: Vec<(String, String)>,
    pub(crate) redirect_uri: String,
    pub(crate) state: Option<String>,
    pub(crate) nonce: Option<String>,
    pub(crate) pkce: Option<Pkce>,
    pub(crate) max_age: Option<Duration>,
    pub(crate) organization: Option<String>,
    /// Used only by [`push`](Self::push), the one call this builder can make.
    pub(crate) options: RequestOptions,
}

option_setters!(for AuthorizeUrlBuilder);

/// A built `/authorize` URL and what must be remembered until the callback (in the user's
/// session): `state` to check, the PKCE verifier and the ID-token expectations to pass to
/// [`TokenRequest::login_transaction`](super::TokenRequest::login_transaction).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct AuthorizeUrl {
    /// The URL to redirect the browser to.
    pub url: url::Url,
    /// The `redirect_uri` sent.
    pub redirect_uri: String,
    /// The `state` sent; compare it with the callback's.
    pub state: Option<String>,
    /// The `nonce` sent; the ID token must carry it.
    pub nonce: Option<String>,
    /// The PKCE pair whose challenge was sent.
    pub pkce: Option<Pkce>,
    /// The `max_age` sent.
    pub max_age: Option<Duration>,
    /// The `organization` sent.
    pub organization: Option<String>,
}

impl AuthorizeUrl {
    /// The ID-token expectations this request implies (nonce, `max_age`, organization).
    pub fn expectations(&self) -> IdTokenExpectations {
        let mut expect = IdTokenExpectations::new();
        expect.nonce.clone_from(&self.nonce);
        expect.max_age = self.max_age;
        expect.organization.clone_from(&self.organization);
        expect
    }
}

impl AuthorizeUrlBuilder {
    /// Sets a query parameter, replacing one of the same name.
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        super::params::set_param(&mut self.params, name, value);
        self
    }

    /// `response_type` (default `code`).
    pub fn response_type(self, response_type: impl Into<String>) -> Self {
        self.param("response_type", response_type)
    }

    /// `scope`, e.g. `openid profile email offline_access`.
    pub fn scope(self, scope: impl Into<String>) -> Self {
        self.param("scope", scope)
    }

    /// `audience`: the API the access token is for.
    pub fn audience(self, audience: impl Into<String>) -> Self {
        self.param("audience", audience)
    }

    /// `state`, chosen by you.
    pub fn state(mut self, state: impl Into<String>) -> Self {
        let state = state.into();
        self.state = Some(state.clone());
        self.param("state", state)
    }

    /// A random `state`.
    pub fn with_state(self) -> Self {
        self.state(random_state())
    }

    /// `nonce`, chosen by you; the ID token will have to carry it.
    pub fn nonce(mut self, nonce: impl Into<String>) -> Self {
        let nonce = nonce.into();
        self.nonce = Some(nonce.clone());
        self.param("nonce", nonce)
    }

    /// A random `nonce`.
    pub fn with_nonce(self) -> Self {
        self.nonce(random_nonce())
    }

    /// `code_challenge` and `code_challenge_method=S256` of this PKCE pair.
    pub fn pkce(mut self, pkce: Pkce) -> Self {
        let challenge = pkce.challenge().to_owned();
        self.pkce = Some(pkce);
        self.param("code_challenge", challenge)
            .param("code_challenge_method", "S256")
    }

    /// A fresh PKCE pair.
    pub fn with_pkce(self) -> Self {
        self.pkce(Pkce::generate())
    }

    /// `connection`: skip Universal Login and go to this connection.
    pub fn connection(self, connection: impl Into<String>) -> Self {
        self.param("connection", connection)
    }

    /// `prompt`: `none`, `login`, `consent`, `select_account`.
    pub fn prompt(self, prompt: impl Into<String>) -> Self {
        self.param("prompt", prompt)
    }

    /// `organization` (id or name); the ID token will have to match it.
    pub fn organization(mut self, organization: impl Into<String>) -> Self {
        let organization = organization.into();
        self.organization = Some(organization.clone());
        self.param("organization", organization)
    }

    /// `invitation`: an organization invitation ticket id.
    pub fn invitation(self, invitation: impl Into<String>) -> Self {
        self.param("invitation", invitation)
    }

    /// `login_hint`.
    pub fn login_hint(self, hint: impl Into<String>) -> Self {
        self.param("login_hint", hint)
    }

    /// `max_age` in seconds; the ID token's `auth_time` will have to be this recent.
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = Some(max_age);
        self.param("max_age", max_age.as_secs().to_string())
    }

    /// `response_mode`: `query`, `fragment`, `form_post`, `web_message`.
    pub fn response_mode(self, mode: impl Into<String>) -> Self {
        self.param("response_mode", mode)
    }

    /// `ui_locales`.
    pub fn ui_locales(self, locales: impl Into<String>) -> Self {
        self.param("ui_locales", locales)
    }

    pub(crate) fn core(&self) -> &AuthCore {
        &self.core
    }

    /// The options a [`push`](Self::push) is sent with.
    pub(crate) fn request_options(&self) -> &RequestOptions {
        &self.options
    }

    pub(crate) fn params(&self) -> &[(String, String)] {
        &self.params
    }

    /// Builds the URL.
    pub fn build(self) -> Result<AuthorizeUrl, Error> {
        let url = build_url(self.core.transport().base_url(), "/authorize", &self.params)?;
        Ok(AuthorizeUrl {
            url,
            redirect_uri: self.redirect_uri,
            state: self.state,
            nonce: self.nonce,
            pkce: self.pkce,
            max_age: self.max_age,
            organization: self.organization,
        })
    }
}

/// The `/authorize` URL of a pushed authorization request: only `client_id` and `request_uri`.
pub(crate) fn par_url(core: &AuthCore, request_uri: &str) -> Result<url::Url, Error> {
    build_url(
        core.transport().base_url(),
        "/authorize",
        &[
            ("client_id".into(), core.auth().client_id.clone()),
            ("request_uri".into(), request_uri.to_owned()),
        ],
    )
}

/// `{base}{path}?{pairs}`, form-urlencoded.
pub(crate) fn build_url(base: &str, path: &str, pairs: &[(String, String)]) -> Result<url::Url, Error> {
    let mut url =
        url::Url::parse(&format!("{base}{path}")).map_err(|e| Error::invalid_request(format!("invalid URL: {e}")))?;
    if !pairs.is_empty() {
        let mut query = url.query_pairs_mut();
        for (k, v) in pairs {
            query.append_pair(k, v);
        }
    }
    Ok(url)
}
