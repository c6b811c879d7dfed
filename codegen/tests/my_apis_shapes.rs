//! Shapes the My Account and My Organization documents bring: a group prefix dropped by
//! config, scopes repeated per OAuth flow, checkpoint lists, and unions told apart by a
//! `const` property.

use auth0_codegen::config::{DocConfig, Pin, SpecConfig};
use auth0_codegen::model::ir::PagingKind;
use serde_json::json;

const CONFIG: &str = r#"
output = "out"
module = "out"
client = "crate::MyOrganizationClient"
single_feature = "my-organization"
strip_group_prefix = "organization"
[pagination]
checkpoint_params = ["from", "take"]
"#;

/// The config as `spec/` would hold it, loaded the way the generator loads it (a scratch
/// `spec/` directory with `pins.toml` and `mini.toml`).
fn setup() -> (SpecConfig, DocConfig, Pin) {
    // One directory per call: the tests of this file run in parallel and each removes its own.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("auth0-codegen-my-apis-{}-{call}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pins = format!(
        "[[document]]\nname = \"mini\"\nfile = \"mini.json\"\nupstream_path = \"x\"\ncommit = \"0\"\nsha256 = \"{}\"\n",
        "0".repeat(64)
    );
    std::fs::write(dir.join("pins.toml"), pins).unwrap();
    std::fs::write(dir.join("mini.toml"), CONFIG).unwrap();
    let spec = SpecConfig::load(&dir).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let (pin, config) = spec.docs[0].clone();
    (spec, config, pin)
}

fn document() -> serde_json::Value {
    let both_flows = |scopes: &[&str]| json!([{"ClientCredentials": scopes}, {"AuthCode": scopes}]);
    json!({
        "openapi": "3.1.0",
        "info": {"title": "mini", "version": "1"},
        "paths": {
            "/members": {"get": {
                "operationId": "ListMembers",
                "x-operation-group": ["organization", "members"],
                "x-operation-name": "list",
                "security": both_flows(&["read:my_org:members", "read:my_org:member_roles"]),
                "parameters": [
                    {"name": "from", "in": "query", "schema": {"type": "string"}},
                    {"name": "take", "in": "query", "schema": {"type": "integer"}}
                ],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                    "type": "object",
                    "properties": {"next": {"type": "string"}, "members": {"type": "array", "items": {"$ref": "#/components/schemas/Member"}}}
                }}}}}
            }},
            "/methods/{id}": {"get": {
                "operationId": "GetMethod",
                "x-operation-group": "methods",
                "x-operation-name": "get",
                "security": both_flows(&["read:me:methods"]),
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                    "oneOf": [{"$ref": "#/components/schemas/EmailMethod"}, {"$ref": "#/components/schemas/PhoneMethod"}]
                }}}}}
            }}
        },
        "components": {"schemas": {
            "Member": {"type": "object", "properties": {"user_id": {"type": "string"}}},
            "EmailMethod": {"type": "object", "required": ["type"], "properties": {
                "type": {"type": "string", "const": "email"}, "email": {"type": "string"}}},
            "PhoneMethod": {"type": "object", "required": ["type"], "properties": {
                "type": {"type": "string", "const": "phone"}, "phone_number": {"type": "string"}}}
        }}
    })
}

#[test]
fn prefix_is_dropped_scopes_are_deduplicated_and_checkpoints_detected() {
    let (spec, config, _) = setup();
    let (api, _) = auth0_codegen::build_api_from_value(&spec, "mini", &config, document()).unwrap();
    let members = api.operations.iter().find(|o| o.id == "ListMembers").unwrap();
    assert_eq!(members.group, ["members"]);
    assert_eq!(members.scopes, ["read:my_org:members", "read:my_org:member_roles"]);
    let paging = members.pagination.clone().unwrap();
    assert_eq!(
        (paging.kind, paging.items_field.as_str()),
        (PagingKind::Checkpoint, "members")
    );
    // A single-segment group is never stripped, whatever it is called.
    let method = api.operations.iter().find(|o| o.id == "GetMethod").unwrap();
    assert_eq!(method.group, ["methods"]);
}

#[test]
fn emitted_operations_carry_their_scopes_and_unions_check_the_const_first() {
    let (spec, config, pin) = setup();
    let (api, _) = auth0_codegen::build_api_from_value(&spec, "mini", &config, document()).unwrap();
    let emitted = auth0_codegen::emit::emit(&api, &pin, &config).unwrap();
    let all: String = emitted.files.iter().map(|f| f.contents.as_str()).collect();
    assert!(
        all.contains(r#"scopes: &["read:my_org:members", "read:my_org:member_roles"]"#),
        "scopes are emitted into the OperationSpec"
    );
    assert!(
        all.contains("Scopes: `read:me:methods`."),
        "scopes are in the method docs"
    );
    let phone_guard = all
        .find(r#"== ::core::option::Option::Some("phone")"#)
        .expect("the phone variant is guarded by its const");
    let unguarded = all.rfind("Self::EmailMethod(value)").expect("the email variant");
    assert!(phone_guard < unguarded, "guarded attempts come before the plain ones");
}
