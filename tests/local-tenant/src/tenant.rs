//! The [`LocalTenant`] handle: start, addresses, credentials, faults, recordings, shutdown.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::config::{LocalTenantBuilder, TenantConfig};
use crate::errors::StartError;
use crate::faults::Faults;
use crate::keys::SigningKey;
use crate::recording::{RecordedRequest, Recorder};
use crate::state::{AppState, Shared};

/// A seeded user's sign-in details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantUser {
    /// Full user id, e.g. `auth0|65f0...`.
    pub user_id: String,
    /// Email (the username for the password grants and the `login_hint` for `/authorize`).
    pub email: String,
    /// Password.
    pub password: String,
}

/// A running local Auth0 tenant. Dropping it stops the server and closes its connections.
///
/// ```no_run
/// # async fn demo() -> Result<(), auth0_local_tenant::StartError> {
/// let tenant = auth0_local_tenant::LocalTenant::start().await?;
/// let token_url = format!("{}/oauth/token", tenant.base_url());
/// let (id, secret) = (tenant.client_id(), tenant.client_secret());
/// # Ok(()) }
/// ```
pub struct LocalTenant {
    state: Shared,
    addr: SocketAddr,
    users: Vec<TenantUser>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl LocalTenant {
    /// Starts a tenant with the defaults on `127.0.0.1` and an ephemeral port.
    pub async fn start() -> Result<Self, StartError> {
        Self::builder().start().await
    }

    /// Options: port, RBAC, seed data, token lifetime, audience, fallback, rate limits.
    pub fn builder() -> LocalTenantBuilder {
        LocalTenantBuilder::new()
    }

    pub(crate) async fn start_with(config: TenantConfig) -> Result<Self, StartError> {
        let listener = TcpListener::bind(("127.0.0.1", config.port))
            .await
            .map_err(|source| StartError::Bind {
                port: config.port,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| StartError::Bind {
            port: config.port,
            source,
        })?;
        // Key generation is CPU-bound; keep it off the async worker.
        let make_key = if config.shared_signing_key {
            SigningKey::shared
        } else {
            SigningKey::generate
        };
        let key = tokio::task::spawn_blocking(make_key)
            .await
            .map_err(|e| StartError::SigningKey(e.to_string()))??;
        let base_url = format!("http://{addr}");
        let domain = addr.to_string();
        let management_audiences = vec![
            format!("https://{domain}/api/v2/"),
            format!("https://{domain}/api/v2"),
            format!("{base_url}/api/v2/"),
            format!("{base_url}/api/v2"),
        ];
        let my_account_audiences = vec![format!("https://{domain}/me/"), format!("{base_url}/me/")];
        let my_organization_audiences = vec![format!("https://{domain}/my-org/"), format!("{base_url}/my-org/")];
        let (mut store, users) = crate::seed::seed(&config, &management_audiences[0])?;
        crate::my_apis::seed(
            &mut store,
            &config.m2m.client_id,
            &my_account_audiences[0],
            &my_organization_audiences[0],
        );
        let state = Arc::new(AppState {
            faults: Faults::new(config.rate_limit),
            recorder: Recorder::new(config.record_limit),
            verified_tokens: Default::default(),
            config,
            key,
            store: Mutex::new(store),
            base_url,
            domain,
            management_audiences,
            my_account_audiences,
            my_organization_audiences,
        });
        let app = crate::router::build(state.clone());
        let (tx, rx) = oneshot::channel();
        let task = tokio::spawn(crate::server::serve(listener, app, rx));
        Ok(Self {
            state,
            addr,
            users,
            shutdown: Some(tx),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT` (no trailing slash). The Management API is under `/api/v2`.
    pub fn base_url(&self) -> &str {
        &self.state.base_url
    }

    /// `127.0.0.1:PORT`, what an SDK calls the tenant's domain.
    pub fn domain(&self) -> &str {
        &self.state.domain
    }

    /// The socket address the tenant listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `{base_url}/`, the `iss` of every token.
    pub fn issuer(&self) -> String {
        self.state.issuer()
    }

    /// `{base_url}/api/v2`, the Management API's base URL.
    pub fn management_url(&self) -> String {
        format!("{}/api/v2", self.state.base_url)
    }

    /// `https://{domain}/api/v2/`, the Management API audience Auth0 SDKs request.
    /// (`{base_url}/api/v2/` is accepted as well.)
    pub fn management_audience(&self) -> &str {
        &self.state.management_audiences[0]
    }

    /// The custom API's identifier (see [`LocalTenantBuilder::audience`]).
    pub fn api_audience(&self) -> &str {
        &self.state.config.audience
    }

    /// `{base_url}/me/v1`, the My Account API's base URL.
    pub fn my_account_url(&self) -> String {
        format!("{}/me/v1", self.state.base_url)
    }

    /// The My Account API audience, `https://{domain}/me/` (`{base_url}/me/` is accepted as
    /// well). Users get tokens for it with the password grant.
    pub fn my_account_audience(&self) -> &str {
        &self.state.my_account_audiences[0]
    }

    /// `{base_url}/my-org/v1`, the My Organization API's base URL.
    pub fn my_organization_url(&self) -> String {
        format!("{}/my-org/v1", self.state.base_url)
    }

    /// The My Organization API audience, `https://{domain}/my-org/` (`{base_url}/my-org/` is
    /// accepted as well). The seeded M2M client is granted every scope on it; its tokens need
    /// an `organization`.
    pub fn my_organization_audience(&self) -> &str {
        &self.state.my_organization_audiences[0]
    }

    /// `{base_url}/oauth/token`.
    pub fn token_url(&self) -> String {
        format!("{}/oauth/token", self.state.base_url)
    }

    /// The seeded machine-to-machine client's id.
    pub fn client_id(&self) -> &str {
        &self.state.config.m2m.client_id
    }

    /// The seeded machine-to-machine client's secret.
    pub fn client_secret(&self) -> &str {
        self.state.config.m2m.client_secret.as_deref().unwrap_or_default()
    }

    /// The seeded users (defaults first, then those added with the builder).
    pub fn users(&self) -> &[TenantUser] {
        &self.users
    }

    /// The public JWKS (`/.well-known/jwks.json`).
    pub fn jwks(&self) -> Value {
        self.state.key.jwks()
    }

    /// Mints a Management API access token for the seeded M2M client with exactly `scopes`,
    /// without an HTTP round trip (handy for scope tests).
    pub fn management_token(&self, scopes: &[&str]) -> String {
        let audience = self.management_audience().to_owned();
        crate::oauth::issue::machine_token(
            &self.state,
            &self.state.store(),
            &self.state.config.m2m.client_id,
            &audience,
            &scopes.join(" "),
            None,
        )
    }

    /// Mints a My Account API token for user `user_id` with exactly `scopes`, without an HTTP
    /// round trip (the password grant with audience [`my_account_audience`](Self::my_account_audience)
    /// gets one over HTTP).
    pub fn my_account_token(&self, user_id: &str, scopes: &[&str]) -> String {
        crate::oauth::issue::user_access_token(
            &self.state,
            &self.state.config.m2m.client_id,
            user_id,
            self.my_account_audience(),
            &scopes.join(" "),
        )
    }

    /// Mints a My Organization API token for the seeded M2M client in organization `org_id`
    /// with exactly `scopes`, without an HTTP round trip (handy for scope tests).
    pub fn my_organization_token(&self, org_id: &str, scopes: &[&str]) -> String {
        crate::oauth::issue::machine_token(
            &self.state,
            &self.state.store(),
            &self.state.config.m2m.client_id,
            self.my_organization_audience(),
            &scopes.join(" "),
            Some(org_id),
        )
    }

    /// Signs arbitrary `claims` with the tenant's key (RS256, its `kid`), without an HTTP round
    /// trip: e.g. an OpenID back-channel logout token for a web app under test.
    pub fn sign_claims(&self, claims: &Value) -> String {
        self.state.key.sign(claims)
    }

    /// Fault and rate-limit injection rules; changes apply to the next request.
    pub fn faults(&self) -> &Faults {
        &self.state.faults
    }

    /// Every request received so far (up to the record limit), oldest first.
    pub fn recorded_requests(&self) -> Vec<RecordedRequest> {
        self.state.recorder.snapshot()
    }

    /// Forgets the recorded requests.
    pub fn clear_recorded_requests(&self) {
        self.state.recorder.clear();
    }

    /// Stops serving and waits for the server task to end.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for LocalTenant {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        // Aborting also drops the connection set, closing keep-alive connections at once.
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

impl std::fmt::Debug for LocalTenant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalTenant")
            .field("base_url", &self.state.base_url)
            .finish_non_exhaustive()
    }
}
