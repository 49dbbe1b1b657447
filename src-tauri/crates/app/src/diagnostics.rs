//! What the owner sends when asking for help, and what the app says when its data cannot be
//! opened. Works without a database: both are reachable from the startup problem page.

use std::path::{Path, PathBuf};

use conector_core::db::DbError;
use conector_core::{CodedError, ErrorPayload, Secret};
use conector_diagnostics::{DbProblemKind, DiagnosticInput, DiagnosticsError};
use conector_secrets::Keychain;
use conector_setup::StoreProfile;
use serde::Serialize;
use time::OffsetDateTime;

use crate::{AppError, Paths};

/// Why the app could not open its data, for the problem page (its text is chosen by `kind`).
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct StartupProblem {
    pub kind: DbProblemKind,
    pub error: ErrorPayload,
    /// The technical cause chain, in English, for support.
    pub detail: String,
    pub database: String,
    /// "Fazer cópia e começar do zero" is offered: only for a damaged file (see
    /// [`DbProblemKind::may_start_fresh`]).
    pub start_fresh: bool,
}

impl StartupProblem {
    pub fn new(paths: &Paths, error: &DbError) -> Self {
        let mut detail = error.to_string();
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            detail.push_str(": ");
            detail.push_str(&cause.to_string());
            source = cause.source();
        }
        let kind = conector_diagnostics::classify(error);
        Self {
            start_fresh: kind.may_start_fresh(),
            kind,
            error: error.payload(),
            detail,
            database: paths.database().display().to_string(),
        }
    }
}

/// "Fazer cópia e começar do zero": sets the damaged database aside as
/// `conector.sqlite3.bad-<timestamp>` and returns where it went. Refused for any other problem
/// (`problem` is the one the app could not open its data with): the file stays untouched.
/// The copy is one of those "Apagar dados da simulação" deletes ([`crate::copies`]).
pub fn start_fresh(
    paths: &Paths,
    problem: &StartupProblem,
    now: OffsetDateTime,
) -> Result<PathBuf, AppError> {
    if !problem.kind.may_start_fresh() {
        return Err(DiagnosticsError::StartFreshRefused { kind: problem.kind }.into());
    }
    let backup = conector_diagnostics::set_aside(&paths.database(), now)?;
    tracing::warn!(backup = %backup.display(), "damaged database set aside; starting fresh");
    Ok(backup)
}

/// "Exportar diagnóstico": writes the zip (personal data and the token removed) into
/// `dest_dir` and returns its path. Blocking (SQLite, keychain, files).
pub fn export(
    paths: &Paths,
    keychain: &Keychain,
    dest_dir: &Path,
    now: OffsetDateTime,
) -> Result<PathBuf, AppError> {
    let input = DiagnosticInput {
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        os: os_description(),
        secrets: known_secrets(&paths.database(), keychain),
        database: paths.database(),
        log_dir: paths.log_dir.clone(),
        now,
    };
    let path = conector_diagnostics::export(&input, dest_dir)?;
    tracing::info!(path = %path.display(), "diagnostic exported");
    Ok(path)
}

/// [`export`] as the window asks for it (before or after the app opened its data): the OS
/// keychain, the time now.
pub fn export_now(paths: &Paths, dest_dir: &Path) -> Result<PathBuf, AppError> {
    export(paths, &Keychain::new(), dest_dir, OffsetDateTime::now_utc())
}

/// The tokens the zip must never hold: the store's (from the keychain) and the demo's.
fn known_secrets(database: &Path, keychain: &Keychain) -> Vec<Secret> {
    let mut secrets = vec![Secret::new(conector_demo::DEMO_TOKEN)];
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
    let Ok(conn) = rusqlite::Connection::open_with_flags(database, flags) else {
        return secrets;
    };
    if let Ok(Some(profile)) = StoreProfile::load(&conn) {
        if let Ok(Some(token)) = crate::store::token_of(&profile, keychain) {
            secrets.push(token);
        }
    }
    secrets
}

/// What the "Sobre" page shows. Available even when the database could not be opened.
#[derive(Debug, Serialize, specta::Type)]
pub struct AboutInfo {
    pub version: String,
    pub data_dir: String,
    pub log_dir: String,
    pub os: String,
}

pub fn about(paths: &Paths) -> AboutInfo {
    AboutInfo {
        // The number the updater compares (tauri.conf.json's; tests/version.rs keeps them one).
        version: crate::update::current_version().to_owned(),
        data_dir: paths.data_dir.display().to_string(),
        log_dir: paths.log_dir.display().to_string(),
        os: os_description(),
    }
}

/// e.g. "linux x86_64 (Debian GNU/Linux 12 (bookworm))".
pub fn os_description() -> String {
    let base = format!("{} {}", std::env::consts::OS, std::env::consts::ARCH);
    let pretty = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                .map(|v| v.trim_matches('"').to_owned())
        });
    match pretty {
        Some(name) => format!("{base} ({name})"),
        None => base,
    }
}
