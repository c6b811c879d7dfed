//! The stateful My Account and My Organization answers validate against the pinned specs'
//! response schemas (the skeleton answers are sampled from those schemas by the generator).
//!
//! Needs the upstream documents: `AUTH0_SPEC_DIR=../shared/specs cargo test -p
//! auth0-local-tenant --test my_api_responses` (skipped with a message otherwise). Loopback only.

mod common;

use std::path::{Path, PathBuf};

use auth0_local_tenant::LocalTenant;
use common::Api;
use serde_json::{Value, json};

fn spec(file: &str) -> Option<Value> {
    let dir = PathBuf::from(std::env::var_os("AUTH0_SPEC_DIR")?);
    let dir = if dir.is_relative() && !dir.exists() {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(dir)
    } else {
        dir
    };
    Some(serde_json::from_slice(&std::fs::read(dir.join(file)).expect("pinned spec")).expect("JSON"))
}

/// Validates `instance` against the JSON response schema of `method path` → `status` in `raw`
/// (the unmodified 3.1 document, `$ref`s resolved inside it); returns the errors.
fn errors(raw: &Value, method: &str, path: &str, status: u16, instance: &Value) -> Vec<String> {
    let escaped = path.replace('~', "~0").replace('/', "~1");
    let mut base = format!("/paths/{escaped}/{method}/responses/{status}");
    let mut response = raw
        .pointer(&base)
        .unwrap_or_else(|| panic!("no {status} for {method} {path}"));
    if let Some(r) = response.get("$ref").and_then(Value::as_str) {
        base = r.trim_start_matches('#').to_owned();
        response = raw.pointer(&base).expect("response $ref resolves");
    }
    assert!(
        response.pointer("/content/application~1json/schema").is_some(),
        "{method} {path}: no JSON schema"
    );
    let pointer = format!("{base}/content/application~1json/schema")
        .replace('{', "%7B")
        .replace('}', "%7D");
    let registry = jsonschema::Registry::new()
        .draft(jsonschema::Draft::Draft202012)
        .add("urn:spec", raw)
        .expect("registry")
        .prepare()
        .expect("registry prepares");
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .with_registry(&registry)
        .should_validate_formats(false)
        .build(&json!({"$ref": format!("urn:spec#{pointer}")}))
        .expect("schema compiles");
    validator
        .iter_errors(instance)
        .take(3)
        .map(|e| format!("{method} {path}: at `{}`: {e}", e.instance_path()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stateful_my_account_answers_match_the_spec() {
    let Some(raw) = spec("myaccount-api.json") else {
        eprintln!("skipped: set AUTH0_SPEC_DIR to the upstream spec directory to run this test");
        return;
    };
    let tenant = LocalTenant::builder()
        .shared_signing_key(true)
        .start()
        .await
        .expect("tenant");
    let admin = Api::new(&tenant).await;
    let (_, org) = admin.post("/organizations", json!({"name": "acme"})).await;
    let org_id = org["id"].as_str().expect("org id").to_owned();
    let alice = tenant.users()[0].clone();
    admin
        .post(
            &format!("/organizations/{org_id}/members"),
            json!({"members": [alice.user_id]}),
        )
        .await;
    let scopes = [
        "read:me:authentication_methods",
        "create:me:authentication_methods",
        "update:me:authentication_methods",
        "read:me:organizations",
    ];
    let me = Api {
        base: tenant.my_account_url(),
        token: tenant.my_account_token(&alice.user_id, &scopes),
        http: common::http(),
    };

    let mut problems = Vec::new();
    for body in [
        json!({"type": "email", "email": "alice@example.com"}),
        json!({"type": "phone", "phone_number": "+15551234567"}),
        json!({"type": "totp"}),
    ] {
        let (status, created) = me.post("/authentication-methods", body).await;
        assert_eq!(status, 202, "{created}");
        problems.extend(errors(&raw, "post", "/authentication-methods", 202, &created));
    }
    let (status, list) = me.get("/authentication-methods").await;
    assert_eq!(status, 200);
    assert_eq!(list["authentication_methods"].as_array().map(Vec::len), Some(3));
    problems.extend(errors(&raw, "get", "/authentication-methods", 200, &list));
    let id = list["authentication_methods"][0]["id"].as_str().expect("id").to_owned();
    let template = "/authentication-methods/{authentication_method_id}";
    let (_, one) = me.get(&format!("/authentication-methods/{id}")).await;
    problems.extend(errors(&raw, "get", template, 200, &one));
    let (_, renamed) = me
        .patch(&format!("/authentication-methods/{id}"), json!({"name": "work"}))
        .await;
    problems.extend(errors(&raw, "patch", template, 200, &renamed));
    let (status, orgs) = me.get("/organizations?take=1").await;
    assert_eq!(status, 200);
    assert_eq!(orgs["organizations"][0]["id"], json!(org_id));
    problems.extend(errors(&raw, "get", "/organizations", 200, &orgs));
    assert!(problems.is_empty(), "{problems:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stateful_my_organization_answers_match_the_spec() {
    let Some(raw) = spec("myorganization-api.json") else {
        eprintln!("skipped: set AUTH0_SPEC_DIR to the upstream spec directory to run this test");
        return;
    };
    let tenant = LocalTenant::builder()
        .shared_signing_key(true)
        .start()
        .await
        .expect("tenant");
    let admin = Api::new(&tenant).await;
    let (_, org) = admin.post("/organizations", json!({"name": "acme"})).await;
    let org_id = org["id"].as_str().expect("org id").to_owned();
    let members: Vec<String> = tenant.users().iter().map(|u| u.user_id.clone()).collect();
    admin
        .post(&format!("/organizations/{org_id}/members"), json!({"members": members}))
        .await;
    let api = Api {
        base: tenant.my_organization_url(),
        token: tenant.my_organization_token(
            &org_id,
            &[
                "read:my_org:members",
                "read:my_org:member_invitations",
                "create:my_org:member_invitations",
            ],
        ),
        http: common::http(),
    };

    let mut problems = Vec::new();
    let (status, page) = api.get("/members?take=1").await;
    assert_eq!(status, 200);
    assert!(page["next"].is_string(), "more than one member: {page}");
    problems.extend(errors(&raw, "get", "/members", 200, &page));
    let (_, member) = api.get(&format!("/members/{}", members[0])).await;
    problems.extend(errors(&raw, "get", "/members/{user_id}", 200, &member));
    let (status, created) = api
        .post(
            "/member-invitations",
            json!({"invitees": [{"email": "new@acme.test"}], "inviter": {"name": "Admin"}}),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    problems.extend(errors(&raw, "post", "/member-invitations", 201, &created));
    let (_, list) = api.get("/member-invitations").await;
    problems.extend(errors(&raw, "get", "/member-invitations", 200, &list));
    let id = list["invitations"][0]["id"].as_str().expect("invitation id").to_owned();
    let (_, one) = api.get(&format!("/member-invitations/{id}")).await;
    problems.extend(errors(&raw, "get", "/member-invitations/{invitation_id}", 200, &one));
    assert!(problems.is_empty(), "{problems:#?}");
}
