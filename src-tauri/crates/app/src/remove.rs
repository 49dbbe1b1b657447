//! "Remover tudo deste computador" (Sobre) and `conector remove-everything --yes` (the Windows
//! uninstaller's "remove my data too"): everything the app keeps on this computer goes — the
//! data folder with the database and every copy of it ([`crate::copies`]), the logs, the
//! window's settings and the webview's cache, the store token's keychain entries, and the login
//! item ("Iniciar com o computador").
//!
//! It never runs beside another user of the database: a database another process holds open
//! (the app, even in the tray) is refused with [`RemoveError::AppRunning`], and nothing is
//! removed. Only folders named after the app's identifier (this one or an earlier build's) are
//! deleted, so a wrong path can never take the owner's other files with it.

use std::path::{Component, Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::Duration;

use conector_core::{CodedError, MessageCode, Params};
use conector_secrets::{Keychain, SecretsError, StoreAccount};
use conector_setup::StoreProfile;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::context::APP_IDENTIFIER;
use crate::copies::{self, DataCopy};
use crate::identity::{self, OLD_IDENTIFIER};
use crate::sync::SyncRuns;
use crate::{AppError, Context, Paths};

/// How long to wait for another connection to let go of the database before saying it is in
/// use: the app holds it for its whole life, so a longer wait would not change the answer.
const IN_USE_WAIT: Duration = Duration::from_millis(500);

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RemoveError {
    /// Another process has the database open: the app is running (maybe only in the tray).
    #[error("the database is open in another process")]
    AppRunning,
    /// A file or folder could not be deleted (another program holds it, or no permission).
    #[error("{path} could not be deleted")]
    DeleteFailed {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Keychain(#[from] SecretsError),
    /// The login item could not be read or removed.
    #[error("the login item could not be removed")]
    LoginItem(#[source] auto_launch::Error),
}

impl CodedError for RemoveError {
    fn code(&self) -> MessageCode {
        match self {
            Self::AppRunning => MessageCode::RemoveAppRunning,
            Self::DeleteFailed { .. } => MessageCode::RemoveDeleteFailed,
            Self::Keychain(e) => e.code(),
            Self::LoginItem(_) => MessageCode::RemoveLoginItemFailed,
        }
    }

    fn params(&self) -> Params {
        match self {
            Self::DeleteFailed { path, .. } => Params::new().text("path", path.clone()),
            Self::Keychain(e) => e.params(),
            _ => Params::new(),
        }
    }
}

/// What "Remover tudo" removes, as its confirmation lists it.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Removal {
    /// The app's folders that exist (data, logs, settings, cache; an earlier build's too).
    pub folders: Vec<String>,
    /// The copies of the customers' data among them, each with what it holds.
    pub copies: Vec<DataCopy>,
    /// The store whose token's keychain entries go, when one is saved.
    pub store_id: Option<String>,
    /// Whether the login item ("Iniciar com o computador") exists.
    pub login_item: bool,
    #[serde(skip)]
    #[specta(skip)]
    plan: Plan,
}

#[derive(Debug, Clone, Default)]
struct Plan {
    folders: Vec<PathBuf>,
    database: PathBuf,
    accounts: Vec<StoreAccount>,
}

/// What was removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Removed {
    pub folders: u32,
    pub keychain_entries: u32,
    pub login_item: bool,
}

/// The app's own folders for this user without a window, by the rule of Tauri's path API
/// (`app_data_dir`, `app_local_data_dir`, `app_config_dir`, `app_cache_dir`, `app_log_dir`:
/// the platform's folder followed by [`APP_IDENTIFIER`]), as the command line sees them.
pub fn user_folders() -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = [
        dirs::data_dir(),
        dirs::data_local_dir(),
        dirs::config_dir(),
        dirs::cache_dir(),
    ]
    .into_iter()
    .flatten()
    .map(|base| base.join(APP_IDENTIFIER))
    .collect();
    // The log folder: its own place on macOS, inside the local data folder elsewhere.
    if cfg!(target_os = "macos") {
        if let Some(home) = dirs::home_dir() {
            folders.push(home.join("Library/Logs").join(APP_IDENTIFIER));
        }
    }
    folders
}

/// What [`remove_everything`] would remove: `paths`' folders and `folders` (the app's other
/// folders), an earlier build's counterparts of each, the store's keychain entries and the
/// login item. Only reads: the app may be running while its owner looks at the list.
pub fn plan(paths: &Paths, folders: &[PathBuf]) -> Result<Removal, RemoveError> {
    let database = paths.database();
    let store = saved_store(&database);
    let mut all: Vec<PathBuf> = folders
        .iter()
        .chain([&paths.data_dir, &paths.log_dir])
        .cloned()
        .collect();
    let earlier: Vec<PathBuf> = all
        .iter()
        .filter_map(|f| identity::old_counterpart(f))
        .collect();
    all.extend(earlier);
    all.retain(|f| names_the_app(f) && f.is_dir());
    all.sort_by_key(|f| f.components().count());
    all.dedup();
    // A folder inside another one goes with it.
    let mut outer: Vec<PathBuf> = Vec::new();
    for folder in all {
        if !outer.iter().any(|o| folder.starts_with(o)) {
            outer.push(folder);
        }
    }
    let accounts = store
        .as_ref()
        .map(|p| {
            vec![
                p.account(),
                p.host_bound_account(),
                StoreAccount::legacy(&p.store_id),
            ]
        })
        .unwrap_or_default();
    Ok(Removal {
        folders: outer.iter().map(|f| f.display().to_string()).collect(),
        copies: copies::find(&database),
        store_id: store.map(|p| p.store_id),
        login_item: login_item(APP_IDENTIFIER)?
            .is_enabled()
            .map_err(RemoveError::LoginItem)?,
        plan: Plan {
            folders: outer,
            database,
            accounts,
        },
    })
}

/// Removes everything [`plan`] listed, in this order: the keychain entries (from `keychain`'s
/// service and the earlier build's), the login item, then the folders. It stops at the first
/// failure, so what still holds the way to the token is never deleted before the token.
/// Refused while another process has the database open.
pub fn remove_everything(removal: &Removal, keychain: &Keychain) -> Result<Removed, RemoveError> {
    // Looked at again: the app may have started since the confirmation.
    ensure_not_in_use(&removal.plan.database)?;
    let mut keychain_entries = 0;
    for service in [keychain.clone(), Keychain::with_service(OLD_IDENTIFIER)] {
        for account in &removal.plan.accounts {
            if service.delete(account)? {
                keychain_entries += 1;
            }
        }
    }
    let mut login_item_removed = false;
    for name in [APP_IDENTIFIER, OLD_IDENTIFIER] {
        let item = login_item(name)?;
        if item.is_enabled().map_err(RemoveError::LoginItem)? {
            item.disable().map_err(RemoveError::LoginItem)?;
            login_item_removed = true;
        }
    }
    let mut folders = 0;
    for folder in &removal.plan.folders {
        match std::fs::remove_dir_all(folder) {
            Ok(()) => folders += 1,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(RemoveError::DeleteFailed {
                    path: folder.display().to_string(),
                    source,
                })
            }
        }
    }
    // The copies are inside those folders; one outside them (none today) goes too, or is named.
    let left = copies::delete(&copies::find(&removal.plan.database));
    if let Some(copy) = left.first() {
        return Err(RemoveError::DeleteFailed {
            path: copy.path.clone(),
            source: std::io::Error::other("a copy of the data is still there"),
        });
    }
    tracing::info!(
        folders,
        keychain_entries,
        login_item = login_item_removed,
        "everything the app kept on this computer was removed"
    );
    Ok(Removed {
        folders,
        keychain_entries,
        login_item: login_item_removed,
    })
}

/// The plan's folders removed once more, quietly: after [`remove_everything`], something the
/// app does not control (the window's web engine) may have written into one of them again; the
/// shell calls this once that has been stopped.
pub fn remove_folders_again(removal: &Removal) {
    for folder in &removal.plan.folders {
        match std::fs::remove_dir_all(folder) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => tracing::warn!(folder = %folder.display(), error = %e, "not removed again"),
        }
    }
}

/// "Remover tudo deste computador" in the running app: stops the sync run in flight and the
/// feed import, closes the app's own connection, then [`remove_everything`]. The caller exits
/// the app right after a success (nothing of it is left to write to).
pub async fn remove_from_app(
    ctx: &Context,
    sync: &SyncRuns,
    removal: &Removal,
) -> Result<Removed, AppError> {
    ctx.feed_cancel().store(true, Ordering::SeqCst);
    sync.stop_current(ctx, crate::rules::STOP_RUN_TIMEOUT)
        .await?;
    ctx.close_database();
    let (removal, keychain) = (removal.clone(), ctx.keychain.clone());
    Ok(
        tokio::task::spawn_blocking(move || remove_everything(&removal, &keychain))
            .await
            .map_err(AppError::Interrupted)??,
    )
}

/// The login item called `name` ([`crate::login_item`]).
fn login_item(name: &str) -> Result<crate::login_item::LoginItem, RemoveError> {
    crate::login_item::named(name).map_err(RemoveError::LoginItem)
}

/// Whether `folder` is one of the app's: a component named after its identifier.
fn names_the_app(folder: &Path) -> bool {
    folder.components().any(|c| {
        matches!(c, Component::Normal(name) if name == APP_IDENTIFIER || name == OLD_IDENTIFIER)
    })
}

/// The store saved in the database (for its keychain entries); `None` when there is no
/// database, or it cannot be read (a damaged file has no store to name).
fn saved_store(database: &Path) -> Option<StoreProfile> {
    let conn = Connection::open_with_flags(database, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    StoreProfile::load(&conn).ok().flatten()
}

fn ensure_not_in_use(database: &Path) -> Result<(), RemoveError> {
    hold(database).map(drop)
}

/// Opens the database alone, or says it is in use. In WAL mode every open connection keeps a
/// shared lock on the file, and leaving WAL mode needs the only one: so it succeeds exactly
/// when no other connection, in any process, has it open. `None` when there is no database or
/// it is not one.
fn hold(database: &Path) -> Result<Option<Connection>, RemoveError> {
    if !database.exists() {
        return Ok(None);
    }
    let Ok(conn) = Connection::open_with_flags(
        database,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) else {
        return Ok(None);
    };
    if conn.busy_timeout(IN_USE_WAIT).is_err() {
        return Ok(None);
    }
    match conn.query_row("PRAGMA journal_mode = DELETE", [], |r| {
        r.get::<_, String>(0)
    }) {
        Ok(_) => Ok(Some(conn)),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if matches!(
                e.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ) =>
        {
            Err(RemoveError::AppRunning)
        }
        // Not a database (damaged): nothing to read from it, and nobody uses it.
        Err(_) => Ok(None),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_database_open_elsewhere_is_in_use_and_one_closed_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("conector.sqlite3");
        let other = conector_core::db::open(&path).unwrap();
        assert!(matches!(hold(&path), Err(RemoveError::AppRunning)));
        drop(other);
        assert!(hold(&path).unwrap().is_some());
        assert!(hold(&dir.path().join("missing.sqlite3")).unwrap().is_none());
    }

    #[test]
    fn only_folders_named_after_the_app_are_removed() {
        assert!(names_the_app(
            &Path::new("/home/ana/.local/share").join(APP_IDENTIFIER)
        ));
        assert!(names_the_app(
            &Path::new("/home/ana/.config")
                .join(OLD_IDENTIFIER)
                .join("logs")
        ));
        assert!(!names_the_app(Path::new("/home/ana/Documents")));
    }
}
