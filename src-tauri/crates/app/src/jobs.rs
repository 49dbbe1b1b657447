//! The one background loop of the running app: a list of jobs (the preview's sync run, the
//! erase of the customers' data when it is due, the health watch's run, the update check), each
//! asked when it is next due, on the context's clock.
//!
//! The loop is built idle: before [`Jobs::start`] it runs only what the owner asked for
//! ("Ler pedidos da loja agora"), nothing on a schedule — the window starts it once the demo store is
//! back on its new port. A job never overlaps itself; different jobs may run side by side (a
//! health run is not held up by a long preview run). When nothing is due the loop waits for the
//! earliest due time, for a job to end, or for [`Waker::wake`] — and at most [`MAX_NAP`], so a
//! computer waking from sleep runs an overdue job soon after. [`Jobs::stop`] ends the loop for
//! good ("Remover tudo deste computador"): nothing starts after it, and it waits for the runs in
//! flight.

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
    /// Set by [`Jobs::stop`]: no run starts after it.
    stopped: AtomicBool,
    /// How many runs are in flight (a run counts itself before it looks at `stopped`).
    in_flight: tokio::sync::watch::Sender<usize>,
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
            stopped: AtomicBool::new(false),
            in_flight: tokio::sync::watch::channel(0).0,
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

    /// Ends the loop for good: no job starts after this call, on the schedule or when asked.
    /// Returns once the runs in flight have ended (`true`), or when the context's clock has
    /// passed `limit` first (`false`: a run still goes; the caller decides). Stop the runs that
    /// can be stopped (the sync run's cancel switch) before or while this waits.
    pub async fn stop(&self, limit: Duration) -> bool {
        self.shared.stopped.store(true, Ordering::SeqCst);
        self.task.abort();
        let mut in_flight = self.shared.in_flight.subscribe();
        let ctx = &self.shared.ctx;
        let give_up = ctx.clock().until(ctx.now() + limit);
        let ended = tokio::select! {
            ended = in_flight.wait_for(|&n| n == 0) => ended.is_ok(),
            () = give_up => false,
        };
        ended || *self.shared.in_flight.borrow() == 0
    }

    /// Returns once the loop, woken after this call, has looked at its jobs and left none
    /// running: whatever was due by the clock's time has run. (A job that ends wakes the loop,
    /// so a pass with nothing running always comes.) Tests wait on it instead of sleeping.
    #[cfg(any(test, feature = "test-support"))]
    pub async fn settled(&self) {
        if self.shared.stopped.load(Ordering::SeqCst) {
            // A stopped loop runs nothing more: what was due will never run.
            return;
        }
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
    // Counted first, then the stop looked at: a `stop` either sees this run in flight and
    // waits for it, or this run sees the stop and does not start.
    shared.in_flight.send_modify(|n| *n += 1);
    if shared.stopped.load(Ordering::SeqCst) {
        shared.in_flight.send_modify(|n| *n -= 1);
        return;
    }
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
        for_task.in_flight.send_modify(|n| *n -= 1);
        for_task.waker.wake();
    });
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::atomic::AtomicUsize;

    use conector_secrets::Keychain;
    use time::macros::datetime;

    use super::*;
    use crate::{ManualClock, Paths};

    /// A safety net for a broken build only: nothing below waits on real time otherwise.
    const SAFETY: std::time::Duration = std::time::Duration::from_secs(60);

    /// Due every minute; each run counts itself and then waits until the test lets it end.
    struct Gated {
        runs: AtomicUsize,
        started: Notify,
        release: tokio::sync::Semaphore,
    }

    impl Job for Gated {
        fn name(&self) -> &'static str {
            "gated"
        }

        fn due(&self, ctx: &Context, now: OffsetDateTime, started: bool) -> Option<OffsetDateTime> {
            let _ = (ctx, now);
            started.then_some(datetime!(2026-12-07 12:00 UTC))
        }

        fn run(self: Arc<Self>, _ctx: Arc<Context>) -> JobRun {
            Box::pin(async move {
                self.runs.fetch_add(1, Ordering::SeqCst);
                self.started.notify_one();
                let _ = self.release.acquire().await.map(|p| p.forget());
            })
        }
    }

    /// The loop over one [`Gated`] job, started, with its first run in flight.
    struct Running {
        jobs: Jobs,
        job: Arc<Gated>,
        clock: Arc<ManualClock>,
        waker: Waker,
        _dir: tempfile::TempDir,
    }

    async fn running() -> Running {
        let dir = tempfile::tempdir().unwrap();
        let clock = ManualClock::new(datetime!(2026-12-07 12:00 UTC));
        let paths = Paths {
            data_dir: dir.path().to_path_buf(),
            log_dir: dir.path().join("logs"),
        };
        let keychain = Keychain::with_service("br.com.conectorfidelidade.test.jobs");
        let ctx = Arc::new(Context::open_with(paths, keychain, clock.clone()).unwrap());
        let job = Arc::new(Gated {
            runs: AtomicUsize::new(0),
            started: Notify::new(),
            release: tokio::sync::Semaphore::new(0),
        });
        let waker = Waker::default();
        let jobs = Jobs::spawn(
            ctx,
            &tokio::runtime::Handle::current(),
            waker.clone(),
            vec![job.clone() as Arc<dyn Job>],
        );
        jobs.start();
        tokio::time::timeout(SAFETY, job.started.notified())
            .await
            .unwrap();
        Running {
            jobs,
            job,
            clock,
            waker,
            _dir: dir,
        }
    }

    /// Polls `future` once: whether it is still waiting.
    fn pending<F: Future + ?Sized>(future: Pin<&mut F>) -> bool {
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        future.poll(&mut cx).is_pending()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_stop_waits_for_the_run_in_flight_and_nothing_starts_after_it() {
        let Running {
            jobs,
            job,
            clock,
            waker,
            _dir,
        } = running().await;

        // The stop waits for the run in flight...
        let mut stop = Box::pin(jobs.stop(Duration::seconds(30)));
        assert!(pending(stop.as_mut()), "waits for the run");
        // ...and returns once it has ended.
        job.release.add_permits(1);
        assert!(tokio::time::timeout(SAFETY, stop).await.unwrap());

        // The loop is gone, and a run that was about to start when the stop came (the loop
        // mid-pass) does not start: the job stays due, nothing runs.
        tokio::time::timeout(SAFETY, async {
            while !jobs.task.is_finished() {
                tokio::task::yield_now().await;
            }
        })
        .await
        .unwrap();
        spawn_run(&jobs.shared, &jobs.shared.slots[0]);
        waker.wake();
        clock.advance(Duration::days(1));
        jobs.settled().await;
        assert_eq!(
            job.runs.load(Ordering::SeqCst),
            1,
            "nothing ran after the stop"
        );
        assert_eq!(*jobs.shared.in_flight.borrow(), 0);
        assert!(!jobs.shared.slots[0].running.load(Ordering::SeqCst));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_stop_gives_up_at_its_limit_on_the_clock() {
        let Running {
            jobs,
            job,
            clock,
            _dir,
            ..
        } = running().await;
        let mut stop = Box::pin(jobs.stop(Duration::seconds(30)));
        assert!(pending(stop.as_mut()));
        clock.advance(Duration::seconds(29));
        assert!(pending(stop.as_mut()), "one second short");
        clock.advance(Duration::seconds(1));
        assert!(
            !tokio::time::timeout(SAFETY, stop).await.unwrap(),
            "a run still goes"
        );
        job.release.add_permits(1);
    }
}
