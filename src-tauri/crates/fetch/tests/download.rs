//! One download against real servers on 127.0.0.1: who the app says it is, a conditional
//! request answered `304`, and a download refused by the policy named as the feed reader says
//! it. (Redirect counting: `follow.rs`'s unit tests; hostile redirects: `hostile.rs`.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

use conector_core::{CodedError, MessageCode, Param};
use conector_demo::{DemoConfig, DemoHandle, DemoStore};
use conector_feed::{FeedError, ReadOptions};
use conector_fetch::feed::download_feed;
use conector_fetch::{Failure, Fetched, Policy};

async fn demo() -> DemoHandle {
    DemoStore::start(DemoConfig {
        feed_items: 30,
        ..DemoConfig::default()
    })
    .await
    .unwrap()
}

/// The feed policy with the server at `url` as the running demo store (the one plain-http
/// address on this computer it allows).
fn demo_store(url: &str) -> Policy {
    Policy::feed().with_demo_store(Some(url))
}

/// Runs the blocking download off the async workers, as the app does.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(f).await.unwrap()
}

#[test]
fn a_download_names_the_app_and_takes_gzip() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/feed.xml", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut head = Vec::new();
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
            head.push(line.trim_end().to_ascii_lowercase());
            line.clear();
        }
        let mut stream = stream;
        let _ = stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        head
    });
    let err = download_feed(&url, &demo_store(&url), None, &ReadOptions::default()).unwrap_err();
    assert!(
        matches!(err, FeedError::HttpStatus { status: 404 }),
        "{err:?}"
    );
    let head = server.join().unwrap();
    let agent = format!(
        "user-agent: {}",
        conector_core::USER_AGENT.to_ascii_lowercase()
    );
    assert!(head.contains(&agent), "{head:?}");
    assert!(
        head.contains(&"accept-encoding: gzip".to_owned()),
        "{head:?}"
    );
    assert!(
        !head.iter().any(|h| h.starts_with("if-none-match")),
        "not conditional without validators: {head:?}"
    );
}

#[tokio::test]
async fn an_unchanged_feed_is_one_conditional_request_answered_not_modified() {
    let demo = demo().await;
    let url = demo.feed_url();
    let (first, validators) = blocking({
        let url = url.clone();
        move || {
            let Fetched::Body(mut body) =
                download_feed(&url, &demo_store(&url), None, &ReadOptions::default()).unwrap()
            else {
                panic!("a first download has a body");
            };
            let validators = body.validators();
            let mut bytes = Vec::new();
            body.read_to_end(&mut bytes).unwrap();
            (bytes, validators)
        }
    })
    .await;
    assert!(first.starts_with(b"<?xml"), "the feed itself");
    assert!(validators.any(), "the demo feed carries an ETag and a date");

    let again = blocking({
        let (url, validators) = (url.clone(), validators.clone());
        move || {
            download_feed(
                &url,
                &demo_store(&url),
                Some(&validators),
                &ReadOptions::default(),
            )
            .unwrap()
        }
    })
    .await;
    assert!(matches!(again, Fetched::NotModified), "{again:?}");
    let served = demo.feed_requests();
    assert_eq!(served.len(), 2);
    assert!(!served[0].conditional && served[1].conditional);
    assert_eq!((served[1].status, served[1].body_bytes), (304, 0));
    demo.shutdown().await;
}

#[test]
fn a_failed_download_keeps_its_kind_for_the_feed_reader() {
    let failed = |failure| conector_fetch::FetchError::Failed {
        host: "loja.example".into(),
        failure,
        cause: None,
    };
    assert!(matches!(
        FeedError::from(failed(Failure::Timeout)),
        FeedError::Timeout
    ));
    assert!(matches!(
        FeedError::from(failed(Failure::Status(503))),
        FeedError::HttpStatus { status: 503 }
    ));
    assert!(matches!(
        FeedError::from(failed(Failure::Connect)),
        FeedError::Download { .. }
    ));
    // A refusal names the host only, with its own code.
    for (failure, code) in [
        (Failure::Insecure, MessageCode::FeedRefusedInsecure),
        (
            Failure::PrivateAddress,
            MessageCode::FeedRefusedPrivateAddress,
        ),
        (
            Failure::TooManyRedirects(5),
            MessageCode::FeedRefusedTooManyRedirects,
        ),
    ] {
        let e = FeedError::from(failed(failure));
        assert_eq!(e.code(), code);
        assert!(e.is_remote(), "exit 3 on the command line");
        assert_eq!(
            e.payload().params.get("host"),
            Some(&Param::Text("loja.example".into()))
        );
    }
}
