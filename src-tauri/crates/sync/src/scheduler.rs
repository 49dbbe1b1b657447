//! The background loop: a run at start, then one every `interval`, plus "Sincronizar agora".
//! Plain tokio; the shell owns one [`Scheduler`] and forwards its events to the UI.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use conector_core::CodedError;
use conector_simplo7::StoreClient;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::config::SyncConfig;
use crate::engine::run_once;
use crate::error::SyncError;
use crate::progress::{ProgressSink, SyncEvent};

/// What the next run needs.
pub struct SyncJob {
    pub client: Arc<StoreClient>,
    pub config: SyncConfig,
}

/// Asked before every run, so a new token or new settings apply to the next run.
pub trait JobSource: Send + Sync + 'static {
    /// `Ok(None)` when the store is not configured yet: the run is skipped quietly.
    fn job(&self) -> Result<Option<SyncJob>, SyncError>;
}

impl<F> JobSource for F
where
    F: Fn() -> Result<Option<SyncJob>, SyncError> + Send + Sync + 'static,
{
    fn job(&self) -> Result<Option<SyncJob>, SyncError> {
        self()
    }
}

enum Command {
    SyncNow,
    SetInterval(Duration),
    Stop,
}

/// A running background loop. Dropping it without [`Scheduler::stop`] ends the loop after
/// the run in flight.
pub struct Scheduler {
    commands: mpsc::UnboundedSender<Command>,
    cancel: Arc<AtomicBool>,
    task: JoinHandle<()>,
}

impl Scheduler {
    /// Starts the loop on the current tokio runtime (panics outside one, like
    /// `tokio::spawn`); the first run starts at once.
    pub fn spawn(
        db_path: PathBuf,
        interval: Duration,
        source: Arc<dyn JobSource>,
        sink: Arc<dyn ProgressSink>,
    ) -> Scheduler {
        Self::spawn_on(
            &tokio::runtime::Handle::current(),
            db_path,
            interval,
            source,
            sink,
        )
    }

    /// Starts the loop on the given runtime (from Tauri's `setup`:
    /// `tauri::async_runtime::handle().inner()`).
    pub fn spawn_on(
        runtime: &tokio::runtime::Handle,
        db_path: PathBuf,
        interval: Duration,
        source: Arc<dyn JobSource>,
        sink: Arc<dyn ProgressSink>,
    ) -> Scheduler {
        let (commands, rx) = mpsc::unbounded_channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let task = runtime.spawn(run_loop(
            db_path,
            interval,
            source,
            sink,
            Arc::clone(&cancel),
            rx,
        ));
        Scheduler {
            commands,
            cancel,
            task,
        }
    }

    /// "Sincronizar agora": a run now, or right after the one in flight.
    pub fn sync_now(&self) {
        let _ = self.commands.send(Command::SyncNow);
    }

    /// The next run comes `interval` after the last one ended.
    pub fn set_interval(&self, interval: Duration) {
        let _ = self.commands.send(Command::SetInterval(interval));
    }

    /// Cancels the run in flight (if any); the loop goes on.
    pub fn cancel_current(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Cancels the run in flight and waits for the loop to end.
    pub async fn stop(self) {
        self.cancel.store(true, Ordering::Relaxed);
        let _ = self.commands.send(Command::Stop);
        let _ = self.task.await;
    }
}

/// Passes events on and remembers whether the run reported its end.
struct Watched<'a> {
    sink: &'a dyn ProgressSink,
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

async fn run_loop(
    db_path: PathBuf,
    mut interval: Duration,
    source: Arc<dyn JobSource>,
    sink: Arc<dyn ProgressSink>,
    cancel: Arc<AtomicBool>,
    mut rx: mpsc::UnboundedReceiver<Command>,
) {
    loop {
        // Requests made before this run starts are answered by it.
        while let Ok(cmd) = rx.try_recv() {
            match cmd {
                Command::Stop => return,
                Command::SetInterval(d) => interval = d,
                Command::SyncNow => {}
            }
        }
        cancel.store(false, Ordering::Relaxed);
        match source.job() {
            Ok(Some(job)) => {
                // A failed run reports itself (`Finished` with the error); a run that could not
                // even start (already running, database unavailable...) is reported here.
                let watched = Watched {
                    sink: &*sink,
                    finished: AtomicBool::new(false),
                };
                if let Err(e) =
                    run_once(&db_path, &job.client, &job.config, &watched, &cancel).await
                {
                    if !watched.finished.load(Ordering::Relaxed) {
                        sink.event(SyncEvent::Refused { error: e.payload() });
                    }
                    tracing::warn!(code = e.code().as_str(), params = %e.params(), "sync run failed");
                }
            }
            Ok(None) => {}
            Err(e) => sink.event(SyncEvent::Refused { error: e.payload() }),
        }
        let mut deadline = Instant::now() + interval;
        loop {
            tokio::select! {
                () = tokio::time::sleep_until(deadline) => break,
                cmd = rx.recv() => match cmd {
                    None | Some(Command::Stop) => return,
                    Some(Command::SyncNow) => break,
                    Some(Command::SetInterval(d)) => {
                        interval = d;
                        deadline = Instant::now() + d;
                    }
                },
            }
        }
    }
}
