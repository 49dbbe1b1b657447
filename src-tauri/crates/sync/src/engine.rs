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

use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration as StdDuration;

use conector_core::activation::{activation, Activation};
use conector_core::timestamp::{self, now as now_iso};
use conector_core::CodedError;
use conector_ledger::{
    apply_orders_in, drop_orders_before, rules_changed_at, rules_in_force, set_rules_in, totals,
    ApplyOutcome, OrderSnapshot,
};
use conector_simplo7::{Order, StoreClient, StoreError, UnreadableOrder};
use rusqlite::{Connection, TransactionBehavior};
use time::OffsetDateTime;

use crate::checkpoint;
use crate::config::SyncConfig;
use crate::error::SyncError;
use crate::lock::RunLock;
use crate::mapping::{day_start_utc, snapshot, unreadable_snapshot};
use crate::progress::{Phase, ProgressSink, RunCounts, RunResult, RunSummary, SyncEvent};

/// Now, to the millisecond, in the form orders' `checked_at` has (see
/// [`conector_ledger::stamp`]): when a part began, so orders it read compare after it.
pub(crate) fn now_stamp() -> String {
    conector_ledger::stamp(OffsetDateTime::now_utc())
}

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

/// Why a run stopped before its end.
pub(crate) enum Halt {
    Cancelled,
    HandedOver(String),
    Failed(SyncError),
}

impl<E: Into<SyncError>> From<E> for Halt {
    fn from(e: E) -> Self {
        Halt::Failed(e.into())
    }
}

pub(crate) struct Run<'a> {
    pub conn: &'a mut Connection,
    pub client: &'a StoreClient,
    pub config: &'a SyncConfig,
    pub progress: &'a dyn ProgressSink,
    pub cancel: &'a AtomicBool,
    pub run_id: i64,
    pub counts: RunCounts,
    /// Status id → name, from the store's list read at the start of the run.
    pub names: HashMap<String, String>,
    /// Set when this run listed every order since a day, from page 1 to the end: a window
    /// starting on or after that day was covered too (its first day, when the listing began).
    pub listed_window_from: Option<(time::Date, String)>,
    /// When `counts.customers` was last counted.
    pub customers_counted: Option<std::time::Instant>,
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

    /// Stops at the next step when cancelled or when the owner switched activation on.
    pub(crate) fn check(&self) -> Result<(), Halt> {
        if self.cancel.load(Ordering::Relaxed) {
            return Err(Halt::Cancelled);
        }
        match activation(self.conn) {
            Ok(Activation::HandedOver { since }) => Err(Halt::HandedOver(since)),
            _ => Ok(()),
        }
    }

    /// One store request, abandoned if the run is cancelled meanwhile (checked every 100 ms;
    /// dropping the request in flight is safe: nothing of it was committed).
    pub(crate) async fn call_raw<T>(
        &mut self,
        fut: impl Future<Output = Result<T, StoreError>>,
    ) -> Result<Result<T, StoreError>, Halt> {
        self.counts.requests += 1;
        let cancel = self.cancel;
        let watch = async move {
            while !cancel.load(Ordering::Relaxed) {
                tokio::time::sleep(StdDuration::from_millis(100)).await;
            }
        };
        tokio::select! {
            value = fut => Ok(value),
            () = watch => Err(Halt::Cancelled),
        }
    }

    pub(crate) async fn call<T>(
        &mut self,
        fut: impl Future<Output = Result<T, StoreError>>,
    ) -> Result<T, Halt> {
        Ok(self.call_raw(fut).await??)
    }

    /// The rules in force become the configured ones (a recompute if they changed, e.g. the
    /// final statuses were edited while no app was there to apply them), and orders before the
    /// start date leave the preview (the owner may have moved it later). One transaction.
    fn prepare(&mut self) -> Result<(), Halt> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
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

    fn count(&mut self, out: ApplyOutcome) {
        add(&mut self.counts, out);
    }

    /// The store's statuses that mean the sale was undone (by name, `conector_ledger::statuses`),
    /// except those the owner chose as final.
    pub(crate) fn reversal_statuses(&self) -> BTreeSet<String> {
        self.names
            .iter()
            .filter(|(id, name)| {
                conector_ledger::rules::is_cancellation(name) && !self.config.finals.contains(id)
            })
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// Applies what one store read returned, in one IMMEDIATE transaction together with `save`
    /// (the checkpoint that says this read is done), judged by the rules in force at the
    /// commit. Orders placed before the start date are left out (a store that ignores
    /// `data_inicio` must not make them enter the preview); an unreadable record without a
    /// date is dated `fallback`.
    pub(crate) fn commit(
        &mut self,
        orders: &[Order],
        unreadable: &[UnreadableOrder],
        fallback: OffsetDateTime,
        save: impl FnOnce(&Connection, &str) -> rusqlite::Result<()>,
    ) -> Result<(), Halt> {
        let start = day_start_utc(self.config.since);
        let mut snapshots: Vec<OrderSnapshot> =
            orders.iter().map(|o| snapshot(o, &self.names)).collect();
        snapshots.extend(
            unreadable
                .iter()
                .filter_map(|u| unreadable_snapshot(u, &self.names, fallback)),
        );
        snapshots.retain(|o| o.placed_at >= start);
        self.counts.unreadable += u32::try_from(unreadable.len()).unwrap_or(u32::MAX);

        let now = OffsetDateTime::now_utc();
        let now_text = timestamp::format(now);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (finals, rate) = match rules_in_force(&tx, &self.config.store)? {
            Some(rules) => (rules.finals, rules.rate),
            None => (self.config.finals.clone(), self.config.rate),
        };
        let out = apply_orders_in(&tx, &self.config.store, &snapshots, &finals, rate, now)?;
        save(&tx, &now_text)?;
        self.counts.orders_read += u32::try_from(orders.len() + unreadable.len()).unwrap_or(0);
        add(&mut self.counts, out);
        checkpoint::record_counts(&tx, self.run_id, &self.counts)?;
        tx.commit()?;
        // Counting customers scans the store's orders: often enough for a progress bar, not
        // after every page of a first sync of 100k orders.
        if self
            .customers_counted
            .is_none_or(|at| at.elapsed() >= StdDuration::from_secs(1))
        {
            self.counts.customers = self.conn.query_row(
                "SELECT COUNT(DISTINCT customer_key) FROM ledger_orders WHERE store = ?1",
                [&self.config.store],
                |r| r.get(0),
            )?;
            self.customers_counted = Some(std::time::Instant::now());
        }
        Ok(())
    }

    pub(crate) fn report(&self, phase: Phase) {
        self.progress.event(SyncEvent::Progress {
            phase,
            counts: self.counts,
        });
    }
}

pub(crate) fn add(counts: &mut RunCounts, out: ApplyOutcome) {
    counts.earned += out.earned;
    counts.reversed += out.reversed;
    counts.entries_added += out.entries_added();
    counts.points_delta += out.points_delta;
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
