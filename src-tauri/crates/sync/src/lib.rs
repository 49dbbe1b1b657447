//! The sync engine (SPEC §5) in preview mode: reads the store's orders and writes only the
//! local database (the ledger of `conector-ledger`), until activation hands over to
//! +fidelidade.
//!
//! - [`run_once`]: one run, page by page, crash-safe, cancellable, one at a time per database;
//! - [`SyncConfig`]: store key, start date, final statuses, earn rate, return window and the
//!   request budget of a run;
//! - [`recompute_preview_in`]: new final statuses applied inside the caller's transaction;
//! - [`sync_status`]: the last run and when each part last checked the store ([`Coverage`]).
//!
//! Activation itself lives in `conector_core::activation`; the engine only obeys it.

mod checkpoint;
pub mod config;
mod coverage;
mod engine;
mod error;
mod listing;
mod lock;
pub use lock::RunLock;
pub mod mapping;
mod progress;
mod rereads;
mod returns;
mod run;
mod status;
mod window;

pub use checkpoint::{forget_progress, recent_runs, RunRecord};
pub use config::{parse_date, store_today, SyncConfig};
pub use coverage::{Coverage, StatusChecked, WindowProgress};
pub use engine::{recompute_preview, recompute_preview_in, run_once};
pub use error::SyncError;
pub use progress::{NoProgress, Phase, ProgressSink, RunCounts, RunResult, RunSummary, SyncEvent};
pub use status::{sync_status, SyncStatus};
