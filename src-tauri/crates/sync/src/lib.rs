//! The sync engine (SPEC §5) in preview mode: reads the store's orders and writes only the
//! local database (the ledger of `conector-ledger`), until activation hands over to
//! +fidelidade.
//!
//! - [`run_once`]: one run, page by page, crash-safe, cancellable, one at a time per database;
//! - [`Scheduler`]: the background loop (interval, "Sincronizar agora"), plain tokio;
//! - [`SyncConfig`]: store key, start date, final statuses, earn rate.
//!
//! Activation itself lives in `conector_core::activation`; the engine only obeys it.

mod checkpoint;
pub mod config;
mod engine;
mod error;
mod lock;
pub mod mapping;
mod progress;
mod scheduler;

pub use checkpoint::{recent_runs, sync_status, RunRecord, SyncStatus};
pub use config::{default_since, parse_date, store_key, store_today, SyncConfig, DEFAULT_INTERVAL};
pub use engine::{recompute_preview, run_once};
pub use error::SyncError;
pub use progress::{NoProgress, Phase, ProgressSink, RunCounts, RunResult, RunSummary, SyncEvent};
pub use scheduler::{JobSource, Scheduler, SyncJob};
