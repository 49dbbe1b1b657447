//! The staging copy of the catalogue an import writes into, and the swap that puts it in place.
//!
//! An import writes `catalog_item_next` and its search indexes (`catalog_words_next`,
//! `catalog_codes_next`) and groups (`catalog_group_next`) in short transactions, so the
//! database's one write lock is only ever held for a moment and a sync or a settings save
//! goes through during a long download. The swap is one short transaction: the live tables
//! are renamed aside and the staging ones renamed into their place. The previous catalogue is
//! then dropped, one table per transaction.
//!
//! The staging tables are made here, not in a migration, because the swap turns them into the
//! live ones: their definitions must stay those of migration 2 (a test compares them).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use conector_core::write_turn::{Write, WriteTurn};
use conector_feed::{FeedError, Item};
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::CatalogError;

/// Live table → staging table. The FTS indexes keep `content = 'catalog_item'`: the staging
/// ones are filled with explicit rows and become correct the moment they are renamed.
const TABLES: [(&str, &str); 4] = [
    ("catalog_item", "catalog_item_next"),
    ("catalog_words", "catalog_words_next"),
    ("catalog_codes", "catalog_codes_next"),
    ("catalog_group", "catalog_group_next"),
];

const CREATE: &str = "
CREATE TABLE catalog_item_next (
    item_no           INTEGER PRIMARY KEY,
    sku               TEXT NOT NULL UNIQUE,
    position          INTEGER NOT NULL,
    title             TEXT NOT NULL,
    description       TEXT NOT NULL,
    link              TEXT NOT NULL,
    image_link        TEXT NOT NULL,
    additional_images TEXT NOT NULL,
    price_cents       INTEGER NOT NULL,
    sale_price_cents  INTEGER,
    currency          TEXT,
    availability      TEXT NOT NULL,
    item_group_id     TEXT,
    brand             TEXT,
    gtin              TEXT,
    mpn               TEXT
) STRICT;
CREATE VIRTUAL TABLE catalog_words_next USING fts5(
    title, brand, sku,
    content = 'catalog_item', content_rowid = 'item_no',
    tokenize = 'unicode61 remove_diacritics 2',
    columnsize = 0
);
CREATE VIRTUAL TABLE catalog_codes_next USING fts5(
    sku,
    content = 'catalog_item', content_rowid = 'item_no',
    tokenize = 'trigram',
    columnsize = 0
);
INSERT INTO catalog_words_next (catalog_words_next, rank) VALUES ('hashsize', 4194304);
INSERT INTO catalog_codes_next (catalog_codes_next, rank) VALUES ('hashsize', 4194304);
CREATE TABLE catalog_group_next (
    item_group_id TEXT PRIMARY KEY NOT NULL,
    size          INTEGER NOT NULL,
    first_item_no INTEGER NOT NULL
) STRICT;
";

/// An index cannot be renamed, so the variant-group index alternates between two names: the
/// staging table gets the one the live table does not have.
const GROUP_INDEXES: [&str; 2] = ["catalog_item_group", "catalog_item_group_b"];

/// A write transaction of the import ends after this many rows or this long, whichever first.
const ROWS_PER_TRANSACTION: usize = 2_000;
const TRANSACTION_TIME: Duration = Duration::from_millis(50);
/// Rows indexed per transaction once all are written.
const INDEX_CHUNK: i64 = 10_000;

/// A write transaction in the app's write turn (a waiting sync page or settings save goes
/// before the import's next transaction: `conector_core::write_turn`), taking SQLite's write
/// lock at once, so it never fails half-way on upgrading a read to a write.
fn immediate(conn: &Connection) -> rusqlite::Result<Write<'_>> {
    Write::begin(conn)
}

fn drop_staging(conn: &Connection) -> rusqlite::Result<()> {
    let _turn = WriteTurn::of(conn);
    for (_, next) in TABLES {
        conn.execute_batch(&format!("DROP TABLE IF EXISTS {next};"))?;
    }
    Ok(())
}

/// Drops what a killed import left and makes an empty staging copy (one short transaction).
pub(crate) fn prepare(conn: &Connection) -> Result<(), CatalogError> {
    let tx = immediate(conn)?;
    drop_staging(&tx)?;
    // Also what a swap interrupted before its clean-up left behind.
    drop_previous_in(&tx)?;
    let live: Option<String> = tx
        .query_row(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'catalog_item'
               AND name IN ('catalog_item_group', 'catalog_item_group_b')",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let group_index = if live.as_deref() == Some(GROUP_INDEXES[0]) {
        GROUP_INDEXES[1]
    } else {
        GROUP_INDEXES[0]
    };
    tx.execute_batch(CREATE)?;
    tx.execute_batch(&format!(
        "CREATE INDEX {group_index} ON catalog_item_next (item_group_id)
             WHERE item_group_id IS NOT NULL;"
    ))?;
    tx.commit()?;
    Ok(())
}

/// Writes items into `catalog_item_next`, committing every few thousand rows or tens of
/// milliseconds, so another writer waits at most that long.
pub(crate) struct Writer<'c> {
    conn: &'c Connection,
    /// The open transaction: when it began, and the write turn it holds.
    open: Option<(Instant, WriteTurn)>,
    rows: usize,
}

impl<'c> Writer<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Result<Self, CatalogError> {
        Ok(Self {
            conn,
            open: None,
            rows: 0,
        })
    }

    pub(crate) fn insert(&mut self, item: &Item) -> Result<(), CatalogError> {
        if self.open.is_none() {
            let turn = WriteTurn::of(self.conn);
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
            self.open = Some((Instant::now(), turn));
        }
        let mut insert = self.conn.prepare_cached(
            "INSERT INTO catalog_item_next (sku, position, title, description, link, image_link,
                 additional_images, price_cents, sale_price_cents, currency, availability,
                 item_group_id, brand, gtin, mpn)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )?;
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
        self.rows += 1;
        if self.rows >= ROWS_PER_TRANSACTION
            || self
                .open
                .as_ref()
                .is_some_and(|(t, _)| t.elapsed() >= TRANSACTION_TIME)
        {
            self.commit()?;
        }
        Ok(())
    }

    pub(crate) fn commit(&mut self) -> Result<(), CatalogError> {
        // The turn is given back once the commit is done (`_turn` dropped last).
        if let Some((_, _turn)) = self.open.take() {
            self.conn.execute_batch("COMMIT")?;
        }
        self.rows = 0;
        Ok(())
    }
}

impl Drop for Writer<'_> {
    fn drop(&mut self) {
        if let Some((_, _turn)) = self.open.take() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

/// Fills the staging search indexes and variant groups from the staging rows, a chunk per
/// transaction.
pub(crate) fn index(conn: &Connection, cancel: &AtomicBool) -> Result<(), CatalogError> {
    let mut last = 0i64;
    loop {
        if cancel.load(Ordering::Relaxed) {
            return Err(CatalogError::Feed(FeedError::Cancelled));
        }
        let tx = immediate(conn)?;
        let upto: Option<i64> = tx.query_row(
            "SELECT MAX(item_no) FROM (SELECT item_no FROM catalog_item_next
             WHERE item_no > ?1 ORDER BY item_no LIMIT ?2)",
            params![last, INDEX_CHUNK],
            |r| r.get(0),
        )?;
        let Some(upto) = upto else {
            break;
        };
        tx.execute(
            "INSERT INTO catalog_words_next (rowid, title, brand, sku)
             SELECT item_no, title, brand, sku FROM catalog_item_next
             WHERE item_no > ?1 AND item_no <= ?2",
            params![last, upto],
        )?;
        tx.execute(
            "INSERT INTO catalog_codes_next (rowid, sku)
             SELECT item_no, sku FROM catalog_item_next WHERE item_no > ?1 AND item_no <= ?2",
            params![last, upto],
        )?;
        tx.commit()?;
        last = upto;
    }
    let mut last_group = String::new();
    loop {
        if cancel.load(Ordering::Relaxed) {
            return Err(CatalogError::Feed(FeedError::Cancelled));
        }
        let tx = immediate(conn)?;
        let added = tx.execute(
            "INSERT INTO catalog_group_next (item_group_id, size, first_item_no)
             SELECT item_group_id, COUNT(*), MIN(item_no) FROM catalog_item_next
             WHERE item_group_id > ?1 GROUP BY item_group_id ORDER BY item_group_id LIMIT ?2",
            params![last_group, INDEX_CHUNK],
        )?;
        let reached: Option<String> = tx.query_row(
            "SELECT MAX(item_group_id) FROM catalog_group_next",
            [],
            |r| r.get(0),
        )?;
        tx.commit()?;
        match reached {
            Some(reached) if added > 0 => last_group = reached,
            _ => break,
        }
    }
    Ok(())
}

/// Puts the staging copy in place of the live catalogue, inside the caller's transaction (which
/// also records the import). Renames only: a moment, whatever the catalogue's size.
pub(crate) fn swap(tx: &Connection) -> Result<(), CatalogError> {
    for (live, _) in TABLES {
        tx.execute_batch(&format!("ALTER TABLE {live} RENAME TO {live}_previous;"))?;
    }
    for (live, next) in TABLES {
        tx.execute_batch(&format!("ALTER TABLE {next} RENAME TO {live};"))?;
    }
    Ok(())
}

fn drop_previous_in(conn: &Connection) -> rusqlite::Result<()> {
    let _turn = WriteTurn::of(conn);
    for (live, _) in TABLES {
        conn.execute_batch(&format!("DROP TABLE IF EXISTS {live}_previous;"))?;
    }
    Ok(())
}

/// Drops the catalogue the swap replaced, one table per transaction. Best effort: what is left
/// (a failure, a kill) is dropped by the next import.
pub(crate) fn drop_previous(conn: &Connection) {
    for (live, _) in TABLES {
        let _turn = WriteTurn::of(conn);
        if let Err(e) = conn.execute_batch(&format!("DROP TABLE IF EXISTS {live}_previous;")) {
            tracing::warn!(error = %e, table = live, "previous catalogue table left for later");
        }
    }
}

/// Drops the staging copy of an import that did not complete. Best effort: the next import
/// drops whatever is left.
pub(crate) fn discard(conn: &Connection) {
    if let Err(e) = drop_staging(conn) {
        tracing::warn!(error = %e, "staging catalogue left for the next import");
    }
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
