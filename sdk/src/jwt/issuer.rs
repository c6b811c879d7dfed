//! The issuer identifier of an Auth0 tenant.

/// `https://{domain}/` for a bare host name; a value that already has an `http://` or
/// `https://` scheme (a local test server, say) is kept, with a trailing slash added.
pub(crate) fn auth0_issuer(domain: &str) -> String {
    let domain = domain.trim();
    let base = if domain.starts_with("https://") || domain.starts_with("http://") {
        domain.to_owned()
    } else {
        format!("https://{domain}")
    };
    if base.ends_with('/') { base } else { format!("{base}/") }
}

#[cfg(test)]
mod tests {
    use super::auth0_issuer;

    #[test]
    fn issuer_forms() {
        assert_eq!(auth0_issuer("t.auth0.com"), "https://t.auth0.com/");
        assert_eq!(auth0_issuer("https://t.auth0.com"), "https://t.auth0.com/");
        assert_eq!(auth0_issuer("http://127.0.0.1:9/"), "http://127.0.0.1:9/");
    }
}
