//! URL builders (exact query strings, no HTTP), PKCE, client configuration checks and
//! `Debug` redaction.

use std::time::Duration;

use auth0_sdk::authentication::{AuthenticationClient, ClientAuthMethod, Pkce, random_nonce, random_state};
use auth0_sdk::runtime::{ClientAssertionSigner, SigningAlgorithm};
use base64::Engine as _;
use sha2::{Digest, Sha256};

fn auth() -> AuthenticationClient {
    AuthenticationClient::builder()
        .domain("tenant.auth0.com")
        .client_id("abc")
        .build()
        .unwrap()
}

#[test]
fn authorize_url_exact_query() {
    let pkce = Pkce::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
    let login = auth()
        .authorize_url("https://app.test/cb?x=1")
        .scope("openid profile email")
        .audience("https://api.test")
        .state("st&=")
        .nonce("n 1")
        .pkce(pkce)
        .organization("org_A")
        .max_age(Duration::from_secs(300))
        .connection("github")
        .prompt("login")
        .param("screen_hint", "signup")
        .build()
        .unwrap();
    assert_eq!(
        login.url.as_str(),
        "https://tenant.auth0.com/authorize?response_type=code&client_id=abc\
         &redirect_uri=https%3A%2F%2Fapp.test%2Fcb%3Fx%3D1&scope=openid+profile+email\
         &audience=https%3A%2F%2Fapi.test&state=st%26%3D&nonce=n+1\
         &code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256\
         &organization=org_A&max_age=300&connection=github&prompt=login&screen_hint=signup"
    );
    let expect = login.expectations();
    assert_eq!(expect.nonce.as_deref(), Some("n 1"));
    assert_eq!(expect.organization.as_deref(), Some("org_A"));
    assert_eq!(expect.max_age, Some(Duration::from_secs(300)));
    assert_eq!(login.state.as_deref(), Some("st&="));
}

#[test]
fn generated_state_nonce_and_pkce() {
    let login = auth()
        .authorize_url("https://app.test/cb")
        .with_state()
        .with_nonce()
        .with_pkce()
        .build()
        .unwrap();
    let pairs: Vec<(String, String)> = login.url.query_pairs().into_owned().collect();
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap();
    assert_eq!(get("state"), login.state.clone().unwrap());
    assert_eq!(get("nonce"), login.nonce.clone().unwrap());
    let pkce = login.pkce.as_ref().unwrap();
    assert_eq!(get("code_challenge"), pkce.challenge());
    assert_eq!(get("code_challenge_method"), "S256");
    // S256: BASE64URL(SHA256(ASCII(verifier))), no padding.
    let expected = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(pkce.verifier().as_bytes()));
    assert_eq!(pkce.challenge(), expected);
    assert_eq!(pkce.verifier().len(), 43);
    assert!(
        pkce.verifier()
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    );
    assert!(!format!("{pkce:?}").contains(pkce.verifier()));
    // Fresh values each time.
    assert_ne!(Pkce::generate().verifier(), Pkce::generate().verifier());
    assert_ne!(random_state(), random_state());
    assert_ne!(random_nonce(), random_nonce());
    assert_eq!(random_state().len(), 43);
}

#[test]
fn authorize_from_par() {
    let url = auth()
        .authorize_url_from_par("urn:ietf:params:oauth:request_uri:6esc_11ACC5bwc014ltc14eY22c")
        .unwrap();
    assert_eq!(
        url.as_str(),
        "https://tenant.auth0.com/authorize?client_id=abc\
         &request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3A6esc_11ACC5bwc014ltc14eY22c"
    );
}

#[test]
fn logout_urls() {
    assert_eq!(
        auth().logout_url().build().unwrap().as_str(),
        "https://tenant.auth0.com/v2/logout?client_id=abc"
    );
    assert_eq!(
        auth()
            .logout_url()
            .return_to("https://app.test/?a=b&c")
            .federated()
            .build()
            .unwrap()
            .as_str(),
        "https://tenant.auth0.com/v2/logout?client_id=abc&returnTo=https%3A%2F%2Fapp.test%2F%3Fa%3Db%26c&federated"
    );
    assert_eq!(
        auth().logout_url().without_client_id().build().unwrap().as_str(),
        "https://tenant.auth0.com/v2/logout"
    );
    assert_eq!(
        auth()
            .oidc_logout_url()
            .id_token_hint("h.p.s")
            .post_logout_redirect_uri("https://app.test/bye")
            .state("s")
            .logout_hint("sid-1")
            .ui_locales("fr")
            .federated()
            .build()
            .unwrap()
            .as_str(),
        "https://tenant.auth0.com/oidc/logout?client_id=abc&id_token_hint=h.p.s\
         &post_logout_redirect_uri=https%3A%2F%2Fapp.test%2Fbye&state=s&logout_hint=sid-1&ui_locales=fr&federated"
    );
}

#[test]
fn domain_forms() {
    for domain in [
        "tenant.auth0.com",
        "https://tenant.auth0.com",
        "https://Tenant.Auth0.com/",
    ] {
        let a = AuthenticationClient::builder()
            .domain(domain)
            .client_id("x")
            .build()
            .unwrap();
        assert_eq!(a.base_url(), "https://tenant.auth0.com", "{domain}");
        assert_eq!(a.id_token_validator().issuer(), "https://tenant.auth0.com/");
    }
    for bad in ["http://tenant.auth0.com", "tenant.auth0.com/path", "ftp://x", ""] {
        assert!(
            AuthenticationClient::builder()
                .domain(bad)
                .client_id("x")
                .build()
                .is_err(),
            "{bad}"
        );
    }
}

#[test]
fn configuration_errors() {
    let base = || AuthenticationClient::builder().domain("t.auth0.com");
    assert!(base().build().is_err(), "client id required");
    assert!(
        AuthenticationClient::builder().client_id("x").build().is_err(),
        "domain required"
    );
    assert!(
        base().client_id("x").client_secret("s").mtls().build().is_err(),
        "one credential"
    );
    assert!(
        base()
            .client_id("x")
            .client_auth_method(ClientAuthMethod::ClientSecretPost)
            .build()
            .is_err(),
        "post needs a secret"
    );
    assert!(
        base()
            .client_id("x")
            .client_secret("s")
            .client_auth_method(ClientAuthMethod::PrivateKeyJwt)
            .build()
            .is_err()
    );
    assert!(
        base().client_id("x").id_token_hs256().build().is_err(),
        "HS256 needs the secret"
    );
    let basic = base()
        .client_id("x")
        .client_secret("s")
        .client_auth_method(ClientAuthMethod::ClientSecretBasic);
    assert_eq!(
        basic.build().unwrap().auth_method(),
        ClientAuthMethod::ClientSecretBasic
    );
    assert_eq!(
        base().client_id("x").client_secret("s").build().unwrap().auth_method(),
        ClientAuthMethod::ClientSecretPost
    );
}

#[test]
fn debug_never_shows_secrets() {
    let secret_client = AuthenticationClient::builder()
        .domain("t.auth0.com")
        .client_id("x")
        .client_secret("TOP-SECRET-VALUE");
    assert!(!format!("{secret_client:?}").contains("TOP-SECRET-VALUE"));
    let built = secret_client.build().unwrap();
    let debug = format!("{built:?}");
    assert!(!debug.contains("TOP-SECRET-VALUE"), "{debug}");
    assert!(debug.contains("REDACTED"), "{debug}");
    let request = built.password("u", &secrecy::SecretString::from("PASSWORD-VALUE".to_owned()));
    assert!(!format!("{request:?}").contains("PASSWORD-VALUE"));

    let pem = include_str!("auth_support/assertion_key.pem");
    let signer = ClientAssertionSigner::from_pem(pem, SigningAlgorithm::RS256).unwrap();
    let pk = AuthenticationClient::builder()
        .domain("t.auth0.com")
        .client_id("x")
        .private_key_jwt(signer)
        .build()
        .unwrap();
    let debug = format!("{pk:?}");
    assert!(
        !debug.contains("PRIVATE KEY") && !debug.contains(&pem[40..80]),
        "{debug}"
    );
}
