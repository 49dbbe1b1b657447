//! An erase erases every copy (issue #23, item 2): the customers' data the app left in a
//! damaged file set aside by "começar do zero", in an earlier build's folder, in the ledger's
//! entries after their orders left the preview, and in the write-ahead log. Proven on real
//! files: after the erase, no customer's name, e-mail or document is left in any file under
//! the data folder or the old identifier's folder.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use conector_app::context::APP_IDENTIFIER;
use conector_app::copies::CopyKind;
use conector_app::fixture::{self, customer_strings, left_in_files};
use conector_app::identity::OLD_IDENTIFIER;
use conector_app::{privacy, App, AppSetup, Context};
use conector_demo::{DemoConfig, DemoHandle, DemoStore};
use conector_secrets::Keychain;
use conector_setup::StoreProfile;
use time::macros::datetime;
use time::OffsetDateTime;

fn keychain() -> Keychain {
    Keychain::with_service("br.com.conectorfidelidade.test.erase-copies")
}

fn context(data_dir: &Path) -> Context {
    fixture::context(data_dir, keychain())
}

/// The app over `data_dir`, not started: only what a test asks for runs.
fn open(data_dir: &Path) -> App {
    fixture::app(
        data_dir,
        AppSetup {
            keychain: keychain(),
            ..AppSetup::default()
        },
    )
}

/// The wizard's steps 1, 4, 6 and 9 for the demo store, then one preview run.
async fn preview(ctx: &Context, demo: &DemoHandle) {
    fixture::wizard_done(ctx, &demo.base_url()).await;
    fixture::import_feed(ctx, conector_samples::feed_bytes(30, 7));
    let run = fixture::preview_run(ctx).await.unwrap();
    assert!(run.totals.orders_seen > 100, "{:?}", run.totals);
}

/// A throwaway home, the demo store, and the app over this build's data folder after one
/// preview run.
async fn fresh_preview() -> (tempfile::TempDir, PathBuf, DemoHandle, App) {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join(APP_IDENTIFIER);
    let demo = DemoStore::start(DemoConfig::default()).await.unwrap();
    let app = open(&data);
    preview(app.context(), &demo).await;
    (home, data, demo, app)
}

#[tokio::test(flavor = "multi_thread")]
async fn after_a_fresh_start_and_an_erase_no_customer_is_left_in_any_file() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join(APP_IDENTIFIER);
    let old = home.path().join(OLD_IDENTIFIER);
    let demo = DemoStore::start(DemoConfig::default()).await.unwrap();

    // An earlier build's preview, left in its folder once this build had data of its own.
    let earlier = context(&old);
    preview(&earlier, &demo).await;
    let mut values = customer_strings(&earlier);
    assert!(values.len() >= 30, "{values:?}");
    drop(earlier);

    // This build's preview; then the file was set aside by "Fazer cópia e começar do zero"
    // (as builds before this issue did for a file an antivirus held for a moment).
    let first = context(&data);
    preview(&first, &demo).await;
    values.extend(customer_strings(&first));
    drop(first);
    let backup =
        conector_diagnostics::set_aside(&data.join("conector.sqlite3"), OffsetDateTime::now_utc())
            .unwrap();
    assert!(!left_in_files(&[&data], &values).is_empty());

    // The fresh start: a new preview.
    let app = open(&data);
    let ctx = app.context();
    preview(ctx, &demo).await;
    values.extend(customer_strings(ctx));
    values.sort();
    values.dedup();

    // The card counts what is in every copy.
    let view = privacy::view(ctx).unwrap();
    assert!(view.customers > 30, "{view:?}");
    let kinds: Vec<CopyKind> = view.copies.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [CopyKind::SetAside, CopyKind::EarlierBuild],
        "{view:?}"
    );
    assert_eq!(view.copies[0].path, backup.display().to_string());
    assert_eq!(view.copies[1].path, old.display().to_string());
    for copy in &view.copies {
        assert!(copy.customers.is_some_and(|c| c > 30), "{copy:?}");
        assert!(copy.orders.is_some_and(|o| o > 100), "{copy:?}");
        assert!(copy.bytes > 0);
    }

    let after = app.privacy_erase().await.unwrap();
    assert_eq!((after.customers, after.orders), (0, 0));
    assert!(after.copies.is_empty(), "{:?}", after.copies);
    assert!(!old.exists(), "the earlier build's folder is gone");
    let left = left_in_files(&[&data, &old], &values);
    assert!(left.is_empty(), "still on disk after the erase: {left:?}");
    // What is not the customers' data stays.
    ctx.with_db(|conn| {
        assert!(StoreProfile::load(conn).unwrap().is_some());
        assert_eq!(conector_catalog::count(conn).unwrap(), 30);
    });
    drop(demo);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_automatic_erase_runs_while_ledger_entries_still_hold_customer_keys() {
    let (_home, _data, demo, app) = fresh_preview().await;
    let ctx = app.context();

    // The owner moved the start date past every order: the orders leave the preview, but
    // their ledger entries stay (append-only), each with its customer's CPF or e-mail.
    let store: String = ctx.with_db(|conn| {
        conn.query_row("SELECT DISTINCT store FROM ledger_orders", [], |r| r.get(0))
            .unwrap()
    });
    ctx.with_db_mut(|conn| {
        let tx = conn.unchecked_transaction().unwrap();
        conector_ledger::drop_orders_before(
            &tx,
            &store,
            datetime!(2100-01-01 00:00 UTC),
            OffsetDateTime::now_utc(),
        )
        .unwrap();
        tx.commit().unwrap();
    });
    let held = ctx.with_db(|conn| conector_ledger::erase::held(conn).unwrap());
    assert_eq!(held.orders, 0);
    assert!(held.entries > 0);
    let keys: i64 = ctx.with_db(|conn| {
        conn.query_row(
            "SELECT COUNT(*) FROM ledger_entries WHERE customer_key LIKE 'cpf:%'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    });
    assert!(keys > 0, "entries hold CPFs");

    let live = datetime!(2026-11-28 13:00 UTC);
    ctx.with_db(|conn| conector_core::activation::set_activation_at(conn, true, live))
        .unwrap();
    assert!(ctx
        .with_db_mut(|conn| privacy::erase_if_due(conn, datetime!(2026-12-29 09:00 UTC)))
        .unwrap());
    let held = ctx.with_db(|conn| conector_ledger::erase::held(conn).unwrap());
    assert_eq!(held.entries, 0, "no entry keeps a customer's key");
    drop(demo);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_write_ahead_log_a_reader_kept_from_emptying_is_emptied_at_a_later_tick() {
    let (_home, data, demo, app) = fresh_preview().await;
    let ctx = app.context();
    let values = customer_strings(ctx);

    // A search (or the health watch) is reading from before the erase when it happens.
    let reader = conector_core::db::open(ctx.database_path()).unwrap();
    reader.execute_batch("BEGIN").unwrap();
    let _: i64 = reader
        .query_row("SELECT COUNT(*) FROM ledger_orders", [], |r| r.get(0))
        .unwrap();
    app.privacy_erase().await.unwrap();
    let wal = data.join("conector.sqlite3-wal");
    assert!(
        std::fs::metadata(&wal).unwrap().len() > 0,
        "the log could not be emptied while the reader was there"
    );

    // The read ends; nothing else writes. The next tick empties the log.
    reader.execute_batch("COMMIT").unwrap();
    ctx.with_db_mut(|conn| privacy::erase_if_due(conn, OffsetDateTime::now_utc()))
        .unwrap();
    assert_eq!(std::fs::metadata(&wal).unwrap().len(), 0);
    let left = left_in_files(&[&data], &values);
    assert!(left.is_empty(), "still on disk: {left:?}");
    drop(demo);
}
