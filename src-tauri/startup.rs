//! Opening the app state, and what happens when the database cannot be opened.
//!
//! [`Startup`] is always managed: it knows the folders and, when opening failed, the problem.
//! The UI asks `startup_problem` first; when there is one it shows the problem page ("Tentar de
//! novo", "Fazer cópia e começar do zero") instead of the wizard, and the commands that need
//! [`AppState`] are simply not reachable until one of those succeeds and manages it.

use std::path::PathBuf;
use std::sync::Mutex;

use conector_app::diagnostics::StartupProblem;
use conector_app::health::HealthObserver;
use conector_core::db::DbError;
use tauri::{AppHandle, Manager, Runtime};

use crate::state::RunObserver;
use crate::{AppPaths, AppState};

pub struct Startup {
    pub paths: AppPaths,
    /// Where "Exportar diagnóstico" writes (Downloads, else Documents, home, data folder).
    pub export_dir: PathBuf,
    /// The problem while there is one; `None` once the state is managed. It changes only through
    /// [`Startup::try_open`].
    problem: Mutex<Option<StartupProblem>>,
    /// Hands a freshly opened state to the app (`manage`), and tells whether it has one. Kept as
    /// closures so the commands need no runtime type parameter (tauri-specta's registry cannot
    /// name one).
    manage: Box<dyn Fn(AppState) + Send + Sync>,
    ready: Box<dyn Fn() -> bool + Send + Sync>,
    /// Makes the observer that pushes every sync run to the window as an event.
    observer: Box<dyn Fn() -> RunObserver + Send + Sync>,
    /// Makes the observer of the health watch's runs (window event, notifications).
    health_observer: Box<dyn Fn() -> HealthObserver + Send + Sync>,
}

impl Startup {
    /// Opens the state and manages it (with `Startup` itself). Never fails: a database that
    /// cannot be opened becomes the problem the UI shows.
    pub fn boot<R: Runtime>(app: &AppHandle<R>, paths: AppPaths) {
        // The events the state will emit must be known before it runs.
        crate::bindings_builder::<R>().mount_events(app);
        let (for_manage, for_ready, for_events) = (app.clone(), app.clone(), app.clone());
        let for_health = app.clone();
        let startup = Startup {
            export_dir: export_dir(app, &paths),
            paths,
            problem: Mutex::new(None),
            manage: Box::new(move |state| {
                for_manage.manage(state);
            }),
            ready: Box::new(move || for_ready.try_state::<AppState>().is_some()),
            observer: Box::new(move || crate::events::sync_run_observer(for_events.clone())),
            health_observer: Box::new(move || crate::watch::observer(for_health.clone())),
        };
        // The outcome is kept in `startup.problem`; the UI reads it from there.
        let _ = startup.try_open();
        app.manage(startup);
    }

    /// The problem still in the way, if any.
    pub fn problem(&self) -> Option<StartupProblem> {
        self.problem
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Whether the app state is open and managed.
    pub fn is_ready(&self) -> bool {
        (self.ready)()
    }

    /// Opens the state again (after the owner closed the other program, or set the file aside).
    /// Returns the problem that remains, `None` when the app is ready.
    pub fn try_open(&self) -> Option<StartupProblem> {
        let mut problem = self.problem.lock().unwrap_or_else(|p| p.into_inner());
        if self.is_ready() {
            *problem = None;
            return None;
        }
        match open_state(
            &self.paths,
            Some((self.observer)()),
            Some((self.health_observer)()),
        ) {
            Ok(state) => {
                state.sync.start();
                // After go-live, the health watch runs (an overdue check at once).
                state.health.start();
                (self.manage)(state);
                *problem = None;
            }
            Err(error) => {
                conector_core::log_error("the database could not be opened", &error);
                *problem = Some(StartupProblem::new(&self.paths, &error));
            }
        }
        problem.clone()
    }
}

/// `CONECTOR_EXPORT_DIR` (tests), else Downloads, Documents, home, or the data folder.
fn export_dir<R: Runtime>(app: &AppHandle<R>, paths: &AppPaths) -> PathBuf {
    if let Some(dir) = std::env::var_os("CONECTOR_EXPORT_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let path = app.path();
    path.download_dir()
        .or_else(|_| path.document_dir())
        .or_else(|_| path.home_dir())
        .unwrap_or_else(|_| paths.data_dir.clone())
}

fn open_state(
    paths: &AppPaths,
    observer: Option<RunObserver>,
    health: Option<HealthObserver>,
) -> Result<AppState, DbError> {
    let state = AppState::open_observed(
        paths.clone(),
        conector_secrets::Keychain::new(),
        observer,
        health,
    )?;
    if let Err(e) = tauri::async_runtime::block_on(conector_app::store::resume_demo(&state.ctx)) {
        conector_core::log_error("the demo store could not be resumed", &e);
    }
    Ok(state)
}
