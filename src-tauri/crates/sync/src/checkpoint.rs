//! Where the listing of one store stands, and the run records. The checkpoint is written in
//! the same transaction as the page it follows, so it never runs ahead of the ledger.

use conector_core::write_turn::WriteTurn;
use rusqlite::{params, Connection, OptionalExtension};
use time::Date;

use crate::config::{iso_date, parse_date};
use crate::progress::{RunCounts, RunResult};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Checkpoint {
    pub since: Date,
    pub listing: Listing,
    pub window: Window,
}

/// The listing of new orders (`wspedidos.json?data_inicio=`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Listing {
    /// The first day of the listing in flight; `None` between listings.
    pub pass_from: Option<Date>,
    /// The next page of the listing in flight.
    pub next_page: u32,
    /// The store day the listing in flight began.
    pub pass_started: Option<Date>,
    /// The store day the last complete listing began.
    pub high_water: Option<Date>,
    /// First day and last page of the last complete listing: the next one re-reads that page
    /// (it fills up with new orders) instead of the whole day.
    pub tail: Option<(Date, u32)>,
    /// When the last listing completed (UTC, RFC 3339).
    pub listed_at: Option<String>,
}

/// The return-window pass over `wspedidos.json?data_inicio=<window start>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Window {
    pub in_flight: Option<WindowPass>,
    pub done: Option<DonePass>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WindowPass {
    pub from: Date,
    pub next_page: u32,
    /// When the pass began (UTC, RFC 3339).
    pub started_at: String,
    pub page_count: Option<u32>,
}

/// The last complete window pass: every order of the window the store listed during it was
/// read at or after `started_at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DonePass {
    pub from: Date,
    pub started_at: String,
    pub done_at: String,
}

impl Checkpoint {
    fn fresh(since: Date) -> Self {
        Self {
            since,
            listing: Listing {
                next_page: 1,
                ..Listing::default()
            },
            window: Window::default(),
        }
    }
}

const COLUMNS: &str = "since, pass_from, next_page, pass_started, high_water, tail_from, tail_page,
     listed_at, window_from, window_next_page, window_started_at, window_page_count,
     window_done_from, window_done_started_at, window_done_at";

fn day(text: Option<String>) -> Option<Date> {
    text.and_then(|s| parse_date(&s).ok())
}

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Checkpoint> {
    // A start date that does not parse never equals the configured one: a fresh start.
    let since = day(r.get(0)?).unwrap_or(Date::MIN);
    let listing = Listing {
        pass_from: day(r.get(1)?),
        next_page: r.get::<_, u32>(2)?.max(1),
        pass_started: day(r.get(3)?),
        high_water: day(r.get(4)?),
        tail: day(r.get(5)?).zip(r.get::<_, Option<u32>>(6)?),
        listed_at: r.get(7)?,
    };
    let in_flight = match (day(r.get(8)?), r.get::<_, Option<u32>>(9)?, r.get(10)?) {
        (Some(from), Some(next_page), Some(started_at)) => Some(WindowPass {
            from,
            next_page: next_page.max(1),
            started_at,
            page_count: r.get(11)?,
        }),
        _ => None,
    };
    let done = match (day(r.get(12)?), r.get(13)?, r.get(14)?) {
        (Some(from), Some(started_at), Some(done_at)) => Some(DonePass {
            from,
            started_at,
            done_at,
        }),
        _ => None,
    };
    Ok(Checkpoint {
        since,
        listing,
        window: Window { in_flight, done },
    })
}

/// The stored checkpoint as it is, if any (whatever its start date).
pub(crate) fn stored(conn: &Connection, store: &str) -> rusqlite::Result<Option<Checkpoint>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM sync_checkpoints WHERE store = ?1"),
        [store],
        read_row,
    )
    .optional()
}

/// The stored checkpoint, or a fresh one when none exists or the start date changed (then
/// every part starts over).
pub(crate) fn load(conn: &Connection, store: &str, since: Date) -> rusqlite::Result<Checkpoint> {
    match stored(conn, store)? {
        Some(cp) if cp.since == since => Ok(cp),
        _ => Ok(Checkpoint::fresh(since)),
    }
}

pub(crate) fn save(
    conn: &Connection,
    store: &str,
    cp: &Checkpoint,
    now: &str,
) -> rusqlite::Result<()> {
    let l = &cp.listing;
    let w = cp.window.in_flight.as_ref();
    let d = cp.window.done.as_ref();
    conn.execute(
        "INSERT INTO sync_checkpoints (store, since, pass_from, next_page, pass_started,
             high_water, tail_from, tail_page, listed_at, window_from, window_next_page,
             window_started_at, window_page_count, window_done_from, window_done_started_at,
             window_done_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
         ON CONFLICT (store) DO UPDATE SET since = excluded.since,
             pass_from = excluded.pass_from, next_page = excluded.next_page,
             pass_started = excluded.pass_started, high_water = excluded.high_water,
             tail_from = excluded.tail_from, tail_page = excluded.tail_page,
             listed_at = excluded.listed_at, window_from = excluded.window_from,
             window_next_page = excluded.window_next_page,
             window_started_at = excluded.window_started_at,
             window_page_count = excluded.window_page_count,
             window_done_from = excluded.window_done_from,
             window_done_started_at = excluded.window_done_started_at,
             window_done_at = excluded.window_done_at, updated_at = excluded.updated_at",
        params![
            store,
            iso_date::format(cp.since),
            l.pass_from.map(iso_date::format),
            l.next_page,
            l.pass_started.map(iso_date::format),
            l.high_water.map(iso_date::format),
            l.tail.map(|(d, _)| iso_date::format(d)),
            l.tail.map(|(_, p)| p),
            l.listed_at,
            w.map(|w| iso_date::format(w.from)),
            w.map(|w| w.next_page),
            w.map(|w| w.started_at.clone()),
            w.and_then(|w| w.page_count),
            d.map(|d| iso_date::format(d.from)),
            d.map(|d| d.started_at.clone()),
            d.map(|d| d.done_at.clone()),
            now
        ],
    )?;
    Ok(())
}

/// Starts a run record. Runs still marked running belong to a process that died (we hold the
/// lock), so they are closed as interrupted first.
pub(crate) fn start_run(conn: &Connection, store: &str, now: &str) -> rusqlite::Result<i64> {
    let _turn = WriteTurn::of(conn);
    conn.execute(
        "UPDATE sync_runs SET result = 'interrupted', finished_at = ?1 WHERE result = 'running'",
        [now],
    )?;
    conn.execute(
        "INSERT INTO sync_runs (store, started_at, result) VALUES (?1, ?2, 'running')",
        params![store, now],
    )?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn record_counts(
    conn: &Connection,
    run_id: i64,
    counts: &RunCounts,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE sync_runs SET pages = ?2, orders_seen = ?3, entries_added = ?4, requests = ?5
         WHERE id = ?1",
        params![
            run_id,
            counts.pages + counts.window_pages + counts.status_pages,
            counts.orders_read,
            counts.entries_added,
            counts.requests
        ],
    )?;
    Ok(())
}

pub(crate) fn finish_run(
    conn: &Connection,
    run_id: i64,
    result: &RunResult,
    counts: &RunCounts,
    now: &str,
) -> rusqlite::Result<()> {
    let code = match result {
        RunResult::Failed { error } => Some(error.code.as_str()),
        _ => None,
    };
    let _turn = WriteTurn::of(conn);
    record_counts(conn, run_id, counts)?;
    conn.execute(
        "UPDATE sync_runs SET result = ?2, error_code = ?3, finished_at = ?4 WHERE id = ?1",
        params![run_id, result.as_str(), code, now],
    )?;
    Ok(())
}

/// One past run, for the dashboard ("última sincronização").
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct RunRecord {
    pub id: i64,
    pub store: String,
    pub started_at: String,
    pub finished_at: Option<String>,
    /// `running`, `ok`, `cancelled`, `failed`, `handed_over` or `interrupted`.
    pub result: String,
    pub error_code: Option<String>,
    pub pages: u32,
    pub orders_read: u32,
    pub entries_added: u32,
    /// Store requests the run made (retries not counted).
    pub requests: u32,
}

/// The most recent runs, newest first.
pub fn recent_runs(conn: &Connection, limit: u32) -> rusqlite::Result<Vec<RunRecord>> {
    let mut stmt = conn.prepare(
        "SELECT id, store, started_at, finished_at, result, error_code, pages, orders_seen,
                entries_added, requests
         FROM sync_runs ORDER BY id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        Ok(RunRecord {
            id: r.get(0)?,
            store: r.get(1)?,
            started_at: r.get(2)?,
            finished_at: r.get(3)?,
            result: r.get(4)?,
            error_code: r.get(5)?,
            pages: r.get(6)?,
            orders_read: r.get(7)?,
            entries_added: r.get(8)?,
            requests: r.get(9)?,
        })
    })?;
    rows.collect()
}

/// Forgets where every listing stands (after the preview's data was erased): the next run reads
/// the store again from the start date, as a first run does. Run records stay (they hold counts,
/// never a customer).
pub fn forget_progress(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM sync_checkpoints", [])?;
    conn.execute("DELETE FROM sync_status_listings", [])?;
    Ok(())
}
