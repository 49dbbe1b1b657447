//! Events the app pushes to the window on its own (work that starts in the background).

use conector_app::health::HealthRun;
use conector_app::sync::SyncProgress;
use serde::Serialize;
use tauri::{AppHandle, Runtime};
use tauri_specta::Event;

use crate::state::RunObserver;

/// A sync run's progress, for every run (background or asked for): the dashboard follows runs
/// it did not start without polling.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct SyncRunEvent(pub SyncProgress);

/// The observer the sync loop calls for every event: emits [`SyncRunEvent`] to the window.
pub fn sync_run_observer<R: Runtime>(app: AppHandle<R>) -> RunObserver {
    Box::new(move |progress: &SyncProgress| {
        if let Err(e) = SyncRunEvent(progress.clone()).emit(&app) {
            tracing::debug!(error = %e, "a sync event could not reach the window");
        }
    })
}

/// A health watch run (scheduled, from the tray or asked for): the health page refreshes
/// without polling.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct HealthRunEvent(pub HealthRun);
