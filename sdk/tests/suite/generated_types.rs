//! Behaviour of the generated types that Auth0's next release depends on: unknown enum values
//! and fields survive, spec `default`s are not invented, PATCH bodies tell absent from `null`,
//! list responses decode in both shapes, and secrets stay out of `Debug`.
#![cfg(feature = "users")]

use auth0_sdk::management::types::{
    ListUsersResponseContent, SearchEngineVersionsEnum, UpdateUserRequestContent, UserResponseSchema,
};
use auth0_sdk::runtime::Nullable;
use serde_json::json;

#[test]
fn unknown_enum_values_round_trip() {
    let v: SearchEngineVersionsEnum = serde_json::from_value(json!("v9")).unwrap();
    assert_eq!(v, SearchEngineVersionsEnum::Unknown("v9".into()));
    assert_eq!(serde_json::to_value(&v).unwrap(), json!("v9"));
    let known: SearchEngineVersionsEnum = serde_json::from_value(json!("v3")).unwrap();
    assert_eq!(known, SearchEngineVersionsEnum::V3);
    assert_eq!(SearchEngineVersionsEnum::from("v2").as_str(), "v2");
}

#[test]
fn unknown_fields_are_accepted_and_spec_defaults_are_not_invented() {
    let user: UserResponseSchema =
        serde_json::from_value(json!({"user_id": "auth0|1", "a_field_from_the_future": {"x": 1}})).unwrap();
    assert_eq!(user.user_id.as_deref(), Some("auth0|1"));
    // The spec's `default: john.doe@gmail.com` is example data, not a value to assume.
    assert_eq!(user.email, None);
    assert_eq!(user.email_verified, None);
}

#[test]
fn patch_bodies_distinguish_absent_null_and_value() {
    let body = UpdateUserRequestContent {
        given_name: Nullable::Null,
        family_name: "Doe".to_string().into(),
        ..Default::default()
    };
    let sent = serde_json::to_value(&body).unwrap();
    assert_eq!(sent, json!({"given_name": null, "family_name": "Doe"}));
    assert!(body.name.is_absent());
}

#[test]
fn include_totals_list_responses_decode_either_way() {
    let bare: ListUsersResponseContent = serde_json::from_value(json!([{"user_id": "a"}])).unwrap();
    assert!(matches!(bare, ListUsersResponseContent::List(ref users) if users.len() == 1));
    let paged: ListUsersResponseContent =
        serde_json::from_value(json!({"start": 0, "limit": 50, "length": 1, "total": 1, "users": [{"user_id": "a"}]}))
            .unwrap();
    assert!(matches!(
        paged,
        ListUsersResponseContent::OffsetPaginatedResponseContent(_)
    ));
}

#[test]
fn passwords_in_generated_bodies_are_redacted_from_debug() {
    let body = UpdateUserRequestContent {
        password: "hunter2-very-secret".to_string().into(),
        ..Default::default()
    };
    let debug = format!("{body:?}");
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(debug.contains("<redacted>"));
}

#[test]
fn every_operation_is_listed_once_with_a_path_and_id() {
    let ops = auth0_sdk::management::OPERATIONS;
    assert!(ops.len() >= 400, "only {} operations", ops.len());
    let mut ids: Vec<&str> = ops.iter().map(|o| o.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), ops.len(), "duplicate operation ids");
    assert!(ops.iter().all(|o| o.path.starts_with('/')));
    let users = ops.iter().find(|o| o.id == "get_users").unwrap();
    assert!(users.custom_domain && users.pagination.is_some());
    assert!(!ops.iter().find(|o| o.id == "get_clients").unwrap().custom_domain);
}

/// The generated (not derived) serde impls report what is wrong and where, through the
/// client's decode path as well as through `serde_json` directly.
#[tokio::test]
async fn malformed_responses_are_decode_errors_that_name_the_field() {
    use wiremock::matchers::path;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    Mock::given(path("/api/v2/users/u1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "user_id": "u1",
            "identities": [{"provider": "auth0", "isSocial": false}, {"isSocial": "no"}]
        })))
        .mount(&server)
        .await;
    let client = auth0_sdk::ManagementClient::builder()
        .base_url(format!("{}/api/v2", server.uri()))
        .token("t")
        .build()
        .unwrap();
    let err = client.users().get("u1").send().await.unwrap_err();
    let auth0_sdk::Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(decode.path(), "identities[1].isSocial");

    let missing = serde_json::from_value::<auth0_sdk::management::types::ConnectedAccount>(json!({"id": "x"}));
    assert!(
        missing
            .unwrap_err()
            .to_string()
            .starts_with("missing field `connection`")
    );
    let twice = serde_json::from_str::<UserResponseSchema>(r#"{"user_id":"a","user_id":"b"}"#);
    assert!(twice.unwrap_err().to_string().starts_with("duplicate field `user_id`"));
    let identity = json!({"provider": "a-new-provider", "isSocial": true, "profileData": {"x": 1}});
    let user: UserResponseSchema = serde_json::from_value(json!({"identities": [identity]})).unwrap();
    let back = serde_json::to_value(&user).unwrap();
    assert_eq!(back["identities"][0]["provider"], "a-new-provider");
    assert_eq!(back["identities"][0]["isSocial"], true);
    assert!(
        back.get("email").is_none(),
        "absent optional fields are not sent: {back}"
    );
}
