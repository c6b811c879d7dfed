//! Seed data and options for a tenant, set through [`LocalTenantBuilder`].

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Map, Value};

use crate::errors::StartError;
use crate::fallback::FallbackResponder;
use crate::faults::RateLimitPolicy;
use crate::tenant::LocalTenant;

/// Stands for "this tenant's Management API audience" in seed grants, resolved at start.
pub const MANAGEMENT_AUDIENCE: &str = "urn:auth0-local-tenant:management-api";

/// The default custom API audience seeded when none is configured.
pub const DEFAULT_API_AUDIENCE: &str = "https://api.local-tenant.test";

/// The database connection every tenant starts with.
pub const DEFAULT_CONNECTION: &str = "Username-Password-Authentication";

/// A user to create at start.
#[derive(Debug, Clone)]
pub struct SeedUser {
    /// Email address (also the `login_hint` / `username` for sign-in).
    pub email: String,
    /// Password for the password grants.
    pub password: String,
    /// Full `user_id` (e.g. `auth0|alice`); generated when `None`.
    pub user_id: Option<String>,
    /// Display name; defaults to the email.
    pub name: Option<String>,
    /// Whether the email is verified (default true).
    pub email_verified: bool,
    /// `app_metadata`.
    pub app_metadata: Map<String, Value>,
    /// `user_metadata`.
    pub user_metadata: Map<String, Value>,
    /// Names of seeded roles to assign.
    pub roles: Vec<String>,
    /// Whether the user is blocked (sign-in refused; default false).
    pub blocked: bool,
}

impl SeedUser {
    /// A verified user in the default database connection.
    pub fn new(email: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            email: email.into(),
            password: password.into(),
            user_id: None,
            name: None,
            email_verified: true,
            app_metadata: Map::new(),
            user_metadata: Map::new(),
            roles: Vec::new(),
            blocked: false,
        }
    }

    /// Makes the user blocked: every sign-in is refused.
    pub fn blocked(mut self) -> Self {
        self.blocked = true;
        self
    }

    /// Sets the full `user_id`.
    pub fn user_id(mut self, id: impl Into<String>) -> Self {
        self.user_id = Some(id.into());
        self
    }

    /// Sets the display name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets one `app_metadata` key.
    pub fn app_metadata(mut self, key: impl Into<String>, value: Value) -> Self {
        self.app_metadata.insert(key.into(), value);
        self
    }

    /// Assigns a seeded role by name.
    pub fn role(mut self, name: impl Into<String>) -> Self {
        self.roles.push(name.into());
        self
    }
}

/// A role to create at start, with permissions on APIs.
#[derive(Debug, Clone)]
pub struct SeedRole {
    /// Role name (unique).
    pub name: String,
    /// Description.
    pub description: String,
    /// `(api identifier, permission)` pairs; use [`DEFAULT_API_AUDIENCE`] or your audience.
    pub permissions: Vec<(String, String)>,
}

impl SeedRole {
    /// A role without permissions.
    pub fn new(name: impl Into<String>) -> Self {
        let name = name.into();
        Self {
            description: name.clone(),
            name,
            permissions: Vec::new(),
        }
    }

    /// Adds a permission on API `audience`.
    pub fn permission(mut self, audience: impl Into<String>, permission: impl Into<String>) -> Self {
        self.permissions.push((audience.into(), permission.into()));
        self
    }
}

/// An application (client) to create at start.
#[derive(Debug, Clone)]
pub struct SeedClient {
    /// `client_id`.
    pub client_id: String,
    /// `client_secret`; `None` makes a public client (PKCE, no secret).
    pub client_secret: Option<String>,
    /// Display name.
    pub name: String,
    /// PEM-encoded RSA public key for `private_key_jwt` client assertions.
    pub public_key_pem: Option<String>,
    /// Client grants: `(audience, scopes)`; [`MANAGEMENT_AUDIENCE`] means this tenant's API v2.
    pub grants: Vec<(String, Vec<String>)>,
    /// Allowed `redirect_uri`s for `/authorize`; empty allows any.
    pub callbacks: Vec<String>,
}

impl SeedClient {
    /// A confidential client with a secret.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        let client_id = client_id.into();
        Self {
            name: client_id.clone(),
            client_id,
            client_secret: Some(client_secret.into()),
            public_key_pem: None,
            grants: Vec::new(),
            callbacks: Vec::new(),
        }
    }

    /// A public client (no secret), e.g. a SPA or native app using PKCE.
    pub fn public(client_id: impl Into<String>) -> Self {
        let mut client = Self::new(client_id, "");
        client.client_secret = None;
        client
    }

    /// Sets the display name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// Registers an RSA public key (PEM, PKCS#1 or SPKI) for `private_key_jwt`.
    pub fn public_key_pem(mut self, pem: impl Into<String>) -> Self {
        self.public_key_pem = Some(pem.into());
        self
    }

    /// Grants `scopes` on API `audience` for client credentials.
    pub fn grant(mut self, audience: impl Into<String>, scopes: &[&str]) -> Self {
        self.grants
            .push((audience.into(), scopes.iter().map(|s| s.to_string()).collect()));
        self
    }

    /// Grants `scopes` on this tenant's Management API.
    pub fn management_grant(self, scopes: &[&str]) -> Self {
        self.grant(MANAGEMENT_AUDIENCE, scopes)
    }

    /// Adds an allowed callback URL.
    pub fn callback(mut self, url: impl Into<String>) -> Self {
        self.callbacks.push(url.into());
        self
    }
}

/// Everything a tenant is started with.
#[derive(Clone)]
pub(crate) struct TenantConfig {
    pub port: u16,
    pub rbac: bool,
    pub token_lifetime: Duration,
    pub audience: String,
    pub api_scopes: Vec<String>,
    pub users: Vec<SeedUser>,
    pub roles: Vec<SeedRole>,
    pub clients: Vec<SeedClient>,
    pub m2m: SeedClient,
    pub fallback: Arc<dyn FallbackResponder>,
    pub rate_limit: RateLimitPolicy,
    pub record_limit: usize,
    pub shared_signing_key: bool,
}

/// Options for [`LocalTenant`]; start with [`LocalTenant::builder`].
#[must_use]
pub struct LocalTenantBuilder {
    config: TenantConfig,
    default_users: bool,
}

impl Default for LocalTenantBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl LocalTenantBuilder {
    /// Defaults: ephemeral port, RBAC off, 24 h tokens, two seeded users
    /// (`alice@example.com` / `bob@example.com`, password `Passw0rd!`), one M2M client with every
    /// Management API scope.
    pub fn new() -> Self {
        let m2m = SeedClient::new(crate::ids::alnum(32), crate::ids::alnum(64))
            .name("Local Tenant M2M")
            .management_grant(crate::management::scopes::ALL)
            .grant(DEFAULT_API_AUDIENCE, &[]);
        Self {
            config: TenantConfig {
                port: 0,
                rbac: false,
                token_lifetime: Duration::from_secs(86_400),
                audience: DEFAULT_API_AUDIENCE.to_owned(),
                api_scopes: vec!["read:messages".into(), "write:messages".into()],
                users: Vec::new(),
                roles: Vec::new(),
                clients: Vec::new(),
                m2m,
                fallback: crate::fallback::spec_table(),
                rate_limit: RateLimitPolicy::default(),
                record_limit: 10_000,
                shared_signing_key: false,
            },
            default_users: true,
        }
    }

    /// Listen on this port (0, the default, picks a free one).
    pub fn port(mut self, port: u16) -> Self {
        self.config.port = port;
        self
    }

    /// RBAC on the custom API: user tokens only get scopes their roles grant, and every access
    /// token carries a `permissions` claim.
    pub fn rbac(mut self, enabled: bool) -> Self {
        self.config.rbac = enabled;
        self
    }

    /// Lifetime of access and id tokens (default 24 h).
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.config.token_lifetime = lifetime;
        self
    }

    /// The custom API's identifier (default [`DEFAULT_API_AUDIENCE`]); user grants without an
    /// `audience` get tokens for it.
    pub fn audience(mut self, audience: impl Into<String>) -> Self {
        let audience = audience.into();
        for (aud, _) in &mut self.config.m2m.grants {
            if aud == &self.config.audience {
                aud.clone_from(&audience);
            }
        }
        self.config.audience = audience;
        self
    }

    /// Adds a scope (permission) to the custom API; the M2M client is granted it too.
    pub fn api_scope(mut self, scope: impl Into<String>) -> Self {
        self.config.api_scopes.push(scope.into());
        self
    }

    /// Fixed credentials for the seeded M2M client (random by default).
    pub fn m2m_credentials(mut self, client_id: impl Into<String>, secret: impl Into<String>) -> Self {
        self.config.m2m.client_id = client_id.into();
        self.config.m2m.client_secret = Some(secret.into());
        self
    }

    /// Registers an RSA public key (PEM) on the seeded M2M client for `private_key_jwt`.
    pub fn m2m_public_key(mut self, pem: impl Into<String>) -> Self {
        self.config.m2m.public_key_pem = Some(pem.into());
        self
    }

    /// Limits the seeded M2M client's Management API grant to `scopes` (for 403 tests).
    pub fn m2m_management_scopes(mut self, scopes: &[&str]) -> Self {
        for (aud, granted) in &mut self.config.m2m.grants {
            if aud == MANAGEMENT_AUDIENCE {
                *granted = scopes.iter().map(|s| s.to_string()).collect();
            }
        }
        self
    }

    /// Adds a user.
    pub fn user(mut self, user: SeedUser) -> Self {
        self.config.users.push(user);
        self
    }

    /// Starts without the default `alice`/`bob` users.
    pub fn without_default_users(mut self) -> Self {
        self.default_users = false;
        self
    }

    /// Adds a role.
    pub fn role(mut self, role: SeedRole) -> Self {
        self.config.roles.push(role);
        self
    }

    /// Adds an application.
    pub fn client(mut self, client: SeedClient) -> Self {
        self.config.clients.push(client);
        self
    }

    /// Answers Management operations without a stateful handler from `responder`.
    pub fn fallback(mut self, responder: impl FallbackResponder) -> Self {
        self.config.fallback = Arc::new(responder);
        self
    }

    /// The `X-RateLimit-*` window and whether it is enforced.
    pub fn rate_limit(mut self, policy: RateLimitPolicy) -> Self {
        self.config.rate_limit = policy;
        self
    }

    /// How many requests to keep for [`LocalTenant::recorded_requests`] (default 10,000; 0 = off).
    pub fn record_limit(mut self, limit: usize) -> Self {
        self.config.record_limit = limit;
        self
    }

    /// Reuse one RSA key for every tenant of this process that asks for it, instead of
    /// generating a fresh key at start (saves ~0.1–0.5 s per start in debug builds).
    pub fn shared_signing_key(mut self, shared: bool) -> Self {
        self.config.shared_signing_key = shared;
        self
    }

    /// Generates the signing key, seeds the store and starts serving.
    pub async fn start(mut self) -> Result<LocalTenant, StartError> {
        if self.default_users {
            let mut seeds = vec![
                SeedUser::new("alice@example.com", "Passw0rd!").name("Alice Example"),
                SeedUser::new("bob@example.com", "Passw0rd!").name("Bob Example"),
            ];
            seeds.append(&mut self.config.users);
            self.config.users = seeds;
        }
        LocalTenant::start_with(self.config).await
    }
}
