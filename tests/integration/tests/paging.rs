//! Offset and checkpoint paging through the generated list operations: pages and streams,
//! empty, exact-multiple and total edges, and Auth0's 1,000-result cap on `/users`.

mod common;

use auth0_local_tenant::{LocalTenant, SeedUser};
use auth0_sdk::Error;
use auth0_sdk::management::types::CreateOrganizationRequestContent;
use common::{client, requests, start};
use futures_util::TryStreamExt;

/// A tenant with exactly `n` users, `user00@paging.test`, … (in creation order).
async fn tenant_with_users(n: usize) -> LocalTenant {
    let mut builder = LocalTenant::builder().without_default_users();
    for i in 0..n {
        builder = builder.user(SeedUser::new(format!("user{i:04}@paging.test"), "Passw0rd!"));
    }
    start(builder).await
}

fn emails(items: &[auth0_sdk::management::types::UserResponseSchema]) -> Vec<String> {
    items.iter().filter_map(|u| u.email.clone()).collect()
}

#[tokio::test]
async fn offset_pages_with_totals_stop_exactly_at_the_end() {
    let tenant = tenant_with_users(4).await;
    let api = client(&tenant);
    let first = api
        .users()
        .list()
        .per_page(2)
        .include_totals(true)
        .send()
        .await
        .expect("page 0");
    assert_eq!(first.total, Some(4));
    assert_eq!(first.start, Some(0));
    assert_eq!(first.items.len(), 2);
    assert!(first.has_next_page());
    let second = first.next_page().await.expect("page 1").expect("a second page");
    assert_eq!(second.start, Some(2));
    assert_eq!(
        emails(&second.items),
        vec!["user0002@paging.test", "user0003@paging.test"]
    );
    // Exact multiple with a known total: no extra, empty request.
    assert!(!second.has_next_page());
    assert!(second.next_page().await.expect("no error").is_none());
    assert_eq!(requests(&tenant, "GET", "/api/v2/users").len(), 2);
}

#[tokio::test]
async fn offset_pages_without_totals_end_on_an_empty_or_short_page() {
    let tenant = tenant_with_users(4).await;
    let api = client(&tenant);
    // The runtime asks for totals unless told otherwise; `false` gets Auth0's bare array.
    let all: Vec<_> = api
        .users()
        .list()
        .per_page(2)
        .include_totals(false)
        .send()
        .await
        .expect("page 0")
        .into_stream()
        .try_collect()
        .await
        .expect("stream");
    assert_eq!(emails(&all).len(), 4);
    // A bare array does not say how many exist: the third (empty) page proves the end.
    let sent = requests(&tenant, "GET", "/api/v2/users");
    assert_eq!(sent.len(), 3);
    assert_eq!(sent[2].query_param("page").as_deref(), Some("2"));
    assert_eq!(sent[2].query_param("include_totals").as_deref(), Some("false"));

    tenant.clear_recorded_requests();
    let all: Vec<_> = api
        .users()
        .list()
        .per_page(3)
        .include_totals(false)
        .send()
        .await
        .expect("page 0")
        .into_stream()
        .try_collect()
        .await
        .expect("stream");
    assert_eq!(all.len(), 4);
    // 3 + 1: the short page ends it.
    assert_eq!(requests(&tenant, "GET", "/api/v2/users").len(), 2);
}

#[tokio::test]
async fn totals_are_requested_by_default() {
    let tenant = tenant_with_users(3).await;
    let api = client(&tenant);
    let page = api.users().list().per_page(2).send().await.expect("page 0");
    assert_eq!(page.total, Some(3));
    let sent = requests(&tenant, "GET", "/api/v2/users");
    assert_eq!(sent[0].query_param("include_totals").as_deref(), Some("true"));
}

#[tokio::test]
async fn empty_listing_has_no_next_page() {
    let tenant = tenant_with_users(0).await;
    let api = client(&tenant);
    let page = api
        .users()
        .list()
        .per_page(10)
        .include_totals(true)
        .send()
        .await
        .expect("page");
    assert!(page.items.is_empty());
    assert_eq!(page.total, Some(0));
    assert!(!page.has_next_page());
    let streamed: Vec<_> = page.into_stream().try_collect().await.expect("stream");
    assert!(streamed.is_empty());
}

#[tokio::test]
async fn stream_yields_every_user_in_order() {
    let tenant = tenant_with_users(7).await;
    let api = client(&tenant);
    let all: Vec<_> = api
        .users()
        .list()
        .per_page(3)
        .include_totals(true)
        .send()
        .await
        .expect("page")
        .into_stream()
        .try_collect()
        .await
        .expect("stream");
    let expected: Vec<String> = (0..7).map(|i| format!("user{i:04}@paging.test")).collect();
    assert_eq!(emails(&all), expected);
    let pages: Vec<_> = api
        .users()
        .list()
        .per_page(3)
        .include_totals(true)
        .send()
        .await
        .expect("page")
        .into_pages()
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(pages.iter().map(|p| p.items.len()).collect::<Vec<_>>(), vec![3, 3, 1]);
}

#[tokio::test]
async fn checkpoint_paging_follows_next_until_it_is_absent() {
    let tenant = start(LocalTenant::builder()).await;
    let api = client(&tenant);
    for i in 0..5 {
        let body = CreateOrganizationRequestContent {
            name: format!("org-{i}"),
            ..Default::default()
        };
        api.organizations().create(body).send().await.expect("create org");
    }
    let first = api.organizations().list().take(2).send().await.expect("first page");
    assert_eq!(first.items.len(), 2);
    assert!(first.next.is_some(), "checkpoint page carries `next`");
    let mut names: Vec<String> = first.items.iter().filter_map(|o| o.name.clone()).collect();
    let mut page = first;
    while let Some(next) = page.next_page().await.expect("next page") {
        names.extend(next.items.iter().filter_map(|o| o.name.clone()));
        page = next;
    }
    assert_eq!(names, vec!["org-0", "org-1", "org-2", "org-3", "org-4"]);
    assert!(page.next.is_none());
    // The follow-up requests sent the checkpoint, not a page number.
    let sent = requests(&tenant, "GET", "/api/v2/organizations");
    assert_eq!(sent.len(), 3);
    assert!(sent[1].query_param("from").is_some(), "{:?}", sent[1].query);
    assert!(sent[1].query_param("page").is_none());

    let streamed: Vec<_> = api
        .organizations()
        .list()
        .take(4)
        .send()
        .await
        .expect("page")
        .into_stream()
        .try_collect()
        .await
        .expect("stream");
    assert_eq!(streamed.len(), 5);
}

#[tokio::test]
async fn paging_past_the_user_search_cap_is_a_typed_error() {
    let tenant = tenant_with_users(1_001).await;
    let api = client(&tenant);
    let first = api
        .users()
        .list()
        .per_page(100)
        .include_totals(true)
        .send()
        .await
        .expect("page 0");
    assert_eq!(first.total, Some(1_001));
    let result: Result<Vec<_>, Error> = first.into_stream().try_collect().await;
    match result {
        Err(Error::ResultCapReached { cap, .. }) => assert_eq!(cap, 1_000),
        other => panic!("expected the 1,000 cap error, got {:?}", other.map(|v| v.len())),
    }
    // The SDK stopped before asking for results past the cap.
    assert_eq!(requests(&tenant, "GET", "/api/v2/users").len(), 10);

    // Asking the server directly is Auth0's 400.
    let err = api
        .users()
        .list()
        .page(10)
        .per_page(100)
        .send()
        .await
        .expect_err("past the cap");
    assert_eq!(err.status(), Some(http::StatusCode::BAD_REQUEST));
}
