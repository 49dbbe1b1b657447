//! Where the listing of one store stands, and the run records. The checkpoint is written in
//! the same transaction as the page it follows, so it never runs ahead of the ledger.

use rusqlite::{params, Connection, OptionalExtension};
use time::Date;

use crate::config::{iso_date, parse_date};
use crate::progress::{RunCounts, RunResult};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Checkpoint {
    pub since: Date,
    /// The first day of the listing pass in flight; `None` between passes.
    pub pass_from: Option<Date>,
    /// The next page of the pass in flight.
    pub next_page: u32,
    /// The day the last complete pass started: later passes only list from about there.
    pub high_water: Option<Date>,
}

impl Checkpoint {
    fn fresh(since: Date) -> Self {
        Self {
            since,
            pass_from: None,
            next_page: 1,
            high_water: None,
        }
    }
}

/// The stored checkpoint, or a fresh one when none exists or the start date changed.
pub(crate) fn load(conn: &Connection, store: &str, since: Date) -> rusqlite::Result<Checkpoint> {
    let row: Option<(String, Option<String>, u32, Option<String>)> = conn
        .query_row(
            "SELECT since, pass_from, next_page, high_water FROM sync_checkpoints WHERE store = ?1",
            [store],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((stored_since, pass_from, next_page, high_water)) = row else {
        return Ok(Checkpoint::fresh(since));
    };
    let day = |s: Option<String>| s.and_then(|s| parse_date(&s).ok());
    if parse_date(&stored_since).ok() != Some(since) {
        return Ok(Checkpoint::fresh(since));
    }
    Ok(Checkpoint {
        since,
        pass_from: day(pass_from),
        next_page: next_page.max(1),
        high_water: day(high_water),
    })
}

pub(crate) fn save(
    conn: &Connection,
    store: &str,
    cp: &Checkpoint,
    now: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO sync_checkpoints (store, since, pass_from, next_page, high_water, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (store) DO UPDATE SET since = excluded.since,
             pass_from = excluded.pass_from, next_page = excluded.next_page,
             high_water = excluded.high_water, updated_at = excluded.updated_at",
        params![
            store,
            iso_date::format(cp.since),
            cp.pass_from.map(iso_date::format),
            cp.next_page,
            cp.high_water.map(iso_date::format),
            now
        ],
    )?;
    Ok(())
}

/// Starts a run record. Runs still marked running belong to a process that died (we hold the
/// lock), so they are closed as interrupted first.
pub(crate) fn start_run(conn: &Connection, store: &str, now: &str) -> rusqlite::Result<i64> {
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
        "UPDATE sync_runs SET pages = ?2, orders_seen = ?3, entries_added = ?4 WHERE id = ?1",
        params![
            run_id,
            counts.pages,
            counts.orders_read,
            counts.entries_added
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
}

/// The most recent runs, newest first.
pub fn recent_runs(conn: &Connection, limit: u32) -> rusqlite::Result<Vec<RunRecord>> {
    let mut stmt = conn.prepare(
        "SELECT id, store, started_at, finished_at, result, error_code, pages, orders_seen,
                entries_added
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
        })
    })?;
    rows.collect()
}

/// What the dashboard shows about the engine: hand-over state, the last run, how far the
/// listing got.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct SyncStatus {
    pub activation: conector_core::activation::Activation,
    pub last_run: Option<RunRecord>,
    /// The start date the listing was made with (`YYYY-MM-DD`), if any run got that far.
    pub since: Option<String>,
    /// The day the last complete listing pass started.
    pub last_full_pass: Option<String>,
    /// A pass interrupted mid-way resumes at this page.
    pub resume_page: Option<u32>,
}

pub fn sync_status(
    conn: &Connection,
    store: &str,
) -> Result<SyncStatus, conector_core::db::DbError> {
    let activation = conector_core::activation::activation(conn)?;
    let last_run = conn
        .query_row(
            "SELECT id FROM sync_runs WHERE store = ?1 ORDER BY id DESC LIMIT 1",
            [store],
            |r| r.get::<_, i64>(0),
        )
        .optional()?;
    let last_run = match last_run {
        Some(_) => recent_runs(conn, 50)?
            .into_iter()
            .find(|r| r.store == store),
        None => None,
    };
    let cp: Option<(String, Option<String>, u32, Option<String>)> = conn
        .query_row(
            "SELECT since, pass_from, next_page, high_water FROM sync_checkpoints WHERE store = ?1",
            [store],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    Ok(match cp {
        Some((since, pass_from, next_page, high_water)) => SyncStatus {
            activation,
            last_run,
            since: Some(since),
            last_full_pass: high_water,
            resume_page: pass_from.map(|_| next_page),
        },
        None => SyncStatus {
            activation,
            last_run,
            since: None,
            last_full_pass: None,
            resume_page: None,
        },
    })
}
