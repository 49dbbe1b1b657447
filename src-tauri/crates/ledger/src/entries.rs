//! The ledger's rows and their history: kinds, reasons, per-order reads, and appending.
//!
//! A row is never edited nor deleted (triggers refuse it); `(store, order_id, seq)` is unique.
//! For each order, the latest entry says whether it holds points (`earn`) or not (`reverse`,
//! or no entry).

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::error::LedgerError;
use crate::rules::SkipReason;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Earn,
    Reverse,
}

/// Why an entry was written; kept with it, so the history explains every change of points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum EntryReason {
    /// `earn`: the order entered the final set (with a customer to credit).
    FinalStatus,
    /// `reverse`: the order left the final set (cancelled, returned, moved back).
    StatusNotFinal,
    /// `reverse`: nobody identifies the buyer any more.
    NoCustomerKey,
    /// A `reverse` of the old amount and an `earn` of the new one: a refund or an edit.
    AmountChanged,
    /// A `reverse` on the old customer key and an `earn` on the new one (a CPF filled in later).
    CustomerChanged,
    /// A `reverse` and an `earn` because the owner changed the earn rate.
    RateChanged,
    /// `reverse`: the store answered 404 for the order ("excluído na loja").
    Deleted,
    /// `reverse`: the store's record can no longer be read ("ilegível").
    Unreadable,
    /// `reverse`: the owner moved the start date past the order.
    BeforeStartDate,
}

impl EntryReason {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryReason::FinalStatus => "final_status",
            EntryReason::StatusNotFinal => "status_not_final",
            EntryReason::NoCustomerKey => "no_customer_key",
            EntryReason::AmountChanged => "amount_changed",
            EntryReason::CustomerChanged => "customer_changed",
            EntryReason::RateChanged => "rate_changed",
            EntryReason::Deleted => "deleted",
            EntryReason::Unreadable => "unreadable",
            EntryReason::BeforeStartDate => "before_start_date",
        }
    }

    pub fn parse(s: &str) -> Option<EntryReason> {
        [
            EntryReason::FinalStatus,
            EntryReason::StatusNotFinal,
            EntryReason::NoCustomerKey,
            EntryReason::AmountChanged,
            EntryReason::CustomerChanged,
            EntryReason::RateChanged,
            EntryReason::Deleted,
            EntryReason::Unreadable,
            EntryReason::BeforeStartDate,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }

    /// Why an order that held points no longer does.
    pub fn for_skip(skip: SkipReason) -> EntryReason {
        match skip {
            SkipReason::StatusNotFinal | SkipReason::Cancelled => EntryReason::StatusNotFinal,
            SkipReason::NoCustomerKey => EntryReason::NoCustomerKey,
            SkipReason::Unreadable => EntryReason::Unreadable,
        }
    }
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
    /// `None` on entries written before reasons were kept (they followed status changes).
    pub reason: Option<EntryReason>,
    /// For an `earn`: the counted amount (products − discounts) it was computed from.
    pub amount_cents: Option<i64>,
    pub created_at: String,
}

/// What the latest entry of an order says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Latest {
    pub seq: i64,
    pub holding: bool,
    pub points: i64,
    pub customer_key: String,
    pub amount_cents: Option<i64>,
}

pub(crate) fn latest(
    conn: &Connection,
    store: &str,
    order_id: i64,
) -> Result<Option<Latest>, LedgerError> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, kind, points, customer_key, amount_cents FROM ledger_entries
         WHERE store = ?1 AND order_id = ?2 ORDER BY seq DESC LIMIT 1",
    )?;
    Ok(stmt
        .query_row(params![store, order_id], |r| {
            Ok(Latest {
                seq: r.get(0)?,
                holding: r.get::<_, String>(1)? == "earn",
                points: r.get(2)?,
                customer_key: r.get(3)?,
                amount_cents: r.get(4)?,
            })
        })
        .optional()?)
}

/// One entry to append.
pub(crate) struct NewEntry<'a> {
    pub order_id: i64,
    pub seq: i64,
    pub kind: EntryKind,
    pub points: i64,
    pub customer_key: &'a str,
    pub status_id: &'a str,
    pub reason: EntryReason,
    pub amount_cents: Option<i64>,
}

pub(crate) fn append(
    conn: &Connection,
    store: &str,
    entry: &NewEntry<'_>,
    now: &str,
) -> Result<(), LedgerError> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO ledger_entries (store, order_id, seq, kind, points, customer_key, status_id,
             reason, amount_cents, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    stmt.execute(params![
        store,
        entry.order_id,
        entry.seq,
        match entry.kind {
            EntryKind::Earn => "earn",
            EntryKind::Reverse => "reverse",
        },
        entry.points,
        entry.customer_key,
        entry.status_id,
        entry.reason.as_str(),
        entry.amount_cents,
        now,
    ])?;
    Ok(())
}

/// Every ledger entry of one order, oldest first: its history with the reason of each change.
pub fn order_entries(
    conn: &Connection,
    store: &str,
    order_id: i64,
) -> Result<Vec<LedgerEntry>, LedgerError> {
    let mut stmt = conn.prepare_cached(
        "SELECT order_id, seq, kind, points, customer_key, status_id, reason, amount_cents,
                created_at
         FROM ledger_entries WHERE store = ?1 AND order_id = ?2 ORDER BY seq",
    )?;
    let rows = stmt.query_map(params![store, order_id], |r| {
        let kind: String = r.get(2)?;
        let reason: Option<String> = r.get(6)?;
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
            reason: reason.as_deref().and_then(EntryReason::parse),
            amount_cents: r.get(7)?,
            created_at: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One line of a customer's points history (see [`customer_history`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct HistoryEntry {
    pub order_id: i64,
    /// The number the owner sees; `None` when the order left the preview (deleted in the
    /// store, or before the start date).
    pub number: Option<String>,
    pub seq: i64,
    pub kind: EntryKind,
    pub points: i64,
    pub reason: Option<EntryReason>,
    pub amount_cents: Option<i64>,
    pub status_id: String,
    pub created_at: String,
}

/// The entries credited or debited to one customer key, newest first: why their balance is
/// what it is (points moved to another key show here as a `reverse`, there as an `earn`).
pub fn customer_history(
    conn: &Connection,
    store: &str,
    customer_key: &str,
    limit: u64,
) -> Result<Vec<HistoryEntry>, LedgerError> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.order_id, o.number, e.seq, e.kind, e.points, e.reason, e.amount_cents,
                e.status_id, e.created_at
         FROM ledger_entries e
         LEFT JOIN ledger_orders o ON o.store = e.store AND o.order_id = e.order_id
         WHERE e.store = ?1 AND e.customer_key = ?2
         ORDER BY e.created_at DESC, e.order_id DESC, e.seq DESC LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![store, customer_key, limit.clamp(1, 1000)], |r| {
        let kind: String = r.get(3)?;
        let reason: Option<String> = r.get(5)?;
        Ok(HistoryEntry {
            order_id: r.get(0)?,
            number: r.get(1)?,
            seq: r.get(2)?,
            kind: if kind == "earn" {
                EntryKind::Earn
            } else {
                EntryKind::Reverse
            },
            points: r.get(4)?,
            reason: reason.as_deref().and_then(EntryReason::parse),
            amount_cents: r.get(6)?,
            status_id: r.get(7)?,
            created_at: r.get(8)?,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_round_trip_through_their_stored_names() {
        for reason in [
            EntryReason::FinalStatus,
            EntryReason::StatusNotFinal,
            EntryReason::NoCustomerKey,
            EntryReason::AmountChanged,
            EntryReason::CustomerChanged,
            EntryReason::RateChanged,
            EntryReason::Deleted,
            EntryReason::Unreadable,
            EntryReason::BeforeStartDate,
        ] {
            assert_eq!(EntryReason::parse(reason.as_str()), Some(reason));
        }
        assert_eq!(EntryReason::parse("other"), None);
    }
}
