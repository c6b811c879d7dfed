//! Helpers shared by the integration tests.
#![allow(dead_code)]

use auth0_local_tenant::LocalTenant;
use serde_json::Value;

pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A Management API token for the seeded M2M client, through `/oauth/token`.
pub async fn management_token(tenant: &LocalTenant) -> String {
    let resp: Value = http()
        .post(tenant.token_url())
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", tenant.client_id()),
            ("client_secret", tenant.client_secret()),
            ("audience", tenant.management_audience()),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    resp["access_token"].as_str().expect("access_token").to_owned()
}

/// A small Management API client for tests.
pub struct Api {
    pub base: String,
    pub token: String,
    pub http: reqwest::Client,
}

impl Api {
    pub async fn new(tenant: &LocalTenant) -> Self {
        Self {
            base: tenant.management_url(),
            token: management_token(tenant).await,
            http: http(),
        }
    }

    pub fn with_token(tenant: &LocalTenant, token: String) -> Self {
        Self {
            base: tenant.management_url(),
            token,
            http: http(),
        }
    }

    pub async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        let json = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap()
        };
        (status, json)
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.call(reqwest::Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.call(reqwest::Method::POST, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> (u16, Value) {
        self.call(reqwest::Method::PATCH, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str, body: Option<Value>) -> (u16, Value) {
        self.call(reqwest::Method::DELETE, path, body).await
    }
}
