//! The app state, built whole in `setup` and handed to `manage()`: the application layer's
//! context, its background sync loop, and the system clipboard.

use std::path::PathBuf;
use std::sync::Arc;

use conector_app::health::{HealthObserver, HealthService};
use conector_app::sync::{SyncProgress, SyncService};
use conector_app::Context;
use conector_core::db;
use conector_secrets::clipboard::{SecretClipboard, SystemClipboard};
use conector_secrets::Keychain;
use tauri::{Manager, Runtime};

/// Where the app keeps its files (the application layer's [`conector_app::Paths`]).
pub type AppPaths = conector_app::Paths;

/// The folders of this app, through Tauri's path API (portable across systems).
pub fn resolve_paths<R: Runtime>(app: &tauri::AppHandle<R>) -> tauri::Result<AppPaths> {
    Ok(AppPaths {
        data_dir: app.path().app_data_dir()?,
        log_dir: app.path().app_log_dir()?,
    })
}

pub struct AppState {
    pub ctx: Arc<Context>,
    /// The background sync loop (preview mode), idle until `sync.start()`.
    pub sync: SyncService,
    /// The health watch's schedule (runs once go-live is recorded).
    pub health: HealthService,
    pub clipboard: Clipboard,
}

/// Background runs are pushed to the window as this event (the dashboard does not poll).
pub type RunObserver = Box<dyn Fn(&SyncProgress) + Send + Sync>;

impl AppState {
    pub fn open(paths: AppPaths) -> Result<Self, db::DbError> {
        Self::open_with(paths, Keychain::new())
    }

    /// Same as [`AppState::open`] with another keychain service (tests).
    pub fn open_with(paths: AppPaths, keychain: Keychain) -> Result<Self, db::DbError> {
        Self::open_observed(paths, keychain, None, None)
    }

    /// Opens the state; `observer` hears every sync run (the window's event), `health` every
    /// health run (the window's event and the desktop notifications).
    pub fn open_observed(
        paths: AppPaths,
        keychain: Keychain,
        observer: Option<RunObserver>,
        health: Option<HealthObserver>,
    ) -> Result<Self, db::DbError> {
        let ctx = Arc::new(Context::open_with(
            paths,
            keychain,
            Arc::new(time::OffsetDateTime::now_utc),
        )?);
        conector_app::store::migrate_legacy_token_in_background(&ctx);
        let runtime = tauri::async_runtime::handle();
        let sync = SyncService::new(Arc::clone(&ctx), runtime.inner(), observer);
        let health = HealthService::spawn(Arc::clone(&ctx), runtime.inner(), health);
        Ok(Self {
            ctx,
            sync,
            health,
            clipboard: clipboard(),
        })
    }

    pub fn database_path(&self) -> PathBuf {
        self.ctx.paths.database()
    }
}

/// The system clipboard, written from Rust (the review card's copy buttons) so that the token
/// never passes through the page; a copied token is marked for the OS and cleared after its wait
/// (see `conector_app::clipboard`).
pub type Clipboard = SecretClipboard<SystemClipboard>;

fn clipboard() -> Clipboard {
    SecretClipboard::with_clear_after(
        SystemClipboard::default(),
        conector_app::clipboard::clear_wait(),
    )
}
