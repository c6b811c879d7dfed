//! The tenant's in-memory state. Resources are kept as the JSON objects the API returns (in
//! creation order, which is also list order); relations and secrets live in side tables.

use std::collections::{HashMap, HashSet};

use jsonwebtoken::DecodingKey;
use serde_json::Value;

use crate::time::iso_now;

/// A pending authorization code from `/authorize`.
#[derive(Debug, Clone)]
pub(crate) struct AuthCode {
    pub client_id: String,
    pub redirect_uri: String,
    pub user_id: String,
    pub scope: String,
    pub audience: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub org_id: Option<String>,
    pub expires_unix: u64,
}

/// What a refresh token stands for.
#[derive(Debug, Clone)]
pub(crate) struct RefreshGrant {
    pub client_id: String,
    pub user_id: String,
    pub scope: String,
    pub audience: Option<String>,
    pub org_id: Option<String>,
}

/// Brute-force protection: consecutive failed logins before a user is blocked.
pub(crate) const MAX_FAILED_LOGINS: u32 = 10;
const MAX_LOGS: usize = 10_000;

#[derive(Default)]
pub(crate) struct Store {
    pub users: Vec<Value>,
    pub passwords: HashMap<String, String>,
    pub failed_logins: HashMap<String, u32>,
    /// user_id → `blocked_for` entries (`{identifier, ip, connection}`).
    pub blocks: HashMap<String, Vec<Value>>,
    pub roles: Vec<Value>,
    /// role_id → permissions (`{resource_server_identifier, permission_name, ...}`).
    pub role_permissions: HashMap<String, Vec<Value>>,
    /// user_id → role ids, in assignment order.
    pub user_roles: HashMap<String, Vec<String>>,
    pub clients: Vec<Value>,
    /// client_id → registered public keys for `private_key_jwt`.
    pub client_keys: HashMap<String, Vec<DecodingKey>>,
    pub client_grants: Vec<Value>,
    pub connections: Vec<Value>,
    pub organizations: Vec<Value>,
    /// org_id → member user ids.
    pub org_members: HashMap<String, Vec<String>>,
    /// (org_id, user_id) → role ids.
    pub org_member_roles: HashMap<(String, String), Vec<String>>,
    pub invitations: Vec<Value>,
    /// user_id → the user's My Account authentication methods.
    pub me_authentication_methods: HashMap<String, Vec<Value>>,
    pub resource_servers: Vec<Value>,
    pub logs: Vec<Value>,
    log_seq: u64,
    pub jobs: Vec<Value>,
    pub auth_codes: HashMap<String, AuthCode>,
    pub refresh_tokens: HashMap<String, RefreshGrant>,
    /// `jti`s of client assertions already used (Auth0 rejects replays).
    pub used_assertions: HashSet<String>,
}

/// Finds the object whose `field` equals `id`.
pub(crate) fn find<'a>(items: &'a [Value], field: &str, id: &str) -> Option<&'a Value> {
    items.iter().find(|v| v.get(field).and_then(Value::as_str) == Some(id))
}

/// Finds the object whose `field` equals `id`, mutably.
pub(crate) fn find_mut<'a>(items: &'a mut [Value], field: &str, id: &str) -> Option<&'a mut Value> {
    items
        .iter_mut()
        .find(|v| v.get(field).and_then(Value::as_str) == Some(id))
}

/// Removes the object whose `field` equals `id`; returns whether one was removed.
pub(crate) fn remove(items: &mut Vec<Value>, field: &str, id: &str) -> bool {
    let before = items.len();
    items.retain(|v| v.get(field).and_then(Value::as_str) != Some(id));
    items.len() != before
}

impl Store {
    pub fn user(&self, user_id: &str) -> Option<&Value> {
        find(&self.users, "user_id", user_id)
    }

    /// A user in `connection` by email (case-insensitive), or in any connection when `None`.
    pub fn user_by_email(&self, email: &str, connection: Option<&str>) -> Option<&Value> {
        self.users.iter().find(|u| {
            u.get("email")
                .and_then(Value::as_str)
                .is_some_and(|e| e.eq_ignore_ascii_case(email))
                && connection.is_none_or(|c| user_connection(u) == Some(c))
        })
    }

    pub fn client(&self, client_id: &str) -> Option<&Value> {
        find(&self.clients, "client_id", client_id)
    }

    pub fn role(&self, role_id: &str) -> Option<&Value> {
        find(&self.roles, "id", role_id)
    }

    pub fn organization(&self, org_id: &str) -> Option<&Value> {
        find(&self.organizations, "id", org_id)
    }

    pub fn connection_by_name(&self, name: &str) -> Option<&Value> {
        find(&self.connections, "name", name)
    }

    /// A resource server by `id` or by `identifier` (Auth0 accepts either in the path).
    pub fn resource_server(&self, id_or_identifier: &str) -> Option<&Value> {
        find(&self.resource_servers, "id", id_or_identifier)
            .or_else(|| find(&self.resource_servers, "identifier", id_or_identifier))
    }

    /// The permission names a user holds on `audience` through their roles.
    pub fn user_permissions(&self, user_id: &str, audience: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for role_id in self.user_roles.get(user_id).into_iter().flatten() {
            for p in self.role_permissions.get(role_id).into_iter().flatten() {
                if p["resource_server_identifier"].as_str() == Some(audience) {
                    if let Some(name) = p["permission_name"].as_str() {
                        if !out.iter().any(|n| n == name) {
                            out.push(name.to_owned());
                        }
                    }
                }
            }
        }
        out
    }

    /// Appends a tenant log event (`type` is Auth0's event code, e.g. `seccft`, `sapi`).
    pub fn log(&mut self, event_type: &str, description: &str, client_id: Option<&str>, user_id: Option<&str>) {
        self.log_seq += 1;
        // Zero-padded sequence numbers keep log ids sortable, like Auth0's.
        let log_id = format!("900{:053}", self.log_seq);
        let mut entry = serde_json::json!({
            "log_id": log_id,
            "_id": log_id,
            "date": iso_now(),
            "type": event_type,
            "description": description,
            "ip": "127.0.0.1",
            "hostname": "127.0.0.1",
        });
        if let Some(c) = client_id {
            entry["client_id"] = Value::from(c);
            if let Some(name) = self.client(c).and_then(|c| c.get("name")).cloned() {
                entry["client_name"] = name;
            }
        }
        if let Some(u) = user_id {
            entry["user_id"] = Value::from(u);
        }
        if self.logs.len() >= MAX_LOGS {
            self.logs.remove(0);
        }
        self.logs.push(entry);
    }
}

/// The connection of a user's primary identity.
pub(crate) fn user_connection(user: &Value) -> Option<&str> {
    user.pointer("/identities/0/connection").and_then(Value::as_str)
}
