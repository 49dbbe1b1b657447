//! One run in progress, as every part of it sees it: the store client and its cancel switch,
//! the counts so far, and how a part applies what it read (one transaction with its
//! checkpoint). The engine (`crate::engine`) drives the parts; the parts
//! (`listing`, `returns`, `window`, `rereads`) use this and nothing of the engine.

use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration as StdDuration;

use conector_core::activation::{activation, Activation};
use conector_core::timestamp;
use conector_core::write_turn::Write;
use conector_ledger::{apply_orders_in, rules_in_force, ApplyOutcome, OrderSnapshot};
use conector_simplo7::{Order, StoreClient, StoreError, UnreadableOrder};
use rusqlite::Connection;
use time::OffsetDateTime;

use crate::checkpoint;
use crate::config::SyncConfig;
use crate::error::SyncError;
use crate::mapping::{day_start_utc, snapshot, unreadable_snapshot};
use crate::progress::{Phase, ProgressSink, RunCounts, SyncEvent};

/// Now, to the millisecond, in the form orders' `checked_at` has (see
/// [`conector_ledger::stamp`]): when a part began, so orders it read compare after it.
pub(crate) fn now_stamp() -> String {
    conector_ledger::stamp(OffsetDateTime::now_utc())
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

    pub(crate) fn count(&mut self, out: ApplyOutcome) {
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
    ///
    /// The transaction waits for the app's other writers in turn
    /// ([`conector_core::write_turn`]); if the database is still busy (another process, such as
    /// the command line, past SQLite's busy timeout), the page is applied again from the start,
    /// up to [`PAGE_ATTEMPTS`] times, rather than failing the run half-way.
    pub(crate) fn commit(
        &mut self,
        orders: &[Order],
        unreadable: &[UnreadableOrder],
        fallback: OffsetDateTime,
        save: impl Fn(&Connection, &str) -> rusqlite::Result<()>,
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

        let read = u32::try_from(orders.len() + unreadable.len()).unwrap_or(0);
        let mut attempt = 1;
        loop {
            match self.apply_page(&snapshots, read, &save) {
                Err(e) if attempt < PAGE_ATTEMPTS && is_busy(&e) => {
                    attempt += 1;
                    tracing::warn!(attempt, "the database was busy; the page is applied again");
                    if self.cancel.load(Ordering::Relaxed) {
                        return Err(Halt::Cancelled);
                    }
                }
                other => break other?,
            }
        }
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

    /// One attempt at a page: nothing of it stays unless all of it commits.
    fn apply_page(
        &mut self,
        snapshots: &[OrderSnapshot],
        read: u32,
        save: &impl Fn(&Connection, &str) -> rusqlite::Result<()>,
    ) -> Result<(), SyncError> {
        let now = OffsetDateTime::now_utc();
        let now_text = timestamp::format(now);
        let tx = Write::begin(self.conn)?;
        let (finals, rate) = match rules_in_force(&tx, &self.config.store)? {
            Some(rules) => (rules.finals, rules.rate),
            None => (self.config.finals.clone(), self.config.rate),
        };
        let out = apply_orders_in(&tx, &self.config.store, snapshots, &finals, rate, now)?;
        save(&tx, &now_text)?;
        let mut counts = self.counts;
        counts.orders_read += read;
        add(&mut counts, out);
        checkpoint::record_counts(&tx, self.run_id, &counts)?;
        tx.commit()?;
        // Counted only once the page is in.
        self.counts = counts;
        Ok(())
    }

    pub(crate) fn report(&self, phase: Phase) {
        self.progress.event(SyncEvent::Progress {
            phase,
            counts: self.counts,
        });
    }
}

/// Attempts at applying one page while the database is busy (each waits up to SQLite's busy
/// timeout for another process; the app's own writers are waited for in turn, without limit).
pub(crate) const PAGE_ATTEMPTS: u32 = 5;

/// The database was locked by someone else past the busy timeout.
pub(crate) fn is_busy(e: &SyncError) -> bool {
    match e {
        SyncError::Db(db) => db.is_locked(),
        SyncError::Ledger(conector_ledger::LedgerError::Db(e)) => matches!(
            e.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        ),
        _ => false,
    }
}

pub(crate) fn add(counts: &mut RunCounts, out: ApplyOutcome) {
    counts.earned += out.earned;
    counts.reversed += out.reversed;
    counts.entries_added += out.entries_added();
    counts.points_delta += out.points_delta;
}
