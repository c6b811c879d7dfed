//! Compact serde support shared by every generated struct and union.
//!
//! Why not `#[derive(Serialize, Deserialize)]`: for each struct the derive emits a field
//! enum with its own visitor (three string/byte/index matches), a sequence visitor and a map
//! visitor. Across the Management API's 1,000+ structs that was most of the sdk's compile
//! time and well over half of rustc's peak memory. Generated structs instead implement
//! [`WireStruct`] with one function (a `match` on the field index and the final struct
//! literal); the visitor, the key lookup, duplicate detection and unknown-field skipping live
//! here once. The wire behaviour is the derive's: unknown fields are ignored, a missing
//! required field is `missing field`, a repeated field is `duplicate field`.
//!
//! Serialising is one expression per struct: a tuple of [`Entry`], [`Optional`] and
//! [`Present`] values (nested in tuples of at most eight) handed to [`serialize_fields`].
//! Which entries are written is decided by the generic [`FieldList`] impls below, so a
//! struct's own `serialize` has no branches for rustc to check.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Fields of a struct being serialised (a field, or a tuple of them).
pub trait FieldList {
    /// How many entries will be written.
    fn count(&self) -> usize;
    /// Writes the entries in order.
    fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
}

/// `Serialize::serialize` for a generated struct: a map of the written entries.
pub fn serialize_fields<S: Serializer, F: FieldList>(serializer: S, fields: &F) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(fields.count()))?;
    fields.write(&mut map)?;
    map.end()
}

/// A field that is always written (required; a required-but-nullable `None` is `null`).
pub struct Entry<'a, T>(pub &'static str, pub &'a T);

/// An optional field, written only when `Some`.
pub struct Optional<'a, T>(pub &'static str, pub &'a Option<T>);

/// A nullable optional field of a request, written unless `Absent`.
pub struct Present<'a, T>(pub &'static str, pub &'a super::Nullable<T>);

impl<T: Serialize> FieldList for Entry<'_, T> {
    fn count(&self) -> usize {
        1
    }
    fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        map.serialize_entry(self.0, self.1)
    }
}

impl<T: Serialize> FieldList for Optional<'_, T> {
    fn count(&self) -> usize {
        usize::from(self.1.is_some())
    }
    fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        match self.1 {
            Some(value) => map.serialize_entry(self.0, value),
            None => Ok(()),
        }
    }
}

impl<T: Serialize> FieldList for Present<'_, T> {
    fn count(&self) -> usize {
        usize::from(!self.1.is_absent())
    }
    fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        if self.1.is_absent() {
            Ok(())
        } else {
            map.serialize_entry(self.0, self.1)
        }
    }
}

/// Tuples of up to eight field lists are field lists, written left to right.
macro_rules! tuple_field_list {
    ($($name:ident)*) => {
        impl<$($name: FieldList),*> FieldList for ($($name,)*) {
            #[allow(non_snake_case)]
            fn count(&self) -> usize {
                let ($($name,)*) = self;
                0 $(+ $name.count())*
            }
            #[allow(non_snake_case, unused_variables)]
            fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
                let ($($name,)*) = self;
                $($name.write(map)?;)*
                Ok(())
            }
        }
    };
}

tuple_field_list!();
tuple_field_list!(A);
tuple_field_list!(A B);
tuple_field_list!(A B C);
tuple_field_list!(A B C D);
tuple_field_list!(A B C D E);
tuple_field_list!(A B C D E F);
tuple_field_list!(A B C D E F G);
tuple_field_list!(A B C D E F G H);

/// A generated struct that decodes from a map of named fields.
pub trait WireStruct: Sized {
    /// The type's name, for error messages.
    const NAME: &'static str;
    /// Wire names of the fields, in declaration order; a key's position is its field index.
    const FIELDS: &'static [&'static str];
    /// Builds the value from the remaining entries of `map` (usually with [`read_fields`]).
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` for a [`WireStruct`].
pub fn deserialize_struct<'de, T: WireStruct, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::FIELDS, StructVisitor::<T>(PhantomData))
}

struct StructVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: WireStruct> Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object ({})", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }
}

/// Reads every entry of `map`, handing each key's field index to `read`, which reads or
/// skips the value. The index is the key's position in `fields`, or `fields.len()` for a
/// field this version does not know.
pub fn read_fields<'de, A: MapAccess<'de>>(
    mut map: A,
    fields: &'static [&'static str],
    mut read: impl FnMut(&mut A, usize) -> Result<(), A::Error>,
) -> Result<(), A::Error> {
    while let Some(index) = next_field(&mut map, fields)? {
        read(&mut map, index)?;
    }
    Ok(())
}

/// Reads the next key: `Some(index into fields)`, `Some(fields.len())` for a field this
/// version does not know, `None` at the end of the map.
fn next_field<'de, A: MapAccess<'de>>(map: &mut A, fields: &'static [&'static str]) -> Result<Option<usize>, A::Error> {
    map.next_key_seed(FieldIndex(fields))
}

struct FieldIndex(&'static [&'static str]);

impl FieldIndex {
    fn position(&self, key: &[u8]) -> usize {
        self.0
            .iter()
            .position(|name| name.as_bytes() == key)
            .unwrap_or(self.0.len())
    }
}

impl<'de> DeserializeSeed<'de> for FieldIndex {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for FieldIndex {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<usize, E> {
        Ok(self.position(key.as_bytes()))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<usize, E> {
        Ok(self.position(key))
    }

    /// Formats that name fields by index (not JSON) get the derive's behaviour.
    fn visit_u64<E: de::Error>(self, index: u64) -> Result<usize, E> {
        Ok(usize::try_from(index).map_or(self.0.len(), |i| i.min(self.0.len())))
    }
}

/// Reads the value of field `name` into its slot; a second occurrence is an error, as with
/// the derive (a silently overwritten value would hide a malformed response).
pub fn read_field<'de, A: MapAccess<'de>, T: DeserializeOwned>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a field this version does not know (forward compatibility).
pub fn skip_field<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// `missing field` for the first of `(name, missing)` that is missing.
pub fn missing_field<E: de::Error>(required: &[(&'static str, bool)]) -> E {
    match required.iter().find(|(_, missing)| *missing) {
        Some((name, _)) => E::missing_field(name),
        None => E::custom("a required field is missing"),
    }
}

/// Buffers a value so an untagged union can try each of its variants in turn.
pub fn buffer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<serde_json::Value, D::Error> {
    serde_json::Value::deserialize(deserializer)
}

/// Decodes a buffered value as one union variant; `None` when it does not fit.
pub fn try_variant<T: DeserializeOwned>(value: &serde_json::Value) -> Option<T> {
    T::deserialize(value).ok()
}

/// The error when no variant of union `name` fits.
pub fn no_variant<E: de::Error>(name: &'static str) -> E {
    E::custom(format_args!("data did not match any variant of untagged enum {name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hand-written `WireStruct` shaped like the generated ones.
    #[derive(Debug, PartialEq)]
    struct Sample {
        id: String,
        count: Option<u32>,
    }

    impl WireStruct for Sample {
        const NAME: &'static str = "Sample";
        const FIELDS: &'static [&'static str] = &["id", "count"];
        fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
            let mut id = None;
            let mut count = None;
            read_fields(map, Self::FIELDS, |map, index| match index {
                0 => read_field(map, &mut id, "id"),
                1 => read_field(map, &mut count, "count"),
                _ => skip_field(map),
            })?;
            match (id,) {
                (Some(id),) => Ok(Sample {
                    id,
                    count: count.unwrap_or_default(),
                }),
                (id,) => Err(missing_field(&[("id", id.is_none())])),
            }
        }
    }

    impl<'de> Deserialize<'de> for Sample {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_struct(deserializer)
        }
    }

    fn decode(json: &str) -> Result<Sample, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn decodes_known_fields_and_ignores_unknown_ones() {
        let got = decode(r#"{"new":{"nested":[1,2]},"count":3,"id":"a\"b"}"#).unwrap();
        assert_eq!(
            got,
            Sample {
                id: "a\"b".into(),
                count: Some(3)
            }
        );
        assert_eq!(decode(r#"{"id":"x","count":null}"#).unwrap().count, None);
    }

    #[test]
    fn reports_missing_and_duplicate_fields_and_wrong_shapes() {
        assert!(decode(r#"{"count":1}"#).unwrap_err().starts_with("missing field `id`"));
        assert!(
            decode(r#"{"id":"a","id":"b"}"#)
                .unwrap_err()
                .starts_with("duplicate field `id`")
        );
        assert!(decode(r#"["a"]"#).unwrap_err().contains("expected an object (Sample)"));
        assert!(
            decode(r#"{"id":"a","count":"x"}"#)
                .unwrap_err()
                .starts_with("invalid type")
        );
    }

    #[test]
    fn serialises_entries_in_order_skipping_absent_ones() {
        let (a, b, c, d) = (
            "x".to_owned(),
            None::<u32>,
            Some(2u32),
            super::super::Nullable::<u32>::Absent,
        );
        let null = super::super::Nullable::<u32>::Null;
        let fields = (
            Entry("a", &a),
            (Optional("b", &b), Optional("c", &c)),
            Present("d", &d),
            Present("e", &null),
        );
        assert_eq!(fields.count(), 3);
        let json = serialize_fields(serde_json::value::Serializer, &fields).unwrap();
        assert_eq!(json.to_string(), r#"{"a":"x","c":2,"e":null}"#);
        let mut out = Vec::new();
        serialize_fields(&mut serde_json::Serializer::new(&mut out), &()).unwrap();
        assert_eq!(out, b"{}");
    }

    #[test]
    fn unions_try_variants_in_order() {
        let value: serde_json::Value = serde_json::json!({"id": "z"});
        assert_eq!(try_variant::<Sample>(&value).map(|s| s.id), Some("z".into()));
        assert_eq!(try_variant::<u32>(&value), None);
        let err: serde_json::Error = no_variant("Thing");
        assert_eq!(err.to_string(), "data did not match any variant of untagged enum Thing");
    }
}
