//! The customers' personal data the preview keeps (issue #15, item 11), on a real preview of the
//! demo store: the diagnostic export carries none of it; "Apagar dados da prévia" takes orders,
//! customers and the ledger out of the file itself (settings and catalogue stay) and pauses the
//! background runs until the owner asks; after go-live it goes 30 days later unless kept.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use conector_app::{privacy, App, AppSetup, Context, Paths};
use conector_catalog::Quiet;
use conector_core::Secret;
use conector_demo::{DemoConfig, DemoHandle, DemoStore, DEMO_TOKEN};
use conector_feed::ReadOptions;
use conector_secrets::Keychain;
use conector_setup::{ConnectionInfo, StoreProfile, DEMO_STORE_ID};
use conector_simplo7::StoreAddress;
use conector_sync::NoProgress;
use time::macros::datetime;
use time::OffsetDateTime;

fn paths(dir: &Path) -> Paths {
    Paths {
        data_dir: dir.to_path_buf(),
        log_dir: dir.join("logs"),
    }
}

fn context(dir: &Path) -> Context {
    let clock = Arc::new(OffsetDateTime::now_utc);
    Context::open_with(
        paths(dir),
        Keychain::with_service("br.com.conectorfidelidade.test.privacy"),
        clock,
    )
    .unwrap()
}

/// Steps 1, 4, 6 and 9 as the wizard leaves them for the demo store: the profile, the tested
/// connection, a catalogue, three final statuses.
async fn set_up(ctx: &Context, demo: &DemoHandle) {
    let base = demo.base_url();
    let address = StoreAddress::resolve(DEMO_STORE_ID, Some(&base)).unwrap();
    let check = conector_simplo7::test_connection(&address, &Secret::new(DEMO_TOKEN))
        .await
        .unwrap();
    ctx.with_db(|conn| {
        StoreProfile::save(conn, DEMO_STORE_ID, Some(&base), true).unwrap();
        conector_setup::record(
            conn,
            &ConnectionInfo {
                tested_at: "2026-11-28T10:00:00Z".into(),
                api_base: check.api_base.clone(),
                statuses: check.statuses.clone(),
            },
        )
        .unwrap();
        conector_setup::integration::save_final_statuses(
            conn,
            &["12".to_owned(), "18".to_owned(), "21".to_owned()],
        )
        .unwrap();
    });
    let feed = conector_samples::feed_bytes(30, 7);
    ctx.with_db_mut(|conn| {
        conector_catalog::import_reader(
            conn,
            "demo",
            Cursor::new(feed),
            &ReadOptions::default(),
            &mut Quiet,
        )
    })
    .unwrap();
}

/// One preview run, as the background loop would do it.
async fn preview_run(ctx: &Context) -> conector_sync::RunSummary {
    let plan = ctx
        .with_db(conector_app::sync::plan)
        .unwrap()
        .expect("ready to run");
    let client = plan.client(&ctx.keychain).unwrap();
    conector_sync::run_once(
        ctx.database_path(),
        &client,
        &plan.config,
        &NoProgress,
        &AtomicBool::new(false),
    )
    .await
    .unwrap()
}

/// Names, e-mails and documents of the preview's customers, straight from the file.
fn personal_data(ctx: &Context) -> Vec<String> {
    ctx.with_db(|conn| {
        let mut stmt = conn
            .prepare(
                "SELECT customer_name, customer_email, customer_document FROM ledger_orders
                 WHERE customer_email IS NOT NULL AND customer_document IS NOT NULL LIMIT 40",
            )
            .unwrap();
        let rows = stmt
            .query_map([], |r| {
                Ok([
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ])
            })
            .unwrap();
        rows.flat_map(Result::unwrap).collect()
    })
}

/// Every byte the database keeps on disk (the file and its write-ahead log).
fn files_on_disk(dir: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for name in ["conector.sqlite3", "conector.sqlite3-wal"] {
        if let Ok(more) = std::fs::read(dir.join(name)) {
            bytes.extend(more);
        }
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test(flavor = "multi_thread")]
async fn erasing_takes_the_customers_out_of_the_file_and_keeps_settings_and_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let demo = DemoStore::start(DemoConfig::default()).await.unwrap();
    let app = App::open(
        paths(dir.path()),
        AppSetup {
            keychain: Keychain::with_service("br.com.conectorfidelidade.test.privacy"),
            ..AppSetup::default()
        },
        &tokio::runtime::Handle::current(),
    )
    .unwrap();
    let ctx = app.context();
    set_up(ctx, &demo).await;
    let first = preview_run(ctx).await;
    assert!(first.totals.orders_seen > 100, "{:?}", first.totals);

    let before = privacy::view(ctx).unwrap();
    assert!(before.customers > 50 && before.orders > 100, "{before:?}");
    assert!(before.database.ends_with("conector.sqlite3"));
    assert!(!before.handed_over && before.erase_on.is_none() && before.erased.is_none());
    let people = personal_data(ctx);
    assert!(people.len() >= 30, "{people:?}");
    let catalogue = ctx.with_db(conector_catalog::count).unwrap();

    let after = app.privacy_erase().await.unwrap();
    assert_eq!((after.customers, after.orders), (0, 0));
    let erased = after.erased.clone().expect("the erase is recorded");
    assert!(!erased.automatic);
    assert!(after.sync_paused, "background runs wait for the owner");

    // Gone from the file itself, not only from the tables.
    let disk = files_on_disk(dir.path());
    let left: Vec<&String> = people
        .iter()
        .filter(|value| value.len() >= 6 && contains(&disk, value))
        .collect();
    assert!(left.is_empty(), "still on disk after the erase: {left:?}");

    // Settings and catalogue stay; the ledger is empty and append-only again.
    ctx.with_db(|conn| {
        assert_eq!(conector_catalog::count(conn).unwrap(), catalogue);
        assert_eq!(
            conector_setup::integration::final_statuses(conn).unwrap(),
            ["12", "18", "21"]
        );
        assert!(StoreProfile::load(conn).unwrap().is_some());
        assert_eq!(conector_ledger::erase::held(conn).unwrap().entries, 0);
        assert!(conn
            .execute("DELETE FROM ledger_entries", [])
            .is_ok_and(|n| n == 0));
    });

    // The owner's next run reads the store again from the start date, as a first run did.
    ctx.with_db(privacy::resume).unwrap();
    let again = preview_run(ctx).await;
    assert_eq!(again.totals.orders_seen, first.totals.orders_seen);
    assert_eq!(again.totals.customers, first.totals.customers);
    assert_eq!(again.totals.points_total, first.totals.points_total);
    drop(demo);
}

#[tokio::test(flavor = "multi_thread")]
async fn after_go_live_the_data_goes_thirty_days_later_unless_the_owner_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let demo = DemoStore::start(DemoConfig::default()).await.unwrap();
    let ctx = context(dir.path());
    set_up(&ctx, &demo).await;
    preview_run(&ctx).await;
    let live = datetime!(2026-11-28 13:00 UTC);
    ctx.with_db(|conn| conector_core::activation::set_activation_at(conn, true, live))
        .unwrap();

    let view = privacy::view(&ctx).unwrap();
    assert!(view.handed_over && !view.kept);
    assert_eq!(view.erase_on.as_deref(), Some("2026-12-28T13:00:00Z"));
    let due = |at| {
        ctx.with_db_mut(|conn| privacy::erase_if_due(conn, at))
            .unwrap()
    };

    // A day early: nothing happens.
    assert!(!due(datetime!(2026-12-27 13:00 UTC)));
    assert!(privacy::view(&ctx).unwrap().orders > 0);

    // Kept by the owner: the day passes and the data stays.
    let kept = privacy::keep(&ctx, true).unwrap();
    assert!(kept.kept && kept.erase_on.is_none());
    assert!(!due(datetime!(2026-12-29 09:00 UTC)));
    assert!(privacy::view(&ctx).unwrap().orders > 0);

    // Changed her mind: on the next tick past the day it goes, recorded as automatic.
    privacy::keep(&ctx, false).unwrap();
    assert!(due(datetime!(2026-12-29 09:00 UTC)));
    let view = privacy::view(&ctx).unwrap();
    assert_eq!((view.customers, view.orders), (0, 0));
    assert!(view.erased.unwrap().automatic);
    assert!(
        !view.sync_paused,
        "handed over: the engine is stopped anyway"
    );
    assert!(
        !due(datetime!(2026-12-30 09:00 UTC)),
        "nothing left to erase"
    );

    // A keep answer belongs to one go-live: after a new one, the data is due again.
    ctx.with_db(|conn| {
        conector_core::activation::set_activation_at(conn, false, datetime!(2027-01-02 10:00 UTC))?;
        conector_core::activation::set_activation_at(conn, true, datetime!(2027-01-03 10:00 UTC))
    })
    .unwrap();
    privacy::keep(&ctx, true).unwrap();
    ctx.with_db(|conn| {
        conector_core::activation::set_activation_at(conn, false, datetime!(2027-01-04 10:00 UTC))?;
        conector_core::activation::set_activation_at(conn, true, datetime!(2027-01-05 10:00 UTC))
    })
    .unwrap();
    assert!(!privacy::view(&ctx).unwrap().kept);
    drop(demo);
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a Secret Service session (the export reads the keychain): run `make test`"]
async fn the_diagnostic_export_carries_no_customer_data() {
    let dir = tempfile::tempdir().unwrap();
    let demo = DemoStore::start(DemoConfig::default()).await.unwrap();
    let ctx = context(dir.path());
    set_up(&ctx, &demo).await;
    preview_run(&ctx).await;
    let people = personal_data(&ctx);
    assert!(people.len() >= 30);

    let exports = dir.path().join("exports");
    let zip_path = conector_app::diagnostics::export(
        &paths(dir.path()),
        &ctx.keychain,
        &exports,
        OffsetDateTime::now_utc(),
    )
    .unwrap();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let mut zipped = String::new();
    for i in 0..archive.len() {
        archive
            .by_index(i)
            .unwrap()
            .read_to_string(&mut zipped)
            .unwrap();
    }
    assert!(zipped.contains("ledger_orders") || zipped.contains("orders"));
    let found: Vec<&String> = people
        .iter()
        .filter(|value| zipped.contains(value.as_str()))
        .collect();
    assert!(
        found.is_empty(),
        "customer data in the diagnostic: {found:?}"
    );
    drop(demo);
}
