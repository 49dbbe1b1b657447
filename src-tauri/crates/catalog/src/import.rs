//! Feed import: parse on one thread, write on another, swap the catalogue in one transaction.
//!
//! Invariant: `catalog_item` only ever changes by a committed, complete import. The staging
//! rows, the swap, the search indexes and the import record all belong to one transaction, so
//! a feed error, a cancel, a crash or a killed process leaves the previous catalogue intact.

use std::ops::ControlFlow;
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver};
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
    Item(Box<Item>),
    Progress(Progress),
}

/// Opens the app database at `path` on its own connection (so searches on other connections
/// keep seeing the previous catalogue until the swap) and imports `source` into it.
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

struct ChannelSink(std::sync::mpsc::SyncSender<Msg>);

impl FeedSink for ChannelSink {
    fn item(&mut self, item: &Item) -> ControlFlow<()> {
        match self.0.send(Msg::Item(Box::new(item.clone()))) {
            Ok(()) => ControlFlow::Continue(()),
            Err(_) => ControlFlow::Break(()),
        }
    }

    fn progress(&mut self, progress: &Progress) {
        let _ = self.0.send(Msg::Progress(progress.clone()));
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
    // A bigger page cache makes the index builds much faster; memory stays bounded by it.
    conn.pragma_update(None, "cache_size", -32_000)?;
    let (tx, rx) = sync_channel::<Msg>(1024);
    let reader = std::thread::Builder::new()
        .name("feed-reader".to_owned())
        .spawn(move || read(&mut ChannelSink(tx)))
        .map_err(|e| CatalogError::Feed(FeedError::Stopped(e.to_string())))?;

    let db_tx = conn.transaction()?;
    let written = write_staging(&db_tx, &rx, observer);
    // Whatever happened, let the reader finish (it stops at once if we stopped listening).
    drop(rx);
    let read_result = reader.join().map_err(|_| {
        CatalogError::Feed(FeedError::Stopped("falha interna no leitor".to_owned()))
    })?;
    written?;
    if options.cancel.load(std::sync::atomic::Ordering::Relaxed) {
        return Err(CatalogError::Feed(FeedError::Cancelled));
    }
    let summary = read_result?;
    swap(&db_tx, label, &summary)?;
    let (missing_selected, missing_selected_total) = selection::missing_in(&db_tx, MISSING_LISTED)?;
    db_tx.commit()?;
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

fn write_staging(
    db: &rusqlite::Transaction<'_>,
    rx: &Receiver<Msg>,
    observer: &mut dyn ImportObserver,
) -> Result<(), CatalogError> {
    db.execute("DELETE FROM catalog_staging", [])?;
    let mut insert = db.prepare(
        "INSERT INTO catalog_staging (sku, position, title, description, link, image_link,
             additional_images, price_cents, sale_price_cents, currency, availability,
             item_group_id, brand, gtin, mpn)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?;
    for msg in rx {
        match msg {
            Msg::Item(item) => {
                observer.item(&item);
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
            }
            Msg::Progress(progress) => observer.progress(&progress),
        }
    }
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

fn swap(
    db: &rusqlite::Transaction<'_>,
    label: &str,
    summary: &FeedSummary,
) -> Result<(), CatalogError> {
    db.execute_batch(
        "DELETE FROM catalog_item;
         INSERT INTO catalog_item
             SELECT item_no, sku, position, title, description, link, image_link,
                    additional_images, price_cents, sale_price_cents, currency, availability,
                    item_group_id, brand, gtin, mpn
             FROM catalog_staging ORDER BY item_no;
         DELETE FROM catalog_staging;
         INSERT INTO catalog_words (catalog_words) VALUES ('rebuild');
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
