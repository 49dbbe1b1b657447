//! Part 2 of a run: late reversals, from the store's own listing of its cancel and return
//! statuses since the start of the return window (`wspedidos.json?status=ID&data_inicio=`,
//! SPEC §2.1). An order delivered in August and returned in November shows up there, however
//! old it is within the window.
//!
//! Each status keeps its place across runs (`sync_status_listings`) within a page budget per
//! run. When a listing was last read to its end, the store's count of matching orders was kept:
//! if page 1 reports the same count, nothing joined or left the status since and the rest is
//! not read (one request per status in a quiet store). Stores that send no count are simply
//! read through, a few pages per run.

use rusqlite::{params, Connection, OptionalExtension};
use time::Date;

use crate::config::{iso_date, store_today};
use crate::mapping::day_start_utc;
use crate::progress::Phase;
use crate::run::{Halt, Run};

/// Where the listing of one status stands.
#[derive(Debug, Clone, PartialEq, Eq)]
struct StatusListing {
    since: Date,
    next_page: u32,
    done_count: Option<u64>,
}

fn load(conn: &Connection, store: &str, status: &str) -> rusqlite::Result<Option<StatusListing>> {
    conn.query_row(
        "SELECT since, next_page, done_count FROM sync_status_listings
         WHERE store = ?1 AND status_id = ?2",
        params![store, status],
        |r| {
            let since: String = r.get(0)?;
            Ok((since, r.get::<_, u32>(1)?, r.get::<_, Option<u64>>(2)?))
        },
    )
    .optional()
    .map(|row| {
        row.and_then(|(since, next_page, done_count)| {
            Some(StatusListing {
                since: iso_date::parse(&since).ok()?,
                next_page: next_page.max(1),
                done_count,
            })
        })
    })
}

fn save(
    conn: &Connection,
    store: &str,
    status: &str,
    listing: &StatusListing,
    checked_at: Option<&str>,
) -> rusqlite::Result<()> {
    let _turn = conector_core::write_turn::WriteTurn::of(conn);
    conn.execute(
        "INSERT INTO sync_status_listings (store, status_id, since, next_page, done_count,
             checked_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (store, status_id) DO UPDATE SET since = excluded.since,
             next_page = excluded.next_page, done_count = excluded.done_count,
             checked_at = COALESCE(excluded.checked_at, sync_status_listings.checked_at)",
        params![
            store,
            status,
            iso_date::format(listing.since),
            listing.next_page,
            listing.done_count,
            checked_at
        ],
    )?;
    Ok(())
}

/// Statuses checked longest ago first, so a small budget still reaches every one in turn.
fn by_age(conn: &Connection, store: &str, statuses: Vec<String>) -> rusqlite::Result<Vec<String>> {
    let mut aged = Vec::with_capacity(statuses.len());
    for status in statuses {
        let checked: Option<String> = conn
            .query_row(
                "SELECT checked_at FROM sync_status_listings WHERE store = ?1 AND status_id = ?2",
                params![store, status],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        aged.push((checked, status));
    }
    aged.sort();
    Ok(aged.into_iter().map(|(_, s)| s).collect())
}

impl Run<'_> {
    pub(crate) async fn list_returns(&mut self) -> Result<(), Halt> {
        let mut budget = self.config.status_pages_per_run;
        let store = self.config.store.clone();
        let since = self.config.window_start(store_today());
        let statuses = by_age(
            self.conn,
            &store,
            self.reversal_statuses().into_iter().collect(),
        )?;
        for status in statuses {
            if budget == 0 {
                break;
            }
            let mut state = match load(self.conn, &store, &status)? {
                Some(s) if s.since == since => s,
                _ => StatusListing {
                    since,
                    next_page: 1,
                    done_count: None,
                },
            };
            let client = self.client;
            let mut pager = client
                .orders_with_status(&status, since)
                .starting_at(state.next_page);
            while budget > 0 {
                self.check()?;
                let Some(page) = self.call(pager.next_page()).await? else {
                    break;
                };
                budget -= 1;
                let unchanged =
                    page.page == 1 && page.total.is_some() && page.total == state.done_count;
                let done = unchanged || !page.has_next_page;
                state = if done {
                    StatusListing {
                        since,
                        next_page: 1,
                        done_count: page.total,
                    }
                } else {
                    StatusListing {
                        next_page: page.page + 1,
                        ..state
                    }
                };
                let saved = state.clone();
                let (store_ref, status_ref) = (&store, &status);
                self.commit(
                    &page.orders,
                    &page.unreadable,
                    day_start_utc(since),
                    |tx, now| save(tx, store_ref, status_ref, &saved, done.then_some(now)),
                )?;
                self.counts.status_pages += 1;
                self.report(Phase::Returns);
                if done {
                    break;
                }
            }
        }
        Ok(())
    }
}
