//! A cookie-keeping HTTP agent for the web sign-in tests: follows nothing by itself, so each
//! redirect of a login can be looked at (and tampered with).
#![cfg(feature = "axum")]

use std::collections::BTreeMap;

use reqwest::header::{ACCEPT, COOKIE, LOCATION, SET_COOKIE};

/// Cookies by name (the tests use one host, `127.0.0.1`, as browsers scope cookies by host and
/// not by port).
pub struct Agent {
    http: reqwest::Client,
    pub cookies: BTreeMap<String, String>,
    /// Sent as `Accept` (a browser asks for HTML).
    pub accept: &'static str,
}

impl Agent {
    pub fn browser() -> Agent {
        Agent {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: BTreeMap::new(),
            accept: "text/html,application/xhtml+xml",
        }
    }

    /// The cookies as one `Cookie` header value (also for requests made outside the agent).
    pub fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Keeps the response's cookies (a `Max-Age=0` one removes).
    pub fn absorb(&mut self, response: &reqwest::Response) {
        for header in response.headers().get_all(SET_COOKIE) {
            let text = header.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if text.contains("Max-Age=0") {
                self.cookies.remove(name.trim());
            } else {
                self.cookies.insert(name.trim().to_owned(), value.trim().to_owned());
            }
        }
    }

    pub async fn get(&mut self, url: &str) -> reqwest::Response {
        let response = self
            .http
            .get(url)
            .header(ACCEPT, self.accept)
            .header(COOKIE, self.cookie_header())
            .send()
            .await
            .unwrap();
        self.absorb(&response);
        response
    }

    pub async fn post_form(&mut self, url: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let response = self
            .http
            .post(url)
            .header(ACCEPT, self.accept)
            .header(COOKIE, self.cookie_header())
            .form(form)
            .send()
            .await
            .unwrap();
        self.absorb(&response);
        response
    }

    /// GETs `url` and follows redirects; returns the last response and its URL.
    /// GETs `url` and parses the body as JSON (`Value::Null` when it is not JSON).
    pub async fn json(&mut self, url: &str) -> serde_json::Value {
        let text = self.get(url).await.text().await.unwrap_or_default();
        text.parse().unwrap_or(serde_json::Value::Null)
    }

    pub async fn follow(&mut self, url: &str) -> (reqwest::Response, String) {
        let mut url = url.to_owned();
        for _ in 0..10 {
            let response = self.get(&url).await;
            match location(&response) {
                Some(next) => url = absolutize(&url, &next),
                None => return (response, url),
            }
        }
        panic!("too many redirects from {url}");
    }
}

pub fn location(response: &reqwest::Response) -> Option<String> {
    response
        .status()
        .is_redirection()
        .then(|| response.headers()[LOCATION].to_str().unwrap().to_owned())
}

pub fn absolutize(base: &str, location: &str) -> String {
    url::Url::parse(base).unwrap().join(location).unwrap().to_string()
}

pub fn query_param(url: &str, name: &str) -> Option<String> {
    url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// How many refresh-token grants `tenant` has seen.
pub fn refresh_grants(tenant: &auth0_local_tenant::LocalTenant) -> usize {
    tenant
        .recorded_requests()
        .into_iter()
        .filter(|r| r.path == "/oauth/token" && r.body_text().contains("grant_type=refresh_token"))
        .count()
}
