//! v4's `headers` and `clientInfo` options: headers added to every attempt through the
//! runtime's [`Hooks`], which run after the runtime has set its own.

use std::collections::BTreeMap;

use base64::Engine;
use http::{HeaderName, HeaderValue};

use crate::runtime::{BoxError, Hooks, OperationSpec};

/// Headers every request carries.
#[derive(Clone, Debug, Default)]
pub(crate) struct ExtraHeaders {
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl ExtraHeaders {
    /// From v4's `headers` and, when telemetry is on, `clientInfo` (as v4 sends it:
    /// `Auth0-Client: base64url(JSON)`, only when `name` is non-empty).
    pub(crate) fn new(
        headers: &BTreeMap<String, String>,
        client_info: Option<ClientInfo>,
    ) -> Result<Self, crate::Error> {
        let mut out = Vec::new();
        for (name, value) in headers {
            let n = HeaderName::try_from(name.as_str())
                .map_err(|e| crate::Error::config(format!("header name `{name}`: {e}")))?;
            let v = HeaderValue::try_from(value.as_str())
                .map_err(|e| crate::Error::config(format!("value of header `{name}`: {e}")))?;
            out.push((n, v));
        }
        if let Some(info) = client_info.filter(|i| !i.name.is_empty()) {
            let mut json = info.extra;
            json.insert("name".into(), info.name.into());
            let text = serde_json::Value::Object(json).to_string();
            let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text);
            let v = HeaderValue::try_from(encoded).map_err(|e| crate::Error::config(format!("clientInfo: {e}")))?;
            out.push((HeaderName::from_static("auth0-client"), v));
        }
        Ok(ExtraHeaders { headers: out })
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.headers.is_empty()
    }
}

impl Hooks for ExtraHeaders {
    fn pre(&self, _op: &'static OperationSpec, request: &mut reqwest::Request) -> Result<(), BoxError> {
        for (name, value) in &self.headers {
            request.headers_mut().insert(name.clone(), value.clone());
        }
        Ok(())
    }
}

/// v4's `clientInfo`: sent base64url-encoded as `Auth0-Client` instead of the SDK's telemetry.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClientInfo {
    /// `name` (required by v4 for the header to be sent).
    pub name: String,
    /// Any other members (`version`, `env`…).
    pub extra: serde_json::Map<String, serde_json::Value>,
}
