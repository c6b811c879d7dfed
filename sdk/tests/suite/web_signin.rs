//! Web sign-in (`auth0_sdk::web`) over HTTP against the `web_login` example's site and the
//! local tenant: the redirects, cookies and checks of login, callback, logout, back-channel
//! logout and refresh, and the tenant's login page. The browser test (`web_browser`) runs the
//! same site in headless Chromium.
#![cfg(feature = "axum")]

use std::time::Duration;

use auth0_sdk::AuthenticationClient;
use auth0_sdk::web::tower_sessions::session::Id;
use auth0_sdk::web::{IdpLogout, SessionStore, SignedInUser, WebAuth};
use axum::Router;
use axum::routing::get;
use serde_json::{Value, json};

use crate::web_login_app::{self as app, Demo, Options};
use crate::web_support::{Agent, absolutize, location, query_param, refresh_grants};

async fn demo() -> Demo {
    app::start(Options::default()).await.unwrap()
}

fn alice(demo: &Demo) -> (String, String) {
    let user = &demo.tenant.users()[0];
    (user.email.clone(), user.password.clone())
}

/// Signs in with the tenant's `login_hint` shortcut; returns the final URL.
async fn sign_in(agent: &mut Agent, demo: &Demo, email: &str) -> String {
    let url = format!("{}/login?return_to=%2Fprofile&login_hint={email}", demo.app_url);
    let (response, at) = agent.follow(&url).await;
    assert_eq!(response.status(), 200, "{at}");
    at
}

#[tokio::test]
async fn login_redirects_with_state_nonce_pkce_and_a_sealed_cookie() {
    let demo = demo().await;
    let mut agent = Agent::browser();
    let response = agent
        .get(&format!("{}/login?screen_hint=signup&prompt=login", demo.app_url))
        .await;
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let to = location(&response).unwrap();
    assert!(
        to.starts_with(&format!("{}/authorize?", demo.tenant.base_url())),
        "{to}"
    );
    for (name, expected) in [
        ("response_type", Some("code".to_owned())),
        ("client_id", Some(app::CLIENT_ID.to_owned())),
        ("redirect_uri", Some(format!("{}/callback", demo.app_url))),
        ("scope", Some("openid profile email offline_access".to_owned())),
        ("code_challenge_method", Some("S256".to_owned())),
        ("screen_hint", Some("signup".to_owned())),
        ("prompt", Some("login".to_owned())),
    ] {
        assert_eq!(query_param(&to, name), expected, "{name}");
    }
    let state = query_param(&to, "state").unwrap();
    let nonce = query_param(&to, "nonce").unwrap();
    assert!(state.len() >= 43 && nonce.len() >= 43 && state != nonce);
    assert_eq!(query_param(&to, "code_challenge").unwrap().len(), 43);
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    for attribute in [
        "auth0_login=",
        "HttpOnly",
        "SameSite=Lax",
        "Path=/callback",
        "Max-Age=600",
    ] {
        assert!(cookie.contains(attribute), "{attribute} missing from {cookie}");
    }
    // Encrypted: neither the state, nor the nonce, nor the verifier are readable in it.
    assert!(!cookie.contains(&state) && !cookie.contains(&nonce) && !cookie.contains("code_verifier"));
}

#[tokio::test]
async fn sign_in_reaches_the_profile_and_rotates_the_session_id() {
    let demo = demo().await;
    let (email, _) = alice(&demo);
    let mut agent = Agent::browser();
    let at = sign_in(&mut agent, &demo, &email).await;
    assert_eq!(at, format!("{}/profile", demo.app_url));
    assert!(
        !agent.cookies.contains_key("auth0_login"),
        "the transaction cookie is cleared"
    );
    let first = agent.cookies["auth0_session"].clone();
    let me: Value = agent.json(&format!("{}/api/me", demo.app_url)).await;
    assert_eq!(me["email"], email.as_str());
    assert_eq!(me["sub"], demo.tenant.users()[0].user_id.as_str());

    // Signing in again in the same browser gives a new session id; the old one is dead.
    sign_in(&mut agent, &demo, &email).await;
    let second = agent.cookies["auth0_session"].clone();
    assert_ne!(first, second);
    let mut stale = Agent::browser();
    stale.accept = "application/json";
    stale.cookies.insert("auth0_session".into(), first);
    assert_eq!(stale.get(&format!("{}/api/me", demo.app_url)).await.status(), 401);
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_lax() {
    let demo = demo().await;
    let (email, _) = alice(&demo);
    let mut agent = Agent::browser();
    let login = agent.get(&format!("{}/login?login_hint={email}", demo.app_url)).await;
    let authorize = agent.get(&location(&login).unwrap()).await;
    let callback = location(&authorize).unwrap();
    let response = agent.get(&callback).await;
    assert_eq!(location(&response).as_deref(), Some("/"));
    let cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    let session = cookies.iter().find(|c| c.starts_with("auth0_session=")).unwrap();
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax") && session.contains("Path=/"));
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("auth0_login=") && c.contains("Max-Age=0"))
    );
}

#[tokio::test]
async fn the_callback_refuses_tampered_state_replays_and_strangers() {
    let demo = demo().await;
    let (email, _) = alice(&demo);
    let mut agent = Agent::browser();
    let login = agent
        .get(&format!(
            "{}/login?return_to=%2Fprofile&login_hint={email}",
            demo.app_url
        ))
        .await;
    let authorize = agent.get(&location(&login).unwrap()).await;
    let callback = location(&authorize).unwrap();
    let state = query_param(&callback, "state").unwrap();

    // Tampered state: refused, and the transaction is spent.
    let tampered = callback.replace(&state, &format!("{state}x"));
    let mut attacker_agent = Agent::browser();
    attacker_agent.cookies = agent.cookies.clone();
    let response = attacker_agent.get(&tampered).await;
    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().contains("state does not match"));

    // The genuine callback succeeds once…
    let response = agent.get(&callback).await;
    assert_eq!(location(&response).as_deref(), Some("/profile"));
    // …and a replay of it (same browser, or with the old cookie) is refused.
    let replay = agent.get(&callback).await;
    assert_eq!(replay.status(), 400);
    assert!(replay.text().await.unwrap().contains("no sign-in is in progress"));
    let replay = attacker_agent.get(&callback).await;
    assert_eq!(replay.status(), 400);

    // A callback in a browser that started no login.
    let response = Agent::browser().get(&callback).await;
    assert_eq!(response.status(), 400);

    // An error from Auth0 is reported without echoing its description.
    let login = agent.get(&format!("{}/login", demo.app_url)).await;
    let state = query_param(&location(&login).unwrap(), "state").unwrap();
    let response = agent
        .get(&format!(
            "{}/callback?error=access_denied&error_description=%3Cscript%3E&state={state}",
            demo.app_url
        ))
        .await;
    assert_eq!(response.status(), 400);
    let text = response.text().await.unwrap();
    assert!(text.contains("access_denied") && !text.contains("script"), "{text}");
}

#[tokio::test]
async fn return_to_must_be_a_path_on_this_site() {
    let demo = demo().await;
    let mut agent = Agent::browser();
    for evil in [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "http:evil.example",
        "javascript:alert(1)",
    ] {
        let url = format!("{}/login?return_to={}", demo.app_url, urlencode(evil));
        let response = agent.get(&url).await;
        assert_eq!(response.status(), 400, "{evil}");
        assert!(response.headers().get("location").is_none());
    }
    let ok = agent
        .get(&format!("{}/login?return_to=%2Fprofile%3Ftab%3D1", demo.app_url))
        .await;
    assert_eq!(ok.status(), 302);
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::test]
async fn signed_out_browsers_go_to_login_and_api_calls_get_401() {
    let demo = demo().await;
    let mut browser = Agent::browser();
    let response = browser.get(&format!("{}/profile?tab=2", demo.app_url)).await;
    assert_eq!(response.status(), 302);
    assert_eq!(location(&response).unwrap(), "/login?return_to=%2Fprofile%3Ftab%3D2");
    let mut api = Agent::browser();
    api.accept = "application/json";
    assert_eq!(api.get(&format!("{}/profile", demo.app_url)).await.status(), 401);
    assert_eq!(api.get(&format!("{}/api/me", demo.app_url)).await.status(), 401);
    // The optional extractor serves both.
    let home = browser.get(&format!("{}/", demo.app_url)).await;
    assert!(home.text().await.unwrap().contains("not signed in"));
}

#[tokio::test]
async fn logout_ends_the_session_here_and_at_the_tenant() {
    let demo = demo().await;
    let (email, _) = alice(&demo);
    let mut agent = Agent::browser();
    sign_in(&mut agent, &demo, &email).await;
    let response = agent.get(&format!("{}/logout", demo.app_url)).await;
    let to = location(&response).unwrap();
    assert!(
        to.starts_with(&format!("{}/oidc/logout?", demo.tenant.base_url())),
        "{to}"
    );
    assert_eq!(query_param(&to, "client_id").as_deref(), Some(app::CLIENT_ID));
    assert_eq!(
        query_param(&to, "post_logout_redirect_uri"),
        Some(format!("{}/", demo.app_url))
    );
    assert!(query_param(&to, "id_token_hint").is_some_and(|t| t.split('.').count() == 3));
    let (home, at) = agent.follow(&to).await;
    assert_eq!(at, format!("{}/", demo.app_url));
    assert!(home.text().await.unwrap().contains("not signed in"));
    let again = agent.get(&format!("{}/profile", demo.app_url)).await;
    assert!(location(&again).unwrap().starts_with("/login"));
}

fn logout_token(demo: &Demo, extra: Value) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let mut claims = json!({
        "iss": demo.tenant.issuer(),
        "aud": app::CLIENT_ID,
        "iat": now,
        "exp": now + 120,
        "jti": "logout-1",
        "events": {"http://schemas.openid.net/event/backchannel-logout": {}},
    });
    for (k, v) in extra.as_object().unwrap() {
        if v.is_null() {
            claims.as_object_mut().unwrap().remove(k);
        } else {
            claims[k] = v.clone();
        }
    }
    demo.tenant.sign_claims(&claims)
}

async fn post_logout_token(demo: &Demo, token: &str) -> reqwest::StatusCode {
    reqwest::Client::new()
        .post(format!("{}/backchannel-logout", demo.app_url))
        .form(&[("logout_token", token)])
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn back_channel_logout_ends_the_named_sessions() {
    let demo = demo().await;
    let (email, _) = alice(&demo);
    let sub = demo.tenant.users()[0].user_id.clone();
    let mut one = Agent::browser();
    let mut two = Agent::browser();
    sign_in(&mut one, &demo, &email).await;
    sign_in(&mut two, &demo, &email).await;
    one.accept = "application/json";
    two.accept = "application/json";
    let me_url = format!("{}/api/me", demo.app_url);
    let me: Value = one.json(&me_url).await;
    let sid = me["sid"].as_str().unwrap().to_owned();

    // Refused: wrong audience, missing event, a nonce, neither sub nor sid, another key.
    for bad in [
        json!({"aud": "another-app", "sid": sid}),
        json!({"events": null, "sid": sid}),
        json!({"events": {"something-else": {}}, "sid": sid}),
        json!({"nonce": "n", "sid": sid}),
        json!({}),
        json!({"iss": "https://another.example/", "sid": sid}),
    ] {
        assert_eq!(
            post_logout_token(&demo, &logout_token(&demo, bad.clone())).await,
            400,
            "{bad}"
        );
    }
    assert_eq!(post_logout_token(&demo, "not.a.jwt").await, 400);
    let no_token = reqwest::Client::new()
        .post(format!("{}/backchannel-logout", demo.app_url))
        .form(&[("something", "else")])
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), 400);
    assert_eq!(no_token.text().await.unwrap(), "the request has no logout_token");
    assert_eq!(one.get(&me_url).await.status(), 200, "refused tokens end nothing");

    // By `sid`: only that session ends.
    assert_eq!(
        post_logout_token(&demo, &logout_token(&demo, json!({"sid": sid, "sub": sub}))).await,
        200
    );
    assert_eq!(one.get(&me_url).await.status(), 401);
    assert_eq!(two.get(&me_url).await.status(), 200);

    // By `sub` alone: every session of the user signed in before it…
    assert_eq!(
        post_logout_token(&demo, &logout_token(&demo, json!({"sub": sub}))).await,
        200
    );
    assert_eq!(two.get(&me_url).await.status(), 401);
    // …but not a later sign-in.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let mut three = Agent::browser();
    sign_in(&mut three, &demo, &email).await;
    three.accept = "application/json";
    assert_eq!(three.get(&me_url).await.status(), 200);
    // A logout issued before that sign-in but delivered after it (delayed, or replayed within
    // its lifetime) ends nothing: the mark is the token's `iat`, and it never moves back.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let late = logout_token(&demo, json!({"sub": sub, "iat": now - 5, "jti": "logout-2"}));
    assert_eq!(post_logout_token(&demo, &late).await, 200);
    assert_eq!(
        three.get(&me_url).await.status(),
        200,
        "a sign-in after the token's iat survives"
    );
}

#[tokio::test]
async fn access_tokens_are_refreshed_before_they_expire() {
    let demo = app::start(Options {
        token_lifetime: Duration::from_secs(30),
        ..Default::default()
    })
    .await
    .unwrap();
    let (email, _) = alice(&demo);
    let mut agent = Agent::browser();
    sign_in(&mut agent, &demo, &email).await;
    demo.tenant.clear_recorded_requests();
    // 30 s tokens are inside the 60 s refresh leeway: every use refreshes.
    let token_url = format!("{}/api/token", demo.app_url);
    let first: Value = agent.json(&token_url).await;
    assert!(first["expires_at"].as_u64().is_some());
    assert!(first["scope"].as_str().unwrap().contains("offline_access"));
    let refreshes = refresh_grants(&demo.tenant);
    assert_eq!(refreshes, 1);
    // Requests at once refresh once: a refresh token is never used twice concurrently (with
    // rotation, Auth0 would take the second use for theft).
    demo.tenant.clear_recorded_requests();
    let cookie = agent.cookie_header();
    let http = reqwest::Client::new();
    let parallel = (0..6).map(|_| http.get(&token_url).header("cookie", &cookie).send());
    for response in futures_util::future::join_all(parallel).await {
        assert_eq!(response.unwrap().status(), 200);
    }
    let refreshes = refresh_grants(&demo.tenant);
    assert_eq!(refreshes, 1);

    // The session stays signed in with the refreshed tokens.
    assert_eq!(agent.get(&format!("{}/profile", demo.app_url)).await.status(), 200);

    // A refresh token the tenant refuses (revoked) ends the session: sign in again.
    let id: Id = agent.cookies["auth0_session"].parse().unwrap();
    let store = demo.web.store();
    let mut record = store.load(&id).await.unwrap().unwrap();
    record.data.get_mut("auth0.login").unwrap()["refresh_token"] = json!("revoked");
    store.save(&record).await.unwrap();
    let response = agent.get(&token_url).await;
    assert_eq!(location(&response).unwrap(), "/login?return_to=%2Fapi%2Ftoken");
    assert!(store.load(&id).await.unwrap().is_none(), "the session is deleted");
}

#[tokio::test]
async fn the_tenant_login_page_checks_passwords_and_refuses_blocked_users() {
    let demo = demo().await;
    let (email, password) = alice(&demo);
    let mut agent = Agent::browser();
    let login = agent.get(&format!("{}/login?return_to=%2Fprofile", demo.app_url)).await;
    let authorize_url = location(&login).unwrap();
    let page = agent.get(&authorize_url).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains(r#"<form method="post" action="/authorize""#), "{html}");
    let mut form: Vec<(String, String)> = url::Url::parse(&authorize_url)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect();
    let post = format!("{}/authorize", demo.tenant.base_url());
    let submit = |form: &[(String, String)], email: &str, password: &str| {
        let mut all: Vec<(String, String)> = form.to_vec();
        all.push(("email".into(), email.into()));
        all.push(("password".into(), password.into()));
        all
    };
    let wrong = submit(&form, &email, "not-the-password");
    let response = agent
        .post_form(
            &post,
            &wrong.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect::<Vec<_>>(),
        )
        .await;
    assert_eq!(response.status(), 401);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Wrong email or password.") && html.contains("<form"),
        "{html}"
    );

    let blocked = submit(&form, app::BLOCKED_EMAIL, app::BLOCKED_PASSWORD);
    let response = agent
        .post_form(
            &post,
            &blocked
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect::<Vec<_>>(),
        )
        .await;
    assert_eq!(response.status(), 401);
    assert!(response.text().await.unwrap().contains("This user is blocked."));

    let right = submit(&form, &email, &password);
    let response = agent
        .post_form(
            &post,
            &right.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect::<Vec<_>>(),
        )
        .await;
    let callback = location(&response).unwrap();
    assert!(
        callback.starts_with(&format!("{}/callback?code=", demo.app_url)),
        "{callback}"
    );
    let (profile, at) = agent.follow(&absolutize(&post, &callback)).await;
    assert_eq!(at, format!("{}/profile", demo.app_url));
    assert!(profile.text().await.unwrap().contains(&email));
    form.clear();
}

#[tokio::test]
async fn organization_is_sent_and_a_different_one_refused() {
    let demo = demo().await;
    let auth = AuthenticationClient::builder()
        .base_url(demo.tenant.base_url())
        .client_id(app::CLIENT_ID)
        .client_secret(app::CLIENT_SECRET)
        .build()
        .unwrap();
    let web = WebAuth::builder(auth, "http://127.0.0.1:9")
        .secure_cookies(false)
        .organization("org_abc")
        .authorize_param("connection", "Username-Password-Authentication")
        .build()
        .unwrap();
    let app: Router = web.mount(Router::new().route("/", get(|_: SignedInUser| async { "hi" })));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let mut agent = Agent::browser();
    let response = agent.get(&format!("{base}/login")).await;
    let to = location(&response).unwrap();
    assert_eq!(query_param(&to, "organization").as_deref(), Some("org_abc"));
    assert_eq!(
        query_param(&to, "connection").as_deref(),
        Some("Username-Password-Authentication")
    );
    let response = agent.get(&format!("{base}/login?organization=org_other")).await;
    assert_eq!(response.status(), 400);
    server.abort();
}

#[tokio::test]
async fn debug_output_shows_no_tokens_or_keys() {
    let demo = demo().await;
    let (email, _) = alice(&demo);
    let mut agent = Agent::browser();
    sign_in(&mut agent, &demo, &email).await;
    // A second server with the same configuration (and so the same session store).
    let app: Router = demo.web.mount(Router::new().route(
        "/debug",
        get(|user: SignedInUser, tokens: auth0_sdk::web::UserTokens| async move { format!("{user:?} {tokens:?}") }),
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let text = agent.get(&format!("{base}/debug")).await.text().await.unwrap();
    assert!(text.contains("SignedInUser") && text.contains("[REDACTED]"), "{text}");
    // JWTs start with `eyJ`; the refresh token, the session id and the cookie key never show.
    assert!(!text.contains("eyJ"), "{text}");
    assert!(!text.contains(&agent.cookies["auth0_session"]), "{text}");
    let config = format!("{:?}", demo.web);
    assert!(
        !config.contains(app::CLIENT_SECRET) && config.contains("[REDACTED]"),
        "{config}"
    );
    server.abort();
}

#[tokio::test]
async fn organization_logins_carry_the_checked_org_id() {
    let demo = demo().await;
    let token = demo
        .tenant
        .management_token(&["create:organizations", "create:organization_members"]);
    let http = reqwest::Client::new();
    let org: Value = http
        .post(format!("{}/organizations", demo.tenant.management_url()))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(json!({"name": "acme"}).to_string())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .parse()
        .unwrap();
    let org_id = org["id"].as_str().unwrap().to_owned();
    let alice_id = demo.tenant.users()[0].user_id.clone();
    let added = http
        .post(format!(
            "{}/organizations/{org_id}/members",
            demo.tenant.management_url()
        ))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(json!({"members": [alice_id]}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 204);

    // A member signs in to the organization (the invitation-link form of the login route).
    let mut agent = Agent::browser();
    let (email, _) = alice(&demo);
    let url = format!("{}/login?organization={org_id}&login_hint={email}", demo.app_url);
    let (_, at) = agent.follow(&url).await;
    assert_eq!(at, format!("{}/", demo.app_url));
    agent.accept = "application/json";
    let me: Value = agent.json(&format!("{}/api/me", demo.app_url)).await;
    assert_eq!(me["org_id"], org_id.as_str());

    // A non-member is refused by the tenant, and the callback reports it.
    let mut bob = Agent::browser();
    let url = format!(
        "{}/login?organization={org_id}&login_hint={}",
        demo.app_url,
        demo.tenant.users()[1].email
    );
    let (response, at) = bob.follow(&url).await;
    assert!(
        at.starts_with(&format!("{}/callback?error=access_denied", demo.app_url)),
        "{at}"
    );
    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().contains("access_denied"));
}

#[tokio::test]
async fn logout_modes_v2_and_local_only() {
    let demo = demo().await;
    for (mode, expected) in [
        (
            IdpLogout::V2,
            format!("{}/v2/logout?client_id=", demo.tenant.base_url()),
        ),
        (IdpLogout::LocalOnly, "/bye".to_owned()),
    ] {
        let auth = AuthenticationClient::builder()
            .base_url(demo.tenant.base_url())
            .client_id(app::CLIENT_ID)
            .client_secret(app::CLIENT_SECRET)
            .build()
            .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let web = WebAuth::builder(auth, base.clone())
            .secure_cookies(false)
            .idp_logout(mode)
            .post_logout_path("/bye")
            .build()
            .unwrap();
        let app: Router = web.mount(Router::new());
        let server = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let response = Agent::browser().get(&format!("{base}/logout")).await;
        let to = location(&response).unwrap();
        assert!(to.starts_with(&expected), "{mode:?}: {to}");
        if mode == IdpLogout::V2 {
            assert_eq!(query_param(&to, "returnTo"), Some(format!("{base}/bye")));
            // The tenant sends the browser back to an allowed return URL only.
            let back = Agent::browser().get(&to).await;
            assert_eq!(
                back.status(),
                400,
                "{base} is not one of the client's callbacks' origins"
            );
        }
        server.abort();
    }
}
