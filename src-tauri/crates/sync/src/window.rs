//! Part 3 of a run: the return window. Every order placed in the last `return_window_days`
//! (never before the start date) is listed again by a pass over
//! `wspedidos.json?data_inicio=<window start>`, at most `window_pages_per_run` pages per run:
//! the pass goes on across runs, so a large store is not re-read every 15 minutes, and a run
//! costs the same whatever the number of orders outside the window.
//!
//! What a pass finds: status changes at any age within the window, refunds and edits (a
//! changed amount), a CPF filled in later, records that became unreadable or readable again.
//! When a pass ends, the orders of its window it did not see (not read by any part since it
//! began) are re-read one by one by part 4: a 404 means the order was deleted in the store.
//!
//! A run that resumes a pass begun earlier finishes it and, budget permitting, begins and
//! finishes a new one, so that with a budget larger than the window one run always covers the
//! store as it is during that run.

use crate::checkpoint::{self, DonePass, WindowPass};
use crate::config::store_today;
use crate::mapping::day_start_utc;
use crate::progress::Phase;
use crate::run::{now_stamp, Halt, Run};

impl Run<'_> {
    pub(crate) async fn window_pass(&mut self) -> Result<(), Halt> {
        let store = self.config.store.clone();
        let mut budget = self.config.window_pages_per_run;
        let mut began_here = false;
        let window_start = self.config.window_start(store_today());
        while budget > 0 {
            let mut cp = checkpoint::load(self.conn, &store, self.config.since)?;
            let pass = match cp.window.in_flight.clone() {
                Some(pass) => pass,
                None => {
                    if began_here {
                        break;
                    }
                    began_here = true;
                    // This run already listed every order since a day on or before the window
                    // start, from its first page to its last: that was a pass over the window.
                    if let Some((from, started_at)) = self.listed_window_from.clone() {
                        if from <= window_start {
                            cp.window.done = Some(DonePass {
                                from: window_start,
                                started_at,
                                done_at: now_stamp(),
                            });
                            let saved = cp.clone();
                            let tx = conector_core::write_turn::Write::begin(self.conn)?;
                            checkpoint::save(
                                &tx,
                                &store,
                                &saved,
                                &conector_core::timestamp::now(),
                            )?;
                            tx.commit()?;
                            break;
                        }
                    }
                    WindowPass {
                        from: window_start,
                        next_page: 1,
                        started_at: now_stamp(),
                        page_count: None,
                    }
                }
            };
            let client = self.client;
            let mut pager = client.orders_since(pass.from).starting_at(pass.next_page);
            let mut finished = false;
            while budget > 0 {
                self.check()?;
                let Some(page) = self.call(pager.next_page()).await? else {
                    finished = true;
                    break;
                };
                budget -= 1;
                if page.has_next_page {
                    cp.window.in_flight = Some(WindowPass {
                        next_page: page.page + 1,
                        page_count: page.page_count,
                        ..pass.clone()
                    });
                } else {
                    cp.window.in_flight = None;
                    cp.window.done = Some(DonePass {
                        from: pass.from,
                        started_at: pass.started_at.clone(),
                        done_at: now_stamp(),
                    });
                    finished = true;
                }
                let saved = cp.clone();
                self.commit(
                    &page.orders,
                    &page.unreadable,
                    day_start_utc(pass.from),
                    |tx, now| checkpoint::save(tx, &store, &saved, now),
                )?;
                self.counts.window_pages += 1;
                self.report(Phase::Window);
                if finished {
                    break;
                }
            }
            if !finished || began_here {
                break;
            }
        }
        Ok(())
    }
}
