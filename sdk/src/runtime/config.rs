//! [`ClientConfig`]: the settings every client shares — the HTTP client, retries and their
//! budget, timeouts, telemetry, hooks, the token cache and the rate-limit governor.
//!
//! Every client (`ManagementClient`, `AuthenticationClient`, `UserInfoClient`, …) is built from
//! one. Build one per tenant and hand it to each client so they share one connection pool and
//! one retry budget; a client builder given none makes a default one of its own.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::governor::{Pacer, RateGovernor};
use super::retry::BudgetState;
use super::shared_store::{SharedStore, StoreHealth};
use super::telemetry;
use super::token_cache::{MemoryTokenCache, TokenCache};
use super::{Error, Hooks, RetryBudget, RetryPolicy};

/// Default per-attempt timeout. A call's attempts together are bounded by the retry policy's
/// deadline (60 s by default).
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Default largest response body read: 16 MiB, far above any Auth0 page (a 100-user page is
/// about 0.3 MB), far below what would hurt a service.
pub(crate) const DEFAULT_MAX_RESPONSE_SIZE: usize = 16 * 1024 * 1024;

/// The settings shared by every client built from it. Cheap to clone (one `Arc`); clones
/// share the connection pool and the retry budget.
///
/// ```
/// use std::time::Duration;
/// use auth0_sdk::{AuthenticationClient, ClientConfig, ManagementClient, RetryPolicy};
/// # fn demo() -> Result<(), auth0_sdk::Error> {
/// let config = ClientConfig::builder()
///     .retry_policy(RetryPolicy::default().max_retries(5))
///     .timeout(Duration::from_secs(10))
///     .build()?;
/// let management = ManagementClient::builder()
///     .config(&config)
///     .domain("tenant.eu.auth0.com")
///     .client_secret("CLIENT_ID", "CLIENT_SECRET")
///     .build()?;
/// let auth = AuthenticationClient::builder()
///     .config(&config)
///     .domain("tenant.eu.auth0.com")
///     .client_id("CLIENT_ID")
///     .build()?;
/// # let _ = (management, auth); Ok(()) }
/// ```
#[derive(Clone)]
pub struct ClientConfig {
    inner: Arc<ConfigInner>,
}

pub(crate) struct ConfigInner {
    pub(crate) http: reqwest::Client,
    pub(crate) retry: RetryPolicy,
    /// Shared by every transport built from this config: token and API traffic alike.
    pub(crate) budget: Option<BudgetState>,
    pub(crate) timeout: Duration,
    /// The largest successful response body read; a larger one is an error.
    pub(crate) max_response_size: usize,
    /// `User-Agent` and (unless opted out) `Auth0-Client`.
    pub(crate) default_headers: http::HeaderMap,
    pub(crate) hooks: Option<Arc<dyn Hooks>>,
    /// Where client-credentials tokens are kept, shared by every client of this config.
    pub(crate) token_cache: Arc<dyn TokenCache>,
    pub(crate) token_cache_health: StoreHealth,
    /// Paces Management API calls to the tenant's rate limit.
    pub(crate) pacer: Pacer,
}

impl ClientConfig {
    /// Starts configuring shared settings.
    pub fn builder() -> ClientConfigBuilder {
        ClientConfigBuilder::default()
    }

    /// The default settings (what a client builder uses when given no config).
    pub fn new() -> Result<ClientConfig, Error> {
        ClientConfig::builder().build()
    }

    /// `given`, else the default config (one of the client's own).
    pub(crate) fn given_or_default(given: Option<&ClientConfig>) -> Result<ClientConfig, Error> {
        match given {
            Some(config) => Ok(config.clone()),
            None => ClientConfig::new(),
        }
    }

    pub(crate) fn inner(&self) -> &ConfigInner {
        &self.inner
    }

    /// The default retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The default per-attempt timeout.
    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// The underlying reqwest client.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// Whether a shared store (a token cache or rate governor other than the in-process
    /// defaults) is failing right now, so calls go on with local behaviour. See
    /// [`Hooks::on_shared_store`] to be told when that starts and ends.
    pub fn is_degraded(&self, store: SharedStore) -> bool {
        match store {
            SharedStore::TokenCache => self.inner.token_cache_health.is_degraded(),
            SharedStore::RateGovernor => self.inner.pacer.is_degraded(),
        }
    }

    /// Whether two configs are the same shared value (same pool, same retry budget).
    pub fn ptr_eq(&self, other: &ClientConfig) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("ClientConfig")
            .field("retry", &inner.retry)
            .field("retry_budget", &inner.budget.is_some())
            .field("timeout", &inner.timeout)
            .field("telemetry", &inner.default_headers.contains_key("auth0-client"))
            .field("hooks", &inner.hooks)
            .field("token_cache", &inner.token_cache)
            .field("rate_governor", &inner.pacer)
            .finish_non_exhaustive()
    }
}

/// Configures a [`ClientConfig`]. `Debug` never shows secrets.
#[derive(Debug)]
#[must_use]
pub struct ClientConfigBuilder {
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    budget: RetryBudget,
    timeout: Duration,
    max_response_size: usize,
    telemetry: bool,
    hooks: Option<Arc<dyn Hooks>>,
    token_cache: Option<Arc<dyn TokenCache>>,
    governor: Option<GovernorChoice>,
}

/// Makes the config's [`Pacer`] once the hooks it reports through are known (at `build`).
type MakePacer = Box<dyn FnOnce(Option<Arc<dyn Hooks>>) -> Pacer + Send>;

/// The governor a builder was given, waiting for `build`.
struct GovernorChoice(MakePacer);

impl fmt::Debug for GovernorChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RateGovernor")
    }
}

impl Default for ClientConfigBuilder {
    fn default() -> Self {
        ClientConfigBuilder {
            http: None,
            retry: RetryPolicy::default(),
            budget: RetryBudget::default(),
            timeout: DEFAULT_TIMEOUT,
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            telemetry: true,
            hooks: None,
            token_cache: None,
            governor: None,
        }
    }
}

impl ClientConfigBuilder {
    /// Uses your own reqwest client (proxies, TLS roots, pools, a client certificate for
    /// mutual TLS). Build it with `redirect(reqwest::redirect::Policy::none())` to keep
    /// redirects visible.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Sets the default retry policy (token requests use it too).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sets the retry budget shared by every client built from this config.
    pub fn retry_budget(mut self, budget: RetryBudget) -> Self {
        self.budget = budget;
        self
    }

    /// The largest successful response body read (default 16 MiB): a larger one fails with
    /// [`Error::ResponseTooLarge`] without being downloaded. Error bodies are read only as
    /// far as their first 8 KiB, which is what an error keeps.
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// Sets the default per-attempt timeout (30 s; the retry policy's deadline bounds the
    /// whole call).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sends the `Auth0-Client` telemetry header (default `true`).
    pub fn telemetry(mut self, enabled: bool) -> Self {
        self.telemetry = enabled;
        self
    }

    /// Installs hooks run around every attempt of every client (token requests included).
    pub fn hooks(mut self, hooks: impl Hooks) -> Self {
        self.hooks = Some(Arc::new(hooks));
        self
    }

    /// Installs shared hooks.
    pub fn shared_hooks(mut self, hooks: Arc<dyn Hooks>) -> Self {
        self.hooks = Some(hooks);
        self
    }

    /// Where client-credentials tokens are cached (default: [`MemoryTokenCache`], this
    /// process's memory). A cache shared by a fleet, such as `runtime::redis::RedisTokenCache`
    /// (feature `redis`), makes the whole fleet fetch one token per refresh instead of one per
    /// process.
    pub fn token_cache(mut self, cache: impl TokenCache) -> Self {
        self.token_cache = Some(Arc::new(cache));
        self
    }

    /// Paces Management API calls with `governor` (default:
    /// [`LocalGovernor`](super::governor::LocalGovernor), which paces this process's calls).
    /// A governor shared by a fleet, such as `runtime::redis::RedisGovernor` (feature
    /// `redis`), paces every process as one.
    pub fn rate_governor<G: RateGovernor>(mut self, governor: G) -> Self {
        self.governor = Some(GovernorChoice(Box::new(move |hooks| Pacer::new(governor, hooks))));
        self
    }

    /// Builds the config. Fails only when the default HTTP client cannot be created.
    pub fn build(mut self) -> Result<ClientConfig, Error> {
        let http = match self.http.take() {
            Some(http) => http,
            None => default_http_client()?,
        };
        Ok(self.finish(http))
    }

    fn finish(self, http: reqwest::Client) -> ClientConfig {
        let mut default_headers = http::HeaderMap::new();
        default_headers.insert(http::header::USER_AGENT, telemetry::user_agent());
        if self.telemetry {
            default_headers.insert("auth0-client", telemetry::auth0_client_header());
        }
        let token_cache = self
            .token_cache
            .unwrap_or_else(|| Arc::new(MemoryTokenCache::new()) as Arc<dyn TokenCache>);
        let pacer = match self.governor {
            Some(GovernorChoice(make)) => make(self.hooks.clone()),
            None => Pacer::default(),
        };
        ClientConfig {
            inner: Arc::new(ConfigInner {
                http,
                retry: self.retry,
                budget: BudgetState::new(self.budget),
                timeout: self.timeout,
                max_response_size: self.max_response_size,
                default_headers,
                token_cache_health: StoreHealth::new(SharedStore::TokenCache, self.hooks.clone()),
                hooks: self.hooks,
                token_cache,
                pacer,
            }),
        }
    }
}

/// The redirect policy matters: Auth0's logout and authorize endpoints answer 302, and the
/// caller needs that response (and its `Location`), not the page it points to.
fn default_http_client() -> Result<reqwest::Client, Error> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| Error::config(format!("the HTTP client could not be created: {e}")))
}

/// The default config for infallible convenience constructors; should the default HTTP
/// client fail to build, reqwest's plain client is used instead.
pub(crate) fn fallback() -> ClientConfig {
    let http = default_http_client().unwrap_or_default();
    ClientConfigBuilder::default().finish(http)
}
