//! Opening the app, and what happens when the database cannot be opened.
//!
//! [`Startup`] is always managed: it knows the folders and, when opening failed, the problem.
//! The UI asks `startup_problem` first; when there is one it shows the problem page ("Tentar de
//! novo", "Fazer cópia e começar do zero") instead of the wizard, and the commands that need
//! the [`App`] are simply not reachable until one of those succeeds and manages it.

use std::path::PathBuf;
use std::sync::Mutex;

use conector_app::diagnostics::StartupProblem;
use conector_app::{App, AppSetup};
use tauri::{AppHandle, Manager, Runtime};

use crate::AppPaths;

pub struct Startup {
    pub paths: AppPaths,
    /// Where "Exportar diagnóstico" writes (Downloads, else Documents, home, data folder).
    pub export_dir: PathBuf,
    /// The problem while there is one; `None` once the app is managed. It changes only through
    /// [`Startup::try_open`].
    problem: Mutex<Option<StartupProblem>>,
    /// Hands a freshly opened app to Tauri (`manage`), and tells whether it has one. Kept as
    /// closures so the commands need no runtime type parameter (tauri-specta's registry cannot
    /// name one).
    manage: Box<dyn Fn(App) + Send + Sync>,
    ready: Box<dyn Fn() -> bool + Send + Sync>,
    /// What the app is opened with (its events reach this window).
    setup: Box<dyn Fn() -> AppSetup + Send + Sync>,
}

impl Startup {
    /// Opens the app, starts it and manages it (with `Startup` itself). Never fails: a
    /// database that cannot be opened becomes the problem the UI shows.
    pub fn boot<R: Runtime>(app: &AppHandle<R>, paths: AppPaths) {
        // The events the app will emit must be known before it runs.
        crate::bindings_builder::<R>().mount_events(app);
        let (for_manage, for_ready, for_setup) = (app.clone(), app.clone(), app.clone());
        let startup = Startup {
            export_dir: export_dir(app, &paths),
            paths,
            problem: Mutex::new(None),
            manage: Box::new(move |opened| {
                for_manage.manage(opened);
            }),
            ready: Box::new(move || for_ready.try_state::<App>().is_some()),
            setup: Box::new(move || crate::state::window_setup(&for_setup)),
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

    /// Whether the app is open and managed.
    pub fn is_ready(&self) -> bool {
        (self.ready)()
    }

    /// Opens the app again (after the owner closed the other program, or set the file aside).
    /// Returns the problem that remains, `None` when the app is ready.
    pub fn try_open(&self) -> Option<StartupProblem> {
        let mut problem = self.problem.lock().unwrap_or_else(|p| p.into_inner());
        if self.is_ready() {
            *problem = None;
            return None;
        }
        match crate::state::open_app(self.paths.clone(), (self.setup)()) {
            Ok(app) => {
                tauri::async_runtime::block_on(app.start());
                (self.manage)(app);
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
