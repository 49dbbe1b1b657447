//! Part 1 of a run: new orders, from `wspedidos.json?data_inicio=`.
//!
//! The first listing reads every order since the start date. A listing that completes leaves
//! its first day and last page behind; the next run re-reads that last page (it fills up with
//! the orders placed since) and goes on while the store says there is a next page: one
//! request when nothing happened. Once a day has passed since that listing began, the next
//! one starts again from the day before it began (a day of margin for orders recorded late).
//! Orders a page shift hides from this part are found by the pass over the return window.

use time::Duration;

use crate::checkpoint::{self, Listing};
use crate::config::store_today;
use crate::mapping::day_start_utc;
use crate::progress::Phase;
use crate::run::{Halt, Run};

impl Run<'_> {
    pub(crate) async fn list_new_orders(&mut self) -> Result<(), Halt> {
        let store = self.config.store.clone();
        let today = store_today();
        let mut cp = checkpoint::load(self.conn, &store, self.config.since)?;
        let l = &cp.listing;
        let (from, first_page, began) = match (l.pass_from, l.tail, l.high_water) {
            // A listing cut short (killed, cancelled, failed): on from its next page.
            (Some(from), _, _) => (from, l.next_page, l.pass_started.unwrap_or(from)),
            (None, Some((tail_from, tail_page)), Some(high_water))
                if tail_from >= (high_water - Duration::days(1)).max(cp.since) =>
            {
                (tail_from, tail_page, today)
            }
            (None, _, Some(high_water)) => {
                ((high_water - Duration::days(1)).max(cp.since), 1, today)
            }
            (None, _, None) => (cp.since, 1, today),
        };
        let started_at = crate::run::now_stamp();
        let client = self.client;
        let mut pager = client.orders_since(from).starting_at(first_page);
        let fallback = day_start_utc(from);
        loop {
            self.check()?;
            let Some(page) = self.call(pager.next_page()).await? else {
                break;
            };
            self.counts.page_count = page.page_count;
            let listing = if page.has_next_page {
                Listing {
                    pass_from: Some(from),
                    next_page: page.page + 1,
                    pass_started: Some(began),
                    ..cp.listing.clone()
                }
            } else {
                Listing {
                    pass_from: None,
                    next_page: 1,
                    pass_started: None,
                    high_water: Some(began),
                    tail: Some((from, page.page)),
                    listed_at: Some(crate::run::now_stamp()),
                }
            };
            cp.listing = listing;
            self.commit(&page.orders, &page.unreadable, fallback, |tx, now| {
                checkpoint::save(tx, &store, &cp, now)
            })?;
            self.counts.pages += 1;
            self.report(Phase::Listing);
            if !page.has_next_page {
                if first_page == 1 {
                    // Every order since `from` was just read: the window pass may count on it.
                    self.listed_window_from = Some((from, started_at.clone()));
                }
                break;
            }
        }
        Ok(())
    }
}
