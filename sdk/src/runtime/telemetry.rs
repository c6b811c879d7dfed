//! The `Auth0-Client` and `User-Agent` headers that identify this SDK to Auth0.

use base64::Engine;
use http::HeaderValue;

/// The SDK name reported to Auth0.
pub(crate) const SDK_NAME: &str = "auth0-rust";
/// The SDK version reported to Auth0.
pub(crate) const SDK_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The compiler version, when the build provides it (`AUTH0_SDK_RUSTC_VERSION`, set by a
/// build script if there is one); otherwise `unknown`.
fn rustc_version() -> &'static str {
    option_env!("AUTH0_SDK_RUSTC_VERSION").unwrap_or("unknown")
}

/// `Auth0-Client`: base64url (no padding) of `{"name","version","env":{"rust"}}`, the
/// format every Auth0 SDK sends.
pub(crate) fn auth0_client_header() -> HeaderValue {
    let json = serde_json::json!({
        "name": SDK_NAME,
        "version": SDK_VERSION,
        "env": { "rust": rustc_version() },
    });
    let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json.to_string());
    // base64url is always a valid header value.
    HeaderValue::from_str(&encoded).unwrap_or_else(|_| HeaderValue::from_static("invalid"))
}

/// `User-Agent: auth0-rust/<version>`.
pub(crate) fn user_agent() -> HeaderValue {
    HeaderValue::from_static(concat!("auth0-rust/", env!("CARGO_PKG_VERSION")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth0_client_is_base64url_json() {
        let header = auth0_client_header();
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(header.as_bytes())
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(json["name"], "auth0-rust");
        assert_eq!(json["version"], SDK_VERSION);
        assert!(json["env"]["rust"].is_string());
    }
}
