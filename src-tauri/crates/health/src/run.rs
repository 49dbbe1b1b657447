//! One run of every check, at the same time: the store call, the feed download and the link
//! probes do not wait for each other.

use conector_feed::ReadOptions;
use conector_fetch::Policy;
use conector_simplo7::ClientConfig;
use time::OffsetDateTime;

use crate::feed::{check_feed, FeedChecks, FeedSnapshot, Rewards};
use crate::links::check_links;
use crate::store::{check_store, FinalStatus, StoreInput};
use crate::verdict::{Check, CheckResult, Report, State};
use conector_core::timestamp::format as format_time;

/// What is checked: the store, the integration form's values and the feed, as saved by the
/// wizard (or given on the command line).
#[derive(Debug, Clone)]
pub struct Target {
    pub store: StoreInput,
    pub final_statuses: Vec<FinalStatus>,
    pub feed_url: Option<String>,
    pub rewards: Rewards,
    pub site_url: Option<String>,
    pub signup_url: Option<String>,
    /// The running demo store's address when it is the store: the one loopback, plain-http
    /// address the feed and the links may have (as saved, never as a redirect target). Every
    /// other address is public https ([`Policy`]).
    pub demo_store: Option<String>,
}

/// What earlier runs and steps left to compare with.
#[derive(Debug, Clone, Default)]
pub struct Memory {
    /// The last feed download ([`crate::history::feed_snapshot`]).
    pub feed: Option<FeedSnapshot>,
    /// Products in the catalogue imported in step 6, compared with on the first download.
    pub catalog_items: Option<u32>,
    /// The currency of the catalogue imported in step 6: the feed must stay in it.
    pub catalog_currency: Option<conector_feed::FeedCurrency>,
}

/// Timeouts and limits of a run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub store: ClientConfig,
    pub feed: ReadOptions,
}

impl Default for RunOptions {
    /// Short waits: a check that cannot answer now is looked at again the next hour.
    fn default() -> Self {
        RunOptions {
            store: ClientConfig::interactive(),
            feed: ReadOptions::default(),
        }
    }
}

/// A run's report and the feed snapshot to keep for the next run (save it with
/// [`crate::history::save_feed_snapshot`]; `None`: nothing known yet).
#[derive(Debug, Clone)]
pub struct Run {
    pub report: Report,
    pub feed: Option<FeedSnapshot>,
}

/// Runs every check now.
pub async fn run_checks(target: &Target, memory: &Memory, options: &RunOptions) -> Run {
    run_checks_at(target, memory, options, OffsetDateTime::now_utc()).await
}

/// [`run_checks`] with the run's time given (tests).
pub async fn run_checks_at(
    target: &Target,
    memory: &Memory,
    options: &RunOptions,
    now: OffsetDateTime,
) -> Run {
    let checked_at = format_time(now);
    let store = check_store(&target.store, &target.final_statuses, options.store.clone());
    let demo = target.demo_store.as_deref();
    let links = check_links(
        target.site_url.as_deref(),
        target.signup_url.as_deref(),
        Policy::links().with_demo_store(demo),
    );
    let feed_policy = Policy::feed().with_demo_store(demo);
    // The feed reader blocks: it runs on a blocking thread while the others wait on the network.
    let feed = {
        let (url, rewards, read) = (
            target.feed_url.clone(),
            target.rewards.clone(),
            options.feed.clone(),
        );
        let (previous, catalog_items, catalog_currency, at) = (
            memory.feed.clone(),
            memory.catalog_items,
            memory.catalog_currency.clone(),
            checked_at.clone(),
        );
        tokio::task::spawn_blocking(move || {
            check_feed(
                url.as_deref(),
                previous.as_ref(),
                catalog_items,
                catalog_currency.as_ref(),
                &rewards,
                &feed_policy,
                &read,
                &at,
            )
        })
    };
    let ([token, statuses], links, feed) = tokio::join!(store, links, feed);
    let FeedChecks {
        feed,
        rewards,
        snapshot,
    } = feed.unwrap_or_else(|e| {
        tracing::error!(error = %e, "the feed check stopped");
        interrupted(memory)
    });
    Run {
        report: Report {
            checked_at,
            results: vec![token, statuses, feed, rewards, links],
        },
        feed: snapshot,
    }
}

/// The feed thread panicked (a bug): say so as a warning rather than lose the run.
fn interrupted(memory: &Memory) -> FeedChecks {
    let note = crate::verdict::Note::new(conector_core::MessageCode::Internal);
    FeedChecks {
        feed: CheckResult::new(Check::Feed, State::Warning, note.clone()),
        rewards: CheckResult::new(Check::Rewards, State::Skipped, note),
        snapshot: memory.feed.clone(),
    }
}
