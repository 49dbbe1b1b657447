//! When each part of the engine last checked the store: what the dashboard shows next to each
//! part ("verificado em ...") so the owner sees that old orders are not forgotten.

use rusqlite::{params, Connection};
use serde::Serialize;

use crate::checkpoint::Checkpoint;
use crate::config::iso_date;
use crate::mapping::day_start_utc;

/// Part by part, when the store was last checked. Times are UTC (RFC 3339), days `YYYY-MM-DD`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct Coverage {
    /// New orders: when the last listing of new orders completed.
    pub new_orders_checked_at: Option<String>,
    /// The return window: the first day of the last complete pass over it, and when it ended.
    pub window_from: Option<String>,
    pub window_checked_at: Option<String>,
    /// The pass over the window going on across runs, if any.
    pub window_in_progress: Option<WindowProgress>,
    /// The store's cancel/return statuses: when each listing last completed (or was found
    /// unchanged), oldest first.
    pub returns: Vec<StatusChecked>,
    /// Orders still open placed before the window, re-read one by one (oldest-checked first):
    /// how many, and when the one checked longest ago was last read.
    pub open_before_window: u64,
    pub open_oldest_checked_at: Option<String>,
    /// Orders the last complete pass over the window did not see, waiting to be re-read alone
    /// (a 404 reverses their points: "excluído na loja").
    pub unseen_in_window: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct WindowProgress {
    pub from: String,
    pub next_page: u32,
    pub page_count: Option<u32>,
    pub started_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct StatusChecked {
    pub status_id: String,
    pub checked_at: Option<String>,
}

/// Where every part stands for `store`, from its checkpoint (if any run got that far).
pub fn coverage(
    conn: &Connection,
    store: &str,
    cp: Option<&Checkpoint>,
) -> rusqlite::Result<Coverage> {
    let mut c = Coverage::default();
    let returns = {
        let mut stmt = conn.prepare(
            "SELECT status_id, checked_at FROM sync_status_listings WHERE store = ?1
             ORDER BY checked_at IS NOT NULL, checked_at, status_id",
        )?;
        let rows = stmt.query_map([store], |r| {
            Ok(StatusChecked {
                status_id: r.get(0)?,
                checked_at: r.get(1)?,
            })
        })?;
        rows.collect::<Result<Vec<_>, _>>()?
    };
    c.returns = returns;
    let Some(cp) = cp else {
        return Ok(c);
    };
    c.new_orders_checked_at = cp.listing.listed_at.clone();
    if let Some(done) = &cp.window.done {
        c.window_from = Some(iso_date::format(done.from));
        c.window_checked_at = Some(done.done_at.clone());
        c.unseen_in_window = conn.query_row(
            "SELECT COUNT(*) FROM ledger_orders
             WHERE store = ?1 AND placed_at >= ?2 AND checked_at < ?3",
            params![
                store,
                conector_core::timestamp::format(day_start_utc(done.from)),
                done.started_at
            ],
            |r| r.get(0),
        )?;
    }
    c.window_in_progress = cp.window.in_flight.as_ref().map(|w| WindowProgress {
        from: iso_date::format(w.from),
        next_page: w.next_page,
        page_count: w.page_count,
        started_at: w.started_at.clone(),
    });
    let window_start = cp.window.done.as_ref().map(|d| d.from).or(cp
        .window
        .in_flight
        .as_ref()
        .map(|w| w.from));
    if let Some(start) = window_start {
        (c.open_before_window, c.open_oldest_checked_at) = conn.query_row(
            "SELECT COUNT(*), MIN(checked_at) FROM ledger_orders
             WHERE store = ?1 AND placed_at < ?2
               AND skip_reason IN ('status_not_final', 'unreadable')",
            params![
                store,
                conector_core::timestamp::format(day_start_utc(start))
            ],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
    }
    Ok(c)
}
