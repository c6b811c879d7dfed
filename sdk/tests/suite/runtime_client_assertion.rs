//! Private-key JWT client authentication: the assertion's header, claims and signature.

use crate::runtime_support;

use std::collections::HashSet;

use auth0_sdk::ManagementClient;
use auth0_sdk::runtime::{Call, ClientAssertionSigner, SigningAlgorithm};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use runtime_support::*;
use serde::Deserialize;
use serde_json::{Value, json};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Test-only keys, generated for this file with openssl.
const RSA_PRIVATE: &str = "-----BEGIN PRIVATE KEY-----
MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQCndvpDsWaeyYE1
r++y3Ui4VT9ZYanPuI3z6stjpNgfg5QM5obFN0Ux/E/QeU13WxY6Ngx6ponYbtww
ksoeWdkfQHZ/0eB07zf/te+gO13aD7jO/6pmvYrHUWmwAEjwvaHmY01GaiU+C6lI
qMs8O0qFYhTK+L/jcK4pkPSfgmqhOySDyLQU5+ulhv1oBuUfyibS5QJjY1F9YuN9
rgqKBtHwn8JyTQbdeyNbiWNHUZ44Wh8tfgNIQSdkSJCMUELoMesWOa+OvvPOghVb
fgw5Ix0aA2QuOehdGHtoibsg4jMyTo6zVX9zVsFw5L3+7jzekrXytfhSBT3m3LZ9
YiXIo5w/AgMBAAECggEABQZA7P4DsuW5CDgIOSjosSS+biHL6ABE1gz1EqWT/6IO
TTLJCveLdNWTb93r12LQVs/Fuq2IR9bPqW9sbzh8sLJzVVNuzuNZUUVCp5KQaf+V
wmdeU/XOfG6lydLAXX5UpYAH0s7r4VT7ovZZhRJpInmP+SUGENgriYvtVjA7n2Af
Knc4aYXAEtJG3JDfo9s95l9w+yjHW5fYRNPnyZV3+sVNtm/f4hHfQy0/ili1aA4u
UewWkrG7S2CD1JSSPoZvwd/5To+VRagLWFyVmNWbEGyJv+ORglgQYwdBrcPR7E6Y
qhCusLYxxhzJErx95L2qATwLpCNUV7iboktXs3SUFQKBgQDQlXWJEtM/ueGtx+3o
kZkDhu08m742sNz6eiBvfJxo4TETWPOCMcP8hvuWNKlZyvnlC+YTAvgUDSLSMa/h
zpRy3pTxJsuQBBmwC/FXKGEkxrTduFRB2gKKUsI0Te/O7uOxGjLH3uxP1CHxv57s
dRmObXVOIqxR3iE7+kkcG3uyjQKBgQDNiJffxs70DTCsM1rtzPKci1c/6iAfX1RJ
CQz45cBX0Uexb+4hvmdxX3TNN37pLdsiGNfqmLMyrUuhBZ9s+WUIayGQGslEkKbW
IskBYfI4UyZ0fYLVZ/7yDKxXXZcgnHRVnaWypWvMuJawqArQtrWwQ2GKuCH7le8U
h/GuSyy8+wKBgQCniwYoHqj1DThLwMZHA3ynKqAxCODXSWWXBLY9FxkD3a7v3Ylr
0NGebEZ2NsK5T6M+6jnal43xfUO1FxgyBx+SzVtSAVmNyt1fXZhz7Alr4vixCDkV
1CoqNaOtI9U2oQjf3y1fAp9K2BiT+NmNEdp/X0jUhGFqOUT0ymwjWagYmQKBgQCd
zF0uBWkmnmncC6GoKU2rOp/GBm6bJ4mCeVxoS5ycz6SHajQd3B13QZ5fYFgjln1D
dGdxScNrCPmjqrl35RHYoMen56jW52fvx80jLpvU+qHvld05Exr9oxU+DjDVbMk0
YlCxE6fsCVxITPvguiZMKa9d3XjZu4dO8ABxnG3AuQKBgE1giBGRQC/Rdpfhc355
YAycshifl1cDh9hEzn3Azd/USGCWA3hm1caFVzllLIoEne9WdUWCSpiCYlbHnGcn
tPz+IqMIMxGXEzMUwHHrrKunMEDHlBSJrKmnsJLlQgNE45vnYD9BI/ImHx/vxczb
7hzSIJFEglE4E+qFuXnGtRk1
-----END PRIVATE KEY-----";
const RSA_PUBLIC: &str = "-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAp3b6Q7FmnsmBNa/vst1I
uFU/WWGpz7iN8+rLY6TYH4OUDOaGxTdFMfxP0HlNd1sWOjYMeqaJ2G7cMJLKHlnZ
H0B2f9HgdO83/7XvoDtd2g+4zv+qZr2Kx1FpsABI8L2h5mNNRmolPgupSKjLPDtK
hWIUyvi/43CuKZD0n4JqoTskg8i0FOfrpYb9aAblH8om0uUCY2NRfWLjfa4KigbR
8J/Cck0G3XsjW4ljR1GeOFofLX4DSEEnZEiQjFBC6DHrFjmvjr7zzoIVW34MOSMd
GgNkLjnoXRh7aIm7IOIzMk6Os1V/c1bBcOS9/u483pK18rX4UgU95ty2fWIlyKOc
PwIDAQAB
-----END PUBLIC KEY-----";
const EC_PRIVATE: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgDzOdtke7rE9zuCj0
D6aFk1WRHv2XrdhJ5v9nf+FV6lGhRANCAAS+HYEpKfCaNtrxBli+cnIFolcU+ujN
J5m9XKV11mhiZN33IToeqslfERKLHP6KNGqOGv9S2hOkc2i58w2ZLEOj
-----END PRIVATE KEY-----";
const EC_PUBLIC: &str = "-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEvh2BKSnwmjba8QZYvnJyBaJXFPro
zSeZvVylddZoYmTd9yE6HqrJXxESixz+ijRqjhr/UtoTpHNoufMNmSxDow==
-----END PUBLIC KEY-----";

#[derive(Deserialize, Debug)]
struct Claims {
    iss: String,
    sub: String,
    aud: String,
    iat: u64,
    exp: u64,
    jti: String,
}

async fn assertions_sent(signer: ClientAssertionSigner, calls: usize) -> (MockServer, Vec<String>) {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"access_token": "t", "expires_in": 1})))
        .mount(&server)
        .await;
    Mock::given(path("/api/v2/users/u1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let client = ManagementClient::builder()
        .base_url(format!("{}/api/v2", server.uri()))
        .private_key_jwt("my-client", signer)
        .build()
        .unwrap();
    for _ in 0..calls {
        client
            .transport()
            .send_json::<Value>(Call::new(&GET_USER, &["u1"]))
            .await
            .unwrap();
    }
    let mut assertions = Vec::new();
    for request in server.received_requests().await.unwrap() {
        if request.url.path() != "/oauth/token" {
            continue;
        }
        let form: Vec<(String, String)> = url::form_urlencoded::parse(&request.body).into_owned().collect();
        let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        assert_eq!(get("grant_type").as_deref(), Some("client_credentials"));
        assert_eq!(
            get("client_assertion_type").as_deref(),
            Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        );
        assert_eq!(get("client_secret"), None);
        assertions.push(get("client_assertion").expect("client_assertion sent"));
    }
    (server, assertions)
}

fn verify(jwt: &str, key: &DecodingKey, alg: Algorithm, audience: &str) -> Claims {
    let mut validation = Validation::new(alg);
    validation.set_audience(&[audience]);
    validation.set_issuer(&["my-client"]);
    validation.set_required_spec_claims(&["exp", "iss", "sub", "aud"]);
    jsonwebtoken::decode::<Claims>(jwt, key, &validation)
        .expect("signature and claims verify")
        .claims
}

async fn check(signer: ClientAssertionSigner, alg: Algorithm, key: DecodingKey) {
    // expires_in 1 < 10 s leeway: each call fetches a token, so each makes a new assertion.
    let (server, assertions) = assertions_sent(signer, 2).await;
    assert_eq!(assertions.len(), 2);
    let audience = format!("{}/", server.uri());
    let mut jtis = HashSet::new();
    for jwt in &assertions {
        let header = jsonwebtoken::decode_header(jwt).unwrap();
        assert_eq!(header.alg, alg);
        let claims = verify(jwt, &key, alg, &audience);
        assert_eq!((claims.iss.as_str(), claims.sub.as_str()), ("my-client", "my-client"));
        assert_eq!(claims.aud, audience);
        assert!(claims.exp > claims.iat && claims.exp - claims.iat <= 60, "{claims:?}");
        assert!(claims.jti.len() >= 16);
        jtis.insert(claims.jti);
    }
    assert_eq!(jtis.len(), 2, "every assertion has a unique jti");
}

#[tokio::test]
async fn rs256_is_the_default_and_verifies() {
    assert_eq!(SigningAlgorithm::default(), SigningAlgorithm::RS256);
    let signer = ClientAssertionSigner::from_pem(RSA_PRIVATE, SigningAlgorithm::default()).unwrap();
    check(
        signer,
        Algorithm::RS256,
        DecodingKey::from_rsa_pem(RSA_PUBLIC.as_bytes()).unwrap(),
    )
    .await;
}

#[tokio::test]
async fn ps256_verifies() {
    let signer = ClientAssertionSigner::from_pem(RSA_PRIVATE, SigningAlgorithm::PS256).unwrap();
    check(
        signer,
        Algorithm::PS256,
        DecodingKey::from_rsa_pem(RSA_PUBLIC.as_bytes()).unwrap(),
    )
    .await;
}

#[tokio::test]
async fn es256_verifies() {
    let signer = ClientAssertionSigner::from_pem(EC_PRIVATE, SigningAlgorithm::ES256).unwrap();
    check(
        signer,
        Algorithm::ES256,
        DecodingKey::from_ec_pem(EC_PUBLIC.as_bytes()).unwrap(),
    )
    .await;
}

#[tokio::test]
async fn key_id_lands_in_the_header() {
    let signer = ClientAssertionSigner::from_pem(RSA_PRIVATE, SigningAlgorithm::RS256)
        .unwrap()
        .key_id("kid-1");
    let jwt = signer.sign("my-client", "https://tenant.auth0.com/").unwrap();
    use auth0_sdk::runtime::ExposeSecret;
    assert_eq!(
        jsonwebtoken::decode_header(jwt.expose_secret()).unwrap().kid.as_deref(),
        Some("kid-1")
    );
}

#[test]
fn a_wrong_key_type_is_a_config_error_and_debug_hides_the_key() {
    let err = ClientAssertionSigner::from_pem(EC_PRIVATE, SigningAlgorithm::RS256).unwrap_err();
    assert!(matches!(err, auth0_sdk::Error::Config(_)), "{err:?}");
    let signer = ClientAssertionSigner::from_pem(RSA_PRIVATE, SigningAlgorithm::RS256).unwrap();
    let debug = format!("{signer:?}");
    assert!(debug.contains("REDACTED") && !debug.contains("MII"), "{debug}");
}
