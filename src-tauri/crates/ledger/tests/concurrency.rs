#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::{Arc, Barrier};

use common::{order, STORE};
use conector_ledger::*;

#[test]
fn two_connections_applying_the_same_pages_at_once_never_award_twice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite3");
    conector_core::db::open(&path).unwrap();
    // 40 pages of 50 orders; two of every three orders are in a final status.
    let pages: Vec<Vec<OrderSnapshot>> = (0..40)
        .map(|p| {
            (0..50)
                .map(|i| {
                    let id = p * 50 + i;
                    let status = ["2", "5", "6"][(id % 3) as usize];
                    order(id, status, 1_000 + id * 7, (id % 300) as u32)
                })
                .collect()
        })
        .collect();
    let pages = Arc::new(pages);
    let start = Arc::new(Barrier::new(2));
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let pages = Arc::clone(&pages);
            let start = Arc::clone(&start);
            let path = path.clone();
            std::thread::spawn(move || {
                let mut conn = conector_core::db::open(&path).unwrap();
                start.wait();
                let mut total = ApplyOutcome::default();
                for page in pages.iter() {
                    let out = apply_orders(
                        &mut conn,
                        STORE,
                        page,
                        &FinalStatuses::new(["5", "6"]),
                        EarnRate::DEFAULT,
                    )
                    .unwrap();
                    total.add(out);
                }
                total
            })
        })
        .collect();
    let outcomes: Vec<ApplyOutcome> = runs.into_iter().map(|h| h.join().unwrap()).collect();

    let conn = conector_core::db::open(&path).unwrap();
    let earning = (0..2000).filter(|id| id % 3 != 0).count() as u64;
    let expected_points: i64 = (0..2000i64)
        .filter(|id| id % 3 != 0)
        .map(|id| (1_000 + id * 7) / 100)
        .sum();
    let t = totals(&conn, STORE).unwrap();
    assert_eq!(
        t.ledger_entries, earning,
        "one earn per earning order, not two"
    );
    assert_eq!(t.points_total, expected_points);
    assert_eq!(
        u64::from(outcomes[0].earned + outcomes[1].earned),
        earning,
        "between them the two runs appended each earn exactly once"
    );
}
