//! The time source of the running product: what time it is, and a way to wait until a given
//! instant. Real time in the product; in tests a [`ManualClock`] that moves only when told, so the
//! background loop's schedule is tested without sleeping.

use std::future::Future;
use std::pin::Pin;

use time::OffsetDateTime;

/// A future that resolves once the clock reads at least a given instant.
pub type Until = Pin<Box<dyn Future<Output = ()> + Send>>;

/// What time it is, and waiting for a time.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> OffsetDateTime;

    /// Resolves once [`Clock::now`] reads `at` or later.
    fn until(&self, at: OffsetDateTime) -> Until;
}

/// Any `fn() -> OffsetDateTime` is a clock that waits in real time (the product passes
/// `OffsetDateTime::now_utc`).
impl<F> Clock for F
where
    F: Fn() -> OffsetDateTime + Send + Sync + 'static,
{
    fn now(&self) -> OffsetDateTime {
        self()
    }

    fn until(&self, at: OffsetDateTime) -> Until {
        // A negative wait (the instant passed) is no wait.
        let wait = std::time::Duration::try_from(at - self()).unwrap_or_default();
        Box::pin(tokio::time::sleep(wait))
    }
}

/// A clock for tests: it reads what it was last set to, and [`ManualClock::advance`] wakes
/// whoever waits for an instant it reaches.
#[cfg(any(test, feature = "test-support"))]
pub struct ManualClock {
    now: tokio::sync::watch::Sender<OffsetDateTime>,
}

#[cfg(any(test, feature = "test-support"))]
impl ManualClock {
    pub fn new(start: OffsetDateTime) -> std::sync::Arc<ManualClock> {
        let (now, _) = tokio::sync::watch::channel(start);
        std::sync::Arc::new(ManualClock { now })
    }

    /// Moves the clock forward by `by`, waking the waits that are over.
    pub fn advance(&self, by: time::Duration) {
        self.now.send_modify(|now| *now += by);
    }
}

#[cfg(any(test, feature = "test-support"))]
impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        *self.now.borrow()
    }

    fn until(&self, at: OffsetDateTime) -> Until {
        let mut now = self.now.subscribe();
        Box::pin(async move {
            // The sender lives as long as the clock; a dropped clock never reaches `at`.
            if now.wait_for(|now| *now >= at).await.is_err() {
                std::future::pending::<()>().await;
            }
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[tokio::test]
    async fn a_manual_wait_ends_when_the_clock_is_moved_past_it_and_not_before() {
        let clock = ManualClock::new(datetime!(2026-12-07 12:00 UTC));
        let mut wait = clock.until(datetime!(2026-12-07 12:10 UTC));
        let pending = futures_poll(&mut wait);
        assert!(!pending, "not yet");
        clock.advance(time::Duration::minutes(9));
        assert!(!futures_poll(&mut wait), "one minute short");
        clock.advance(time::Duration::minutes(1));
        assert!(futures_poll(&mut wait), "reached");
        assert!(
            futures_poll(&mut clock.until(datetime!(2026-12-07 11:00 UTC))),
            "past"
        );
    }

    /// Polls once: `true` when the wait is over.
    fn futures_poll(wait: &mut Until) -> bool {
        let waker = std::task::Waker::noop();
        let mut cx = std::task::Context::from_waker(waker);
        wait.as_mut().poll(&mut cx).is_ready()
    }
}
