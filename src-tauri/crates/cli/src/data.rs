//! Where the command line finds the app's data: the app's own folder, or `--db FILE`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use conector_app::context::Keychain;
use conector_app::{Context, Paths};
use conector_core::{CodedError, ErrorPayload, MessageCode};

/// The app's data folder, or the one of `--db FILE` (created when missing: a run writes there).
pub fn open(db: Option<&PathBuf>, keychain: &Keychain) -> Result<Context, ErrorPayload> {
    match db {
        Some(file) => open_file(file, keychain),
        None => {
            let paths = Paths::for_user().ok_or(no_data_dir())?;
            let clock = Arc::new(time::OffsetDateTime::now_utc);
            Context::open_with(paths, keychain.clone(), clock).map_err(|e| e.payload())
        }
    }
}

/// The app's data as it is, never created: `--db FILE` must exist; without it, the app's
/// database when there is one, else a product with nothing saved (kept in memory).
pub fn open_existing(db: Option<&PathBuf>, keychain: &Keychain) -> Result<Context, ErrorPayload> {
    let file = match db {
        Some(file) if file.exists() => file.clone(),
        Some(_) => return Err(no_data_dir()),
        None => match Paths::for_user().map(|p| p.database()) {
            Some(file) if file.exists() => file,
            _ => {
                let clock = Arc::new(time::OffsetDateTime::now_utc);
                return Context::in_memory(keychain.clone(), clock).map_err(|e| e.payload());
            }
        },
    };
    open_file(&file, keychain)
}

fn open_file(file: &Path, keychain: &Keychain) -> Result<Context, ErrorPayload> {
    let clock = Arc::new(time::OffsetDateTime::now_utc);
    Context::open_file(Paths::for_database(file), file, keychain.clone(), clock)
        .map_err(|e| e.payload())
}

fn no_data_dir() -> ErrorPayload {
    ErrorPayload::new(MessageCode::CliNoDataDir)
}
