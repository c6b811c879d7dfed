//! `test_util`: one line points a client at the local tenant.

use auth0_local_tenant::LocalTenant;

#[tokio::test]
async fn one_line_clients_for_a_local_tenant() {
    let tenant = LocalTenant::start().await.unwrap();
    let management =
        auth0_sdk::test_util::management_client(tenant.base_url(), tenant.client_id(), tenant.client_secret()).unwrap();
    let page = management.users().list().send().await.unwrap();
    assert!(!page.items.is_empty(), "the seeded users");

    let auth =
        auth0_sdk::test_util::authentication_client(tenant.base_url(), tenant.client_id(), tenant.client_secret())
            .unwrap();
    let tokens = auth
        .client_credentials()
        .audience(tenant.management_audience())
        .send()
        .await
        .unwrap();
    assert!(tokens.expires_in.is_some());
}
