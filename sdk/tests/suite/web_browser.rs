//! The whole web sign-in flow in a real browser: headless Chromium, driven over WebDriver
//! (chromedriver, started here on a free port), against the `web_login` example's site and the
//! local tenant's login page. Without Chromium and chromedriver the test says so and passes
//! without checking, unless `CI` is set, where it fails. It saves a screenshot of the
//! signed-in page to `target/test-artifacts/web_login_signed_in.png`.
#![cfg(feature = "axum")]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use crate::web_login_app::{self as app, Demo, Options};
use crate::web_support::location;

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// chromedriver, killed (with the browsers it started) when dropped.
struct Driver {
    child: Child,
    url: String,
    profile: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts chromedriver and a headless Chromium session, or `None` (a skip) without them.
async fn browser() -> Option<(Driver, Client)> {
    let chromium = which("chromium").or_else(|| which("chromium-browser"));
    let (Some(chromium), Some(chromedriver)) = (chromium, which("chromedriver")) else {
        // CI installs them (.ci/run, first stage); missing there is a broken setup, not a skip.
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but chromium or chromedriver is missing (apt-get install chromium chromium-driver)"
        );
        eprintln!(
            "skipping the browser test: no chromium and chromedriver on PATH \
             (Debian: apt-get install chromium chromium-driver)"
        );
        return None;
    };
    let port = free_port();
    let profile = std::env::temp_dir().join(format!("auth0-sdk-web-login-{}-{port}", std::process::id()));
    std::fs::create_dir_all(&profile).unwrap();
    let child = Command::new(&chromedriver)
        .arg(format!("--port={port}"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let driver = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
        profile,
    };
    let status = format!("{}/status", driver.url);
    let mut ready = false;
    for _ in 0..100 {
        if reqwest::get(&status).await.is_ok_and(|r| r.status().is_success()) {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(ready, "chromedriver did not start on port {port}");
    // Headless, as root in a container, and quiet on a closed network: without the
    // background-networking flags Chromium's own connections fail and slow it down.
    let args = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1024,768",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!("--user-data-dir={}", driver.profile.display())])
    .collect::<Vec<_>>();
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {"binary": chromium, "args": args},
    });
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities.as_object().unwrap().clone())
        .connect(&driver.url)
        .await
        .expect("start a Chromium session");
    Some((driver, client))
}

fn artifact_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
            manifest.parent().unwrap_or(manifest).join("target")
        });
    target.join("test-artifacts")
}

type Flow = Result<(), String>;

fn check(ok: bool, what: impl Into<String>) -> Flow {
    if ok { Ok(()) } else { Err(what.into()) }
}

fn wd<T>(result: Result<T, fantoccini::error::CmdError>, doing: &str) -> Result<T, String> {
    result.map_err(|e| format!("{doing}: {e}"))
}

async fn body_text(client: &Client) -> Result<String, String> {
    wd(
        wd(client.find(Locator::Css("body")).await, "find body")?.text().await,
        "body text",
    )
}

async fn fill_login(client: &Client, email: &str, password: &str) -> Flow {
    let field = wd(
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Id("email"))
            .await,
        "the login page's email field",
    )?;
    wd(field.clear().await, "clear email")?;
    wd(field.send_keys(email).await, "type email")?;
    let field = wd(client.find(Locator::Id("password")).await, "password field")?;
    wd(field.send_keys(password).await, "type password")?;
    let form = wd(client.find(Locator::Id("login")).await, "login form")?;
    let submit = wd(client.find(Locator::Id("submit")).await, "submit button")?;
    wd(submit.click().await, "submit")?;
    // A click does not wait for the page it loads: until the old form is gone, `#error` would
    // still find the previous page's message.
    for _ in 0..200 {
        match form.attr("id").await {
            Err(e) if e.is_stale_element_reference() || e.is_no_such_element() => return Ok(()),
            _ => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
    Err("the login form was not submitted within 10 s".into())
}

async fn wait_for_url(client: &Client, url: &str) -> Flow {
    let target = url::Url::parse(url).unwrap();
    wd(
        client.wait().at_most(Duration::from_secs(10)).for_url(&target).await,
        &format!("waiting for {url}"),
    )
}

/// The text of the login page's error message, once it shows.
async fn error_text(client: &Client, what: &str) -> Result<String, String> {
    let error = wd(
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Id("error"))
            .await,
        what,
    )?;
    wd(error.text().await, "error text")
}

async fn flow(client: &Client, demo: &Demo) -> Flow {
    let user = &demo.tenant.users()[0];
    let site = &demo.app_url;
    let tenant = demo.tenant.base_url();

    // The profile page sends the browser to the tenant's login page.
    wd(client.goto(&format!("{site}/profile")).await, "open the profile page")?;
    fill_login(client, &user.email, "wrong password").await?;
    check(
        error_text(client, "the wrong-password error").await? == "Wrong email or password.",
        "the error message",
    )?;
    let here = wd(client.current_url().await, "url")?;
    check(
        here.as_str().starts_with(&format!("{tenant}/authorize")),
        format!("still on the login page, not {here}"),
    )?;

    // The blocked user is refused on the page too.
    fill_login(client, app::BLOCKED_EMAIL, app::BLOCKED_PASSWORD).await?;
    check(
        error_text(client, "the blocked-user error").await?.contains("blocked"),
        "blocked message",
    )?;

    // The right password: back on the profile page, signed in.
    fill_login(client, &user.email, &user.password).await?;
    wait_for_url(client, &format!("{site}/profile")).await?;
    let email = wd(
        wd(client.find(Locator::Id("email")).await, "email on profile")?
            .text()
            .await,
        "email",
    )?;
    check(email == user.email, format!("profile shows {email}"))?;
    let png = wd(client.screenshot().await, "screenshot")?;
    let dir = artifact_dir();
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let shot = dir.join("web_login_signed_in.png");
    std::fs::write(&shot, &png).map_err(|e| e.to_string())?;
    println!("screenshot of the signed-in page: {}", shot.display());

    // Logout: through the tenant's /oidc/logout and back home, signed out.
    wd(
        wd(client.find(Locator::Id("logout")).await, "logout link")?
            .click()
            .await,
        "log out",
    )?;
    wait_for_url(client, &format!("{site}/")).await?;
    check(body_text(client).await?.contains("not signed in"), "home after logout")?;
    wd(client.goto(&format!("{site}/profile")).await, "profile after logout")?;
    wd(
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Id("email"))
            .await,
        "the login page again",
    )?;
    let here = wd(client.current_url().await, "url")?;
    check(
        here.as_str().starts_with(&format!("{tenant}/authorize")),
        format!("profile after logout led to {here}"),
    )?;

    // A tampered state is refused (the browser has a login in progress from the visit above).
    wd(
        client.goto(&format!("{site}/callback?code=x&state=tampered")).await,
        "tampered callback",
    )?;
    check(
        body_text(client).await?.contains("state does not match"),
        "tampered state refused",
    )?;

    // A replayed callback: take the callback URL of a real sign-in, use it twice.
    wd(
        client.goto(&format!("{site}/login?return_to=%2Fprofile")).await,
        "login",
    )?;
    wd(
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Id("email"))
            .await,
        "login page",
    )?;
    let authorize = wd(client.current_url().await, "url")?;
    let mut form: Vec<(String, String)> = authorize.query_pairs().into_owned().collect();
    form.push(("email".into(), user.email.clone()));
    form.push(("password".into(), user.password.clone()));
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{tenant}/authorize"))
        .form(&form)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let callback = location(&response).ok_or("the tenant gave no callback redirect")?;
    wd(client.goto(&callback).await, "callback")?;
    wait_for_url(client, &format!("{site}/profile")).await?;
    wd(client.goto(&callback).await, "replayed callback")?;
    check(
        body_text(client).await?.contains("no sign-in is in progress"),
        "replayed callback refused",
    )?;

    // An absolute return_to to another host is refused, and the browser stays here.
    wd(
        client
            .goto(&format!("{site}/login?return_to=https%3A%2F%2Fevil.example%2F"))
            .await,
        "evil return_to",
    )?;
    check(
        body_text(client)
            .await?
            .contains("return_to must be a path on this site"),
        "absolute return_to refused",
    )?;
    let here = wd(client.current_url().await, "url")?;
    check(here.host_str() == Some("127.0.0.1"), format!("left for {here}"))?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_and_out_in_headless_chromium() {
    let Some((driver, client)) = browser().await else {
        return;
    };
    let demo = app::start(Options::default()).await.unwrap();
    let outcome = flow(&client, &demo).await;
    // End the session (and its Chromium) before reporting, pass or fail.
    let _ = client.close().await;
    drop(driver);
    if let Err(failure) = outcome {
        panic!("browser flow failed: {failure}");
    }
}
