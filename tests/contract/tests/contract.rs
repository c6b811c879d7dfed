//! The contract suite (see the crate docs). Ignored by default because it needs Node and Prism:
//!
//! ```text
//! (cd tests && npm ci)
//! cargo test -p auth0-contract-tests --test contract -- --ignored --nocapture
//! ```

use auth0_contract_tests::prism::{HOW_TO_RUN, Peers};
use auth0_contract_tests::suite::{self, Api};

async fn check(api: Api) {
    let peers = match Peers::locate() {
        Ok(peers) => peers,
        Err(reason) if std::env::var_os("CI").is_some() => {
            panic!("contract suite cannot run in CI: {reason}; to run it: {HOW_TO_RUN}")
        }
        Err(reason) => {
            println!("contract suite skipped: {reason}; to run it: {HOW_TO_RUN}");
            return;
        }
    };
    let report = match suite::run(api, &peers).await {
        Ok(report) => report,
        Err(e) => panic!("contract suite could not run: {e}"),
    };
    println!("{}", report.render());
    assert!(
        report.failures.is_empty(),
        "{} operation(s) failed that are not known spec defects (tests/contract/known-defects.toml)",
        report.failures.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "contract suite: needs Node, Prism and the pinned specs; run `npm ci` in tests/, then `cargo test -p auth0-contract-tests --test contract -- --ignored --nocapture`"]
async fn management_api_contract() {
    check(Api::Management).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "contract suite: needs Node, Prism and the pinned specs; run `npm ci` in tests/, then `cargo test -p auth0-contract-tests --test contract -- --ignored --nocapture`"]
async fn authentication_api_contract() {
    check(Api::Authentication).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "contract suite: needs Node, Prism and the pinned specs; run `npm ci` in tests/, then `cargo test -p auth0-contract-tests --test contract -- --ignored --nocapture`"]
async fn my_account_api_contract() {
    check(Api::MyAccount).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "contract suite: needs Node, Prism and the pinned specs; run `npm ci` in tests/, then `cargo test -p auth0-contract-tests --test contract -- --ignored --nocapture`"]
async fn my_organization_api_contract() {
    check(Api::MyOrganization).await;
}
