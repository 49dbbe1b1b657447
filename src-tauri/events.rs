//! Events the app pushes to the window on its own (work that starts in the background).

use conector_app::health::HealthRun;
use conector_app::sync::SyncProgress;
use serde::Serialize;

/// A sync run's progress, for every run (background or asked for): the dashboard follows runs
/// it did not start without polling.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct SyncRunEvent(pub SyncProgress);

/// A health watch run (scheduled, from the tray or asked for): the health page refreshes
/// without polling.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct HealthRunEvent(pub HealthRun);
