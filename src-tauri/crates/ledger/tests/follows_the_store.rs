//! The ledger follows what the store does to an order after it earned: refunds and edits, a
//! CPF filled in later, a record that turns unreadable, a deletion; and a change of rules
//! applied in the caller's transaction.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{cpf, open, order, STORE};
use conector_ledger::*;
use time::OffsetDateTime;

fn finals() -> FinalStatuses {
    FinalStatuses::new(["4", "5", "6"])
}

fn apply(conn: &mut rusqlite::Connection, orders: &[OrderSnapshot]) -> ApplyOutcome {
    apply_orders(conn, STORE, orders, &finals(), EarnRate::DEFAULT).unwrap()
}

fn history(conn: &rusqlite::Connection, id: i64) -> Vec<(EntryKind, i64, Option<EntryReason>)> {
    order_entries(conn, STORE, id)
        .unwrap()
        .into_iter()
        .map(|e| (e.kind, e.points, e.reason))
        .collect()
}

fn points_of(conn: &rusqlite::Connection, key: &str) -> Option<i64> {
    let page = customers(
        conn,
        STORE,
        &CustomerQuery {
            limit: 100,
            ..CustomerQuery::default()
        },
    )
    .unwrap();
    page.items
        .into_iter()
        .find(|c| c.key == key)
        .map(|c| c.points)
}

#[test]
fn a_refund_while_final_reverses_the_old_amount_and_earns_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir);
    let o = order(1, "5", 20_000, 1);
    apply(&mut conn, std::slice::from_ref(&o));
    // A partial refund: R$ 200 becomes R$ 150 as a discount, still "Entregue".
    let refunded = OrderSnapshot {
        discounts_cents: 5_000,
        ..o.clone()
    };
    let out = apply(&mut conn, std::slice::from_ref(&refunded));
    assert_eq!((out.earned, out.reversed, out.points_delta), (1, 1, -50));
    assert_eq!(
        history(&conn, 1),
        vec![
            (EntryKind::Earn, 200, Some(EntryReason::FinalStatus)),
            (EntryKind::Reverse, -200, Some(EntryReason::AmountChanged)),
            (EntryKind::Earn, 150, Some(EntryReason::AmountChanged)),
        ]
    );
    let amounts: Vec<_> = order_entries(&conn, STORE, 1)
        .unwrap()
        .iter()
        .map(|e| e.amount_cents)
        .collect();
    assert_eq!(amounts, vec![Some(20_000), None, Some(15_000)]);
    assert_eq!(apply(&mut conn, &[refunded]).entries_added(), 0, "replay");
    // An edit that changes nothing the points see (shipping) appends nothing.
    let shipping = OrderSnapshot {
        shipping_cents: 0,
        discounts_cents: 5_000,
        ..o
    };
    assert_eq!(apply(&mut conn, &[shipping]).entries_added(), 0);
    assert_eq!(order_balance(&conn, STORE, 1).unwrap(), 150);
}

#[test]
fn points_follow_a_cpf_filled_in_later_and_the_customer_list_adds_up() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir);
    let mut by_email = order(1, "5", 10_000, 7);
    by_email.customer.cpf_cnpj = None;
    apply(&mut conn, std::slice::from_ref(&by_email));
    let email_key = "email:cliente7@exemplo.com.br";
    assert_eq!(points_of(&conn, email_key), Some(100));

    let with_cpf = order(1, "5", 10_000, 7);
    let out = apply(&mut conn, &[with_cpf]);
    assert_eq!((out.earned, out.reversed, out.points_delta), (1, 1, 0));
    let cpf_key = format!("cpf:{}", cpf(7).replace(['.', '-'], ""));
    assert_eq!(points_of(&conn, &cpf_key), Some(100));
    assert_eq!(
        points_of(&conn, email_key),
        None,
        "no order left on the e-mail"
    );
    let entries = order_entries(&conn, STORE, 1).unwrap();
    assert_eq!(entries[1].customer_key, email_key);
    assert_eq!(entries[1].reason, Some(EntryReason::CustomerChanged));
    assert_eq!(entries[2].customer_key, cpf_key);
    assert_eq!(totals(&conn, STORE).unwrap().points_total, 100);
    // Each customer's history says why: the e-mail key earned and gave back, the CPF earned.
    let summary = |key: &str| -> Vec<_> {
        customer_history(&conn, STORE, key, 10)
            .unwrap()
            .into_iter()
            .map(|e| (e.number, e.kind, e.points, e.reason))
            .collect()
    };
    let number = Some("1001".to_owned());
    assert_eq!(
        summary(email_key),
        vec![
            (
                number.clone(),
                EntryKind::Reverse,
                -100,
                Some(EntryReason::CustomerChanged)
            ),
            (
                number.clone(),
                EntryKind::Earn,
                100,
                Some(EntryReason::FinalStatus)
            ),
        ]
    );
    assert_eq!(
        summary(&cpf_key),
        vec![(
            number,
            EntryKind::Earn,
            100,
            Some(EntryReason::CustomerChanged)
        )]
    );
}

#[test]
fn an_unreadable_order_is_skipped_with_its_field_and_earns_again_once_readable() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir);
    let o = order(3, "5", 10_000, 2);
    apply(&mut conn, std::slice::from_ref(&o));
    let broken = OrderSnapshot {
        unreadable: Some("total_produtos".into()),
        products_cents: 0,
        ..o.clone()
    };
    apply(&mut conn, &[broken]);
    assert_eq!(order_balance(&conn, STORE, 3).unwrap(), 0);
    assert_eq!(
        history(&conn, 3)[1],
        (EntryKind::Reverse, -100, Some(EntryReason::Unreadable))
    );
    let t = totals(&conn, STORE).unwrap();
    assert_eq!((t.skipped.unreadable, t.orders_earning), (1, 0));
    let skipped = skipped_orders(&conn, STORE, Some(SkipReason::Unreadable), 0, 10).unwrap();
    assert_eq!(
        skipped.items[0].unreadable_field.as_deref(),
        Some("total_produtos")
    );
    // Fixed in the store: read again, it earns again.
    apply(&mut conn, &[o]);
    assert_eq!(order_balance(&conn, STORE, 3).unwrap(), 100);
    assert_eq!(totals(&conn, STORE).unwrap().skipped.unreadable, 0);
}

#[test]
fn a_deleted_order_is_reversed_as_deleted_and_leaves_the_preview() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir);
    apply(
        &mut conn,
        &[order(4, "5", 10_000, 2), order(5, "5", 5_000, 2)],
    );
    let tx = conn.transaction().unwrap();
    let out = remove_deleted_order(&tx, STORE, 4, OffsetDateTime::now_utc()).unwrap();
    tx.commit().unwrap();
    assert_eq!((out.reversed, out.points_delta), (1, -100));
    assert_eq!(
        history(&conn, 4).last(),
        Some(&(EntryKind::Reverse, -100, Some(EntryReason::Deleted)))
    );
    let t = totals(&conn, STORE).unwrap();
    assert_eq!((t.orders_seen, t.points_total), (1, 50));
    // Again: nothing left to remove.
    let tx = conn.transaction().unwrap();
    let again = remove_deleted_order(&tx, STORE, 4, OffsetDateTime::now_utc()).unwrap();
    assert_eq!(again, ApplyOutcome::default());
}

#[test]
fn new_rules_apply_in_the_callers_transaction_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir);
    apply(
        &mut conn,
        &[order(1, "4", 10_000, 1), order(2, "5", 10_000, 2)],
    );
    let now = OffsetDateTime::now_utc();
    let only_delivered = FinalStatuses::new(["5"]);

    // The caller's setting and the recompute roll back together.
    {
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .unwrap();
        tx.execute(
            "INSERT INTO settings (key, value) VALUES ('sync.final_statuses', '[\"5\"]')",
            [],
        )
        .unwrap();
        let out = set_rules_in(&tx, STORE, &only_delivered, EarnRate::DEFAULT, now).unwrap();
        assert_eq!(out.reversed, 1);
        // Dropped without commit: as if the app failed after the recompute.
    }
    assert_eq!(totals(&conn, STORE).unwrap().points_total, 200);
    let saved: i64 = conn
        .query_row("SELECT COUNT(*) FROM settings", [], |r| r.get(0))
        .unwrap();
    assert_eq!(saved, 0);

    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .unwrap();
    set_rules_in(&tx, STORE, &only_delivered, EarnRate::DEFAULT, now).unwrap();
    tx.commit().unwrap();
    assert_eq!(totals(&conn, STORE).unwrap().points_total, 100);
    assert_eq!(
        rules_in_force(&conn, STORE).unwrap(),
        Some(Rules {
            finals: only_delivered.clone(),
            rate: EarnRate::DEFAULT
        })
    );
    // The same rules again: nothing to do. A new rate: a reverse and an earn per earning order.
    let tx = conn.transaction().unwrap();
    assert_eq!(
        set_rules_in(&tx, STORE, &only_delivered, EarnRate::DEFAULT, now).unwrap(),
        ApplyOutcome::default()
    );
    let doubled = EarnRate::points_per_real(2).unwrap();
    let out = set_rules_in(&tx, STORE, &only_delivered, doubled, now).unwrap();
    tx.commit().unwrap();
    assert_eq!((out.earned, out.reversed, out.points_delta), (1, 1, 100));
    assert_eq!(
        history(&conn, 2).last(),
        Some(&(EntryKind::Earn, 200, Some(EntryReason::RateChanged)))
    );
}

#[test]
fn a_ledger_left_on_an_old_customer_key_is_repaired_by_a_recompute() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir);
    apply(&mut conn, &[order(1, "5", 10_000, 1)]);
    // What an older version left behind: the snapshot moved to another buyer, the earn did not.
    conn.execute(
        "UPDATE ledger_orders SET raw_document = ?1, customer_key = ?2",
        [cpf(9), format!("cpf:{}", cpf(9).replace(['.', '-'], ""))],
    )
    .unwrap();
    let out = recompute(&mut conn, STORE, &finals(), EarnRate::DEFAULT).unwrap();
    assert_eq!(out.entries_added(), 2);
    let nine = format!("cpf:{}", cpf(9).replace(['.', '-'], ""));
    assert_eq!(points_of(&conn, &nine), Some(100));
    assert_eq!(
        recompute(&mut conn, STORE, &finals(), EarnRate::DEFAULT)
            .unwrap()
            .entries_added(),
        0
    );
}
