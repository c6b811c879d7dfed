//! Running every operation of one API against Prism and summarising the result.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use auth0_sdk::authentication::AuthApi;
use auth0_sdk::runtime::{BoxError, ClientConfig, Hooks, OperationSpec, RetryPolicy, TokenSource};
use auth0_sdk::{ManagementClient, MyAccountClient, MyOrganizationClient};
use futures_util::StreamExt;

use crate::defects::KnownDefects;
use crate::prism::{self, Peers};
use crate::{Outcome, Sample};

/// Calls in flight at once (Prism is single-threaded; a few overlap its JSON work).
const CONCURRENCY: usize = 6;

/// Which API to check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Api {
    /// The Management API v2 (`management-api.json`).
    Management,
    /// The Authentication API (`authentication-api.json`).
    Authentication,
    /// The My Account API (`myaccount-api.json`).
    MyAccount,
    /// The My Organization API (`myorganization-api.json`).
    MyOrganization,
}

impl Api {
    fn kind(self) -> &'static str {
        match self {
            Api::Management => "management",
            Api::Authentication => "authentication",
            Api::MyAccount => "myaccount",
            Api::MyOrganization => "myorganization",
        }
    }

    fn spec_file(self) -> &'static str {
        match self {
            Api::Management => "management-api.json",
            Api::Authentication => "authentication-api.json",
            Api::MyAccount => "myaccount-api.json",
            Api::MyOrganization => "myorganization-api.json",
        }
    }

    fn operations(self) -> &'static [&'static OperationSpec] {
        match self {
            Api::Management => auth0_sdk::management::OPERATIONS,
            Api::Authentication => auth0_sdk::authentication::api::OPERATIONS,
            Api::MyAccount => auth0_sdk::my_account::OPERATIONS,
            Api::MyOrganization => auth0_sdk::my_organization::OPERATIONS,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Api::Management => "contract",
            Api::Authentication => "contract (authentication)",
            Api::MyAccount => "contract (my account)",
            Api::MyOrganization => "contract (my organization)",
        }
    }
}

/// The verdict on one operation.
#[derive(Clone, Debug)]
pub struct Verdict {
    /// The operation id.
    pub id: String,
    /// What the call came to.
    pub outcome: Outcome,
    /// Response violations Prism's proxy reported for a response the SDK received.
    pub response_violations: Option<String>,
}

impl Verdict {
    /// Prism accepted the request (no request-validation error, the sample fit the types).
    pub fn accepted(&self) -> bool {
        !matches!(self.outcome, Outcome::Rejected { .. } | Outcome::BadSample(_))
    }

    /// The SDK decoded the response into the generated type.
    pub fn decoded(&self) -> bool {
        matches!(self.outcome, Outcome::Decoded)
    }

    /// Everything held: accepted, decoded, and Prism's response valid for the spec.
    pub fn passed(&self) -> bool {
        self.accepted() && self.decoded() && self.response_violations.is_none()
    }

    /// Why it did not pass.
    pub fn problem(&self) -> String {
        let mut parts = Vec::new();
        match &self.outcome {
            Outcome::Decoded => {}
            Outcome::BadSample(e) => parts.push(format!("sample: {e}")),
            Outcome::Rejected { status, violations } => {
                parts.push(format!("request rejected ({status}): {violations}"))
            }
            Outcome::NotDecoded(e) => parts.push(format!("response not decoded: {e}")),
            Outcome::Failed(e) => parts.push(format!("call failed: {e}")),
        }
        if let Some(v) = &self.response_violations {
            parts.push(format!("Prism's response is invalid for the spec: {v}"));
        }
        parts.join(" | ")
    }
}

/// The result of one API's run.
#[derive(Debug)]
pub struct Report {
    /// Which API.
    pub api: Api,
    /// Every operation's verdict, by id.
    pub verdicts: BTreeMap<String, Verdict>,
    /// Operations that failed and are not known spec defects, with why.
    pub failures: Vec<String>,
    /// Operations that failed and are listed as known spec defects, with the listed reason
    /// and what was observed.
    pub known: Vec<String>,
    /// Known-defect entries whose operation now passes (or no longer exists).
    pub stale: Vec<String>,
}

impl Report {
    /// `contract: N/M requests accepted, K/M responses decoded, D known spec defects`.
    pub fn summary(&self) -> String {
        let m = self.verdicts.len();
        let n = self.verdicts.values().filter(|v| v.accepted()).count();
        let k = self.verdicts.values().filter(|v| v.decoded()).count();
        format!(
            "{}: {n}/{m} requests accepted, {k}/{m} responses decoded, {} known spec defects",
            self.api.label(),
            self.known.len()
        )
    }

    /// Detail lines (known defects hit, stale entries, failures), then the summary line.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for line in &self.known {
            out.push_str(&format!("  known spec defect {line}\n"));
        }
        for line in &self.stale {
            out.push_str(&format!("  warning: known-defects.toml entry {line}\n"));
        }
        for line in &self.failures {
            out.push_str(&format!("  FAILED {line}\n"));
        }
        out.push_str(&self.summary());
        out
    }
}

/// Records Prism's response violations (`sl-violations` on any response) per operation.
#[derive(Clone, Debug, Default)]
struct Recorder {
    seen: Arc<Mutex<HashMap<&'static str, String>>>,
}

impl Hooks for Recorder {
    fn pre(&self, op: &'static OperationSpec, _request: &mut reqwest::Request) -> Result<(), BoxError> {
        self.seen.lock().expect("recorder lock").remove(op.id);
        Ok(())
    }

    fn post(&self, op: &'static OperationSpec, result: Result<&reqwest::Response, &reqwest::Error>) {
        let Ok(response) = result else { return };
        if !response.status().is_success() {
            return;
        }
        let Some(value) = response.headers().get("sl-violations").and_then(|v| v.to_str().ok()) else {
            return;
        };
        let violations = prism::only_location(value, "response");
        if !violations.is_empty() {
            self.seen.lock().expect("recorder lock").insert(op.id, violations);
        }
    }
}

/// Runs every operation of `api` against Prism (mock + response-validating proxy) and
/// returns the report. `Err` is a setup failure (Prism did not start, bad samples file…).
pub async fn run(api: Api, peers: &Peers) -> Result<Report, String> {
    let defects = KnownDefects::load()?;
    let known = match api {
        Api::Management => defects.management,
        Api::Authentication => defects.authentication,
        Api::MyAccount => defects.my_account,
        Api::MyOrganization => defects.my_organization,
    };
    let work = std::env::temp_dir().join(format!("auth0-contract-{}-{}", api.kind(), std::process::id()));
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let result = run_in(api, peers, &work, &known).await;
    if result.as_ref().is_ok_and(|r| r.failures.is_empty()) {
        let _ = std::fs::remove_dir_all(&work);
    } else {
        eprintln!(
            "{}: Prism logs and the test copy of the spec kept in {}",
            api.label(),
            work.display()
        );
    }
    result
}

async fn run_in(api: Api, peers: &Peers, work: &Path, known: &BTreeMap<String, String>) -> Result<Report, String> {
    peers.prepare(api.kind(), &peers.spec_dir.join(api.spec_file()), work)?;
    let samples_text = std::fs::read_to_string(work.join("samples.json")).map_err(|e| format!("samples.json: {e}"))?;
    let samples: HashMap<String, Sample> =
        serde_json::from_str(&samples_text).map_err(|e| format!("samples.json: {e}"))?;
    let spec = work.join("spec.json");

    let mock = peers.mock(&spec, &work.join("prism-mock.log"))?;
    let proxy = peers.proxy(&spec, &mock.url, &work.join("prism-proxy.log"))?;

    let recorder = Recorder::default();
    let config = ClientConfig::builder()
        .retry_policy(RetryPolicy::none())
        .timeout(Duration::from_secs(30))
        .hooks(recorder.clone())
        .build()
        .map_err(|e| format!("config: {e}"))?;
    let token = "contract-test-token";
    let management_at = |url: &str| {
        ManagementClient::builder()
            .config(&config)
            .base_url(url)
            .token(token)
            .build()
            .map_err(|e| format!("management client: {e}"))
    };
    let management = management_at(&proxy.url)?;
    let management_direct = management_at(&mock.url)?;
    let my_account = MyAccountClient::builder()
        .config(&config)
        .base_url(&proxy.url)
        .token(token)
        .build()
        .map_err(|e| format!("my account client: {e}"))?;
    let my_organization = MyOrganizationClient::builder()
        .config(&config)
        .base_url(&proxy.url)
        .token(token)
        .build()
        .map_err(|e| format!("my organization client: {e}"))?;
    let auth = |url: &str, bearer: bool| {
        AuthApi::without_client(&config, url, bearer.then(|| TokenSource::static_token(token)))
            .map_err(|e| format!("authentication api: {e}"))
    };
    let auth_clients = [
        [auth(&proxy.url, false)?, auth(&proxy.url, true)?],
        [auth(&mock.url, false)?, auth(&mock.url, true)?],
    ];

    let missing = Sample::default();
    let calls = api.operations().iter().map(|op| {
        let sample = samples.get(op.id).unwrap_or(&missing);
        let management = if sample.direct { &management_direct } else { &management };
        let auth = &auth_clients[usize::from(sample.direct)][usize::from(sample.bearer)];
        let recorder = &recorder;
        let (my_account, my_organization) = (&my_account, &my_organization);
        async move {
            let call = match api {
                Api::Management => crate::generated_management::call(op.id, management, sample),
                Api::Authentication => crate::generated_authentication::call(op.id, auth, sample),
                Api::MyAccount => crate::generated_my_account::call(op.id, my_account, sample),
                Api::MyOrganization => crate::generated_my_organization::call(op.id, my_organization, sample),
            };
            let outcome = match call {
                Some(call) => call.await,
                None => Outcome::Failed("the contract dispatcher has no arm for this operation".to_owned()),
            };
            let response_violations = recorder.seen.lock().expect("recorder lock").remove(op.id);
            Verdict {
                id: op.id.to_owned(),
                outcome,
                response_violations,
            }
        }
    });
    let verdicts: Vec<Verdict> = futures_util::stream::iter(calls)
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    drop(proxy);
    drop(mock);

    let mut report = Report {
        api,
        verdicts: BTreeMap::new(),
        failures: Vec::new(),
        known: Vec::new(),
        stale: Vec::new(),
    };
    for verdict in verdicts {
        let mut problem = verdict.problem();
        if !samples.contains_key(&verdict.id) {
            problem = format!("not in the pinned spec; {problem}");
        }
        let failed = !verdict.passed() || !samples.contains_key(&verdict.id);
        match (failed, known.get(&verdict.id)) {
            (true, Some(reason)) => report
                .known
                .push(format!("{}: {reason} [observed: {problem}]", verdict.id)),
            (true, None) => report.failures.push(format!("{}: {problem}", verdict.id)),
            (false, Some(_)) => report.stale.push(format!("{} passes now; remove it", verdict.id)),
            (false, None) => {}
        }
        report.verdicts.insert(verdict.id.clone(), verdict);
    }
    let generated: std::collections::HashSet<&str> = api.operations().iter().map(|op| op.id).collect();
    let mut ungenerated: Vec<&String> = samples.keys().filter(|id| !generated.contains(id.as_str())).collect();
    ungenerated.sort();
    for id in ungenerated {
        report
            .failures
            .push(format!("{id}: in the pinned spec but not generated"));
    }
    for id in known.keys() {
        if !report.verdicts.contains_key(id) {
            report
                .stale
                .push(format!("{id} names no generated operation; remove it"));
        }
    }
    Ok(report)
}
