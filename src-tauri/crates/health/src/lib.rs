//! The health watch after go-live (SPEC §7b, issue #16): read-only checks that tell the owner
//! when the integration breaks.
//!
//! - [`run_checks`]: the five checks of a run — the token is still accepted and the final
//!   statuses still exist (one light call to the store), the feed still downloads and parses
//!   (conditionally: an unchanged feed is one small request) with about as many products as
//!   before, every chosen reward is still in the feed (and how many are out of stock), the
//!   site and sign-up links still open. Each gives a [`State`], what it found as a message code
//!   with parameters, and what to do.
//! - [`history`]: the results of the last 30 days, the last feed download, and what the owner
//!   was last told of each check, in the app database (migration 8).
//! - [`throttle`]: when a result becomes a desktop notification (at most one "bad" notice per
//!   check a day, one when it recovers).
//!
//! The checks only read: the store gets one `GET`, the feed one conditional `GET`, each link
//! one `GET` through step 9's probe. This crate writes only its own `health_*` tables and calls
//! nothing that writes the ledger, so no points entry can come from it.

mod feed;
pub mod history;
mod links;
mod run;
mod store;
pub mod throttle;
mod verdict;

pub use feed::{check_feed, FeedChecks, FeedSnapshot, Rewards, Stock, DROP_WARNING_PERCENT};
pub use links::check_links;
pub use run::{run_checks, run_checks_at, Memory, Run, RunOptions, Target};
pub use store::{check_store, judge_store, FinalStatus, StoreInput, StoreTarget};
pub use throttle::Notice;
pub use verdict::{Check, CheckResult, Note, Report, State};
