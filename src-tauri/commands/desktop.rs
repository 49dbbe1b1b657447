//! The desktop around the wizard: the about page (folders, logs, diagnostic export), links that
//! open in the default browser, the way out of an unreadable database, and "Remover tudo deste
//! computador". These work before the app is open (from the startup problem page), so they take
//! the [`Startup`].
//!
//! The webview gets no opener or file-system permission: every path and URL opened here is
//! decided or checked by the application layer.

use std::path::Path;

use conector_app::remove::{self, Removal, Removed};
use conector_app::window::{AboutInfo, DesktopError, StartupProblem};
use conector_app::App;
use conector_core::{CodedError, ErrorPayload, MessageCode};
use serde::Serialize;
use tauri::State;

use super::to_payload;
use crate::startup::Startup;

fn open_failed(target: String, source: tauri_plugin_opener::Error) -> ErrorPayload {
    to_payload(DesktopError::OpenFailed {
        target,
        source: Box::new(source),
    })
}

/// Opens a link in the owner's default browser (panel pages, help).
#[tauri::command]
#[specta::specta]
pub fn open_external(url: String) -> Result<(), ErrorPayload> {
    let url = conector_app::desktop::browser_url(&url).map_err(to_payload)?;
    tauri_plugin_opener::open_url(&url, None::<&str>).map_err(|e| open_failed(url, e))
}

#[tauri::command]
#[specta::specta]
pub fn about_info(startup: State<'_, Startup>) -> AboutInfo {
    conector_app::diagnostics::about(&startup.paths)
}

fn open_folder(dir: &Path) -> Result<(), ErrorPayload> {
    tauri_plugin_opener::open_path(dir, None::<&str>)
        .map_err(|e| open_failed(dir.display().to_string(), e))
}

/// "Abrir pasta de registros": the app's own log folder, nothing else.
#[tauri::command]
#[specta::specta]
pub fn open_log_dir(startup: State<'_, Startup>) -> Result<(), ErrorPayload> {
    let dir = &startup.paths.log_dir;
    let _ = std::fs::create_dir_all(dir);
    open_folder(dir)
}

/// "Abrir pasta" on the customers'-data card: the app's own data folder (where the database
/// is), nothing else — the card names it instead of printing a path.
#[tauri::command]
#[specta::specta]
pub fn open_data_dir(startup: State<'_, Startup>) -> Result<(), ErrorPayload> {
    open_folder(&startup.paths.data_dir)
}

/// "Exportar diagnóstico": writes the zip into the Downloads folder (or Documents, or the home
/// folder) and returns its path. Works even when the database could not be opened.
#[tauri::command]
#[specta::specta]
pub async fn diagnostics_export(startup: State<'_, Startup>) -> Result<String, ErrorPayload> {
    let paths = startup.paths.clone();
    let dest = startup.export_dir.clone();
    let path = tauri::async_runtime::spawn_blocking(move || {
        conector_app::diagnostics::export_now(&paths, &dest)
    })
    .await
    .map_err(|e| {
        tracing::error!(error = %e, "the diagnostic export task ended early");
        ErrorPayload::new(MessageCode::Internal)
    })?
    .map_err(to_payload)?;
    Ok(path.display().to_string())
}

/// The problem that kept the app from opening its data, if any: the UI asks this first.
#[tauri::command]
#[specta::specta]
pub fn startup_problem(startup: State<'_, Startup>) -> Option<StartupProblem> {
    startup.problem()
}

/// "Tentar de novo": opens the database again. Returns the problem that remains, if any.
#[tauri::command]
#[specta::specta]
pub fn startup_retry(startup: State<'_, Startup>) -> Option<StartupProblem> {
    startup.try_open()
}

/// What "Fazer cópia e começar do zero" did.
#[derive(Debug, Serialize, specta::Type)]
pub struct FreshStart {
    /// Where the unreadable file was kept.
    pub backup: String,
    /// `None` when the app is ready.
    pub problem: Option<StartupProblem>,
}

/// "Fazer cópia e começar do zero": sets the damaged database aside (kept, never deleted here)
/// and opens a new one. Refused unless the database is damaged.
#[tauri::command]
#[specta::specta]
pub fn startup_start_fresh(startup: State<'_, Startup>) -> Result<FreshStart, ErrorPayload> {
    let Some(problem) = startup.problem() else {
        // The data opened fine (a second click, or another window): nothing to set aside.
        return Ok(FreshStart {
            backup: String::new(),
            problem: None,
        });
    };
    let backup = conector_app::diagnostics::start_fresh(
        &startup.paths,
        &problem,
        time::OffsetDateTime::now_utc(),
    )
    .map_err(to_payload)?;
    Ok(FreshStart {
        backup: backup.display().to_string(),
        problem: startup.try_open(),
    })
}

/// What "Remover tudo deste computador" would remove, for its confirmation. Only reads.
#[tauri::command]
#[specta::specta]
pub fn remove_everything_plan(startup: State<'_, Startup>) -> Result<Removal, ErrorPayload> {
    remove::plan(&startup.paths, &remove::user_folders()).map_err(|e| e.payload())
}

/// "Remover tudo deste computador", confirmed: the app's work stops, everything it keeps on
/// this computer is removed, and the app exits. Exiting at once, rather than through Tauri's
/// loop, is deliberate: a normal exit writes the window's size and position again (the
/// window-state plugin), into a folder just removed.
#[tauri::command]
#[specta::specta]
pub async fn remove_everything(
    startup: State<'_, Startup>,
    app: State<'_, App>,
) -> Result<Removed, ErrorPayload> {
    let removal = remove::plan(&startup.paths, &remove::user_folders()).map_err(|e| e.payload())?;
    app.remove_everything(&removal).await.map_err(to_payload)?;
    // WebKit's processes could still write into the removed folder: ended, then it goes again.
    crate::window::end_web_helpers();
    conector_app::remove::remove_folders_again(&removal);
    std::process::exit(0)
}

/// How the app exits through Tauri's loop (its exit event clears a copied token), kept by the
/// shell at start: a command cannot name the runtime's `AppHandle` type and stay generic.
pub struct Quit(Box<dyn Fn() + Send + Sync>);

impl Quit {
    pub fn new(exit: impl Fn() + Send + Sync + 'static) -> Quit {
        Quit(Box::new(exit))
    }
}

/// "Sair do aplicativo" (Sobre). Closing the window leaves the app running, with its background
/// work (reading the store, the health watch); this ends it, as the tray's "Sair" does — the way
/// out on a desktop with no tray icon.
#[tauri::command]
#[specta::specta]
pub fn quit_app(quit: State<'_, Quit>) {
    tracing::info!("the owner quit from the window");
    (quit.0)();
}
