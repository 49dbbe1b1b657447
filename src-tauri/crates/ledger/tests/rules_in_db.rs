#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{open, order, STORE};
use conector_ledger::*;

fn finals() -> FinalStatuses {
    FinalStatuses::new(["4", "5", "6"])
}

fn apply(conn: &mut rusqlite::Connection, orders: &[OrderSnapshot]) -> ApplyOutcome {
    apply_orders(conn, STORE, orders, &finals(), EarnRate::DEFAULT).unwrap()
}

#[test]
fn first_entry_into_the_final_set_earns_once_and_moves_between_finals_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir);
    let o = order(1, "2", 15_990, 7);
    assert_eq!(
        apply(&mut conn, std::slice::from_ref(&o)).entries_added(),
        0
    );

    let shipped = OrderSnapshot {
        status_id: "4".into(),
        ..o.clone()
    };
    let out = apply(&mut conn, std::slice::from_ref(&shipped));
    assert_eq!((out.earned, out.reversed, out.points_delta), (1, 0, 159));
    // Same page again: nothing.
    assert_eq!(apply(&mut conn, &[shipped]).entries_added(), 0);
    // Shipped -> delivered -> concluded: still one earn.
    for s in ["5", "6", "5"] {
        let moved = OrderSnapshot {
            status_id: s.into(),
            ..o.clone()
        };
        assert_eq!(apply(&mut conn, &[moved]).entries_added(), 0);
    }
    assert_eq!(order_balance(&conn, STORE, 1).unwrap(), 159);
}

#[test]
fn leaving_reverses_what_was_earned_and_reentering_earns_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir);
    let o = order(9, "5", 10_000, 3);
    apply(&mut conn, std::slice::from_ref(&o));
    apply(
        &mut conn,
        &[OrderSnapshot {
            status_id: "8".into(),
            ..o.clone()
        }],
    );
    assert_eq!(order_balance(&conn, STORE, 9).unwrap(), 0);
    apply(&mut conn, std::slice::from_ref(&o));
    let entries = order_entries(&conn, STORE, 9).unwrap();
    let summary: Vec<_> = entries.iter().map(|e| (e.seq, e.kind, e.points)).collect();
    assert_eq!(
        summary,
        vec![
            (1, EntryKind::Earn, 100),
            (2, EntryKind::Reverse, -100),
            (3, EntryKind::Earn, 100)
        ]
    );
    assert!(entries
        .iter()
        .all(|e| e.customer_key == entries[0].customer_key));
}

#[test]
fn a_reversal_takes_back_what_was_earned_even_if_the_order_was_edited_since() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir);
    let o = order(2, "5", 20_000, 4);
    apply(&mut conn, std::slice::from_ref(&o));
    // The order is edited down and then cancelled: the reversal is of the 200 earned.
    let edited = OrderSnapshot {
        status_id: "7".into(),
        products_cents: 5_000,
        ..o
    };
    let out = apply(&mut conn, &[edited]);
    assert_eq!(out.points_delta, -200);
    assert_eq!(order_balance(&conn, STORE, 2).unwrap(), 0);
}

#[test]
fn ledger_rows_cannot_be_edited_or_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir);
    apply(&mut conn, &[order(1, "5", 10_000, 1)]);
    let update = conn.execute("UPDATE ledger_entries SET points = 1000000", []);
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = conn.execute("DELETE FROM ledger_entries", []);
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    assert_eq!(order_balance(&conn, STORE, 1).unwrap(), 100);
    // The unique key refuses a second entry with the same sequence.
    let dup = conn.execute(
        "INSERT INTO ledger_entries (store, order_id, seq, kind, points, customer_key, status_id,
             created_at) VALUES (?1, 1, 1, 'earn', 100, 'x', '5', 'now')",
        [STORE],
    );
    assert!(dup.is_err());
}

#[test]
fn balances_may_go_negative_for_a_customer_and_stores_are_separate() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir);
    apply(&mut conn, &[order(1, "5", 10_000, 1)]);
    apply_orders(
        &mut conn,
        "outra-loja",
        &[order(1, "5", 50_000, 1)],
        &finals(),
        EarnRate::DEFAULT,
    )
    .unwrap();
    assert_eq!(totals(&conn, STORE).unwrap().points_total, 100);
    assert_eq!(totals(&conn, "outra-loja").unwrap().points_total, 500);
    // A customer whose order was reversed and who has no other order sits at zero; reversal
    // entries are real negative rows.
    apply(&mut conn, &[order(1, "7", 10_000, 1)]);
    let neg: i64 = conn
        .query_row(
            "SELECT MIN(points) FROM ledger_entries WHERE store = ?1",
            [STORE],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(neg, -100);
}

#[test]
fn skip_reasons_and_orders_are_still_stored() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir);
    let mut no_key = order(3, "5", 10_000, 3);
    no_key.customer.cpf_cnpj = Some("123.456.789-00".into());
    no_key.customer.email = Some("sem-email".into());
    let mut discounted = order(4, "4", 10_000, 4);
    discounted.discounts_cents = 1_250;
    let out = apply(
        &mut conn,
        &[
            order(1, "1", 10_000, 1),
            order(2, "7", 10_000, 2),
            no_key,
            discounted,
        ],
    );
    assert_eq!(out.orders, 4);
    assert_eq!(out.earned, 1);
    let t = totals(&conn, STORE).unwrap();
    assert_eq!(t.orders_seen, 4);
    assert_eq!(t.orders_earning, 1);
    // Only the earning order counts, without its discount and shipping.
    assert_eq!(t.earning_cents, 8_750);
    assert_eq!(
        t.skipped,
        SkipCounts {
            status_not_final: 1,
            cancelled: 1,
            no_customer_key: 1,
            unreadable: 0,
        }
    );
    // Customers: everyone with a key, earning or not.
    assert_eq!(t.customers, 3);
    let page = skipped_orders(&conn, STORE, Some(SkipReason::Cancelled), 0, 10).unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].number, "1002");
    assert_eq!(page.items[0].status_name.as_deref(), Some("Cancelado"));
}

#[test]
fn changing_the_final_set_recomputes_from_stored_orders_and_converges() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir);
    let orders = [
        order(1, "3", 10_000, 1),
        order(2, "4", 20_000, 2),
        order(3, "5", 30_000, 3),
    ];
    apply(&mut conn, &orders);
    assert_eq!(totals(&conn, STORE).unwrap().points_total, 500);

    // The owner now counts only "Entregue" (5) and "Em separação" (3).
    let new_set = FinalStatuses::new(["3", "5"]);
    let out = recompute(&mut conn, STORE, &new_set, EarnRate::DEFAULT).unwrap();
    assert_eq!((out.earned, out.reversed), (1, 1));
    let t = totals(&conn, STORE).unwrap();
    assert_eq!(t.points_total, 400);
    assert_eq!(t.orders_earning, 2);
    assert_eq!(t.skipped.status_not_final, 1);
    // Idempotent.
    let again = recompute(&mut conn, STORE, &new_set, EarnRate::DEFAULT).unwrap();
    assert_eq!(again.entries_added(), 0);
    // And back.
    recompute(&mut conn, STORE, &finals(), EarnRate::DEFAULT).unwrap();
    assert_eq!(totals(&conn, STORE).unwrap().points_total, 500);
    // Nothing was deleted: 2 first earns, then an earn and a reversal each way.
    assert_eq!(totals(&conn, STORE).unwrap().ledger_entries, 6);
}

#[test]
fn customers_are_grouped_by_key_searchable_sortable_and_paginated() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir);
    // Buyer 1 orders twice (once with a formatted CPF, once with bare digits), buyer 2 once,
    // buyer 3 only has an e-mail.
    let mut a2 = order(2, "5", 5_000, 1);
    a2.customer.cpf_cnpj = a2.customer.cpf_cnpj.map(|c| c.replace(['.', '-'], ""));
    a2.customer.name = "Ana Paula".into();
    let mut c = order(4, "5", 1_000, 3);
    c.customer.cpf_cnpj = None;
    c.customer.name = "Zeca".into();
    apply(
        &mut conn,
        &[order(1, "5", 10_000, 1), a2, order(3, "6", 99_900, 2), c],
    );
    let all = customers(
        &conn,
        STORE,
        &CustomerQuery {
            limit: 10,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(all.total, 3);
    let top: Vec<_> = all
        .items
        .iter()
        .map(|c| (c.name.as_str(), c.points, c.orders))
        .collect();
    assert_eq!(
        top,
        vec![
            ("Cliente 2", 999, 1),
            ("Ana Paula", 150, 2),
            ("Zeca", 10, 1)
        ],
        "points descending; the name comes from the latest order"
    );
    assert_eq!(all.items[2].kind, KeyKind::Email);
    assert_eq!(
        all.items[2].email.as_deref(),
        Some("cliente3@exemplo.com.br")
    );

    let by_name = customers(
        &conn,
        STORE,
        &CustomerQuery {
            sort: CustomerSort::NameAsc,
            limit: 2,
            offset: 1,
            ..Default::default()
        },
    )
    .unwrap();
    let names: Vec<_> = by_name.items.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, vec!["Cliente 2", "Zeca"]);
    assert_eq!(by_name.total, 3);

    let doc = common::cpf(2);
    let found = customers(
        &conn,
        STORE,
        &CustomerQuery {
            search: doc.clone(),
            limit: 10,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(found.total, 1, "search by a formatted CPF");
    assert_eq!(found.items[0].name, "Cliente 2");
    let found = customers(
        &conn,
        STORE,
        &CustomerQuery {
            search: "ZECA".into(),
            limit: 10,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(found.items.len(), 1);
    assert_eq!(top_customers(&conn, STORE, 1).unwrap()[0].points, 999);

    // Accents and case do not matter.
    let mut accented = order(5, "5", 1_000, 9);
    accented.customer.name = "Zélia Conceição".into();
    apply(&mut conn, &[accented]);
    for search in ["zelia", "ZÉLIA", "conceicao", "Conceição"] {
        let found = customers(
            &conn,
            STORE,
            &CustomerQuery {
                search: search.into(),
                limit: 10,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(found.total, 1, "{search}");
        assert_eq!(found.items[0].name, "Zélia Conceição");
    }
}

#[test]
fn email_preview_lists_a_welcome_per_customer_and_a_points_email_per_earning_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir);
    apply(
        &mut conn,
        &[
            order(1, "5", 10_000, 1),
            order(2, "5", 5_000, 1),
            order(3, "1", 7_000, 2),
        ],
    );
    let settings = EmailSettings {
        store_name: "Loja Exemplo".into(),
        site_url: "https://www.lojaexemplo.com.br".into(),
        signup_url: "https://www.lojaexemplo.com.br/cadastro".into(),
    };
    let counts = email_counts(&conn, STORE).unwrap();
    assert_eq!(
        (counts.welcome, counts.points_earned, counts.without_address),
        (2, 2, 0)
    );
    let welcome = email_previews(&conn, STORE, EmailKind::Welcome, &settings, 0, 10).unwrap();
    assert_eq!(welcome.total, 2);
    let first = &welcome.items[0];
    assert_eq!(first.to_email.as_deref(), Some("cliente1@exemplo.com.br"));
    assert!(
        first.text.contains("Seu saldo atual: 150 pontos."),
        "{}",
        first.text
    );
    assert!(first
        .html
        .contains("https://www.lojaexemplo.com.br/cadastro"));
    let earned = email_previews(&conn, STORE, EmailKind::PointsEarned, &settings, 0, 10).unwrap();
    let subjects: Vec<_> = earned.items.iter().map(|e| e.subject.as_str()).collect();
    assert_eq!(
        subjects,
        vec![
            "Você ganhou 50 pontos na Loja Exemplo",
            "Você ganhou 100 pontos na Loja Exemplo"
        ]
    );
    // A customer known only by CPF gets neither e-mail: one welcome and one points e-mail
    // without an address, counted apart.
    let mut no_email = order(4, "5", 2_000, 3);
    no_email.customer.email = None;
    apply(&mut conn, &[no_email]);
    let counts = email_counts(&conn, STORE).unwrap();
    assert_eq!(
        (
            counts.welcome,
            counts.welcome_without_address,
            counts.points_earned,
            counts.points_without_address,
            counts.without_address
        ),
        (3, 1, 3, 1, 2)
    );
}

#[test]
fn moving_the_start_date_later_reverses_and_forgets_the_older_orders() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir);
    // Orders 1..=4 are placed one minute apart (see `common::order`).
    let orders = [
        order(1, "5", 10_000, 1),
        order(2, "1", 20_000, 2),
        order(3, "5", 30_000, 3),
        order(4, "5", 40_000, 1),
    ];
    apply(&mut conn, &orders);
    let cutoff = orders[2].placed_at;
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .unwrap();
    let now = time::OffsetDateTime::now_utc();
    let out = drop_orders_before(&tx, STORE, cutoff, now).unwrap();
    tx.commit().unwrap();
    assert_eq!((out.orders, out.reversed, out.points_delta), (2, 1, -100));
    let t = totals(&conn, STORE).unwrap();
    assert_eq!(t.orders_seen, 2);
    assert_eq!(t.points_total, 700);
    assert_eq!(t.customers, 2);
    // The history stays: 3 earns and 1 reverse.
    assert_eq!(t.ledger_entries, 4);
    // Idempotent.
    let tx = conn.transaction().unwrap();
    assert_eq!(
        drop_orders_before(&tx, STORE, cutoff, now).unwrap(),
        ApplyOutcome::default()
    );
    tx.commit().unwrap();
    // Moving the date back re-reads them: order 1 earns again with a new sequence.
    apply(&mut conn, &orders[..1]);
    let entries = order_entries(&conn, STORE, 1).unwrap();
    let kinds: Vec<_> = entries.iter().map(|e| (e.seq, e.kind)).collect();
    assert_eq!(
        kinds,
        vec![
            (1, EntryKind::Earn),
            (2, EntryKind::Reverse),
            (3, EntryKind::Earn)
        ]
    );
}

#[test]
fn a_customer_keeps_the_email_of_an_earlier_order_when_the_latest_has_none() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir);
    let mut latest = order(2, "5", 5_000, 1);
    latest.customer.email = None;
    latest.customer.name = "Ana Nova".into();
    apply(&mut conn, &[order(1, "5", 10_000, 1), latest]);
    let page = customers(
        &conn,
        STORE,
        &CustomerQuery {
            limit: 5,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].name, "Ana Nova");
    assert_eq!(
        page.items[0].email.as_deref(),
        Some("cliente1@exemplo.com.br")
    );
    let settings = EmailSettings {
        store_name: "Loja".into(),
        site_url: "https://loja.com.br".into(),
        signup_url: "https://loja.com.br/cadastro".into(),
    };
    let welcome = email_previews(&conn, STORE, EmailKind::Welcome, &settings, 0, 5).unwrap();
    assert_eq!(
        welcome.items[0].to_email.as_deref(),
        Some("cliente1@exemplo.com.br")
    );
    let earned = email_previews(&conn, STORE, EmailKind::PointsEarned, &settings, 0, 5).unwrap();
    assert_eq!(earned.total, 2);
    assert!(earned
        .items
        .iter()
        .all(|e| e.to_email.as_deref() == Some("cliente1@exemplo.com.br")));
    assert_eq!(email_counts(&conn, STORE).unwrap().without_address, 0);
    // A page past the end still knows the total.
    let past = customers(
        &conn,
        STORE,
        &CustomerQuery {
            offset: 10,
            limit: 5,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(past.items.is_empty());
    assert_eq!(past.total, 1);
}

#[test]
fn the_recent_pace_counts_new_customers_and_earning_orders_from_a_day_on() {
    use time::{Duration, OffsetDateTime};
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir);
    let day = |n: i64| OffsetDateTime::UNIX_EPOCH + Duration::days(20_000 + n);
    let at = |mut o: OrderSnapshot, n: i64| {
        o.placed_at = day(n);
        o
    };
    let mut no_email = at(order(6, "5", 3_000, 4), 30);
    no_email.customer.email = None;
    apply(
        &mut conn,
        &[
            // Buyer 1: an old customer who buys again recently — no new welcome.
            at(order(1, "5", 10_000, 1), 0),
            at(order(2, "5", 5_000, 1), 30),
            // Buyer 2: new recently, one earning order and one not final yet.
            at(order(3, "5", 7_000, 2), 29),
            at(order(4, "1", 7_000, 2), 31),
            // Buyer 3: new recently, cancelled — welcomed, no points e-mail.
            at(order(5, "7", 4_000, 3), 31),
            // Buyer 4: no address anywhere — no e-mail of either kind.
            no_email,
        ],
    );
    let recent = email_counts_from(&conn, STORE, day(28)).unwrap();
    assert_eq!(
        (recent.welcome, recent.points_earned),
        (2, 2),
        "new: buyers 2 and 3; earning: orders 2 and 3"
    );
    let everything = email_counts_from(&conn, STORE, day(0)).unwrap();
    assert_eq!((everything.welcome, everything.points_earned), (3, 3));
}
