//! One download against real servers on 127.0.0.1: who the app says it is, a conditional
//! request answered `304`, and the feed's redirects followed as before the download module
//! existed (ten, then an error the feed reader names).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

use conector_core::{CodedError, MessageCode};
use conector_demo::redirect::Redirector;
use conector_demo::{DemoConfig, DemoHandle, DemoStore};
use conector_feed::{FeedError, ReadOptions};
use conector_fetch::feed::{download_feed, read_feed, FeedSource};
use conector_fetch::{Failure, Fetched};

async fn demo() -> DemoHandle {
    DemoStore::start(DemoConfig {
        feed_items: 30,
        ..DemoConfig::default()
    })
    .await
    .unwrap()
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
    let err = download_feed(&url, None, &ReadOptions::default()).unwrap_err();
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
                download_feed(&url, None, &ReadOptions::default()).unwrap()
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
        move || download_feed(&url, Some(&validators), &ReadOptions::default()).unwrap()
    })
    .await;
    assert!(matches!(again, Fetched::NotModified), "{again:?}");
    let served = demo.feed_requests();
    assert_eq!(served.len(), 2);
    assert!(!served[0].conditional && served[1].conditional);
    assert_eq!((served[1].status, served[1].body_bytes), (304, 0));
    demo.shutdown().await;
}

#[tokio::test]
async fn the_feed_follows_ten_redirects_and_not_an_eleventh() {
    let demo = demo().await;
    let origin = demo.feed_url().replace("/feed.xml", "");
    let ten = Redirector::chain(10, &origin).await.unwrap();
    let summary = blocking({
        let url = format!("{}/feed.xml", ten[0].origin());
        move || {
            read_feed(
                &FeedSource::Url(url),
                &ReadOptions::default(),
                &mut conector_feed::DiscardItems,
            )
        }
    })
    .await
    .unwrap();
    assert_eq!(summary.items, 30);

    let eleven = Redirector::chain(11, &origin).await.unwrap();
    let err = blocking({
        let url = format!("{}/feed.xml", eleven[0].origin());
        move || download_feed(&url, None, &ReadOptions::default()).unwrap_err()
    })
    .await;
    assert!(matches!(err, FeedError::Download { .. }), "{err:?}");
    assert_eq!(err.code(), MessageCode::FeedDownloadFailed);
    assert!(err.is_remote());
    assert_eq!(
        eleven[10].requests().len(),
        1,
        "the tenth redirect was read"
    );
    assert_eq!(
        demo.feed_requests().len(),
        1,
        "the eleventh redirect's target was never asked"
    );
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
}
