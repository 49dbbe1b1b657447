//! The health watch's job in the background loop ([`crate::jobs`]): once go-live is recorded,
//! a run at once and then one every [`rules::HEALTH_INTERVAL_MINUTES`] while the app runs
//! (window open or not), plus "Verificar agora". Runs never overlap; every run, scheduled or
//! asked for, goes to the observer (the window's event, the desktop notifications).

use std::sync::{Arc, Mutex};

use conector_core::activation::{activation, Activation};
use conector_health::history;
use time::{Duration, OffsetDateTime};

use super::HealthRun;
use crate::jobs::{Job, JobRun, Waker};
use crate::{rules, AppError, Context};

/// Told about every run.
pub type HealthObserver = Box<dyn Fn(&HealthRun) + Send + Sync>;

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

/// The health job: one run at a time (the schedule's or "Verificar agora"), each told to
/// the observer.
pub struct HealthWatch {
    observer: Option<HealthObserver>,
    /// One run at a time (the loop's or "Verificar agora").
    running: tokio::sync::Mutex<()>,
    /// When the next scheduled run is due, as last worked out (for the page).
    next: Mutex<Option<OffsetDateTime>>,
    /// After a run that failed (no database, say): not again before this.
    retry_after: Mutex<Option<OffsetDateTime>>,
    waker: Waker,
}

impl HealthWatch {
    pub(crate) fn new(observer: Option<HealthObserver>, waker: Waker) -> HealthWatch {
        HealthWatch {
            observer,
            running: tokio::sync::Mutex::new(()),
            next: Mutex::new(None),
            retry_after: Mutex::new(None),
            waker,
        }
    }

    /// Runs every check now (after a run in flight, if any), records it and tells the
    /// observer; the schedule then counts from this run.
    pub async fn check_now(&self, ctx: &Context) -> Result<HealthRun, AppError> {
        let run = {
            let _one = self.running.lock().await;
            let run = super::run(ctx).await?;
            // Before anyone hears of the run: a page refreshed by it shows the next one.
            match next_due(ctx, ctx.now()) {
                Ok(next) => self.set_next(next),
                Err(e) => conector_core::log_error("the health schedule could not be read", &e),
            }
            if let Some(observer) = &self.observer {
                observer(&run);
            }
            run
        };
        self.waker.wake();
        Ok(run)
    }

    /// Looks again at when the next run is due (go-live recorded or switched off).
    pub fn wake(&self) {
        self.waker.wake();
    }

    /// When the next scheduled run is due (`None` while the watch is off).
    pub fn next_run(&self) -> Option<OffsetDateTime> {
        *self.next.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn set_next(&self, next: Option<OffsetDateTime>) {
        *self.next.lock().unwrap_or_else(|p| p.into_inner()) = next;
    }
}

/// When the next run is due from what is saved (go-live and the last run), at `now`.
fn next_due(ctx: &Context, now: OffsetDateTime) -> Result<Option<OffsetDateTime>, AppError> {
    let parse = conector_core::timestamp::parse;
    let (live, last) = ctx.with_db(|conn| -> Result<_, AppError> {
        let live = match activation(conn)? {
            Activation::HandedOver { since } => parse(&since),
            Activation::Preview { .. } => None,
        };
        let last = history::last_run_at(conn)?.as_deref().and_then(parse);
        Ok((live, last))
    })?;
    Ok(due_at(live, last, now, interval()))
}

/// The time between two scheduled runs: [`rules::HEALTH_INTERVAL_MINUTES`]. Debug builds accept
/// a *shorter* one from `CONECTOR_HEALTH_INTERVAL_SECS`, so the end-to-end test sees the next
/// scheduled run without waiting an hour; a release build ignores it.
fn interval() -> Duration {
    let hour = Duration::minutes(i64::from(rules::HEALTH_INTERVAL_MINUTES));
    if !cfg!(debug_assertions) {
        return hour;
    }
    std::env::var("CONECTOR_HEALTH_INTERVAL_SECS")
        .ok()
        .and_then(|secs| secs.trim().parse::<i64>().ok())
        .filter(|secs| *secs > 0)
        .map_or(hour, |secs| Duration::seconds(secs).min(hour))
}

impl Job for HealthWatch {
    fn name(&self) -> &'static str {
        "health"
    }

    fn due(&self, ctx: &Context, now: OffsetDateTime, started: bool) -> Option<OffsetDateTime> {
        if !started {
            return None;
        }
        let due = next_due(ctx, now).unwrap_or_else(|e| {
            conector_core::log_error("the health schedule could not be read", &e);
            None
        });
        let retry = *self.retry_after.lock().unwrap_or_else(|p| p.into_inner());
        let due = due.map(|at| retry.map_or(at, |r| at.max(r)));
        self.set_next(due);
        due
    }

    fn run(self: Arc<Self>, ctx: Arc<Context>) -> JobRun {
        Box::pin(async move {
            let retry = match self.check_now(&ctx).await {
                Ok(_) => None,
                Err(e) => {
                    conector_core::log_error("the scheduled health checks failed", &e);
                    // Do not spin on a failure that repeats: try again after a nap.
                    Some(ctx.now() + crate::jobs::MAX_NAP)
                }
            };
            *self.retry_after.lock().unwrap_or_else(|p| p.into_inner()) = retry;
        })
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
