//! Recording orders and their ledger entries in SQLite.
//!
//! The ledger is append-only: for each order, the latest entry says whether it holds points
//! (`earn`) or not (`reverse`, or no entry). Applying an order compares that with what the rules
//! say now and appends what makes them agree: an `earn`, a `reverse`, or both (a changed amount,
//! customer or rate), each with its reason. Replaying the same orders therefore appends nothing,
//! and because `(store, order_id, seq)` is unique and pages are applied in IMMEDIATE
//! transactions, two runs at once cannot both append the same step.

use conector_core::timestamp::{self, format as iso};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use time::OffsetDateTime;

use crate::customer::CustomerRef;
use crate::entries::{append, latest, EntryKind, EntryReason, Latest, NewEntry};
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

/// UTC, RFC 3339 with exactly three decimals: when an order was checked, and the instants it
/// is compared with (a pass over the store began, a re-read is due). Fixed width, so comparing
/// them as text compares them as times, to the millisecond.
pub fn stamp(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    t.format(time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    ))
    .unwrap_or_else(|_| t.unix_timestamp().to_string())
}

/// Where the snapshots being applied come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// Just read from the store: the snapshot is recorded and the order counts as checked now.
    Store,
    /// The stored snapshots, judged again with other rules (no store read).
    Stored,
}

/// Applies `orders`, just read from the store, within the caller's transaction (which should be
/// IMMEDIATE so that the read of each order's latest entry and the append are not interleaved
/// with another writer). The caller commits, typically together with its sync checkpoint.
///
/// Per order, at most: one `earn` when it starts holding points, one `reverse` when it stops,
/// or a `reverse` of what it held and an `earn` of what it is worth now when its amount, its
/// customer or the rate changed while it stayed final. Re-applying appends nothing.
pub fn apply_orders_in(
    tx: &Connection,
    store: &str,
    orders: &[OrderSnapshot],
    finals: &FinalStatuses,
    rate: EarnRate,
    now: OffsetDateTime,
) -> Result<ApplyOutcome, LedgerError> {
    apply_with(tx, store, orders, finals, rate, now, Source::Store, false)
}

/// The derived columns of a snapshot: what the rules say of it.
struct Judged {
    key: Option<String>,
    kind: Option<&'static str>,
    document: Option<String>,
    email: Option<String>,
}

fn judged(order: &OrderSnapshot, verdict: &crate::rules::Verdict) -> Judged {
    let key = verdict.key.as_ref();
    Judged {
        key: key.map(|k| k.as_key()),
        kind: key.map(|k| k.kind.as_str()),
        document: key
            .filter(|k| k.kind != crate::customer::KeyKind::Email)
            .map(|k| k.value.clone()),
        email: order
            .customer
            .email
            .as_deref()
            .and_then(crate::customer::normalize_email),
    }
}

/// `force`: compare with the ledger even where the stored snapshot did not change (a change
/// of rules, or a ledger written by an older version).
#[allow(clippy::too_many_arguments)]
pub(crate) fn apply_with(
    tx: &Connection,
    store: &str,
    orders: &[OrderSnapshot],
    finals: &FinalStatuses,
    rate: EarnRate,
    now: OffsetDateTime,
    source: Source,
    force: bool,
) -> Result<ApplyOutcome, LedgerError> {
    let checked_at = stamp(now);
    let now = iso(now);
    let mut upsert = tx.prepare_cached(
        "INSERT INTO ledger_orders (store, order_id, number, placed_at, status_id, status_name,
             products_cents, discounts_cents, shipping_cents, total_cents,
             customer_key, customer_kind, customer_document, customer_email, customer_name,
             customer_phone, raw_document, raw_email, points, skip_reason, unreadable_field,
             updated_at, checked_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21, ?22, ?23)
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
             skip_reason = excluded.skip_reason, unreadable_field = excluded.unreadable_field,
             updated_at = excluded.updated_at, checked_at = excluded.checked_at
         -- An unchanged re-read (most of an incremental sync) rewrites nothing but checked_at.
         WHERE (number, placed_at, status_id, status_name, products_cents, discounts_cents,
                shipping_cents, total_cents, customer_key, customer_email, customer_name,
                customer_phone, raw_document, raw_email, points, skip_reason, unreadable_field)
           IS NOT (excluded.number, excluded.placed_at, excluded.status_id,
                excluded.status_name, excluded.products_cents, excluded.discounts_cents,
                excluded.shipping_cents, excluded.total_cents, excluded.customer_key,
                excluded.customer_email, excluded.customer_name, excluded.customer_phone,
                excluded.raw_document, excluded.raw_email, excluded.points,
                excluded.skip_reason, excluded.unreadable_field)",
    )?;
    let mut checked = tx.prepare_cached(
        "UPDATE ledger_orders SET checked_at = ?3 WHERE store = ?1 AND order_id = ?2",
    )?;
    let mut rejudge = tx.prepare_cached(
        "UPDATE ledger_orders SET customer_key = ?3, customer_kind = ?4, customer_document = ?5,
             customer_email = ?6, points = ?7, skip_reason = ?8, updated_at = ?9
         WHERE store = ?1 AND order_id = ?2
           AND (customer_key, customer_kind, customer_document, customer_email, points,
                skip_reason) IS NOT (?3, ?4, ?5, ?6, ?7, ?8)",
    )?;

    let mut outcome = ApplyOutcome::default();
    for order in orders {
        let verdict = judge(order, finals, rate);
        let j = judged(order, &verdict);
        let skip = verdict.skip.map(|s| s.as_str());
        let written = match source {
            Source::Store => upsert.execute(params![
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
                j.key,
                j.kind,
                j.document,
                j.email,
                order.customer.name,
                order.customer.phone,
                order.customer.cpf_cnpj,
                order.customer.email,
                verdict.points,
                skip,
                order.unreadable,
                now,
                checked_at,
            ])?,
            Source::Stored => rejudge.execute(params![
                store,
                order.order_id,
                j.key,
                j.kind,
                j.document,
                j.email,
                verdict.points,
                skip,
                now,
            ])?,
        };
        outcome.orders += 1;
        // An unchanged snapshot was judged the same way when it was written, and the ledger
        // was brought in line in that same transaction: nothing more to read or append.
        if written == 0 {
            if source == Source::Store {
                checked.execute(params![store, order.order_id, checked_at])?;
            }
            if !force {
                continue;
            }
        }
        settle(
            tx,
            store,
            order,
            &verdict,
            j.key.as_deref(),
            &now,
            &mut outcome,
        )?;
    }
    Ok(outcome)
}

/// Appends what makes the order's entries agree with its verdict.
fn settle(
    tx: &Connection,
    store: &str,
    order: &OrderSnapshot,
    verdict: &crate::rules::Verdict,
    key: Option<&str>,
    now: &str,
    outcome: &mut ApplyOutcome,
) -> Result<(), LedgerError> {
    let last = latest(tx, store, order.order_id)?;
    let seq = last.as_ref().map_or(0, |l| l.seq);
    let amount = order.counted_cents();
    let earn = |seq: i64, key: &str, reason: EntryReason, outcome: &mut ApplyOutcome| {
        append(
            tx,
            store,
            &NewEntry {
                order_id: order.order_id,
                seq,
                kind: EntryKind::Earn,
                points: verdict.points,
                customer_key: key,
                status_id: &order.status_id,
                reason,
                amount_cents: Some(amount),
            },
            now,
        )?;
        outcome.earned += 1;
        outcome.points_delta += verdict.points;
        Ok::<(), LedgerError>(())
    };
    // Reverse exactly what was earned, to the customer who earned it.
    let reverse = |held: &Latest, reason: EntryReason, outcome: &mut ApplyOutcome| {
        append(
            tx,
            store,
            &NewEntry {
                order_id: order.order_id,
                seq: held.seq + 1,
                kind: EntryKind::Reverse,
                points: -held.points,
                customer_key: &held.customer_key,
                status_id: &order.status_id,
                reason,
                amount_cents: None,
            },
            now,
        )?;
        outcome.reversed += 1;
        outcome.points_delta -= held.points;
        Ok::<(), LedgerError>(())
    };
    match (last.filter(|l| l.holding), verdict.skip, key) {
        (None, None, Some(key)) => earn(seq + 1, key, EntryReason::FinalStatus, outcome)?,
        (Some(held), Some(skip), _) => reverse(&held, EntryReason::for_skip(skip), outcome)?,
        (Some(held), None, Some(key))
            if held.points != verdict.points || held.customer_key != key =>
        {
            let reason = if held.customer_key != key {
                EntryReason::CustomerChanged
            } else if held.amount_cents == Some(amount) {
                EntryReason::RateChanged
            } else {
                EntryReason::AmountChanged
            };
            reverse(&held, reason, outcome)?;
            earn(held.seq + 2, key, reason, outcome)?;
        }
        // Still holding the same (perhaps moved between final statuses), or still not holding.
        _ => {}
    }
    Ok(())
}

/// Applies `orders` in one IMMEDIATE transaction of its own.
pub fn apply_orders(
    conn: &mut Connection,
    store: &str,
    orders: &[OrderSnapshot],
    finals: &FinalStatuses,
    rate: EarnRate,
) -> Result<ApplyOutcome, LedgerError> {
    let tx = conector_core::write_turn::Write::begin(conn)?;
    let outcome = apply_orders_in(&tx, store, orders, finals, rate, OffsetDateTime::now_utc())?;
    tx.commit()?;
    Ok(outcome)
}

/// The latest snapshot of every stored order of `store`, as it was read from the store.
pub fn stored_orders(conn: &Connection, store: &str) -> Result<Vec<OrderSnapshot>, LedgerError> {
    let mut stmt = conn.prepare(
        "SELECT order_id, number, placed_at, status_id, status_name, products_cents,
                discounts_cents, shipping_cents, total_cents, raw_document, raw_email,
                customer_name, customer_phone, unreadable_field
         FROM ledger_orders WHERE store = ?1 ORDER BY order_id",
    )?;
    let rows = stmt.query_map([store], |r| {
        let placed_at: String = r.get(2)?;
        let placed_at = timestamp::parse(&placed_at).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                2,
                rusqlite::types::Type::Text,
                format!("not a stored instant: {placed_at:?}").into(),
            )
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
            unreadable: r.get(13)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
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
    let ids: Vec<i64> = {
        let mut stmt =
            tx.prepare("SELECT order_id FROM ledger_orders WHERE store = ?1 AND placed_at < ?2")?;
        let rows = stmt.query_map(params![store, cutoff], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut outcome = ApplyOutcome::default();
    for id in ids {
        outcome.add(remove_order(
            tx,
            store,
            id,
            EntryReason::BeforeStartDate,
            now,
        )?);
    }
    Ok(outcome)
}

/// The store answered 404 for this order: whatever it holds is reversed ("excluído na loja")
/// and its snapshot leaves the preview (the ledger keeps the history). If the store shows it
/// again later, it is read as a new order and earns again. Idempotent.
pub fn remove_deleted_order(
    tx: &Connection,
    store: &str,
    order_id: i64,
    now: OffsetDateTime,
) -> Result<ApplyOutcome, LedgerError> {
    remove_order(tx, store, order_id, EntryReason::Deleted, now)
}

fn remove_order(
    tx: &Connection,
    store: &str,
    order_id: i64,
    reason: EntryReason,
    now: OffsetDateTime,
) -> Result<ApplyOutcome, LedgerError> {
    let now = iso(now);
    let mut outcome = ApplyOutcome::default();
    let status_id: Option<String> = tx
        .query_row(
            "SELECT status_id FROM ledger_orders WHERE store = ?1 AND order_id = ?2",
            params![store, order_id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(status_id) = status_id else {
        return Ok(outcome);
    };
    if let Some(held) = latest(tx, store, order_id)?.filter(|l| l.holding) {
        append(
            tx,
            store,
            &NewEntry {
                order_id,
                seq: held.seq + 1,
                kind: EntryKind::Reverse,
                points: -held.points,
                customer_key: &held.customer_key,
                status_id: &status_id,
                reason,
                amount_cents: None,
            },
            &now,
        )?;
        outcome.reversed += 1;
        outcome.points_delta -= held.points;
    }
    outcome.orders += u32::try_from(tx.execute(
        "DELETE FROM ledger_orders WHERE store = ?1 AND order_id = ?2",
        params![store, order_id],
    )?)
    .unwrap_or(0);
    Ok(outcome)
}

/// Records that these stored orders were just read from the store unchanged (the listing
/// already did this for the orders it applied; for callers that saw them another way).
pub fn mark_checked(
    tx: &Connection,
    store: &str,
    order_ids: &[i64],
    now: OffsetDateTime,
) -> Result<(), LedgerError> {
    let now = stamp(now);
    let mut stmt = tx.prepare_cached(
        "UPDATE ledger_orders SET checked_at = ?3 WHERE store = ?1 AND order_id = ?2",
    )?;
    for id in order_ids {
        stmt.execute(params![store, id, now])?;
    }
    Ok(())
}
