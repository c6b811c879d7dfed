//! A token cache and a rate-limit governor shared by every process of a fleet, on Redis
//! (feature `redis`).
//!
//! ```no_run
//! use auth0_sdk::{ClientConfig, ManagementClient};
//! use auth0_sdk::runtime::redis::{RedisConnection, RedisGovernor, RedisTokenCache, TokenEncryptionKey};
//! # fn demo() -> Result<(), auth0_sdk::Error> {
//! let redis = RedisConnection::builder("rediss://svc-user:password@redis.internal:6380/0")
//!     .key_prefix("billing:auth0:")
//!     .build()?;
//! let key = TokenEncryptionKey::from_base64(&std::env::var("AUTH0_TOKEN_CACHE_KEY").unwrap_or_default())?;
//! let config = ClientConfig::builder()
//!     .token_cache(RedisTokenCache::new(&redis).encryption_key(key))
//!     .rate_governor(RedisGovernor::new(&redis))
//!     .build()?;
//! let management = ManagementClient::builder()
//!     .config(&config)
//!     .domain("tenant.eu.auth0.com")
//!     .client_secret("CLIENT_ID", "CLIENT_SECRET")
//!     .build()?;
//! # let _ = management; Ok(()) }
//! ```
//!
//! When Redis is down or slow, calls go on: each process fetches its own token and paces only
//! itself, the change is logged once and reported through
//! [`Hooks::on_shared_store`](crate::runtime::Hooks::on_shared_store), and sharing resumes
//! when Redis answers again (the connection reconnects by itself).

mod connection;
mod governor;
mod seal;
mod token_cache;

pub use connection::{RedisConnection, RedisConnectionBuilder};
pub use governor::RedisGovernor;
pub use seal::TokenEncryptionKey;
pub use token_cache::RedisTokenCache;
