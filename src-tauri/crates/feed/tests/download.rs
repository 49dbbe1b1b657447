//! Reading feeds over real HTTP on 127.0.0.1: items arrive while the download is still
//! running, progress knows the size, a stalled server times out.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::ops::ControlFlow;
use std::sync::mpsc;
use std::time::Duration;

use conector_feed::{read_feed, FeedError, FeedSink, FeedSource, Item, Progress, ReadOptions};

fn accept_request(listener: &TcpListener) -> TcpStream {
    let (stream, _) = listener.accept().unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    stream
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
    let body = conector_feed::sample::feed_bytes(3000, 21);
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
    let summary = read_feed(&FeedSource::Url(url), &ReadOptions::default(), &mut watch).unwrap();
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
        &FeedSource::Url(url),
        &options,
        &mut conector_feed::DiscardItems,
    )
    .unwrap_err();
    let _ = done_tx.send(());
    assert!(matches!(err, FeedError::Timeout), "{err:?}");
    assert!(err.is_remote());
}
