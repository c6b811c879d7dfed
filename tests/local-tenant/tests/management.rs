//! Management API: auth and scopes, users CRUD/search/errors, roles, blocks, other resources.

mod common;

use auth0_local_tenant::{FallbackTable, LocalTenant};
use common::{Api, http};
use serde_json::{Value, json};

#[tokio::test]
async fn missing_invalid_and_underscoped_tokens() {
    let tenant = LocalTenant::start().await.unwrap();
    let resp = http()
        .get(format!("{}/users", tenant.management_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(
        body,
        json!({"statusCode": 401, "error": "Unauthorized", "message": "Missing authentication"})
    );

    let (status, body) = Api::with_token(&tenant, "not.a.jwt".into()).get("/users").await;
    assert_eq!((status, body["message"].as_str()), (401, Some("Invalid token")));

    // A valid token for another audience is refused too.
    let api_token = {
        let r: Value = http()
            .post(tenant.token_url())
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", tenant.client_id()),
                ("client_secret", tenant.client_secret()),
                ("audience", tenant.api_audience()),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        r["access_token"].as_str().unwrap().to_owned()
    };
    let (status, body) = Api::with_token(&tenant, api_token).get("/users").await;
    assert_eq!(status, 401);
    assert!(body["message"].as_str().unwrap().starts_with("Bad audience"));

    let narrow = Api::with_token(&tenant, tenant.management_token(&["read:roles"]));
    let (status, body) = narrow.get("/users").await;
    assert_eq!(status, 403);
    assert_eq!(
        body["message"],
        "Insufficient scope, expected any of: read:users,read:user_idp_tokens"
    );
    assert_eq!(body["errorCode"], "insufficient_scope");
    assert_eq!(narrow.get("/roles").await.0, 200);
}

#[tokio::test]
async fn user_crud_conflict_and_not_found() {
    let tenant = LocalTenant::start().await.unwrap();
    let api = Api::new(&tenant).await;
    let (status, user) = api
        .post(
            "/users",
            json!({"connection": "Username-Password-Authentication", "email": "Dana@Example.com",
                               "password": "pw", "user_metadata": {"theme": "dark"}}),
        )
        .await;
    assert_eq!(status, 201, "{user}");
    let id = user["user_id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("auth0|"));
    assert_eq!(user["email"], "dana@example.com");
    assert_eq!(user["identities"][0]["provider"], "auth0");
    assert!(user.get("password").is_none());

    let (status, dup) = api
        .post(
            "/users",
            json!({"connection": "Username-Password-Authentication", "email": "dana@example.com", "password": "x"}),
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(
        dup,
        json!({"statusCode": 409, "error": "Conflict", "message": "The user already exists.", "errorCode": "auth0_idp_error"})
    );

    let (status, patched) = api
        .patch(
            &format!("/users/{id}"),
            json!({"name": "Dana", "user_metadata": {"lang": "en", "theme": null}}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(patched["name"], "Dana");
    assert_eq!(patched["user_metadata"], json!({"lang": "en"}));

    let (status, got) = api.get(&format!("/users/{id}?fields=user_id,name")).await;
    assert_eq!(status, 200);
    assert_eq!(got, json!({"user_id": id, "name": "Dana"}));

    assert_eq!(api.delete(&format!("/users/{id}"), None).await.0, 204);
    let (status, body) = api.get(&format!("/users/{id}")).await;
    assert_eq!(status, 404);
    assert_eq!(body["message"], "The user does not exist.");
    assert_eq!(body["errorCode"], "inexistent_user");
}

#[tokio::test]
async fn bad_bodies_are_auth0_shaped_400s() {
    let tenant = LocalTenant::start().await.unwrap();
    let api = Api::new(&tenant).await;
    let resp = api
        .http
        .post(format!("{}/users", api.base))
        .bearer_auth(&api.token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["statusCode"], 400);
    assert_eq!(body["errorCode"], "invalid_body");
    let (status, body) = api.post("/users", json!({"email": "x@example.com"})).await;
    assert_eq!(status, 400);
    assert!(body["message"].as_str().unwrap().contains("connection"), "{body}");
    let (status, _) = api
        .post(
            "/users",
            json!({"connection": "Username-Password-Authentication", "email": "a@b.c", "password": "p", "bogus": 1}),
        )
        .await;
    assert_eq!(status, 400);
    let (status, body) = api.get("/users?page=abc").await;
    assert_eq!(
        (status, body["errorCode"].as_str()),
        (400, Some("invalid_query_string"))
    );
    let (status, _) = api.get("/users?q=email:%22unterminated").await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn search_by_q_and_email() {
    let tenant = LocalTenant::start().await.unwrap();
    let api = Api::new(&tenant).await;
    api.post(
        "/users",
        json!({"connection": "Username-Password-Authentication", "email": "zed@corp.test",
                              "password": "p", "name": "Zed Zulu", "app_metadata": {"plan": "pro"}}),
    )
    .await;
    let (_, r) = api.get("/users?q=email:%22alice@example.com%22").await;
    assert_eq!(r.as_array().unwrap().len(), 1);
    assert_eq!(r[0]["email"], "alice@example.com");
    let (_, r) = api.get("/users?q=name:ze*").await;
    assert_eq!(r[0]["email"], "zed@corp.test");
    let (_, r) = api.get("/users?q=app_metadata.plan:pro%20OR%20email:bob*").await;
    assert_eq!(r.as_array().unwrap().len(), 2);
    let alice = &tenant.users()[0].user_id;
    let (_, r) = api.get(&format!("/users?q=user_id:%22{alice}%22")).await;
    assert_eq!(r[0]["user_id"], alice.as_str());
    let (_, r) = api.get("/users?q=email:nobody*&include_totals=true").await;
    assert_eq!(r["total"], 0);
    assert_eq!(r["users"], json!([]));
    let (status, r) = api.get("/users-by-email?email=BOB@example.com").await;
    assert_eq!(status, 200);
    assert_eq!(r.as_array().unwrap().len(), 1);
    let (_, r) = api.get("/users?sort=email:-1").await;
    assert_eq!(r[0]["email"], "zed@corp.test");
}

#[tokio::test]
async fn roles_permissions_and_assignments() {
    let tenant = LocalTenant::start().await.unwrap();
    let api = Api::new(&tenant).await;
    let (status, role) = api
        .post("/roles", json!({"name": "admin", "description": "Admins"}))
        .await;
    assert_eq!(status, 200);
    let rid = role["id"].as_str().unwrap().to_owned();
    assert_eq!(api.post("/roles", json!({"name": "admin"})).await.0, 409);
    let (status, _) = api
        .post(
            &format!("/roles/{rid}/permissions"),
            json!({"permissions": [
            {"resource_server_identifier": tenant.api_audience(), "permission_name": "read:messages"}]}),
        )
        .await;
    assert_eq!(status, 201);
    let (_, perms) = api.get(&format!("/roles/{rid}/permissions")).await;
    assert_eq!(perms[0]["permission_name"], "read:messages");
    assert_eq!(perms[0]["resource_server_name"], "Local Tenant API");
    let alice = tenant.users()[0].user_id.clone();
    assert_eq!(
        api.post(&format!("/users/{alice}/roles"), json!({"roles": [rid]}))
            .await
            .0,
        204
    );
    let (_, roles) = api.get(&format!("/users/{alice}/roles?include_totals=true")).await;
    assert_eq!(roles["total"], 1);
    assert_eq!(roles["roles"][0]["name"], "admin");
    let (_, users) = api.get(&format!("/roles/{rid}/users")).await;
    assert_eq!(users[0]["user_id"], alice.as_str());
    assert_eq!(
        api.delete(&format!("/users/{alice}/roles"), Some(json!({"roles": [rid]})))
            .await
            .0,
        204
    );
    let (_, roles) = api.get(&format!("/users/{alice}/roles")).await;
    assert_eq!(roles, json!([]));
    assert_eq!(api.get("/roles/rol_missing").await.0, 404);
    assert_eq!(
        api.post("/users/auth0|nope/roles", json!({"roles": [rid]})).await.0,
        404
    );
}

#[tokio::test]
async fn brute_force_blocks_and_unblock() {
    let tenant = LocalTenant::start().await.unwrap();
    let api = Api::new(&tenant).await;
    let alice = tenant.users()[0].clone();
    let login = |password: &str| {
        http()
            .post(tenant.token_url())
            .form(&[
                ("grant_type", "password"),
                ("client_id", tenant.client_id()),
                ("client_secret", tenant.client_secret()),
                ("username", alice.email.as_str()),
                ("password", password),
            ])
            .send()
    };
    for _ in 0..10 {
        assert_eq!(login("wrong").await.unwrap().status(), 403);
    }
    assert_eq!(login(&alice.password).await.unwrap().status(), 429);
    let (_, blocks) = api.get(&format!("/user-blocks/{}", alice.user_id)).await;
    assert_eq!(blocks["blocked_for"][0]["identifier"], alice.email.as_str());
    assert_eq!(
        api.delete(&format!("/user-blocks/{}", alice.user_id), None).await.0,
        204
    );
    assert_eq!(login(&alice.password).await.unwrap().status(), 200);
}

#[tokio::test]
async fn clients_grants_and_their_tokens() {
    let tenant = LocalTenant::start().await.unwrap();
    let api = Api::new(&tenant).await;
    let (status, client) = api
        .post("/clients", json!({"name": "svc", "app_type": "non_interactive"}))
        .await;
    assert_eq!(status, 201);
    let cid = client["client_id"].as_str().unwrap().to_owned();
    let secret = client["client_secret"].as_str().unwrap().to_owned();
    let token = |scope: Option<&str>| {
        let mut form = vec![
            ("grant_type", "client_credentials".to_owned()),
            ("client_id", cid.clone()),
            ("client_secret", secret.clone()),
            ("audience", tenant.management_audience().to_owned()),
        ];
        if let Some(s) = scope {
            form.push(("scope", s.to_owned()));
        }
        http().post(tenant.token_url()).form(&form).send()
    };
    assert_eq!(token(None).await.unwrap().status(), 403, "no grant yet");
    let (status, grant) = api
        .post(
            "/client-grants",
            json!({"client_id": cid, "audience": tenant.management_audience(), "scope": ["read:users"]}),
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(
        api.post(
            "/client-grants",
            json!({"client_id": cid, "audience": tenant.management_audience(), "scope": []})
        )
        .await
        .0,
        409
    );
    assert_eq!(token(None).await.unwrap().status(), 200);
    assert_eq!(token(Some("delete:users")).await.unwrap().status(), 403);
    let (_, grants) = api.get(&format!("/client-grants?client_id={cid}")).await;
    assert_eq!(grants[0]["id"], grant["id"]);
    assert_eq!(api.delete(&format!("/clients/{cid}"), None).await.0, 204);
    assert_eq!(api.get(&format!("/clients/{cid}")).await.0, 404);
}

#[tokio::test]
async fn organizations_members_invitations_and_org_tokens() {
    let tenant = LocalTenant::start().await.unwrap();
    let api = Api::new(&tenant).await;
    let (status, org) = api
        .post("/organizations", json!({"name": "acme", "display_name": "Acme"}))
        .await;
    assert_eq!(status, 201);
    let oid = org["id"].as_str().unwrap().to_owned();
    assert_eq!(api.post("/organizations", json!({"name": "acme"})).await.0, 409);
    assert_eq!(api.post("/organizations", json!({"name": "Bad Name"})).await.0, 400);
    let alice = tenant.users()[0].clone();
    assert_eq!(
        api.post(
            &format!("/organizations/{oid}/members"),
            json!({"members": [alice.user_id]})
        )
        .await
        .0,
        204
    );
    let (_, members) = api.get(&format!("/organizations/{oid}/members?take=10")).await;
    assert_eq!(members["members"][0]["user_id"], alice.user_id.as_str());
    assert!(members.get("next").is_none());
    let (status, inv) = api
        .post(&format!("/organizations/{oid}/invitations"),
              json!({"inviter": {"name": "Admin"}, "invitee": {"email": "new@example.com"}, "client_id": tenant.client_id()}))
        .await;
    assert_eq!(status, 200, "{inv}");
    let (_, invs) = api.get(&format!("/organizations/{oid}/invitations")).await;
    assert_eq!(invs[0]["id"], inv["id"]);
    let (_, by_name) = api.get("/organizations/name/acme").await;
    assert_eq!(by_name["id"], oid.as_str());

    let resp: Value = http()
        .post(tenant.token_url())
        .form(&[
            ("grant_type", "password"),
            ("client_id", tenant.client_id()),
            ("client_secret", tenant.client_secret()),
            ("username", alice.email.as_str()),
            ("password", alice.password.as_str()),
            ("organization", "acme"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let claims = jsonwebtoken::dangerous::insecure_decode::<Value>(resp["access_token"].as_str().unwrap())
        .unwrap()
        .claims;
    assert_eq!(claims["org_id"], oid.as_str());
    assert_eq!(api.get("/organizations/org_nope").await.0, 404);
}

#[tokio::test]
async fn connections_resource_servers_tickets_jobs_and_logs() {
    let tenant = LocalTenant::start().await.unwrap();
    let api = Api::new(&tenant).await;
    let (status, conn) = api
        .post("/connections", json!({"name": "corp-db", "strategy": "auth0"}))
        .await;
    assert_eq!(status, 201);
    assert_eq!(
        api.post("/connections", json!({"name": "corp-db", "strategy": "auth0"}))
            .await
            .0,
        409
    );
    let (_, list) = api.get("/connections?strategy=auth0").await;
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(
        api.delete(&format!("/connections/{}", conn["id"].as_str().unwrap()), None)
            .await
            .0,
        202
    );

    let (status, rs) = api
        .post(
            "/resource-servers",
            json!({"identifier": "https://orders", "name": "Orders"}),
        )
        .await;
    assert_eq!(status, 201);
    let (status, got) = api.get("/resource-servers/https:%2F%2Forders").await;
    assert_eq!((status, &got["id"]), (200, &rs["id"]));

    let alice = tenant.users()[0].user_id.clone();
    let (status, t) = api.post("/tickets/password-change", json!({"user_id": alice})).await;
    assert_eq!(status, 201);
    assert!(t["ticket"].as_str().unwrap().starts_with(tenant.base_url()));
    assert_eq!(
        api.post("/tickets/email-verification", json!({"user_id": "auth0|nope"}))
            .await
            .0,
        404
    );
    let (status, job) = api.post("/jobs/verification-email", json!({"user_id": alice})).await;
    assert_eq!((status, job["type"].as_str()), (201, Some("verification_email")));
    let (_, job) = api.get(&format!("/jobs/{}", job["id"].as_str().unwrap())).await;
    assert_eq!(job["status"], "completed");

    let (_, logs) = api.get("/logs?include_totals=true&per_page=100").await;
    assert!(logs["total"].as_u64().unwrap() >= 1);
    assert_eq!(
        logs["logs"][logs["length"].as_u64().unwrap() as usize - 1]["type"],
        "seccft"
    );
    let first = logs["logs"].as_array().unwrap().last().unwrap()["log_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, after) = api.get(&format!("/logs?from={first}&take=100")).await;
    assert_eq!(
        after.as_array().unwrap().len() as u64,
        logs["total"].as_u64().unwrap() - 1
    );
}

#[tokio::test]
async fn fallback_table_and_unknown_paths() {
    let table = FallbackTable::new().with(
        http::Method::GET,
        "/actions/actions/{id}",
        200,
        Some(json!({"id": "act_1", "name": "skeleton"})),
        &["read:actions"],
    );
    let tenant = LocalTenant::builder().fallback(table).start().await.unwrap();
    let api = Api::new(&tenant).await;
    let (status, body) = api.get("/actions/actions/act_9").await;
    assert_eq!((status, body["name"].as_str()), (200, Some("skeleton")));
    let narrow = Api::with_token(&tenant, tenant.management_token(&["read:users"]));
    assert_eq!(narrow.get("/actions/actions/act_9").await.0, 403);
    let (status, body) = api.get("/no/such/thing").await;
    assert_eq!(status, 404);
    assert_eq!(
        body,
        json!({"statusCode": 404, "error": "Not Found", "message": "Not Found"})
    );
    // A method without a stateful handler on a served path also falls back (here: 404).
    assert_eq!(api.call(reqwest::Method::PUT, "/users", None).await.0, 404);
}
