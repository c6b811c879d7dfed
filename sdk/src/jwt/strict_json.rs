//! JSON parsing that refuses a member name appearing twice in one object, at any depth.
//!
//! `serde_json::Value` keeps the last of two equal names, while other JOSE libraries keep the
//! first or reject the document, so `{"alg":"none","alg":"RS256"}` or two `exp`s would mean
//! different things to different parsers. RFC 7515 §4 and RFC 7519 §4 let a JWT parser reject
//! such tokens; this one always does. Names are compared after unescaping, so `"al\u0067"`
//! and `"alg"` are the same name.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// Why a document was refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum StrictJsonError {
    /// Not JSON (or nested deeper than serde_json's recursion limit).
    Syntax,
    /// This member name appears twice in one object.
    Duplicate(String),
}

/// Parses `bytes` as one JSON value with no repeated member names.
pub(crate) fn from_slice(bytes: &[u8]) -> Result<Value, StrictJsonError> {
    let duplicate = RefCell::new(None);
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let parsed = Strict { duplicate: &duplicate }
        .deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value));
    match (parsed, duplicate.into_inner()) {
        (_, Some(name)) => Err(StrictJsonError::Duplicate(name)),
        (Ok(value), None) => Ok(value),
        (Err(_), None) => Err(StrictJsonError::Syntax),
    }
}

/// A seed that builds a `Value` and records the first repeated name it meets.
#[derive(Clone, Copy)]
struct Strict<'a> {
    duplicate: &'a RefCell<Option<String>>,
}

impl<'de> DeserializeSeed<'de> for Strict<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // JSON has no NaN or infinity; `Value::from` maps them to null should one appear.
        Ok(Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(name) = map.next_key::<String>()? {
            if object.contains_key(&name) {
                *self.duplicate.borrow_mut() = Some(name);
                return Err(de::Error::custom("duplicate member name"));
            }
            let value = map.next_value_seed(self)?;
            object.insert(name, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_refused_at_any_depth() {
        let dup = |name: &str| Err(StrictJsonError::Duplicate(name.to_owned()));
        assert_eq!(from_slice(br#"{"alg":"none","alg":"RS256"}"#), dup("alg"));
        assert_eq!(from_slice(br#"{"alg":"none","al\u0067":"RS256"}"#), dup("alg"));
        assert_eq!(from_slice(br#"{"a":[{"x":1,"x":2}]}"#), dup("x"));
        assert_eq!(from_slice(br#"{"a":{"b":{"c":1,"c":1}}}"#), dup("c"));
    }

    #[test]
    fn same_values_as_serde_json_otherwise() {
        let text = br#"{"s":"x\n","n":-1,"u":18446744073709551615,"f":1.5,"b":true,"z":null,"a":[1,{"k":[]}]}"#;
        let expected: Value = serde_json::from_slice(text).unwrap();
        assert_eq!(from_slice(text), Ok(expected));
        assert_eq!(from_slice(b"{} x"), Err(StrictJsonError::Syntax));
        assert_eq!(from_slice(b"{\"a\":"), Err(StrictJsonError::Syntax));
    }

    fn json_value() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            any::<String>().prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map(any::<String>(), inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// decode(encode(x)) == x, and the strict parser agrees with serde_json on every
        /// document without repeated names.
        #[test]
        fn round_trips(value in json_value()) {
            let text = serde_json::to_vec(&value).unwrap();
            proptest::prop_assert_eq!(from_slice(&text), Ok(value));
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..256)) {
            let _ = from_slice(&bytes);
        }
    }
}
