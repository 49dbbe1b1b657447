//! The background preview loop: the engine's [`Scheduler`] fed by the owner's saved settings,
//! forwarding each run's progress to whoever listens (the window's "Sincronizar agora"
//! channel, and the window itself for runs that start in the background).
//!
//! The loop is built idle; [`SyncService::start`] lets it run (the window calls it once the
//! demo store is back on its new port), as does the first "Sincronizar agora".

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use conector_core::{CodedError, ErrorPayload};
use conector_sync::{
    JobSource, Phase, ProgressSink, RunCounts, RunResult, RunSummary, Scheduler, SyncError,
    SyncEvent, SyncJob,
};
use serde::Serialize;

use crate::{AppError, Context};

/// What a run reports, in order: `started`, any number of `progress`, then `finished` or
/// `failed`. Same tag and failure payload as every other long task (`crate::feed::FeedEvent`).
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
    /// The run ended (completely, or cancelled, or refused because of go-live).
    Finished {
        /// Boxed: a summary is far larger than the other events, which are sent per page.
        summary: Box<RunSummary>,
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

pub(super) fn progress_of(phase: Phase, counts: &RunCounts) -> SyncProgress {
    SyncProgress::Progress {
        phase,
        pages: counts.pages,
        page_count: counts.page_count,
        orders: counts.orders_read,
        customers: counts.customers,
        errors: counts.errors,
    }
}

/// Where a run's events go. `send` returns `false` once the listener is gone.
pub trait ProgressListener: Send {
    fn send(&self, event: SyncProgress) -> bool;
}

/// Told about every run, background or asked for (the window's event bus).
pub type Observer = Box<dyn Fn(&SyncProgress) + Send + Sync>;

#[derive(Default)]
struct LiveState {
    current: Option<LiveRun>,
    /// Listeners of the current (or next) run; dropped when it ends.
    listeners: Vec<Box<dyn ProgressListener>>,
}

/// The sink the scheduler reports to: keeps the run in flight and fans events out.
struct Live {
    /// Off until the app is up (see the module doc): the loop then skips runs quietly.
    enabled: AtomicBool,
    /// The owner asked for the next run ("Sincronizar agora"): it goes even while background
    /// runs are paused after an erase of the preview's data.
    asked: AtomicBool,
    state: Mutex<LiveState>,
    observer: Option<Observer>,
    running: tokio::sync::watch::Sender<bool>,
}

impl Live {
    fn lock(&self) -> MutexGuard<'_, LiveState> {
        // A panic while forwarding leaves plain data behind: still usable.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn broadcast(&self, state: &mut LiveState, event: &SyncProgress, last: bool) {
        // A listener that went away cannot be told; the others still are.
        state.listeners.retain(|l| l.send(event.clone()));
        if last {
            state.listeners.clear();
        }
        if let Some(observer) = &self.observer {
            observer(event);
        }
    }

    /// Tells the listeners waiting for a run that it will not happen.
    fn fail(&self, error: ErrorPayload) {
        let mut state = self.lock();
        self.broadcast(&mut state, &SyncProgress::Failed { error }, true);
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
                    _ => SyncProgress::Finished {
                        summary: Box::new(summary),
                    },
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
    ctx: Arc<Context>,
    live: Arc<Live>,
}

impl JobSource for AppJobs {
    fn job(&self) -> Result<Option<SyncJob>, SyncError> {
        if !self.live.enabled.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let asked = self.live.asked.swap(false, Ordering::Relaxed);
        match self.build(asked) {
            Ok(job) => Ok(job),
            // The scheduler reports these itself.
            Err(AppError::Sync(e)) => Err(e),
            Err(e) => {
                tracing::info!(code = e.code().as_str(), "background sync skipped");
                self.live.fail(e.payload());
                Ok(None)
            }
        }
    }
}

impl AppJobs {
    /// The next run, or `None` while background runs wait for the owner after an erase.
    fn build(&self, asked: bool) -> Result<Option<SyncJob>, AppError> {
        let mut conn = self.ctx.open_connection()?;
        // Every tick, handed over or not: a go-live's customer data goes on its day.
        let now = self.ctx.now();
        if let Err(e) = blocking(|| crate::privacy::erase_if_due(&mut conn, now)) {
            conector_core::log_error("the customer data due for erasing was not erased", &e);
        }
        if crate::privacy::paused(&conn)? {
            if !asked {
                tracing::debug!("background sync waits for the owner after an erase");
                return Ok(None);
            }
            crate::privacy::resume(&conn)?;
        }
        let plan = super::plan(&conn)?.map_err(AppError::from)?;
        let keychain = self.ctx.keychain.clone();
        // Keychain reads block (D-Bus, Win32): step off the async worker while they run.
        let client = blocking(|| plan.client(&keychain))?;
        Ok(Some(SyncJob {
            client: Arc::new(client),
            config: plan.config,
        }))
    }
}

fn blocking<T>(f: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current() {
        Ok(h) if h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(f)
        }
        _ => f(),
    }
}

/// The background loop and what it is doing now.
pub struct SyncService {
    scheduler: Scheduler,
    live: Arc<Live>,
}

impl SyncService {
    /// Spawns the loop on `runtime`, idle until [`SyncService::start`]. `observer` hears every
    /// run (the window shows background runs as they happen).
    pub fn new(
        ctx: Arc<Context>,
        runtime: &tokio::runtime::Handle,
        observer: Option<Observer>,
    ) -> SyncService {
        let interval = ctx
            .with_db(super::SyncSettings::load)
            .map(|s| s.interval())
            .unwrap_or(crate::rules::DEFAULT_INTERVAL);
        let (running, _) = tokio::sync::watch::channel(false);
        let live = Arc::new(Live {
            enabled: AtomicBool::new(false),
            asked: AtomicBool::new(false),
            state: Mutex::new(LiveState::default()),
            observer,
            running,
        });
        let db = ctx.database_path().to_path_buf();
        let source = Arc::new(AppJobs {
            ctx,
            live: Arc::clone(&live),
        });
        let sink: Arc<dyn ProgressSink> = live.clone();
        let scheduler = Scheduler::spawn_on(runtime, db, interval, source, sink);
        SyncService { scheduler, live }
    }

    /// Lets the loop run: a run now, then one per interval.
    pub fn start(&self) {
        if !self.live.enabled.swap(true, Ordering::Relaxed) {
            self.scheduler.sync_now();
        }
    }

    /// "Sincronizar agora": `listener` follows the run in flight, or a new one started now.
    pub fn sync_now(&self, listener: Box<dyn ProgressListener>) {
        self.live.enabled.store(true, Ordering::Relaxed);
        let in_flight = {
            let mut state = self.live.lock();
            if let Some(run) = state.current {
                listener.send(SyncProgress::Started { run_id: run.run_id });
                listener.send(run.progress());
            }
            state.listeners.push(listener);
            state.current.is_some()
        };
        if !in_flight {
            self.live.asked.store(true, Ordering::Relaxed);
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
    pub async fn stop_current(&self, timeout: Duration) -> Result<(), AppError> {
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
            Err(AppError::StillRunning)
        }
    }
}
