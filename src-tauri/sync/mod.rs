//! The app's sync loop: the engine's [`Scheduler`] owned by the app state, fed by the owner's
//! settings, forwarding each run's progress to the dashboards that asked for it.
//!
//! The loop is built with the state but stays idle until [`SyncService::start`] (setup calls
//! it once the demo store is back on its new port) or the first "Sincronizar agora".

mod error;
pub mod settings;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use conector_core::{CodedError, ErrorPayload, Secret};
use conector_demo::DEMO_TOKEN;
use conector_secrets::Keychain;
use conector_setup::SetupError;
use conector_simplo7::{ClientConfig, StoreClient};
use conector_sync::{
    JobSource, Phase, ProgressSink, RunCounts, RunResult, RunSummary, Scheduler, SyncError,
    SyncEvent, SyncJob,
};
use serde::Serialize;
use tauri::ipc::Channel;

pub use error::PreviewError;
pub use settings::{Readiness, SyncSettings};

/// What the dashboard receives while a run goes, in order: `started`, any number of
/// `progress`, then `finished` or `failed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum SyncProgress {
    Started {
        run_id: i64,
    },
    Progress {
        phase: Phase,
        /// Listing pages applied, and how many the store announced.
        pages: u32,
        page_count: Option<u32>,
        orders: u32,
        customers: u64,
        errors: u32,
    },
    /// The run ended (completely, or cancelled, or refused because activation is on).
    Finished {
        summary: RunSummary,
    },
    Failed {
        error: ErrorPayload,
    },
}

/// The run in flight, for a dashboard opened in the middle of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
pub struct LiveRun {
    pub run_id: i64,
    pub phase: Option<Phase>,
    pub counts: RunCounts,
}

impl LiveRun {
    fn progress(&self) -> SyncProgress {
        progress_of(self.phase.unwrap_or(Phase::Listing), &self.counts)
    }
}

fn progress_of(phase: Phase, counts: &RunCounts) -> SyncProgress {
    SyncProgress::Progress {
        phase,
        pages: counts.pages,
        page_count: counts.page_count,
        orders: counts.orders_read,
        customers: counts.customers,
        errors: counts.errors,
    }
}

#[derive(Default)]
struct LiveState {
    current: Option<LiveRun>,
    /// Dashboards waiting for the current (or next) run; dropped when it ends.
    listeners: Vec<Channel<SyncProgress>>,
}

/// The sink the scheduler reports to: keeps the run in flight and fans events out.
struct Live {
    /// Off until the app is up (see the module doc): the loop then skips runs quietly.
    enabled: AtomicBool,
    state: Mutex<LiveState>,
    running: tokio::sync::watch::Sender<bool>,
}

impl Live {
    fn lock(&self) -> MutexGuard<'_, LiveState> {
        // A panic while forwarding leaves plain data behind: still usable.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn broadcast(&self, state: &mut LiveState, event: &SyncProgress, last: bool) {
        // A dashboard that went away cannot be told; the others still are.
        state.listeners.retain(|ch| ch.send(event.clone()).is_ok());
        if last {
            state.listeners.clear();
        }
    }

    /// Tells the dashboards waiting for a run that it will not happen.
    fn fail(&self, error: &ErrorPayload) {
        let mut state = self.lock();
        let event = SyncProgress::Failed {
            error: error.clone(),
        };
        self.broadcast(&mut state, &event, true);
    }
}

impl ProgressSink for Live {
    fn event(&self, event: SyncEvent) {
        let mut state = self.lock();
        let (out, last) = match event {
            SyncEvent::Started { run_id } => {
                state.current = Some(LiveRun {
                    run_id,
                    phase: None,
                    counts: RunCounts::default(),
                });
                self.running.send_replace(true);
                (SyncProgress::Started { run_id }, false)
            }
            SyncEvent::Progress { phase, counts } => {
                if let Some(run) = state.current.as_mut() {
                    run.phase = Some(phase);
                    run.counts = counts;
                }
                (progress_of(phase, &counts), false)
            }
            SyncEvent::Finished { summary } => {
                let out = match &summary.result {
                    RunResult::Failed { error } => SyncProgress::Failed {
                        error: error.clone(),
                    },
                    _ => SyncProgress::Finished { summary },
                };
                (out, true)
            }
            SyncEvent::Refused { error } => (SyncProgress::Failed { error }, true),
        };
        if last {
            state.current = None;
            self.running.send_replace(false);
        }
        self.broadcast(&mut state, &out, last);
    }
}

/// Builds each run from the database and the keychain, so new settings or a new token apply
/// to the next run.
struct AppJobs {
    db_path: PathBuf,
    keychain: Keychain,
    live: Arc<Live>,
}

impl JobSource for AppJobs {
    fn job(&self) -> Result<Option<SyncJob>, SyncError> {
        if !self.live.enabled.load(Ordering::Relaxed) {
            return Ok(None);
        }
        match self.build() {
            Ok(job) => Ok(Some(job)),
            // The scheduler reports these itself.
            Err(PreviewError::Sync(e)) => Err(e),
            Err(e) => {
                tracing::info!(code = e.code().as_str(), "background sync skipped");
                self.live.fail(&e.payload());
                Ok(None)
            }
        }
    }
}

impl AppJobs {
    fn build(&self) -> Result<SyncJob, PreviewError> {
        let conn = conector_core::db::open(&self.db_path).map_err(SyncError::from)?;
        let plan = settings::plan(&conn)?.map_err(PreviewError::from)?;
        let token = if plan.profile.demo {
            // The demo store's token is public (it opens nothing real).
            Secret::new(DEMO_TOKEN)
        } else {
            let (keychain, account) = (self.keychain.clone(), plan.profile.account());
            blocking(move || keychain.load(&account))
                .map_err(SetupError::from)?
                .ok_or(SetupError::NoToken)?
        };
        let client_config = if plan.profile.demo {
            // A local demo needs no pacing; the owner trying the app should not wait.
            ClientConfig {
                min_interval: Duration::from_millis(20),
                ..ClientConfig::default()
            }
        } else {
            ClientConfig::default()
        };
        let address = plan.profile.address()?;
        let client = StoreClient::new(address, &token, client_config).map_err(SyncError::from)?;
        Ok(SyncJob {
            client: Arc::new(client),
            config: plan.config,
        })
    }
}

/// Keychain reads block (D-Bus, Win32): step off the async worker while they run.
fn blocking<T>(f: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current() {
        Ok(h) if h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(f)
        }
        _ => f(),
    }
}

impl From<Readiness> for PreviewError {
    fn from(readiness: Readiness) -> Self {
        match readiness {
            Readiness::NeedsStore | Readiness::Ready => PreviewError::NoStore,
            Readiness::NeedsConnection => PreviewError::NotConnected,
            Readiness::NeedsFinalStatuses => {
                PreviewError::TooFewFinalStatuses(settings::MIN_FINAL_STATUSES)
            }
            Readiness::HandedOver { since } => PreviewError::HandedOver(since),
        }
    }
}

/// The background loop and what it is doing now.
pub struct SyncService {
    scheduler: Scheduler,
    live: Arc<Live>,
}

impl SyncService {
    /// Spawns the loop on Tauri's async runtime, idle until [`SyncService::start`].
    pub fn new(db_path: PathBuf, keychain: Keychain, interval: Duration) -> SyncService {
        let (running, _) = tokio::sync::watch::channel(false);
        let live = Arc::new(Live {
            enabled: AtomicBool::new(false),
            state: Mutex::new(LiveState::default()),
            running,
        });
        let source = Arc::new(AppJobs {
            db_path: db_path.clone(),
            keychain,
            live: Arc::clone(&live),
        });
        let handle = tauri::async_runtime::handle();
        let _runtime = handle.inner().enter();
        let sink: Arc<dyn ProgressSink> = live.clone();
        let scheduler = Scheduler::spawn(db_path, interval, source, sink);
        SyncService { scheduler, live }
    }

    /// Lets the loop run: a run now, then one per interval.
    pub fn start(&self) {
        if !self.live.enabled.swap(true, Ordering::Relaxed) {
            self.scheduler.sync_now();
        }
    }

    /// "Sincronizar agora": `channel` follows the run in flight, or a new one started now.
    pub fn sync_now(&self, channel: Channel<SyncProgress>) {
        self.live.enabled.store(true, Ordering::Relaxed);
        let in_flight = {
            let mut state = self.live.lock();
            if let Some(run) = state.current {
                let _ = channel.send(SyncProgress::Started { run_id: run.run_id });
                let _ = channel.send(run.progress());
            }
            state.listeners.push(channel);
            state.current.is_some()
        };
        if !in_flight {
            self.scheduler.sync_now();
        }
    }

    /// Cancels the run in flight; `false` when none was going.
    pub fn cancel(&self) -> bool {
        let running = self.live.lock().current.is_some();
        self.scheduler.cancel_current();
        running
    }

    pub fn set_interval(&self, interval: Duration) {
        self.scheduler.set_interval(interval);
    }

    pub fn current(&self) -> Option<LiveRun> {
        self.live.lock().current
    }

    /// Cancels the run in flight (if any) and waits for it to end, at most `timeout`.
    pub async fn stop_current(&self, timeout: Duration) -> Result<(), PreviewError> {
        let mut running = self.live.running.subscribe();
        if !*running.borrow() {
            return Ok(());
        }
        self.scheduler.cancel_current();
        let ended = tokio::time::timeout(timeout, running.wait_for(|r| !*r))
            .await
            .is_ok_and(|waited| waited.is_ok());
        if ended {
            Ok(())
        } else {
            Err(PreviewError::StillRunning)
        }
    }
}
