//! The app state is [`conector_app::App`], built whole in `setup` and handed to `manage()`;
//! this file holds only the Tauri glue around it: the folders, and what the app tells the
//! window on its own (events, notifications).

use std::sync::Arc;

use conector_app::folders::UserRoots;
use conector_app::health::{HealthRun, Notification};
use conector_app::sync::SyncProgress;
use conector_app::{App, AppSetup, Events, Paths};
use conector_core::db::DbError;
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;

use crate::events::{HealthRunEvent, SyncRunEvent};

/// Where the app keeps its files (the application layer's [`conector_app::Paths`]).
pub type AppPaths = Paths;

/// The folders of this app, the same as the command line's ([`conector_app::folders`]: the
/// per-user local data folder, logs inside), after an earlier build's data folder has moved
/// there (once; the roaming folder on Windows).
pub fn resolve_paths<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<AppPaths> {
    match UserRoots::of_user() {
        Some(roots) => {
            roots.move_earlier_data();
            Ok(roots.paths())
        }
        // No home folder from the OS: Tauri's own answer (which then fails the same way).
        None => Ok(Paths::in_folder(&app.path().app_local_data_dir()?)),
    }
}

/// Opens the app on Tauri's async runtime, idle until [`App::start`].
pub fn open_app(paths: AppPaths, setup: AppSetup) -> Result<App, DbError> {
    App::open(paths, setup, tauri::async_runtime::handle().inner())
}

/// The window's side of the app's events: background runs pushed to the page (the dashboard
/// and the health page do not poll), notifications shown on the desktop.
pub struct WindowEvents<R: Runtime>(pub AppHandle<R>);

impl<R: Runtime> Events for WindowEvents<R> {
    fn sync_run(&self, progress: &SyncProgress) {
        if let Err(e) = SyncRunEvent(progress.clone()).emit(&self.0) {
            tracing::debug!(error = %e, "a sync event could not reach the window");
        }
    }

    fn health_run(&self, run: &HealthRun) {
        if let Err(e) = HealthRunEvent(run.clone()).emit(&self.0) {
            tracing::debug!(error = %e, "a health event could not reach the window");
        }
    }

    fn notify(&self, notification: &Notification) {
        crate::watch::notify(&self.0, notification);
    }
}

/// The product's setup for a window: the OS keychain, real time, events to `app`, and the
/// updates managed before it (their automatic check runs in the app's background loop).
pub fn window_setup<R: Runtime>(app: &AppHandle<R>) -> AppSetup {
    AppSetup {
        events: Arc::new(WindowEvents(app.clone())),
        updates: app
            .try_state::<crate::Updates>()
            .map(|updates| Arc::clone(&updates.service)),
        ..AppSetup::default()
    }
}
