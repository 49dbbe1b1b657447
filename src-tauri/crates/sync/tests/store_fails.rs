//! A store that fails in the middle of a run (issue #23): after `K` pages of the listing are
//! committed, the demo store on 127.0.0.1 starts answering 500, 429 or too slowly, for longer
//! than the client's retries last. The run fails with that failure's code and keeps what it
//! committed — a ledger that agrees with a clean run order by order — and the next run, once the
//! store is well again, resumes at page `K + 1` and ends with the same ledger and totals as a
//! clean run: no page counted twice.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;
use std::sync::Mutex;
use std::time::Duration;

use common::{config, demo, fast_client_config, ledger};
use conector_core::{CodedError, Secret};
use conector_demo::DemoHandle;
use conector_simplo7::{ClientConfig, StoreAddress, StoreClient};
use conector_sync::*;

/// Pages of the listing committed before the store fails (the demo's history spans more).
const K: u32 = 2;

/// More failures than any request's retries use up: the run must give up, not wait it out.
const FOREVER: u32 = 10_000;

#[derive(Debug, Clone, Copy)]
enum Fault {
    ServerErrors,
    RateLimited,
    TooSlow,
}

impl Fault {
    fn start(self, demo: &DemoHandle) {
        match self {
            Fault::ServerErrors => demo.fail_with_500(FOREVER),
            Fault::RateLimited => demo.rate_limit(FOREVER, 1),
            Fault::TooSlow => demo.slow_down(FOREVER, Duration::from_secs(5)),
        }
    }

    fn code(self) -> &'static str {
        match self {
            Fault::ServerErrors => "store.server_error",
            Fault::RateLimited => "store.rate_limited",
            Fault::TooSlow => "store.timeout",
        }
    }
}

/// The tests' client, unpaced, with a read timeout well under the slow fault's delay.
fn client(demo: &DemoHandle) -> StoreClient {
    let address = StoreAddress::from_override(&demo.base_url()).unwrap();
    let config = ClientConfig {
        read_timeout: Duration::from_millis(300),
        ..fast_client_config()
    };
    StoreClient::new(address, &Secret::new(demo.token()), config).unwrap()
}

/// The ledger grouped by order.
fn by_order(
    rows: Vec<(i64, i64, String, i64, String)>,
) -> BTreeMap<i64, Vec<(i64, String, i64, String)>> {
    let mut orders: BTreeMap<i64, Vec<_>> = BTreeMap::new();
    for (order, seq, kind, points, customer) in rows {
        orders
            .entry(order)
            .or_default()
            .push((seq, kind, points, customer));
    }
    orders
}

async fn fails_after_k_pages_then_resumes(fault: Fault) {
    let demo = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let (client, config) = (client(&demo), config(&demo));
    let no_cancel = AtomicBool::new(false);

    let clean_db = dir.path().join("clean.sqlite3");
    let clean = run_once(&clean_db, &client, &config, &NoProgress, &no_cancel)
        .await
        .unwrap();
    assert_eq!(clean.result, RunResult::Ok);
    assert!(
        clean.counts.pages > K + 1,
        "the listing spans more than {K} pages: {:?}",
        clean.counts
    );
    let clean_conn = conector_core::db::open(&clean_db).unwrap();
    let clean_ledger = ledger(&clean_conn);

    // The store fails once page K is committed (the progress event follows the commit). The
    // run's error is returned, and its summary is told to the sink as it ends.
    let db = dir.path().join("app.sqlite3");
    let ended = Mutex::new(None);
    let failing = |e: SyncEvent| match e {
        SyncEvent::Progress {
            phase: Phase::Listing,
            counts,
            ..
        } if counts.pages == K => fault.start(&demo),
        SyncEvent::Finished { summary } => *ended.lock().unwrap() = Some(summary),
        _ => {}
    };
    let error = run_once(&db, &client, &config, &failing, &no_cancel)
        .await
        .unwrap_err();
    assert_eq!(error.code(), fault.code(), "{error:?}");
    let failed = ended
        .lock()
        .unwrap()
        .take()
        .expect("the failed run's summary");
    match &failed.result {
        RunResult::Failed { error } => assert_eq!(error.code, fault.code(), "{error:?}"),
        other => panic!("the run should fail with {}: {other:?}", fault.code()),
    }
    assert_eq!(failed.counts.pages, K);
    assert!(failed.counts.entries_added > 0, "{:?}", failed.counts);

    // What was committed agrees with the clean run, order by order, and with the totals.
    let conn = conector_core::db::open(&db).unwrap();
    let partial = by_order(ledger(&conn));
    let whole = by_order(clean_ledger.clone());
    assert!(!partial.is_empty());
    for (order, entries) in &partial {
        assert_eq!(Some(entries), whole.get(order), "order {order}");
    }
    let sum: i64 = partial.values().flatten().map(|(_, _, p, _)| p).sum();
    assert_eq!(failed.totals.points_total, sum);
    assert_eq!(
        failed.totals.ledger_entries,
        partial.values().map(|e| e.len() as u64).sum::<u64>()
    );
    assert!(failed.totals.points_total < clean.totals.points_total);
    let status = sync_status(&conn, &config.store).unwrap();
    assert_eq!(
        status.resume_page,
        Some(K + 1),
        "resumes after the last commit"
    );
    let last = status.last_run.unwrap();
    assert_eq!(last.id, failed.run_id);
    assert_eq!(last.result, "failed");

    // The store is well again: the next run starts at page K + 1 and ends where a clean run
    // ends, with nothing counted twice.
    demo.clear_faults();
    let resumed = run_once(&db, &client, &config, &NoProgress, &no_cancel)
        .await
        .unwrap();
    assert_eq!(resumed.result, RunResult::Ok);
    assert_eq!(resumed.counts.pages, clean.counts.pages - K);
    assert_eq!(ledger(&conn), clean_ledger);
    assert_eq!(resumed.totals, clean.totals);
    assert_eq!(sync_status(&conn, &config.store).unwrap().resume_page, None);
}

#[tokio::test]
async fn server_errors_after_k_pages_fail_the_run_and_the_next_run_resumes() {
    fails_after_k_pages_then_resumes(Fault::ServerErrors).await;
}

#[tokio::test]
async fn rate_limiting_after_k_pages_fails_the_run_and_the_next_run_resumes() {
    fails_after_k_pages_then_resumes(Fault::RateLimited).await;
}

#[tokio::test]
async fn timeouts_after_k_pages_fail_the_run_and_the_next_run_resumes() {
    fails_after_k_pages_then_resumes(Fault::TooSlow).await;
}
