//! Building the URL, headers and body of an attempt from a [`Call`].

use std::time::Duration;

use http::{HeaderMap, HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};

use super::Inner;
use crate::runtime::scrub::{SECRET_PARAMS, Secrets};
use crate::runtime::{Body, Call, Credential, Error, MultipartPart};

/// The request URL: base + encoded path + typed query, with per-request query parameters
/// replacing typed ones of the same name.
pub(super) fn url(base: &str, call: &Call) -> Result<reqwest::Url, Error> {
    let mut text = String::with_capacity(base.len() + call.path.len() + 64);
    text.push_str(base);
    text.push_str(&call.path);
    let overrides = &call.options.query;
    if !call.query.is_empty() || !overrides.is_empty() {
        text.push('?');
        let start = text.len();
        let mut query = url::form_urlencoded::Serializer::for_suffix(text, start);
        for (name, value) in &call.query {
            if !overrides.iter().any(|(o, _)| o == name) {
                query.append_pair(name, value);
            }
        }
        for (name, value) in overrides {
            query.append_pair(name, value);
        }
        text = query.finish();
    }
    reqwest::Url::parse(&text).map_err(|e| Error::invalid_request(format!("invalid request URL: {e}")))
}

/// Every header but `Authorization` (which may change between attempts).
pub(super) fn headers(inner: &Inner, call: &Call) -> Result<HeaderMap, Error> {
    let mut headers = inner.config.inner().default_headers.clone();
    if call.op.custom_domain {
        if let Some(domain) = &inner.custom_domain {
            headers.insert("auth0-custom-domain", domain.clone());
        }
    }
    if let Some(domain) = &call.options.custom_domain {
        headers.insert("auth0-custom-domain", value("auth0-custom-domain", domain)?);
    }
    for (name, v) in &call.headers {
        headers.insert(header_name(name)?, value(name, v)?);
    }
    for (name, v) in &call.options.headers {
        headers.insert(header_name(name)?, value(name, v)?);
    }
    Ok(headers)
}

fn header_name(name: &str) -> Result<HeaderName, Error> {
    HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::invalid_request(format!("`{name}` is not a valid header name")))
}

/// The value is left out of the error: headers carry credentials.
fn value(name: &str, value: &str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(value)
        .map_err(|_| Error::invalid_request(format!("the value of header `{name}` is not a valid header value")))
}

/// One attempt's request, and the client-authentication secrets it carries (the rest of an
/// attempt's secrets are in scope wherever an answer is read: see [`attempt_secrets`]).
pub(super) fn build(
    inner: &Inner,
    call: &Call,
    url: &reqwest::Url,
    headers: HeaderMap,
    token: Option<&SecretString>,
    timeout: Duration,
) -> Result<(reqwest::Request, Secrets), Error> {
    let mut secrets = Secrets::default();
    // The builder gets only what the body and authentication add; the attempt's own headers
    // are moved in at the end, not copied.
    let mut builder = inner
        .config
        .inner()
        .http
        .request(call.op.method.to_http(), url.clone())
        .timeout(timeout);
    // Client authentication is part of the body (or a Basic header), made afresh for every
    // attempt: a client assertion is single-use.
    let mut body = None;
    if let Some(auth) = inner.client_auth.as_ref().filter(|_| call.op.client_auth) {
        let mut with_auth = call.body.clone();
        let bearer_taken = token.is_some() || headers.contains_key(http::header::AUTHORIZATION);
        if let Some(basic) = auth.apply(&mut with_auth, bearer_taken)? {
            secrets.add(basic.trim_start_matches("Basic "));
            let mut value = HeaderValue::from_str(&basic)
                .map_err(|_| Error::invalid_request("the client credentials are not valid in a header"))?;
            value.set_sensitive(true);
            builder = builder.header(http::header::AUTHORIZATION, value);
        }
        body = Some(with_auth);
    }
    if let Some(applied) = &body {
        collect_body_secrets(applied, &mut secrets);
    }
    let body = body.as_ref().unwrap_or(&call.body);
    // A per-request `Authorization` header is the caller's explicit choice; keep it.
    if let Some(token) = token.filter(|_| !headers.contains_key(http::header::AUTHORIZATION)) {
        let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose_secret()))
            .map_err(|_| Error::invalid_request("the access token contains characters not allowed in a header"))?;
        value.set_sensitive(true);
        builder = builder.header(http::header::AUTHORIZATION, value);
    }
    builder = match body {
        Body::Empty => builder,
        Body::Json(bytes) => with_content_type(builder, &headers, "application/json").body(bytes.clone()),
        Body::Form(pairs) => builder.form(pairs),
        Body::Raw { content_type, bytes } => with_content_type(builder, &headers, content_type).body(bytes.clone()),
        Body::Multipart(parts) => builder.multipart(multipart(parts)?),
    };
    let mut request = builder
        .build()
        .map_err(|e| Error::invalid_request(format!("the request could not be built: {e}")))?;
    // The attempt's headers, then whatever the body and authentication set that the caller
    // did not (a caller's `Content-Type` or `Authorization` wins).
    let added = std::mem::replace(request.headers_mut(), headers);
    for (name, value) in added {
        if let Some(name) = name {
            request.headers_mut().entry(name).or_insert(value);
        }
    }
    Ok((request, secrets))
}

/// Everything secret an attempt sent, for scrubbing an answer that failed: `extra` (the
/// client authentication `build` applied), the bearer token, a caller's `Authorization`
/// header, the transport's client secret and the secret parameters of the body. Built only
/// when an answer is kept in an error, so a successful call pays nothing for it.
pub(super) fn attempt_secrets(inner: &Inner, call: &Call, token: Option<&SecretString>, mut extra: Secrets) -> Secrets {
    if let Some(token) = token {
        extra.add(token.expose_secret());
    }
    let caller_authorization = call
        .options
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("authorization"));
    if let Some((_, value)) = caller_authorization {
        extra.add(
            value
                .split_once(' ')
                .map_or(value.as_str(), |(_, credentials)| credentials),
        );
    }
    if let Some(Credential::Secret(secret)) = inner.client_auth.as_ref().map(|a| &a.credential) {
        extra.add(secret.expose_secret());
    }
    collect_body_secrets(&call.body, &mut extra);
    extra
}

/// The values of secret parameters (`password`, `refresh_token`, `client_assertion`…) in a
/// form body or at the top of a JSON body.
fn collect_body_secrets(body: &Body, secrets: &mut Secrets) {
    match body {
        Body::Form(pairs) => {
            for (k, v) in pairs {
                if SECRET_PARAMS.contains(&k.as_str()) {
                    secrets.add(v);
                }
            }
        }
        Body::Json(bytes) if bytes.len() <= 64 * 1024 => {
            if let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(bytes) {
                for (k, v) in &map {
                    if let (true, Some(v)) = (SECRET_PARAMS.contains(&k.as_str()), v.as_str()) {
                        secrets.add(v);
                    }
                }
            }
        }
        _ => {}
    }
}

fn with_content_type(
    builder: reqwest::RequestBuilder,
    headers: &HeaderMap,
    content_type: &str,
) -> reqwest::RequestBuilder {
    if headers.contains_key(http::header::CONTENT_TYPE) {
        builder
    } else {
        builder.header(http::header::CONTENT_TYPE, content_type)
    }
}

/// Rebuilt per attempt: a multipart form is consumed by sending it. The file bytes are
/// reference-counted, so this copies no file data.
fn multipart(parts: &[MultipartPart]) -> Result<reqwest::multipart::Form, Error> {
    let mut form = reqwest::multipart::Form::new();
    for part in parts {
        form = match part {
            MultipartPart::Text { name, value } => form.text(*name, value.clone()),
            MultipartPart::File { name, file } => {
                let body = reqwest::Body::from(file.bytes.clone());
                let part = reqwest::multipart::Part::stream_with_length(body, file.bytes.len() as u64)
                    .file_name(file.file_name.clone())
                    .mime_str(&file.content_type)
                    .map_err(|_| {
                        Error::invalid_request(format!("`{}` is not a valid content type", file.content_type))
                    })?;
                form.part(*name, part)
            }
        };
    }
    Ok(form)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::{HttpMethod, OperationSpec, RequestOptions};

    static OP: OperationSpec = OperationSpec {
        id: "get_users",
        method: HttpMethod::Get,
        path: "/users",
        custom_domain: true,
        client_auth: false,
        pagination: None,
        scopes: &[],
    };

    #[test]
    fn per_request_query_replaces_typed() {
        let mut call = Call::new(&OP, &[]);
        call.query("q", &"email:\"a b\"&x");
        call.query("page", &2u32);
        call.options(RequestOptions::default().query_param("page", "5"));
        let url = url("https://t.auth0.com/api/v2", &call).unwrap();
        assert_eq!(
            url.as_str(),
            "https://t.auth0.com/api/v2/users?q=email%3A%22a+b%22%26x&page=5"
        );
    }
}
