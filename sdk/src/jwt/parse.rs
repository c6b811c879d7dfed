//! Structural checks made before any key is looked up or any signature is checked: size,
//! segment count, strict base64url, JSON objects without repeated member names, and the
//! header's `alg`, `kid`, `typ` and `crit`.
//!
//! Header parameters that point at keys (`jku`, `x5u`, `jwk`, `x5c`) are deliberately never
//! read: keys come only from the verifier's own configuration.

use std::str::FromStr;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::Algorithm;
use serde_json::{Map, Value};

use super::error::{JwtError, Segment};
use super::strict_json::{StrictJsonError, from_slice};
use super::text::sanitize;

/// Default upper bound on a token's length: Auth0 tokens are well under 4 KiB.
pub(crate) const DEFAULT_MAX_TOKEN_BYTES: usize = 16 * 1024;

/// A token that passed the structural checks; its signature is not verified yet.
pub(crate) struct ParsedJwt<'t> {
    /// `header.payload`, the bytes the signature covers.
    pub(crate) signing_input: &'t str,
    /// The base64url signature.
    pub(crate) signature: &'t str,
    /// The header's algorithm (never `none`, always in the allowed list).
    pub(crate) alg: Algorithm,
    /// The header's `kid`, if any.
    pub(crate) kid: Option<String>,
    /// The header's `typ`, if any.
    pub(crate) typ: Option<String>,
    /// The claims.
    pub(crate) payload: Map<String, Value>,
}

/// Runs every check that needs no key, in a fixed order so each bad token has one answer.
pub(crate) fn parse<'t>(token: &'t str, max_bytes: usize, allowed: &[Algorithm]) -> Result<ParsedJwt<'t>, JwtError> {
    if token.len() > max_bytes {
        return Err(JwtError::TooLarge {
            size: token.len(),
            max: max_bytes,
        });
    }
    let parts: Vec<&str> = token.split('.').collect();
    let [header_b64, payload_b64, signature] = parts[..] else {
        return Err(JwtError::SegmentCount { found: parts.len() });
    };
    let header = decode_segment(header_b64, Segment::Header)?;
    let payload = decode_segment(payload_b64, Segment::Payload)?;
    decode_segment(signature, Segment::Signature)?;
    let header = json_object(&header, Segment::Header)?;
    let payload = json_object(&payload, Segment::Payload)?;
    let alg = check_alg(&header, allowed)?;
    Ok(ParsedJwt {
        signing_input: &token[..header_b64.len() + 1 + payload_b64.len()],
        signature,
        alg,
        kid: string_param(&header, "kid")?,
        typ: string_param(&header, "typ")?,
        payload,
    })
}

/// An optional string header parameter; another JSON type is an error.
fn string_param(header: &Map<String, Value>, param: &'static str) -> Result<Option<String>, JwtError> {
    match header.get(param) {
        None => Ok(None),
        Some(Value::String(value)) => Ok(Some(value.clone())),
        Some(_) => Err(JwtError::InvalidHeader { param }),
    }
}

fn decode_segment(text: &str, segment: Segment) -> Result<Vec<u8>, JwtError> {
    URL_SAFE_NO_PAD.decode(text).map_err(|_| JwtError::Base64 { segment })
}

fn json_object(bytes: &[u8], segment: Segment) -> Result<Map<String, Value>, JwtError> {
    match from_slice(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Err(StrictJsonError::Duplicate(name)) => Err(JwtError::DuplicateMember {
            segment,
            name: sanitize(&name),
        }),
        _ => Err(JwtError::NotJson { segment }),
    }
}

/// `alg` must name a known, allowed algorithm; `none` and `crit` are refused outright.
fn check_alg(header: &Map<String, Value>, allowed: &[Algorithm]) -> Result<Algorithm, JwtError> {
    let Some(Value::String(name)) = header.get("alg") else {
        return Err(JwtError::InvalidHeader { param: "alg" });
    };
    if name.eq_ignore_ascii_case("none") {
        return Err(JwtError::AlgNone);
    }
    if let Some(crit) = header.get("crit") {
        let names = match crit {
            Value::Array(items) => items.iter().filter_map(Value::as_str).take(8).map(sanitize).collect(),
            _ => Vec::new(),
        };
        return Err(JwtError::CriticalHeader { names });
    }
    let alg = Algorithm::from_str(name).map_err(|_| JwtError::UnsupportedAlgorithm { alg: sanitize(name) })?;
    if !allowed.contains(&alg) {
        return Err(JwtError::AlgorithmNotAllowed { alg: sanitize(name) });
    }
    Ok(alg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(v: &str) -> String {
        URL_SAFE_NO_PAD.encode(v)
    }

    #[test]
    fn rejects_padding_and_standard_alphabet() {
        let token = format!("{}.{}=.", b64(r#"{"alg":"RS256"}"#), b64("{}"));
        assert!(matches!(
            parse(&token, 1000, &[Algorithm::RS256]),
            Err(JwtError::Base64 {
                segment: Segment::Payload
            })
        ));
        let token = format!("{}.{}.a+b/", b64(r#"{"alg":"RS256"}"#), b64("{}"));
        assert!(matches!(
            parse(&token, 1000, &[Algorithm::RS256]),
            Err(JwtError::Base64 {
                segment: Segment::Signature
            })
        ));
    }

    #[test]
    fn accepts_a_well_formed_token() {
        let token = format!("{}.{}.AAAA", b64(r#"{"alg":"RS256","kid":"k"}"#), b64("{}"));
        let parsed = parse(&token, 1000, &[Algorithm::RS256]).unwrap();
        assert_eq!(parsed.kid.as_deref(), Some("k"));
        assert_eq!(parsed.signature, "AAAA");
        assert!(token.starts_with(parsed.signing_input));
        assert_eq!(parsed.signing_input.matches('.').count(), 1);
    }

    #[test]
    fn header_parameter_types_are_checked() {
        let token = format!("{}.{}.", b64(r#"{"alg":"RS256","kid":7}"#), b64("{}"));
        assert!(matches!(
            parse(&token, 1000, &[Algorithm::RS256]),
            Err(JwtError::InvalidHeader { param: "kid" })
        ));
        let token = format!("{}.{}.", b64(r#"{"alg":1}"#), b64("{}"));
        assert!(matches!(
            parse(&token, 1000, &[Algorithm::RS256]),
            Err(JwtError::InvalidHeader { param: "alg" })
        ));
    }
}
