//! Random identifiers in the formats Auth0 uses (`auth0|<24 hex>`, `rol_<16>`, `org_<16>`...).

use rand::Rng;
use rand::distr::Alphanumeric;

/// `n` random lowercase hex digits.
pub(crate) fn hex(n: usize) -> String {
    let mut rng = rand::rng();
    (0..n)
        .map(|_| char::from_digit(rng.random_range(0..16), 16).unwrap_or('0'))
        .collect()
}

/// `n` random ASCII letters and digits.
pub(crate) fn alnum(n: usize) -> String {
    rand::rng().sample_iter(&Alphanumeric).take(n).map(char::from).collect()
}

/// An id with Auth0's prefix convention, e.g. `prefixed("rol")` → `rol_AbC...`.
pub(crate) fn prefixed(prefix: &str) -> String {
    format!("{prefix}_{}", alnum(16))
}
