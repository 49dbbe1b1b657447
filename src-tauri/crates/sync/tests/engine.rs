#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{client, client_with_token, config, demo, ledger};
use conector_core::activation::set_activation;
use conector_core::CodedError;
use conector_ledger::{order_entries, totals, EntryKind};
use conector_sync::*;

fn collect() -> (Arc<Mutex<Vec<SyncEvent>>>, impl Fn(SyncEvent) + Send + Sync) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = {
        let events = Arc::clone(&events);
        move |e: SyncEvent| events.lock().unwrap().push(e)
    };
    (events, sink)
}

#[tokio::test]
async fn a_preview_run_fills_the_ledger_and_a_second_run_adds_nothing() {
    let demo = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    let (client, config) = (client(&demo), config(&demo));
    let (events, sink) = collect();
    let cancel = AtomicBool::new(false);

    let first = run_once(&db, &client, &config, &sink, &cancel)
        .await
        .unwrap();
    assert_eq!(first.result, RunResult::Ok);
    assert!(
        first.counts.pages >= 2,
        "the demo history spans several pages"
    );
    assert!(first.totals.orders_seen > 100);
    assert!(first.totals.orders_earning > 0);
    assert!(first.totals.customers > 10);
    assert!(first.totals.points_total > 0);
    assert_eq!(
        u64::from(first.counts.entries_added),
        first.totals.ledger_entries
    );
    let skipped = first.totals.skipped;
    assert!(skipped.status_not_final + skipped.cancelled > 0);
    {
        let events = events.lock().unwrap();
        assert!(matches!(events.first(), Some(SyncEvent::Started { .. })));
        assert!(matches!(events.last(), Some(SyncEvent::Finished { .. })));
        let pages = events
            .iter()
            .filter(|e| {
                matches!(
                    e,
                    SyncEvent::Progress {
                        phase: Phase::Listing,
                        ..
                    }
                )
            })
            .count();
        assert_eq!(pages as u32, first.counts.pages);
    }

    let conn = conector_core::db::open(&db).unwrap();
    let before = ledger(&conn);
    let second = run_once(&db, &client, &config, &NoProgress, &cancel)
        .await
        .unwrap();
    assert_eq!(second.counts.entries_added, 0);
    assert_eq!(second.totals, first.totals);
    assert_eq!(ledger(&conn), before);
    // The second run re-reads the last page of the new orders, not the whole listing again.
    assert_eq!(second.counts.pages, 1);
    assert!(first.counts.pages > 1);

    let runs = recent_runs(&conn, 10).unwrap();
    assert_eq!(runs.len(), 2);
    assert!(runs
        .iter()
        .all(|r| r.result == "ok" && r.finished_at.is_some()));
    // The token never reaches the database (file and WAL, byte for byte).
    for suffix in ["", "-wal"] {
        let mut path = db.clone().into_os_string();
        path.push(suffix);
        if let Ok(bytes) = std::fs::read(&path) {
            let token = conector_demo::DEMO_TOKEN.as_bytes();
            assert!(!bytes.windows(token.len()).any(|w| w == token));
        }
    }
    let status = sync_status(&conn, &config.store).unwrap();
    assert_eq!(status.last_run.unwrap().id, second.run_id);
    assert_eq!(status.resume_page, None, "no pass left half-way");
    assert_eq!(
        status.since.as_deref(),
        Some(config::iso_date_string(config.since).as_str())
    );
    assert!(!status.activation.is_active());
}

#[tokio::test]
async fn status_changes_are_seen_on_recent_and_on_old_open_orders() {
    let demo = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    let (client, config) = (client(&demo), config(&demo));
    let cancel = AtomicBool::new(false);
    let conn = conector_core::db::open(&db).unwrap();

    // An order placed 60 days ago still awaiting payment, and a recent order that earns.
    let now = time::OffsetDateTime::now_utc();
    let iso = |t: time::OffsetDateTime| {
        t.format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    };
    // A first look (another database) to pick the orders by date.
    let scout_db = dir.path().join("scout.sqlite3");
    run_once(&scout_db, &client, &config, &NoProgress, &cancel)
        .await
        .unwrap();
    let scout = conector_core::db::open(&scout_db).unwrap();
    let old_id: u64 = scout
        .query_row(
            "SELECT order_id FROM ledger_orders WHERE placed_at < ?1
             ORDER BY placed_at DESC LIMIT 1",
            [iso(now - time::Duration::days(60))],
            |r| r.get(0),
        )
        .unwrap();
    demo.set_order_status(old_id, "3").unwrap();
    run_once(&db, &client, &config, &NoProgress, &cancel)
        .await
        .unwrap();
    let old_id = old_id as i64;
    let recent_cutoff = iso(now - time::Duration::days(10));
    let recent_id: i64 = conn
        .query_row(
            "SELECT order_id FROM ledger_orders WHERE placed_at > ?1 AND skip_reason IS NULL
             LIMIT 1",
            [&recent_cutoff],
            |r| r.get(0),
        )
        .unwrap();
    assert!(order_entries(&conn, &config.store, old_id)
        .unwrap()
        .is_empty());

    // Now the store changes both: the old one is paid and delivered, the recent one cancelled.
    demo.set_order_status(old_id as u64, "21").unwrap();
    demo.set_order_status(recent_id as u64, "25").unwrap();
    let run = run_once(&db, &client, &config, &NoProgress, &cancel)
        .await
        .unwrap();
    assert!(
        run.counts.window_pages >= 1,
        "orders within the return window are read again by the pass over it"
    );

    let old_after = order_entries(&conn, &config.store, old_id).unwrap();
    assert_eq!(old_after.len(), 1);
    assert_eq!(old_after[0].kind, EntryKind::Earn);
    let recent = order_entries(&conn, &config.store, recent_id).unwrap();
    assert_eq!(recent.last().unwrap().kind, EntryKind::Reverse);
    assert_eq!(recent.iter().map(|e| e.points).sum::<i64>(), 0);
}

#[tokio::test]
async fn activation_hands_over_and_switching_off_returns_to_preview() {
    let demo = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    let (client, config) = (client(&demo), config(&demo));
    let cancel = AtomicBool::new(false);
    let conn = conector_core::db::open(&db).unwrap();
    set_activation(&conn, true).unwrap();

    let requests = demo.requests().len();
    let run = run_once(&db, &client, &config, &NoProgress, &cancel)
        .await
        .unwrap();
    assert!(matches!(run.result, RunResult::HandedOver { ref since } if since.ends_with('Z')));
    assert_eq!(
        demo.requests().len(),
        requests,
        "nothing is read after hand-over"
    );
    assert_eq!(totals(&conn, &config.store).unwrap().ledger_entries, 0);

    set_activation(&conn, false).unwrap();
    let run = run_once(&db, &client, &config, &NoProgress, &cancel)
        .await
        .unwrap();
    assert_eq!(run.result, RunResult::Ok);
    assert!(run.totals.ledger_entries > 0);
}

#[tokio::test]
async fn activation_during_a_run_stops_it_at_the_next_page() {
    let demo = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    let (client, config) = (client(&demo), config(&demo));
    let cancel = AtomicBool::new(false);
    let db_for_sink = db.clone();
    let sink = move |e: SyncEvent| {
        if let SyncEvent::Progress { counts, .. } = e {
            if counts.pages == 1 {
                let conn = conector_core::db::open(&db_for_sink).unwrap();
                set_activation(&conn, true).unwrap();
            }
        }
    };
    let run = run_once(&db, &client, &config, &sink, &cancel)
        .await
        .unwrap();
    assert!(matches!(run.result, RunResult::HandedOver { .. }));
    assert_eq!(run.counts.pages, 1);
}

#[tokio::test]
async fn a_cancelled_run_keeps_its_pages_and_the_next_run_finishes_without_double_counting() {
    let demo = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let (client, config) = (client(&demo), config(&demo));

    let clean_db = dir.path().join("clean.sqlite3");
    run_once(
        &clean_db,
        &client,
        &config,
        &NoProgress,
        &AtomicBool::new(false),
    )
    .await
    .unwrap();

    let db = dir.path().join("app.sqlite3");
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&cancel);
    let sink = move |e: SyncEvent| {
        if let SyncEvent::Progress { counts, .. } = e {
            if counts.pages == 2 {
                flag.store(true, Ordering::Relaxed);
            }
        }
    };
    let run = run_once(&db, &client, &config, &sink, &cancel)
        .await
        .unwrap();
    assert_eq!(run.result, RunResult::Cancelled);
    assert_eq!(run.counts.pages, 2);
    let conn = conector_core::db::open(&db).unwrap();
    assert!(!ledger(&conn).is_empty(), "the two pages applied stay");

    let resumed = run_once(&db, &client, &config, &NoProgress, &AtomicBool::new(false))
        .await
        .unwrap();
    assert_eq!(resumed.result, RunResult::Ok);
    let clean = conector_core::db::open(&clean_db).unwrap();
    assert_eq!(ledger(&conn), ledger(&clean));
}

#[tokio::test]
async fn only_one_run_at_a_time_per_database() {
    let demo = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    let (client, config) = (client(&demo), config(&demo));
    // Slow pages so the first run is surely still going when the second starts.
    demo.slow_down(1_000, Duration::from_millis(40));
    let (started_tx, started_rx) = tokio::sync::oneshot::channel();
    let started_tx = Mutex::new(Some(started_tx));
    let sink = move |e: SyncEvent| {
        if matches!(e, SyncEvent::Progress { .. }) {
            if let Some(tx) = started_tx.lock().unwrap().take() {
                let _ = tx.send(());
            }
        }
    };
    let cancel = AtomicBool::new(false);
    let first = run_once(&db, &client, &config, &sink, &cancel);
    let second = async {
        started_rx.await.unwrap();
        run_once(&db, &client, &config, &NoProgress, &AtomicBool::new(false)).await
    };
    let (first, second) = tokio::join!(first, second);
    assert_eq!(first.unwrap().result, RunResult::Ok);
    let err = second.unwrap_err();
    assert_eq!(err.code(), "sync.already_running");
}

#[tokio::test]
async fn a_refused_token_fails_the_run_with_its_code_and_records_it() {
    let demo = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    let client = client_with_token(&demo, "token-errado-123456");
    let (events, sink) = collect();
    let err = run_once(&db, &client, &config(&demo), &sink, &AtomicBool::new(false))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.token_rejected");
    let conn = conector_core::db::open(&db).unwrap();
    let runs = recent_runs(&conn, 1).unwrap();
    assert_eq!(runs[0].result, "failed");
    assert_eq!(runs[0].error_code.as_deref(), Some("store.token_rejected"));
    let events = events.lock().unwrap();
    assert!(matches!(
        events.last(),
        Some(SyncEvent::Finished { summary }) if matches!(summary.result, RunResult::Failed { .. })
    ));
}

#[tokio::test]
async fn changing_the_start_date_lists_again_from_the_new_date() {
    let demo = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    let client = client(&demo);
    let mut config = config(&demo);
    config.since = store_today() - time::Duration::days(20);
    let short = run_once(&db, &client, &config, &NoProgress, &AtomicBool::new(false))
        .await
        .unwrap();
    config.since = store_today() - time::Duration::days(100);
    let long = run_once(&db, &client, &config, &NoProgress, &AtomicBool::new(false))
        .await
        .unwrap();
    assert!(long.totals.orders_seen > short.totals.orders_seen);
    assert!(long.counts.orders_read > short.counts.orders_read);

    // Back to 20 days: the older orders leave the preview (their points reversed, the ledger
    // history kept), and the preview equals the first one's.
    config.since = store_today() - time::Duration::days(20);
    let again = run_once(&db, &client, &config, &NoProgress, &AtomicBool::new(false))
        .await
        .unwrap();
    assert!(again.counts.reversed > 0);
    assert_eq!(again.totals.orders_seen, short.totals.orders_seen);
    assert_eq!(again.totals.customers, short.totals.customers);
    assert_eq!(again.totals.points_total, short.totals.points_total);
    assert_eq!(again.totals.orders_earning, short.totals.orders_earning);
    assert!(again.totals.ledger_entries > short.totals.ledger_entries);
}

#[tokio::test]
async fn an_order_cancelled_in_the_store_gives_its_points_back_at_the_next_run() {
    let demo = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    let (client, config) = (client(&demo), config(&demo));
    let first = run_once(&db, &client, &config, &NoProgress, &AtomicBool::new(false))
        .await
        .unwrap();
    assert_eq!(first.result, RunResult::Ok);
    assert!(first.counts.entries_added > 0);

    // The store cancels the newest order that earned: the next run gives its points back.
    let conn = conector_core::db::open(&db).unwrap();
    let (cancelled, earned): (i64, i64) = conn
        .query_row(
            "SELECT order_id, SUM(points) FROM ledger_entries GROUP BY order_id
             HAVING SUM(points) > 0 ORDER BY order_id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    demo.set_order_status(cancelled as u64, "25").unwrap();
    let second = run_once(&db, &client, &config, &NoProgress, &AtomicBool::new(false))
        .await
        .unwrap();
    assert_eq!(second.result, RunResult::Ok);
    assert!(second.run_id > first.run_id);
    assert_eq!(second.counts.reversed, 1, "{:?}", second.counts);
    let entries = order_entries(&conn, &config.store, cancelled).unwrap();
    let last = entries.last().unwrap();
    assert_eq!(last.kind, EntryKind::Reverse, "{entries:?}");
    assert_eq!(last.points, -earned);
    assert_eq!(entries.iter().map(|e| e.points).sum::<i64>(), 0);
    assert_eq!(
        second.totals.points_total,
        first.totals.points_total - earned
    );
    assert_eq!(
        second.totals.orders_earning,
        first.totals.orders_earning - 1
    );
}

#[tokio::test]
async fn changing_the_final_statuses_recomputes_without_reading_the_store() {
    let demo = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    let (client, config) = (client(&demo), config(&demo));
    let first = run_once(&db, &client, &config, &NoProgress, &AtomicBool::new(false))
        .await
        .unwrap();

    let requests = demo.requests().len();
    // Only "Entregue" earns now.
    let only_delivered = conector_ledger::FinalStatuses::new(["21"]);
    let out = recompute_preview(&db, &config.store, &only_delivered, config.rate).unwrap();
    assert!(
        out.reversed > 0,
        "orders only shipped or ready for pickup give their points back"
    );
    assert_eq!(demo.requests().len(), requests, "no store reads");
    let conn = conector_core::db::open(&db).unwrap();
    let after = totals(&conn, &config.store).unwrap();
    assert!(after.orders_earning < first.totals.orders_earning);
    assert!(after.points_total < first.totals.points_total);
    // A sync with the new set agrees and adds nothing; going back restores the points.
    let mut narrowed = config.clone();
    narrowed.finals = only_delivered.clone();
    let run = run_once(
        &db,
        &client,
        &narrowed,
        &NoProgress,
        &AtomicBool::new(false),
    )
    .await
    .unwrap();
    assert_eq!(run.counts.entries_added, 0);
    recompute_preview(&db, &config.store, &config.finals, config.rate).unwrap();
    let back = totals(&conn, &config.store).unwrap();
    assert_eq!(back.points_total, first.totals.points_total);
    assert_eq!(back.orders_earning, first.totals.orders_earning);
    assert_eq!(
        recompute_preview(
            &db,
            &config.store,
            &conector_ledger::FinalStatuses::default(),
            config.rate
        )
        .unwrap_err()
        .code(),
        "sync.no_final_statuses"
    );
}

/// A run whose settings were read before the owner saved new final statuses must not put the
/// older ones back: the rules saved later stay in force (the next run reads the new settings).
#[tokio::test]
async fn a_run_prepared_before_a_save_keeps_the_newer_rules() {
    let demo = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    let (client, config) = (client(&demo), config(&demo));
    run_once(&db, &client, &config, &NoProgress, &AtomicBool::new(false))
        .await
        .unwrap();

    // The run's settings are read (old rules: three final statuses)…
    let mut prepared = config.clone();
    prepared.rules_read_at = Some(time::OffsetDateTime::now_utc());
    // …then the owner saves "only Entregue" (recorded with the time of the save)…
    let only_delivered = conector_ledger::FinalStatuses::new(["21"]);
    recompute_preview(&db, &config.store, &only_delivered, config.rate).unwrap();
    let conn = conector_core::db::open(&db).unwrap();
    let saved = totals(&conn, &config.store).unwrap();
    // …and the run prepared before the save starts.
    run_once(
        &db,
        &client,
        &prepared,
        &NoProgress,
        &AtomicBool::new(false),
    )
    .await
    .unwrap();
    let rules = conector_ledger::rules_in_force(&conn, &config.store)
        .unwrap()
        .unwrap();
    assert_eq!(
        rules.finals, only_delivered,
        "the saved rules stay in force"
    );
    assert_eq!(
        totals(&conn, &config.store).unwrap().points_total,
        saved.points_total
    );

    // A run whose settings were read after the save (or given by flags) applies its own.
    let mut fresh = config.clone();
    fresh.rules_read_at = Some(time::OffsetDateTime::now_utc());
    run_once(&db, &client, &fresh, &NoProgress, &AtomicBool::new(false))
        .await
        .unwrap();
    let rules = conector_ledger::rules_in_force(&conn, &config.store)
        .unwrap()
        .unwrap();
    assert_eq!(rules.finals, config.finals);
    assert!(totals(&conn, &config.store).unwrap().points_total > saved.points_total);
}
