//! What a running product has: its folders, the database, the keychain, the demo store, a clock
//! and the feed import's cancel flag. Built whole, once, by the window or the command line.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, OnceLock};

use conector_core::db::{self, DbError};
use conector_demo::{DemoConfig, DemoHandle, DemoStore};
use conector_fetch::Policy;
pub use conector_secrets::Keychain;
use rusqlite::Connection;
use time::OffsetDateTime;

use crate::{AppError, Clock};

/// The product's data identifier: the data folder's name under the OS's app-data folder.
pub const APP_IDENTIFIER: &str = "br.com.conectorfidelidade.conector";

/// Where the product keeps its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub data_dir: PathBuf,
    pub log_dir: PathBuf,
}

impl Paths {
    pub fn database(&self) -> PathBuf {
        self.data_dir.join("conector.sqlite3")
    }

    /// The product's folders for this user, for the window and the command line alike
    /// ([`crate::folders`]: the per-user local data folder, then [`APP_IDENTIFIER`], logs
    /// inside). Before the app's first start has moved an earlier build's data over, the
    /// folder that holds it. `None` when the OS gives no home folder.
    pub fn for_user() -> Option<Paths> {
        crate::folders::UserRoots::of_user().map(|roots| roots.paths_with_data())
    }

    /// `<root>/<APP_IDENTIFIER>`, logs inside it.
    pub fn under(root: &Path) -> Paths {
        Paths::in_folder(&root.join(APP_IDENTIFIER))
    }

    /// `data_dir`, logs in its `logs` folder.
    pub fn in_folder(data_dir: &Path) -> Paths {
        Paths {
            data_dir: data_dir.to_path_buf(),
            log_dir: data_dir.join("logs"),
        }
    }

    /// A data folder given by hand (`--db FILE` on the command line): its parent.
    pub fn for_database(file: &Path) -> Paths {
        Paths::in_folder(file.parent().unwrap_or(Path::new("")))
    }
}

pub struct Context {
    pub paths: Paths,
    database: PathBuf,
    /// One connection for short queries; long work (imports, syncs) opens its own.
    db: Mutex<Connection>,
    pub keychain: Keychain,
    /// The demo store runs only once the owner asks for it.
    demo: tokio::sync::Mutex<Option<DemoHandle>>,
    /// The demo store's address once it runs (it runs until the app ends), readable without
    /// waiting for the slot above: the one loopback address a download may start at.
    demo_address: OnceLock<String>,
    clock: Arc<dyn Clock>,
    /// The cancel flag of the latest feed import.
    feed_cancel: Mutex<Arc<AtomicBool>>,
    /// The feed import going, if any (one at a time; an update's restart waits for none).
    feed_running: Mutex<Option<RunningImport>>,
}

/// The feed import going: its address, its latest progress, and who follows it besides the
/// page that started it (step 6 shown again while it runs).
pub(crate) struct RunningImport {
    pub(crate) url: String,
    pub(crate) progress: Option<crate::feed::FeedEvent>,
    pub(crate) followers: Vec<Box<dyn Fn(crate::feed::FeedEvent) + Send>>,
}

impl Context {
    /// Opens the product's database in `paths` (creating and migrating it).
    pub fn open(paths: Paths) -> Result<Context, DbError> {
        Self::open_with(paths, Keychain::new(), Arc::new(OffsetDateTime::now_utc))
    }

    /// Same as [`Context::open`] with another keychain service or clock (tests).
    pub fn open_with(
        paths: Paths,
        keychain: Keychain,
        clock: Arc<dyn Clock>,
    ) -> Result<Context, DbError> {
        let database = paths.database();
        Self::open_file(paths, &database, keychain, clock)
    }

    /// A database file elsewhere than in `paths` (the command line's `--db`).
    pub fn open_file(
        paths: Paths,
        database: &Path,
        keychain: Keychain,
        clock: Arc<dyn Clock>,
    ) -> Result<Context, DbError> {
        let conn = db::open(database)?;
        Ok(Context {
            paths,
            database: database.to_path_buf(),
            db: Mutex::new(conn),
            keychain,
            demo: tokio::sync::Mutex::new(None),
            demo_address: OnceLock::new(),
            clock,
            feed_cancel: Mutex::new(Arc::new(AtomicBool::new(false))),
            feed_running: Mutex::new(None),
        })
    }

    /// A product with nothing saved, kept in memory: what the command line checks on a
    /// computer with no app data (nothing is written to disk).
    pub fn in_memory(keychain: Keychain, clock: Arc<dyn Clock>) -> Result<Context, DbError> {
        let none = Path::new("");
        Self::open_file(
            Paths::for_database(none),
            Path::new(":memory:"),
            keychain,
            clock,
        )
    }

    pub fn database_path(&self) -> &Path {
        &self.database
    }

    pub fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    /// The clock, to wait on (the background loop, a stop with a timeout).
    pub fn clock(&self) -> Arc<dyn Clock> {
        Arc::clone(&self.clock)
    }

    /// Runs `f` with the shared connection. A poisoned lock only means an earlier call
    /// panicked mid-query; SQLite rolled that transaction back, so the connection is sound.
    pub fn with_db<T>(&self, f: impl FnOnce(&Connection) -> T) -> T {
        let guard = self.db.lock().unwrap_or_else(|p| p.into_inner());
        f(&guard)
    }

    /// Same as [`Context::with_db`] for work that needs its own transaction.
    pub fn with_db_mut<T>(&self, f: impl FnOnce(&mut Connection) -> T) -> T {
        let mut guard = self.db.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }

    /// Closes the shared connection for good (an in-memory one answers from then on), so the
    /// database file can be deleted: "Remover tudo" ([`crate::remove::remove_from_app`]).
    pub(crate) fn close_database(&self) {
        let mut guard = self.db.lock().unwrap_or_else(|p| p.into_inner());
        match Connection::open_in_memory() {
            Ok(empty) => drop(std::mem::replace(&mut *guard, empty)),
            Err(e) => tracing::warn!(error = %e, "the data file could not be closed"),
        }
    }

    /// A fresh connection for long work that must not hold the shared one.
    pub fn open_connection(&self) -> Result<Connection, DbError> {
        db::open(&self.database)
    }

    /// Makes `flag` the one "Cancelar" sets (the latest import's).
    pub(crate) fn replace_feed_cancel(&self, flag: Arc<AtomicBool>) {
        *self.feed_cancel.lock().unwrap_or_else(|p| p.into_inner()) = flag;
    }

    pub(crate) fn feed_cancel(&self) -> Arc<AtomicBool> {
        self.feed_cancel
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Whether a feed import is going.
    pub fn feed_importing(&self) -> bool {
        self.with_running_import(|running| running.is_some())
    }

    /// Marks an import of `url` as going until the guard is dropped (whatever way it ends);
    /// `None` when one already is: a second import is refused, never run beside the first.
    pub(crate) fn claim_feed_import(&self, url: &str) -> Option<FeedImportGoing<'_>> {
        self.with_running_import(|running| {
            if running.is_some() {
                return None;
            }
            *running = Some(RunningImport {
                url: url.to_owned(),
                progress: None,
                followers: Vec::new(),
            });
            Some(FeedImportGoing(self))
        })
    }

    pub(crate) fn with_running_import<T>(
        &self,
        f: impl FnOnce(&mut Option<RunningImport>) -> T,
    ) -> T {
        f(&mut self.feed_running.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// The demo store's site and sign-up pages, when it runs.
    pub async fn demo_pages(&self) -> Option<(String, String)> {
        self.demo
            .lock()
            .await
            .as_ref()
            .map(|d| (d.site_url(), d.signup_url()))
    }

    /// The demo store's feed address, when it runs.
    pub async fn demo_feed_url(&self) -> Option<String> {
        self.demo.lock().await.as_ref().map(|d| d.feed_url())
    }

    /// Starts the demo store if it is not running; returns its API base.
    pub async fn ensure_demo(&self) -> Result<String, AppError> {
        let mut slot = self.demo.lock().await;
        if let Some(handle) = slot.as_ref() {
            return Ok(handle.base_url());
        }
        let handle = DemoStore::start(DemoConfig::default()).await?;
        let base = handle.base_url();
        // Set once: the slot is filled once, under its lock.
        let _ = self.demo_address.set(handle.site_url());
        *slot = Some(handle);
        Ok(base)
    }

    /// The running demo store's address (`http://127.0.0.1:PORT/`), when it runs.
    pub fn demo_address(&self) -> Option<&str> {
        self.demo_address.get().map(String::as_str)
    }

    /// The download policy for addresses the owner typed (`base`: [`Policy::feed`] or
    /// [`Policy::links`]), allowing the running demo store's own address as typed.
    pub fn download_policy(&self, base: Policy) -> Policy {
        base.with_demo_store(self.demo_address())
    }
}

/// A feed import in progress (see [`Context::feed_importing`]).
pub(crate) struct FeedImportGoing<'a>(&'a Context);

impl Drop for FeedImportGoing<'_> {
    fn drop(&mut self) {
        self.0.with_running_import(|running| *running = None);
    }
}
