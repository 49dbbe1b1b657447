//! The app state, built whole in `setup` and handed to `manage()`.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use conector_core::db;
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
}

impl AppState {
    pub fn open(paths: AppPaths) -> Result<Self, db::DbError> {
        let conn = db::open(&paths.database())?;
        Ok(Self {
            paths,
            db: Mutex::new(conn),
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
