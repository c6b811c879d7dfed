//! Decodes any of Auth0's three list-response shapes, generically over the item type:
//! a bare array; an offset object `{start, limit, total, <items>}` (or `{total, page,
//! per_page, <items>}`); a checkpoint object `{next?, <items>}`.
//!
//! A hand-written visitor keyed by the operation's `items_field` keeps this to one small
//! generic instantiation per item type, instead of a derived wrapper struct per operation.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// One decoded list response.
#[derive(Debug)]
pub(crate) struct PageBody<T> {
    pub(crate) items: Vec<T>,
    pub(crate) start: Option<u64>,
    pub(crate) limit: Option<u64>,
    pub(crate) total: Option<u64>,
    pub(crate) page: Option<u64>,
    pub(crate) per_page: Option<u64>,
    pub(crate) next: Option<String>,
}

/// Decodes a [`PageBody`] whose items are under `items_field` when the body is an object.
pub(crate) struct PageSeed<T> {
    items_field: &'static str,
    item: PhantomData<fn() -> T>,
}

impl<T> PageSeed<T> {
    pub(crate) fn new(items_field: &'static str) -> Self {
        PageSeed {
            items_field,
            item: PhantomData,
        }
    }
}

impl<T> Clone for PageSeed<T> {
    fn clone(&self) -> Self {
        PageSeed::new(self.items_field)
    }
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for PageSeed<T> {
    type Value = PageBody<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for PageSeed<T> {
    type Value = PageBody<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an array, or an object with a `{}` array", self.items_field)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(PageBody {
            items,
            start: None,
            limit: None,
            total: None,
            page: None,
            per_page: None,
            next: None,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut body = PageBody {
            items: Vec::new(),
            start: None,
            limit: None,
            total: None,
            page: None,
            per_page: None,
            next: None,
        };
        let mut saw_items = false;
        while let Some(key) = map.next_key_seed(KeySeed(self.items_field))? {
            match key {
                Key::Items => {
                    body.items = map.next_value()?;
                    saw_items = true;
                }
                Key::Start => body.start = map.next_value()?,
                Key::Limit => body.limit = map.next_value()?,
                Key::Total => body.total = map.next_value()?,
                Key::Page => body.page = map.next_value()?,
                Key::PerPage => body.per_page = map.next_value()?,
                Key::Next => body.next = map.next_value::<Option<NextToken>>()?.map(|n| n.0),
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !saw_items {
            return Err(de::Error::missing_field(self.items_field));
        }
        Ok(body)
    }
}

enum Key {
    Items,
    Start,
    Limit,
    Total,
    Page,
    PerPage,
    Next,
    Other,
}

/// Classifies an object key without allocating it.
struct KeySeed(&'static str);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(match key {
            k if k == self.0 => Key::Items,
            "start" => Key::Start,
            "limit" => Key::Limit,
            "total" => Key::Total,
            "page" => Key::Page,
            "per_page" => Key::PerPage,
            "next" => Key::Next,
            _ => Key::Other,
        })
    }
}

/// The checkpoint token: a string (numbers are accepted and kept as text).
struct NextToken(String);

impl<'de> Deserialize<'de> for NextToken {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = NextToken;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a checkpoint string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<NextToken, E> {
                Ok(NextToken(v.to_owned()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<NextToken, E> {
                Ok(NextToken(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<NextToken, E> {
                Ok(NextToken(v.to_string()))
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(json: &str) -> Result<PageBody<u32>, serde_json::Error> {
        PageSeed::<u32>::new("users").deserialize(&mut serde_json::Deserializer::from_str(json))
    }

    #[test]
    fn three_shapes() {
        let bare = decode("[1,2,3]").unwrap();
        assert_eq!(bare.items, [1, 2, 3]);
        let offset = decode(r#"{"start":0,"limit":2,"length":2,"total":9,"users":[1,2],"x":{"y":[]}}"#).unwrap();
        assert_eq!(
            (offset.items, offset.start, offset.limit, offset.total),
            (vec![1, 2], Some(0), Some(2), Some(9))
        );
        let paged = decode(r#"{"total":3,"page":1,"per_page":2,"users":[3]}"#).unwrap();
        assert_eq!((paged.page, paged.per_page, paged.total), (Some(1), Some(2), Some(3)));
        let checkpoint = decode(r#"{"next":"abc","users":[4]}"#).unwrap();
        assert_eq!(checkpoint.next.as_deref(), Some("abc"));
        let last = decode(r#"{"users":[]}"#).unwrap();
        assert!(last.next.is_none() && last.items.is_empty());
    }

    #[test]
    fn wrong_shapes_fail() {
        assert!(
            decode(r#"{"clients":[1]}"#)
                .unwrap_err()
                .to_string()
                .contains("missing field `users`")
        );
        assert!(decode(r#"{"users":["x"]}"#).is_err());
        assert!(decode("7").is_err());
    }
}
