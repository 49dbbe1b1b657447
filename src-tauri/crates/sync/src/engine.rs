//! One sync run in preview mode: reads the store, writes only the local database.
//!
//! A run lists the orders placed since the start of the current pass page by page; each page
//! is applied to the ledger in one IMMEDIATE transaction together with the checkpoint that
//! says the page is done. A run killed at any instant therefore loses at most the page in
//! flight, and the next run resumes at that page; since applying an order twice appends
//! nothing, redoing a page never counts it twice.
//!
//! Passes after the first list only from `min(last pass day, today − recent_days)`, so new
//! orders and the recent window (where statuses still move) are read again cheaply; older
//! orders whose status is still open are then re-read one by one (`max_rechecks` per run).

use std::collections::HashMap;
use std::future::Future;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration as StdDuration;

use conector_core::activation::{activation, Activation};
use conector_core::CodedError;
use conector_ledger::{apply_orders_in, drop_orders_before, totals, OrderSnapshot};
use conector_simplo7::{StoreClient, StoreError};
use rusqlite::{Connection, TransactionBehavior};
use time::format_description::well_known::Rfc3339;
use time::{Date, Duration, OffsetDateTime, Time, UtcOffset};

use crate::checkpoint::{self, Checkpoint};
use crate::config::{store_today, SyncConfig};
use crate::error::SyncError;
use crate::lock::RunLock;
use crate::mapping::snapshot;
use crate::progress::{Phase, ProgressSink, RunCounts, RunResult, RunSummary, SyncEvent};

fn now_iso() -> String {
    let now = OffsetDateTime::now_utc();
    let now = now.replace_nanosecond(0).unwrap_or(now);
    now.format(&Rfc3339)
        .unwrap_or_else(|_| now.unix_timestamp().to_string())
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
/// `progress` receives `Started`, `Progress` after each page or re-read batch, `Finished`.
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
    let _lock = RunLock::acquire(db_path)?;
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
    };
    let outcome = run.drive().await;
    let counts = run.counts;
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
        totals: totals(&conn, &config.store)?,
    };
    progress.event(SyncEvent::Finished {
        summary: summary.clone(),
    });
    match error {
        Some(e) => Err(e),
        None => Ok(summary),
    }
}

/// Midnight of a store day (Brasília, UTC−3) as a UTC instant.
fn day_start_utc(day: Date) -> OffsetDateTime {
    let brasilia = UtcOffset::from_hms(-3, 0, 0).unwrap_or(UtcOffset::UTC);
    day.with_time(Time::MIDNIGHT)
        .assume_offset(brasilia)
        .to_offset(UtcOffset::UTC)
}

/// Awaits `fut` unless `cancel` is set first (checked every 100 ms; dropping the request in
/// flight is safe: nothing of it was committed).
async fn race<T>(cancel: &AtomicBool, fut: impl Future<Output = T>) -> Result<T, Stop> {
    let watch = async move {
        while !cancel.load(Ordering::Relaxed) {
            tokio::time::sleep(StdDuration::from_millis(100)).await;
        }
    };
    tokio::select! {
        value = fut => Ok(value),
        () = watch => Err(Stop::Cancelled),
    }
}

struct Run<'a> {
    conn: &'a mut Connection,
    client: &'a StoreClient,
    config: &'a SyncConfig,
    progress: &'a dyn ProgressSink,
    cancel: &'a AtomicBool,
    run_id: i64,
    counts: RunCounts,
}

/// Why a run stopped early.
enum Stop {
    Cancelled,
    HandedOver(String),
}

impl From<Stop> for RunResult {
    fn from(stop: Stop) -> Self {
        match stop {
            Stop::Cancelled => RunResult::Cancelled,
            Stop::HandedOver(since) => RunResult::HandedOver { since },
        }
    }
}

impl Run<'_> {
    async fn drive(&mut self) -> Result<RunResult, SyncError> {
        let client = self.client;
        if let Err(stop) = self.should_stop() {
            return Ok(stop.into());
        }
        let statuses = match race(self.cancel, client.order_statuses()).await {
            Ok(s) => s?,
            Err(stop) => return Ok(stop.into()),
        };
        let names: HashMap<String, String> = statuses.into_iter().map(|s| (s.id, s.name)).collect();
        self.drop_before_start()?;
        let from = match self.listing(&names).await? {
            Ok(from) => from,
            Err(stop) => return Ok(stop.into()),
        };
        if let Err(stop) = self.recheck(&names, from).await? {
            return Ok(stop.into());
        }
        Ok(RunResult::Ok)
    }

    fn should_stop(&self) -> Result<(), Stop> {
        if self.cancel.load(Ordering::Relaxed) {
            return Err(Stop::Cancelled);
        }
        // The owner may flip activation on while a run is going: stop at the next step.
        match activation(self.conn) {
            Ok(Activation::HandedOver { since }) => Err(Stop::HandedOver(since)),
            _ => Ok(()),
        }
    }

    fn apply(
        &mut self,
        orders: &[OrderSnapshot],
        checkpoint: Option<&Checkpoint>,
    ) -> Result<(), SyncError> {
        let now = now_iso();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = apply_orders_in(
            &tx,
            &self.config.store,
            orders,
            &self.config.finals,
            self.config.rate,
            OffsetDateTime::now_utc(),
        )?;
        self.counts.orders_read += out.orders;
        self.counts.earned += out.earned;
        self.counts.reversed += out.reversed;
        self.counts.entries_added += out.entries_added();
        self.counts.points_delta += out.points_delta;
        if let Some(cp) = checkpoint {
            self.counts.pages += 1;
            checkpoint::save(&tx, &self.config.store, cp, &now)?;
        }
        checkpoint::record_counts(&tx, self.run_id, &self.counts)?;
        tx.commit()?;
        self.counts.customers = self.conn.query_row(
            "SELECT COUNT(DISTINCT customer_key) FROM ledger_orders WHERE store = ?1",
            [&self.config.store],
            |r| r.get(0),
        )?;
        Ok(())
    }

    /// Orders before the start date leave the preview (the owner may have moved it later).
    fn drop_before_start(&mut self) -> Result<(), SyncError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = drop_orders_before(
            &tx,
            &self.config.store,
            day_start_utc(self.config.since),
            OffsetDateTime::now_utc(),
        )?;
        tx.commit()?;
        self.counts.reversed += out.reversed;
        self.counts.entries_added += out.entries_added();
        self.counts.points_delta += out.points_delta;
        Ok(())
    }

    /// The listing pass: returns the first day it covered.
    async fn listing(
        &mut self,
        names: &HashMap<String, String>,
    ) -> Result<Result<Date, Stop>, SyncError> {
        let today = store_today();
        let cp = checkpoint::load(self.conn, &self.config.store, self.config.since)?;
        let (from, first_page) = match cp.pass_from {
            Some(from) => (from, cp.next_page),
            None => {
                let recent = today - Duration::days(i64::from(self.config.recent_days));
                let from = cp
                    .high_water
                    .map_or(cp.since, |hw| hw.min(recent).max(cp.since));
                (from, 1)
            }
        };
        let client = self.client;
        let mut pager = client.orders_since(from).starting_at(first_page);
        loop {
            if let Err(stop) = self.should_stop() {
                return Ok(Err(stop));
            }
            let page = match race(self.cancel, pager.next_page()).await {
                Ok(page) => page?,
                Err(stop) => return Ok(Err(stop)),
            };
            let Some(page) = page else { break };
            self.counts.page_count = page.page_count;
            // A store that ignores `data_inicio` must not make older orders enter the
            // preview (and be dropped again by the next run, over and over).
            let start = day_start_utc(self.config.since);
            let orders: Vec<OrderSnapshot> = page
                .orders
                .iter()
                .map(|o| snapshot(o, names, from))
                .filter(|o| o.placed_at >= start)
                .collect();
            let next = if page.has_next_page {
                Checkpoint {
                    pass_from: Some(from),
                    next_page: page.page + 1,
                    ..cp.clone()
                }
            } else {
                Checkpoint {
                    pass_from: None,
                    next_page: 1,
                    high_water: Some(today),
                    ..cp.clone()
                }
            };
            self.apply(&orders, Some(&next))?;
            self.progress.event(SyncEvent::Progress {
                phase: Phase::Listing,
                counts: self.counts,
            });
        }
        Ok(Ok(from))
    }

    /// Re-reads stored orders older than the listing whose status is still open.
    async fn recheck(
        &mut self,
        names: &HashMap<String, String>,
        listed_from: Date,
    ) -> Result<Result<(), Stop>, SyncError> {
        let cutoff = day_start_utc(listed_from)
            .format(&Rfc3339)
            .unwrap_or_default();
        let ids: Vec<i64> = {
            let mut stmt = self.conn.prepare(
                "SELECT order_id FROM ledger_orders
                 WHERE store = ?1 AND placed_at < ?2 AND skip_reason = 'status_not_final'
                 ORDER BY placed_at DESC LIMIT ?3",
            )?;
            let rows = stmt.query_map(
                rusqlite::params![self.config.store, cutoff, self.config.max_rechecks],
                |r| r.get(0),
            )?;
            rows.collect::<Result<_, _>>()?
        };
        for id in ids {
            let Ok(order_id) = u64::try_from(id) else {
                continue;
            };
            if let Err(stop) = self.should_stop() {
                return Ok(Err(stop));
            }
            let client = self.client;
            let order = match race(self.cancel, client.order(order_id)).await {
                Ok(order) => order,
                Err(stop) => return Ok(Err(stop)),
            };
            match order {
                Ok(order) => {
                    let snap = snapshot(&order, names, listed_from);
                    self.apply(std::slice::from_ref(&snap), None)?;
                    self.counts.orders_rechecked += 1;
                }
                // Deleted in the store: keep what we know, say so, go on.
                Err(StoreError::OrderNotFound(_)) => self.counts.errors += 1,
                Err(e) => return Err(e.into()),
            }
            self.progress.event(SyncEvent::Progress {
                phase: Phase::Rechecking,
                counts: self.counts,
            });
        }
        Ok(Ok(()))
    }
}

/// Applies a new final-status set (or earn rate) to the stored orders without reading the
/// store, under the same one-at-a-time lock as a run (fails with `sync.already_running` while
/// a run is going: cancel it, then call again). Appends the `earn`/`reverse` entries that make
/// the ledger agree with the new set; idempotent.
pub fn recompute_preview(
    db_path: &Path,
    store: &str,
    finals: &conector_ledger::FinalStatuses,
    rate: conector_ledger::EarnRate,
) -> Result<conector_ledger::ApplyOutcome, SyncError> {
    if finals.0.is_empty() {
        return Err(SyncError::NoFinalStatuses);
    }
    let mut conn = conector_core::db::open(db_path)?;
    let _lock = RunLock::acquire(db_path)?;
    Ok(conector_ledger::recompute(&mut conn, store, finals, rate)?)
}
