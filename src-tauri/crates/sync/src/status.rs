//! What the dashboard reads about the engine: hand-over state, the last run, how far the
//! listing got, and when each part last covered the store.

use rusqlite::{Connection, OptionalExtension};

use crate::checkpoint::{recent_runs, stored, RunRecord};
use crate::config::iso_date;
use crate::coverage::{coverage, Coverage};

/// What the dashboard shows about the engine: hand-over state, the last run, how far the
/// listing got, and when each part last covered the store.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct SyncStatus {
    pub activation: conector_core::activation::Activation,
    pub last_run: Option<RunRecord>,
    /// The start date the listing was made with (`YYYY-MM-DD`), if any run got that far.
    pub since: Option<String>,
    /// The day the last complete listing of new orders began.
    pub last_full_pass: Option<String>,
    /// A listing interrupted mid-way resumes at this page.
    pub resume_page: Option<u32>,
    /// When each part of the engine last checked the store.
    pub coverage: Coverage,
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
    let cp = stored(conn, store)?;
    let coverage = coverage(conn, store, cp.as_ref())?;
    Ok(match cp {
        Some(cp) => SyncStatus {
            activation,
            last_run,
            since: Some(iso_date::format(cp.since)),
            last_full_pass: cp.listing.high_water.map(iso_date::format),
            resume_page: cp.listing.pass_from.map(|_| cp.listing.next_page),
            coverage,
        },
        None => SyncStatus {
            activation,
            last_run,
            since: None,
            last_full_pass: None,
            resume_page: None,
            coverage,
        },
    })
}
