//! Request recording: every request the tenant receives, so a test can assert what a client sent.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::SystemTime;

use bytes::Bytes;

/// One request as the tenant received it.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    /// HTTP method, e.g. `GET`.
    pub method: String,
    /// Path without the query string, e.g. `/api/v2/users`.
    pub path: String,
    /// The raw query string without `?`, if any.
    pub query: Option<String>,
    /// Headers in arrival order, names lowercased.
    pub headers: Vec<(String, String)>,
    /// The request body, exactly as sent.
    pub body: Bytes,
    /// When the request arrived.
    pub received_at: SystemTime,
}

impl RecordedRequest {
    /// The first value of header `name` (case-insensitive), e.g. `auth0-custom-domain`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The decoded value of query parameter `name`.
    pub fn query_param(&self, name: &str) -> Option<String> {
        let query = self.query.as_deref()?;
        url::form_urlencoded::parse(query.as_bytes())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    }

    /// The body parsed as JSON, if it is JSON.
    pub fn body_json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The body as (lossy) UTF-8 text.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A bounded log of recorded requests, shared by the server and the test's handle.
#[derive(Debug, Clone)]
pub(crate) struct Recorder {
    inner: Arc<Mutex<VecDeque<RecordedRequest>>>,
    limit: usize,
}

impl Recorder {
    /// Keeps at most `limit` requests (oldest dropped) so long runs don't grow without bound.
    pub fn new(limit: usize) -> Self {
        Self {
            inner: Arc::new(Mutex::new(VecDeque::new())),
            limit,
        }
    }

    fn lock(&self) -> MutexGuard<'_, VecDeque<RecordedRequest>> {
        // A panic while holding this lock cannot leave the queue inconsistent.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn record(&self, request: RecordedRequest) {
        if self.limit == 0 {
            return;
        }
        let mut log = self.lock();
        if log.len() >= self.limit {
            log.pop_front();
        }
        log.push_back(request);
    }

    pub fn snapshot(&self) -> Vec<RecordedRequest> {
        self.lock().iter().cloned().collect()
    }

    pub fn clear(&self) {
        self.lock().clear();
    }
}
