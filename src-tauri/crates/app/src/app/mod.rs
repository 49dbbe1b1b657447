//! [`App`]: the running product, as one value. It owns the [`Context`], the background loop
//! with its jobs (the preview's sync runs, the erase when due, the health watch, the update
//! check) and the clipboard, and it makes the decisions that combine them: going live wakes the
//! health watch, "Verificar agora" checks then reads the page, "Sincronizar agora" checks
//! readiness then runs, starting resumes the demo store and then the schedule, a health run's notices become
//! notifications (as message codes).
//!
//! Every window command is one method here (named after the command); the shell only adapts
//! them to Tauri. Built whole by [`App::open`], idle until [`App::start`].

mod health;
mod preview;
mod setup;

pub use health::OnClose;

use std::sync::Arc;

use conector_core::db::DbError;
use conector_secrets::clipboard::{SecretClipboard, SystemClipboard};
use conector_secrets::Keychain;
use serde::Serialize;

use crate::health::{HealthObserver, HealthRun, HealthWatch, Notification};
use crate::jobs::{Job, Jobs, Waker};
use crate::preferences::{self, Locale};
use crate::privacy::EraseWhenDue;
use crate::sync::{SyncProgress, SyncRuns};
use crate::update::{UpdateCheck, UpdateService};
use crate::{AppError, Clock, Context, Paths};

/// What the app tells the window (or whoever hosts it) on its own: background work as it
/// happens, and the notifications to raise. Every method does nothing by default.
pub trait Events: Send + Sync + 'static {
    /// Every sync run's progress, background or asked for.
    fn sync_run(&self, _progress: &SyncProgress) {}
    /// Every health run, scheduled or asked for.
    fn health_run(&self, _run: &HealthRun) {}
    /// A desktop notification to raise, in message codes (the host puts them in words).
    fn notify(&self, _notification: &Notification) {}
}

/// A host that listens to nothing (tests, tools).
pub struct NoEvents;

impl Events for NoEvents {}

/// What [`App::open`] is built with, beyond its folders.
pub struct AppSetup {
    pub keychain: Keychain,
    pub clock: Arc<dyn Clock>,
    pub events: Arc<dyn Events>,
    /// How long a copied token stays on the clipboard ([`crate::clipboard::clear_wait`]).
    pub clipboard_wait: std::time::Duration,
    /// The app's updates: their automatic check is one of the background loop's jobs. `None`
    /// where nothing looks for updates (the command line, tests of other things).
    pub updates: Option<Arc<UpdateService>>,
}

impl Default for AppSetup {
    /// The product's: the OS keychain, real time, no listener, the clipboard's real wait.
    fn default() -> AppSetup {
        AppSetup {
            keychain: Keychain::new(),
            clock: Arc::new(time::OffsetDateTime::now_utc),
            events: Arc::new(NoEvents),
            clipboard_wait: crate::clipboard::clear_wait(),
            updates: None,
        }
    }
}

/// The system clipboard, written from Rust (the review card's copy buttons) so that the token
/// never passes through the page; a copied token is marked for the OS and cleared after its
/// wait (see [`crate::clipboard`]).
pub type Clipboard = SecretClipboard<SystemClipboard>;

/// The running product.
pub struct App {
    ctx: Arc<Context>,
    sync: Arc<SyncRuns>,
    health: Arc<HealthWatch>,
    jobs: Jobs,
    clipboard: Clipboard,
    runtime: tokio::runtime::Handle,
}

/// What the "Sobre" page shows of a running app.
#[derive(Debug, Serialize, specta::Type)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub log_dir: String,
}

impl App {
    /// Opens the database in `paths` (creating and migrating it) and builds the background
    /// loop on `runtime`, idle until [`App::start`].
    pub fn open(
        paths: Paths,
        setup: AppSetup,
        runtime: &tokio::runtime::Handle,
    ) -> Result<App, DbError> {
        let ctx = Arc::new(Context::open_with(paths, setup.keychain, setup.clock)?);
        let waker = Waker::default();
        let events = setup.events;
        let sync_events = Arc::clone(&events);
        let sync = Arc::new(SyncRuns::new(
            &ctx,
            Some(Box::new(move |progress: &SyncProgress| {
                sync_events.sync_run(progress)
            })),
            waker.clone(),
        ));
        let health = Arc::new(HealthWatch::new(
            Some(health_observer(Arc::clone(&events))),
            waker.clone(),
        ));
        let mut jobs: Vec<Arc<dyn Job>> = vec![
            sync.clone(),
            Arc::new(EraseWhenDue::default()),
            health.clone(),
        ];
        if let Some(updates) = setup.updates {
            jobs.push(Arc::new(UpdateCheck::new(updates, Arc::clone(&sync))));
        }
        let jobs = Jobs::spawn(Arc::clone(&ctx), runtime, waker, jobs);
        Ok(App {
            ctx,
            sync,
            health,
            jobs,
            clipboard: SecretClipboard::with_clear_after(
                SystemClipboard::default(),
                setup.clipboard_wait,
            ),
            runtime: runtime.clone(),
        })
    }

    /// Brings the app up: an earlier build's keychain entry moves over (on its own thread: a
    /// locked keychain may wait for the owner), the demo store comes back on a new port when it
    /// is the store, then the background loop starts (a sync run, and any overdue erase or
    /// health check, at once).
    pub async fn start(&self) {
        crate::store::migrate_legacy_token_in_background(&self.ctx);
        if let Err(e) = crate::store::resume_demo(&self.ctx).await {
            conector_core::log_error("the demo store could not be resumed", &e);
        }
        self.jobs.start();
    }

    /// Waits until the background loop has run whatever is due now ([`Jobs::settled`]).
    #[cfg(any(test, feature = "test-support"))]
    pub async fn settled(&self) {
        self.jobs.settled().await;
    }

    /// Whether [`App::start`] ran.
    pub fn started(&self) -> bool {
        self.jobs.started()
    }

    pub fn context(&self) -> &Arc<Context> {
        &self.ctx
    }

    pub fn paths(&self) -> &Paths {
        &self.ctx.paths
    }

    /// The preview's sync runs (the run in flight, the interval).
    pub fn sync_runs(&self) -> &SyncRuns {
        &self.sync
    }

    pub fn app_info(&self) -> AppInfo {
        AppInfo {
            version: crate::update::current_version().to_owned(),
            data_dir: self.ctx.paths.data_dir.display().to_string(),
            log_dir: self.ctx.paths.log_dir.display().to_string(),
        }
    }

    pub fn get_locale(&self) -> Result<Locale, AppError> {
        preferences::locale(&self.ctx)
    }

    pub fn set_locale(&self, locale: Locale) -> Result<Locale, AppError> {
        preferences::set_locale(&self.ctx, locale)
    }

    /// "Remover tudo deste computador": the background loop stops for good (no job may start
    /// between the removal and the exit, to open the database again or read the token just
    /// removed), the runs in flight end, then everything listed goes
    /// ([`crate::remove::remove_from_app`]). The host exits right after a success; after a
    /// failure the background work stays stopped until the app is opened again.
    pub async fn remove_everything(
        &self,
        removal: &crate::remove::Removal,
    ) -> Result<crate::remove::Removed, AppError> {
        self.sync.cancel();
        if !self.jobs.stop(crate::rules::STOP_RUN_TIMEOUT).await {
            return Err(AppError::StillRunning);
        }
        crate::remove::remove_from_app(&self.ctx, &self.sync, removal).await
    }

    /// At exit: a token copied less than a minute ago does not outlive the app (on Windows and
    /// macOS the clipboard would keep it; on X11 a clipboard manager could take it over).
    pub fn on_exit(&self) {
        if let Err(e) = self.clipboard.clear_if_secret() {
            conector_core::log_error("the clipboard could not be cleared at exit", &e);
        }
    }
}

/// Every health run: to the host, and its notices as notifications in the owner's words.
fn health_observer(events: Arc<dyn Events>) -> HealthObserver {
    Box::new(move |run: &HealthRun| {
        events.health_run(run);
        for notice in &run.notices {
            events.notify(&crate::health::notification(notice, run));
        }
    })
}
