//! `return_to`: where to send the browser after sign-in. Only paths on this site are accepted,
//! so a crafted login link cannot bounce a freshly signed-in user to another host (an open
//! redirect).

use super::error::WebAuthError;

/// The longest `return_to` accepted.
const MAX_LEN: usize = 2048;

/// A placeholder origin to resolve the path against: whatever resolves elsewhere is refused.
const PROBE: &str = "http://return-to.invalid/";

/// Checks `raw` and returns it normalized (path and query). Refused: anything not starting with
/// a single `/` (absolute URLs, `//host` protocol-relative ones), backslashes (browsers read
/// `/\host` as `//host`), control characters and whitespace, and paths that resolve to another
/// origin.
pub(crate) fn check_return_to(raw: &str) -> Result<String, WebAuthError> {
    let bad = || WebAuthError::InvalidReturnTo;
    if raw.is_empty() || raw.len() > MAX_LEN || !raw.starts_with('/') || raw.starts_with("//") {
        return Err(bad());
    }
    if raw.chars().any(|c| c == '\\' || c.is_control() || c.is_whitespace()) {
        return Err(bad());
    }
    let probe = url::Url::parse(PROBE).map_err(|_| bad())?;
    let resolved = probe.join(raw).map_err(|_| bad())?;
    if resolved.origin() != probe.origin() {
        return Err(bad());
    }
    Ok(match resolved.query() {
        Some(q) => format!("{}?{q}", resolved.path()),
        None => resolved.path().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::check_return_to;

    #[test]
    fn only_local_paths() {
        assert_eq!(check_return_to("/profile").unwrap(), "/profile");
        assert_eq!(check_return_to("/a/../b?x=1").unwrap(), "/b?x=1");
        // Percent-encoded bytes stay encoded: harmless in a Location header.
        assert_eq!(check_return_to("/%0d%0a").unwrap(), "/%0d%0a");
        for bad in [
            "",
            "profile",
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example",
            "/a b",
            "/\t/evil.example",
            "/\r\nSet-Cookie:x",
            "javascript:alert(1)",
        ] {
            assert!(check_return_to(bad).is_err(), "{bad:?} accepted");
        }
    }
}
