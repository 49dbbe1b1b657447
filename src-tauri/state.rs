//! The app state, built whole in `setup` and handed to `manage()`.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use conector_core::db;
use conector_demo::DemoHandle;
use conector_secrets::Keychain;
use rusqlite::Connection;
use tauri::{Manager, Runtime};

/// Where the app keeps its files. Resolved through Tauri's path API, so it is portable.
#[derive(Debug, Clone)]
pub struct AppPaths {
    pub data_dir: PathBuf,
    pub log_dir: PathBuf,
}

impl AppPaths {
    pub fn resolve<R: Runtime>(app: &tauri::AppHandle<R>) -> tauri::Result<Self> {
        Ok(Self {
            data_dir: app.path().app_data_dir()?,
            log_dir: app.path().app_log_dir()?,
        })
    }

    pub fn database(&self) -> PathBuf {
        self.data_dir.join("conector.sqlite3")
    }
}

pub struct AppState {
    pub paths: AppPaths,
    /// One connection for the UI's short queries; long work opens its own.
    db: Mutex<Connection>,
    pub keychain: Keychain,
    /// The demo store runs only once the owner asks for it ("Experimentar com a loja de
    /// demonstração"), so its slot starts empty; it is the one optional part of the state.
    pub demo: tokio::sync::Mutex<Option<DemoHandle>>,
}

impl AppState {
    pub fn open(paths: AppPaths) -> Result<Self, db::DbError> {
        Self::open_with(paths, Keychain::new())
    }

    /// Same as [`AppState::open`] with another keychain service (tests).
    pub fn open_with(paths: AppPaths, keychain: Keychain) -> Result<Self, db::DbError> {
        let conn = db::open(&paths.database())?;
        Ok(Self {
            paths,
            db: Mutex::new(conn),
            keychain,
            demo: tokio::sync::Mutex::new(None),
        })
    }

    /// Runs `f` with the UI connection. A poisoned lock only means an earlier command panicked
    /// mid-query; SQLite rolled that transaction back, so the connection is still sound.
    pub fn with_db<T>(&self, f: impl FnOnce(&Connection) -> T) -> T {
        let guard = self
            .db
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&guard)
    }

    pub fn database_path(&self) -> PathBuf {
        self.paths.database()
    }

    pub fn data_dir(&self) -> &Path {
        &self.paths.data_dir
    }
}
