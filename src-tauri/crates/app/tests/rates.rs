//! The preview rates against the demo store and a real SQLite file: one saved set; the sync
//! plan's earn rate comes from it; a new earn rate recomputes the preview's points in the same
//! transaction as the setting, as a change of final statuses does; the cost card's figures
//! follow.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::AtomicBool;

use conector_app::{rates, sync, App, AppError, AppSetup, Context, Paths};
use conector_catalog::PreviewRates;
use conector_core::Secret;
use conector_demo::{DemoConfig, DemoStore, DEMO_TOKEN};
use conector_secrets::Keychain;
use conector_setup::{ConnectionInfo, StoreProfile, DEMO_STORE_ID};
use conector_simplo7::StoreAddress;

/// The app, not started: only what a test asks for runs.
fn open(dir: &std::path::Path) -> App {
    let paths = Paths {
        data_dir: dir.to_path_buf(),
        log_dir: dir.join("logs"),
    };
    let setup = AppSetup {
        keychain: Keychain::with_service("conector-test-rates"),
        ..AppSetup::default()
    };
    App::open(paths, setup, &tokio::runtime::Handle::current()).unwrap()
}

/// Steps 1 and 4 as the wizard leaves them for the demo store, three final statuses chosen,
/// and one preview run.
async fn synced_demo(app: &App, base: &str) {
    let ctx = app.context();
    let check = conector_simplo7::test_connection(
        &StoreAddress::resolve(DEMO_STORE_ID, Some(base)).unwrap(),
        &Secret::new(DEMO_TOKEN),
    )
    .await
    .unwrap();
    ctx.with_db(|conn| {
        StoreProfile::save(conn, DEMO_STORE_ID, Some(base), true).unwrap();
        conector_setup::record(
            conn,
            &ConnectionInfo {
                tested_at: "2026-11-28T10:00:00Z".into(),
                api_base: check.api_base,
                statuses: check.statuses,
            },
        )
        .unwrap();
    });
    let finals = vec!["12".to_owned(), "18".to_owned(), "21".to_owned()];
    let to_save = finals.clone();
    sync::change_final_statuses(ctx, app.sync_runs(), &finals, move |conn| {
        Ok(conector_setup::integration::save_final_statuses(
            conn, &to_save,
        )?)
    })
    .await
    .unwrap();
    run(ctx).await;
}

async fn run(ctx: &Context) {
    let plan = ctx.with_db(sync::plan).unwrap().expect("ready to sync");
    let client = plan.client(&ctx.keychain).unwrap();
    conector_sync::run_once(
        ctx.database_path(),
        &client,
        &plan.config,
        &conector_sync::NoProgress,
        &AtomicBool::new(false),
    )
    .await
    .unwrap();
}

fn points(ctx: &Context) -> i64 {
    sync::overview_of(ctx, None).unwrap().totals.points_total
}

fn rules_rate(ctx: &Context) -> i64 {
    ctx.with_db(|conn| conector_ledger::rules_in_force(conn, DEMO_STORE_ID))
        .unwrap()
        .expect("rules recorded")
        .rate
        .hundredths_per_real
}

#[tokio::test]
async fn a_new_earn_rate_is_saved_used_by_the_next_run_and_recomputes_the_points_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    let ctx = app.context();
    let demo = DemoStore::start(DemoConfig::default()).await.unwrap();
    synced_demo(&app, &demo.base_url()).await;

    // Before any change: the defaults, everywhere.
    assert_eq!(rates::view(ctx).unwrap(), PreviewRates::DEFAULT);
    let before = sync::overview_of(ctx, None).unwrap();
    let one = before.totals.points_total;
    assert!(one > 1_000, "the demo store earns points: {one}");
    assert_eq!(before.estimates.rates, PreviewRates::DEFAULT);
    assert_eq!(before.estimates.cost.points, one);
    assert_eq!(before.estimates.cost.worth_cents, one * 100 / 20);
    assert_eq!(rules_rate(ctx), 100);

    // Two points per R$ 1 and rewards at 50 points per R$ 1: saved, and the points follow at
    // once (each order's points are floored, so doubling the rate gives at least twice as
    // many, and less than one more per order).
    let mine = PreviewRates {
        earn_points_per_real: 2,
        cost_points_per_real: 50,
    };
    assert_eq!(app.preview_rates_save(mine).await.unwrap(), mine);
    let after = sync::overview_of(ctx, None).unwrap();
    let two = after.totals.points_total;
    let earning = i64::try_from(after.totals.orders_earning).unwrap();
    assert!(two >= 2 * one && two < 2 * one + earning, "{one} → {two}");
    assert_eq!(rules_rate(ctx), 200);
    assert_eq!(after.estimates.rates, mine);
    assert_eq!(after.estimates.cost.worth_cents, two * 100 / 50);
    // The run plan uses the saved rate; a run changes nothing more.
    let plan = ctx.with_db(sync::plan).unwrap().unwrap();
    assert_eq!(plan.config.rate.hundredths_per_real, 200);
    run(ctx).await;
    assert_eq!(points(ctx), two);

    // A new reward cost alone changes no point, only what they are worth.
    let cheaper = PreviewRates {
        earn_points_per_real: 2,
        cost_points_per_real: 10,
    };
    app.preview_rates_save(cheaper).await.unwrap();
    let overview = sync::overview_of(ctx, None).unwrap();
    assert_eq!(overview.totals.points_total, two);
    assert_eq!(overview.estimates.cost.worth_cents, two * 10);

    // Out of range: refused, nothing saved.
    for bad in [
        PreviewRates {
            earn_points_per_real: 0,
            cost_points_per_real: 20,
        },
        PreviewRates {
            earn_points_per_real: 1,
            cost_points_per_real: 10_001,
        },
    ] {
        let err = app.preview_rates_save(bad).await.unwrap_err();
        assert_eq!(
            conector_core::CodedError::code(&err).as_str(),
            "catalog.invalid_rate"
        );
    }
    assert_eq!(rates::view(ctx).unwrap(), cheaper);
}

#[tokio::test]
async fn the_setting_and_the_recompute_commit_together_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    let ctx = app.context();
    let demo = DemoStore::start(DemoConfig::default()).await.unwrap();
    synced_demo(&app, &demo.base_url()).await;
    let one = points(ctx);

    // The recompute fails (no ledger row may be written): the new rate is not saved either.
    ctx.with_db(|conn| {
        conn.execute_batch(
            "CREATE TRIGGER refuse BEFORE INSERT ON ledger_entries
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;",
        )
        .unwrap();
    });
    let three = PreviewRates {
        earn_points_per_real: 3,
        cost_points_per_real: 20,
    };
    assert!(app.preview_rates_save(three).await.is_err());
    assert_eq!(rates::view(ctx).unwrap(), PreviewRates::DEFAULT);
    assert_eq!(points(ctx), one);
    assert_eq!(rules_rate(ctx), 100);

    // The setting fails to be written: the points stay as they were.
    ctx.with_db(|conn| conn.execute_batch("DROP TRIGGER refuse;").unwrap());
    let change = sync::RulesChange {
        final_statuses: None,
        earn: Some(rates::earn_rate(three)),
    };
    let err = sync::change_rules(ctx, app.sync_runs(), change, |_| Err(AppError::BadDate)).await;
    assert!(err.is_err());
    assert_eq!(points(ctx), one);
    assert_eq!(rules_rate(ctx), 100);

    // And when both succeed, both are there.
    app.preview_rates_save(three).await.unwrap();
    assert!(points(ctx) >= 3 * one);
    assert_eq!(rules_rate(ctx), 300);
}
