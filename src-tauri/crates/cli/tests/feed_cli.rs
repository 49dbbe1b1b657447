//! `conector feed check` and `conector feed export`, on real files and on real HTTP servers
//! on 127.0.0.1.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

use clap::Parser;
use conector_cli::{run, Cli};
use conector_demo::hostile::{hostile_redirects, MustRefuse, Trap};

fn cli(args: &[&str]) -> (u8, String, String) {
    let cli = Cli::try_parse_from(std::iter::once("conector").chain(args.iter().copied())).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(cli, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

/// Serves `response` (status line, headers, body) to every connection, on a fresh port.
fn serve(head: String, body: Vec<u8>) -> String {
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
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    url
}

fn sample_file(dir: &tempfile::TempDir, n: usize) -> (String, conector_samples::SampleStats) {
    let path = dir.path().join("feed.xml");
    let stats = conector_samples::write_feed(std::fs::File::create(&path).unwrap(), n, 11).unwrap();
    (path.display().to_string(), stats)
}

#[test]
fn check_a_file_reports_the_summary_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let (path, stats) = sample_file(&dir, 300);
    let (code, out, _) = cli(&["feed", "check", &path, "--json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["format"], "rss");
    assert_eq!(json["items"], 300);
    assert_eq!(json["skipped"], 0);
    assert_eq!(json["in_stock"], stats.in_stock);
    assert_eq!(json["with_sale_price"], stats.with_sale_price);
    assert_eq!(json["variant_groups"], stats.variant_groups);
    assert!(json["problems"].is_array());
}

#[test]
fn check_in_text_speaks_portuguese() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = sample_file(&dir, 20);
    let (code, out, _) = cli(&["feed", "check", &path]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("XML de produtos RSS: 20 produtos (0 ignorados)"),
        "{out}"
    );
    assert!(out.contains("em estoque:"));
}

#[test]
fn a_gzip_download_is_read() {
    let body = conector_samples::feed_bytes(50, 3);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&body).unwrap();
    let gz = gz.finish().unwrap();
    let head = format!("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", gz.len());
    let url = serve(head, gz);
    let (code, out, err) = cli(&["feed", "check", &url, "--json", "--demo-store", &url]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["items"], 50);
}

#[test]
fn an_html_page_is_rejected_with_exit_2_and_the_reason() {
    let body = b"<!DOCTYPE html><html><body><h1>Loja</h1></body></html>".to_vec();
    let head = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
    let url = serve(head, body);
    let (code, out, _) = cli(&["feed", "check", &url, "--json", "--demo-store", &url]);
    assert_eq!(code, 2);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["error"]["code"], "feed.html_page");
    assert!(json["error"]["message"].as_str().unwrap().contains("HTML"));
}

#[test]
fn download_failures_exit_3() {
    let url = serve(
        "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .to_owned(),
        Vec::new(),
    );
    let (code, _, err) = cli(&["feed", "check", &url, "--demo-store", &url]);
    assert_eq!(code, 3);
    assert!(
        err.contains("feed.http_status") && err.contains("500"),
        "{err}"
    );

    // A port nobody listens on: bind, learn the port, close.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/feed.xml");
    let (code, _, err) = cli(&["feed", "check", &url, "--demo-store", &url]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("feed.download_failed"));
}

#[test]
fn only_the_demo_store_given_may_be_plain_http_on_this_computer() {
    let body = conector_samples::feed_bytes(5, 3);
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let url = serve(head, body);
    let (code, _, err) = cli(&["feed", "check", &url]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("feed.refused_insecure"), "{err}");
    assert!(err.contains("sem https (127.0.0.1)"), "{err}");
    assert!(!err.contains("/feed.xml"), "only the host is named: {err}");
    let (code, _, err) = cli(&["feed", "check", &url, "--demo-store", "http://127.0.0.1:9/"]);
    assert_eq!(code, 3, "another port is not the demo store: {err}");
    let (code, _, err) = cli(&["feed", "check", &url, "--demo-store", &url]);
    assert_eq!(code, 0, "{err}");
}

/// Issue #23's proof on the command line: each hostile redirect (`302` to `0.0.0.0`, to another
/// loopback port, to plain http, a chain of 6) is refused with exit 3, a refusal code and the
/// host alone, and the trap it leads to is never reached. The first hop is given as the demo
/// store, the one loopback address allowed.
#[test]
fn feed_check_refuses_every_hostile_redirect() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let trap = Trap::start().unwrap();
    let cases = runtime.block_on(hostile_redirects(&trap)).unwrap();
    let mut got_through = Vec::new();
    for hostile in &cases {
        let before = trap.connections();
        let (code, out, _) = cli(&[
            "feed",
            "check",
            &hostile.typed,
            "--json",
            "--demo-store",
            &hostile.typed,
        ]);
        let json: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
        let expected = match hostile.refused {
            MustRefuse::Insecure => "feed.refused_insecure",
            MustRefuse::PrivateAddress => "feed.refused_private_address",
        };
        let named = json["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains(&format!("({})", hostile.host)));
        if code != 3 || json["error"]["code"] != expected || !named || trap.connections() != before
        {
            got_through.push(format!("{}: exit {code}, {out}", hostile.case));
        }
    }
    assert!(got_through.is_empty(), "{got_through:#?}");
}

#[test]
fn a_missing_file_is_bad_input() {
    let (code, _, err) = cli(&["feed", "check", "/nao/existe/feed.xml"]);
    assert_eq!(code, 2);
    assert!(err.contains("feed.open_failed"));
}

#[test]
fn export_writes_one_normalized_item_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = sample_file(&dir, 40);
    let (code, out, err) = cli(&["feed", "export", &path, "--jsonl"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 40);
    let first = &lines[0];
    assert_eq!(first["id"], "SKU-0000001");
    assert_eq!(first["currency"], "BRL");
    assert!(first["price_cents"].as_i64().unwrap() > 0);
    assert!(first["link"]
        .as_str()
        .unwrap()
        .starts_with("https://demo.lojaexemplo.com.br/produto/"));
    for key in [
        "title",
        "image_link",
        "sale_price_cents",
        "availability",
        "item_group_id",
        "brand",
        "gtin",
    ] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
    assert!(err.contains("40 produtos exportados"));
}

/// A gzip file of `member` repeated `times` times (each a gzip member of its own: a few KB
/// that inflate to as much as the test needs, written in milliseconds).
fn gzip_repeated(head: &[u8], member: &[u8], times: usize) -> Vec<u8> {
    let gz = |bytes: &[u8]| {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(bytes).unwrap();
        gz.finish().unwrap()
    };
    let repeated = gz(member);
    let mut file = gz(head);
    for _ in 0..times {
        file.extend_from_slice(&repeated);
    }
    file
}

/// `conector feed check --json` on hostile files: each ends with the limit it hit, exit 2, in
/// the same words in both languages' catalogue. (Time and memory: `scripts/bench.sh`.)
fn check_rejects(path: &std::path::Path, code: &str) -> serde_json::Value {
    let (exit, out, err) = cli(&["feed", "check", &path.display().to_string(), "--json"]);
    assert_eq!(exit, 2, "{out}{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["error"]["code"], code, "{json}");
    json
}

#[test]
fn a_gzip_bomb_of_nested_tags_is_refused_at_the_depth_limit() {
    // The bomb: 20 million unclosed nested tags (60 MB) in a gzip of a few hundred KB.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.xml.gz");
    let bomb = gzip_repeated(b"<rss><channel>", &b"<a>".repeat(1_000_000), 20);
    assert!(bomb.len() < 1024 * 1024, "{} bytes", bomb.len());
    std::fs::write(&path, bomb).unwrap();
    let json = check_rejects(&path, "feed.limit.depth");
    assert!(
        json["error"]["message"].as_str().unwrap().contains("64"),
        "{json}"
    );
    let (_, _, err) = cli(&["--lang", "en", "feed", "check", &path.display().to_string()]);
    assert!(err.contains("more than 64 elements"), "{err}");
}

#[test]
fn a_deeply_nested_file_is_refused_at_the_depth_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.xml");
    let doc = format!(
        "<rss xmlns:g=\"g\"><channel><item><g:id>1</g:id><g:price>1</g:price><description>{}x{}</description></item></channel></rss>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    std::fs::write(&path, doc).unwrap();
    check_rejects(&path, "feed.limit.depth");
}

#[test]
fn a_file_of_millions_of_tiny_items_is_refused_at_the_item_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tiny.xml");
    // Empty ones: cheap to write and to skip, and skipped items count as much as kept ones.
    let doc = format!(
        "<rss><channel>{}</channel></rss>",
        "<item/>".repeat(2_100_000)
    );
    std::fs::write(&path, doc).unwrap();
    let json = check_rejects(&path, "feed.limit.items");
    assert!(
        json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("2.000.000"),
        "{json}"
    );
}
