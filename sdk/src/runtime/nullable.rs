//! A field that can be absent, explicitly `null`, or hold a value — what PATCH bodies need.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value for a field that the API lets you omit, clear with `null`, or set.
///
/// `Option<T>` cannot tell "leave unchanged" from "clear": in an update body both would be
/// `None`. Generated request types use `Nullable<T>` for every field the spec marks nullable;
/// the field is skipped when [`Nullable::Absent`].
///
/// ```
/// use auth0_sdk::runtime::Nullable;
/// let set: Nullable<String> = "value".to_string().into();
/// assert!(set.is_value());
/// assert_eq!(serde_json::to_string(&Nullable::<u8>::Null).unwrap(), "null");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// Not sent; the server keeps its current value.
    #[default]
    Absent,
    /// Sent as JSON `null`; the server clears the value.
    Null,
    /// Sent as this value.
    Value(T),
}

impl<T> Nullable<T> {
    /// `true` when the field is not sent (used by `skip_serializing_if`).
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// `true` when the field holds a value.
    pub fn is_value(&self) -> bool {
        matches!(self, Nullable::Value(_))
    }

    /// The value, if there is one.
    pub fn as_value(&self) -> Option<&T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// Converts to `Option`, folding `Absent` and `Null` into `None`.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `Some(v)` sets the value, `None` sends `null`.
    fn from(value: Option<T>) -> Self {
        match value {
            Some(v) => Nullable::Value(v),
            None => Nullable::Null,
        }
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(v) => v.serialize(serializer),
            // `Absent` is normally skipped by the field attribute; serialising it anyway
            // (e.g. inside a sequence) must not invent a value, so it is `null` as well.
            Nullable::Null | Nullable::Absent => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}
