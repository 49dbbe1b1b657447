//! The rules the ledger of a store reflects (final statuses and earn rate), kept next to it.
//!
//! Changing them recomputes every stored order in the same transaction that records them, so a
//! change is applied whole or not at all; the sync engine judges every page it commits by the
//! rules in force at that commit, so a change made while a run is going is never undone by the
//! rest of the run. The app writes the owner's setting in that same transaction
//! ([`set_rules_in`]), from whichever screen it changed.

use rusqlite::{params, Connection, OptionalExtension};
use time::OffsetDateTime;

use crate::apply::{apply_with, stamp, stored_orders, ApplyOutcome, Source};
use crate::error::LedgerError;
use crate::rules::{EarnRate, FinalStatuses};

/// Final statuses and earn rate, as the ledger applies them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    pub finals: FinalStatuses,
    pub rate: EarnRate,
}

/// The rules the ledger of `store` reflects; `None` before any was recorded.
pub fn rules_in_force(conn: &Connection, store: &str) -> Result<Option<Rules>, LedgerError> {
    let row: Option<(String, i64)> = conn
        .query_row(
            "SELECT final_statuses, hundredths_per_real FROM ledger_rules WHERE store = ?1",
            [store],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(row.map(|(finals, hundredths)| Rules {
        // A list this module wrote; an unreadable one counts as "no final status", which the
        // next change of rules overwrites.
        finals: serde_json::from_str(&finals).unwrap_or_default(),
        rate: EarnRate {
            hundredths_per_real: hundredths,
        },
    }))
}

/// When the rules of `store`'s ledger last changed; `None` before any was recorded.
pub fn rules_changed_at(
    conn: &Connection,
    store: &str,
) -> Result<Option<OffsetDateTime>, LedgerError> {
    let at: Option<String> = conn
        .query_row(
            "SELECT updated_at FROM ledger_rules WHERE store = ?1",
            [store],
            |r| r.get(0),
        )
        .optional()?;
    Ok(at.and_then(|t| conector_core::timestamp::parse(&t)))
}

/// Makes `finals` and `rate` the rules of `store`'s ledger, inside the caller's transaction
/// (IMMEDIATE, so no sync page interleaves): when they differ from the rules in force, or none
/// are recorded yet, every stored order is judged again (no store reads) and the entries that
/// make the ledger agree are appended; then the rules are recorded. The caller commits, with
/// the owner's setting in the same transaction. Idempotent.
pub fn set_rules_in(
    tx: &Connection,
    store: &str,
    finals: &FinalStatuses,
    rate: EarnRate,
    now: OffsetDateTime,
) -> Result<ApplyOutcome, LedgerError> {
    let wanted = Rules {
        finals: finals.clone(),
        rate,
    };
    if rules_in_force(tx, store)?.as_ref() == Some(&wanted) {
        return Ok(ApplyOutcome::default());
    }
    let outcome = rejudge_all(tx, store, &wanted, now)?;
    let finals_json = serde_json::to_string(&finals.0)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    tx.execute(
        "INSERT INTO ledger_rules (store, final_statuses, hundredths_per_real, updated_at)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (store) DO UPDATE SET final_statuses = excluded.final_statuses,
             hundredths_per_real = excluded.hundredths_per_real,
             updated_at = excluded.updated_at",
        // To the millisecond: a sync run compares it with when it read its settings.
        params![store, finals_json, rate.hundredths_per_real, stamp(now)],
    )?;
    Ok(outcome)
}

/// Judges every stored order of `store` again with `rules` and appends what makes the ledger
/// agree, even where a snapshot did not change (a ledger written by an older version).
fn rejudge_all(
    tx: &Connection,
    store: &str,
    rules: &Rules,
    now: OffsetDateTime,
) -> Result<ApplyOutcome, LedgerError> {
    let orders = stored_orders(tx, store)?;
    apply_with(
        tx,
        store,
        &orders,
        &rules.finals,
        rules.rate,
        now,
        Source::Stored,
        true,
    )
}

/// [`set_rules_in`] in a transaction of its own, recomputing even when the rules did not
/// change (a repair that cannot hurt: it appends only what is missing).
pub fn recompute(
    conn: &mut Connection,
    store: &str,
    finals: &FinalStatuses,
    rate: EarnRate,
) -> Result<ApplyOutcome, LedgerError> {
    let tx = conector_core::write_turn::Write::begin(conn)?;
    let now = OffsetDateTime::now_utc();
    let mut outcome = rejudge_all(
        &tx,
        store,
        &Rules {
            finals: finals.clone(),
            rate,
        },
        now,
    )?;
    outcome.add(set_rules_in(&tx, store, finals, rate, now)?);
    tx.commit()?;
    Ok(outcome)
}
