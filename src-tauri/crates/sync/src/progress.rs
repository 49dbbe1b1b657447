//! What a run reports while it goes and when it ends.

use conector_core::ErrorPayload;
use conector_ledger::PreviewTotals;
use serde::Serialize;

/// Which part of a run is in progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Reading the listing of new orders page by page (all of them on the first run).
    Listing,
    /// Reading the listings of the store's cancel/return statuses (late reversals).
    Returns,
    /// Reading the return window, a few pages per run (refunds, edits, deletions, keys).
    Window,
    /// Re-reading single orders: open ones placed before the window, and those a pass over
    /// the window did not see.
    Rechecking,
}

/// Running counts of the current run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct RunCounts {
    /// Pages of the listing of new orders applied (each with its checkpoint).
    pub pages: u32,
    /// `page_count` of that listing when the store sends it.
    pub page_count: Option<u32>,
    /// Pages of the cancel/return status listings applied.
    pub status_pages: u32,
    /// Pages of the return window applied.
    pub window_pages: u32,
    /// Store requests made (retries of one request not counted).
    pub requests: u32,
    /// Orders read from the store by this run (listings and re-reads).
    pub orders_read: u32,
    pub orders_rechecked: u32,
    /// Records read that the points could not be read from (skipped as "ilegível").
    pub unreadable: u32,
    /// Orders the store answered 404 for: their points were reversed ("excluído na loja").
    pub deleted: u32,
    pub entries_added: u32,
    pub earned: u32,
    pub reversed: u32,
    pub points_delta: i64,
    /// Customers known so far (all runs).
    pub customers: u64,
    /// Problems that did not stop the run.
    pub errors: u32,
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum RunResult {
    Ok,
    /// Stopped by the cancel flag; what was committed stays, the next run continues.
    Cancelled,
    /// The integration is active: +fidelidade took over, the engine does not run.
    HandedOver {
        since: String,
    },
    Failed {
        error: ErrorPayload,
    },
}

impl RunResult {
    /// `ok`, `cancelled`, `handed_over` or `failed` (as stored in `sync_runs.result`).
    pub fn as_str(&self) -> &'static str {
        match self {
            RunResult::Ok => "ok",
            RunResult::Cancelled => "cancelled",
            RunResult::HandedOver { .. } => "handed_over",
            RunResult::Failed { .. } => "failed",
        }
    }
}

/// The record of one run, as returned to the caller and kept in `sync_runs`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct RunSummary {
    /// `sync_runs.id`; 0 when the run was refused before being recorded (handed over).
    pub run_id: i64,
    pub started_at: String,
    pub finished_at: String,
    pub result: RunResult,
    pub counts: RunCounts,
    /// The preview after the run.
    pub totals: PreviewTotals,
}

/// Events of one run, in order: `Started`, any number of `Progress`, then `Finished`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum SyncEvent {
    Started {
        run_id: i64,
    },
    Progress {
        phase: Phase,
        counts: RunCounts,
    },
    Finished {
        summary: RunSummary,
    },
    /// The background loop could not start a run (already running, not configured...).
    Refused {
        error: ErrorPayload,
    },
}

/// Where progress goes (the shell forwards it to a Tauri channel; the CLI prints it).
pub trait ProgressSink: Send + Sync {
    fn event(&self, event: SyncEvent);
}

impl<F: Fn(SyncEvent) + Send + Sync> ProgressSink for F {
    fn event(&self, event: SyncEvent) {
        self(event)
    }
}

/// Discards progress.
pub struct NoProgress;

impl ProgressSink for NoProgress {
    fn event(&self, _event: SyncEvent) {}
}
