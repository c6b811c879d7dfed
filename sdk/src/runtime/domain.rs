//! Turning what users type as "the domain" into a host name.

use super::Error;

/// Normalises a tenant or custom domain: `tenant.auth0.com`, `https://tenant.auth0.com` and
/// `https://tenant.auth0.com/` all give `tenant.auth0.com`. Plain `http://` is rejected
/// (Auth0 is https-only; tests use an explicit base URL instead), as is anything with a
/// path, query, fragment or user info.
///
/// ```
/// use auth0_sdk::runtime::normalize_domain;
/// assert_eq!(normalize_domain("https://Tenant.Auth0.com/").unwrap(), "tenant.auth0.com");
/// assert!(normalize_domain("http://tenant.auth0.com").is_err());
/// assert!(normalize_domain("tenant.auth0.com/api").is_err());
/// ```
pub fn normalize_domain(input: &str) -> Result<String, Error> {
    let trimmed = input.trim();
    let lower = trimmed.to_ascii_lowercase();
    let rest = if let Some(rest) = lower.strip_prefix("https://") {
        rest
    } else if lower.starts_with("http://") {
        return Err(Error::config(format!(
            "the domain `{trimmed}` uses http; Auth0 requires https (use `base_url` for a local test server)"
        )));
    } else if lower.contains("://") {
        return Err(Error::config(format!(
            "the domain `{trimmed}` must be a host name or an https URL"
        )));
    } else {
        &lower[..]
    };
    let host = rest.trim_end_matches('/');
    if host.is_empty() || host.contains(['/', '?', '#', '@', ' ', '\\']) {
        return Err(Error::config(format!(
            "the domain `{trimmed}` must be a host name such as `tenant.auth0.com`"
        )));
    }
    let parsed = url::Url::parse(&format!("https://{host}/"))
        .map_err(|e| Error::config(format!("the domain `{trimmed}` is not a valid host: {e}")))?;
    if parsed.host_str().is_none() {
        return Err(Error::config(format!("the domain `{trimmed}` has no host")));
    }
    Ok(host.to_owned())
}
