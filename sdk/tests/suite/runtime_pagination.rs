//! Offset and checkpoint paging at their edges, streams, prefetch, and the `/users` cap.

use crate::runtime_support;

use auth0_sdk::Error;
use auth0_sdk::runtime::{Call, RequestOptions};
use futures_util::{StreamExt, TryStreamExt};
use runtime_support::*;
use serde_json::{Value, json};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

fn query(req: &Request, name: &str) -> Option<String> {
    req.url
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

fn items(from: usize, to: usize) -> Vec<Value> {
    (from..to).map(|i| json!({"id": format!("u{i}")})).collect()
}

/// Offset paging over `total` items, shaped like Auth0: `{start, limit, length, total,
/// <field>}` with `include_totals=true`, a bare array otherwise; `page_style` answers
/// `{total, page, per_page, <field>}` instead.
struct Offset {
    total: usize,
    field: &'static str,
    page_style: bool,
}

impl Respond for Offset {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let page: usize = query(req, "page").map_or(0, |p| p.parse().unwrap());
        let per_page: usize = query(req, "per_page").map_or(50, |p| p.parse().unwrap());
        let start = (page * per_page).min(self.total);
        let end = (start + per_page).min(self.total);
        let list = items(start, end);
        let body = match (query(req, "include_totals").as_deref(), self.page_style) {
            (Some("true"), false) => json!({
                "start": start, "limit": per_page, "length": list.len(), "total": self.total, self.field: list
            }),
            (Some("true"), true) => {
                json!({"total": self.total, "page": page, "per_page": per_page, self.field: list})
            }
            _ => json!(list),
        };
        ResponseTemplate::new(200).set_body_json(body)
    }
}

/// Checkpoint paging: `from` is an index, `next` is absent on the last page.
struct Checkpoint {
    total: usize,
    field: &'static str,
}

impl Respond for Checkpoint {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let from: usize = query(req, "from").map_or(0, |p| p.parse().unwrap());
        let take: usize = query(req, "take").map_or(50, |p| p.parse().unwrap());
        let end = (from + take).min(self.total);
        let mut body = json!({ self.field: items(from, end) });
        if end < self.total {
            body["next"] = json!(end.to_string());
        }
        ResponseTemplate::new(200).set_body_json(body)
    }
}

async fn serve(p: &str, responder: impl Respond + 'static) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path(format!("/api/v2{p}")))
        .respond_with(responder)
        .mount(&server)
        .await;
    server
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap()
}

fn list(op: &'static auth0_sdk::runtime::OperationSpec, params: &[(&'static str, &str)]) -> Call {
    let mut call = Call::new(op, &[]);
    for (k, v) in params {
        call.query(k, v);
    }
    call
}

async fn collect(server: &MockServer, call: Call) -> Vec<Value> {
    let page = client(server).transport().send_paged::<Value>(call).await.unwrap();
    page.into_stream().try_collect().await.unwrap()
}

#[tokio::test]
async fn offset_with_total_stops_without_an_extra_request_on_an_exact_multiple() {
    let server = serve(
        "/users",
        Offset {
            total: 4,
            field: "users",
            page_style: false,
        },
    )
    .await;
    let all = collect(&server, list(&LIST_USERS, &[("per_page", "2")])).await;
    assert_eq!(all, items(0, 4));
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 2, "no trailing empty request");
    assert_eq!(query(&reqs[0], "include_totals").as_deref(), Some("true"));
    assert_eq!(query(&reqs[1], "page").as_deref(), Some("1"));
}

#[tokio::test]
async fn offset_defaults_per_page_and_include_totals() {
    let server = serve(
        "/clients",
        Offset {
            total: 120,
            field: "clients",
            page_style: false,
        },
    )
    .await;
    let all = collect(&server, list(&LIST_CLIENTS, &[])).await;
    assert_eq!(all.len(), 120);
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 3);
    assert_eq!(query(&reqs[0], "per_page").as_deref(), Some("50"));
    assert_eq!(query(&reqs[0], "include_totals").as_deref(), Some("true"));
}

#[tokio::test]
async fn empty_first_page() {
    let server = serve(
        "/clients",
        Offset {
            total: 0,
            field: "clients",
            page_style: false,
        },
    )
    .await;
    let page = client(&server)
        .transport()
        .send_paged::<Value>(list(&LIST_CLIENTS, &[]))
        .await
        .unwrap();
    assert!(page.items.is_empty());
    assert_eq!(page.total, Some(0));
    assert!(!page.has_next_page());
    assert!(page.next_page().await.unwrap().is_none());
    assert_eq!(page.into_stream().count().await, 0);
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn bare_arrays_stop_on_a_short_page() {
    let server = serve(
        "/clients",
        Offset {
            total: 5,
            field: "clients",
            page_style: false,
        },
    )
    .await;
    let all = collect(
        &server,
        list(&LIST_CLIENTS, &[("include_totals", "false"), ("per_page", "2")]),
    )
    .await;
    assert_eq!(all, items(0, 5));
    assert_eq!(requests(&server).await.len(), 3);
    // Without a total, an exact multiple needs one empty page to prove the end.
    let server = serve(
        "/clients",
        Offset {
            total: 4,
            field: "clients",
            page_style: false,
        },
    )
    .await;
    let all = collect(
        &server,
        list(&LIST_CLIENTS, &[("include_totals", "false"), ("per_page", "2")]),
    )
    .await;
    assert_eq!(all.len(), 4);
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn page_and_per_page_shape() {
    let server = serve(
        "/clients",
        Offset {
            total: 7,
            field: "clients",
            page_style: true,
        },
    )
    .await;
    let page = client(&server)
        .transport()
        .send_paged::<Value>(list(&LIST_CLIENTS, &[("per_page", "3")]))
        .await
        .unwrap();
    assert_eq!((page.total, page.start, page.limit), (Some(7), Some(0), Some(3)));
    let all: Vec<Value> = page.into_stream().try_collect().await.unwrap();
    assert_eq!(all, items(0, 7));
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn a_caller_chosen_start_page_is_respected() {
    let server = serve(
        "/clients",
        Offset {
            total: 7,
            field: "clients",
            page_style: false,
        },
    )
    .await;
    let all = collect(&server, list(&LIST_CLIENTS, &[("page", "1"), ("per_page", "3")])).await;
    assert_eq!(all, items(3, 7));
}

#[tokio::test]
async fn checkpoint_follows_next_until_it_is_absent() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v2/organizations/o1/members"))
        .respond_with(Checkpoint {
            total: 5,
            field: "members",
        })
        .mount(&server)
        .await;
    let mut call = Call::new(&LIST_MEMBERS, &["o1"]);
    call.query("take", &2u32);
    let page = client(&server).transport().send_paged::<Value>(call).await.unwrap();
    assert_eq!(page.next.as_deref(), Some("2"));
    assert!(page.has_next_page());
    let all: Vec<Value> = page.into_stream().try_collect().await.unwrap();
    assert_eq!(all, items(0, 5));
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 3);
    assert_eq!(query(&reqs[0], "from"), None);
    assert_eq!(query(&reqs[2], "from").as_deref(), Some("4"));
    assert!(
        reqs.iter()
            .all(|r| query(r, "include_totals").is_none() && query(r, "page").is_none())
    );
}

#[tokio::test]
async fn checkpoint_empty_first_page_and_single_page() {
    let server = serve(
        "/organizations",
        Checkpoint {
            total: 0,
            field: "organizations",
        },
    )
    .await;
    let page = client(&server)
        .transport()
        .send_paged::<Value>(list(&LIST_ORGS, &[("take", "10")]))
        .await
        .unwrap();
    assert!(page.items.is_empty() && !page.has_next_page());
    let server = serve(
        "/organizations",
        Checkpoint {
            total: 3,
            field: "organizations",
        },
    )
    .await;
    let all = collect(&server, list(&LIST_ORGS, &[("take", "10")])).await;
    assert_eq!(all.len(), 3);
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn offset_or_checkpoint_picks_by_the_callers_parameters() {
    // `from` (even as a per-request override) selects checkpoint paging.
    let server = serve(
        "/organizations",
        Checkpoint {
            total: 3,
            field: "organizations",
        },
    )
    .await;
    let mut call = list(&LIST_ORGS, &[]);
    call.options(RequestOptions::default().query_param("from", "1"));
    let all: Vec<Value> = client(&server)
        .transport()
        .send_paged::<Value>(call)
        .await
        .unwrap()
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all, items(1, 3));
    // Neither: offset, with include_totals.
    let server = serve(
        "/organizations",
        Offset {
            total: 3,
            field: "organizations",
            page_style: false,
        },
    )
    .await;
    let all = collect(&server, list(&LIST_ORGS, &[])).await;
    assert_eq!(all.len(), 3);
    assert_eq!(
        query(&requests(&server).await[0], "include_totals").as_deref(),
        Some("true")
    );
}

#[tokio::test]
async fn users_stream_ends_with_a_typed_error_at_the_1000_result_cap() {
    let server = serve(
        "/users",
        Offset {
            total: 5000,
            field: "users",
            page_style: false,
        },
    )
    .await;
    let page = client(&server)
        .transport()
        .send_paged::<Value>(list(&LIST_USERS, &[("per_page", "100")]))
        .await
        .unwrap();
    let results: Vec<Result<Value, Error>> = page.into_stream().collect().await;
    assert_eq!(results.len(), 1001);
    assert!(results[..1000].iter().all(Result::is_ok));
    let err = results[1000].as_ref().unwrap_err();
    assert!(
        matches!(
            err,
            Error::ResultCapReached {
                operation: "get_users",
                cap: 1000
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("users-exports"), "{err}");
    assert_eq!(requests(&server).await.len(), 10, "the 11th page is never requested");

    // At exactly 1,000 results there is nothing more: no error.
    let server = serve(
        "/users",
        Offset {
            total: 1000,
            field: "users",
            page_style: false,
        },
    )
    .await;
    assert_eq!(
        collect(&server, list(&LIST_USERS, &[("per_page", "100")])).await.len(),
        1000
    );
}

#[tokio::test]
async fn next_page_by_hand_and_page_meta() {
    let server = serve(
        "/clients",
        Offset {
            total: 3,
            field: "clients",
            page_style: false,
        },
    )
    .await;
    let first = client(&server)
        .transport()
        .send_paged::<Value>(list(&LIST_CLIENTS, &[("per_page", "2")]))
        .await
        .unwrap();
    assert_eq!(first.meta.status, 200);
    assert_eq!((first.total, first.start, first.items.len()), (Some(3), Some(0), 2));
    let second = first.next_page().await.unwrap().expect("a second page");
    assert_eq!((second.start, second.items.len()), (Some(2), 1));
    assert!(!second.has_next_page());
    assert!(second.next_page().await.unwrap().is_none());
    let pages: Vec<_> = first.into_pages().try_collect().await.unwrap();
    assert_eq!(pages.len(), 2);
}

#[tokio::test]
async fn prefetching_stream_yields_the_same_items() {
    let server = serve(
        "/clients",
        Offset {
            total: 23,
            field: "clients",
            page_style: false,
        },
    )
    .await;
    let page = client(&server)
        .transport()
        .send_paged::<Value>(list(&LIST_CLIENTS, &[("per_page", "5")]))
        .await
        .unwrap();
    let all: Vec<Value> = page.into_stream_prefetch().try_collect().await.unwrap();
    assert_eq!(all, items(0, 23));
    assert_eq!(requests(&server).await.len(), 5);
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_its_error() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v2/clients"))
        .and(wiremock::matchers::query_param("page", "1"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"message": "bad page"})))
        .mount(&server)
        .await;
    Mock::given(path("/api/v2/clients"))
        .respond_with(Offset {
            total: 9,
            field: "clients",
            page_style: false,
        })
        .mount(&server)
        .await;
    let page = client(&server)
        .transport()
        .send_paged::<Value>(list(&LIST_CLIENTS, &[("per_page", "3")]))
        .await
        .unwrap();
    let results: Vec<_> = page.items().collect().await;
    assert_eq!(results.len(), 4);
    assert_eq!(
        results[3].as_ref().unwrap_err().status(),
        Some(http::StatusCode::BAD_REQUEST)
    );
}

#[tokio::test]
async fn the_wrong_shape_is_a_decode_error_with_a_path() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v2/clients"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"total": 1, "clients": [{"id": 1}, 7]})))
        .mount(&server)
        .await;
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Client {
        id: u32,
    }
    let err = client(&server)
        .transport()
        .send_paged::<Client>(list(&LIST_CLIENTS, &[]))
        .await
        .unwrap_err();
    let Error::Decode(d) = &err else { panic!("{err:?}") };
    assert_eq!(d.path(), "clients[1]");
    let bad_param = client(&server)
        .transport()
        .send_paged::<Value>(list(&LIST_CLIENTS, &[("per_page", "many")]))
        .await;
    assert!(matches!(bad_param, Err(Error::InvalidRequest(_))));
}

/// `/logs?from=…&take=…` answers bare arrays with no `next`: the stream continues from the
/// last log's `log_id` after each full page and stops after the first short one, without
/// an extra empty request.
#[tokio::test]
async fn logs_checkpoint_continues_from_the_last_log_id() {
    struct Logs;
    impl Respond for Logs {
        fn respond(&self, req: &Request) -> ResponseTemplate {
            // Log ids "l1".."l7"; `from` is exclusive, as in Auth0's log export.
            let from: usize = query(req, "from").map_or(0, |p| p.trim_start_matches('l').parse().unwrap());
            let take: usize = query(req, "take").unwrap().parse().unwrap();
            let logs: Vec<Value> = ((from + 1)..=7)
                .take(take)
                .map(|i| json!({"log_id": format!("l{i}"), "type": "s", "date": "2026-01-01T00:00:00Z"}))
                .collect();
            ResponseTemplate::new(200).set_body_json(logs)
        }
    }
    let server = serve("/logs", Logs).await;
    let first = client(&server).logs().list().from("l0").take(3).send().await.unwrap();
    assert!(first.has_next_page());
    let ids: Vec<String> = first
        .into_stream()
        .map(|log| log.unwrap().log_id.unwrap())
        .collect()
        .await;
    assert_eq!(ids, ["l1", "l2", "l3", "l4", "l5", "l6", "l7"]);
    let froms: Vec<Option<String>> = requests(&server).await.iter().map(|r| query(r, "from")).collect();
    assert_eq!(
        froms,
        [Some("l0".into()), Some("l3".into()), Some("l6".into())],
        "three pages (3 + 3 + 1 logs), no trailing empty request"
    );
    // A `take` that is not a count is refused before anything is sent.
    let bad = client(&server)
        .logs()
        .list()
        .from("l0")
        .query_param("take", "many")
        .send()
        .await;
    assert!(matches!(bad, Err(Error::InvalidRequest(_))), "{bad:?}");
    assert_eq!(requests(&server).await.len(), 3);
}
