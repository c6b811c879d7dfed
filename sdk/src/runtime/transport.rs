//! Sends [`Call`]s. (Interface stub: retries, auth, telemetry come with the runtime issue.)

use std::sync::Arc;

use serde::de::DeserializeOwned;

use super::{Body, Call, Error, Page, Response, ResponseMeta};

/// The shared HTTP machinery behind every client. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Transport {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    base_url: String,
    token: Option<String>,
}

impl Transport {
    /// A transport for `base_url` with an optional static bearer token.
    pub fn new(base_url: impl Into<String>, token: Option<String>) -> Transport {
        Transport {
            inner: Arc::new(Inner {
                http: reqwest::Client::new(),
                base_url: base_url.into().trim_end_matches('/').to_owned(),
                token,
            }),
        }
    }

    async fn send(&self, call: Call) -> Result<(ResponseMeta, bytes::Bytes), Error> {
        call.check()?;
        let url = format!("{}{}", self.inner.base_url, call.path);
        let mut req = self.inner.http.request(call.op.method.to_http(), url).query(&call.query);
        if let Some(token) = &self.inner.token {
            req = req.bearer_auth(token);
        }
        for (k, v) in &call.headers {
            req = req.header(*k, v);
        }
        req = match call.body {
            Body::Empty => req,
            Body::Json(b) => req.header("content-type", "application/json").body(b),
            Body::Form(pairs) => req.form(&pairs),
            Body::Raw { content_type, bytes } => req.header("content-type", content_type.as_ref()).body(bytes),
            Body::Multipart(_) => return Err(Error::invalid_request("multipart not yet supported")),
        };
        let resp = req.send().await.map_err(|e| Error::Transport(e.to_string()))?;
        let meta = ResponseMeta { status: resp.status(), headers: resp.headers().clone(), url: resp.url().clone() };
        let body = resp.bytes().await.map_err(|e| Error::Transport(e.to_string()))?;
        if !meta.status.is_success() {
            return Err(Error::Api { status: meta.status.as_u16(), body: String::from_utf8_lossy(&body).into_owned() });
        }
        Ok((meta, body))
    }

    /// Sends and decodes a JSON response.
    pub async fn send_json<T: DeserializeOwned>(&self, call: Call) -> Result<Response<T>, Error> {
        let (meta, body) = self.send(call).await?;
        let data = serde_json::from_slice(&body).map_err(|e| Error::Decode(e.to_string()))?;
        Ok(Response { data, meta })
    }

    /// Sends and ignores the body.
    pub async fn send_empty(&self, call: Call) -> Result<Response<()>, Error> {
        let (meta, _) = self.send(call).await?;
        Ok(Response { data: (), meta })
    }

    /// Sends and returns the body as text.
    pub async fn send_text(&self, call: Call) -> Result<Response<String>, Error> {
        let (meta, body) = self.send(call).await?;
        let data = String::from_utf8(body.to_vec()).map_err(|e| Error::Decode(e.to_string()))?;
        Ok(Response { data, meta })
    }

    /// Sends and returns the body bytes.
    pub async fn send_bytes(&self, call: Call) -> Result<Response<bytes::Bytes>, Error> {
        let (meta, data) = self.send(call).await?;
        Ok(Response { data, meta })
    }

    /// Sends a list call and returns its first page.
    pub async fn send_paged<T: DeserializeOwned + Send + 'static>(&self, call: Call) -> Result<Page<T>, Error> {
        let (_meta, body) = self.send(call).await?;
        let v: serde_json::Value = serde_json::from_slice(&body).map_err(|e| Error::Decode(e.to_string()))?;
        let items = match v {
            serde_json::Value::Array(a) => a,
            _ => vec![],
        };
        let items = items.into_iter().map(serde_json::from_value).collect::<Result<_, _>>().map_err(|e| Error::Decode(e.to_string()))?;
        Ok(Page { items })
    }
}
