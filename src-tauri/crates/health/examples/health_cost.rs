//! What the health watch costs the store and the network: requests and bytes per run at the
//! default schedule (one run an hour), for a store whose feed has ITEMS products (default
//! 100,000) and did not change, and what a changed feed costs.
//!
//! `cargo run --release -p conector-health --example health_cost -- [ITEMS] [RUNS]`
//!
//! The demo store serves the API, the feed (with `ETag`/`Last-Modified`) and the site and
//! sign-up pages; every check reaches it through a counting TCP proxy on 127.0.0.1, so the
//! figures are the HTTP bytes on the wire both ways (request and response headers and bodies),
//! and the requests are the header blocks the clients sent. Not included: TLS (the demo is plain
//! http on loopback) and TCP/IP framing.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use conector_core::Secret;
use conector_demo::{DemoConfig, DemoStore};
use conector_health::{
    run_checks, Check, FinalStatus, Memory, Rewards, RunOptions, State, StoreInput, StoreTarget,
    Target,
};
use conector_simplo7::StoreAddress;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Default)]
struct Wire {
    sent: AtomicU64,
    received: AtomicU64,
    requests: AtomicU64,
    connections: AtomicU64,
}

impl Wire {
    fn take(&self) -> (u64, u64, u64, u64) {
        (
            self.requests.swap(0, Ordering::SeqCst),
            self.sent.swap(0, Ordering::SeqCst),
            self.received.swap(0, Ordering::SeqCst),
            self.connections.swap(0, Ordering::SeqCst),
        )
    }
}

/// Forwards every connection to `upstream`, counting bytes both ways and the request header
/// blocks (`\r\n\r\n`) the client sent (every check sends GET or HEAD without a body).
async fn proxy(listener: TcpListener, upstream: std::net::SocketAddr, wire: Arc<Wire>) {
    while let Ok((client, _)) = listener.accept().await {
        let Ok(server) = TcpStream::connect(upstream).await else {
            continue;
        };
        wire.connections.fetch_add(1, Ordering::SeqCst);
        let (mut client_read, mut client_write) = client.into_split();
        let (mut server_read, mut server_write) = server.into_split();
        let up = wire.clone();
        tokio::spawn(async move {
            let mut buf = vec![0u8; 64 * 1024];
            let mut tail: Vec<u8> = Vec::new();
            while let Ok(n) = client_read.read(&mut buf).await {
                if n == 0 || server_write.write_all(&buf[..n]).await.is_err() {
                    break;
                }
                up.sent.fetch_add(n as u64, Ordering::SeqCst);
                tail.extend_from_slice(&buf[..n]);
                let blocks = tail.windows(4).filter(|w| w == b"\r\n\r\n").count();
                up.requests.fetch_add(blocks as u64, Ordering::SeqCst);
                let keep = tail.len().min(3);
                tail.drain(..tail.len() - keep);
            }
            let _ = server_write.shutdown().await;
        });
        let down = wire.clone();
        tokio::spawn(async move {
            let mut buf = vec![0u8; 256 * 1024];
            while let Ok(n) = server_read.read(&mut buf).await {
                if n == 0 || client_write.write_all(&buf[..n]).await.is_err() {
                    break;
                }
                down.received.fetch_add(n as u64, Ordering::SeqCst);
            }
            let _ = client_write.shutdown().await;
        });
    }
}

fn kb(bytes: u64) -> String {
    if bytes >= 10 * 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mut args = std::env::args().skip(1);
    let items: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let runs: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(24);

    let started = Instant::now();
    let demo = match DemoStore::start(DemoConfig {
        feed_items: items,
        ..DemoConfig::default()
    })
    .await
    {
        Ok(demo) => demo,
        Err(e) => {
            eprintln!("the demo store did not start: {e}");
            std::process::exit(1);
        }
    };
    eprintln!(
        "demo store with a {items}-item feed ready in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let Ok(listener) = TcpListener::bind("127.0.0.1:0").await else {
        eprintln!("no port for the proxy");
        std::process::exit(1);
    };
    let Ok(proxy_addr) = listener.local_addr() else {
        std::process::exit(1);
    };
    let wire = Arc::new(Wire::default());
    tokio::spawn(proxy(listener, demo.addr(), wire.clone()));
    let base = format!("http://{proxy_addr}");

    // Ten rewards spread over the feed (the sample feed's ids are SKU-0000001…).
    let rewards: Vec<String> = (0..10)
        .map(|i| format!("SKU-{:07}", 1 + i * (items / 10).max(1)))
        .collect();
    let Ok(address) = StoreAddress::from_override(&format!("{base}/ws/")) else {
        std::process::exit(1);
    };
    let target = |feed: &str| Target {
        store: StoreInput::Ready(StoreTarget {
            address: address.clone(),
            token: Secret::new(demo.token()),
        }),
        final_statuses: ["18", "21"]
            .map(|id| FinalStatus {
                id: id.into(),
                name: None,
            })
            .to_vec(),
        feed_url: Some(format!("{base}/{feed}")),
        rewards: Rewards::Skus(rewards.clone()),
        site_url: Some(format!("{base}/")),
        signup_url: Some(format!("{base}/cadastro")),
        demo_store: Some(format!("{base}/")),
    };
    let options = RunOptions::default();

    println!("| run | feed | requests | sent | received | connections | wall | states |");
    println!("|---|---|---|---|---|---|---|---|");
    for feed in ["feed.xml", "feed.xml.gz"] {
        let target = target(feed);
        let mut memory = Memory::default();
        let mut steady = (0u64, 0u64, 0u64, 0u64);
        let mut slowest = 0f64;
        for run in 0..=runs {
            let at = Instant::now();
            let result = run_checks(&target, &memory, &options).await;
            let wall = at.elapsed().as_secs_f64();
            memory.feed = result.feed;
            let (requests, sent, received, connections) = wire.take();
            let states: Vec<String> = result
                .report
                .results
                .iter()
                .map(|r| format!("{}={}", r.check.as_str(), r.state.as_str()))
                .collect();
            let all_ok = result.report.results.iter().all(|r| r.state == State::Ok);
            if !all_ok {
                eprintln!("a check was not ok: {:#?}", result.report);
            }
            let feed_code = result
                .report
                .result(Check::Feed)
                .map(|r| r.found.code.as_str())
                .unwrap_or_default();
            if run == 0 {
                println!(
                    "| first (no snapshot) | {feed} | {requests} | {} | {} | {connections} | {wall:.2} s | {} |",
                    kb(sent),
                    kb(received),
                    states.join(" ")
                );
            } else {
                steady.0 += requests;
                steady.1 += sent;
                steady.2 += received;
                steady.3 += connections;
                slowest = slowest.max(wall);
                if feed_code != "health.feed.unchanged" {
                    eprintln!("run {run}: the feed was not answered as unchanged ({feed_code})");
                }
            }
        }
        let n = u64::from(runs.max(1));
        println!(
            "| unchanged, mean of {runs} hourly runs | {feed} | {} | {} | {} | {} | ≤ {slowest:.2} s | all ok, feed unchanged |",
            steady.0 / n,
            kb(steady.1 / n),
            kb(steady.2 / n),
            steady.3 / n,
        );
        println!(
            "| unchanged, per day (24 runs) | {feed} | {} | {} | {} | | | |",
            steady.0 * 24 / n,
            kb(steady.1 * 24 / n),
            kb(steady.2 * 24 / n),
        );
    }
    demo.shutdown().await;
}
