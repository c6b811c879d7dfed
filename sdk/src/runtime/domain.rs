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

/// Where an API and its token endpoint live once the domain or base URL is resolved.
pub(crate) struct Endpoints {
    /// The tenant host, when a domain was given.
    pub(crate) host: Option<String>,
    /// `https://{host}{api_path}`, or the explicit base URL.
    pub(crate) api: String,
    /// The token endpoint's base: the explicit one, else `https://{host}`, else the base URL
    /// minus `api_path`.
    pub(crate) auth: String,
}

/// Resolves an API's base (`api_path` is `/api/v2`, `/me/v1`…) and its token endpoint's base
/// from what a client builder was given. Shared by every client that fetches its own tokens.
pub(crate) fn endpoints(
    domain: Option<&str>,
    base_url: Option<&str>,
    auth_base_url: Option<&str>,
    api_path: &str,
) -> Result<Endpoints, Error> {
    let host = domain.map(normalize_domain).transpose()?;
    let (api, auth) = match (&host, base_url) {
        (_, Some(base)) => {
            let base = base.trim().trim_end_matches('/').to_owned();
            let auth = match (auth_base_url, &host) {
                (Some(auth), _) => auth.to_owned(),
                (None, Some(host)) => format!("https://{host}"),
                (None, None) => base.strip_suffix(api_path).unwrap_or(&base).to_owned(),
            };
            (base, auth)
        }
        (Some(host), None) => (
            format!("https://{host}{api_path}"),
            auth_base_url.map_or_else(|| format!("https://{host}"), str::to_owned),
        ),
        (None, None) => return Err(Error::config("set the tenant `domain` (or a `base_url`)")),
    };
    Ok(Endpoints {
        host,
        api,
        auth: auth.trim_end_matches('/').to_owned(),
    })
}
