//! The next checkpoint of a list whose response has no `next` (`/logs` answers a bare
//! array): the value of one field in the last item.
//!
//! It is read in a second pass over the body bytes rather than while the items decode, so
//! items keep their typed decoding and precise error paths; the pass skips everything but
//! that one field and runs only for operations configured with
//! [`Pagination::next_from_item`](crate::runtime::Pagination::next_from_item).

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// The string value of `field` in the last item of the list in `body` (a bare array, or an
/// object holding the array under `items_field`); `None` when it cannot be found.
pub(crate) fn last_item_field(body: &[u8], items_field: &'static str, field: &'static str) -> Option<String> {
    let mut de = serde_json::Deserializer::from_slice(body);
    ListSeed { items_field, field }.deserialize(&mut de).ok().flatten()
}

#[derive(Clone, Copy)]
struct ListSeed {
    items_field: &'static str,
    field: &'static str,
}

impl<'de> DeserializeSeed<'de> for ListSeed {
    type Value = Option<String>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ListSeed {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list response")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut last = None;
        while let Some(value) = seq.next_element_seed(ItemField(self.field))? {
            last = value;
        }
        Ok(last)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut last = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == self.items_field {
                last = map.next_value_seed(ItemsSeed(self.field))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(last)
    }
}

/// The items array of an object-shaped response.
struct ItemsSeed(&'static str);

impl<'de> DeserializeSeed<'de> for ItemsSeed {
    type Value = Option<String>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(ListSeed {
            items_field: "",
            field: self.0,
        })
    }
}

/// One item: the string value of the field, if it has one.
struct ItemField(&'static str);

impl<'de> DeserializeSeed<'de> for ItemField {
    type Value = Option<String>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ItemField {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list item")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == self.0 {
                found = map.next_value::<serde_json::Value>()?.as_str().map(str::to_owned);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }

    // Items that are not objects have no field: skip them.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_last_items_field_in_either_shape() {
        let bare = br#"[{"log_id":"a","x":{"log_id":"nested"}},{"date":"d","log_id":"b"}]"#;
        assert_eq!(last_item_field(bare, "logs", "log_id").as_deref(), Some("b"));
        let object = br#"{"next":null,"logs":[{"log_id":"a"},{"log_id":"c"}],"total":2}"#;
        assert_eq!(last_item_field(object, "logs", "log_id").as_deref(), Some("c"));
    }

    #[test]
    fn missing_or_odd_values_give_none() {
        assert_eq!(last_item_field(b"[]", "logs", "log_id"), None);
        assert_eq!(
            last_item_field(br#"[{"log_id":"a"},{"other":1}]"#, "logs", "log_id"),
            None
        );
        assert_eq!(last_item_field(br#"[{"log_id":7}]"#, "logs", "log_id"), None);
        assert_eq!(last_item_field(br#"[1, "x", null, [2]]"#, "logs", "log_id"), None);
        assert_eq!(last_item_field(b"not json", "logs", "log_id"), None);
    }
}
