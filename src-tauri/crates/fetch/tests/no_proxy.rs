//! No proxy: a system proxy (`http_proxy`, `HTTPS_PROXY`, `ALL_PROXY`…) would connect in place
//! of the addresses the policy checked and pinned, so downloads never use one. The proxy
//! variables are process-wide, so the download runs in a child process (this same test binary,
//! with the variables set) while the parent watches the would-be proxy.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::Command;

use conector_demo::hostile::Trap;
use conector_feed::{DiscardItems, ReadOptions};
use conector_fetch::feed::{read_feed, FeedSource};
use conector_fetch::Policy;

const CHILD: &str = "CONECTOR_TEST_FEED_THROUGH_PROXY";

#[test]
fn a_system_proxy_is_never_used() {
    if let Ok(url) = std::env::var(CHILD) {
        // The child: one download as the app makes it.
        let policy = Policy::feed().with_demo_store(Some(&url));
        let read = read_feed(
            &FeedSource::Url(url),
            &policy,
            &ReadOptions::default(),
            &mut DiscardItems,
        );
        println!(
            "items read: {:?}",
            read.map(|s| s.items).map_err(|e| e.to_string())
        );
        return;
    }
    let body = conector_samples::feed_bytes(20, 7);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/feed.xml", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    let proxy = Trap::start().unwrap();
    let proxy_url = format!("http://127.0.0.1:{}", proxy.port());
    let mut child = Command::new(std::env::current_exe().unwrap());
    child
        .args(["--exact", "a_system_proxy_is_never_used", "--nocapture"])
        .env(CHILD, &url)
        .env_remove("NO_PROXY")
        .env_remove("no_proxy");
    for name in [
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "all_proxy",
    ] {
        child.env(name, &proxy_url);
    }
    let output = child.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(proxy.connections(), 0, "the proxy was used: {stdout}");
    assert!(stdout.contains("items read: Ok(20)"), "{stdout}");
}
