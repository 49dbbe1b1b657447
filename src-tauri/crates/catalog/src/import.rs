//! Feed import: parse on one thread, write on another, replace the catalogue in one transaction.
//!
//! Invariant: `catalog_item` only ever changes by a committed, complete import. Emptying it,
//! writing the new rows, the search indexes and the import record all belong to one
//! transaction, so a feed error, a cancel, a crash or a killed process leaves the previous
//! catalogue intact, and other connections (WAL) keep reading it until the commit.

use std::ops::ControlFlow;
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError};
use std::time::Instant;

use conector_feed::{
    read_feed, FeedError, FeedSink, FeedSource, FeedSummary, Item, Progress, ReadOptions,
};
use rusqlite::{params, Connection};
use serde::Serialize;

use crate::error::CatalogError;
use crate::selection;

/// What the import reports back while it runs (the UI's "first products" list and progress
/// bar). Called on the importing thread.
pub trait ImportObserver {
    /// A kept item, in feed order, as soon as it is read (before the import commits).
    fn item(&mut self, _item: &Item) {}
    fn progress(&mut self, _progress: &Progress) {}
}

/// An observer that ignores everything.
pub struct Quiet;
impl ImportObserver for Quiet {}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ImportReport {
    pub summary: FeedSummary,
    /// Selected reward SKUs that the new catalogue no longer has (first ones; see the total).
    pub missing_selected: Vec<String>,
    pub missing_selected_total: u32,
    pub elapsed_ms: u32,
}

const MISSING_LISTED: usize = 200;

enum Msg {
    Items(Vec<Item>),
    Progress(Progress),
}

/// Items cross to the writer in batches: one message per item cost both threads more in
/// wake-ups than SQLite spent on the row. Batches start at one item and double up to this,
/// so the first products still reach the screen at once.
const BATCH_MAX: usize = 256;

/// Opens the app database at `path` on its own connection (so searches on other connections
/// keep seeing the previous catalogue until the commit) and imports `source` into it.
pub fn import_into_db(
    path: &Path,
    source: &FeedSource,
    options: &ReadOptions,
    observer: &mut dyn ImportObserver,
) -> Result<ImportReport, CatalogError> {
    let mut conn = conector_core::db::open(path)?;
    import_feed(&mut conn, source, options, observer)
}

/// Imports `source` into the catalogue of `conn`. See the module invariant.
pub fn import_feed(
    conn: &mut Connection,
    source: &FeedSource,
    options: &ReadOptions,
    observer: &mut dyn ImportObserver,
) -> Result<ImportReport, CatalogError> {
    let label = match source {
        FeedSource::Url(url) => url.clone(),
        FeedSource::Path(path) => path.display().to_string(),
        FeedSource::Stdin => "-".to_owned(),
    };
    let source = source.clone();
    let options_for_reader = options.clone();
    import_with(conn, &label, options, observer, move |sink| {
        read_feed(&source, &options_for_reader, sink)
    })
}

/// Imports from any byte stream (tests, benchmarks, a body already being downloaded).
pub fn import_reader<R: std::io::Read + Send + 'static>(
    conn: &mut Connection,
    label: &str,
    reader: R,
    options: &ReadOptions,
    observer: &mut dyn ImportObserver,
) -> Result<ImportReport, CatalogError> {
    let options_for_reader = options.clone();
    import_with(conn, label, options, observer, move |sink| {
        conector_feed::parse_reader(reader, None, &options_for_reader, sink)
    })
}

struct ChannelSink {
    tx: std::sync::mpsc::SyncSender<Msg>,
    batch: Vec<Item>,
    batch_len: usize,
}

impl ChannelSink {
    fn new(tx: std::sync::mpsc::SyncSender<Msg>) -> Self {
        ChannelSink {
            tx,
            batch: Vec::new(),
            batch_len: 1,
        }
    }

    fn flush(&mut self) -> ControlFlow<()> {
        if self.batch.is_empty() {
            return ControlFlow::Continue(());
        }
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(self.batch_len));
        match self.tx.send(Msg::Items(batch)) {
            Ok(()) => ControlFlow::Continue(()),
            Err(_) => ControlFlow::Break(()),
        }
    }
}

impl FeedSink for ChannelSink {
    fn item(&mut self, item: Item) -> ControlFlow<()> {
        self.batch.push(item);
        if self.batch.len() < self.batch_len {
            return ControlFlow::Continue(());
        }
        self.batch_len = (self.batch_len * 2).min(BATCH_MAX);
        self.flush()
    }

    /// Progress comes every few hundred milliseconds, so a slow download still shows its
    /// items that often.
    fn progress(&mut self, progress: &Progress) {
        let _ = self.flush();
        let _ = self.tx.send(Msg::Progress(progress.clone()));
    }
}

fn import_with<F>(
    conn: &mut Connection,
    label: &str,
    options: &ReadOptions,
    observer: &mut dyn ImportObserver,
    read: F,
) -> Result<ImportReport, CatalogError>
where
    F: FnOnce(&mut dyn FeedSink) -> Result<FeedSummary, FeedError> + Send + 'static,
{
    let started = Instant::now();
    // The page cache bounds the import's memory (8, 32 and 64 MB measured the same speed at
    // 500k items once the import stopped copying a staging table).
    conn.pragma_update(None, "cache_size", -32_000)?;
    let (tx, rx) = sync_channel::<Msg>(8);
    let reader = std::thread::Builder::new()
        .name("feed-reader".to_owned())
        .spawn(move || {
            let mut sink = ChannelSink::new(tx);
            let read = read(&mut sink);
            let _ = sink.flush();
            read
        })
        .map_err(|e| CatalogError::Feed(FeedError::Stopped(e.to_string())))?;

    let db_tx = conn.transaction()?;
    let written = write_items(&db_tx, &rx, observer, &options.cancel);
    // Whatever happened, let the reader finish (it stops at once if we stopped listening).
    drop(rx);
    if matches!(written, Err(CatalogError::Feed(FeedError::Cancelled))) {
        // The reader may be stuck in a download that went silent: it ends by itself at its
        // next read or timeout, and the owner does not wait for it. The transaction rolls
        // back here.
        drop(reader);
        return Err(CatalogError::Feed(FeedError::Cancelled));
    }
    let read_result = reader.join().map_err(|_| {
        CatalogError::Feed(FeedError::Stopped("falha interna no leitor".to_owned()))
    })?;
    written?;
    if options.cancel.load(std::sync::atomic::Ordering::Relaxed) {
        return Err(CatalogError::Feed(FeedError::Cancelled));
    }
    let summary = read_result?;
    let rows_written = started.elapsed();
    finish(&db_tx, label, &summary)?;
    let (missing_selected, missing_selected_total) = selection::missing_in(&db_tx, MISSING_LISTED)?;
    let indexed = started.elapsed();
    // With WAL the commit also checkpoints the whole new catalogue into the database file.
    db_tx.commit()?;
    tracing::debug!(
        rows_ms = rows_written.as_millis() as u64,
        indexes_ms = (indexed - rows_written).as_millis() as u64,
        commit_ms = (started.elapsed() - indexed).as_millis() as u64,
        "catalogue import phases"
    );
    tracing::info!(
        items = summary.items,
        ms = started.elapsed().as_millis() as u64,
        "catalogue imported"
    );
    Ok(ImportReport {
        summary,
        missing_selected,
        missing_selected_total,
        elapsed_ms: started.elapsed().as_millis().min(u128::from(u32::MAX)) as u32,
    })
}

/// Replaces the rows of `catalog_item` with the items read. Runs inside the import's
/// transaction: nobody else sees the table half-written, and a failure rolls it back.
fn write_items(
    db: &rusqlite::Transaction<'_>,
    rx: &Receiver<Msg>,
    observer: &mut dyn ImportObserver,
    cancel: &std::sync::atomic::AtomicBool,
) -> Result<(), CatalogError> {
    let mut insert = db.prepare(
        "INSERT INTO catalog_item (sku, position, title, description, link, image_link,
             additional_images, price_cents, sale_price_cents, currency, availability,
             item_group_id, brand, gtin, mpn)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?;
    // Emptying a big catalogue takes a few hundred milliseconds: the first products are shown
    // (and held here) before it, so they still appear at once on a re-import.
    let mut held: Option<Vec<Item>> = Some(Vec::new());
    loop {
        // Cancel is looked at even while nothing arrives (a download that went silent).
        if cancel.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(CatalogError::Feed(FeedError::Cancelled));
        }
        let msg = match rx.recv_timeout(CANCEL_CHECK) {
            Ok(msg) => msg,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => break,
        };
        let items = match msg {
            Msg::Items(items) => items,
            Msg::Progress(progress) => {
                observer.progress(&progress);
                continue;
            }
        };
        for item in &items {
            observer.item(item);
        }
        let items = match held.as_mut() {
            Some(first) if first.len() + items.len() < BATCH_MAX => {
                first.extend(items);
                continue;
            }
            Some(first) => {
                db.execute("DELETE FROM catalog_item", [])?;
                let mut first = std::mem::take(first);
                held = None;
                first.extend(items);
                first
            }
            None => items,
        };
        for item in &items {
            insert_item(&mut insert, item)?;
        }
    }
    if let Some(first) = held {
        db.execute("DELETE FROM catalog_item", [])?;
        for item in &first {
            insert_item(&mut insert, item)?;
        }
    }
    Ok(())
}

/// How often a waiting import looks at the cancel flag.
const CANCEL_CHECK: std::time::Duration = std::time::Duration::from_millis(100);

fn insert_item(insert: &mut rusqlite::Statement<'_>, item: &Item) -> rusqlite::Result<()> {
    insert.execute(params![
        item.id,
        item.position,
        item.title,
        snippet(&item.description),
        item.link,
        item.image_link,
        item.additional_image_links.join("\n"),
        item.price_cents,
        item.sale_price_cents,
        item.currency,
        item.availability.as_str(),
        item.item_group_id,
        item.brand,
        item.gtin,
        item.mpn,
    ])?;
    Ok(())
}

/// The catalogue keeps the start of the description only: the list and the reward cards
/// need no more, and the full text would double the import's writes.
fn snippet(description: &str) -> &str {
    match description.char_indices().nth(DESCRIPTION_CHARS) {
        Some((end, _)) => &description[..end],
        None => description,
    }
}

const DESCRIPTION_CHARS: usize = 200;

/// Builds the search indexes and variant groups over the new rows and records the import.
fn finish(
    db: &rusqlite::Transaction<'_>,
    label: &str,
    summary: &FeedSummary,
) -> Result<(), CatalogError> {
    // One 'rebuild' per index after the rows: feeding the indexes row by row as items arrive
    // measured twice as slow.
    db.execute_batch(
        "INSERT INTO catalog_words (catalog_words) VALUES ('rebuild');
         INSERT INTO catalog_codes (catalog_codes) VALUES ('rebuild');
         DELETE FROM catalog_group;
         INSERT INTO catalog_group (item_group_id, size, first_item_no)
             SELECT item_group_id, COUNT(*), MIN(item_no) FROM catalog_item
             WHERE item_group_id IS NOT NULL GROUP BY item_group_id;",
    )?;
    let summary_json = serde_json::to_string(summary)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    db.execute(
        "INSERT INTO catalog_import (id, imported_at, source, summary_json)
         VALUES (1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET imported_at = excluded.imported_at,
             source = excluded.source, summary_json = excluded.summary_json",
        params![label, summary_json],
    )?;
    Ok(())
}

/// The last successful import: when, from where, and its summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct LastImport {
    pub imported_at: String,
    pub source: String,
    pub summary: FeedSummary,
}

pub fn last_import(conn: &Connection) -> Result<Option<LastImport>, CatalogError> {
    let row = conn.query_row(
        "SELECT imported_at, source, summary_json FROM catalog_import WHERE id = 1",
        [],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        },
    );
    match row {
        Ok((imported_at, source, json)) => {
            let summary = serde_json_summary(&json)?;
            Ok(Some(LastImport {
                imported_at,
                source,
                summary,
            }))
        }
        Err(rusqlite::Error::QueryReturnedNoRows) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

fn serde_json_summary(json: &str) -> Result<FeedSummary, CatalogError> {
    serde_json::from_str(json).map_err(|e| {
        CatalogError::Db(rusqlite::Error::FromSqlConversionFailure(
            2,
            rusqlite::types::Type::Text,
            Box::new(e),
        ))
    })
}
