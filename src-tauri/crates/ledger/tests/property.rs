#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{open, order, STORE};
use conector_ledger::*;
use proptest::prelude::*;

/// Statuses 1..=8 of the test store; 4, 5, 6 earn.
fn finals() -> FinalStatuses {
    FinalStatuses::new(["4", "5", "6"])
}

#[derive(Debug, Clone)]
struct Case {
    amounts: Vec<i64>,
    /// Pages of (order index, status) as the store returned them over time.
    pages: Vec<Vec<(usize, u8)>>,
    /// How the last full read is cut into pages for the replay.
    replay_cut: usize,
}

fn case() -> impl Strategy<Value = Case> {
    (1usize..8)
        .prop_flat_map(|n| {
            (
                prop::collection::vec(0i64..500_000, n),
                prop::collection::vec(prop::collection::vec((0..n, 1u8..=8), 1..5), 1..25),
                1usize..=n,
            )
        })
        .prop_map(|(amounts, pages, replay_cut)| Case {
            amounts,
            pages,
            replay_cut,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn ledger_matches_the_current_status_and_replays_add_nothing(case in case()) {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = open(&dir);
        let snapshot = |i: usize, status: u8| order(i as i64 + 1, &status.to_string(), case.amounts[i], i as u32);
        let mut current: Vec<Option<u8>> = vec![None; case.amounts.len()];

        for page in &case.pages {
            let orders: Vec<_> = page.iter().map(|&(i, s)| snapshot(i, s)).collect();
            apply_orders(&mut conn, STORE, &orders, &finals(), EarnRate::DEFAULT).unwrap();
            for &(i, s) in page {
                current[i] = Some(s);
            }
        }

        let seen: Vec<(usize, u8)> = current
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.map(|s| (i, s)))
            .collect();
        for &(i, status) in &seen {
            let id = i as i64 + 1;
            let expected = if (4..=6).contains(&status) {
                EarnRate::DEFAULT.points_for(case.amounts[i], 0)
            } else {
                0
            };
            prop_assert_eq!(order_balance(&conn, STORE, id).unwrap(), expected);
            // Entries alternate earn, reverse, earn... with consecutive sequence numbers.
            let entries = order_entries(&conn, STORE, id).unwrap();
            for (n, e) in entries.iter().enumerate() {
                prop_assert_eq!(e.seq, n as i64 + 1);
                let kind = if n % 2 == 0 { EntryKind::Earn } else { EntryKind::Reverse };
                prop_assert_eq!(e.kind, kind);
            }
        }

        // The store is read again (a restart, a replayed page): the current state, cut into
        // pages, applied prefix by prefix, never appends.
        let before = entry_count(&conn, STORE).unwrap();
        let final_page: Vec<_> = seen.iter().map(|&(i, s)| snapshot(i, s)).collect();
        for chunk in final_page.chunks(case.replay_cut) {
            let out = apply_orders(&mut conn, STORE, chunk, &finals(), EarnRate::DEFAULT).unwrap();
            prop_assert_eq!(out.entries_added(), 0);
        }
        let last = case.pages.last().unwrap();
        let replay: Vec<_> = last.iter().map(|&(i, s)| snapshot(i, s)).collect();
        // Replaying the last page is a no-op only where it still matches the current state,
        // which holds when no order appears twice in it with different statuses.
        let consistent = last.iter().all(|&(i, s)| current[i] == Some(s));
        if consistent {
            let out = apply_orders(&mut conn, STORE, &replay, &finals(), EarnRate::DEFAULT).unwrap();
            prop_assert_eq!(out.entries_added(), 0);
        }
        prop_assert_eq!(entry_count(&conn, STORE).unwrap(), before);
    }
}
