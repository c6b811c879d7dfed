//! Where access tokens come from: a static token, a function, or a cached client-credentials
//! grant (client secret or private-key JWT).

mod cache;
pub mod client_assertion;
mod client_credentials;
mod token_set;

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use futures_util::future::BoxFuture;
use secrecy::SecretString;

use super::token_cache::TokenKey;
use super::{BoxError, Error, Transport};
pub use client_assertion::{ClientAssertionSigner, SigningAlgorithm};
pub(crate) use client_credentials::ClientCredentials;
pub use token_set::TokenSet;

/// Supplies the bearer token of each request. Cheap to clone.
///
/// ```
/// use auth0_sdk::runtime::TokenSource;
/// let fixed = TokenSource::static_token("eyJ...");
/// let from_env = TokenSource::from_fn(|| Ok(std::env::var("AUTH0_TOKEN")?.into()));
/// let fetched = TokenSource::from_async_fn(|| async { Ok("from a vault".into()) });
/// # let _ = (fixed, from_env, fetched);
/// ```
#[derive(Clone)]
pub struct TokenSource {
    provider: Arc<dyn TokenProvider>,
}

/// The behaviour behind a [`TokenSource`].
pub(crate) trait TokenProvider: Send + Sync {
    /// The token to send now.
    fn token(&self) -> BoxFuture<'_, Result<SecretString, Error>>;

    /// The token for an operation that needs `scopes`; only scope-aware sources look at them.
    fn token_for(&self, _scopes: &'static [&'static str]) -> BoxFuture<'_, Result<SecretString, Error>> {
        self.token()
    }

    /// Forgets `rejected` after a 401. Returns `true` when asking again may yield a different
    /// token (a cached source), so the request is worth one more attempt.
    fn invalidate(&self, _rejected: &SecretString) -> bool {
        false
    }

    /// A short description for `Debug`, never the token.
    fn kind(&self) -> &'static str;
}

impl TokenSource {
    /// Always sends `token`.
    pub fn static_token(token: impl Into<SecretString>) -> TokenSource {
        TokenSource::new(StaticToken(token.into()))
    }

    /// Calls `f` before every request (never cached: cache inside `f` if you need to).
    pub fn from_fn<F>(f: F) -> TokenSource
    where
        F: Fn() -> Result<SecretString, BoxError> + Send + Sync + 'static,
    {
        TokenSource::from_async_fn(move || std::future::ready(f()))
    }

    /// Awaits `f()` before every request (never cached: cache inside `f` if you need to).
    pub fn from_async_fn<F, Fut>(f: F) -> TokenSource
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<SecretString, BoxError>> + Send + 'static,
    {
        TokenSource::new(TokenFn(
            move || -> BoxFuture<'static, Result<SecretString, BoxError>> { Box::pin(f()) },
        ))
    }

    /// Calls `f` with the scopes of the operation about to be sent (from the spec's security
    /// requirements, as in its `OperationSpec::scopes`) before every request, so it can fetch
    /// or pick a token carrying them. Never cached: cache inside `f` if you need to.
    ///
    /// ```
    /// use auth0_sdk::runtime::TokenSource;
    /// let source = TokenSource::from_scoped_fn(|scopes| {
    ///     // e.g. look up a token granted `scopes.join(" ")` in your session store
    ///     Ok(format!("token-for {}", scopes.join(" ")).into())
    /// });
    /// # let _ = source;
    /// ```
    pub fn from_scoped_fn<F>(f: F) -> TokenSource
    where
        F: Fn(&'static [&'static str]) -> Result<SecretString, BoxError> + Send + Sync + 'static,
    {
        TokenSource::from_async_scoped_fn(move |scopes| std::future::ready(f(scopes)))
    }

    /// Like [`from_scoped_fn`](TokenSource::from_scoped_fn), awaiting `f(scopes)`.
    pub fn from_async_scoped_fn<F, Fut>(f: F) -> TokenSource
    where
        F: Fn(&'static [&'static str]) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<SecretString, BoxError>> + Send + 'static,
    {
        TokenSource::new(ScopedTokenFn(
            move |scopes| -> BoxFuture<'static, Result<SecretString, BoxError>> { Box::pin(f(scopes)) },
        ))
    }

    /// Runs the client-credentials grant against `auth` (a transport for `https://{domain}`
    /// carrying the client's authentication), caching the token until shortly before it
    /// expires.
    ///
    /// `refresh_leeway` is how long before expiry a new token is fetched. However many calls
    /// need a token at once, one token request is made; all of them share its outcome.
    ///
    /// The token is kept under `key` in the token cache of `auth`'s config, so clients (and,
    /// with a shared cache, processes) asking for the same token share it.
    pub(crate) fn client_credentials(
        credentials: ClientCredentials,
        auth: Transport,
        key: TokenKey,
        refresh_leeway: std::time::Duration,
    ) -> TokenSource {
        let config = auth.config().clone();
        let fetcher = client_credentials::Fetcher::new(credentials, auth);
        TokenSource::new(cache::CachedTokenSource::new(
            Arc::new(fetcher),
            key,
            config,
            refresh_leeway,
        ))
    }

    fn new(provider: impl TokenProvider + 'static) -> TokenSource {
        TokenSource {
            provider: Arc::new(provider),
        }
    }

    /// The token a request would carry now (fetching one if the source needs to).
    pub async fn token(&self) -> Result<SecretString, Error> {
        self.provider.token().await
    }

    /// The token a request for an operation needing `scopes` would carry now.
    pub async fn token_for(&self, scopes: &'static [&'static str]) -> Result<SecretString, Error> {
        self.provider.token_for(scopes).await
    }

    pub(crate) fn invalidate(&self, rejected: &SecretString) -> bool {
        self.provider.invalidate(rejected)
    }
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("TokenSource").field(&self.provider.kind()).finish()
    }
}

struct StaticToken(SecretString);

impl TokenProvider for StaticToken {
    fn token(&self) -> BoxFuture<'_, Result<SecretString, Error>> {
        Box::pin(std::future::ready(Ok(self.0.clone())))
    }
    fn kind(&self) -> &'static str {
        "static"
    }
}

struct TokenFn<F>(F);

impl<F> TokenProvider for TokenFn<F>
where
    F: Fn() -> BoxFuture<'static, Result<SecretString, BoxError>> + Send + Sync,
{
    fn token(&self) -> BoxFuture<'_, Result<SecretString, Error>> {
        let fut = (self.0)();
        Box::pin(async move { fut.await.map_err(|e| Error::Token { source: Arc::from(e) }) })
    }
    fn kind(&self) -> &'static str {
        "function"
    }
}

/// A function given each operation's scopes.
struct ScopedTokenFn<F>(F);

impl<F> TokenProvider for ScopedTokenFn<F>
where
    F: Fn(&'static [&'static str]) -> BoxFuture<'static, Result<SecretString, BoxError>> + Send + Sync,
{
    fn token(&self) -> BoxFuture<'_, Result<SecretString, Error>> {
        self.token_for(&[])
    }
    fn token_for(&self, scopes: &'static [&'static str]) -> BoxFuture<'_, Result<SecretString, Error>> {
        let fut = (self.0)(scopes);
        Box::pin(async move { fut.await.map_err(|e| Error::Token { source: Arc::from(e) }) })
    }
    fn kind(&self) -> &'static str {
        "scoped function"
    }
}
