//! The app state, built whole in `setup` and handed to `manage()`.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use conector_core::db;
use conector_demo::DemoHandle;
use conector_secrets::Keychain;
use rusqlite::Connection;
use tauri::{Manager, Runtime};

use crate::sync::{SyncService, SyncSettings};

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
    /// The background sync loop (preview mode), idle until `sync.start()`.
    pub sync: SyncService,
    /// The cancel flag of the latest feed import.
    feed_cancel: Mutex<Arc<AtomicBool>>,
    pub clipboard: Clipboard,
}

/// The system clipboard, written from Rust (the review card's copy buttons) so that the token
/// never passes through the page. On X11 the copied text lives as long as its owner, so the
/// owner is kept here; it is opened on first use because a session may have no clipboard.
#[derive(Default)]
pub struct Clipboard(Mutex<Option<arboard::Clipboard>>);

impl Clipboard {
    pub fn write(&self, text: String) -> Result<(), arboard::Error> {
        let mut slot = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if slot.is_none() {
            *slot = Some(arboard::Clipboard::new()?);
        }
        match slot.as_mut() {
            Some(clipboard) => clipboard.set_text(text),
            None => Err(arboard::Error::ClipboardNotSupported),
        }
    }
}

/// A token stored by a version that keyed it by store ID only is bound to its API host (or
/// deleted), once. On its own thread: a locked keychain may wait for the owner to unlock it.
fn migrate_legacy_token(database: PathBuf, keychain: Keychain) {
    std::thread::spawn(move || {
        let migrated = db::open(&database)
            .map_err(conector_setup::SetupError::from)
            .and_then(|conn| conector_setup::migrate_legacy_token(&conn, &keychain));
        if let Err(e) = migrated {
            tracing::warn!(
                code = conector_core::CodedError::code(&e).as_str(),
                "the old keychain entry could not be migrated"
            );
        }
    });
}

impl AppState {
    pub fn open(paths: AppPaths) -> Result<Self, db::DbError> {
        Self::open_with(paths, Keychain::new())
    }

    /// Same as [`AppState::open`] with another keychain service (tests).
    pub fn open_with(paths: AppPaths, keychain: Keychain) -> Result<Self, db::DbError> {
        let conn = db::open(&paths.database())?;
        migrate_legacy_token(paths.database(), keychain.clone());
        let interval = SyncSettings::load(&conn)
            .map(|s| s.interval())
            .unwrap_or(conector_sync::DEFAULT_INTERVAL);
        let sync = SyncService::new(paths.database(), keychain.clone(), interval);
        Ok(Self {
            paths,
            db: Mutex::new(conn),
            keychain,
            demo: tokio::sync::Mutex::new(None),
            sync,
            feed_cancel: Mutex::new(Arc::new(AtomicBool::new(false))),
            clipboard: Clipboard::default(),
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

    /// Same as [`AppState::with_db`] for work that needs its own transaction.
    pub fn with_db_mut<T>(&self, f: impl FnOnce(&mut Connection) -> T) -> T {
        let mut guard = self
            .db
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut guard)
    }

    /// Makes `flag` the one "Cancelar" sets (the latest import's).
    pub fn replace_feed_cancel(&self, flag: Arc<AtomicBool>) {
        *self.feed_cancel.lock().unwrap_or_else(|p| p.into_inner()) = flag;
    }

    pub fn feed_cancel(&self) -> Arc<AtomicBool> {
        self.feed_cancel
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn database_path(&self) -> PathBuf {
        self.paths.database()
    }

    pub fn data_dir(&self) -> &Path {
        &self.paths.data_dir
    }
}
