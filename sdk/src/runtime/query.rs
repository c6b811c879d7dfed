//! Turning typed parameters into query-string pairs.

use std::borrow::Cow;

/// Query-string pairs in the order they are sent.
pub type QueryPairs = Vec<(Cow<'static, str>, String)>;

/// A value that can be sent as a query parameter.
///
/// Arrays are sent with the OpenAPI default for query parameters (`style: form`,
/// `explode: true`): one `name=value` pair per element.
pub trait QueryValue {
    /// Appends this value's pairs under `name`.
    fn push_query(&self, name: &'static str, out: &mut QueryPairs);
}

macro_rules! query_value_via_to_string {
    ($($t:ty),*) => {$(
        impl QueryValue for $t {
            fn push_query(&self, name: &'static str, out: &mut QueryPairs) {
                out.push((Cow::Borrowed(name), self.to_string()));
            }
        }
    )*};
}
query_value_via_to_string!(bool, i32, i64, u32, u64, f64, String, str);

impl<T: QueryValue + ?Sized> QueryValue for &T {
    fn push_query(&self, name: &'static str, out: &mut QueryPairs) {
        (**self).push_query(name, out)
    }
}

impl<T: QueryValue> QueryValue for Option<T> {
    fn push_query(&self, name: &'static str, out: &mut QueryPairs) {
        if let Some(value) = self {
            value.push_query(name, out)
        }
    }
}

impl<T: QueryValue> QueryValue for Vec<T> {
    fn push_query(&self, name: &'static str, out: &mut QueryPairs) {
        for value in self {
            value.push_query(name, out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_explode_and_none_is_skipped() {
        let mut out = QueryPairs::new();
        vec!["a".to_string(), "b".to_string()].push_query("fields", &mut out);
        Option::<i64>::None.push_query("page", &mut out);
        Some(true).push_query("include_totals", &mut out);
        let flat: Vec<_> = out.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(flat, ["fields=a", "fields=b", "include_totals=true"]);
    }
}
