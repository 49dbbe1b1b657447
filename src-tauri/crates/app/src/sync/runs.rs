//! The preview's sync runs, a job of the background loop ([`crate::jobs`]): a run when the
//! loop starts, then one per saved interval after the last one ended, and one when the owner
//! asks ("Sincronizar agora", which joins a run in flight instead). Each run is built from the
//! saved settings and the keychain at its start, so new settings or a new token apply to the
//! next run; its progress goes to whoever listens (the "Sincronizar agora" channel, and the
//! window itself for runs that start in the background).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use conector_core::{CodedError, ErrorPayload};
use conector_simplo7::StoreClient;
use conector_sync::{Phase, ProgressSink, RunCounts, RunResult, RunSummary, SyncConfig, SyncEvent};
use serde::Serialize;
use time::{Duration, OffsetDateTime};

use crate::jobs::{Job, JobRun, Waker};
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

/// The sink a run reports to: keeps the run in flight and fans events out.
struct Live {
    state: Mutex<LiveState>,
    observer: Option<Observer>,
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
        }
        self.broadcast(&mut state, &out, last);
    }
}

/// Passes events on and remembers whether the run reported its end.
struct Watched<'a> {
    sink: &'a Live,
    finished: AtomicBool,
}

impl ProgressSink for Watched<'_> {
    fn event(&self, event: SyncEvent) {
        if matches!(event, SyncEvent::Finished { .. }) {
            self.finished.store(true, Ordering::Relaxed);
        }
        self.sink.event(event);
    }
}

/// The sync job: when the next run is due, what is running, and the owner's requests.
pub struct SyncRuns {
    live: Live,
    /// The owner asked for the next run ("Sincronizar agora"): it goes even before the loop
    /// starts, and while background runs are paused after an erase of the preview's data.
    asked: AtomicBool,
    /// Between the end of a run and the start of the next.
    interval: Mutex<Duration>,
    /// When the last run ended (`None`: no run yet, so one is due when the loop starts).
    last_end: Mutex<Option<OffsetDateTime>>,
    /// Stops the run in flight between two requests.
    cancel: AtomicBool,
    /// True from the start of a job's run (before its client is built) to its end.
    running: tokio::sync::watch::Sender<bool>,
    waker: Waker,
}

impl SyncRuns {
    /// The job, with the saved interval; `observer` hears every run (the window shows
    /// background runs as they happen).
    pub(crate) fn new(ctx: &Context, observer: Option<Observer>, waker: Waker) -> SyncRuns {
        let interval = ctx
            .with_db(super::SyncSettings::load)
            .map(|s| s.interval())
            .unwrap_or(crate::rules::DEFAULT_INTERVAL);
        SyncRuns {
            live: Live {
                state: Mutex::new(LiveState::default()),
                observer,
            },
            asked: AtomicBool::new(false),
            interval: Mutex::new(Duration::try_from(interval).unwrap_or(Duration::HOUR)),
            last_end: Mutex::new(None),
            cancel: AtomicBool::new(false),
            running: tokio::sync::watch::channel(false).0,
            waker,
        }
    }

    /// The job outside any loop (for tests that call the area functions on a bare
    /// [`Context`]): no run is ever in flight, so a stop returns at once.
    #[cfg(any(test, feature = "test-support"))]
    pub fn idle(ctx: &Context) -> SyncRuns {
        SyncRuns::new(ctx, None, Waker::default())
    }

    /// "Sincronizar agora": `listener` follows the run in flight, or a new one started now.
    pub fn sync_now(&self, listener: Box<dyn ProgressListener>) {
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
            self.asked.store(true, Ordering::SeqCst);
            self.waker.wake();
        }
    }

    /// Cancels the run in flight; `false` when none was going.
    pub fn cancel(&self) -> bool {
        let running = self.live.lock().current.is_some();
        self.cancel.store(true, Ordering::SeqCst);
        running
    }

    /// The next run comes `interval` after the last one ended.
    pub fn set_interval(&self, interval: std::time::Duration) {
        let interval = Duration::try_from(interval).unwrap_or(Duration::HOUR);
        *self.interval.lock().unwrap_or_else(|p| p.into_inner()) = interval;
        self.waker.wake();
    }

    pub fn interval(&self) -> Duration {
        *self.interval.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn current(&self) -> Option<LiveRun> {
        self.live.lock().current
    }

    /// Whether a run is under way, or due now and about to start (another job that must not
    /// overlap a run, the update check, waits for it).
    pub fn running_or_due(&self, ctx: &Context, now: OffsetDateTime, started: bool) -> bool {
        *self.running.borrow()
            || self.current().is_some()
            || Job::due(self, ctx, now, started).is_some_and(|at| at <= now)
    }

    /// Returns once a run of this job is under way (from before its client is built).
    #[cfg(any(test, feature = "test-support"))]
    pub async fn until_running(&self) {
        let mut running = self.running.subscribe();
        let _ = running.wait_for(|r| *r).await;
    }

    /// Cancels the run in flight (if any) and waits for it to end, at most `timeout` on the
    /// context's clock.
    pub async fn stop_current(&self, ctx: &Context, timeout: Duration) -> Result<(), AppError> {
        let mut running = self.running.subscribe();
        if !*running.borrow() {
            return Ok(());
        }
        self.cancel.store(true, Ordering::SeqCst);
        let give_up = ctx.clock().until(ctx.now() + timeout);
        tokio::select! {
            waited = running.wait_for(|r| !*r) => {
                if waited.is_ok() { Ok(()) } else { Err(AppError::StillRunning) }
            }
            () = give_up => Err(AppError::StillRunning),
        }
    }

    /// One run: built from the saved settings, then the engine.
    async fn run_once(&self, ctx: &Context) {
        let asked = self.asked.swap(false, Ordering::SeqCst);
        let job = match build(ctx, asked) {
            Ok(Some(job)) => job,
            Ok(None) => return,
            Err(e) => {
                tracing::info!(code = e.code().as_str(), "sync run skipped");
                self.live.fail(e.payload());
                return;
            }
        };
        // A failed run reports itself (`Finished` with the error); a run that could not even
        // start (already running, database unavailable...) is reported here.
        let watched = Watched {
            sink: &self.live,
            finished: AtomicBool::new(false),
        };
        let ran = conector_sync::run_once(
            ctx.database_path(),
            &job.client,
            &job.config,
            &watched,
            &self.cancel,
        )
        .await;
        if let Err(e) = ran {
            if !watched.finished.load(Ordering::Relaxed) {
                self.live.event(SyncEvent::Refused { error: e.payload() });
            }
            tracing::warn!(code = e.code().as_str(), params = %e.params(), "sync run failed");
        }
    }
}

impl Job for SyncRuns {
    fn name(&self) -> &'static str {
        "sync"
    }

    fn due(&self, _ctx: &Context, now: OffsetDateTime, started: bool) -> Option<OffsetDateTime> {
        if self.asked.load(Ordering::SeqCst) {
            return Some(now);
        }
        if !started {
            return None;
        }
        let last = *self.last_end.lock().unwrap_or_else(|p| p.into_inner());
        Some(last.map_or(now, |end| end + self.interval()))
    }

    fn run(self: Arc<Self>, ctx: Arc<Context>) -> JobRun {
        Box::pin(async move {
            // In this order: a stop asked once `running` reads true cancels this run.
            self.cancel.store(false, Ordering::SeqCst);
            self.running.send_replace(true);
            self.run_once(&ctx).await;
            *self.last_end.lock().unwrap_or_else(|p| p.into_inner()) = Some(ctx.now());
            self.running.send_replace(false);
        })
    }
}

/// What one run needs.
struct Planned {
    client: StoreClient,
    config: SyncConfig,
}

/// The next run, or `None` while background runs wait for the owner after an erase.
fn build(ctx: &Context, asked: bool) -> Result<Option<Planned>, AppError> {
    let conn = ctx.open_connection()?;
    if crate::privacy::paused(&conn)? {
        if !asked {
            tracing::debug!("background sync waits for the owner after an erase");
            return Ok(None);
        }
        crate::privacy::resume(&conn)?;
    }
    let plan = super::plan(&conn)?.map_err(AppError::from)?;
    // Keychain reads block (D-Bus, Win32): step off the async worker while they run.
    let client = blocking(|| plan.client(&ctx.keychain))?;
    Ok(Some(Planned {
        client,
        config: plan.config,
    }))
}

fn blocking<T>(f: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current() {
        Ok(h) if h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(f)
        }
        _ => f(),
    }
}
