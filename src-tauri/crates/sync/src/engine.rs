//! One sync run in preview mode: reads the store, writes only the local database.
//!
//! A run goes through four parts, each reading pages (or single orders) and applying each one
//! to the ledger in one IMMEDIATE transaction together with the checkpoint that says it is
//! done. A run killed at any instant therefore loses at most the page in flight, and the next
//! run resumes there; since applying an order twice appends nothing, redoing a page never
//! counts it twice.
//!
//! 1. New orders ([`crate::listing`]): the first run lists everything since the start date;
//!    later runs re-read the last page of the previous listing (once a day, the last two days).
//! 2. Late reversals ([`crate::returns`]): the store's cancel/return statuses listed since the
//!    start of the return window (`wspedidos.json?status=ID&data_inicio=`); a listing whose
//!    count did not move since it was last read whole costs one request.
//! 3. The return window ([`crate::window`]): all orders placed in the window, a few pages per
//!    run, so refunds, edits, CPFs filled in later, unreadable records and deletions are seen
//!    without re-reading a large store every 15 minutes.
//! 4. Single re-reads ([`crate::rereads`]): orders a finished window pass did not see (a 404
//!    reverses their points, "excluído na loja"), then open orders placed before the window,
//!    the ones checked longest ago first.
//!
//! Each part has its own budget per run (see [`SyncConfig`]), so the cost of a run does not
//! grow with the number of orders outside the return window.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use conector_core::activation::{activation, Activation};
use conector_core::timestamp::now as now_iso;
use conector_core::write_turn::Write;
use conector_core::CodedError;
use conector_ledger::{drop_orders_before, rules_changed_at, set_rules_in, totals, ApplyOutcome};
use conector_simplo7::StoreClient;
use rusqlite::Connection;
use time::OffsetDateTime;

use crate::checkpoint;
use crate::config::SyncConfig;
use crate::error::SyncError;
use crate::lock::RunLock;
use crate::mapping::day_start_utc;
use crate::progress::{ProgressSink, RunCounts, RunResult, RunSummary, SyncEvent};
use crate::run::{Halt, Run};

/// Runs one sync of `config.store` into the database at `db_path` (opened, migrated, and
/// locked for the duration: a second run on the same database, in this process or another,
/// fails with `sync.already_running`).
///
/// - While activation is on, returns at once with [`RunResult::HandedOver`] and reads nothing.
/// - Setting `cancel` stops the run between two pages (or abandons the request in flight);
///   the result is then [`RunResult::Cancelled`] and the next run continues where it stopped.
/// - A failure (store unreachable, token refused...) is recorded in the run and returned as
///   the error; everything committed before it stays.
///
/// `progress` receives `Started`, `Progress` after each page or re-read, `Finished`.
pub async fn run_once(
    db_path: &Path,
    client: &StoreClient,
    config: &SyncConfig,
    progress: &dyn ProgressSink,
    cancel: &AtomicBool,
) -> Result<RunSummary, SyncError> {
    if config.finals.0.is_empty() {
        return Err(SyncError::NoFinalStatuses);
    }
    let mut conn = conector_core::db::open(db_path)?;
    if let Activation::HandedOver { since } = activation(&conn)? {
        let now = now_iso();
        let summary = RunSummary {
            run_id: 0,
            started_at: now.clone(),
            finished_at: now,
            result: RunResult::HandedOver { since },
            counts: RunCounts::default(),
            totals: totals(&conn, &config.store)?,
        };
        progress.event(SyncEvent::Finished {
            summary: summary.clone(),
        });
        return Ok(summary);
    }
    let lock = RunLock::acquire(db_path)?;
    let started_at = now_iso();
    let run_id = checkpoint::start_run(&conn, &config.store, &started_at)?;
    progress.event(SyncEvent::Started { run_id });

    let mut run = Run {
        conn: &mut conn,
        client,
        config,
        progress,
        cancel,
        run_id,
        counts: RunCounts::default(),
        names: HashMap::new(),
        listed_window_from: None,
        customers_counted: None,
    };
    let outcome = run.drive().await;
    let mut counts = run.counts;
    let totals = totals(&conn, &config.store)?;
    counts.customers = totals.customers;
    let (result, error) = match outcome {
        Ok(result) => (result, None),
        Err(e) => (RunResult::Failed { error: e.payload() }, Some(e)),
    };
    let finished_at = now_iso();
    checkpoint::finish_run(&conn, run_id, &result, &counts, &finished_at)?;
    let summary = RunSummary {
        run_id,
        started_at,
        finished_at,
        result,
        counts,
        totals,
    };
    // Whoever hears "finished" may start the next run or recompute at once: the run is over.
    drop(lock);
    progress.event(SyncEvent::Finished {
        summary: summary.clone(),
    });
    match error {
        Some(e) => Err(e),
        None => Ok(summary),
    }
}

impl Run<'_> {
    async fn drive(&mut self) -> Result<RunResult, SyncError> {
        match self.parts().await {
            Ok(()) => Ok(RunResult::Ok),
            Err(Halt::Cancelled) => Ok(RunResult::Cancelled),
            Err(Halt::HandedOver(since)) => Ok(RunResult::HandedOver { since }),
            Err(Halt::Failed(e)) => Err(e),
        }
    }

    async fn parts(&mut self) -> Result<(), Halt> {
        self.check()?;
        let client = self.client;
        let statuses = self.call(client.order_statuses()).await?;
        self.names = statuses.into_iter().map(|s| (s.id, s.name)).collect();
        self.prepare()?;
        self.list_new_orders().await?;
        self.list_returns().await?;
        self.window_pass().await?;
        self.reread().await?;
        Ok(())
    }

    /// The rules in force become the configured ones (a recompute if they changed, e.g. the
    /// final statuses were edited while no app was there to apply them), and orders before the
    /// start date leave the preview (the owner may have moved it later). One transaction.
    fn prepare(&mut self) -> Result<(), Halt> {
        let tx = Write::begin(self.conn)?;
        let now = OffsetDateTime::now_utc();
        // Rules saved after this run read its settings are newer than its own: keep them (each
        // page is judged by the rules in force anyway; the next run reads the new settings).
        // (Recorded to the millisecond: a save in the same millisecond counts as newer.)
        let newer_saved = match self.config.rules_read_at {
            Some(read_at) => {
                let read_at = read_at
                    .replace_nanosecond(read_at.millisecond() as u32 * 1_000_000)
                    .unwrap_or(read_at);
                rules_changed_at(&tx, &self.config.store)?.is_some_and(|changed| changed >= read_at)
            }
            None => false,
        };
        let mut out = if newer_saved {
            ApplyOutcome::default()
        } else {
            set_rules_in(
                &tx,
                &self.config.store,
                &self.config.finals,
                self.config.rate,
                now,
            )?
        };
        out.add(drop_orders_before(
            &tx,
            &self.config.store,
            day_start_utc(self.config.since),
            now,
        )?);
        tx.commit()?;
        self.count(out);
        Ok(())
    }
}

/// Applies a new final-status set (or earn rate) to the stored orders without reading the
/// store, in a transaction of its own (see [`recompute_preview_in`]). Appends the
/// `earn`/`reverse` entries that make the ledger agree with the new set; idempotent. A run
/// going on meanwhile judges its next pages by the new set.
pub fn recompute_preview(
    db_path: &Path,
    store: &str,
    finals: &conector_ledger::FinalStatuses,
    rate: conector_ledger::EarnRate,
) -> Result<ApplyOutcome, SyncError> {
    if finals.0.is_empty() {
        return Err(SyncError::NoFinalStatuses);
    }
    let mut conn = conector_core::db::open(db_path)?;
    Ok(conector_ledger::recompute(&mut conn, store, finals, rate)?)
}

/// The final statuses (or earn rate) change inside the caller's transaction, which should be
/// IMMEDIATE and should also write the owner's setting: the ledger is recomputed from the
/// stored orders and the new rules recorded, so the setting and the points commit together or
/// not at all, from whichever screen the change came. Nothing happens if they did not change.
pub fn recompute_preview_in(
    tx: &Connection,
    store: &str,
    finals: &conector_ledger::FinalStatuses,
    rate: conector_ledger::EarnRate,
) -> Result<ApplyOutcome, SyncError> {
    if finals.0.is_empty() {
        return Err(SyncError::NoFinalStatuses);
    }
    Ok(set_rules_in(
        tx,
        store,
        finals,
        rate,
        OffsetDateTime::now_utc(),
    )?)
}
