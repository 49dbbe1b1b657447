//! The sync engine against a scripted store (issue #12, proof 1): random histories — status
//! changes at any age, refunds and edited totals, CPFs filled in or removed, deletions,
//! malformed records (some fixed later), orders inserted with an earlier date that shift every
//! page after them, time passing — with runs stopped between pages and the store changing
//! again before the next run. The engine's budgets are small, so a pass over the return window
//! spans several runs. Once the store has stopped changing and the runs since have completed
//! two passes over the window (the second one begun after the change), each order placed within
//! the window holds exactly what SPEC §5's rules give for its current state in the store, on
//! its current customer; a deleted one holds nothing; and a replay adds nothing.
//!
//! The rules are written again in this file ([`expected`]), apart from the ledger's own code
//! (`conector_ledger::judge`), so that a mistake in that code is caught rather than repeated.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;

use common::{client, FINALS};
use conector_demo::{DemoConfig, DemoHandle, DemoOrderView, DemoStore, OrderEdit, RecordPart};
use conector_ledger::{order_entries, FinalStatuses};
use conector_simplo7::store_key;
use conector_sync::*;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use time::Duration;

#[derive(Debug, Clone)]
enum Op {
    Status(usize, &'static str),
    /// A refund of this share of the products total, as a discount.
    Refund(usize, u8),
    Products(usize, i64),
    /// A CPF filled in (a valid one, by seed) or removed.
    Document(usize, Option<u32>),
    Delete(usize),
    /// A field the points need (`true`: the order is unreadable) or one they do not.
    Break(usize, Breakage),
    Fix(usize),
    /// An order placed this many days ago, inserted in date order.
    Insert(u8),
    Advance(u8),
}

#[derive(Debug, Clone, Copy)]
enum Breakage {
    Products,
    Status,
    Date,
    WholeRecord,
    Quantity,
    Phone,
}

impl Breakage {
    fn unreadable(self) -> bool {
        matches!(
            self,
            Breakage::Products | Breakage::Status | Breakage::Date | Breakage::WholeRecord
        )
    }
}

#[derive(Debug, Clone)]
struct Step {
    before: Vec<Op>,
    /// Runs stopped after this many progress events, and what the store does before the next.
    kills: Vec<(u32, Vec<Op>)>,
}

fn op() -> impl Strategy<Value = Op> {
    let statuses = prop::sample::select(vec!["3", "12", "18", "21", "24", "25", "31"]);
    prop_oneof![
        4 => (any::<usize>(), statuses).prop_map(|(i, s)| Op::Status(i, s)),
        2 => (any::<usize>(), 1u8..=100).prop_map(|(i, p)| Op::Refund(i, p)),
        1 => (any::<usize>(), 0i64..200_000).prop_map(|(i, c)| Op::Products(i, c)),
        2 => (any::<usize>(), prop::option::of(0u32..5)).prop_map(|(i, d)| Op::Document(i, d)),
        2 => any::<usize>().prop_map(Op::Delete),
        2 => (any::<usize>(), prop::sample::select(vec![
            Breakage::Products, Breakage::Status, Breakage::Date, Breakage::WholeRecord,
            Breakage::Quantity, Breakage::Phone,
        ])).prop_map(|(i, b)| Op::Break(i, b)),
        1 => any::<usize>().prop_map(Op::Fix),
        2 => (0u8..20).prop_map(Op::Insert),
        1 => (1u8..48).prop_map(Op::Advance),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    (
        prop::collection::vec(op(), 0..6),
        prop::collection::vec((0u32..40, prop::collection::vec(op(), 0..3)), 0..3),
    )
        .prop_map(|(before, kills)| Step { before, kills })
}

/// What the test did to the store that its API does not describe.
#[derive(Default)]
struct Known {
    /// Deleted orders and when they had been placed.
    deleted: HashMap<u64, time::OffsetDateTime>,
    unreadable: HashSet<u64>,
}

fn valid_cpf(seed: u32) -> String {
    let base = format!("{:09}", 123_456_000 + seed * 7_919);
    let mut d: Vec<u32> = base.chars().map(|c| c.to_digit(10).unwrap()).collect();
    for len in [9u32, 10] {
        let sum: u32 = d
            .iter()
            .enumerate()
            .map(|(i, v)| v * (len + 1 - i as u32))
            .sum();
        let r = (sum * 10) % 11;
        d.push(if r == 10 { 0 } else { r });
    }
    d.iter()
        .map(|v| char::from_digit(*v, 10).unwrap())
        .collect()
}

fn apply(demo: &DemoHandle, known: &mut Known, op: &Op) {
    let ids = demo.order_ids();
    let pick = |i: usize| ids[i % ids.len()];
    match *op {
        Op::Status(i, s) => demo.set_order_status(pick(i), s).unwrap(),
        Op::Refund(i, share) => {
            let id = pick(i);
            let view = demo.orders_now().into_iter().find(|o| o.id == id).unwrap();
            let edit = OrderEdit {
                discounts_cents: Some(view.products_cents * i64::from(share) / 100),
                ..OrderEdit::default()
            };
            demo.edit_order(id, edit).unwrap();
        }
        Op::Products(i, cents) => {
            let edit = OrderEdit {
                products_cents: Some(cents),
                ..OrderEdit::default()
            };
            demo.edit_order(pick(i), edit).unwrap();
        }
        Op::Document(i, seed) => {
            let edit = OrderEdit {
                document: Some(seed.map(valid_cpf)),
                ..OrderEdit::default()
            };
            demo.edit_order(pick(i), edit).unwrap();
        }
        Op::Delete(i) => {
            let id = pick(i);
            let view = demo.orders_now().into_iter().find(|o| o.id == id).unwrap();
            demo.delete_order(id).unwrap();
            known.deleted.insert(id, view.placed_at);
        }
        Op::Break(i, how) => {
            let id = pick(i);
            let (part, field, value) = match how {
                Breakage::Products => (
                    RecordPart::Order,
                    "total_produtos",
                    serde_json::json!("dez"),
                ),
                Breakage::Status => (
                    RecordPart::Order,
                    "pedidostatus_id",
                    serde_json::json!({"id": 3}),
                ),
                Breakage::Date => (RecordPart::Order, "data_pedido", serde_json::json!("ontem")),
                Breakage::WholeRecord => {
                    (RecordPart::Record, "", serde_json::json!({"Wspedido": []}))
                }
                Breakage::Quantity => (RecordPart::Items, "quantidade", serde_json::json!("1 un")),
                Breakage::Phone => (
                    RecordPart::Order,
                    "cliente_celular",
                    serde_json::json!([11, 9]),
                ),
            };
            demo.set_raw_field(id, part, field, value).unwrap();
            if how.unreadable() {
                known.unreadable.insert(id);
            }
        }
        Op::Fix(i) => {
            let id = pick(i);
            demo.clear_raw_fields(id);
            known.unreadable.remove(&id);
        }
        Op::Insert(days) => {
            demo.insert_order(demo.now() - Duration::days(i64::from(days)));
        }
        Op::Advance(hours) => demo.advance(std::time::Duration::from_secs(u64::from(hours) * 3600)),
    }
}

async fn sync(
    db: &std::path::Path,
    demo: &DemoHandle,
    config: &SyncConfig,
    stop_after: Option<u32>,
) -> RunSummary {
    let cancel = Arc::new(AtomicBool::new(false));
    let events = Arc::new(AtomicU32::new(0));
    let sink = {
        let (cancel, events) = (Arc::clone(&cancel), Arc::clone(&events));
        move |e: SyncEvent| {
            if matches!(e, SyncEvent::Progress { .. })
                && Some(events.fetch_add(1, Ordering::SeqCst) + 1) == stop_after
            {
                cancel.store(true, Ordering::SeqCst);
            }
        }
    };
    run_once(db, &client(demo), config, &sink, &cancel)
        .await
        .unwrap()
}

/// SPEC §5's rules for one order as the store shows it now: the customer key and the points it
/// holds, or `None` when it holds nothing. An order holds points iff it can be read, its status
/// is final and its buyer has a key — a CPF or CNPJ with valid check digits, else an e-mail;
/// points = floor((products − discounts) × 1 point per real), shipping excluded, never below 0.
fn expected(view: &DemoOrderView, unreadable: bool) -> Option<(String, i64)> {
    if unreadable || !FINALS.contains(&view.status_id.as_str()) {
        return None;
    }
    let key = reference_key(view.document.as_deref(), view.email.as_deref())?;
    let net_cents = view.products_cents - view.discounts_cents;
    Some((key, net_cents.max(0) / 100))
}

/// The key a customer is registered under: `cpf:`/`cnpj:` and the document's digits when its
/// check digits hold, else `email:` and the address in lower case.
fn reference_key(document: Option<&str>, email: Option<&str>) -> Option<String> {
    let digits: Vec<u32> = document
        .unwrap_or_default()
        .chars()
        .filter_map(|c| c.to_digit(10))
        .collect();
    let text = |d: &[u32]| d.iter().map(u32::to_string).collect::<String>();
    if digits.len() == 11 && cpf_digits_hold(&digits) {
        return Some(format!("cpf:{}", text(&digits)));
    }
    if digits.len() == 14 && cnpj_digits_hold(&digits) {
        return Some(format!("cnpj:{}", text(&digits)));
    }
    let email = email?.trim().to_lowercase();
    let (local, domain) = email.split_once('@')?;
    (!local.is_empty() && domain.contains('.')).then(|| format!("email:{email}"))
}

/// A CPF's two check digits: weights 10..2 (then 11..2), 11 minus the rest of the division by
/// 11, where 10 and 11 count as 0; a CPF of one repeated digit is not valid.
fn cpf_digits_hold(d: &[u32]) -> bool {
    let digit = |n: usize| {
        let sum: u32 = (0..n).map(|i| d[i] * (n as u32 + 1 - i as u32)).sum();
        match 11 - sum % 11 {
            10 | 11 => 0,
            r => r,
        }
    };
    d.iter().any(|x| *x != d[0]) && digit(9) == d[9] && digit(10) == d[10]
}

/// A numeric CNPJ's two check digits: weights 2..9 repeating from the right, rest below 2 → 0,
/// else 11 minus the rest.
fn cnpj_digits_hold(d: &[u32]) -> bool {
    let digit = |n: usize| {
        let sum: u32 = (0..n).map(|i| d[i] * (2 + ((n - 1 - i) % 8) as u32)).sum();
        match sum % 11 {
            0 | 1 => 0,
            r => 11 - r,
        }
    };
    d.iter().any(|x| *x != d[0]) && digit(12) == d[12] && digit(13) == d[13]
}

/// Every order of the window holds what the rules give for the store's state now.
fn check(
    conn: &rusqlite::Connection,
    demo: &DemoHandle,
    config: &SyncConfig,
    known: &Known,
) -> Result<(), TestCaseError> {
    // A day of margin at the window's edge (the store's day may turn during the test).
    let edge = conector_sync::mapping::day_start_utc(config.window_start(store_today()))
        + Duration::days(1);
    let visible: HashMap<u64, conector_demo::DemoOrderView> =
        demo.orders_now().into_iter().map(|o| (o.id, o)).collect();
    for (id, view) in &visible {
        if view.placed_at < edge {
            continue;
        }
        let want = expected(view, known.unreadable.contains(id));
        let entries = order_entries(conn, &config.store, *id as i64).unwrap();
        let mut by_key: HashMap<&str, i64> = HashMap::new();
        for e in &entries {
            *by_key.entry(e.customer_key.as_str()).or_default() += e.points;
        }
        let balance: i64 = by_key.values().sum();
        prop_assert_eq!(
            balance,
            want.as_ref().map_or(0, |w| w.1),
            "order {} ({:?}): {:?}",
            id,
            view,
            entries
        );
        for (key, points) in by_key {
            let held = want.as_ref().filter(|w| w.0 == key).map_or(0, |w| w.1);
            prop_assert_eq!(points, held, "order {} on {}", id, key);
        }
    }
    for (id, _) in known.deleted.iter().filter(|(_, placed)| **placed >= edge) {
        let entries = order_entries(conn, &config.store, *id as i64).unwrap();
        let balance: i64 = entries.iter().map(|e| e.points).sum();
        prop_assert_eq!(balance, 0, "deleted order {}: {:?}", id, entries);
    }
    Ok(())
}

/// Pages of the return window one run reads.
const WINDOW_PAGES_PER_RUN: u32 = 2;

/// Runs until two passes over the return window have ended since the store last changed — the
/// second one begun after the first ended, so after the change — and the orders the last pass
/// did not see were re-read. Says whether a run left a pass in flight for the next one.
async fn settle(
    db: &std::path::Path,
    demo: &DemoHandle,
    config: &SyncConfig,
    conn: &rusqlite::Connection,
) -> Result<bool, TestCaseError> {
    let coverage = || sync_status(conn, &config.store).unwrap().coverage;
    let mut before = coverage();
    let mut passes_ended = 0;
    let mut spanned = false;
    for _ in 0..300 {
        let done = sync(db, demo, config, None).await;
        prop_assert_eq!(&done.result, &RunResult::Ok);
        let after = coverage();
        // A pass ended in this run: a new end recorded, or the pass in flight before it is
        // gone (none in flight now, or a new one begun: within a pass the page only grows).
        let ended = after.window_checked_at != before.window_checked_at
            || before.window_in_progress.as_ref().is_some_and(|was| {
                after
                    .window_in_progress
                    .as_ref()
                    .is_none_or(|now| now.next_page <= was.next_page)
            });
        if ended {
            passes_ended += 1;
        }
        spanned |= after.window_in_progress.is_some();
        if passes_ended >= 2 && after.unseen_in_window == 0 {
            return Ok(spanned);
        }
        before = after;
    }
    Err(TestCaseError::fail(
        "two passes over the window did not end in 300 runs",
    ))
}

async fn scenario(seed: u64, steps: Vec<Step>) -> Result<(), TestCaseError> {
    let demo = DemoStore::start(DemoConfig {
        seed,
        days_back: 24,
        page_size: 4,
        customers: 12,
        feed_items: 0,
        ..DemoConfig::default()
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    let mut config = SyncConfig::new(
        store_key(None, &demo.base_url()),
        FinalStatuses::new(FINALS),
        store_today() - Duration::days(23),
        14,
    );
    // Budgets well below the store's size (a window of about a dozen pages of 4 orders): a pass
    // over the window spans several runs, as it does on a large store.
    config.window_pages_per_run = WINDOW_PAGES_PER_RUN;
    config.status_pages_per_run = 1;
    config.max_rechecks = 2;
    config.reread_after_hours = 0;
    let conn = conector_core::db::open(&db).unwrap();
    let mut known = Known::default();

    for step in &steps {
        for op in &step.before {
            apply(&demo, &mut known, op);
        }
        for (after, ops) in &step.kills {
            let stopped = sync(&db, &demo, &config, Some(*after)).await;
            prop_assert!(
                matches!(stopped.result, RunResult::Ok | RunResult::Cancelled),
                "{:?}",
                stopped.result
            );
            for op in ops {
                apply(&demo, &mut known, op);
            }
        }
        let spanned = settle(&db, &demo, &config, &conn).await?;
        prop_assert!(spanned, "a pass over the window spans several runs");
        check(&conn, &demo, &config, &known)?;
    }
    let replay = sync(&db, &demo, &config, None).await;
    prop_assert_eq!(replay.counts.entries_added, 0, "a replay adds nothing");
    check(&conn, &demo, &config, &known)?;
    demo.shutdown().await;
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        max_shrink_iters: 64,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_preview_is_the_rules_over_the_store_within_the_window(
        seed in any::<u64>(),
        steps in prop::collection::vec(step(), 1..5),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(scenario(seed, steps))?;
    }
}
