//! What a run reports while it goes and when it ends.

use conector_core::ErrorPayload;
use conector_ledger::PreviewTotals;
use serde::Serialize;

/// Which part of a run is in progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Reading the order listing page by page (new orders and the recent window).
    Listing,
    /// Re-reading older orders whose status is still open, one by one.
    Rechecking,
}

/// Running counts of the current run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct RunCounts {
    /// Listing pages applied (each with its checkpoint).
    pub pages: u32,
    /// `page_count` of the listing when the store sends it.
    pub page_count: Option<u32>,
    /// Orders read from the store by this run (listing and re-reads).
    pub orders_read: u32,
    pub orders_rechecked: u32,
    pub entries_added: u32,
    pub earned: u32,
    pub reversed: u32,
    pub points_delta: i64,
    /// Customers known so far (all runs).
    pub customers: u64,
    /// Problems that did not stop the run (e.g. an order that disappeared from the store).
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
