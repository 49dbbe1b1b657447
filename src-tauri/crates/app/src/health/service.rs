//! The health watch's schedule: once go-live is recorded, a run at once and then one every
//! [`rules::HEALTH_INTERVAL_MINUTES`] while the app runs (window open or not), plus
//! "Verificar agora". Runs never overlap; every run, scheduled or asked for, goes to the
//! observer (the window's event, the desktop notifications).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use conector_core::activation::{activation, Activation};
use conector_health::history;
use time::{Duration, OffsetDateTime};
use tokio::sync::Notify;
use tokio::task::JoinHandle;

use super::HealthRun;
use crate::{rules, AppError, Context};

/// Told about every run.
pub type HealthObserver = Box<dyn Fn(&HealthRun) + Send + Sync>;

/// The longest single wait: the loop looks at the clock again at least this often, so a
/// computer waking from sleep runs an overdue check soon after instead of an hour later.
const MAX_NAP: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// When the next run is due: `None` while the watch is off (go-live not recorded); at once
/// when nothing ran since go-live; else an interval after the last run.
pub fn due_at(
    live_since: Option<OffsetDateTime>,
    last_run: Option<OffsetDateTime>,
    now: OffsetDateTime,
    interval: Duration,
) -> Option<OffsetDateTime> {
    let since = live_since?;
    Some(match last_run {
        Some(last) if last >= since => last + interval,
        _ => now,
    })
}

struct Shared {
    ctx: Arc<Context>,
    observer: Option<HealthObserver>,
    /// Off until the app is up (the demo store back on its port): no scheduled run before.
    enabled: AtomicBool,
    /// One run at a time (the loop's or "Verificar agora").
    running: tokio::sync::Mutex<()>,
    wake: Notify,
    next: Mutex<Option<OffsetDateTime>>,
}

impl Shared {
    async fn run(&self) -> Result<HealthRun, AppError> {
        let _one = self.running.lock().await;
        let run = super::run(&self.ctx).await?;
        // Before anyone hears of the run: a page refreshed by it shows the next one.
        match self.due() {
            Ok(next) => self.set_next(next),
            Err(e) => conector_core::log_error("the health schedule could not be read", &e),
        }
        if let Some(observer) = &self.observer {
            observer(&run);
        }
        Ok(run)
    }

    fn due(&self) -> Result<Option<OffsetDateTime>, AppError> {
        let parse = conector_core::timestamp::parse;
        let (live, last) = self.ctx.with_db(|conn| -> Result<_, AppError> {
            let live = match activation(conn)? {
                Activation::HandedOver { since } => parse(&since),
                Activation::Preview { .. } => None,
            };
            let last = history::last_run_at(conn)?.as_deref().and_then(parse);
            Ok((live, last))
        })?;
        let interval = Duration::minutes(i64::from(rules::HEALTH_INTERVAL_MINUTES));
        Ok(due_at(live, last, self.ctx.now(), interval))
    }

    fn set_next(&self, next: Option<OffsetDateTime>) {
        *self.next.lock().unwrap_or_else(|p| p.into_inner()) = next;
    }
}

/// The schedule's loop and "Verificar agora".
pub struct HealthService {
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl HealthService {
    /// Spawns the loop on `runtime`, idle until [`HealthService::start`]; then it runs nothing
    /// until go-live is recorded (call [`HealthService::wake`] then).
    pub fn spawn(
        ctx: Arc<Context>,
        runtime: &tokio::runtime::Handle,
        observer: Option<HealthObserver>,
    ) -> HealthService {
        let shared = Arc::new(Shared {
            ctx,
            observer,
            enabled: AtomicBool::new(false),
            running: tokio::sync::Mutex::new(()),
            wake: Notify::new(),
            next: Mutex::new(None),
        });
        let task = runtime.spawn(run_loop(Arc::clone(&shared)));
        HealthService { shared, task }
    }

    /// Lets the schedule run (once the app is up): an overdue check runs at once.
    pub fn start(&self) {
        self.shared.enabled.store(true, Ordering::Relaxed);
        self.wake();
    }

    /// Looks again at when the next run is due (go-live recorded or switched off).
    pub fn wake(&self) {
        self.shared.wake.notify_one();
    }

    /// "Verificar agora": runs every check now (after a run in flight, if any).
    pub async fn check_now(&self) -> Result<HealthRun, AppError> {
        let run = self.shared.run().await;
        self.wake();
        run
    }

    /// When the next scheduled run is due (`None` while the watch is off).
    pub fn next_run(&self) -> Option<OffsetDateTime> {
        *self.shared.next.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Drop for HealthService {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn run_loop(shared: Arc<Shared>) {
    loop {
        if !shared.enabled.load(Ordering::Relaxed) {
            shared.wake.notified().await;
            continue;
        }
        let due = shared.due().unwrap_or_else(|e| {
            conector_core::log_error("the health schedule could not be read", &e);
            None
        });
        shared.set_next(due);
        let Some(due) = due else {
            shared.wake.notified().await;
            continue;
        };
        let wait = std::time::Duration::try_from(due - shared.ctx.now()).unwrap_or_default();
        if wait.is_zero() {
            if let Err(e) = shared.run().await {
                conector_core::log_error("the scheduled health checks failed", &e);
                // Do not spin on a failure that repeats: try again after a nap.
                tokio::select! {
                    () = tokio::time::sleep(MAX_NAP) => {}
                    () = shared.wake.notified() => {}
                }
            }
            continue;
        }
        tokio::select! {
            () = tokio::time::sleep(wait.min(MAX_NAP)) => {}
            () = shared.wake.notified() => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const HOUR: Duration = Duration::HOUR;

    #[test]
    fn nothing_is_due_before_go_live() {
        let now = datetime!(2026-11-30 12:00 UTC);
        assert_eq!(due_at(None, Some(now), now, HOUR), None);
    }

    #[test]
    fn go_live_runs_at_once_then_every_interval() {
        let live = datetime!(2026-11-30 12:00 UTC);
        let now = datetime!(2026-11-30 12:00:05 UTC);
        assert_eq!(due_at(Some(live), None, now, HOUR), Some(now));
        // A "Verificar agora" before go-live does not delay the first scheduled run.
        let before = datetime!(2026-11-30 11:50 UTC);
        assert_eq!(due_at(Some(live), Some(before), now, HOUR), Some(now));
        let ran = datetime!(2026-11-30 12:00:06 UTC);
        assert_eq!(
            due_at(Some(live), Some(ran), now, HOUR),
            Some(datetime!(2026-11-30 13:00:06 UTC))
        );
    }

    #[test]
    fn an_overdue_run_is_due_in_the_past_so_it_runs_at_once() {
        let live = datetime!(2026-11-29 08:00 UTC);
        let last = datetime!(2026-11-29 22:00 UTC);
        let now = datetime!(2026-11-30 09:00 UTC);
        let due = due_at(Some(live), Some(last), now, HOUR).unwrap_or(now);
        assert!(
            due < now,
            "the app was closed overnight: the check is overdue"
        );
    }
}
