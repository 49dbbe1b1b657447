//! Recording orders and their ledger entries in SQLite.
//!
//! The ledger is append-only: for each order, the latest entry says whether it holds points
//! (`earn`) or not (`reverse`, or no entry). Applying an order compares that with what the rules
//! say now and appends at most one entry with the next sequence number. Replaying the same
//! orders therefore appends nothing, and because `(store, order_id, seq)` is unique and pages are
//! applied in IMMEDIATE transactions, two runs at once cannot both append the same step.

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::customer::CustomerRef;
use crate::error::LedgerError;
use crate::rules::{judge, EarnRate, FinalStatuses, OrderSnapshot};

/// What applying a batch of orders changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct ApplyOutcome {
    /// Orders recorded (new or updated snapshots).
    pub orders: u32,
    /// `earn` entries appended.
    pub earned: u32,
    /// `reverse` entries appended.
    pub reversed: u32,
    /// Sum of the points of the appended entries.
    pub points_delta: i64,
}

impl ApplyOutcome {
    pub fn entries_added(&self) -> u32 {
        self.earned + self.reversed
    }

    pub fn add(&mut self, other: ApplyOutcome) {
        self.orders += other.orders;
        self.earned += other.earned;
        self.reversed += other.reversed;
        self.points_delta += other.points_delta;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Earn,
    Reverse,
}

/// One row of the ledger, never edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct LedgerEntry {
    pub order_id: i64,
    pub seq: i64,
    pub kind: EntryKind,
    pub points: i64,
    pub customer_key: String,
    pub status_id: String,
    pub created_at: String,
}

pub(crate) fn iso(t: OffsetDateTime) -> String {
    // Rfc3339 formatting only fails for years outside 0..=9999, which no order has.
    t.format(&Rfc3339)
        .unwrap_or_else(|_| t.unix_timestamp().to_string())
}

/// Applies `orders` within the caller's transaction (which should be IMMEDIATE so that the read
/// of each order's latest entry and the append are not interleaved with another writer). The
/// caller commits, typically together with its sync checkpoint.
pub fn apply_orders_in(
    tx: &Connection,
    store: &str,
    orders: &[OrderSnapshot],
    finals: &FinalStatuses,
    rate: EarnRate,
    now: OffsetDateTime,
) -> Result<ApplyOutcome, LedgerError> {
    let now = iso(now);
    let mut upsert = tx.prepare_cached(
        "INSERT INTO ledger_orders (store, order_id, number, placed_at, status_id, status_name,
             products_cents, discounts_cents, shipping_cents, total_cents,
             customer_key, customer_kind, customer_document, customer_email, customer_name,
             customer_phone, raw_document, raw_email, points, skip_reason, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21)
         ON CONFLICT (store, order_id) DO UPDATE SET
             number = excluded.number, placed_at = excluded.placed_at,
             status_id = excluded.status_id, status_name = excluded.status_name,
             products_cents = excluded.products_cents, discounts_cents = excluded.discounts_cents,
             shipping_cents = excluded.shipping_cents, total_cents = excluded.total_cents,
             customer_key = excluded.customer_key, customer_kind = excluded.customer_kind,
             customer_document = excluded.customer_document,
             customer_email = excluded.customer_email, customer_name = excluded.customer_name,
             customer_phone = excluded.customer_phone, raw_document = excluded.raw_document,
             raw_email = excluded.raw_email, points = excluded.points,
             skip_reason = excluded.skip_reason, updated_at = excluded.updated_at
         -- An unchanged re-read (most of an incremental sync) writes nothing.
         WHERE (number, placed_at, status_id, status_name, products_cents, discounts_cents,
                shipping_cents, total_cents, customer_key, customer_email, customer_name,
                customer_phone, raw_document, raw_email, points, skip_reason)
           IS NOT (excluded.number, excluded.placed_at, excluded.status_id,
                excluded.status_name, excluded.products_cents, excluded.discounts_cents,
                excluded.shipping_cents, excluded.total_cents, excluded.customer_key,
                excluded.customer_email, excluded.customer_name, excluded.customer_phone,
                excluded.raw_document, excluded.raw_email, excluded.points,
                excluded.skip_reason)",
    )?;
    let mut latest = tx.prepare_cached(
        "SELECT seq, kind, points, customer_key FROM ledger_entries
         WHERE store = ?1 AND order_id = ?2 ORDER BY seq DESC LIMIT 1",
    )?;
    let mut append = tx.prepare_cached(
        "INSERT INTO ledger_entries (store, order_id, seq, kind, points, customer_key, status_id,
             created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;

    let mut outcome = ApplyOutcome::default();
    for order in orders {
        let verdict = judge(order, finals, rate);
        let key = verdict.key.as_ref();
        let document = key
            .filter(|k| k.kind != crate::customer::KeyKind::Email)
            .map(|k| k.value.clone());
        let email = order
            .customer
            .email
            .as_deref()
            .and_then(crate::customer::normalize_email);
        let written = upsert.execute(params![
            store,
            order.order_id,
            order.number,
            iso(order.placed_at),
            order.status_id,
            order.status_name,
            order.products_cents,
            order.discounts_cents,
            order.shipping_cents,
            order.total_cents,
            key.map(|k| k.as_key()),
            key.map(|k| k.kind.as_str()),
            document,
            email,
            order.customer.name,
            order.customer.phone,
            order.customer.cpf_cnpj,
            order.customer.email,
            verdict.points,
            verdict.skip.map(|s| s.as_str()),
            now,
        ])?;
        outcome.orders += 1;
        // An unchanged snapshot was judged the same way when it was written, and the ledger
        // was brought in line in that same transaction: nothing more to read or append.
        if written == 0 {
            continue;
        }

        let last: Option<(i64, String, i64, String)> = latest
            .query_row(params![store, order.order_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        let (last_seq, holding, held_points, held_key) = match &last {
            Some((seq, kind, points, key)) => (*seq, kind == "earn", *points, key.as_str()),
            None => (0, false, 0, ""),
        };
        match (holding, verdict.holds(), key) {
            (false, true, Some(key)) => {
                append.execute(params![
                    store,
                    order.order_id,
                    last_seq + 1,
                    "earn",
                    verdict.points,
                    key.as_key(),
                    order.status_id,
                    now,
                ])?;
                outcome.earned += 1;
                outcome.points_delta += verdict.points;
            }
            (true, false, _) => {
                // Reverse exactly what was earned, to the customer who earned it.
                append.execute(params![
                    store,
                    order.order_id,
                    last_seq + 1,
                    "reverse",
                    -held_points,
                    held_key,
                    order.status_id,
                    now,
                ])?;
                outcome.reversed += 1;
                outcome.points_delta -= held_points;
            }
            // Still holding (perhaps moved between final statuses), or still not holding.
            _ => {}
        }
    }
    Ok(outcome)
}

/// Applies `orders` in one IMMEDIATE transaction of its own.
pub fn apply_orders(
    conn: &mut Connection,
    store: &str,
    orders: &[OrderSnapshot],
    finals: &FinalStatuses,
    rate: EarnRate,
) -> Result<ApplyOutcome, LedgerError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let outcome = apply_orders_in(&tx, store, orders, finals, rate, OffsetDateTime::now_utc())?;
    tx.commit()?;
    Ok(outcome)
}

/// Applies the rules again to every stored order of `store` with a (new) final-status set or
/// rate, without asking the store: appends the `earn`/`reverse` entries that make the ledger
/// agree with the new set. Idempotent; one transaction.
pub fn recompute(
    conn: &mut Connection,
    store: &str,
    finals: &FinalStatuses,
    rate: EarnRate,
) -> Result<ApplyOutcome, LedgerError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let orders = stored_orders(&tx, store)?;
    let outcome = apply_orders_in(&tx, store, &orders, finals, rate, OffsetDateTime::now_utc())?;
    tx.commit()?;
    Ok(outcome)
}

/// The latest snapshot of every stored order of `store`, as it was read from the store.
pub fn stored_orders(conn: &Connection, store: &str) -> Result<Vec<OrderSnapshot>, LedgerError> {
    let mut stmt = conn.prepare(
        "SELECT order_id, number, placed_at, status_id, status_name, products_cents,
                discounts_cents, shipping_cents, total_cents, raw_document, raw_email,
                customer_name, customer_phone
         FROM ledger_orders WHERE store = ?1 ORDER BY order_id",
    )?;
    let rows = stmt.query_map([store], |r| {
        let placed_at: String = r.get(2)?;
        let placed_at = OffsetDateTime::parse(&placed_at, &Rfc3339).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, Box::new(e))
        })?;
        Ok(OrderSnapshot {
            order_id: r.get(0)?,
            number: r.get(1)?,
            placed_at,
            status_id: r.get(3)?,
            status_name: r.get(4)?,
            products_cents: r.get(5)?,
            discounts_cents: r.get(6)?,
            shipping_cents: r.get(7)?,
            total_cents: r.get(8)?,
            customer: CustomerRef {
                cpf_cnpj: r.get(9)?,
                email: r.get(10)?,
                name: r.get(11)?,
                phone: r.get(12)?,
            },
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every ledger entry of one order, oldest first.
pub fn order_entries(
    conn: &Connection,
    store: &str,
    order_id: i64,
) -> Result<Vec<LedgerEntry>, LedgerError> {
    let mut stmt = conn.prepare_cached(
        "SELECT order_id, seq, kind, points, customer_key, status_id, created_at
         FROM ledger_entries WHERE store = ?1 AND order_id = ?2 ORDER BY seq",
    )?;
    let rows = stmt.query_map(params![store, order_id], |r| {
        let kind: String = r.get(2)?;
        Ok(LedgerEntry {
            order_id: r.get(0)?,
            seq: r.get(1)?,
            kind: if kind == "earn" {
                EntryKind::Earn
            } else {
                EntryKind::Reverse
            },
            points: r.get(3)?,
            customer_key: r.get(4)?,
            status_id: r.get(5)?,
            created_at: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The points an order holds now: the sum of its entries.
pub fn order_balance(conn: &Connection, store: &str, order_id: i64) -> Result<i64, LedgerError> {
    Ok(conn.query_row(
        "SELECT COALESCE(SUM(points), 0) FROM ledger_entries WHERE store = ?1 AND order_id = ?2",
        params![store, order_id],
        |r| r.get(0),
    )?)
}

/// Number of ledger entries of `store`.
pub fn entry_count(conn: &Connection, store: &str) -> Result<u64, LedgerError> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM ledger_entries WHERE store = ?1",
        [store],
        |r| r.get(0),
    )?)
}

/// Takes out of the preview the orders placed before `cutoff` (the owner moved the start date
/// later): each one still holding points gets a `reverse` entry (the ledger keeps its history)
/// and its snapshot is removed, so the preview counts only orders since the start date. Call
/// inside the caller's IMMEDIATE transaction; idempotent.
pub fn drop_orders_before(
    tx: &Connection,
    store: &str,
    cutoff: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<ApplyOutcome, LedgerError> {
    let cutoff = iso(cutoff.to_offset(time::UtcOffset::UTC));
    let now = iso(now);
    let holding: Vec<(i64, i64, i64, String, String)> = {
        let mut stmt = tx.prepare(
            "SELECT e.order_id, e.seq, e.points, e.customer_key, o.status_id
             FROM ledger_orders o
             JOIN ledger_entries e ON e.store = o.store AND e.order_id = o.order_id
             WHERE o.store = ?1 AND o.placed_at < ?2 AND e.kind = 'earn'
               AND e.seq = (SELECT MAX(seq) FROM ledger_entries m
                            WHERE m.store = o.store AND m.order_id = o.order_id)",
        )?;
        let rows = stmt.query_map(params![store, cutoff], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
        rows.collect::<Result<_, _>>()?
    };
    let mut outcome = ApplyOutcome::default();
    for (order_id, seq, points, key, status_id) in holding {
        tx.execute(
            "INSERT INTO ledger_entries (store, order_id, seq, kind, points, customer_key,
                 status_id, created_at)
             VALUES (?1, ?2, ?3, 'reverse', ?4, ?5, ?6, ?7)",
            params![store, order_id, seq + 1, -points, key, status_id, now],
        )?;
        outcome.reversed += 1;
        outcome.points_delta -= points;
    }
    let removed = tx.execute(
        "DELETE FROM ledger_orders WHERE store = ?1 AND placed_at < ?2",
        params![store, cutoff],
    )?;
    outcome.orders = u32::try_from(removed).unwrap_or(u32::MAX);
    Ok(outcome)
}
