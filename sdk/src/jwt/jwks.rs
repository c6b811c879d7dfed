//! A shared, cached JSON Web Key Set.
//!
//! Keys are fetched once and reused for the time-to-live (10 minutes by default). A token whose
//! `kid` is not in the cached set triggers one refetch (key rotation), but never more than one
//! per cool-down period (30 s by default), so a flood of tokens with made-up `kid`s cannot
//! turn into a flood of requests to the key server. Concurrent callers that need a fetch share
//! a single request. Clones share one cache.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use jsonwebtoken::{Algorithm, DecodingKey};

use super::error::{JwksError, JwtError};
use super::issuer::auth0_issuer;
use super::keys::KeySet;

/// Default time a fetched key set is used before it is fetched again.
pub const DEFAULT_JWKS_TTL: Duration = Duration::from_secs(600);
/// Default minimum time between two refetches caused by unknown `kid`s or failed fetches.
pub const DEFAULT_REFETCH_COOLDOWN: Duration = Duration::from_secs(30);
/// The largest JWKS document accepted.
const MAX_DOCUMENT_BYTES: usize = 512 * 1024;
/// Timeout of the default HTTP client.
const FETCH_TIMEOUT: Duration = Duration::from_secs(10);

/// A JSON Web Key Set, fetched over HTTPS and cached, or fixed at construction.
///
/// ```no_run
/// use auth0_sdk::jwt::JwksCache;
/// // https://example.eu.auth0.com/.well-known/jwks.json, cached for 10 minutes.
/// let jwks = JwksCache::for_auth0_domain("example.eu.auth0.com");
/// // The same cache can back several verifiers: clones share it.
/// let shared = jwks.clone();
/// # let _ = shared;
/// ```
#[derive(Clone)]
pub struct JwksCache {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for JwksCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwksCache")
            .field("url", &self.url())
            .field("ttl", &self.inner.ttl)
            .field("refetch_cooldown", &self.inner.cooldown)
            .finish_non_exhaustive()
    }
}

struct Inner {
    source: Source,
    ttl: Duration,
    cooldown: Duration,
    state: Mutex<State>,
    /// Held while fetching, so concurrent callers wait for one request instead of each
    /// sending their own.
    fetch_lock: tokio::sync::Mutex<()>,
    fetches: AtomicU64,
}

enum Source {
    Remote { url: String, http: reqwest::Client },
    Fixed,
}

#[derive(Default)]
struct State {
    keys: Option<Arc<KeySet>>,
    fetched_at: Option<Instant>,
    last_attempt: Option<Instant>,
    last_error: Option<JwksError>,
    /// When an unknown `kid` last caused a refetch.
    last_forced: Option<Instant>,
    /// Bumped after every fetch attempt, so a waiting caller can tell one happened.
    generation: u64,
}

/// Builds a [`JwksCache`] that fetches from a URL.
#[derive(Debug)]
pub struct JwksCacheBuilder {
    url: String,
    http: Option<reqwest::Client>,
    ttl: Duration,
    cooldown: Duration,
}

impl JwksCacheBuilder {
    /// Uses this HTTP client (its timeouts, proxy, TLS settings) instead of a default one with
    /// a 10 s timeout.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// How long a fetched key set is used before being fetched again (default 10 minutes).
    pub fn ttl(mut self, ttl: Duration) -> Self {
        self.ttl = ttl;
        self
    }

    /// The minimum time between refetches caused by an unknown `kid`, and between retries
    /// after a failed fetch (default 30 s).
    pub fn refetch_cooldown(mut self, cooldown: Duration) -> Self {
        self.cooldown = cooldown;
        self
    }

    /// Finishes the cache. Nothing is fetched until a key is first needed.
    pub fn build(self) -> JwksCache {
        let http = self.http.unwrap_or_else(|| {
            reqwest::Client::builder()
                .timeout(FETCH_TIMEOUT)
                .build()
                .unwrap_or_default()
        });
        JwksCache::with_source(Source::Remote { url: self.url, http }, self.ttl, self.cooldown, None)
    }
}

impl JwksCache {
    /// A cache for the key set at `url`, with the default TTL and cool-down.
    pub fn new(url: impl Into<String>) -> Self {
        Self::builder(url).build()
    }

    /// A cache for an Auth0 tenant's key set, `https://{domain}/.well-known/jwks.json`.
    ///
    /// `domain` is a host name such as `example.eu.auth0.com` (a custom domain works too); a
    /// value that already starts with `https://` or `http://` is used as the base URL as is.
    pub fn for_auth0_domain(domain: &str) -> Self {
        Self::new(format!("{}.well-known/jwks.json", auth0_issuer(domain)))
    }

    /// Starts building a cache for the key set at `url`.
    pub fn builder(url: impl Into<String>) -> JwksCacheBuilder {
        JwksCacheBuilder {
            url: url.into(),
            http: None,
            ttl: DEFAULT_JWKS_TTL,
            cooldown: DEFAULT_REFETCH_COOLDOWN,
        }
    }

    /// A fixed key set given as JWKS JSON text; it is never fetched or refreshed. Useful in
    /// tests (see `JwtSigner::jwks_json` and, with `test-util`, `LocalKey::jwks_json`) and for keys
    /// distributed out of band.
    pub fn from_json(jwks_json: &str) -> Result<Self, JwksError> {
        let keys = KeySet::from_json(jwks_json.as_bytes(), "<inline>")?;
        Ok(Self::with_source(
            Source::Fixed,
            Duration::MAX,
            Duration::MAX,
            Some(keys),
        ))
    }

    /// A fixed, empty key set (for verifiers that use only a shared secret).
    pub(crate) fn empty() -> Self {
        Self::with_source(Source::Fixed, Duration::MAX, Duration::MAX, Some(KeySet::default()))
    }

    fn with_source(source: Source, ttl: Duration, cooldown: Duration, keys: Option<KeySet>) -> Self {
        let state = State {
            fetched_at: keys.is_some().then(Instant::now),
            keys: keys.map(Arc::new),
            ..State::default()
        };
        JwksCache {
            inner: Arc::new(Inner {
                source,
                ttl,
                cooldown,
                state: Mutex::new(state),
                fetch_lock: tokio::sync::Mutex::new(()),
                fetches: AtomicU64::new(0),
            }),
        }
    }

    /// The URL keys are fetched from (`None` for a fixed key set).
    pub fn url(&self) -> Option<&str> {
        match &self.inner.source {
            Source::Remote { url, .. } => Some(url),
            Source::Fixed => None,
        }
    }

    /// How many HTTP fetches this cache (and its clones) has made.
    pub fn fetch_count(&self) -> u64 {
        self.inner.fetches.load(Ordering::Relaxed)
    }

    /// Fetches the key set now, whatever the cache holds.
    pub async fn refresh(&self) -> Result<(), JwksError> {
        let _flight = self.inner.fetch_lock.lock().await;
        self.fetch().await.map(|_| ())
    }

    /// The key to verify a token with this `kid` and algorithm, fetching or refetching the
    /// set when needed.
    pub(crate) async fn key(&self, kid: Option<&str>, alg: Algorithm) -> Result<DecodingKey, JwtError> {
        let unknown = || match kid {
            Some(kid) => JwtError::UnknownKeyId {
                kid: super::text::sanitize(kid),
            },
            None => JwtError::MissingKeyId,
        };
        let (seen_generation, forced) = {
            let state = self.state();
            if let Some(keys) = self.fresh_keys(&state) {
                if let Some(key) = keys.select(kid, alg)? {
                    return Ok(key);
                }
                if within(state.last_forced, self.inner.cooldown) || self.is_fixed() {
                    return Err(unknown());
                }
                (state.generation, true)
            } else if let Some(error) = self.failing(&state) {
                return Err(error.into());
            } else {
                (state.generation, false)
            }
        };
        let _flight = self.inner.fetch_lock.lock().await;
        let keys = {
            let mut state = self.state();
            if state.generation != seen_generation {
                // Another caller fetched while this one waited: use its result.
                match (self.fresh_keys(&state), &state.last_error) {
                    (Some(keys), _) => Some(keys),
                    (None, Some(error)) => return Err(error.clone().into()),
                    (None, None) => None,
                }
            } else {
                if forced {
                    state.last_forced = Some(Instant::now());
                }
                None
            }
        };
        let keys = match keys {
            Some(keys) => keys,
            None => self.fetch().await?,
        };
        keys.select(kid, alg)?.ok_or_else(unknown)
    }

    fn is_fixed(&self) -> bool {
        matches!(self.inner.source, Source::Fixed)
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding this lock cannot leave the state inconsistent (every update
        // is a plain assignment), so a poisoned lock is still usable.
        self.inner.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn fresh_keys(&self, state: &State) -> Option<Arc<KeySet>> {
        let keys = state.keys.as_ref()?;
        let fresh = match (&self.inner.source, state.fetched_at) {
            (Source::Fixed, _) => true,
            (Source::Remote { .. }, Some(at)) => at.elapsed() < self.inner.ttl,
            (Source::Remote { .. }, None) => false,
        };
        fresh.then(|| Arc::clone(keys))
    }

    /// The last fetch failed within the cool-down: do not try again yet.
    fn failing(&self, state: &State) -> Option<JwksError> {
        let error = state.last_error.as_ref()?;
        within(state.last_attempt, self.inner.cooldown).then(|| JwksError::CoolingDown {
            last_error: error.to_string(),
        })
    }

    /// One HTTP fetch; the caller holds `fetch_lock`.
    async fn fetch(&self) -> Result<Arc<KeySet>, JwksError> {
        let Source::Remote { url, http } = &self.inner.source else {
            return self.state().keys.clone().ok_or_else(|| JwksError::InvalidDocument {
                url: "<inline>".to_owned(),
                reason: "no keys".to_owned(),
            });
        };
        self.inner.fetches.fetch_add(1, Ordering::Relaxed);
        tracing::debug!(url = %url, "fetching JWKS");
        let result = download(http, url).await;
        let mut state = self.state();
        state.generation += 1;
        state.last_attempt = Some(Instant::now());
        match result {
            Ok(keys) => {
                let keys = Arc::new(keys);
                state.keys = Some(Arc::clone(&keys));
                state.fetched_at = state.last_attempt;
                state.last_error = None;
                Ok(keys)
            }
            Err(error) => {
                tracing::warn!(url = %url, error = %error, "JWKS fetch failed");
                state.last_error = Some(error.clone());
                Err(error)
            }
        }
    }
}

/// Whether `at` is less than `period` ago.
fn within(at: Option<Instant>, period: Duration) -> bool {
    at.is_some_and(|at| at.elapsed() < period)
}

async fn download(http: &reqwest::Client, url: &str) -> Result<KeySet, JwksError> {
    let transport = |e: reqwest::Error| JwksError::Transport {
        url: url.to_owned(),
        reason: e.without_url().to_string(),
    };
    let mut response = http
        .get(url)
        .header(http::header::ACCEPT, "application/json")
        .send()
        .await
        .map_err(transport)?;
    let status = response.status();
    if !status.is_success() {
        return Err(JwksError::Status {
            url: url.to_owned(),
            status: status.as_u16(),
        });
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        if body.len() + chunk.len() > MAX_DOCUMENT_BYTES {
            return Err(JwksError::InvalidDocument {
                url: url.to_owned(),
                reason: format!("larger than {MAX_DOCUMENT_BYTES} bytes"),
            });
        }
        body.extend_from_slice(&chunk);
    }
    KeySet::from_json(&body, url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn fixed_sets_never_fetch() {
        let cache = JwksCache::from_json(r#"{"keys":[]}"#).unwrap();
        let err = cache.key(Some("nope"), Algorithm::RS256).await.unwrap_err();
        assert!(matches!(err, JwtError::UnknownKeyId { .. }));
        assert_eq!(cache.fetch_count(), 0);
        assert_eq!(cache.url(), None);
    }

    #[test]
    fn auth0_domain_url() {
        let cache = JwksCache::for_auth0_domain("example.auth0.com");
        assert_eq!(cache.url(), Some("https://example.auth0.com/.well-known/jwks.json"));
    }

    #[test]
    fn rejects_documents_without_keys() {
        assert!(JwksCache::from_json(r#"{"kes":[]}"#).is_err());
        assert!(JwksCache::from_json("nope").is_err());
    }
}
