//! Builds a tenant's initial store from its configuration.

use jsonwebtoken::DecodingKey;
use serde_json::{Map, Value, json};

use crate::config::{DEFAULT_CONNECTION, MANAGEMENT_AUDIENCE, SeedClient, TenantConfig};
use crate::errors::StartError;
use crate::ids;
use crate::store::Store;
use crate::tenant::TenantUser;

/// The seeded store plus the seeded users' sign-in details.
pub(crate) fn seed(config: &TenantConfig, management_audience: &str) -> Result<(Store, Vec<TenantUser>), StartError> {
    let mut store = Store::default();
    store.connections.push(json!({
        "id": ids::prefixed("con"),
        "name": DEFAULT_CONNECTION,
        "display_name": DEFAULT_CONNECTION,
        "strategy": "auth0",
        "options": {"brute_force_protection": true},
        "is_domain_connection": false,
        "realms": [DEFAULT_CONNECTION],
    }));
    store.resource_servers.push(json!({
        "id": ids::hex(24),
        "name": "Auth0 Management API",
        "identifier": management_audience,
        "is_system": true,
        "scopes": crate::management::scopes::ALL
            .iter()
            .copied()
            .chain(config.fallback.known_scopes().iter().map(String::as_str))
            .map(|s| json!({"value": s, "description": s}))
            .collect::<Vec<_>>(),
        "signing_alg": "RS256",
        "allow_offline_access": false,
        "skip_consent_for_verifiable_first_party_clients": true,
        "token_lifetime": 86_400,
        "token_lifetime_for_web": 7_200,
    }));
    store.resource_servers.push(json!({
        "id": ids::hex(24),
        "name": "Local Tenant API",
        "identifier": config.audience,
        "is_system": false,
        "scopes": config.api_scopes.iter().map(|s| json!({"value": s, "description": s})).collect::<Vec<_>>(),
        "signing_alg": "RS256",
        "allow_offline_access": true,
        "skip_consent_for_verifiable_first_party_clients": true,
        "token_lifetime": config.token_lifetime.as_secs(),
        "token_lifetime_for_web": config.token_lifetime.as_secs(),
        "enforce_policies": config.rbac,
        "token_dialect": if config.rbac { "access_token_authz" } else { "access_token" },
    }));

    // The seeded M2M client may also call whatever the fallback table serves.
    let mut m2m = config.m2m.clone();
    let extra = config.fallback.known_scopes();
    for (aud, scopes) in &mut m2m.grants {
        if aud == MANAGEMENT_AUDIENCE && scopes.len() == crate::management::scopes::ALL.len() {
            scopes.extend(
                extra
                    .iter()
                    .filter(|s| !scopes.contains(s))
                    .cloned()
                    .collect::<Vec<_>>(),
            );
        }
    }
    for client in std::iter::once(&m2m).chain(&config.clients) {
        add_client(&mut store, config, client, management_audience)?;
    }

    for role in &config.roles {
        let role_id = ids::prefixed("rol");
        store
            .roles
            .push(json!({"id": role_id, "name": role.name, "description": role.description}));
        let perms = role
            .permissions
            .iter()
            .map(|(aud, name)| permission_json(&store, aud, name))
            .collect();
        store.role_permissions.insert(role_id, perms);
    }

    let mut users = Vec::new();
    for seed in &config.users {
        let mut body = Map::new();
        body.insert("connection".into(), json!(DEFAULT_CONNECTION));
        body.insert("email".into(), json!(seed.email));
        body.insert("password".into(), json!(seed.password));
        body.insert("email_verified".into(), json!(seed.email_verified));
        if seed.blocked {
            body.insert("blocked".into(), json!(true));
        }
        if let Some(name) = &seed.name {
            body.insert("name".into(), json!(name));
        }
        if let Some(id) = &seed.user_id {
            body.insert("user_id".into(), json!(id.strip_prefix("auth0|").unwrap_or(id)));
        }
        if !seed.app_metadata.is_empty() {
            body.insert("app_metadata".into(), Value::Object(seed.app_metadata.clone()));
        }
        if !seed.user_metadata.is_empty() {
            body.insert("user_metadata".into(), Value::Object(seed.user_metadata.clone()));
        }
        // Seeds come from the test author; a duplicate or invalid one is skipped rather than
        // failing the start (the conflict is visible in `users()`).
        let Ok(user) = crate::management::users::create_user(&mut store, &body) else {
            continue;
        };
        let user_id = user["user_id"].as_str().unwrap_or_default().to_owned();
        for role_name in &seed.roles {
            if let Some(role_id) = crate::store::find(&store.roles, "name", role_name)
                .and_then(|r| r["id"].as_str())
                .map(str::to_owned)
            {
                store.user_roles.entry(user_id.clone()).or_default().push(role_id);
            }
        }
        users.push(TenantUser {
            user_id,
            email: seed.email.clone(),
            password: seed.password.clone(),
        });
    }
    Ok((store, users))
}

fn add_client(
    store: &mut Store,
    config: &TenantConfig,
    client: &SeedClient,
    management_audience: &str,
) -> Result<(), StartError> {
    let auth_method = match (&client.client_secret, &client.public_key_pem) {
        (_, Some(_)) => "private_key_jwt",
        (Some(_), None) => "client_secret_post",
        (None, None) => "none",
    };
    let mut json = json!({
        "client_id": client.client_id,
        "name": client.name,
        "tenant": "local",
        "app_type": if client.client_secret.is_some() { "non_interactive" } else { "spa" },
        "is_first_party": true,
        "oidc_conformant": true,
        "callbacks": client.callbacks,
        "grant_types": [
            "client_credentials", "password", "http://auth0.com/oauth/grant-type/password-realm",
            "authorization_code", "refresh_token"
        ],
        "token_endpoint_auth_method": auth_method,
        "jwt_configuration": {"alg": "RS256", "lifetime_in_seconds": config.token_lifetime.as_secs()},
    });
    if let Some(secret) = &client.client_secret {
        json["client_secret"] = json!(secret);
    }
    store.clients.push(json);
    if let Some(pem) = &client.public_key_pem {
        let key = DecodingKey::from_rsa_pem(pem.as_bytes()).map_err(|e| StartError::ClientKey {
            client_id: client.client_id.clone(),
            reason: e.to_string(),
        })?;
        store.client_keys.entry(client.client_id.clone()).or_default().push(key);
    }
    for (audience, scopes) in &client.grants {
        let audience = if audience == MANAGEMENT_AUDIENCE {
            management_audience
        } else {
            audience
        };
        // An empty scope list on the custom API means "every scope it defines".
        let scopes = if scopes.is_empty() && audience == config.audience {
            config.api_scopes.clone()
        } else {
            scopes.clone()
        };
        store.client_grants.push(json!({
            "id": ids::prefixed("cgr"),
            "client_id": client.client_id,
            "audience": audience,
            "scope": scopes,
        }));
    }
    Ok(())
}

/// A role permission in the `PermissionsResponsePayload` shape.
pub(crate) fn permission_json(store: &Store, audience: &str, name: &str) -> Value {
    let rs_name = store
        .resource_server(audience)
        .and_then(|rs| rs["name"].as_str())
        .unwrap_or(audience)
        .to_owned();
    json!({
        "resource_server_identifier": audience,
        "permission_name": name,
        "resource_server_name": rs_name,
        "description": name,
    })
}
