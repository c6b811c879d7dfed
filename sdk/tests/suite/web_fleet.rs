//! Web sign-in on a fleet: two servers of one site behind an imagined load balancer share a
//! Redis session store (`web::RedisStore`) and a cookie key. A login started on one finishes on
//! the other, the session is valid on both, and a back-channel logout received by one ends it
//! on both. The test starts its own `redis-server` on a free loopback port (the fleet tests'
//! fixture); without one it says so and passes without checking, unless `CI` is set.
#![cfg(all(feature = "axum", feature = "redis"))]

use auth0_local_tenant::{LocalTenant, SeedClient};
use std::time::Duration;

use auth0_sdk::runtime::redis::RedisConnection;
use auth0_sdk::runtime::redis::RedisTokenCache;
use auth0_sdk::web::fred::prelude::ClientLike;
use auth0_sdk::web::{RedisStore, WebAuth};
use auth0_sdk::{AuthenticationClient, ClientConfig};
use serde_json::{Value, json};

use crate::fleet_support::redis_server::RedisServer;
use crate::web_login_app as app;
use crate::web_support::{Agent, location, refresh_grants};

#[tokio::test]
async fn a_fleet_shares_logins_and_logouts_through_redis() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    // One connection, as an app would share with its token cache and rate governor.
    let connection = RedisConnection::builder(redis.url()).build().unwrap();
    let client = connection.fred_client().unwrap();
    client.wait_for_connect().await.unwrap();

    // Two servers; the site's public URL is the first one's (the "load balancer").
    let a = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let b = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let a_url = format!("http://{}", a.local_addr().unwrap());
    let b_url = format!("http://{}", b.local_addr().unwrap());
    // 30 s tokens are inside the 60 s refresh leeway: every use of the tokens refreshes.
    let tenant = LocalTenant::builder()
        .client(SeedClient::new(app::CLIENT_ID, app::CLIENT_SECRET).callback(format!("{a_url}/callback")))
        .token_lifetime(Duration::from_secs(30))
        .start()
        .await
        .unwrap();
    let key: [u8; 64] = std::array::from_fn(|_| rand::random());
    let server = |listener: tokio::net::TcpListener| {
        // Each server is its own "process": its own config, sharing the fleet's token cache
        // (whose lock serializes refreshes of one refresh token across the fleet).
        let config = ClientConfig::builder()
            .token_cache(RedisTokenCache::new(&connection))
            .build()
            .unwrap();
        let auth = AuthenticationClient::builder()
            .config(&config)
            .base_url(tenant.base_url())
            .client_id(app::CLIENT_ID)
            .client_secret(app::CLIENT_SECRET)
            .build()
            .unwrap();
        let web = WebAuth::builder(auth, a_url.clone())
            .scope("openid profile email offline_access")
            .secure_cookies(false)
            .cookie_key(&key)
            .unwrap()
            .session_store(RedisStore::new(client.clone()))
            .build()
            .unwrap();
        let site = web.mount(app::site());
        tokio::spawn(async move { axum::serve(listener, site).await.unwrap() })
    };
    let servers = [server(a), server(b)];

    let user = &tenant.users()[0];
    let mut agent = Agent::browser();
    let login = agent
        .get(&format!("{a_url}/login?return_to=%2Fprofile&login_hint={}", user.email))
        .await;
    let authorize = agent.get(&location(&login).unwrap()).await;
    // The balancer sends the callback to the second server: it opens the first one's cookie.
    let callback = location(&authorize).unwrap().replace(&a_url, &b_url);
    let done = agent.get(&callback).await;
    assert_eq!(location(&done).as_deref(), Some("/profile"), "{}", done.status());

    agent.accept = "application/json";
    let me: Value = agent.json(&format!("{a_url}/api/me")).await;
    assert_eq!(me["email"], user.email.as_str());
    assert_eq!(agent.get(&format!("{b_url}/api/me")).await.status(), 200);

    // Requests at once to both servers refresh once: the fleet never uses one refresh token
    // twice (with rotation, Auth0 would take the second use for theft).
    tenant.clear_recorded_requests();
    let cookie = agent.cookie_header();
    let http = reqwest::Client::new();
    let burst = (0..6).map(|i| {
        let base = if i % 2 == 0 { &a_url } else { &b_url };
        http.get(format!("{base}/api/token")).header("cookie", &cookie).send()
    });
    for response in futures_util::future::join_all(burst).await {
        assert_eq!(response.unwrap().status(), 200);
    }
    let refreshes = refresh_grants(&tenant);
    assert_eq!(refreshes, 1, "one refresh for the whole fleet");

    // A back-channel logout received by the second server ends the session on the first.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let token = tenant.sign_claims(&json!({
        "iss": tenant.issuer(), "aud": app::CLIENT_ID, "iat": now, "exp": now + 60,
        "sid": me["sid"], "events": {"http://schemas.openid.net/event/backchannel-logout": {}},
    }));
    let status = reqwest::Client::new()
        .post(format!("{b_url}/backchannel-logout"))
        .form(&[("logout_token", token.as_str())])
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 200);
    assert_eq!(agent.get(&format!("{a_url}/api/me")).await.status(), 401);
    assert_eq!(agent.get(&format!("{b_url}/api/me")).await.status(), 401);
    for s in servers {
        s.abort();
    }
}
