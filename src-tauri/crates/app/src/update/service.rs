//! The running app's updater: the last check and what it found, the background check's
//! schedule, and "Atualizar agora" (download retried when cut, signature checked, then
//! installed). The network and the installer are behind [`Updater`], which the shell implements
//! with `tauri-plugin-updater`.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use conector_core::{CodedError, ErrorPayload};
use serde::Serialize;
use time::OffsetDateTime;

use super::{Busy, UpdateError};
use crate::jobs::{Job, JobRun};
use crate::sync::SyncRuns;
use crate::{rules, AppError, Context};

/// A future the updater returns.
pub type UpdaterFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Told whenever a check (background or asked for) finds a newer version: the window's banner,
/// or one notification when the app runs only in the tray.
pub type UpdateObserver = Box<dyn Fn(&Available) + Send + Sync>;

/// Bytes received so far and the size announced by the server, if any.
pub type Progress = Arc<dyn Fn(u64, Option<u64>) + Send + Sync>;

/// A newer version the manifest announces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Available {
    pub version: String,
    /// The release date as the manifest gives it (RFC 3339), if it does.
    pub date: Option<String>,
    /// What changed, in pt-BR (the manifest's `notes`) and English (`notes_en`).
    pub notes_pt: String,
    pub notes_en: String,
}

/// How a download failed.
#[derive(Debug)]
pub enum DownloadError {
    /// Cut off or refused by the server: worth another try.
    Cut(Box<dyn std::error::Error + Send + Sync>),
    /// Complete, but not signed by the release key: never retried.
    BadSignature(Box<dyn std::error::Error + Send + Sync>),
    /// No room on the disk.
    NoSpace(Box<dyn std::error::Error + Send + Sync>),
}

/// What looks for, downloads and installs updates (the shell's `tauri-plugin-updater`).
pub trait Updater: Send + Sync + 'static {
    /// Reads the manifest: a newer version, or `None`. Never offers an older one.
    fn check(&self) -> UpdaterFuture<'_, Result<Option<Available>, UpdateError>>;
    /// Downloads the version the last check found and checks its signature.
    fn download(&self, progress: Progress) -> UpdaterFuture<'_, Result<Vec<u8>, DownloadError>>;
    /// Installs checked bytes with the system's installer (the caller restarts the app).
    fn install(&self, bytes: Vec<u8>) -> UpdaterFuture<'_, Result<(), UpdateError>>;
}

/// What "Atualizar agora" reports while it runs: `started`, `progress`, then `finished` (the
/// app restarts) or `failed`. Same tag and failure payload as every other long task.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum UpdateEvent {
    Started,
    Progress {
        done: u64,
        total: Option<u64>,
        /// 1 for the first try, more when a cut download is tried again.
        attempt: u32,
    },
    Installing,
    Finished,
    Failed {
        error: ErrorPayload,
    },
}

/// What the banner and Sobre show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct UpdateView {
    /// The running version (the number the updater compares).
    pub current: String,
    /// Whether this build looks for updates at all.
    pub updater_on: bool,
    /// "Verificar atualizações automaticamente".
    pub auto_check: bool,
    /// A newer version found by the last check.
    pub available: Option<Available>,
    /// Whether the banner shows it (not when the owner said "Depois" today).
    pub banner: bool,
    /// When the last check ran (UTC), since the app started.
    pub last_check: Option<String>,
}

#[derive(Default)]
struct State {
    last_check: Option<OffsetDateTime>,
    available: Option<Available>,
}

pub struct UpdateService {
    updater: Option<Arc<dyn Updater>>,
    observer: Option<UpdateObserver>,
    state: Mutex<State>,
    /// One install at a time.
    installing: tokio::sync::Mutex<()>,
}

impl UpdateService {
    /// `updater` is `None` in a build without an update address and key (see
    /// [`super::BuildConfig::from_build`]).
    pub fn new(updater: Option<Arc<dyn Updater>>, observer: Option<UpdateObserver>) -> Self {
        UpdateService {
            updater,
            observer,
            state: Mutex::new(State::default()),
            installing: tokio::sync::Mutex::new(()),
        }
    }

    pub fn updater_on(&self) -> bool {
        self.updater.is_some()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A poisoned lock only means a panic while the last check was recorded.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// When the background check is next due (see [`super::next_check`]).
    pub fn due(&self, ctx: &Context, busy: Busy) -> Result<Option<OffsetDateTime>, AppError> {
        self.due_at(ctx, busy, ctx.now())
    }

    /// [`UpdateService::due`] with the clock's reading `now` (the background loop's).
    fn due_at(
        &self,
        ctx: &Context,
        busy: Busy,
        now: OffsetDateTime,
    ) -> Result<Option<OffsetDateTime>, AppError> {
        let auto = super::auto_check(ctx)?;
        let last = self.state().last_check;
        Ok(super::next_check(self.updater_on(), auto, busy, last, now))
    }

    /// The background check: a failure is only logged (the owner did not ask; the next check
    /// is a day later).
    pub async fn check_in_background(&self, ctx: &Context) {
        if let Err(e) = self.check(ctx).await {
            conector_core::log_error("the background update check failed", &e);
        }
    }

    /// Reads the manifest now ("Procurar atualização agora" and the background check).
    pub async fn check(&self, ctx: &Context) -> Result<Option<Available>, UpdateError> {
        let updater = self.updater.as_ref().ok_or(UpdateError::Off)?;
        let outcome = updater.check().await;
        let found = {
            let mut state = self.state();
            state.last_check = Some(ctx.now());
            // A failed check keeps what an earlier one found.
            if let Ok(found) = &outcome {
                state.available = found.clone();
            }
            outcome?
        };
        if let (Some(found), Some(observer)) = (&found, &self.observer) {
            observer(found);
        }
        Ok(found)
    }

    pub fn view(&self, ctx: &Context) -> Result<UpdateView, AppError> {
        let (available, last_check) = {
            let state = self.state();
            (state.available.clone(), state.last_check)
        };
        let banner = match &available {
            Some(found) => !super::postponed(ctx, &found.version)?,
            None => false,
        };
        Ok(UpdateView {
            current: super::current_version().to_owned(),
            updater_on: self.updater_on(),
            auto_check: super::auto_check(ctx)?,
            available,
            banner,
            last_check: last_check.map(conector_core::timestamp::format),
        })
    }

    /// "Atualizar agora": downloads the found version (a cut download is tried again, up to
    /// [`rules::UPDATE_DOWNLOAD_ATTEMPTS`] times; a bad signature never), then installs it.
    /// `sink` hears every step; on `Ok` the caller restarts the app. On any failure nothing
    /// was installed and the running version goes on.
    pub async fn install(
        &self,
        sink: &(dyn Fn(UpdateEvent) + Send + Sync),
    ) -> Result<(), UpdateError> {
        let outcome = self.install_inner(sink).await;
        match &outcome {
            Ok(()) => sink(UpdateEvent::Finished),
            Err(e) => {
                conector_core::log_error("the update was not installed", e);
                sink(UpdateEvent::Failed { error: e.payload() });
            }
        }
        outcome
    }

    async fn install_inner(
        &self,
        sink: &(dyn Fn(UpdateEvent) + Send + Sync),
    ) -> Result<(), UpdateError> {
        let updater = self.updater.as_ref().ok_or(UpdateError::Off)?;
        if self.state().available.is_none() {
            return Err(UpdateError::NothingToInstall);
        }
        let _one = self.installing.lock().await;
        sink(UpdateEvent::Started);
        let bytes = download_with_retries(updater.as_ref(), sink).await?;
        sink(UpdateEvent::Installing);
        updater.install(bytes).await
    }
}

async fn download_with_retries(
    updater: &dyn Updater,
    sink: &(dyn Fn(UpdateEvent) + Send + Sync),
) -> Result<Vec<u8>, UpdateError> {
    let attempts = rules::UPDATE_DOWNLOAD_ATTEMPTS;
    let mut attempt = 1;
    loop {
        // The progress callback must own what it uses: events go through a channel.
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let progress: Progress = Arc::new(move |done, total| {
            let _ = tx.send((done, total));
        });
        let download = updater.download(progress);
        tokio::pin!(download);
        let outcome = loop {
            tokio::select! {
                outcome = &mut download => break outcome,
                Some((done, total)) = rx.recv() => sink(UpdateEvent::Progress { done, total, attempt }),
            }
        };
        while let Ok((done, total)) = rx.try_recv() {
            sink(UpdateEvent::Progress {
                done,
                total,
                attempt,
            });
        }
        match outcome {
            Ok(bytes) => return Ok(bytes),
            Err(DownloadError::BadSignature(e)) => return Err(UpdateError::BadSignature(e)),
            Err(DownloadError::NoSpace(e)) => return Err(UpdateError::NoSpace(e)),
            Err(DownloadError::Cut(source)) if attempt >= attempts => {
                return Err(UpdateError::DownloadFailed { attempts, source })
            }
            Err(DownloadError::Cut(e)) => {
                tracing::warn!(error = %e, attempt, "the update download was cut off; trying again");
                attempt += 1;
            }
        }
    }
}

/// The automatic check as one of the background loop's jobs: at start, then a day after the
/// last check; never during a feed import or a sync run (the loop looks again when the run
/// ends, and at least every [`crate::jobs::MAX_NAP`]).
pub struct UpdateCheck {
    service: Arc<UpdateService>,
    sync: Arc<SyncRuns>,
}

impl UpdateCheck {
    pub fn new(service: Arc<UpdateService>, sync: Arc<SyncRuns>) -> UpdateCheck {
        UpdateCheck { service, sync }
    }
}

impl Job for UpdateCheck {
    fn name(&self) -> &'static str {
        "update"
    }

    fn due(&self, ctx: &Context, now: OffsetDateTime, started: bool) -> Option<OffsetDateTime> {
        if !started {
            return None;
        }
        let busy = Busy {
            feed_import: ctx.feed_importing(),
            sync_run: self.sync.running_or_due(ctx, now, started),
        };
        self.service.due_at(ctx, busy, now).unwrap_or_else(|e| {
            conector_core::log_error("the update schedule could not be read", &e);
            None
        })
    }

    fn run(self: Arc<Self>, ctx: Arc<Context>) -> JobRun {
        Box::pin(async move { self.service.check_in_background(&ctx).await })
    }
}
