//! Ledger benchmark (SPEC §9: 100k orders applied ≤ 2 s; replaying them adds 0 entries).
//!
//! `cargo run --release -p conector-ledger --example ledger_bench [-- ORDERS [PAGE_SIZE]]`
//!
//! Orders go into a real SQLite file (WAL, the app's migrations) in pages of 100 (the size of a
//! Simplo7 orders page, each page one IMMEDIATE transaction, as the sync engine applies them).

use std::time::Instant;

use conector_ledger::{
    apply_orders, customers, email_previews, recompute, skipped_orders, totals, CustomerQuery,
    CustomerRef, CustomerSort, EarnRate, EmailKind, EmailSettings, FinalStatuses, OrderSnapshot,
};
use time::{Duration, OffsetDateTime};

fn cpf(seed: u32) -> String {
    let base = format!("{:09}", 100_000_000 + seed);
    let mut d: Vec<u32> = base.chars().filter_map(|c| c.to_digit(10)).collect();
    for len in [9u32, 10] {
        let sum: u32 = d
            .iter()
            .enumerate()
            .map(|(i, v)| v * (len + 1 - i as u32))
            .sum();
        let r = (sum * 10) % 11;
        d.push(if r == 10 { 0 } else { r });
    }
    d.iter().filter_map(|v| char::from_digit(*v, 10)).collect()
}

fn orders(n: i64) -> Vec<OrderSnapshot> {
    let start = OffsetDateTime::now_utc() - Duration::days(90);
    (0..n)
        .map(|i| {
            let status = ["1", "2", "4", "5", "6", "7"][(i % 6) as usize];
            let buyer = (i % 40_000) as u32;
            OrderSnapshot {
                order_id: 500_000 + i,
                number: format!("{}", 100_000 + i),
                placed_at: start + Duration::seconds(i * 60),
                status_id: status.to_owned(),
                status_name: Some(if status == "7" { "Cancelado" } else { "Outro" }.to_owned()),
                products_cents: 1_990 + (i * 7_919) % 90_000,
                discounts_cents: (i % 5) * 500,
                shipping_cents: 1_800,
                total_cents: 3_790 + (i * 7_919) % 90_000,
                customer: CustomerRef {
                    // One in ten buyers has only an e-mail, one in fifty neither.
                    cpf_cnpj: (i % 10 != 0).then(|| cpf(buyer)),
                    email: (i % 50 != 0).then(|| format!("Cliente{buyer}@exemplo.com.br")),
                    name: format!("Cliente {buyer}"),
                    phone: Some("(11) 99999-0000".to_owned()),
                },
                unreadable: None,
            }
        })
        .collect()
}

/// CPU time of this process in seconds (Linux: /proc/self/schedstat), to tell the work done
/// from the time spent waiting for a busy shared machine.
fn cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/self/schedstat").ok()?;
    let ns: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

fn cpu_since(start: Option<f64>) -> String {
    match (start, cpu_seconds()) {
        (Some(a), Some(b)) => format!(", cpu {:.3} s", b - a),
        _ => String::new(),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: i64 = args
        .next()
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(100_000);
    let page_size: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(100);
    let dir = tempfile::tempdir()?;
    let mut conn = conector_core::db::open(&dir.path().join("bench.sqlite3"))?;
    let finals = FinalStatuses::new(["4", "5", "6"]);
    let store = "bench";
    let data = orders(n);

    let c0 = cpu_seconds();
    let t0 = Instant::now();
    let mut added = 0u64;
    for page in data.chunks(page_size) {
        added += u64::from(
            apply_orders(&mut conn, store, page, &finals, EarnRate::DEFAULT)?.entries_added(),
        );
    }
    let first = t0.elapsed();
    let first_cpu = cpu_since(c0);

    let c1 = cpu_seconds();
    let t1 = Instant::now();
    let mut replay_added = 0u64;
    for page in data.chunks(page_size) {
        replay_added += u64::from(
            apply_orders(&mut conn, store, page, &finals, EarnRate::DEFAULT)?.entries_added(),
        );
    }
    let replay = t1.elapsed();
    let replay_cpu = cpu_since(c1);

    let c2 = cpu_seconds();
    let t2 = Instant::now();
    let changed = recompute(
        &mut conn,
        store,
        &FinalStatuses::new(["5", "6"]),
        EarnRate::DEFAULT,
    )?;
    let recompute_time = t2.elapsed();
    let recompute_cpu = cpu_since(c2);

    let t3 = Instant::now();
    let summary = totals(&conn, store)?;
    let totals_time = t3.elapsed();

    println!("orders: {n} in pages of {page_size}");
    println!(
        "first apply: {:.3} s{first_cpu}, {added} entries added",
        first.as_secs_f64()
    );
    println!(
        "replay:      {:.3} s{replay_cpu}, {replay_added} entries added",
        replay.as_secs_f64()
    );
    println!(
        "recompute (final set 4,5,6 -> 5,6): {:.3} s{recompute_cpu}, {} entries added",
        recompute_time.as_secs_f64(),
        changed.entries_added()
    );
    println!(
        "totals query: {:.1} ms ({} customers, {} earning, {} points)",
        totals_time.as_secs_f64() * 1000.0,
        summary.customers,
        summary.orders_earning,
        summary.points_total
    );
    let settings = EmailSettings {
        store_name: "Loja Bench".to_owned(),
        site_url: "https://www.lojabench.com.br".to_owned(),
        signup_url: "https://www.lojabench.com.br/cadastro".to_owned(),
    };
    type Query<'a> = &'a dyn Fn() -> Result<u64, conector_ledger::LedgerError>;
    let queries: [(&str, Query); 5] = [
        ("customers page, by points", &|| {
            let q = CustomerQuery {
                limit: 50,
                ..CustomerQuery::default()
            };
            Ok(customers(&conn, store, &q)?.total)
        }),
        ("customers search \"cliente 123\", by name", &|| {
            let q = CustomerQuery {
                search: "cliente 123".to_owned(),
                sort: CustomerSort::NameAsc,
                offset: 0,
                limit: 50,
            };
            Ok(customers(&conn, store, &q)?.total)
        }),
        ("skipped orders page", &|| {
            Ok(skipped_orders(&conn, store, None, 0, 50)?.total)
        }),
        ("welcome e-mails page", &|| {
            Ok(email_previews(&conn, store, EmailKind::Welcome, &settings, 0, 20)?.total)
        }),
        ("points e-mails page", &|| {
            Ok(email_previews(&conn, store, EmailKind::PointsEarned, &settings, 0, 20)?.total)
        }),
    ];
    for (name, query) in queries {
        let t = Instant::now();
        let total = query()?;
        println!(
            "{name}: {:.1} ms ({total} rows in all)",
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
    if replay_added != 0 {
        return Err("replay added entries".into());
    }
    Ok(())
}
