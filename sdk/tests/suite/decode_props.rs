//! Property tests for the response decoder (`runtime::wire` under the generated types):
//! arbitrary bytes never panic, only fail with an error; any JSON a generated type accepts
//! re-encodes to JSON that decodes to the same value.
#![cfg(feature = "users")]

use auth0_sdk::management::types::{ListUsersResponseContent, UpdateUserRequestContent, UserResponseSchema};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// JSON values of bounded size, biased towards the shapes of a user (objects with the
/// fields the schema knows, of the right and the wrong types).
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        "[a-z0-9|@.]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        let key = prop_oneof![
            Just("user_id".to_owned()),
            Just("email".to_owned()),
            Just("email_verified".to_owned()),
            Just("identities".to_owned()),
            Just("app_metadata".to_owned()),
            Just("logins_count".to_owned()),
            "[a-z_]{1,8}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(key, inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = serde_json::from_slice::<UserResponseSchema>(&bytes);
        let _ = serde_json::from_slice::<ListUsersResponseContent>(&bytes);
        let _ = serde_json::from_slice::<UpdateUserRequestContent>(&bytes);
    }

    #[test]
    fn arbitrary_json_never_panics_and_accepted_values_round_trip(value in json_value()) {
        if let Ok(user) = serde_json::from_value::<UserResponseSchema>(value.clone()) {
            let encoded = serde_json::to_value(&user).unwrap();
            let again: UserResponseSchema = serde_json::from_value(encoded.clone()).unwrap();
            prop_assert_eq!(serde_json::to_value(&again).unwrap(), encoded);
        }
        if let Ok(list) = serde_json::from_value::<ListUsersResponseContent>(value) {
            let encoded = serde_json::to_value(&list).unwrap();
            let again: ListUsersResponseContent = serde_json::from_value(encoded.clone()).unwrap();
            prop_assert_eq!(serde_json::to_value(&again).unwrap(), encoded);
        }
    }
}
