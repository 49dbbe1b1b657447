//! The preview follows what the store does to orders after they earned (issue #12): late
//! returns, refunds and edits, a CPF filled in later, deletions, unreadable records; the
//! return window read across runs within its budget, open orders before it re-read in turn,
//! and a run's cost that does not grow with orders outside the window. Against the demo store
//! over real HTTP and a real SQLite file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashSet;
use std::sync::atomic::AtomicBool;

use common::{client, config, demo, FINALS};
use conector_demo::{DemoConfig, DemoHandle, DemoStore, OrderEdit, RecordPart};
use conector_ledger::{order_entries, totals, EntryKind, EntryReason};
use conector_sync::*;
use time::{Duration, OffsetDateTime};

/// Orders since 118 days ago (the demo's whole history), the default 120-day window.
fn whole_history(demo: &DemoHandle) -> SyncConfig {
    let mut config = config(demo);
    config.since = store_today() - Duration::days(118);
    config
}

async fn run(db: &std::path::Path, demo: &DemoHandle, config: &SyncConfig) -> RunSummary {
    let summary = run_once(
        db,
        &client(demo),
        config,
        &NoProgress,
        &AtomicBool::new(false),
    )
    .await
    .unwrap();
    assert_eq!(summary.result, RunResult::Ok);
    summary
}

/// An order the store shows as delivered (it earns), placed about `days` ago.
fn delivered_about(demo: &DemoHandle, days: i64, skip: &[u64]) -> u64 {
    let target = demo.now() - Duration::days(days);
    demo.orders_now()
        .into_iter()
        .filter(|o| o.status_id == "21" && !skip.contains(&o.id))
        .filter(|o| o.document.is_some())
        .min_by_key(|o| (o.placed_at - target).abs())
        .unwrap()
        .id
}

fn reasons(
    conn: &rusqlite::Connection,
    store: &str,
    id: u64,
) -> Vec<(EntryKind, Option<EntryReason>)> {
    order_entries(conn, store, id as i64)
        .unwrap()
        .into_iter()
        .map(|e| (e.kind, e.reason))
        .collect()
}

fn requests_since(demo: &DemoHandle, from: usize) -> Vec<String> {
    demo.requests()[from..]
        .iter()
        .map(|r| format!("{}?{} {}", r.path, r.query, r.status))
        .collect()
}

#[tokio::test]
async fn a_late_return_is_found_by_listing_the_return_statuses() {
    let demo = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    let mut config = whole_history(&demo);
    // Only the status listings may find it: no window pass, no single re-reads.
    config.window_pages_per_run = 0;
    config.max_rechecks = 0;
    run(&db, &demo, &config).await;
    let conn = conector_core::db::open(&db).unwrap();
    // Delivered in August, returned in November: 100 days after it was placed.
    let old = delivered_about(&demo, 100, &[]);
    let before = conector_ledger::order_balance(&conn, &config.store, old as i64).unwrap();
    assert!(before > 0);
    demo.set_order_status(old, "31").unwrap();

    let from = demo.requests().len();
    let second = run(&db, &demo, &config).await;
    assert_eq!(
        conector_ledger::order_balance(&conn, &config.store, old as i64).unwrap(),
        0
    );
    assert_eq!(
        reasons(&conn, &config.store, old).last(),
        Some(&(EntryKind::Reverse, Some(EntryReason::StatusNotFinal)))
    );
    let requests = requests_since(&demo, from);
    assert!(
        requests.iter().any(|r| r.contains("status=31&")),
        "{requests:#?}"
    );
    // Statuses, the last page of new orders, and the two return listings (one page each:
    // "Cancelado" did not change, so its first page is enough).
    assert!(second.counts.requests <= 5, "{requests:#?}");
    assert_eq!(second.counts.requests as usize, requests.len());

    // Nothing changed: each return listing costs one request.
    let from = demo.requests().len();
    let third = run(&db, &demo, &config).await;
    assert_eq!(third.counts.entries_added, 0);
    assert_eq!(
        third.counts.status_pages,
        2,
        "{:#?}",
        requests_since(&demo, from)
    );
}

#[tokio::test]
async fn a_refund_an_edit_and_a_cpf_filled_in_later_are_seen_in_the_return_window() {
    let demo = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    let config = whole_history(&demo);
    run(&db, &demo, &config).await;
    let conn = conector_core::db::open(&db).unwrap();

    let refunded = delivered_about(&demo, 80, &[]);
    let view = demo
        .orders_now()
        .into_iter()
        .find(|o| o.id == refunded)
        .unwrap();
    demo.edit_order(
        refunded,
        OrderEdit {
            discounts_cents: Some(view.discounts_cents + view.products_cents / 2),
            ..OrderEdit::default()
        },
    )
    .unwrap();
    // A buyer who had only an e-mail fills in a CPF.
    let anonymous = demo
        .orders_now()
        .into_iter()
        .find(|o| o.status_id == "21" && o.document.is_none())
        .unwrap();
    demo.edit_order(
        anonymous.id,
        OrderEdit {
            document: Some(Some("529.982.247-25".into())),
            ..OrderEdit::default()
        },
    )
    .unwrap();

    let second = run(&db, &demo, &config).await;
    assert!(second.counts.window_pages > 0);
    assert_eq!(
        reasons(&conn, &config.store, refunded)[1..],
        [
            (EntryKind::Reverse, Some(EntryReason::AmountChanged)),
            (EntryKind::Earn, Some(EntryReason::AmountChanged))
        ]
    );
    let moved = order_entries(&conn, &config.store, anonymous.id as i64).unwrap();
    assert_eq!(moved.last().unwrap().customer_key, "cpf:52998224725");
    assert_eq!(
        moved.last().unwrap().reason,
        Some(EntryReason::CustomerChanged)
    );
    // The customer list adds up to the ledger.
    let customers = conector_ledger::customers(
        &conn,
        &config.store,
        &conector_ledger::CustomerQuery {
            limit: 1000,
            ..Default::default()
        },
    )
    .unwrap();
    let t = totals(&conn, &config.store).unwrap();
    assert_eq!(
        customers.items.iter().map(|c| c.points).sum::<i64>(),
        t.points_total
    );
    assert_eq!(run(&db, &demo, &config).await.counts.entries_added, 0);
}

#[tokio::test]
async fn a_deleted_order_is_reversed_as_deleted_in_the_store() {
    let demo = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    let config = whole_history(&demo);
    run(&db, &demo, &config).await;
    let conn = conector_core::db::open(&db).unwrap();
    let gone = delivered_about(&demo, 50, &[]);
    demo.delete_order(gone).unwrap();

    let from = demo.requests().len();
    let second = run(&db, &demo, &config).await;
    assert_eq!(second.counts.deleted, 1);
    assert_eq!(
        reasons(&conn, &config.store, gone).last(),
        Some(&(EntryKind::Reverse, Some(EntryReason::Deleted)))
    );
    assert_eq!(
        conector_ledger::order_balance(&conn, &config.store, gone as i64).unwrap(),
        0
    );
    let requests = requests_since(&demo, from);
    assert!(
        requests
            .iter()
            .any(|r| r.starts_with(&format!("/ws/wspedidos/{gone}.json")) && r.ends_with("404")),
        "{requests:#?}"
    );
    let third = run(&db, &demo, &config).await;
    assert_eq!((third.counts.deleted, third.counts.entries_added), (0, 0));
}

#[tokio::test]
async fn unreadable_records_are_skipped_and_never_block_their_page_or_later_runs() {
    let demo = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    let config = whole_history(&demo);
    let bad = delivered_about(&demo, 30, &[]);
    demo.set_raw_field(
        bad,
        RecordPart::Order,
        "total_produtos",
        serde_json::json!("cento e vinte"),
    )
    .unwrap();
    // Another record is not an order at all (no id to keep it by).
    let junk = delivered_about(&demo, 60, &[bad]);
    demo.set_raw_field(
        junk,
        RecordPart::Record,
        "",
        serde_json::json!({"Wspedido": {"numero": "?"}}),
    )
    .unwrap();
    // And fields the points do not need are malformed on a third.
    let odd = delivered_about(&demo, 45, &[bad, junk]);
    demo.set_raw_field(
        odd,
        RecordPart::Items,
        "quantidade",
        serde_json::json!("1 un"),
    )
    .unwrap();
    demo.set_raw_field(
        odd,
        RecordPart::Order,
        "cliente_telefone",
        serde_json::json!({"ddd": 11}),
    )
    .unwrap();

    let first = run(&db, &demo, &config).await;
    let conn = conector_core::db::open(&db).unwrap();
    assert!(first.counts.unreadable >= 2);
    assert_eq!(first.totals.skipped.unreadable, 1);
    let skipped = conector_ledger::skipped_orders(
        &conn,
        &config.store,
        Some(conector_ledger::SkipReason::Unreadable),
        0,
        10,
    )
    .unwrap();
    assert_eq!(skipped.items[0].order_id, bad as i64);
    assert_eq!(
        skipped.items[0].unreadable_field.as_deref(),
        Some("total_produtos")
    );
    assert!(conector_ledger::order_balance(&conn, &config.store, odd as i64).unwrap() > 0);
    let status = sync_status(&conn, &config.store).unwrap();
    assert_eq!(
        status.resume_page, None,
        "the listing went past the bad records"
    );

    let second = run(&db, &demo, &config).await;
    assert_eq!(second.counts.entries_added, 0);

    // Fixed in the store: it earns at the next pass over the window.
    demo.clear_raw_fields(bad);
    run(&db, &demo, &config).await;
    assert!(conector_ledger::order_balance(&conn, &config.store, bad as i64).unwrap() > 0);
}

#[tokio::test]
async fn the_return_window_is_read_a_few_pages_per_run_until_the_pass_completes() {
    let demo = DemoStore::start(DemoConfig {
        page_size: 10,
        feed_items: 0,
        ..DemoConfig::default()
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    let mut config = whole_history(&demo);
    config.window_pages_per_run = 4;
    run(&db, &demo, &config).await;
    let conn = conector_core::db::open(&db).unwrap();
    let edited = delivered_about(&demo, 20, &[]);
    demo.edit_order(
        edited,
        OrderEdit {
            products_cents: Some(100_000),
            ..OrderEdit::default()
        },
    )
    .unwrap();

    // The first run listed everything: that counted as a pass over the window.
    let listed = sync_status(&conn, &config.store)
        .unwrap()
        .coverage
        .window_checked_at;
    assert!(listed.is_some());
    let mut runs = 0;
    let mut page_count = None;
    loop {
        runs += 1;
        let from = demo.requests().len();
        let summary = run(&db, &demo, &config).await;
        assert!(summary.counts.window_pages <= 4);
        assert_eq!(
            summary.counts.requests as usize,
            demo.requests().len() - from
        );
        let coverage = sync_status(&conn, &config.store).unwrap().coverage;
        if coverage.window_checked_at != listed {
            // Done; what was left of the budget began the next pass.
            break;
        }
        let progress = coverage.window_in_progress.unwrap();
        assert_eq!(progress.next_page, 4 * runs + 1);
        page_count = progress.page_count;
        assert!(runs < 20, "the pass ends");
    }
    let pages = page_count.unwrap();
    assert!(pages > 8, "{pages} pages: more than two runs' worth");
    assert_eq!(runs, pages.div_ceil(4), "{pages} pages");
    let entries = order_entries(&conn, &config.store, edited as i64).unwrap();
    assert_eq!(entries.last().unwrap().points, 1_000);
}

#[tokio::test]
async fn open_orders_before_the_window_are_all_re_read_in_turn() {
    let demo = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    let mut config = whole_history(&demo);
    config.return_window_days = 30;
    config.max_rechecks = 4;
    config.reread_after_hours = 0;
    // Ten old orders are still awaiting payment.
    let old: Vec<u64> = demo
        .orders_now()
        .into_iter()
        .filter(|o| o.placed_at < demo.now() - Duration::days(40))
        .filter(|o| o.placed_at > demo.now() - Duration::days(110))
        .step_by(20)
        .take(10)
        .map(|o| o.id)
        .collect();
    assert_eq!(old.len(), 10);
    for id in &old {
        demo.set_order_status(*id, "3").unwrap();
    }
    run(&db, &demo, &config).await;
    let conn = conector_core::db::open(&db).unwrap();
    let coverage = sync_status(&conn, &config.store).unwrap().coverage;
    assert_eq!(coverage.open_before_window, 10);

    let mut seen: Vec<HashSet<u64>> = Vec::new();
    for _ in 0..3 {
        let from = demo.requests().len();
        let summary = run(&db, &demo, &config).await;
        assert!(summary.counts.orders_rechecked <= 4);
        let reread: HashSet<u64> = demo.requests()[from..]
            .iter()
            .filter_map(|r| r.path.strip_prefix("/ws/wspedidos/"))
            .filter_map(|p| p.strip_suffix(".json")?.parse().ok())
            .collect();
        seen.push(reread);
    }
    // Oldest-checked first: no order comes back before every other had its turn.
    assert!(seen[0].is_disjoint(&seen[1]), "{seen:?}");
    let all: HashSet<u64> = seen.iter().flatten().copied().collect();
    assert_eq!(all, old.iter().copied().collect::<HashSet<_>>());
    // One of them got paid and delivered: the next re-read finds it.
    let coverage = sync_status(&conn, &config.store).unwrap().coverage;
    assert!(coverage.open_oldest_checked_at.is_some());
}

#[tokio::test]
async fn a_steady_run_costs_the_same_whatever_the_orders_outside_the_window() {
    let mut costs = Vec::new();
    for days_back in [150, 400] {
        let demo = DemoStore::start(DemoConfig {
            days_back,
            feed_items: 0,
            ..DemoConfig::default()
        })
        .await
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("app.sqlite3");
        let mut config = config(&demo);
        config.since = store_today() - Duration::days(i64::from(days_back) - 2);
        let first = run(&db, &demo, &config).await;
        run(&db, &demo, &config).await;
        let from = demo.requests().len();
        let steady = run(&db, &demo, &config).await;
        assert_eq!(steady.counts.entries_added, 0);
        assert_eq!(
            steady.counts.requests as usize,
            demo.requests().len() - from
        );
        costs.push((first.totals.orders_seen, steady.counts.requests));
    }
    let [(small_orders, small), (large_orders, large)] = costs[..] else {
        unreachable!()
    };
    assert!(large_orders > 2 * small_orders, "{costs:?}");
    assert!(small.abs_diff(large) <= 1, "{costs:?}");
}

#[tokio::test]
async fn new_final_statuses_during_a_run_are_not_undone_by_the_rest_of_the_run() {
    let demo = demo().await;
    demo.slow_down(1_000, std::time::Duration::from_millis(5));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    let config = whole_history(&demo);
    let only_delivered = conector_ledger::FinalStatuses::new(["21"]);
    let db_for_sink = db.clone();
    let store = config.store.clone();
    let finals = only_delivered.clone();
    let changed = std::sync::Mutex::new(false);
    let sink = move |e: SyncEvent| {
        if let SyncEvent::Progress { counts, .. } = e {
            let mut changed = changed.lock().unwrap();
            if counts.pages == 2 && !*changed {
                *changed = true;
                // The owner saves new final statuses on the dashboard: the setting and the
                // recompute commit together.
                let mut conn = conector_core::db::open(&db_for_sink).unwrap();
                let tx = conn
                    .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                    .unwrap();
                conector_core::settings::set(&tx, "sync.final_statuses", "[\"21\"]").unwrap();
                recompute_preview_in(&tx, &store, &finals, conector_ledger::EarnRate::DEFAULT)
                    .unwrap();
                tx.commit().unwrap();
            }
        }
    };
    let summary = run_once(&db, &client(&demo), &config, &sink, &AtomicBool::new(false))
        .await
        .unwrap();
    assert_eq!(summary.result, RunResult::Ok);
    // The ledger agrees with the new set: recomputing adds nothing.
    let out = recompute_preview(&db, &config.store, &only_delivered, config.rate).unwrap();
    assert_eq!(out.entries_added(), 0);
    let conn = conector_core::db::open(&db).unwrap();
    let shipped_earning: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM ledger_orders WHERE status_id IN ('18', '24')
             AND skip_reason IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(shipped_earning, 0);
    assert!(FINALS.contains(&"18"));
}

#[tokio::test]
async fn the_dashboard_can_tell_when_each_part_was_last_checked() {
    let demo = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    let config = whole_history(&demo);
    let before = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
    run(&db, &demo, &config).await;
    run(&db, &demo, &config).await;
    let conn = conector_core::db::open(&db).unwrap();
    let c = sync_status(&conn, &config.store).unwrap().coverage;
    let at = |t: &Option<String>| {
        OffsetDateTime::parse(
            t.as_deref().unwrap(),
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap()
    };
    assert!(at(&c.new_orders_checked_at) >= before);
    assert!(at(&c.window_checked_at) >= before);
    assert_eq!(
        c.window_from.as_deref(),
        Some(config::iso_date_string(config.since).as_str())
    );
    let statuses: Vec<_> = c.returns.iter().map(|s| s.status_id.as_str()).collect();
    assert_eq!(statuses.len(), 2, "Cancelado and Devolvido: {statuses:?}");
    assert!(c.returns.iter().all(|s| at(&s.checked_at) >= before));
    assert_eq!((c.open_before_window, c.unseen_in_window), (0, 0));
}
