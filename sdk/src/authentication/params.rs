//! Small pieces shared by the hand-written request builders.

use secrecy::SecretString;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::runtime::Body;

/// A JSON object body (serialising a map of JSON values cannot fail).
pub(crate) fn json_body(map: Map<String, Value>) -> Body {
    Body::Json(Value::Object(map).to_string().into())
}

/// Sets `name` to `value` in an ordered list of form or query pairs, replacing an earlier
/// value of the same name so a caller's override never sends the parameter twice.
pub(crate) fn set_param(pairs: &mut Vec<(String, String)>, name: impl Into<String>, value: impl Into<String>) {
    let name = name.into();
    let value = value.into();
    match pairs.iter_mut().find(|(k, _)| *k == name) {
        Some(slot) => slot.1 = value,
        None => pairs.push((name, value)),
    }
}

/// Deserialises a string straight into a [`SecretString`] (`#[serde(deserialize_with)]`), so
/// codes and ids that grant access never sit in a plain `String`.
pub(crate) fn deserialize_secret<'de, D: serde::Deserializer<'de>>(d: D) -> Result<SecretString, D::Error> {
    String::deserialize(d).map(SecretString::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parameter_set_twice_is_sent_once_with_the_last_value() {
        let mut pairs = vec![("scope".to_owned(), "openid".to_owned())];
        set_param(&mut pairs, "audience", "api");
        set_param(&mut pairs, "scope", "openid email");
        assert_eq!(
            pairs,
            [
                ("scope".to_owned(), "openid email".to_owned()),
                ("audience".to_owned(), "api".to_owned())
            ]
        );
    }
}
