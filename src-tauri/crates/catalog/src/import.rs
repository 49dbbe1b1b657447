//! Feed import: parse on one thread, write on another into a staging copy of the catalogue in
//! short transactions, then swap it in.
//!
//! Invariant: `catalog_item` (and its search indexes and groups) only ever changes by the swap
//! of a complete import, one short transaction that renames the staging tables into place and
//! records the import. A feed error, a cancel, a crash or a killed process leaves the previous
//! catalogue intact (the staging copy is dropped then, or by the next import), and other
//! connections keep reading it until the swap. Because every write of an import is a short
//! transaction, the database's single write lock is never held for long: a sync committing a
//! page or the owner saving settings during a 100k-item download waits a moment at most.

use std::ops::ControlFlow;
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError};
use std::time::Instant;

use conector_feed::{FeedError, FeedSink, FeedSummary, Item, Progress, ReadOptions};
use rusqlite::{params, Connection};
use serde::Serialize;

use crate::error::CatalogError;
use crate::selection;
use crate::staging::{self, Writer};

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
/// keep seeing the previous catalogue until the commit) and imports what `read` reads into it.
pub fn import_into_db<F>(
    path: &Path,
    label: &str,
    options: &ReadOptions,
    observer: &mut dyn ImportObserver,
    read: F,
) -> Result<ImportReport, CatalogError>
where
    F: FnOnce(&mut dyn FeedSink) -> Result<FeedSummary, FeedError> + Send + 'static,
{
    let mut conn = conector_core::db::open(path)?;
    import_feed(&mut conn, label, options, observer, read)
}

/// Imports what `read` reads (on a thread of its own) into the catalogue of `conn`, recorded
/// as coming from `label`. `read` is the feed's reading — `conector_fetch::feed::read_feed`
/// over a URL, a file or stdin — and should honour `options.cancel`. See the module invariant.
pub fn import_feed<F>(
    conn: &mut Connection,
    label: &str,
    options: &ReadOptions,
    observer: &mut dyn ImportObserver,
    read: F,
) -> Result<ImportReport, CatalogError>
where
    F: FnOnce(&mut dyn FeedSink) -> Result<FeedSummary, FeedError> + Send + 'static,
{
    import_with(conn, label, options, observer, read)
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

    staging::prepare(conn)?;
    let written = write_items(conn, &rx, observer, &options.cancel);
    // Whatever happened, let the reader finish (it stops at once if we stopped listening).
    drop(rx);
    if matches!(written, Err(CatalogError::Feed(FeedError::Cancelled))) {
        // The reader may be stuck in a download that went silent: it ends by itself at its
        // next read or timeout, and the owner does not wait for it.
        drop(reader);
        staging::discard(conn);
        return Err(CatalogError::Feed(FeedError::Cancelled));
    }
    let finished = (|| {
        let read_result = reader.join().map_err(|_| {
            CatalogError::Feed(FeedError::Stopped("falha interna no leitor".to_owned()))
        })?;
        written?;
        if options.cancel.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(CatalogError::Feed(FeedError::Cancelled));
        }
        let summary = read_result?;
        let rows_written = started.elapsed();
        staging::index(conn, &options.cancel)?;
        let indexed = started.elapsed();
        let swap = conector_core::write_turn::Write::begin(conn)?;
        staging::swap(&swap)?;
        finish(&swap, label, &summary)?;
        let missing = selection::missing_in(&swap, MISSING_LISTED)?;
        swap.commit()?;
        tracing::debug!(
            rows_ms = rows_written.as_millis() as u64,
            indexes_ms = (indexed - rows_written).as_millis() as u64,
            swap_ms = (started.elapsed() - indexed).as_millis() as u64,
            "catalogue import phases"
        );
        Ok((summary, missing))
    })();
    let (summary, (missing_selected, missing_selected_total)) = match finished {
        Ok(done) => done,
        Err(e) => {
            staging::discard(conn);
            return Err(e);
        }
    };
    // The previous catalogue goes in transactions of its own, after the swap.
    staging::drop_previous(conn);
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

/// Writes the items read into the staging table, a short transaction at a time (see
/// [`Writer`]); observers see every item at once, before it is written.
fn write_items(
    conn: &Connection,
    rx: &Receiver<Msg>,
    observer: &mut dyn ImportObserver,
    cancel: &std::sync::atomic::AtomicBool,
) -> Result<(), CatalogError> {
    let mut writer = Writer::new(conn)?;
    loop {
        // Cancel is looked at even while nothing arrives (a download that went silent).
        if cancel.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(CatalogError::Feed(FeedError::Cancelled));
        }
        let msg = match rx.recv_timeout(CANCEL_CHECK) {
            Ok(msg) => msg,
            Err(RecvTimeoutError::Timeout) => {
                // Nothing is held open while the download is silent.
                writer.commit()?;
                continue;
            }
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
        for item in &items {
            writer.insert(item)?;
        }
    }
    writer.commit()
}

/// How often a waiting import looks at the cancel flag.
const CANCEL_CHECK: std::time::Duration = std::time::Duration::from_millis(100);

/// Records the import (inside the swap's transaction).
fn finish(
    db: &rusqlite::Transaction<'_>,
    label: &str,
    summary: &FeedSummary,
) -> Result<(), CatalogError> {
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
