//! A `redis-server` of the test's own: a free loopback port, a temporary directory, no
//! persistence, stopped when dropped. Without the program the test skips, unless `CI` is set.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running (or stopped, between `stop` and `start`) redis-server.
pub struct RedisServer {
    port: u16,
    dir: PathBuf,
    acl: Option<(String, String)>,
    /// Serving TLS only, with this certificate (PEM) for `127.0.0.1`.
    tls_cert: Option<Vec<u8>>,
    child: Option<Child>,
}

impl RedisServer {
    /// Starts one, or returns `None` (with a message) when `redis-server` is not installed and
    /// `CI` is not set. With `CI` set a missing server fails the test.
    pub fn start() -> Option<RedisServer> {
        RedisServer::start_with_acl(None)
    }

    /// Starts one whose only user is `username` with `password` (the default user is off).
    pub fn start_with_acl(acl: Option<(&str, &str)>) -> Option<RedisServer> {
        RedisServer::launch(acl, false)
    }

    /// Starts one that speaks TLS only (`rediss://`), with a fresh self-signed certificate for
    /// `127.0.0.1` made by `openssl` (see [`tls_certificate`](Self::tls_certificate)).
    pub fn start_tls() -> Option<RedisServer> {
        RedisServer::launch(None, true)
    }

    /// A test CA and a server certificate for `127.0.0.1` signed by it (webpki refuses a
    /// self-signed CA certificate as a server's), made with `openssl`.
    fn make_certificates(&mut self) {
        let dir = &self.dir;
        std::fs::write(
            dir.join("ext.cnf"),
            "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n",
        )
        .unwrap();
        let steps: [&[&str]; 3] = [
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=auth0-sdk test CA",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
            ],
            &[
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-subj",
                "/CN=127.0.0.1",
                "-keyout",
                "key.pem",
                "-out",
                "server.csr",
            ],
            &[
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-days",
                "1",
                "-extfile",
                "ext.cnf",
                "-out",
                "cert.pem",
            ],
        ];
        for args in steps {
            let made = Command::new("openssl")
                .args(args)
                .current_dir(dir)
                .output()
                .expect("openssl makes the test certificates (apt-get install openssl)");
            assert!(
                made.status.success(),
                "openssl {args:?}: {}",
                String::from_utf8_lossy(&made.stderr)
            );
        }
        self.tls_cert = Some(std::fs::read(dir.join("ca.pem")).expect("the CA certificate"));
    }

    /// The TLS server's certificate authority, PEM.
    pub fn tls_certificate(&self) -> &[u8] {
        self.tls_cert.as_deref().unwrap_or_default()
    }

    fn launch(acl: Option<(&str, &str)>, tls: bool) -> Option<RedisServer> {
        if Command::new("redis-server").arg("--version").output().is_err() {
            assert!(
                std::env::var_os("CI").is_none(),
                "redis-server is not installed, and CI is set: install it (apt-get install redis-server)"
            );
            eprintln!("skipping: redis-server is not installed (apt-get install redis-server)");
            return None;
        }
        if tls && Command::new("openssl").arg("version").output().is_err() {
            assert!(
                std::env::var_os("CI").is_none(),
                "openssl is not installed, and CI is set"
            );
            eprintln!("skipping: openssl (for the test certificates) is not installed");
            return None;
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let dir = std::env::temp_dir().join(format!("auth0-sdk-redis-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let mut server = RedisServer {
            port,
            dir,
            acl: acl.map(|(u, p)| (u.to_owned(), p.to_owned())),
            tls_cert: None,
            child: None,
        };
        if tls {
            server.make_certificates();
        }
        server.resume();
        Some(server)
    }

    /// `redis://[user:password@]127.0.0.1:port`.
    pub fn url(&self) -> String {
        if self.tls_cert.is_some() {
            return format!("rediss://127.0.0.1:{}", self.port);
        }
        match &self.acl {
            Some((user, password)) => format!("redis://{user}:{password}@127.0.0.1:{}", self.port),
            None => format!("redis://127.0.0.1:{}", self.port),
        }
    }

    /// Kills the server (an outage); `resume` starts it again on the same port, empty.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server (again) and waits until it answers.
    pub fn resume(&mut self) {
        let mut command = Command::new("redis-server");
        command
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .arg("--dir")
            .arg(&self.dir)
            .args(["--save", "", "--appendonly", "no", "--daemonize", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some((user, password)) = &self.acl {
            command.args(["--user", user, "on", &format!(">{password}"), "~*", "&*", "+@all"]);
            command.args(["--user", "default", "off"]);
        }
        if self.tls_cert.is_some() {
            let port = self.port.to_string();
            command.args(["--port", "0", "--tls-port", &port, "--tls-auth-clients", "no"]);
            command.arg("--tls-cert-file").arg(self.dir.join("cert.pem"));
            command.arg("--tls-key-file").arg(self.dir.join("key.pem"));
        }
        self.child = Some(command.spawn().expect("redis-server starts"));
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.ping() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("redis-server on port {} did not answer within 10 s", self.port);
    }

    /// Whether the server answers on its port (with `-NOAUTH` counting as an answer; a TLS
    /// server only has to accept the connection).
    fn ping(&self) -> bool {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port)) else {
            return false;
        };
        if self.tls_cert.is_some() {
            return true;
        }
        let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
        let mut buf = [0u8; 64];
        stream.write_all(b"PING\r\n").is_ok() && stream.read(&mut buf).is_ok_and(|n| n > 0)
    }

    /// Runs one command over a raw connection (authenticating when the server has an ACL
    /// user) and returns the raw RESP reply.
    pub fn command(&self, args: &[&str]) -> Vec<u8> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect to redis");
        stream.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
        let mut send = |args: &[&str]| {
            let mut out = format!("*{}\r\n", args.len()).into_bytes();
            for a in args {
                out.extend_from_slice(format!("${}\r\n{a}\r\n", a.len()).as_bytes());
            }
            stream.write_all(&out).unwrap();
            let mut reply = vec![0u8; 1 << 16];
            let n = stream.read(&mut reply).unwrap();
            reply.truncate(n);
            reply
        };
        if let Some((user, password)) = self.acl.clone() {
            send(&["AUTH", &user, &password]);
        }
        send(args)
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
