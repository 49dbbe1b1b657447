//! Part 4 of a run: single orders re-read with `wspedidos/{id}.json`, at most `max_rechecks`
//! per run.
//!
//! 1. Orders of the window the last complete pass did not see (no part read them since the
//!    pass began): deleted in the store (404: their points are reversed, "excluído na loja"),
//!    or moved across a page boundary while the pass went on (read, they count as seen).
//! 2. Orders still open (or unreadable) placed before the window: whether they became final
//!    matters at any age. The ones checked longest ago go first, and none is re-read within
//!    `reread_after_hours` of its last check, so all of them are covered over time however
//!    many there are, while the cost of a run stays bounded.

use conector_core::timestamp::{self, format as iso};
use conector_simplo7::{OrderRecord, StoreError, UnreadableOrder};
use rusqlite::params;
use time::{Duration, OffsetDateTime};

use crate::checkpoint;
use crate::config::store_today;
use crate::mapping::day_start_utc;
use crate::progress::Phase;
use crate::run::{Halt, Run};

impl Run<'_> {
    pub(crate) async fn reread(&mut self) -> Result<(), Halt> {
        let mut budget = self.config.max_rechecks;
        let store = self.config.store.clone();
        let cp = checkpoint::load(self.conn, &store, self.config.since)?;
        let mut queue: Vec<(i64, String)> = Vec::new();
        if let Some(done) = &cp.window.done {
            let mut stmt = self.conn.prepare(
                "SELECT order_id, placed_at FROM ledger_orders
                 WHERE store = ?1 AND placed_at >= ?2 AND checked_at < ?3
                 ORDER BY checked_at, order_id LIMIT ?4",
            )?;
            let rows = stmt.query_map(
                params![
                    store,
                    iso(day_start_utc(done.from)),
                    done.started_at,
                    budget
                ],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            queue = rows.collect::<Result<_, _>>()?;
        }
        let left = budget.saturating_sub(u32::try_from(queue.len()).unwrap_or(u32::MAX));
        if left > 0 {
            let window_start = self.config.window_start(store_today());
            let stale = conector_ledger::stamp(
                OffsetDateTime::now_utc()
                    - Duration::hours(i64::from(self.config.reread_after_hours)),
            );
            let mut stmt = self.conn.prepare(
                "SELECT order_id, placed_at FROM ledger_orders
                 WHERE store = ?1 AND placed_at < ?2 AND checked_at < ?3
                   AND skip_reason IN ('status_not_final', 'unreadable')
                 ORDER BY checked_at, order_id LIMIT ?4",
            )?;
            let rows = stmt.query_map(
                params![store, iso(day_start_utc(window_start)), stale, left],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            for row in rows {
                queue.push(row?);
            }
        }
        for (id, placed_at) in queue {
            if budget == 0 {
                break;
            }
            budget -= 1;
            let Ok(order_id) = u64::try_from(id) else {
                continue;
            };
            self.check()?;
            let placed_at =
                timestamp::parse(&placed_at).unwrap_or_else(|| day_start_utc(self.config.since));
            let client = self.client;
            match self.call_raw(client.order_record(order_id)).await? {
                Ok(OrderRecord::Read(order)) => {
                    self.commit(std::slice::from_ref(&order), &[], placed_at, |_, _| Ok(()))?;
                }
                Ok(OrderRecord::Unreadable(u)) => {
                    // The id asked for is the order's, whatever the record says.
                    let u = UnreadableOrder {
                        id: Some(order_id),
                        ..u
                    };
                    self.commit(&[], std::slice::from_ref(&u), placed_at, |_, _| Ok(()))?;
                }
                Err(StoreError::OrderNotFound(_)) => self.deleted(id)?,
                Err(e) => return Err(e.into()),
            }
            self.counts.orders_rechecked += 1;
            self.report(Phase::Rechecking);
        }
        Ok(())
    }

    /// The store answered 404: the order's points are reversed and it leaves the preview.
    fn deleted(&mut self, order_id: i64) -> Result<(), Halt> {
        let tx = conector_core::write_turn::Write::begin(self.conn)?;
        let out = conector_ledger::remove_deleted_order(
            &tx,
            &self.config.store,
            order_id,
            OffsetDateTime::now_utc(),
        )?;
        self.counts.deleted += 1;
        crate::run::add(&mut self.counts, out);
        checkpoint::record_counts(&tx, self.run_id, &self.counts)?;
        tx.commit()?;
        Ok(())
    }
}
