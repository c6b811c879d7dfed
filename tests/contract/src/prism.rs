//! Starting the Node peers (Prism and the sample preparer) and reading Prism's verdicts.

use std::fs::File;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long Prism may take to load the Management spec (about 20 s on 2 cores).
const STARTUP_TIMEOUT: Duration = Duration::from_secs(240);

/// Where the Node peers and the pinned specs are.
#[derive(Clone, Debug)]
pub struct Peers {
    /// `tests/` in the workspace (holds `package.json` and `node_modules`).
    pub tests_dir: PathBuf,
    /// Prism's CLI entry point.
    pub prism: PathBuf,
    /// The directory with the pinned `management-api.json` and `authentication-api.json`.
    pub spec_dir: PathBuf,
}

/// How to run the suite, for skip messages.
pub const HOW_TO_RUN: &str = "install Node 20 and npm, run `npm ci` in tests/, put the pinned specs in \
     ../shared/specs (or set AUTH0_SPEC_DIR), then: \
     cargo test -p auth0-contract-tests --test contract -- --ignored --nocapture";

impl Peers {
    /// Finds Node, Prism (under `tests/node_modules`) and the spec directory
    /// (`AUTH0_SPEC_DIR`, relative paths taken from the workspace root, else `../shared/specs`).
    /// `Err` says what is missing.
    pub fn locate() -> Result<Peers, String> {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let workspace = workspace.canonicalize().unwrap_or(workspace);
        let tests_dir = workspace.join("tests");
        let prism = tests_dir.join("node_modules/@stoplight/prism-cli/dist/index.js");
        match Command::new("node").arg("--version").output() {
            Ok(out) if out.status.success() => {}
            _ => return Err("`node` is not on PATH".to_owned()),
        }
        if !prism.is_file() {
            return Err(format!("Prism is not installed ({} is missing)", prism.display()));
        }
        if !tests_dir.join("node_modules/openapi-sampler").is_dir() {
            return Err("openapi-sampler is not installed in tests/node_modules".to_owned());
        }
        let spec_dir = match std::env::var_os("AUTH0_SPEC_DIR") {
            Some(dir) => workspace.join(dir),
            None => workspace.join("../shared/specs"),
        };
        if !spec_dir.join("management-api.json").is_file() {
            return Err(format!(
                "no management-api.json in {} (set AUTH0_SPEC_DIR)",
                spec_dir.display()
            ));
        }
        Ok(Peers {
            tests_dir,
            prism,
            spec_dir,
        })
    }

    /// Runs `prepare.mjs` to write the test copy of `spec` and the samples into `out`.
    pub fn prepare(&self, kind: &str, spec: &Path, out: &Path) -> Result<(), String> {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("prepare.mjs");
        let output = Command::new("node")
            .arg(&script)
            .arg(kind)
            .arg(spec)
            .arg(out)
            .output()
            .map_err(|e| format!("could not run node: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "prepare.mjs failed ({}): {}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        Ok(())
    }

    /// Starts `prism mock` on `spec` on a free loopback port.
    pub fn mock(&self, spec: &Path, log: &Path) -> Result<Server, String> {
        self.start(&["mock"], spec, None, log)
    }

    /// Starts a response-validating `prism proxy` for `spec` in front of `upstream`. Without
    /// `--errors`, it forwards everything and reports violations in `sl-violations`.
    pub fn proxy(&self, spec: &Path, upstream: &str, log: &Path) -> Result<Server, String> {
        self.start(&["proxy"], spec, Some(upstream), log)
    }

    fn start(&self, mode: &[&str], spec: &Path, upstream: Option<&str>, log: &Path) -> Result<Server, String> {
        let port = free_port()?;
        let log_file = File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
        let log_err = log_file.try_clone().map_err(|e| e.to_string())?;
        let mut command = Command::new("node");
        command.arg(&self.prism).args(mode).arg(spec);
        if let Some(upstream) = upstream {
            command.arg(upstream);
        }
        command
            .args([
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--verboseLevel",
                "warn",
            ])
            .stdin(Stdio::null())
            .stdout(log_file)
            .stderr(log_err);
        let child = command.spawn().map_err(|e| format!("could not start Prism: {e}"))?;
        let mut server = Server {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log: log.to_owned(),
        };
        server.wait_ready(port)?;
        Ok(server)
    }
}

/// A running Prism process, killed on drop.
#[derive(Debug)]
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    log: PathBuf,
}

impl Server {
    fn wait_ready(&mut self, port: u16) -> Result<(), String> {
        let started = Instant::now();
        loop {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(());
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("Prism exited ({status}); log:\n{}", self.log_tail()));
            }
            if started.elapsed() > STARTUP_TIMEOUT {
                return Err(format!(
                    "Prism did not listen within {STARTUP_TIMEOUT:?}; log:\n{}",
                    self.log_tail()
                ));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// The last lines of Prism's log.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

/// Whether an `sl-violations` header value holds an error (not a warning) whose location
/// starts with `first` (`"request"` or `"response"`).
pub fn has_location(violations: &str, first: &str) -> bool {
    !only_location(violations, first).is_empty()
}

/// The errors (not warnings) of an `sl-violations` header value whose location starts with `first`,
/// as `location: message` lines joined by `; ` (empty when none).
pub fn only_location(violations: &str, first: &str) -> String {
    let parsed: Vec<serde_json::Value> = serde_json::from_str(violations).unwrap_or_default();
    parsed
        .iter()
        .filter(|v| v["location"][0].as_str() == Some(first) && v["severity"].as_str() == Some("Error"))
        .map(|v| {
            let location: Vec<&str> = v["location"]
                .as_array()
                .map(|l| l.iter().filter_map(|p| p.as_str()).collect())
                .unwrap_or_default();
            format!("{}: {}", location.join("."), v["message"].as_str().unwrap_or("?"))
        })
        .collect::<Vec<_>>()
        .join("; ")
}
