//! One reconnecting Redis client, shared by the token cache and the governor.

use std::fmt;
use std::sync::{Arc, Once};
use std::time::Duration;

use fred::prelude::{ClientLike, Config, ReconnectPolicy};
use secrecy::{ExposeSecret, SecretString};

use crate::runtime::{BoxError, Error};

/// How long one Redis command may take before it counts as failed. The runtime bounds every
/// store call at 500 ms anyway; this keeps fred from queueing commands for longer while it
/// reconnects.
const DEFAULT_COMMAND_TIMEOUT: Duration = Duration::from_millis(400);

/// How long connecting may take.
const CONNECT_TIMEOUT: Duration = Duration::from_millis(500);

/// Pause between reconnection attempts while Redis is away (attempts never stop).
const RECONNECT_DELAY_MS: u32 = 250;

/// A connection to one Redis server (`redis://` or `rediss://` for TLS), with a key prefix
/// for everything this SDK stores. Cheap to clone; clones share the connection.
///
/// It connects on first use, from inside the Tokio runtime that uses it, and reconnects by
/// itself after Redis restarts. `Debug` shows the server and prefix, never credentials.
#[derive(Clone)]
pub struct RedisConnection {
    inner: Arc<Inner>,
}

struct Inner {
    client: fred::clients::Client,
    started: Once,
    prefix: String,
    /// `scheme://host:port/db`, without credentials.
    display: String,
}

impl RedisConnection {
    /// Starts configuring a connection to `url`: `redis://[user[:password]@]host[:port][/db]`
    /// or `rediss://…` (TLS, checked against the system's root certificates). User and
    /// password are Redis ACL credentials; percent-encode special characters.
    pub fn builder(url: impl Into<String>) -> RedisConnectionBuilder {
        RedisConnectionBuilder {
            url: SecretString::from(url.into()),
            prefix: String::from("auth0:"),
            username: None,
            password: None,
            command_timeout: DEFAULT_COMMAND_TIMEOUT,
            tls_ca_pem: None,
        }
    }

    /// The prefix of every key this SDK stores.
    pub fn key_prefix(&self) -> &str {
        &self.inner.prefix
    }

    /// The underlying fred client (connecting it if this is its first use), to share this
    /// connection with other fred users: e.g. `web::RedisStore::new(redis.fred_client()?)`
    /// keeps a web app's sessions on the same connection as its tokens. Call it inside a Tokio
    /// runtime.
    pub fn fred_client(&self) -> Result<fred::clients::Client, Error> {
        self.client().cloned().map_err(|e| Error::config(e.to_string()))
    }

    /// `prefix` + `name`.
    pub(crate) fn key(&self, name: &str) -> String {
        format!("{}{name}", self.inner.prefix)
    }

    /// The client, connecting on first use. Commands sent while it (re)connects wait up to
    /// the command timeout.
    pub(crate) fn client(&self) -> Result<&fred::clients::Client, BoxError> {
        if tokio::runtime::Handle::try_current().is_err() {
            return Err("the Redis connection is used outside a Tokio runtime".into());
        }
        self.inner.started.call_once(|| {
            // The task drives the connection and its reconnections for the client's life.
            drop(self.inner.client.connect());
        });
        Ok(&self.inner.client)
    }
}

impl fmt::Debug for RedisConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisConnection")
            .field("server", &self.inner.display)
            .field("key_prefix", &self.inner.prefix)
            .finish_non_exhaustive()
    }
}

/// Configures a [`RedisConnection`]. `Debug` never shows the URL (it may hold a password).
#[must_use]
pub struct RedisConnectionBuilder {
    url: SecretString,
    prefix: String,
    username: Option<String>,
    password: Option<SecretString>,
    command_timeout: Duration,
    tls_ca_pem: Option<Vec<u8>>,
}

impl RedisConnectionBuilder {
    /// For `rediss://`: trusts the certificate authorities in `pem` (one or more PEM
    /// certificates, e.g. your platform's private CA) instead of the system's roots. The
    /// server's certificate must still name the URL's host.
    pub fn tls_ca_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.tls_ca_pem = Some(pem.into());
        self
    }

    /// The prefix of every key (default `auth0:`); give each application or environment
    /// sharing a Redis its own.
    pub fn key_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// Redis ACL credentials, instead of (or overriding) those in the URL.
    pub fn credentials(mut self, username: impl Into<String>, password: impl Into<SecretString>) -> Self {
        self.username = Some(username.into());
        self.password = Some(password.into());
        self
    }

    /// How long one command may take (default 400 ms).
    pub fn command_timeout(mut self, timeout: Duration) -> Self {
        self.command_timeout = timeout;
        self
    }

    /// Checks the URL and prepares the client; does not connect (that happens on first use,
    /// so a Redis that is down at start-up delays nothing).
    pub fn build(self) -> Result<RedisConnection, Error> {
        let raw = self.url.expose_secret();
        let parsed = url::Url::parse(raw).map_err(|_| invalid_url())?;
        if !matches!(parsed.scheme(), "redis" | "rediss") || parsed.host_str().is_none() {
            return Err(invalid_url());
        }
        let display = format!(
            "{}://{}:{}{}",
            parsed.scheme(),
            parsed.host_str().unwrap_or_default(),
            parsed.port().unwrap_or(6379),
            parsed.path()
        );
        // fred's own messages may quote the URL, password included: report ours instead.
        let mut config = Config::from_url_centralized(raw).map_err(|_| invalid_url())?;
        if let Some(username) = self.username {
            config.username = Some(username);
        }
        if let Some(password) = self.password {
            config.password = Some(password.expose_secret().to_owned());
        }
        if let Some(pem) = &self.tls_ca_pem {
            if parsed.scheme() != "rediss" {
                return Err(Error::config(
                    "a TLS certificate authority was given for a redis:// URL; use rediss://",
                ));
            }
            config.tls = Some(fred::types::config::TlsConnector::from(tls_with_roots(pem)?).into());
        }
        // Keep trying to connect when Redis is down at start-up, instead of giving up.
        config.fail_fast = false;
        let client = fred::types::Builder::from_config(config)
            .with_connection_config(|c| {
                c.connection_timeout = CONNECT_TIMEOUT;
                c.internal_command_timeout = self.command_timeout;
                c.max_command_attempts = 1;
            })
            .with_performance_config(|p| {
                p.default_command_timeout = self.command_timeout;
            })
            .set_policy(ReconnectPolicy::new_constant(0, RECONNECT_DELAY_MS))
            .build()
            .map_err(|_| Error::config("the Redis client could not be created from this URL"))?;
        Ok(RedisConnection {
            inner: Arc::new(Inner {
                client,
                started: Once::new(),
                prefix: self.prefix,
                display,
            }),
        })
    }
}

/// A rustls client config that trusts only the CAs in `pem`.
fn tls_with_roots(pem: &[u8]) -> Result<rustls::ClientConfig, Error> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let bad = || Error::config("the Redis TLS certificate authority is not a PEM certificate");
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(pem) {
        roots.add(cert.map_err(|_| bad())?).map_err(|_| bad())?;
    }
    if roots.is_empty() {
        return Err(bad());
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::config(format!("TLS for Redis could not be set up: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

fn invalid_url() -> Error {
    Error::config("the Redis URL is not valid: expected redis://[user[:password]@]host[:port][/db] or rediss://…")
}

impl fmt::Debug for RedisConnectionBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisConnectionBuilder")
            .field("key_prefix", &self.prefix)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_checked_and_credentials_never_shown() {
        let conn = RedisConnection::builder("redis://app:s3cret@127.0.0.1:6390/2")
            .build()
            .unwrap();
        let shown = format!("{conn:?}");
        assert!(shown.contains("redis://127.0.0.1:6390/2"), "{shown}");
        assert!(!shown.contains("s3cret") && !shown.contains("app"), "{shown}");
        assert_eq!(conn.key("x"), "auth0:x");
        for bad in ["127.0.0.1:6379", "http://127.0.0.1", "redis://", "redis://:pw@/0"] {
            let err = RedisConnection::builder(bad).build().unwrap_err().to_string();
            assert!(err.contains("Redis URL") && !err.contains("pw"), "{bad}: {err}");
        }
        assert!(RedisConnection::builder("rediss://h:6380").build().is_ok());
        let builder = RedisConnection::builder("redis://u:hunter2@h").credentials("u", "hunter3");
        assert!(!format!("{builder:?}").contains("hunter"));
        let not_pem = RedisConnection::builder("rediss://h").tls_ca_pem("junk").build();
        assert!(not_pem.unwrap_err().to_string().contains("PEM"));
        let plain = RedisConnection::builder("redis://h").tls_ca_pem("junk").build();
        assert!(plain.unwrap_err().to_string().contains("rediss://"));
    }
}
