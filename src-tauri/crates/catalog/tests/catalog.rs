//! The catalogue on a real SQLite file: import, atomic swap, search, selection.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::sync::atomic::Ordering;

use conector_catalog::{
    import_reader, item, last_import, search, selection, variants, CatalogError, ImportObserver,
    Quiet, SearchQuery,
};
use conector_core::CodedError;
use conector_feed::{FeedError, Item, ReadOptions};
use rusqlite::Connection;

fn db(dir: &tempfile::TempDir) -> Connection {
    conector_core::db::open(&dir.path().join("app.sqlite3")).unwrap()
}

fn import_sample(conn: &mut Connection, n: usize, seed: u64) -> conector_catalog::ImportReport {
    let bytes = conector_samples::feed_bytes(n, seed);
    import_reader(
        conn,
        "amostra",
        std::io::Cursor::new(bytes),
        &ReadOptions::default(),
        &mut Quiet,
    )
    .unwrap()
}

fn rss(items: &str) -> Vec<u8> {
    format!("<rss xmlns:g=\"http://base.google.com/ns/1.0\"><channel>{items}</channel></rss>")
        .into_bytes()
}

fn query(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.to_owned(),
        ..SearchQuery::default()
    }
}

#[test]
fn import_keeps_every_item_and_records_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = db(&dir);
    let report = import_sample(&mut conn, 1000, 5);
    assert_eq!(report.summary.items, 1000);
    assert_eq!(conector_catalog::count(&conn).unwrap(), 1000);
    let last = last_import(&conn).unwrap().unwrap();
    assert_eq!(last.source, "amostra");
    assert_eq!(last.summary, report.summary);
    let first = item(&conn, "SKU-0000001").unwrap().unwrap();
    assert!(first.price_cents > 0 && first.image_link.starts_with("https://"));
}

#[test]
fn search_by_word_prefix_accent_folded_and_sku_substring() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = db(&dir);
    let doc = rss(concat!(
        "<item><g:id>TEN-001</g:id><g:title>Tênis Esportivo Azul</g:title><g:price>199.90 BRL</g:price><g:brand>Pé na Areia</g:brand><g:availability>in_stock</g:availability><g:image_link>https://x/1.jpg</g:image_link></item>",
        "<item><g:id>CAN-002</g:id><g:title>Caneca de Cerâmica</g:title><g:price>39.90 BRL</g:price><g:availability>out_of_stock</g:availability></item>",
        "<item><g:id>CAM-003</g:id><g:title>Camiseta Básica</g:title><g:price>59.90 BRL</g:price><g:sale_price>49.90 BRL</g:sale_price><g:availability>in_stock</g:availability><g:item_group_id>CAM</g:item_group_id></item>",
        "<item><g:id>CAM-004</g:id><g:title>Camiseta Básica G</g:title><g:price>59.90 BRL</g:price><g:availability>in_stock</g:availability><g:item_group_id>CAM</g:item_group_id></item>",
    ));
    import_reader(
        &mut conn,
        "t",
        std::io::Cursor::new(doc),
        &ReadOptions::default(),
        &mut Quiet,
    )
    .unwrap();
    let skus = |q: &SearchQuery| -> Vec<String> {
        search(&conn, q)
            .unwrap()
            .items
            .into_iter()
            .map(|i| i.sku)
            .collect()
    };

    assert_eq!(skus(&query("tenis")), ["TEN-001"], "accents ignored");
    assert_eq!(skus(&query("CERAM")), ["CAN-002"], "prefix, any case");
    assert_eq!(
        skus(&query("cami bas")),
        ["CAM-003", "CAM-004"],
        "every word must match"
    );
    assert_eq!(skus(&query("areia")), ["TEN-001"], "brand is searched");
    assert_eq!(
        skus(&query("M-00")),
        ["CAM-003", "CAM-004"],
        "SKU substring"
    );
    assert!(skus(&query("geladeira")).is_empty());
    assert_eq!(
        skus(&query("\"*-:")),
        Vec::<String>::new(),
        "FTS syntax typed by the user is harmless"
    );

    let in_stock = SearchQuery {
        in_stock_only: true,
        ..SearchQuery::default()
    };
    assert_eq!(skus(&in_stock), ["TEN-001", "CAM-003", "CAM-004"]);
    let with_image = SearchQuery {
        with_image_only: true,
        ..SearchQuery::default()
    };
    assert_eq!(skus(&with_image), ["TEN-001"]);
    let cheap = SearchQuery {
        max_price_cents: Some(5000),
        ..SearchQuery::default()
    };
    assert_eq!(
        skus(&cheap),
        ["CAN-002", "CAM-003"],
        "sale price counts as the current price"
    );
    let grouped = SearchQuery {
        group_variants: true,
        ..SearchQuery::default()
    };
    let page = search(&conn, &grouped).unwrap();
    assert_eq!(
        page.items
            .iter()
            .map(|i| i.sku.as_str())
            .collect::<Vec<_>>(),
        ["TEN-001", "CAN-002", "CAM-003"]
    );
    assert_eq!(page.items[2].group_size, 2);
    assert_eq!(variants(&conn, "CAM").unwrap().len(), 2);
}

#[test]
fn search_pages_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = db(&dir);
    import_sample(&mut conn, 300, 9);
    let q = SearchQuery {
        page_size: 100,
        page: 2,
        ..SearchQuery::default()
    };
    let page = search(&conn, &q).unwrap();
    assert_eq!(
        (page.total, page.total_is_exact, page.items.len()),
        (300, true, 100)
    );
    assert_eq!(page.items[0].sku, "SKU-0000201");

    // The same through the text indexes (every SKU has the word "sku" and the trigram "SKU").
    let q = SearchQuery {
        text: "sku".to_owned(),
        page_size: 100,
        page: 2,
        ..SearchQuery::default()
    };
    let page = search(&conn, &q).unwrap();
    assert_eq!(
        (page.total, page.total_is_exact, page.items.len()),
        (300, true, 100)
    );
    assert_eq!(page.items[0].sku, "SKU-0000201");
    assert_eq!(page.items[99].sku, "SKU-0000300");
}

#[test]
fn a_failed_import_leaves_the_previous_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = db(&dir);
    import_sample(&mut conn, 200, 1);
    let whole = conector_samples::feed_bytes(500, 2);
    let truncated = whole[..whole.len() / 2].to_vec();
    let err = import_reader(
        &mut conn,
        "t",
        std::io::Cursor::new(truncated),
        &ReadOptions::default(),
        &mut Quiet,
    )
    .unwrap_err();
    assert_eq!(err.code(), "feed.truncated");
    assert_eq!(conector_catalog::count(&conn).unwrap(), 200);
    assert_eq!(
        search(&conn, &query("SKU-0000150")).unwrap().items.len(),
        1,
        "search index intact"
    );
    let html = b"<html><body>erro</body></html>".to_vec();
    assert!(import_reader(
        &mut conn,
        "t",
        std::io::Cursor::new(html),
        &ReadOptions::default(),
        &mut Quiet
    )
    .is_err());
    assert_eq!(conector_catalog::count(&conn).unwrap(), 200);
}

struct CancelAfter {
    options: ReadOptions,
    after: usize,
    seen: usize,
}

impl ImportObserver for CancelAfter {
    fn item(&mut self, _item: &Item) {
        self.seen += 1;
        if self.seen == self.after {
            self.options.cancel.store(true, Ordering::Relaxed);
        }
    }
}

#[test]
fn a_cancelled_import_leaves_the_previous_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = db(&dir);
    import_sample(&mut conn, 100, 1);
    let options = ReadOptions::default();
    let mut observer = CancelAfter {
        options: options.clone(),
        after: 500,
        seen: 0,
    };
    let bytes = conector_samples::feed_bytes(5000, 3);
    let err = import_reader(
        &mut conn,
        "t",
        std::io::Cursor::new(bytes),
        &options,
        &mut observer,
    )
    .unwrap_err();
    assert!(
        matches!(err, CatalogError::Feed(FeedError::Cancelled)),
        "{err:?}"
    );
    assert!(observer.seen >= 500 && observer.seen < 5000);
    assert_eq!(conector_catalog::count(&conn).unwrap(), 100);
    assert_eq!(
        search(&conn, &query("SKU-0000050")).unwrap().items.len(),
        1,
        "search index intact"
    );
    assert_eq!(last_import(&conn).unwrap().unwrap().source, "amostra");
}

#[test]
fn cancelling_while_the_download_is_silent_returns_without_waiting_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = db(&dir);
    import_sample(&mut conn, 100, 1);

    // A server that sends the start of a feed, up to the end of its third product, and then
    // goes silent with the connection open until the test is over.
    let body = conector_samples::feed_bytes(500, 4);
    let third_end = body
        .windows(7)
        .enumerate()
        .filter(|(_, w)| w == b"</item>")
        .nth(2)
        .map(|(at, _)| at + 7)
        .unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/feed.xml", listener.local_addr().unwrap());
    let (release, released) = std::sync::mpsc::channel::<()>();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = BufReader::new(stream.try_clone().unwrap());
        let mut line = String::new();
        while request.read_line(&mut line).is_ok_and(|n| n > 2) {
            line.clear();
        }
        let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", body.len());
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(&body[..third_end]).unwrap();
        stream.flush().unwrap();
        let _ = released.recv();
    });

    // Cancelled when the third product is on screen: by then the reader has asked for more
    // bytes and waits. The read timeout is an hour, so only a cancel that does not wait for the
    // download returns.
    let options = ReadOptions {
        read_timeout: std::time::Duration::from_secs(3600),
        ..ReadOptions::default()
    };
    let mut observer = CancelAfter {
        options: options.clone(),
        after: 3,
        seen: 0,
    };
    let (done, finished) = std::sync::mpsc::channel();
    let importer = std::thread::spawn(move || {
        let reading = options.clone();
        let result = conector_catalog::import_feed(
            &mut conn,
            &url.clone(),
            &options,
            &mut observer,
            move |sink| {
                // The server plays the demo store: the one plain-http address allowed.
                let policy = conector_fetch::Policy::feed().with_demo_store(Some(&url));
                conector_fetch::feed::read_feed(
                    &conector_fetch::feed::FeedSource::Url(url),
                    &policy,
                    &reading,
                    sink,
                )
            },
        );
        let _ = done.send(result.map(|_| ()).map_err(|e| e.code().as_str()));
        conn
    });
    // A generous bound that only a hung import reaches (the download stays silent for good).
    let result = finished
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the cancelled import returned while its download was silent");
    assert_eq!(result, Err("feed.cancelled"));
    let conn = importer.join().unwrap();
    assert_eq!(
        conector_catalog::count(&conn).unwrap(),
        100,
        "the previous catalogue is kept"
    );
    release.send(()).unwrap();
    server.join().unwrap();
}

/// Looks at the catalogue from another connection (the app's UI) while an import runs.
struct Onlooker {
    conn: Connection,
    seen: usize,
    counts_during: Vec<u32>,
}

impl ImportObserver for Onlooker {
    fn item(&mut self, _item: &Item) {
        self.seen += 1;
        if self.seen % 1000 == 0 {
            self.counts_during
                .push(conector_catalog::count(&self.conn).unwrap());
        }
    }
}

#[test]
fn other_connections_see_the_previous_catalogue_until_the_import_commits() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = db(&dir);
    import_sample(&mut conn, 300, 1);
    let mut onlooker = Onlooker {
        conn: db(&dir),
        seen: 0,
        counts_during: Vec::new(),
    };
    let bytes = conector_samples::feed_bytes(5000, 3);
    import_reader(
        &mut conn,
        "nova",
        std::io::Cursor::new(bytes),
        &ReadOptions::default(),
        &mut onlooker,
    )
    .unwrap();
    assert_eq!(onlooker.counts_during, vec![300; 5]);
    assert_eq!(conector_catalog::count(&onlooker.conn).unwrap(), 5000);
    assert_eq!(
        search(&onlooker.conn, &query("SKU-0004999"))
            .unwrap()
            .items
            .len(),
        1
    );
}

#[test]
fn a_catalogue_imported_before_an_upgrade_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite3");
    {
        // What the release with schema 4 wrote: a catalogue and a reward selection.
        let mut conn = Connection::open(&path).unwrap();
        conector_core::db::migrate(&conn, &conector_core::db::MIGRATIONS[..4]).unwrap();
        import_sample(&mut conn, 400, 5);
        selection::select_skus(&mut conn, &["SKU-0000007".to_owned()], true).unwrap();
    }
    let mut conn = conector_core::db::open(&path).unwrap();
    assert_eq!(
        conector_core::db::current_version(&conn).unwrap(),
        conector_core::db::latest_version()
    );
    assert_eq!(conector_catalog::count(&conn).unwrap(), 400);
    let found = search(&conn, &query("SKU-0000007")).unwrap();
    assert_eq!(found.items.len(), 1);
    assert!(found.items[0].selected);
    assert_eq!(last_import(&conn).unwrap().unwrap().source, "amostra");
    import_sample(&mut conn, 250, 6);
    assert_eq!(conector_catalog::count(&conn).unwrap(), 250);
    assert_eq!(search(&conn, &query("SKU-0000400")).unwrap().items.len(), 0);
}

/// A feed that never ends: items forever, for the killed-import test.
struct Endless {
    pending: Vec<u8>,
    at: usize,
    next: u64,
}

impl Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.pending.len() {
            self.pending.clear();
            self.at = 0;
            if self.next == 0 {
                self.pending
                    .extend_from_slice(b"<rss xmlns:g=\"g\"><channel>");
            }
            for _ in 0..100 {
                self.next += 1;
                let item = format!("<item><g:id>E{}</g:id><g:title>Item sem fim</g:title><g:price>1.00 BRL</g:price></item>", self.next);
                self.pending.extend_from_slice(item.as_bytes());
            }
        }
        let n = buf.len().min(self.pending.len() - self.at);
        buf[..n].copy_from_slice(&self.pending[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

struct Announce(usize);

impl ImportObserver for Announce {
    fn item(&mut self, _item: &Item) {
        self.0 += 1;
        if self.0 == 2000 {
            let mut out = std::io::stdout();
            let _ = writeln!(out, "IMPORT-STARTED");
            let _ = out.flush();
        }
    }
}

/// Runs in a child process (see below): imports an endless feed until killed.
#[test]
fn child_import_until_killed() {
    let Ok(path) = std::env::var("CONECTOR_CATALOG_KILL_TEST_DB") else {
        return;
    };
    let mut conn = conector_core::db::open(Path::new(&path)).unwrap();
    let endless = Endless {
        pending: Vec::new(),
        at: 0,
        next: 0,
    };
    let _ = import_reader(
        &mut conn,
        "sem fim",
        endless,
        &ReadOptions::default(),
        &mut Announce(0),
    );
}

#[test]
fn a_killed_import_leaves_the_previous_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite3");
    {
        let mut conn = conector_core::db::open(&path).unwrap();
        import_sample(&mut conn, 150, 4);
    }
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_import_until_killed",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("CONECTOR_CATALOG_KILL_TEST_DB", &path)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert!(
        lines.any(|l| l.is_ok_and(|l| l.contains("IMPORT-STARTED"))),
        "the child started importing"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    let conn = conector_core::db::open(&path).unwrap();
    assert_eq!(conector_catalog::count(&conn).unwrap(), 150);
    assert_eq!(last_import(&conn).unwrap().unwrap().source, "amostra");
    assert!(item(&conn, "E1").unwrap().is_none());
}

#[test]
fn selection_by_sku_group_search_and_paste_survives_reimport() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = db(&dir);
    import_sample(&mut conn, 200, 7);
    selection::select_skus(
        &mut conn,
        &["SKU-0000001".to_owned(), "SKU-0000002".to_owned()],
        true,
    )
    .unwrap();
    let group = search(
        &conn,
        &SearchQuery {
            page_size: 500,
            ..SearchQuery::default()
        },
    )
    .unwrap()
    .items
    .into_iter()
    .skip(20)
    .find_map(|i| i.item_group_id.filter(|_| i.group_size > 1))
    .unwrap();
    let in_group = variants(&conn, &group).unwrap().len() as u32;
    assert_eq!(
        selection::select_group(&conn, &group, true).unwrap(),
        in_group
    );
    let pasted = selection::select_pasted(
        &mut conn,
        "SKU-0000010\nSKU-0000011, NAO-EXISTE; SKU-0000010",
    )
    .unwrap();
    assert_eq!(pasted.known, ["SKU-0000010", "SKU-0000011"]);
    assert_eq!(pasted.unknown, ["NAO-EXISTE"]);
    assert_eq!(pasted.repeated, 1);
    let summary = selection::summary(&conn).unwrap();
    assert_eq!(summary.selected, 4 + in_group);
    assert!(item(&conn, "SKU-0000010").unwrap().unwrap().selected);

    // Re-import a smaller feed: the selection stays, the vanished SKUs are reported.
    let doc = rss("<item><g:id>SKU-0000001</g:id><g:price>1</g:price></item><item><g:id>NOVO</g:id><g:price>2</g:price></item>");
    let report = import_reader(
        &mut conn,
        "menor",
        std::io::Cursor::new(doc),
        &ReadOptions::default(),
        &mut Quiet,
    )
    .unwrap();
    assert_eq!(report.missing_selected_total, 3 + in_group);
    assert!(report.missing_selected.contains(&"SKU-0000002".to_owned()));
    assert_eq!(selection::selected_skus(&conn).unwrap(), ["SKU-0000001"]);
    assert!(item(&conn, "SKU-0000001").unwrap().unwrap().selected);
}

#[test]
fn select_all_results_and_whole_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = db(&dir);
    import_sample(&mut conn, 300, 8);
    let q = SearchQuery {
        text: "caneca".to_owned(),
        in_stock_only: true,
        ..SearchQuery::default()
    };
    let total = search(&conn, &q).unwrap().total;
    assert!(total > 0);
    assert_eq!(selection::select_search(&conn, &q, true).unwrap(), total);
    assert_eq!(selection::summary(&conn).unwrap().selected, total);
    assert_eq!(selection::select_search(&conn, &q, false).unwrap(), total);
    assert_eq!(selection::summary(&conn).unwrap().selected, 0);

    selection::set_whole_catalog(&conn, true).unwrap();
    assert!(selection::whole_catalog(&conn).unwrap());
    assert!(search(&conn, &SearchQuery::default())
        .unwrap()
        .items
        .iter()
        .all(|i| i.selected));
}
