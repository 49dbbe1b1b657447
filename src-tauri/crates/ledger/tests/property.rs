#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;

use common::{cpf, open, order, STORE};
use conector_ledger::*;
use proptest::prelude::*;

/// Statuses 1..=8 of the test store; 4, 5, 6 earn.
fn finals() -> FinalStatuses {
    FinalStatuses::new(["4", "5", "6"])
}

/// An order as the store shows it at one moment.
#[derive(Debug, Clone, Copy, PartialEq)]
struct State {
    status: u8,
    products_cents: i64,
    discounts_cents: i64,
    buyer: u32,
    /// The CPF is filled in (else only the e-mail identifies the buyer).
    with_cpf: bool,
    unreadable: bool,
}

#[derive(Debug, Clone)]
enum Event {
    /// A page read from the store: these orders in these states.
    Page(Vec<(usize, State)>),
    /// A re-read answered 404.
    Deleted(usize),
}

fn state() -> impl Strategy<Value = State> {
    (
        1u8..=8,
        prop_oneof![Just(10_000i64), 0i64..300_000],
        prop_oneof![Just(0i64), 0i64..20_000],
        0u32..3,
        any::<bool>(),
        prop::bool::weighted(0.1),
    )
        .prop_map(
            |(status, products_cents, discounts_cents, buyer, with_cpf, unreadable)| State {
                status,
                products_cents,
                discounts_cents,
                buyer,
                with_cpf,
                unreadable,
            },
        )
}

fn events(n: usize) -> impl Strategy<Value = Vec<Event>> {
    let event = prop_oneof![
        6 => prop::collection::vec((0..n, state()), 1..5).prop_map(Event::Page),
        1 => (0..n).prop_map(Event::Deleted),
    ];
    prop::collection::vec(event, 1..25)
}

fn snapshot(i: usize, s: State) -> OrderSnapshot {
    let mut o = order(
        i as i64 + 1,
        &s.status.to_string(),
        s.products_cents,
        s.buyer,
    );
    o.discounts_cents = s.discounts_cents;
    if !s.with_cpf {
        o.customer.cpf_cnpj = None;
    }
    if s.unreadable {
        o.unreadable = Some("total_produtos".into());
        o.products_cents = 0;
    }
    o
}

/// What the rules say the order holds, and for whom.
fn expected(s: &State) -> Option<(String, i64)> {
    if s.unreadable || !(4..=6).contains(&s.status) {
        return None;
    }
    let key = if s.with_cpf {
        format!("cpf:{}", cpf(s.buyer).replace(['.', '-'], ""))
    } else {
        format!("email:cliente{}@exemplo.com.br", s.buyer)
    };
    Some((
        key,
        EarnRate::DEFAULT.points_for(s.products_cents, s.discounts_cents),
    ))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Random lives of a few orders: status changes, refunds and edits, a CPF filled in later,
    /// unreadable records, deletions. After each step every order holds what the rules give
    /// for its current state, on its current customer; the customer list adds up to the
    /// ledger; replaying the current state appends nothing.
    #[test]
    fn ledger_follows_the_current_state_and_replays_add_nothing(
        (n, events) in (1usize..6).prop_flat_map(|n| (Just(n), events(n)))
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = open(&dir);
        let mut current: Vec<Option<State>> = vec![None; n];

        for event in &events {
            match event {
                Event::Page(page) => {
                    let orders: Vec<_> = page.iter().map(|&(i, s)| snapshot(i, s)).collect();
                    apply_orders(&mut conn, STORE, &orders, &finals(), EarnRate::DEFAULT).unwrap();
                    for &(i, s) in page {
                        current[i] = Some(s);
                    }
                }
                Event::Deleted(i) => {
                    let tx = conn.transaction().unwrap();
                    remove_deleted_order(&tx, STORE, *i as i64 + 1, time::OffsetDateTime::now_utc())
                        .unwrap();
                    tx.commit().unwrap();
                    current[*i] = None;
                }
            }

            let mut per_customer: HashMap<String, i64> = HashMap::new();
            for (i, s) in current.iter().enumerate() {
                let id = i as i64 + 1;
                let want = s.as_ref().and_then(expected);
                let entries = order_entries(&conn, STORE, id).unwrap();
                let balance: i64 = entries.iter().map(|e| e.points).sum();
                prop_assert_eq!(balance, want.as_ref().map_or(0, |w| w.1), "order {}", id);
                // What an order holds sits on its current customer, nowhere else.
                let mut by_key: HashMap<&str, i64> = HashMap::new();
                for e in &entries {
                    *by_key.entry(e.customer_key.as_str()).or_default() += e.points;
                }
                for (key, points) in by_key {
                    let held = want.as_ref().filter(|w| w.0 == key).map_or(0, |w| w.1);
                    prop_assert_eq!(points, held, "order {} on {}", id, key);
                }
                for (n, e) in entries.iter().enumerate() {
                    prop_assert_eq!(e.seq, n as i64 + 1);
                    prop_assert!(e.reason.is_some());
                }
                if let Some((key, points)) = want {
                    *per_customer.entry(key).or_default() += points;
                }
            }
            let list = customers(&conn, STORE, &CustomerQuery { limit: 1000, ..CustomerQuery::default() })
                .unwrap();
            let t = totals(&conn, STORE).unwrap();
            prop_assert_eq!(list.items.iter().map(|c| c.points).sum::<i64>(), t.points_total);
            for c in &list.items {
                prop_assert_eq!(c.points, per_customer.get(&c.key).copied().unwrap_or(0), "{}", &c.key);
            }
            prop_assert_eq!(
                t.skipped.unreadable,
                current.iter().flatten().filter(|s| s.unreadable).count() as u64
            );
        }

        // The store is read again (a restart, a replayed page): nothing is appended.
        let before = entry_count(&conn, STORE).unwrap();
        let state: Vec<_> = current
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.map(|s| snapshot(i, s)))
            .collect();
        let out = apply_orders(&mut conn, STORE, &state, &finals(), EarnRate::DEFAULT).unwrap();
        prop_assert_eq!(out.entries_added(), 0);
        let out = recompute(&mut conn, STORE, &finals(), EarnRate::DEFAULT).unwrap();
        prop_assert_eq!(out.entries_added(), 0);
        prop_assert_eq!(entry_count(&conn, STORE).unwrap(), before);
    }
}
