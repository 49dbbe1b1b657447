//! The desktop around the wizard: the about page (folders, logs, diagnostic export), links that
//! open in the default browser, and the way out of an unreadable database.
//!
//! The webview gets no opener or file-system permission: every path and URL opened here is
//! decided or checked in Rust.

use conector_core::{CodedError, ErrorPayload, MessageCode, Params};
use conector_diagnostics::DiagnosticsError;
use conector_secrets::Keychain;
use serde::Serialize;
use tauri::{State, Url};

use super::to_payload;
use crate::startup::Startup;
use crate::StartupProblem;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DesktopError {
    /// Only https (or the local demo panel) is opened in the browser.
    #[error("address refused for the browser")]
    UrlRefused,
    /// The system could not open a link or a folder; `target` is shown so the owner can.
    #[error("could not open {target}")]
    OpenFailed {
        target: String,
        #[source]
        source: Box<tauri_plugin_opener::Error>,
    },
    #[error(transparent)]
    Diagnostics(#[from] DiagnosticsError),
}

impl CodedError for DesktopError {
    fn code(&self) -> MessageCode {
        match self {
            DesktopError::UrlRefused => MessageCode::DesktopUrlRefused,
            DesktopError::OpenFailed { .. } => MessageCode::DesktopOpenFailed,
            DesktopError::Diagnostics(e) => e.code(),
        }
    }

    fn params(&self) -> Params {
        match self {
            DesktopError::OpenFailed { target, .. } => Params::new().text("target", target.clone()),
            DesktopError::Diagnostics(e) => e.params(),
            DesktopError::UrlRefused => Params::new(),
        }
    }
}

/// The only addresses the app opens in the browser: `https` without credentials, or the demo
/// store's panel on this computer (`http://127.0.0.1`/`localhost`).
pub fn external_url(url: &str) -> Result<Url, DesktopError> {
    let parsed = Url::parse(url.trim()).map_err(|_| DesktopError::UrlRefused)?;
    let loopback = matches!(parsed.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    let allowed = match parsed.scheme() {
        "https" => true,
        "http" => loopback,
        _ => false,
    };
    if !allowed || !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(DesktopError::UrlRefused);
    }
    Ok(parsed)
}

/// Opens a link in the owner's default browser (panel pages, help).
#[tauri::command]
#[specta::specta]
pub fn open_external(url: String) -> Result<(), ErrorPayload> {
    let url = external_url(&url).map_err(to_payload)?;
    tauri_plugin_opener::open_url(url.as_str(), None::<&str>)
        .map_err(|source| DesktopError::OpenFailed {
            target: url.to_string(),
            source: Box::new(source),
        })
        .map_err(to_payload)
}

/// What the about page shows. Available even when the database could not be opened.
#[derive(Debug, Serialize, specta::Type)]
pub struct AboutInfo {
    pub version: String,
    pub data_dir: String,
    pub log_dir: String,
    pub os: String,
}

#[tauri::command]
#[specta::specta]
pub fn about_info(startup: State<'_, Startup>) -> AboutInfo {
    AboutInfo {
        // The number the updater compares (tauri.conf.json's; tests/version.rs keeps them one).
        version: conector_app::update::current_version().to_owned(),
        data_dir: startup.paths.data_dir.display().to_string(),
        log_dir: startup.paths.log_dir.display().to_string(),
        os: conector_app::diagnostics::os_description(),
    }
}

/// "Abrir pasta de registros": the app's own log folder, nothing else.
#[tauri::command]
#[specta::specta]
pub fn open_log_dir(startup: State<'_, Startup>) -> Result<(), ErrorPayload> {
    let dir = &startup.paths.log_dir;
    let _ = std::fs::create_dir_all(dir);
    tauri_plugin_opener::open_path(dir, None::<&str>)
        .map_err(|source| DesktopError::OpenFailed {
            target: dir.display().to_string(),
            source: Box::new(source),
        })
        .map_err(to_payload)
}

/// "Abrir pasta" on the customers'-data card: the app's own data folder (where the database
/// is), nothing else — the card names it instead of printing a path.
#[tauri::command]
#[specta::specta]
pub fn open_data_dir(startup: State<'_, Startup>) -> Result<(), ErrorPayload> {
    let dir = &startup.paths.data_dir;
    tauri_plugin_opener::open_path(dir, None::<&str>)
        .map_err(|source| DesktopError::OpenFailed {
            target: dir.display().to_string(),
            source: Box::new(source),
        })
        .map_err(to_payload)
}

/// "Exportar diagnóstico": writes the zip into the Downloads folder (or Documents, or the home
/// folder) and returns its path. Works even when the database could not be opened.
#[tauri::command]
#[specta::specta]
pub async fn diagnostics_export(startup: State<'_, Startup>) -> Result<String, ErrorPayload> {
    let paths = startup.paths.clone();
    let dest = startup.export_dir.clone();
    let path = tauri::async_runtime::spawn_blocking(move || {
        conector_app::diagnostics::export(
            &paths,
            &Keychain::new(),
            &dest,
            time::OffsetDateTime::now_utc(),
        )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_and_the_local_demo_panel_are_opened() {
        for ok in [
            "https://www.simplo7.com.br/ajuda",
            "https://loja123.simplo7.net/admin/",
            "http://127.0.0.1:41234/admin/api",
            "http://localhost:8080/",
        ] {
            assert!(external_url(ok).is_ok(), "{ok}");
        }
        for refused in [
            "http://example.com/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "https://user:pw@example.com/",
            "smb://server/share",
            "not a url",
        ] {
            assert!(
                matches!(external_url(refused), Err(DesktopError::UrlRefused)),
                "{refused}"
            );
        }
    }
}
