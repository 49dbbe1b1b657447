//! Step 6 shown again while the feed import runs (issue #23, item 3): the app says an import
//! is going (its address), hands its latest progress and every later event to the page that
//! follows it, and refuses a second import with its own code instead of running two.
//!
//! Real parts: the app's demo store serving its feed over HTTP on 127.0.0.1, a real SQLite file.
//! The import is held still, deterministically, by the page that started it: its event sink
//! waits on a channel after the first product, while the checks run.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use conector_app::feed::FeedEvent;
use conector_app::{AppError, Context, Paths};
use conector_core::{CodedError, MessageCode};
use conector_secrets::Keychain;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_import_is_shown_followed_to_its_end_and_a_second_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = Arc::new(
        Context::open_with(
            Paths::for_database(&dir.path().join("conector.sqlite3")),
            Keychain::with_service("br.com.conectorfidelidade.test.feed-running"),
            Arc::new(time::OffsetDateTime::now_utc),
        )
        .unwrap(),
    );
    conector_app::store::start_demo(&ctx).await.unwrap();
    let feed = ctx.demo_feed_url().await.unwrap();
    assert_eq!(
        conector_app::feed::status(&ctx).await.unwrap().importing,
        None
    );

    // The first import, held after its first product until `go` says so.
    let (first_item_tx, first_item) = mpsc::channel::<()>();
    let (go_tx, go) = mpsc::channel::<()>();
    let import = std::thread::spawn({
        let (ctx, feed) = (Arc::clone(&ctx), feed.clone());
        move || {
            let mut held = false;
            conector_app::feed::import(&ctx, &feed, &mut move |event| {
                if matches!(event, FeedEvent::Item { .. }) && !held {
                    held = true;
                    first_item_tx.send(()).unwrap();
                    go.recv().unwrap();
                }
            })
        }
    });
    tokio::task::spawn_blocking(move || first_item.recv().unwrap())
        .await
        .unwrap();

    // Step 6 shown again: the import is said to run, at its address.
    let status = conector_app::feed::status(&ctx).await.unwrap();
    assert_eq!(status.importing.as_deref(), Some(feed.as_str()));

    // It follows the import: `started` at once, then the rest to the end.
    let heard: Arc<Mutex<Vec<FeedEvent>>> = Arc::default();
    let (ended_tx, ended) = mpsc::channel::<()>();
    let following = conector_app::feed::follow(
        &ctx,
        Box::new({
            let heard = Arc::clone(&heard);
            let ended_tx = Mutex::new(ended_tx);
            move |event| {
                let last = matches!(event, FeedEvent::Finished { .. } | FeedEvent::Failed { .. });
                heard.lock().unwrap().push(event);
                if last {
                    let _ = ended_tx.lock().unwrap().send(());
                }
            }
        }),
    );
    assert!(following);

    // "Baixar e conferir" again: refused with its own code; nothing else happens.
    let mut second_events = Vec::new();
    let second = conector_app::feed::import(&ctx, &feed, &mut |e| second_events.push(e));
    let refused = second.expect_err("a second import is refused");
    assert!(matches!(refused, AppError::FeedImportRunning));
    assert_eq!(refused.payload().code, MessageCode::FeedImportRunning);
    assert!(matches!(
        second_events.as_slice(),
        [FeedEvent::Failed { error }] if error.code == MessageCode::FeedImportRunning
    ));
    // The refusal did not end the first import.
    assert!(ctx.feed_importing());

    go_tx.send(()).unwrap();
    let report = import.join().unwrap().expect("the first import completes");
    tokio::task::spawn_blocking(move || ended.recv().unwrap())
        .await
        .unwrap();
    let heard = std::mem::take(&mut *heard.lock().unwrap());
    assert!(
        matches!(heard.first(), Some(FeedEvent::Started)),
        "{heard:?}"
    );
    match heard.last() {
        Some(FeedEvent::Finished { report: seen }) => {
            assert_eq!(seen.summary.items, report.summary.items);
        }
        other => panic!("the follower did not hear the end: {other:?}"),
    }
    // Once it ended, nothing runs and nothing is left to follow.
    assert!(!ctx.feed_importing());
    assert_eq!(
        conector_app::feed::status(&ctx).await.unwrap().importing,
        None
    );
    assert!(!conector_app::feed::follow(&ctx, Box::new(|_| {})));
}
