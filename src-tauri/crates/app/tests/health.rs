//! The health watch in the application layer, on the demo store and a real database: the
//! schedule starts with go-live, every run is recorded and reaches the observer, notices follow
//! the throttle, the page and the "first 72 hours" card read back what happened, and nothing is
//! written to the ledger. The go-live check's orders themselves: `golive_check.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use conector_app::fixture::{self, DemoAdmin};
use conector_app::health::{self, HealthRun};
use conector_app::{App, AppSetup, Context, Events};
use conector_core::MessageCode;
use conector_health::{Check, Notice, State};
use conector_secrets::Keychain;

struct Store {
    app: App,
    ctx: Arc<Context>,
    /// The demo store's admin routes (`_demo/`).
    demo: DemoAdmin,
    _dir: tempfile::TempDir,
}

/// A demo store set up as the wizard leaves it: form saved, feed imported, rewards chosen.
/// `keychain`: where the demo token goes (a test service) — `None` keeps no token.
/// `events` hears every health run.
async fn set_up(keychain: Keychain, with_token: bool, events: Arc<dyn Events>) -> Store {
    let dir = tempfile::tempdir().unwrap();
    let app = fixture::app(
        dir.path(),
        AppSetup {
            keychain,
            events,
            ..AppSetup::default()
        },
    );
    let ctx = Arc::clone(app.context());
    let base = fixture::own_demo(&ctx).await;
    if with_token {
        conector_app::store::test_connection(&ctx, None)
            .await
            .unwrap();
    }
    fixture::import_demo_feed(&ctx).await;
    fixture::save_demo_form(&ctx, &["18", "21"]).await;
    ctx.with_db_mut(|conn| {
        conector_catalog::selection::select_skus(
            conn,
            &["SKU-0000001".to_owned(), "SKU-0000002".to_owned()],
            true,
        )
        .unwrap();
    });
    Store {
        app,
        ctx,
        demo: DemoAdmin::of(&base),
        _dir: dir,
    }
}

fn go_live(store: &Store) {
    store
        .ctx
        .with_db(|conn| conector_core::activation::set_activation(conn, true))
        .unwrap();
}

fn ledger_entries(store: &Store) -> i64 {
    store
        .ctx
        .with_db(|conn| conn.query_row("SELECT COUNT(*) FROM ledger_entries", [], |r| r.get(0)))
        .unwrap()
}

/// Hears every health run, as the window does.
struct Runs(std::sync::Mutex<mpsc::Sender<HealthRun>>);

impl Events for Runs {
    fn health_run(&self, run: &HealthRun) {
        let _ = self.0.lock().unwrap().send(run.clone());
    }
}

fn observed() -> (Arc<dyn Events>, mpsc::Receiver<HealthRun>) {
    let (send, receive) = mpsc::channel();
    (Arc::new(Runs(std::sync::Mutex::new(send))), receive)
}

fn state(run: &HealthRun, check: Check) -> State {
    run.report.result(check).unwrap().state
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn before_go_live_nothing_is_scheduled_and_a_check_notifies_nobody() {
    // No Secret Service needed: the demo store's token is public.
    let (observer, runs) = observed();
    let store = set_up(
        Keychain::with_service("br.com.conectorfidelidade.test.health-none"),
        false,
        observer,
    )
    .await;
    let service = &store.app;
    assert_eq!(
        service.health_view(-180).unwrap().next_run,
        None,
        "the watch starts with go-live"
    );

    let run = service.health_run_now().await.unwrap();
    assert_eq!(state(&run, Check::Token), State::Ok);
    assert_eq!(state(&run, Check::Statuses), State::Ok);
    assert_eq!(state(&run, Check::Feed), State::Ok);
    assert_eq!(state(&run, Check::Rewards), State::Ok);
    assert_eq!(state(&run, Check::Links), State::Ok);
    assert!(run.notices.is_empty());
    assert_eq!(runs.recv_timeout(Duration::from_secs(5)).unwrap(), run);

    let view = service.health_view(-180).unwrap();
    assert!(!view.watching);
    assert_eq!(view.next_run, None);
    assert_eq!(view.checks.len(), 5);
    assert_eq!(
        view.last_run.as_deref(),
        Some(run.report.checked_at.as_str())
    );
    assert_eq!(health::first_hours(&store.ctx).unwrap(), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a Secret Service session: run make test"]
async fn after_go_live_the_watch_runs_by_itself_and_a_revoked_token_is_told_once() {
    let keychain = Keychain::with_service("br.com.conectorfidelidade.test.health-app");
    let (observer, runs) = observed();
    let store = set_up(keychain, true, observer).await;
    fixture::preview_run(&store.ctx).await.unwrap();
    let entries = ledger_entries(&store);
    assert!(entries > 0, "the preview gave points");
    go_live(&store);
    let service = &store.app;
    // The background loop runs the first check of the watch by itself.
    service.start().await;
    let first = tokio::task::spawn_blocking(move || {
        let run = runs.recv_timeout(Duration::from_secs(30)).unwrap();
        (run, runs)
    })
    .await
    .unwrap();
    let (first, runs) = first;
    assert!(
        first.report.results.iter().all(|r| r.state == State::Ok),
        "{first:#?}"
    );
    assert!(first.notices.is_empty());
    let next = service
        .health_view(-180)
        .unwrap()
        .next_run
        .expect("the next run is scheduled");
    let next =
        time::OffsetDateTime::parse(&next, &time::format_description::well_known::Rfc3339).unwrap();
    let last = time::OffsetDateTime::parse(
        &first.report.checked_at,
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    assert_eq!(next - last, time::Duration::HOUR, "hourly");

    store
        .demo
        .faults(serde_json::json!({"wrong_token": true}))
        .await;
    let revoked = service.health_run_now().await.unwrap();
    assert_eq!(
        revoked.notices,
        [Notice::TurnedBad {
            check: Check::Token,
            state: State::Problem
        }]
    );
    let again = service.health_run_now().await.unwrap();
    assert!(again.notices.is_empty(), "still revoked: not told twice");
    let view = service.health_view(-180).unwrap();
    assert!(view.watching);
    let token = view
        .checks
        .iter()
        .find(|r| r.result.check == Check::Token)
        .unwrap();
    assert_eq!(token.result.found.code, MessageCode::StoreTokenRejected);

    store.demo.faults(serde_json::json!({})).await;
    let back = service.health_run_now().await.unwrap();
    assert_eq!(
        back.notices,
        [Notice::Recovered {
            check: Check::Token
        }]
    );
    assert_eq!(
        runs.try_iter().count(),
        3,
        "every run asked for reached the observer"
    );

    assert_eq!(
        ledger_entries(&store),
        entries,
        "no points entry from the watch"
    );
    // The go-live check: nothing was placed in the store since go-live, and the simulation's
    // customers (from before it) are not what the card lists.
    let card = health::first_hours(&store.ctx)
        .unwrap()
        .expect("after go-live");
    assert!(card.orders.is_empty(), "{card:?}");
    assert!(card.read_at.is_some() && card.read_error.is_none());
}
