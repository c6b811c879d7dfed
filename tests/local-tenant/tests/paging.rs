//! Paging edges: empty lists, exact multiples, totals, checkpoint `next`, the 1,000-result cap.

mod common;

use auth0_local_tenant::LocalTenant;
use common::Api;
use serde_json::json;

async fn tenant_with_users(n: usize) -> (LocalTenant, Api) {
    let tenant = LocalTenant::builder().without_default_users().start().await.unwrap();
    let api = Api::new(&tenant).await;
    for i in 0..n {
        let (status, _) = api
            .post(
                "/users",
                json!({"connection": "Username-Password-Authentication",
                                   "email": format!("u{i:03}@example.com"), "password": "p"}),
            )
            .await;
        assert_eq!(status, 201);
    }
    (tenant, api)
}

#[tokio::test]
async fn empty_list_with_and_without_totals() {
    let (_t, api) = tenant_with_users(0).await;
    assert_eq!(api.get("/users").await.1, json!([]));
    assert_eq!(
        api.get("/users?include_totals=true").await.1,
        json!({"start": 0, "limit": 50, "length": 0, "total": 0, "users": []})
    );
}

#[tokio::test]
async fn offset_pages_exact_multiple_and_past_the_end() {
    let (_t, api) = tenant_with_users(6).await;
    let (_, p0) = api.get("/users?per_page=3&page=0&include_totals=true").await;
    assert_eq!(
        (
            p0["start"].clone(),
            p0["limit"].clone(),
            p0["length"].clone(),
            p0["total"].clone()
        ),
        (json!(0), json!(3), json!(3), json!(6))
    );
    let (_, p1) = api.get("/users?per_page=3&page=1").await;
    assert_eq!(p1.as_array().unwrap().len(), 3);
    assert_eq!(p1[0]["email"], "u003@example.com");
    let (_, p2) = api.get("/users?per_page=3&page=2&include_totals=true").await;
    assert_eq!(p2["users"], json!([]));
    assert_eq!(p2["total"], 6);
    let (status, body) = api.get("/users?per_page=101").await;
    assert_eq!(status, 400);
    assert_eq!(body["errorCode"], "invalid_query_string");
}

#[tokio::test]
async fn users_offset_paging_stops_at_1000_results() {
    let (_t, api) = tenant_with_users(0).await;
    assert_eq!(api.get("/users?per_page=100&page=9").await.0, 200);
    let (status, body) = api.get("/users?per_page=100&page=10").await;
    assert_eq!(status, 400);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("You can only page through the first 1000 records"),
        "{body}"
    );
    assert_eq!(api.get("/users?per_page=50&page=20").await.0, 400);
    assert_eq!(api.get("/users?per_page=50&page=19").await.0, 200);
}

#[tokio::test]
async fn checkpoint_paging_follows_next_until_absent() {
    let (tenant, api) = tenant_with_users(5).await;
    let (_, role) = api.post("/roles", json!({"name": "r"})).await;
    let rid = role["id"].as_str().unwrap();
    let (_, all) = api.get("/users").await;
    let ids: Vec<_> = all.as_array().unwrap().iter().map(|u| u["user_id"].clone()).collect();
    api.post(&format!("/roles/{rid}/users"), json!({"users": ids})).await;
    let mut seen = Vec::new();
    let mut url = format!("/roles/{rid}/users?take=2");
    loop {
        let (status, page) = api.get(&url).await;
        assert_eq!(status, 200, "{page}");
        seen.extend(page["users"].as_array().unwrap().iter().map(|u| u["user_id"].clone()));
        match page.get("next").and_then(|n| n.as_str()) {
            Some(next) => url = format!("/roles/{rid}/users?take=2&from={next}"),
            None => break,
        }
    }
    assert_eq!(seen, ids);

    // Exact multiple: 4 organizations, take=2 → two pages, the second without `next`.
    for i in 0..4 {
        api.post("/organizations", json!({"name": format!("org-{i}")})).await;
    }
    let (_, p1) = api.get("/organizations?take=2").await;
    let next = p1["next"].as_str().unwrap();
    let (_, p2) = api.get(&format!("/organizations?take=2&from={next}")).await;
    assert_eq!(p2["organizations"].as_array().unwrap().len(), 2);
    assert!(p2.get("next").is_none());
    let (_, offset) = api.get("/organizations?include_totals=true&per_page=3").await;
    assert_eq!(offset["total"], 4);
    assert!(
        offset.get("length").is_none(),
        "organizations' totals have no length in the spec"
    );
    assert_eq!(api.get("/organizations?from=garbage!").await.0, 400);
    drop(tenant);
}
