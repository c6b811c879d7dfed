//! Reading the registered claims (RFC 7519 §4.1) from a payload, with typed errors for wrong
//! JSON types, and the checks shared by ID tokens and access tokens: issuer, audience, and
//! `exp`/`nbf`/`iat` against a clock with leeway.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

use super::error::JwtError;

/// A source of the current time in seconds since the Unix epoch (replaceable in tests).
pub(crate) type Clock = Arc<dyn Fn() -> u64 + Send + Sync>;

/// The system clock.
pub(crate) fn system_clock() -> Clock {
    Arc::new(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    })
}

/// The registered claims every check looks at, read with their JSON types checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Registered {
    pub(crate) iss: Option<String>,
    pub(crate) sub: Option<String>,
    pub(crate) aud: Vec<String>,
    pub(crate) exp: Option<u64>,
    pub(crate) nbf: Option<u64>,
    pub(crate) iat: Option<u64>,
    pub(crate) azp: Option<String>,
    pub(crate) jti: Option<String>,
}

impl Registered {
    pub(crate) fn read(payload: &Map<String, Value>) -> Result<Self, JwtError> {
        Ok(Registered {
            iss: string_claim(payload, "iss")?,
            sub: string_claim(payload, "sub")?,
            aud: string_list_claim(payload, "aud")?.unwrap_or_default(),
            exp: numeric_date(payload, "exp")?,
            nbf: numeric_date(payload, "nbf")?,
            iat: numeric_date(payload, "iat")?,
            azp: string_claim(payload, "azp")?,
            jti: string_claim(payload, "jti")?,
        })
    }
}

/// What the shared checks compare against.
pub(crate) struct CommonRules<'a> {
    pub(crate) issuers: &'a [String],
    pub(crate) audiences: &'a [String],
    pub(crate) leeway: u64,
    pub(crate) require_iat: bool,
    pub(crate) now: u64,
}

/// Issuer (exact match), audience (any overlap), then `exp`, `nbf` and `iat` with leeway.
pub(crate) fn check_common(claims: &Registered, rules: &CommonRules<'_>) -> Result<(), JwtError> {
    let iss = claims.iss.as_deref().ok_or(JwtError::MissingClaim { claim: "iss" })?;
    if !rules.issuers.iter().any(|expected| expected == iss) {
        return Err(JwtError::WrongIssuer {
            found: super::text::sanitize(iss),
        });
    }
    if claims.aud.is_empty() {
        return Err(JwtError::MissingClaim { claim: "aud" });
    }
    if !claims.aud.iter().any(|a| rules.audiences.contains(a)) {
        return Err(JwtError::WrongAudience {
            found: claims.aud.iter().take(8).map(|a| super::text::sanitize(a)).collect(),
        });
    }
    let now = rules.now;
    let exp = claims.exp.ok_or(JwtError::MissingClaim { claim: "exp" })?;
    if now >= exp.saturating_add(rules.leeway) {
        return Err(JwtError::Expired { exp, now });
    }
    match claims.nbf {
        Some(nbf) if nbf > now.saturating_add(rules.leeway) => {
            return Err(JwtError::NotYetValid { nbf, now });
        }
        _ => {}
    }
    match claims.iat {
        Some(iat) if iat > now.saturating_add(rules.leeway) => Err(JwtError::IssuedInFuture { iat, now }),
        None if rules.require_iat => Err(JwtError::MissingClaim { claim: "iat" }),
        _ => Ok(()),
    }
}

fn invalid(claim: &str, reason: &str) -> JwtError {
    JwtError::InvalidClaim {
        claim: claim.to_owned(),
        reason: reason.to_owned(),
    }
}

/// An optional string claim; present with another JSON type is an error.
pub(crate) fn string_claim(payload: &Map<String, Value>, name: &str) -> Result<Option<String>, JwtError> {
    match payload.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(invalid(name, "expected a string")),
    }
}

/// An optional claim that is a string or an array of strings.
pub(crate) fn string_list_claim(payload: &Map<String, Value>, name: &str) -> Result<Option<Vec<String>>, JwtError> {
    match payload.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(vec![s.clone()])),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| invalid(name, "expected an array of strings"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(_) => Err(invalid(name, "expected a string or an array of strings")),
    }
}

/// An optional NumericDate: a non-negative number of seconds (fractions are truncated).
pub(crate) fn numeric_date(payload: &Map<String, Value>, name: &str) -> Result<Option<u64>, JwtError> {
    match payload.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => {
            if let Some(v) = n.as_u64() {
                return Ok(Some(v));
            }
            match n.as_f64() {
                Some(f) if f.is_finite() && f >= 0.0 && f < u64::MAX as f64 => Ok(Some(f as u64)),
                _ => Err(invalid(name, "expected a non-negative number of seconds")),
            }
        }
        Some(_) => Err(invalid(name, "expected a number of seconds")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    fn rules<'a>(iss: &'a [String], aud: &'a [String], now: u64) -> CommonRules<'a> {
        CommonRules {
            issuers: iss,
            audiences: aud,
            leeway: 60,
            require_iat: true,
            now,
        }
    }

    #[test]
    fn leeway_boundaries() {
        let iss = vec!["https://i/".to_owned()];
        let aud = vec!["a".to_owned()];
        let claims = |exp: u64, iat: u64| {
            Registered::read(&map(json!({"iss":"https://i/","aud":"a","exp":exp,"iat":iat}))).unwrap()
        };
        assert!(check_common(&claims(1000, 900), &rules(&iss, &aud, 1059)).is_ok());
        assert!(matches!(
            check_common(&claims(1000, 900), &rules(&iss, &aud, 1060)),
            Err(JwtError::Expired { exp: 1000, now: 1060 })
        ));
        assert!(check_common(&claims(2000, 1060), &rules(&iss, &aud, 1000)).is_ok());
        assert!(matches!(
            check_common(&claims(2000, 1061), &rules(&iss, &aud, 1000)),
            Err(JwtError::IssuedInFuture { .. })
        ));
    }

    #[test]
    fn wrong_types_are_reported() {
        let err = Registered::read(&map(json!({"exp":"soon"}))).unwrap_err();
        assert!(matches!(err, JwtError::InvalidClaim { ref claim, .. } if claim == "exp"));
        let err = Registered::read(&map(json!({"aud":[1]}))).unwrap_err();
        assert!(matches!(err, JwtError::InvalidClaim { ref claim, .. } if claim == "aud"));
        let err = Registered::read(&map(json!({"iat":-5}))).unwrap_err();
        assert!(matches!(err, JwtError::InvalidClaim { ref claim, .. } if claim == "iat"));
        assert_eq!(Registered::read(&map(json!({"iat":5.7}))).unwrap().iat, Some(5));
    }
}
