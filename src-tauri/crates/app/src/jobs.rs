//! The one background loop of the running app: a list of jobs (the preview's sync run, the
//! erase of the customers' data when it is due, the health watch's run, the update check), each
//! asked when it is next due, on the context's clock.
//!
//! The loop is built idle: before [`Jobs::start`] it runs only what the owner asked for
//! ("Sincronizar agora"), nothing on a schedule — the window starts it once the demo store is
//! back on its new port. A job never overlaps itself; different jobs may run side by side (a
//! health run is not held up by a long preview run). When nothing is due the loop waits for the
//! earliest due time, for a job to end, or for [`Waker::wake`] — and at most [`MAX_NAP`], so a
//! computer waking from sleep runs an overdue job soon after.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use time::{Duration, OffsetDateTime};
use tokio::sync::Notify;
use tokio::task::JoinHandle;

use crate::Context;

/// The longest wait before the loop looks at the clock again.
pub const MAX_NAP: Duration = Duration::minutes(5);

/// A job's run.
pub type JobRun = Pin<Box<dyn Future<Output = ()> + Send>>;

/// One kind of background work.
pub trait Job: Send + Sync + 'static {
    /// For the logs.
    fn name(&self) -> &'static str;

    /// When the job should next run, `now` being the clock's time (decide with it, not with a
    /// second reading: the loop runs what is due at `now`): `None` while it has nothing to do
    /// until something changes (the loop is then woken). Before the loop is `started`, only
    /// what the owner asked for is due.
    fn due(&self, ctx: &Context, now: OffsetDateTime, started: bool) -> Option<OffsetDateTime>;

    /// Runs the job once. Errors are the job's to report (its listeners, the logs).
    fn run(self: Arc<Self>, ctx: Arc<Context>) -> JobRun;
}

/// Makes the loop look at its jobs again (a job was asked for, the settings changed).
#[derive(Clone, Default)]
pub struct Waker(Arc<Notify>);

impl Waker {
    pub fn wake(&self) {
        // A wake while the loop is busy is kept for its next wait (`Notify` stores one permit).
        self.0.notify_one();
    }
}

struct Slot {
    job: Arc<dyn Job>,
    running: AtomicBool,
}

struct Shared {
    ctx: Arc<Context>,
    slots: Vec<Slot>,
    started: AtomicBool,
    waker: Waker,
    runtime: tokio::runtime::Handle,
    /// How many times the loop has looked at its jobs, and whether a job was running when it
    /// had looked (for [`Jobs::settled`]).
    passes: tokio::sync::watch::Sender<(u64, bool)>,
}

/// The running loop; dropping it stops the loop (a job in flight ends on its own).
pub struct Jobs {
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl Jobs {
    /// Spawns the loop over `jobs` on `runtime`, idle until [`Jobs::start`]. `waker` is the
    /// one the jobs were given.
    pub fn spawn(
        ctx: Arc<Context>,
        runtime: &tokio::runtime::Handle,
        waker: Waker,
        jobs: Vec<Arc<dyn Job>>,
    ) -> Jobs {
        let shared = Arc::new(Shared {
            ctx,
            slots: jobs
                .into_iter()
                .map(|job| Slot {
                    job,
                    running: AtomicBool::new(false),
                })
                .collect(),
            started: AtomicBool::new(false),
            waker,
            runtime: runtime.clone(),
            passes: tokio::sync::watch::channel((0, false)).0,
        });
        let task = runtime.spawn(run_loop(Arc::clone(&shared)));
        Jobs { shared, task }
    }

    /// Lets the schedule run: whatever is due runs now.
    pub fn start(&self) {
        self.shared.started.store(true, Ordering::SeqCst);
        self.shared.waker.wake();
    }

    pub fn started(&self) -> bool {
        self.shared.started.load(Ordering::SeqCst)
    }

    /// Returns once the loop, woken after this call, has looked at its jobs and left none
    /// running: whatever was due by the clock's time has run. (A job that ends wakes the loop,
    /// so a pass with nothing running always comes.) Tests wait on it instead of sleeping.
    #[cfg(any(test, feature = "test-support"))]
    pub async fn settled(&self) {
        let mut passes = self.shared.passes.subscribe();
        let seen = passes.borrow_and_update().0;
        self.shared.waker.wake();
        let _ = passes.wait_for(|&(pass, busy)| pass > seen && !busy).await;
    }
}

impl Drop for Jobs {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn run_loop(shared: Arc<Shared>) {
    loop {
        let now = shared.ctx.now();
        let started = shared.started.load(Ordering::SeqCst);
        let mut next = now + MAX_NAP;
        for slot in &shared.slots {
            if slot.running.load(Ordering::SeqCst) {
                continue;
            }
            match slot.job.due(&shared.ctx, now, started) {
                Some(at) if at <= now => spawn_run(&shared, slot),
                Some(at) => next = next.min(at),
                None => {}
            }
        }
        let busy = shared
            .slots
            .iter()
            .any(|s| s.running.load(Ordering::SeqCst));
        shared.passes.send_modify(|(pass, was_busy)| {
            *pass += 1;
            *was_busy = busy;
        });
        let clock = shared.ctx.clock();
        tokio::select! {
            () = clock.until(next) => {}
            () = shared.waker.0.notified() => {}
        }
    }
}

fn spawn_run(shared: &Arc<Shared>, slot: &Slot) {
    slot.running.store(true, Ordering::SeqCst);
    let job = Arc::clone(&slot.job);
    let index = shared
        .slots
        .iter()
        .position(|s| std::ptr::eq(s, slot))
        .unwrap_or_default();
    let for_task = Arc::clone(shared);
    tracing::debug!(job = job.name(), "background job starts");
    shared.runtime.spawn(async move {
        // A panicking job ends its run only: the loop goes on, and the slot is freed below.
        let run = tokio::spawn(job.run(Arc::clone(&for_task.ctx)));
        if let Err(e) = run.await {
            tracing::error!(error = %e, "a background job ended early");
        }
        if let Some(slot) = for_task.slots.get(index) {
            slot.running.store(false, Ordering::SeqCst);
        }
        for_task.waker.wake();
    });
}
