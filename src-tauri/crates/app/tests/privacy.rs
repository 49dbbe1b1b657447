//! The customers' personal data the preview keeps (issue #15, item 11), on a real preview of the
//! demo store: the diagnostic export carries none of it; "Apagar dados da prévia" takes orders,
//! customers and the ledger out of the file itself (settings and catalogue stay) and pauses the
//! background runs until the owner asks; after go-live it goes 30 days later unless kept.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;

use conector_app::fixture::{self, customer_strings, left_in_files};
use conector_app::{privacy, AppSetup, Context, Paths};
use conector_demo::{DemoConfig, DemoHandle, DemoStore};
use conector_secrets::Keychain;
use conector_setup::StoreProfile;
use time::macros::datetime;
use time::OffsetDateTime;

fn keychain() -> Keychain {
    Keychain::with_service("br.com.conectorfidelidade.test.privacy")
}

/// Steps 1, 4, 6 and 9 as the wizard leaves them for the demo store: the profile, the tested
/// connection, a catalogue, three final statuses.
async fn set_up(ctx: &Context, demo: &DemoHandle) {
    fixture::wizard_done(ctx, &demo.base_url()).await;
    fixture::import_feed(ctx, conector_samples::feed_bytes(30, 7));
}

#[tokio::test(flavor = "multi_thread")]
async fn erasing_takes_the_customers_out_of_the_file_and_keeps_settings_and_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let demo = DemoStore::start(DemoConfig::default()).await.unwrap();
    let app = fixture::app(
        dir.path(),
        AppSetup {
            keychain: keychain(),
            ..AppSetup::default()
        },
    );
    let ctx = app.context();
    set_up(ctx, &demo).await;
    let first = fixture::preview_run(ctx).await.unwrap();
    assert!(first.totals.orders_seen > 100, "{:?}", first.totals);

    let before = privacy::view(ctx).unwrap();
    assert!(before.customers > 50 && before.orders > 100, "{before:?}");
    assert!(before.database.ends_with("conector.sqlite3"));
    assert!(!before.handed_over && before.erase_on.is_none() && before.erased.is_none());
    let people = customer_strings(ctx);
    assert!(people.len() >= 30, "{people:?}");
    let catalogue = ctx.with_db(conector_catalog::count).unwrap();

    let after = app.privacy_erase().await.unwrap();
    assert_eq!((after.customers, after.orders), (0, 0));
    let erased = after.erased.clone().expect("the erase is recorded");
    assert!(!erased.automatic);
    assert!(after.sync_paused, "background runs wait for the owner");

    // Gone from the file itself, not only from the tables: from any file in the data folder
    // (the database, its write-ahead log, and all beside them).
    let left = left_in_files(&[dir.path()], &people);
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
    let again = fixture::preview_run(ctx).await.unwrap();
    assert_eq!(again.totals.orders_seen, first.totals.orders_seen);
    assert_eq!(again.totals.customers, first.totals.customers);
    assert_eq!(again.totals.points_total, first.totals.points_total);
    drop(demo);
}

#[tokio::test(flavor = "multi_thread")]
async fn after_go_live_the_data_goes_thirty_days_later_unless_the_owner_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let demo = DemoStore::start(DemoConfig::default()).await.unwrap();
    let ctx = fixture::context(dir.path(), keychain());
    set_up(&ctx, &demo).await;
    fixture::preview_run(&ctx).await.unwrap();
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
    let ctx = fixture::context(dir.path(), keychain());
    set_up(&ctx, &demo).await;
    fixture::preview_run(&ctx).await.unwrap();
    let people = customer_strings(&ctx);
    assert!(people.len() >= 30);

    let exports = dir.path().join("exports");
    let zip_path = conector_app::diagnostics::export(
        &Paths::in_folder(dir.path()),
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
