//! The background loop's schedule (issue #23 item 8), on a manual clock against the demo store
//! over real HTTP and a real SQLite file: idle until `start()`; "Sincronizar agora" joins a run
//! in flight; a saved interval reaches the schedule; a stop gives up after its timeout; an erase
//! during a run writes nothing back. No sleep synchronises anything: the tests wait on the
//! runs' events and on `App::settled` (the loop has run what was due), and move the clock by
//! hand. The `timeout`s below are only a safety net for a broken build.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::Poll;
use std::time::Duration;

use conector_app::fixture::{self, DemoAdmin};
use conector_app::sync::{ProgressListener, SyncProgress, SyncSettings};
use conector_app::{rules, App, AppError, AppSetup, Events, ManualClock};
use conector_secrets::Keychain;
use time::macros::datetime;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

/// A run of the demo store takes seconds; a broken build must not hang the suite.
const SAFETY: Duration = Duration::from_secs(120);

/// Every sync run's events, as the window hears them.
struct Heard(Mutex<UnboundedSender<SyncProgress>>);

impl Events for Heard {
    fn sync_run(&self, progress: &SyncProgress) {
        let _ = self.0.lock().unwrap().send(progress.clone());
    }
}

/// A "Sincronizar agora" channel.
struct Channel(UnboundedSender<SyncProgress>);

impl ProgressListener for Channel {
    fn send(&self, event: SyncProgress) -> bool {
        self.0.send(event).is_ok()
    }
}

struct Harness {
    app: App,
    clock: Arc<ManualClock>,
    /// The app's own demo store (`App::start` keeps it), driven over its admin routes.
    demo: Demo,
    events: UnboundedReceiver<SyncProgress>,
    _dir: tempfile::TempDir,
}

/// The app's own demo store, driven over its admin routes.
struct Demo(DemoAdmin);

impl Demo {
    /// The next `count` API requests answer only after `delay`.
    async fn slow_down(&self, count: u32, delay: Duration) {
        self.0
            .faults(serde_json::json!({
                "slow": { "count": count, "delay_ms": delay.as_millis() as u64 }
            }))
            .await;
    }

    /// How many API requests the store has served.
    async fn requests(&self) -> u64 {
        self.0.state().await["api_requests"].as_u64().unwrap()
    }
}

/// The app on a manual clock, not started, over its demo store as the wizard leaves it
/// (profile, tested connection, three final statuses).
async fn harness() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::new(datetime!(2026-12-07 12:00 UTC));
    let (send, events) = unbounded_channel();
    let app = fixture::app(
        dir.path(),
        AppSetup {
            keychain: Keychain::with_service("br.com.conectorfidelidade.test.scheduler"),
            clock: clock.clone(),
            events: Arc::new(Heard(Mutex::new(send))),
            ..AppSetup::default()
        },
    );
    let base = fixture::own_demo(app.context()).await;
    fixture::wizard_done(app.context(), &base).await;
    Harness {
        app,
        clock,
        demo: Demo(DemoAdmin::of(&base)),
        events,
        _dir: dir,
    }
}

/// The next event, whatever it is.
async fn next(events: &mut UnboundedReceiver<SyncProgress>) -> SyncProgress {
    tokio::time::timeout(SAFETY, events.recv())
        .await
        .expect("an event in time")
        .expect("the sender lives")
}

/// Events until the run's start; its id.
async fn started(events: &mut UnboundedReceiver<SyncProgress>) -> i64 {
    loop {
        if let SyncProgress::Started { run_id } = next(events).await {
            return run_id;
        }
    }
}

/// Events until the run's end; the finished run's id.
async fn finished(events: &mut UnboundedReceiver<SyncProgress>) -> i64 {
    loop {
        match next(events).await {
            SyncProgress::Finished { summary } => return summary.run_id,
            SyncProgress::Failed { error } => panic!("the run failed: {error:?}"),
            _ => {}
        }
    }
}

fn runs(app: &App) -> Vec<i64> {
    app.context()
        .with_db(|conn| conector_sync::recent_runs(conn, 100))
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect()
}

/// Polls `future` once: it must still be waiting.
fn still_waiting<F: Future + ?Sized>(future: Pin<&mut F>) -> bool {
    let waker = std::task::Waker::noop();
    let mut cx = std::task::Context::from_waker(waker);
    matches!(future.poll(&mut cx), Poll::Pending)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_runs_before_start_and_a_run_goes_at_once_after_it() {
    let mut h = harness().await;
    let asked_before = h.demo.requests().await;

    // Hours pass on the clock, and the loop looks at its jobs: nothing is due before start().
    h.clock.advance(time::Duration::hours(3));
    h.app.settled().await;
    assert_eq!(h.demo.requests().await, asked_before, "no store request");
    assert!(runs(&h.app).is_empty(), "no run recorded");
    assert!(h.events.try_recv().is_err(), "no event");

    h.app.start().await;
    let run = finished(&mut h.events).await;
    assert_eq!(runs(&h.app), [run]);
    assert!(h.demo.requests().await > asked_before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_now_joins_the_run_in_flight_instead_of_starting_another() {
    let mut h = harness().await;
    // The first pages answer slowly: the run is still going when the second click comes.
    h.demo.slow_down(3, Duration::from_millis(700)).await;
    let (send_a, mut first) = unbounded_channel();
    h.app.sync_now(Box::new(Channel(send_a))).unwrap();
    let run = started(&mut first).await;

    let (send_b, mut second) = unbounded_channel();
    h.app.sync_now(Box::new(Channel(send_b))).unwrap();
    assert_eq!(started(&mut second).await, run, "told of the run in flight");
    assert_eq!(finished(&mut first).await, run);
    assert_eq!(finished(&mut second).await, run);

    h.app.settled().await;
    assert_eq!(runs(&h.app), [run], "one run for two clicks");
    assert!(h.events.try_recv().is_ok(), "the window heard it too");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_interval_reaches_the_schedule() {
    let mut h = harness().await;
    h.app.start().await;
    let first = finished(&mut h.events).await;
    h.app.settled().await;

    // The owner chooses 40 minutes (the default is 15).
    assert_eq!(rules::DEFAULT_INTERVAL_MINUTES, 15);
    let mut settings = h.app.sync_overview().unwrap().settings;
    settings.interval_minutes = 40;
    let saved: SyncSettings = h.app.sync_save_settings(&settings).await.unwrap().settings;
    assert_eq!(saved.interval_minutes, 40);

    // 39 minutes after the run: nothing yet (the old interval would have run at 15).
    h.clock.advance(time::Duration::minutes(39));
    h.app.settled().await;
    assert_eq!(runs(&h.app), [first], "not before the saved interval");

    h.clock.advance(time::Duration::minutes(1));
    let second = finished(&mut h.events).await;
    assert!(second > first);
    assert_eq!(runs(&h.app), [second, first]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stop_gives_up_after_its_timeout_on_the_clock() {
    let h = harness().await;
    // Another program holds the database's write lock: the run waits for it inside SQLite,
    // where it cannot look at its cancel switch.
    let mut other = conector_core::db::open(h.app.context().database_path()).unwrap();
    let lock = other
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .unwrap();
    let (send, _run) = unbounded_channel();
    h.app.sync_now(Box::new(Channel(send))).unwrap();
    h.app.sync_runs().until_running().await;

    let app = &h.app;
    let mut stop = Box::pin(
        app.sync_runs()
            .stop_current(app.context(), rules::STOP_RUN_TIMEOUT),
    );
    assert!(still_waiting(stop.as_mut()), "waits for the run");
    h.clock
        .advance(rules::STOP_RUN_TIMEOUT - time::Duration::SECOND);
    assert!(
        still_waiting(stop.as_mut()),
        "one second short of the timeout"
    );
    h.clock.advance(time::Duration::SECOND);
    let stopped = tokio::time::timeout(SAFETY, stop)
        .await
        .expect("gave up in time");
    assert!(
        matches!(stopped, Err(AppError::StillRunning)),
        "{stopped:?}"
    );
    drop(lock);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_erase_during_a_run_writes_nothing_back() {
    let mut h = harness().await;
    h.app.start().await;
    let first = finished(&mut h.events).await;
    assert!(h.app.privacy_view().unwrap().orders > 0);

    // A second run, whose pages come slowly: the erase comes after its first page.
    h.demo.slow_down(50, Duration::from_millis(150)).await;
    let (send, mut run) = unbounded_channel();
    h.app.sync_now(Box::new(Channel(send))).unwrap();
    loop {
        if let SyncProgress::Progress { pages, .. } = next(&mut run).await {
            if pages > 0 {
                break;
            }
        }
    }
    let erased = h.app.privacy_erase().await.unwrap();
    assert_eq!((erased.customers, erased.orders), (0, 0));
    h.app.settled().await;
    let after = h.app.privacy_view().unwrap();
    assert_eq!(
        (after.customers, after.orders),
        (0, 0),
        "the run wrote nothing back"
    );

    // Background runs wait for the owner after an erase: a day passes, nothing comes back.
    h.clock.advance(time::Duration::days(1));
    h.app.settled().await;
    let later = h.app.privacy_view().unwrap();
    assert_eq!((later.customers, later.orders), (0, 0));
    assert!(later.sync_paused);
    let recorded = runs(&h.app);
    assert_eq!(recorded.len(), 2, "no run after the erase: {recorded:?}");
    assert_eq!(recorded[1], first);
}
