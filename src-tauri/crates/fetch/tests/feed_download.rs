//! Reading feeds over real HTTP on 127.0.0.1: items arrive while the download is still
//! running, progress knows the size, a stalled server times out, a trickling one stops at the
//! reader's time limit.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::ops::ControlFlow;
use std::sync::mpsc;
use std::time::Duration;

use conector_core::{CodedError, MessageCode, Param};
use conector_feed::{CollectItems, FeedError, FeedLimit, FeedSink, Item, Progress, ReadOptions};
use conector_fetch::feed::{read_feed, FeedSource};
use conector_fetch::Policy;

fn accept_request(listener: &TcpListener) -> TcpStream {
    let (stream, _) = listener.accept().unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    stream
}

/// The feed policy with the server at `url` as the running demo store (the one plain-http
/// address on this computer it allows).
fn demo_store(url: &str) -> Policy {
    Policy::feed().with_demo_store(Some(url))
}

struct Watch {
    first_item: Option<mpsc::Sender<()>>,
    items: usize,
    last_progress: Option<Progress>,
}

impl FeedSink for Watch {
    fn item(&mut self, _item: Item) -> ControlFlow<()> {
        self.items += 1;
        if let Some(tx) = self.first_item.take() {
            let _ = tx.send(());
        }
        ControlFlow::Continue(())
    }

    fn progress(&mut self, progress: &Progress) {
        self.last_progress = Some(progress.clone());
    }
}

#[test]
fn first_items_arrive_before_the_download_ends() {
    let body = conector_samples::feed_bytes(3000, 21);
    let half = body.len() / 2;
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/feed.xml", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel::<()>();
    let server_body = body.clone();
    let server = std::thread::spawn(move || {
        let mut stream = accept_request(&listener);
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            server_body.len()
        );
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(&server_body[..half]).unwrap();
        stream.flush().unwrap();
        // The rest is sent only once the reader has handed over a product: if items were
        // held until the end of the download, this waits out and the feed arrives truncated.
        let went_on = rx.recv_timeout(Duration::from_secs(20)).is_ok();
        if went_on {
            stream.write_all(&server_body[half..]).unwrap();
        }
        went_on
    });
    let mut watch = Watch {
        first_item: Some(tx),
        items: 0,
        last_progress: None,
    };
    let summary = read_feed(
        &FeedSource::Url(url.clone()),
        &demo_store(&url),
        &ReadOptions::default(),
        &mut watch,
    )
    .unwrap();
    assert!(
        server.join().unwrap(),
        "the first item was delivered mid-download"
    );
    assert_eq!((summary.items, watch.items), (3000, 3000));
    let progress = watch.last_progress.unwrap();
    assert_eq!(progress.bytes_total, Some(body.len() as u64));
    assert_eq!(progress.bytes_done, body.len() as u64);
    assert_eq!(progress.items, 3000);
}

#[test]
fn a_stalled_server_times_out() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/feed.xml", listener.local_addr().unwrap());
    let (done_tx, done_rx) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        let mut stream = accept_request(&listener);
        let _ =
            stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n<rss><channel>");
        // Hold the connection open, silent, until the client gave up.
        let _ = done_rx.recv_timeout(Duration::from_secs(20));
    });
    let options = ReadOptions {
        read_timeout: Duration::from_millis(300),
        ..ReadOptions::default()
    };
    let err = read_feed(
        &FeedSource::Url(url.clone()),
        &demo_store(&url),
        &options,
        &mut conector_feed::DiscardItems,
    )
    .unwrap_err();
    let _ = done_tx.send(());
    assert!(matches!(err, FeedError::Timeout), "{err:?}");
    assert!(err.is_remote());
}

#[test]
fn a_download_that_keeps_trickling_stops_at_the_time_limit() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/feed.xml", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
            line.clear();
        }
        let mut stream = stream;
        let body = conector_samples::feed_bytes(2_000, 5);
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
        // Far quicker than the read timeout between bytes, far slower than the feed needs; if
        // the reader never stopped, the server gives up after 20 s and the test fails.
        let started = std::time::Instant::now();
        for byte in body {
            if stream.write_all(&[byte]).is_err() || started.elapsed() > Duration::from_secs(20) {
                return;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    });
    let options = ReadOptions {
        read_timeout: Duration::from_secs(30),
        max_duration: Duration::from_millis(400),
        ..ReadOptions::default()
    };
    let err = read_feed(
        &FeedSource::Url(url.clone()),
        &demo_store(&url),
        &options,
        &mut CollectItems::default(),
    )
    .unwrap_err();
    assert_eq!(
        match &err {
            FeedError::Limit(limit) => Some(*limit),
            _ => None,
        },
        Some(FeedLimit::Duration {
            limit: Duration::from_millis(400)
        })
    );
    assert_eq!(err.code(), MessageCode::FeedLimitDuration);
    assert!(
        err.is_remote(),
        "the server's fault: exit 3 on the command line"
    );
    assert_eq!(err.payload().params.get("minutes"), Some(&Param::Number(1)));
}
