//! A feed import never holds the database's write lock for long (issue #12): while an import
//! is half-way through a download that has gone quiet, a sync run commits its pages and the
//! owner's settings are saved, both on their own connections with the app's busy timeout; the
//! previous catalogue stays visible until the import completes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::{channel, Receiver, Sender};

use conector_catalog::{import_reader, search, ImportObserver, Quiet, SearchQuery};
use conector_core::Secret;
use conector_demo::{DemoConfig, DemoStore};
use conector_feed::{Item, ReadOptions};
use conector_ledger::FinalStatuses;
use conector_simplo7::store_key;
use conector_simplo7::{ClientConfig, StoreAddress, StoreClient};
use conector_sync::{run_once, NoProgress, RunResult, SyncConfig};

/// A feed whose download stops after its first part until the test lets it go on.
struct Paused {
    first: std::io::Cursor<Vec<u8>>,
    rest: std::io::Cursor<Vec<u8>>,
    gate: Receiver<()>,
    opened: bool,
}

impl Read for Paused {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.first.read(buf)?;
        if n > 0 {
            return Ok(n);
        }
        if !self.opened {
            // The download is silent until the test is done writing.
            let _ = self.gate.recv();
            self.opened = true;
        }
        self.rest.read(buf)
    }
}

/// Tells the test once the import is well under way.
struct Started {
    seen: usize,
    tell: Option<Sender<()>>,
}

impl ImportObserver for Started {
    fn item(&mut self, _item: &Item) {
        self.seen += 1;
        if self.seen == 200 {
            if let Some(tell) = self.tell.take() {
                let _ = tell.send(());
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_and_a_settings_save_go_through_during_a_slow_import() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite3");
    {
        let mut conn = conector_core::db::open(&path).unwrap();
        let bytes = conector_samples::feed_bytes(120, 1);
        import_reader(
            &mut conn,
            "anterior",
            std::io::Cursor::new(bytes),
            &ReadOptions::default(),
            &mut Quiet,
        )
        .unwrap();
    }

    // 1000 items; the download pauses after the 600th.
    let bytes = conector_samples::feed_bytes(1000, 2);
    let text = String::from_utf8(bytes).unwrap();
    let cut = text.match_indices("</item>").nth(599).unwrap().0 + "</item>".len();
    let (gate_tx, gate) = channel();
    let (started_tx, started) = channel();
    let feed = Paused {
        first: std::io::Cursor::new(text.as_bytes()[..cut].to_vec()),
        rest: std::io::Cursor::new(text.as_bytes()[cut..].to_vec()),
        gate,
        opened: false,
    };
    let import_path = path.clone();
    let import = std::thread::spawn(move || {
        let mut conn = conector_core::db::open(&import_path).unwrap();
        let mut observer = Started {
            seen: 0,
            tell: Some(started_tx),
        };
        import_reader(
            &mut conn,
            "nova",
            feed,
            &ReadOptions::default(),
            &mut observer,
        )
    });
    tokio::task::spawn_blocking(move || started.recv().unwrap())
        .await
        .unwrap();

    // The owner saves settings: a write on another connection (5 s busy timeout, as the app's).
    let settings = conector_core::db::open(&path).unwrap();
    conector_core::settings::set(&settings, "sync.interval_minutes", "30").unwrap();
    // A sync run commits its pages meanwhile.
    let demo = DemoStore::start(DemoConfig {
        feed_items: 0,
        ..DemoConfig::default()
    })
    .await
    .unwrap();
    let client = StoreClient::new(
        StoreAddress::from_override(&demo.base_url()).unwrap(),
        &Secret::new(demo.token()),
        ClientConfig {
            min_interval: std::time::Duration::ZERO,
            ..ClientConfig::default()
        },
    )
    .unwrap();
    let config = SyncConfig::new(
        store_key(None, &demo.base_url()),
        FinalStatuses::new(["18", "21", "24"]),
        conector_sync::store_today() - time::Duration::days(90),
        120,
    );
    let run = run_once(
        &path,
        &client,
        &config,
        &NoProgress,
        &AtomicBool::new(false),
    )
    .await
    .unwrap();
    assert_eq!(run.result, RunResult::Ok);
    assert!(run.totals.ledger_entries > 0);
    // Until the import completes, everyone sees the previous catalogue.
    assert_eq!(conector_catalog::count(&settings).unwrap(), 120);

    gate_tx.send(()).unwrap();
    let report = tokio::task::spawn_blocking(move || import.join().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(report.summary.items, 1000);
    assert_eq!(conector_catalog::count(&settings).unwrap(), 1000);
    assert_eq!(
        conector_core::settings::get(&settings, "sync.interval_minutes")
            .unwrap()
            .as_deref(),
        Some("30")
    );
    let leftovers: i64 = settings
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'catalog%next%'
                OR name LIKE 'catalog%previous%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(leftovers, 0, "no staging or previous table left behind");
}

/// The staging table becomes `catalog_item` at the swap: its definition must stay the one
/// the migrations give, column for column.
#[test]
fn the_catalogue_tables_keep_their_migration_definitions_across_imports() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = conector_core::db::open(&dir.path().join("app.sqlite3")).unwrap();
    let columns = |conn: &rusqlite::Connection, table: &str| -> Vec<(String, String, bool, bool)> {
        let mut stmt = conn
            .prepare(&format!("PRAGMA table_info({table})"))
            .unwrap();
        stmt.query_map([], |r| {
            Ok((r.get(1)?, r.get(2)?, r.get(3)?, r.get::<_, i64>(5)? > 0))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    };
    let before = (
        columns(&conn, "catalog_item"),
        columns(&conn, "catalog_group"),
    );
    for round in 0..3 {
        let bytes = conector_samples::feed_bytes(300 + round, round as u64);
        import_reader(
            &mut conn,
            "amostra",
            std::io::Cursor::new(bytes),
            &ReadOptions::default(),
            &mut Quiet,
        )
        .unwrap();
        assert_eq!(
            (
                columns(&conn, "catalog_item"),
                columns(&conn, "catalog_group")
            ),
            before,
            "round {round}"
        );
        let unique_sku: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM pragma_index_list('catalog_item') WHERE \"unique\" = 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(unique_sku, 1);
        let group_index: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index'
                   AND tbl_name = 'catalog_item' AND sql LIKE '%item_group_id%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(group_index, 1);
        // The renamed indexes answer for the new rows.
        let found = search(&conn, &query("SKU-0000010")).unwrap();
        assert_eq!(found.items.len(), 1, "round {round}");
        conn.execute(
            "INSERT INTO catalog_words (catalog_words, rank) VALUES ('integrity-check', 1)",
            [],
        )
        .unwrap();
    }
}

fn query(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.to_owned(),
        ..SearchQuery::default()
    }
}
