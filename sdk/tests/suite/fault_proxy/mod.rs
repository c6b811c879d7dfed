//! A loopback HTTP/1.1 proxy that injects faults, written for the fault soak: each request is
//! answered 429 or 503 without being forwarded, reset before forwarding, forwarded and then
//! reset (executed, answer lost), or forwarded and relayed — chosen by a seeded RNG, so a run
//! is repeatable. Every connection carries one request (`connection: close`), so a reset is
//! always the proxy's choice, never a stale pooled connection.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Fault rates, each a share of requests.
#[derive(Clone, Copy, Debug)]
pub struct FaultRates {
    pub too_many_requests: f64,
    pub unavailable: f64,
    pub reset_before: f64,
    pub reset_after: f64,
}

/// What the proxy did, counted.
#[derive(Debug, Default)]
pub struct Counts {
    pub forwarded: AtomicU64,
    pub too_many_requests: AtomicU64,
    pub unavailable: AtomicU64,
    pub reset_before: AtomicU64,
    pub reset_after: AtomicU64,
}

pub struct FaultProxy {
    pub url: String,
    pub counts: Arc<Counts>,
}

impl FaultProxy {
    /// Starts the proxy in front of `upstream` (`127.0.0.1:port`).
    pub async fn start(upstream: SocketAddr, rates: FaultRates, seed: u64) -> FaultProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let counts = Arc::new(Counts::default());
        let rng = Arc::new(Mutex::new(StdRng::seed_from_u64(seed)));
        let shared = Arc::clone(&counts);
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let roll: f64 = rng.lock().unwrap().random();
                tokio::spawn(handle(socket, upstream, rates, roll, Arc::clone(&shared)));
            }
        });
        FaultProxy { url, counts }
    }
}

/// Reads one request (head and `content-length` body).
async fn read_request(socket: &mut TcpStream) -> Option<Vec<u8>> {
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    // One request per connection, both ways.
    let mut request = b"".to_vec();
    let head = String::from_utf8_lossy(&buf[..head_end - 2]).into_owned();
    for line in head.split("\r\n").filter(|l| !l.is_empty()) {
        if !line.to_ascii_lowercase().starts_with("connection:") {
            request.extend_from_slice(line.as_bytes());
            request.extend_from_slice(b"\r\n");
        }
    }
    request.extend_from_slice(b"connection: close\r\n\r\n");
    request.extend_from_slice(&buf[head_end..head_end + length]);
    Some(request)
}

async fn forward(request: &[u8], upstream: SocketAddr) -> Option<Vec<u8>> {
    let mut up = TcpStream::connect(upstream).await.ok()?;
    up.write_all(request).await.ok()?;
    let mut response = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), up.read_to_end(&mut response))
        .await
        .ok()?
        .ok()?;
    Some(response)
}

/// Closes with a TCP reset (SO_LINGER 0; blocking on drop is not a concern for a test).
#[allow(deprecated)]
fn reset(socket: TcpStream) {
    let _ = socket.set_linger(Some(Duration::ZERO));
    drop(socket);
}

async fn handle(mut socket: TcpStream, upstream: SocketAddr, rates: FaultRates, roll: f64, counts: Arc<Counts>) {
    let Some(request) = read_request(&mut socket).await else {
        return;
    };
    let mut edge = rates.too_many_requests;
    if roll < edge {
        counts.too_many_requests.fetch_add(1, Ordering::Relaxed);
        let _ = socket
            .write_all(b"HTTP/1.1 429 Too Many Requests\r\nretry-after: 0\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}")
            .await;
        return;
    }
    edge += rates.unavailable;
    if roll < edge {
        counts.unavailable.fetch_add(1, Ordering::Relaxed);
        let _ = socket
            .write_all(b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
            .await;
        return;
    }
    edge += rates.reset_before;
    if roll < edge {
        counts.reset_before.fetch_add(1, Ordering::Relaxed);
        reset(socket);
        return;
    }
    edge += rates.reset_after;
    let response = forward(&request, upstream).await;
    if roll < edge {
        counts.reset_after.fetch_add(1, Ordering::Relaxed);
        reset(socket);
        return;
    }
    counts.forwarded.fetch_add(1, Ordering::Relaxed);
    match response {
        Some(response) => {
            let _ = socket.write_all(&response).await;
            let _ = socket.shutdown().await;
        }
        None => reset(socket),
    }
}
