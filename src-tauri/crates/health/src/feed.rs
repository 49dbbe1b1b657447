//! The feed and reward checks: one download of the feed answers both.
//!
//! The download is conditional: the `ETag` and `Last-Modified` of the last download go back as
//! `If-None-Match` and `If-Modified-Since`, and a server whose feed did not change answers
//! `304 Not Modified` without a body — an unchanged feed costs one small request, whatever its
//! size. What the last download found (item count, the chosen rewards' stock) is kept in a
//! [`FeedSnapshot`] and stands for an unchanged feed.
//!
//! A changed feed is read by the same streaming reader as step 6 (`conector_feed`), with its
//! limits; nothing is written to the catalogue.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;

use conector_core::{CodedError, MessageCode, Params};
use conector_feed::{Availability, FeedCurrency, FeedError, Item, ReadOptions};
use conector_fetch::feed::{download_feed, read_body};
use conector_fetch::{Fetched, Policy, Validators};
use serde::{Deserialize, Serialize};

use crate::verdict::{Check, CheckResult, Note, State};

/// A drop of more than this share of the products (in percent) since the last count is a
/// warning.
pub const DROP_WARNING_PERCENT: u32 = 20;

/// How many missing SKUs a message lists before "…".
const LISTED_SKUS: usize = 10;

/// What the health watch remembers of the feed between runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedSnapshot {
    pub url: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Products in the feed at the last download.
    pub items: u32,
    /// The count the next download is compared with: the last count that was not a drop of
    /// more than [`DROP_WARNING_PERCENT`]. A drop leaves it in place, so the warning stays
    /// until the products come back or the owner accepts the new count.
    pub baseline: u32,
    /// When the feed was last downloaded whole, RFC 3339 UTC.
    pub downloaded_at: String,
    /// The reward SKUs looked for in that download, and what was found.
    pub stock: BTreeMap<String, Stock>,
    /// The currency of the prices at that download (`None` before it was kept).
    #[serde(default)]
    pub currency: Option<FeedCurrency>,
}

/// What the feed says of one chosen reward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stock {
    /// In the feed and not out of stock (in stock, pre-order, backorder or unstated).
    Available,
    OutOfStock,
    /// Not in the feed.
    Missing,
}

/// The rewards the owner offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rewards {
    /// The whole catalogue: no SKU to look for.
    WholeCatalog,
    /// These SKUs (empty: none chosen).
    Skus(Vec<String>),
}

/// The feed and reward verdicts, and what to remember for the next run (`None`: nothing known).
#[derive(Debug, Clone)]
pub struct FeedChecks {
    pub feed: CheckResult,
    pub rewards: CheckResult,
    pub snapshot: Option<FeedSnapshot>,
}

/// What the download brought.
#[derive(Debug)]
pub(crate) enum Download {
    /// `304`: the feed is as at the last download.
    Unchanged,
    Read {
        items: u32,
        etag: Option<String>,
        last_modified: Option<String>,
        stock: BTreeMap<String, Stock>,
        currency: Option<FeedCurrency>,
    },
}

/// Runs both checks (blocking: call it off the async workers). `previous` is the last
/// snapshot; `catalog_items` the count of the catalogue imported in step 6, compared with
/// when no download of this address was seen yet; `catalog_currency` the currency step 6 saw,
/// which the feed's prices must still be in; the download follows `policy` (normally
/// [`Policy::feed`]). `now` is RFC 3339 UTC.
#[allow(clippy::too_many_arguments)] // each is one input of the check, named at the call
pub fn check_feed(
    url: Option<&str>,
    previous: Option<&FeedSnapshot>,
    catalog_items: Option<u32>,
    catalog_currency: Option<&FeedCurrency>,
    rewards: &Rewards,
    policy: &Policy,
    options: &ReadOptions,
    now: &str,
) -> FeedChecks {
    let skus = match rewards {
        Rewards::WholeCatalog => None,
        Rewards::Skus(skus) => Some(
            skus.iter()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect::<BTreeSet<String>>(),
        ),
    };
    let Some(url) = url.map(str::trim).filter(|u| !u.is_empty()) else {
        return FeedChecks {
            feed: CheckResult::skipped(Check::Feed, MessageCode::HealthFeedNone),
            rewards: rewards_without_feed(skus.as_ref()),
            snapshot: previous.cloned(),
        };
    };
    let previous = previous.filter(|p| p.url == url);
    let skus = skus.unwrap_or_default();
    // An unchanged feed can only stand in for a download that looked for every SKU chosen now.
    let validators = previous.filter(|p| {
        (p.etag.is_some() || p.last_modified.is_some())
            && skus.iter().all(|s| p.stock.contains_key(s))
    });
    let fetched = fetch(url, validators, &skus, policy, options);
    let checks = judge(url, previous, catalog_items, fetched, rewards, &skus, now);
    same_currency(checks, catalog_currency)
}

/// A feed whose prices changed currency since step 6 (or started mixing currencies) is a
/// warning: reward costs and the coupon in the panel follow the feed's prices. It outranks
/// the other findings about a feed that was read.
pub(crate) fn same_currency(mut checks: FeedChecks, expected: Option<&FeedCurrency>) -> FeedChecks {
    let now = checks.snapshot.as_ref().and_then(|s| s.currency.as_ref());
    let (Some(expected), Some(now)) = (expected, now) else {
        return checks;
    };
    if checks.feed.state == State::Problem || expected == now {
        return checks;
    }
    let found = Note::with(
        MessageCode::HealthFeedCurrencyChanged,
        Params::new()
            .text("before", currency_text(expected))
            .text("now", currency_text(now)),
    );
    checks.feed = CheckResult::new(Check::Feed, State::Warning, found)
        .todo(MessageCode::HealthTodoFeedCurrency);
    checks
}

/// "BRL", "KZT", or "BRL, EUR" for a feed that mixes them.
fn currency_text(currency: &FeedCurrency) -> String {
    match currency {
        FeedCurrency::Reais => conector_feed::REAIS.to_owned(),
        FeedCurrency::Other { code } => code.clone(),
        FeedCurrency::Mixed { counts } => counts
            .iter()
            .map(|c| c.code.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn fetch(
    url: &str,
    validators: Option<&FeedSnapshot>,
    skus: &BTreeSet<String>,
    policy: &Policy,
    options: &ReadOptions,
) -> Result<Download, FeedError> {
    let validators = validators.map(|previous| Validators {
        etag: previous.etag.clone(),
        last_modified: previous.last_modified.clone(),
    });
    let body = match download_feed(url, policy, validators.as_ref(), options)? {
        Fetched::NotModified => return Ok(Download::Unchanged),
        Fetched::Body(body) => body,
    };
    let Validators {
        etag,
        last_modified,
    } = body.validators();
    let mut stock: BTreeMap<String, Stock> =
        skus.iter().map(|s| (s.clone(), Stock::Missing)).collect();
    let mut sink = |item: Item| {
        if let Some(slot) = stock.get_mut(&item.id) {
            *slot = match item.availability {
                Availability::OutOfStock => Stock::OutOfStock,
                _ => Stock::Available,
            };
        }
        ControlFlow::Continue(())
    };
    let summary = read_body(body, options, &mut sink)?;
    Ok(Download::Read {
        items: summary.items,
        etag,
        last_modified,
        stock,
        currency: summary.currency,
    })
}

/// The verdicts from what the download brought (pure: the unit tests drive it).
pub(crate) fn judge(
    url: &str,
    previous: Option<&FeedSnapshot>,
    catalog_items: Option<u32>,
    fetched: Result<Download, FeedError>,
    rewards: &Rewards,
    skus: &BTreeSet<String>,
    now: &str,
) -> FeedChecks {
    let (snapshot, unchanged) = match (fetched, previous) {
        (Ok(Download::Unchanged), Some(previous)) => (previous.clone(), true),
        (Ok(Download::Unchanged), None) => {
            // Only a request with validators can be answered 304; without a snapshot none went.
            return failed(FeedError::HttpStatus { status: 304 }, rewards, skus, None);
        }
        (
            Ok(Download::Read {
                items,
                etag,
                last_modified,
                stock,
                currency,
            }),
            _,
        ) => {
            let baseline = previous.map(|p| p.baseline).or(catalog_items);
            let snapshot = FeedSnapshot {
                url: url.to_owned(),
                etag,
                last_modified,
                items,
                baseline: match baseline {
                    Some(baseline) if dropped(items, baseline) => baseline,
                    _ => items,
                },
                downloaded_at: now.to_owned(),
                stock,
                currency,
            };
            (snapshot, false)
        }
        (Err(e), previous) => return failed(e, rewards, skus, previous),
    };
    let feed = if dropped(snapshot.items, snapshot.baseline) {
        let lost = u64::from(snapshot.baseline - snapshot.items);
        let base = u64::from(snapshot.baseline);
        let percent = (lost * 100 + base / 2) / base;
        let found = Note::with(
            MessageCode::HealthFeedDropped,
            Params::new()
                .number("count", snapshot.items)
                .number("previous", snapshot.baseline)
                .number("percent", i64::try_from(percent).unwrap_or(100)),
        );
        CheckResult::new(Check::Feed, State::Warning, found)
            .todo(MessageCode::HealthTodoFeedDropped)
    } else if unchanged {
        CheckResult::ok(
            Check::Feed,
            MessageCode::HealthFeedUnchanged,
            Params::new()
                .number("count", snapshot.items)
                .date_time("since", snapshot.downloaded_at.clone()),
        )
    } else {
        CheckResult::ok(
            Check::Feed,
            MessageCode::HealthFeedOk,
            Params::new().number("count", snapshot.items),
        )
    };
    let rewards = match rewards {
        Rewards::WholeCatalog => {
            CheckResult::skipped(Check::Rewards, MessageCode::HealthRewardsWholeCatalog)
        }
        Rewards::Skus(_) if skus.is_empty() => {
            CheckResult::skipped(Check::Rewards, MessageCode::HealthRewardsNoneChosen)
        }
        Rewards::Skus(_) => judge_rewards(skus, &snapshot.stock),
    };
    FeedChecks {
        feed,
        rewards,
        snapshot: Some(snapshot),
    }
}

/// True when `items` is more than [`DROP_WARNING_PERCENT`] below `baseline`.
pub(crate) fn dropped(items: u32, baseline: u32) -> bool {
    u64::from(items) * 100 < u64::from(baseline) * u64::from(100 - DROP_WARNING_PERCENT)
}

fn failed(
    e: FeedError,
    rewards: &Rewards,
    skus: &BTreeSet<String>,
    previous: Option<&FeedSnapshot>,
) -> FeedChecks {
    let (state, todo) = match &e {
        FeedError::HttpStatus {
            status: 401 | 403 | 404 | 410,
        } => (State::Problem, MessageCode::HealthTodoFeed),
        e if e.is_rejection() => (State::Problem, MessageCode::HealthTodoFeed),
        // The address itself leads where the app never downloads from: no later run helps.
        FeedError::Refused { .. } => (State::Problem, MessageCode::HealthTodoFeed),
        // Network, timeouts, server errors: perhaps this computer's connection; next run looks
        // again.
        _ => (State::Warning, MessageCode::HealthTodoFeedLater),
    };
    let feed = CheckResult::new(Check::Feed, state, e.payload().into()).todo(todo);
    let skus = match rewards {
        Rewards::WholeCatalog => None,
        Rewards::Skus(_) => Some(skus),
    };
    FeedChecks {
        feed,
        rewards: rewards_without_feed(skus),
        snapshot: previous.cloned(),
    }
}

fn rewards_without_feed(skus: Option<&BTreeSet<String>>) -> CheckResult {
    let code = match skus {
        None => MessageCode::HealthRewardsWholeCatalog,
        Some(skus) if skus.is_empty() => MessageCode::HealthRewardsNoneChosen,
        Some(_) => MessageCode::HealthRewardsNotChecked,
    };
    CheckResult::skipped(Check::Rewards, code)
}

/// Missing rewards are at least a warning (a problem when none is left); out of stock only
/// when every reward is.
pub(crate) fn judge_rewards(
    skus: &BTreeSet<String>,
    stock: &BTreeMap<String, Stock>,
) -> CheckResult {
    let total = skus.len();
    let state_of = |sku: &String| stock.get(sku).copied().unwrap_or(Stock::Missing);
    let missing: Vec<&String> = skus
        .iter()
        .filter(|s| state_of(s) == Stock::Missing)
        .collect();
    let out = skus
        .iter()
        .filter(|s| state_of(s) == Stock::OutOfStock)
        .count();
    let n = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    let stock_note = || {
        Note::with(
            MessageCode::HealthRewardsSomeOutOfStock,
            Params::new()
                .number("count", n(out))
                .number("total", n(total)),
        )
    };
    if !missing.is_empty() {
        let mut listed = missing
            .iter()
            .take(LISTED_SKUS)
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        if missing.len() > LISTED_SKUS {
            listed.push_str(", …");
        }
        let params = Params::new()
            .number("count", n(missing.len()))
            .number("total", n(total))
            .text("skus", listed);
        let (state, code) = if missing.len() == total {
            (State::Problem, MessageCode::HealthRewardsAllMissing)
        } else {
            (State::Warning, MessageCode::HealthRewardsMissing)
        };
        let mut result = CheckResult::new(Check::Rewards, state, Note::with(code, params))
            .todo(MessageCode::HealthTodoRewards);
        if out > 0 {
            result.also.push(stock_note());
        }
        return result;
    }
    if out == total {
        let found = Note::with(
            MessageCode::HealthRewardsAllOutOfStock,
            Params::new().number("count", n(total)),
        );
        return CheckResult::new(Check::Rewards, State::Warning, found)
            .todo(MessageCode::HealthTodoRewardsStock);
    }
    if out > 0 {
        return CheckResult::new(Check::Rewards, State::Ok, stock_note());
    }
    CheckResult::ok(
        Check::Rewards,
        MessageCode::HealthRewardsOk,
        Params::new().number("count", n(total)),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use conector_core::Param;
    use conector_feed::NotAFeed;

    const URL: &str = "https://loja.example/feed.xml";
    const NOW: &str = "2026-11-30T12:00:00Z";
    const BEFORE: &str = "2026-11-30T11:00:00Z";

    fn skus(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    fn stock(list: &[(&str, Stock)]) -> BTreeMap<String, Stock> {
        list.iter().map(|(s, st)| ((*s).to_owned(), *st)).collect()
    }

    fn snapshot(items: u32, baseline: u32, found: &[(&str, Stock)]) -> FeedSnapshot {
        FeedSnapshot {
            url: URL.into(),
            etag: Some("\"v1\"".into()),
            last_modified: None,
            items,
            baseline,
            downloaded_at: BEFORE.into(),
            stock: stock(found),
            currency: Some(FeedCurrency::Reais),
        }
    }

    fn read(items: u32, found: &[(&str, Stock)]) -> Result<Download, FeedError> {
        Ok(Download::Read {
            items,
            etag: Some("\"v2\"".into()),
            last_modified: Some("Mon, 30 Nov 2026 11:59:00 GMT".into()),
            stock: stock(found),
            currency: Some(FeedCurrency::Reais),
        })
    }

    fn read_in(items: u32, currency: FeedCurrency) -> Result<Download, FeedError> {
        Ok(Download::Read {
            items,
            etag: None,
            last_modified: None,
            stock: BTreeMap::new(),
            currency: Some(currency),
        })
    }

    #[test]
    fn a_feed_whose_currency_changed_since_step_6_is_a_warning_naming_both() {
        let none = skus(&[]);
        let kzt = FeedCurrency::Other { code: "KZT".into() };
        let checks = judge(
            URL,
            None,
            Some(1000),
            read_in(1000, kzt.clone()),
            &Rewards::WholeCatalog,
            &none,
            NOW,
        );
        let checks = same_currency(checks, Some(&FeedCurrency::Reais));
        assert_eq!(checks.feed.state, State::Warning);
        assert_eq!(
            checks.feed.found.code,
            MessageCode::HealthFeedCurrencyChanged
        );
        assert_eq!(
            checks.feed.found.params.get("before"),
            Some(&Param::Text("BRL".into()))
        );
        assert_eq!(
            checks.feed.found.params.get("now"),
            Some(&Param::Text("KZT".into()))
        );
        assert_eq!(
            checks.feed.todo,
            Some(Note::new(MessageCode::HealthTodoFeedCurrency))
        );
        // Kept for the next hour, when the 304 stands on it: still the same warning.
        let kept = checks.snapshot.unwrap();
        let later = judge(
            URL,
            Some(&kept),
            None,
            Ok(Download::Unchanged),
            &Rewards::WholeCatalog,
            &none,
            NOW,
        );
        let later = same_currency(later, Some(&FeedCurrency::Reais));
        assert_eq!(
            later.feed.found.code,
            MessageCode::HealthFeedCurrencyChanged
        );

        // The same currency as step 6 (KZT both times, or reais both times) is fine.
        let same = judge(
            URL,
            None,
            None,
            read_in(1000, kzt.clone()),
            &Rewards::WholeCatalog,
            &none,
            NOW,
        );
        assert_eq!(same_currency(same, Some(&kzt)).feed.state, State::Ok);
        let mixed = FeedCurrency::Mixed {
            counts: vec![
                conector_feed::CurrencyCount {
                    code: "BRL".into(),
                    items: 9,
                },
                conector_feed::CurrencyCount {
                    code: "EUR".into(),
                    items: 1,
                },
            ],
        };
        let now_mixed = judge(
            URL,
            None,
            None,
            read_in(10, mixed),
            &Rewards::WholeCatalog,
            &none,
            NOW,
        );
        let now_mixed = same_currency(now_mixed, Some(&FeedCurrency::Reais));
        assert_eq!(
            now_mixed.feed.found.params.get("now"),
            Some(&Param::Text("BRL, EUR".into()))
        );
    }

    fn rewards(list: &[&str]) -> Rewards {
        Rewards::Skus(list.iter().map(|s| (*s).to_owned()).collect())
    }

    fn number(result: &CheckResult, name: &str) -> i64 {
        match result.found.params.get(name) {
            Some(Param::Number(n)) => *n,
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn a_feed_read_whole_is_ok_and_remembered_for_the_next_run() {
        let previous = snapshot(1000, 1000, &[]);
        let checks = judge(
            URL,
            Some(&previous),
            None,
            read(990, &[]),
            &Rewards::WholeCatalog,
            &skus(&[]),
            NOW,
        );
        assert_eq!(checks.feed.state, State::Ok);
        assert_eq!(checks.feed.found.code, MessageCode::HealthFeedOk);
        assert_eq!(number(&checks.feed, "count"), 990);
        let next = checks.snapshot.unwrap();
        assert_eq!((next.items, next.baseline), (990, 990));
        assert_eq!(next.etag.as_deref(), Some("\"v2\""));
        assert_eq!(next.downloaded_at, NOW);
        assert_eq!(checks.rewards.state, State::Skipped);
        assert_eq!(
            checks.rewards.found.code,
            MessageCode::HealthRewardsWholeCatalog
        );
    }

    #[test]
    fn a_drop_of_more_than_a_fifth_is_a_warning_that_stays_until_the_count_recovers() {
        let previous = snapshot(1000, 1000, &[]);
        let none = skus(&[]);
        // Exactly 20% fewer is not a drop "of more than 20%".
        let edge = judge(
            URL,
            Some(&previous),
            None,
            read(800, &[]),
            &Rewards::WholeCatalog,
            &none,
            NOW,
        );
        assert_eq!(edge.feed.state, State::Ok);

        let drop = judge(
            URL,
            Some(&previous),
            None,
            read(799, &[]),
            &Rewards::WholeCatalog,
            &none,
            NOW,
        );
        assert_eq!(drop.feed.state, State::Warning);
        assert_eq!(drop.feed.found.code, MessageCode::HealthFeedDropped);
        assert_eq!(number(&drop.feed, "count"), 799);
        assert_eq!(number(&drop.feed, "previous"), 1000);
        assert_eq!(number(&drop.feed, "percent"), 20);
        assert_eq!(
            drop.feed.todo,
            Some(Note::new(MessageCode::HealthTodoFeedDropped))
        );
        let kept = drop.snapshot.unwrap();
        assert_eq!(kept.baseline, 1000, "a drop does not become the new normal");

        // The next hour, same smaller feed: still a warning, not a silent recovery.
        let later = judge(
            URL,
            Some(&kept),
            None,
            Ok(Download::Unchanged),
            &Rewards::WholeCatalog,
            &none,
            "2026-11-30T13:00:00Z",
        );
        assert_eq!(later.feed.state, State::Warning);
        // The products come back.
        let back = judge(
            URL,
            Some(&kept),
            None,
            read(950, &[]),
            &Rewards::WholeCatalog,
            &none,
            NOW,
        );
        assert_eq!(back.feed.state, State::Ok);
        assert_eq!(back.snapshot.unwrap().baseline, 950);
    }

    #[test]
    fn the_first_run_compares_with_the_catalogue_imported_in_step_6() {
        let none = skus(&[]);
        let drop = judge(
            URL,
            None,
            Some(240),
            read(100, &[]),
            &Rewards::WholeCatalog,
            &none,
            NOW,
        );
        assert_eq!(drop.feed.state, State::Warning);
        assert_eq!(number(&drop.feed, "previous"), 240);
        let fresh = judge(
            URL,
            None,
            None,
            read(100, &[]),
            &Rewards::WholeCatalog,
            &none,
            NOW,
        );
        assert_eq!(fresh.feed.state, State::Ok, "nothing to compare with");
    }

    #[test]
    fn an_unchanged_feed_stands_on_the_last_download() {
        let previous = snapshot(
            1000,
            1000,
            &[("A", Stock::Available), ("B", Stock::OutOfStock)],
        );
        let chosen = skus(&["A", "B"]);
        let checks = judge(
            URL,
            Some(&previous),
            None,
            Ok(Download::Unchanged),
            &rewards(&["A", "B"]),
            &chosen,
            NOW,
        );
        assert_eq!(checks.feed.state, State::Ok);
        assert_eq!(checks.feed.found.code, MessageCode::HealthFeedUnchanged);
        assert_eq!(
            checks.feed.found.params.get("since"),
            Some(&Param::DateTime(BEFORE.into()))
        );
        assert_eq!(checks.snapshot.as_ref(), Some(&previous));
        assert_eq!(checks.rewards.state, State::Ok);
        assert_eq!(
            checks.rewards.found.code,
            MessageCode::HealthRewardsSomeOutOfStock
        );
    }

    #[test]
    fn a_feed_that_is_gone_or_not_a_feed_is_a_problem_and_a_network_failure_a_warning() {
        let previous = snapshot(1000, 1000, &[("A", Stock::Available)]);
        let chosen = skus(&["A"]);
        let gone = judge(
            URL,
            Some(&previous),
            None,
            Err(FeedError::HttpStatus { status: 404 }),
            &rewards(&["A"]),
            &chosen,
            NOW,
        );
        assert_eq!(gone.feed.state, State::Problem);
        assert_eq!(gone.feed.found.code, MessageCode::FeedHttpStatus);
        assert_eq!(gone.feed.todo, Some(Note::new(MessageCode::HealthTodoFeed)));
        assert_eq!(gone.rewards.state, State::Skipped);
        assert_eq!(
            gone.rewards.found.code,
            MessageCode::HealthRewardsNotChecked
        );
        assert_eq!(
            gone.snapshot.as_ref(),
            Some(&previous),
            "the last good download is kept"
        );

        let html = judge(
            URL,
            None,
            None,
            Err(FeedError::NotAFeed(NotAFeed::HtmlPage)),
            &rewards(&["A"]),
            &chosen,
            NOW,
        );
        assert_eq!(html.feed.state, State::Problem);
        assert_eq!(html.feed.found.code, MessageCode::FeedHtmlPage);

        let offline = judge(
            URL,
            None,
            None,
            Err(FeedError::Timeout),
            &rewards(&["A"]),
            &chosen,
            NOW,
        );
        assert_eq!(offline.feed.state, State::Warning);
        assert_eq!(
            offline.feed.todo,
            Some(Note::new(MessageCode::HealthTodoFeedLater))
        );
        let busy = judge(
            URL,
            None,
            None,
            Err(FeedError::HttpStatus { status: 503 }),
            &rewards(&["A"]),
            &chosen,
            NOW,
        );
        assert_eq!(busy.feed.state, State::Warning);
    }

    #[test]
    fn reward_verdicts() {
        let chosen = skus(&["A", "B", "C"]);
        let all_there = judge_rewards(
            &chosen,
            &stock(&[
                ("A", Stock::Available),
                ("B", Stock::Available),
                ("C", Stock::Available),
            ]),
        );
        assert_eq!(
            (all_there.state, all_there.found.code),
            (State::Ok, MessageCode::HealthRewardsOk)
        );
        assert_eq!(number(&all_there, "count"), 3);

        let some_out = judge_rewards(
            &chosen,
            &stock(&[
                ("A", Stock::OutOfStock),
                ("B", Stock::Available),
                ("C", Stock::Available),
            ]),
        );
        assert_eq!(
            (some_out.state, some_out.found.code),
            (State::Ok, MessageCode::HealthRewardsSomeOutOfStock)
        );
        assert_eq!(
            (number(&some_out, "count"), number(&some_out, "total")),
            (1, 3)
        );

        let all_out = judge_rewards(
            &chosen,
            &stock(&[
                ("A", Stock::OutOfStock),
                ("B", Stock::OutOfStock),
                ("C", Stock::OutOfStock),
            ]),
        );
        assert_eq!(
            (all_out.state, all_out.found.code),
            (State::Warning, MessageCode::HealthRewardsAllOutOfStock)
        );
        assert_eq!(
            all_out.todo,
            Some(Note::new(MessageCode::HealthTodoRewardsStock))
        );

        // Absent from the map = not in the feed.
        let one_gone = judge_rewards(
            &chosen,
            &stock(&[("A", Stock::OutOfStock), ("C", Stock::Available)]),
        );
        assert_eq!(
            (one_gone.state, one_gone.found.code),
            (State::Warning, MessageCode::HealthRewardsMissing)
        );
        assert_eq!(
            one_gone.found.params.get("skus"),
            Some(&Param::Text("B".into()))
        );
        assert_eq!(
            (number(&one_gone, "count"), number(&one_gone, "total")),
            (1, 3)
        );
        assert_eq!(
            one_gone.todo,
            Some(Note::new(MessageCode::HealthTodoRewards))
        );
        assert_eq!(one_gone.also.len(), 1, "the out-of-stock one is said too");

        let all_gone = judge_rewards(&chosen, &stock(&[]));
        assert_eq!(
            (all_gone.state, all_gone.found.code),
            (State::Problem, MessageCode::HealthRewardsAllMissing)
        );
        assert_eq!(
            all_gone.found.params.get("skus"),
            Some(&Param::Text("A, B, C".into()))
        );
    }

    #[test]
    fn a_long_list_of_missing_skus_is_cut() {
        let chosen: BTreeSet<String> = (0..15).map(|i| format!("SKU-{i:02}")).collect();
        let result = judge_rewards(&chosen, &BTreeMap::new());
        let Some(Param::Text(listed)) = result.found.params.get("skus") else {
            panic!()
        };
        assert!(
            listed.starts_with("SKU-00, SKU-01") && listed.ends_with("SKU-09, …"),
            "{listed}"
        );
        assert_eq!(number(&result, "count"), 15);
    }

    #[test]
    fn nothing_to_check_is_skipped() {
        let options = ReadOptions::default();
        let no_feed = check_feed(
            None,
            None,
            None,
            None,
            &rewards(&["A"]),
            &Policy::feed(),
            &options,
            NOW,
        );
        assert_eq!(no_feed.feed.state, State::Skipped);
        assert_eq!(no_feed.feed.found.code, MessageCode::HealthFeedNone);
        assert_eq!(
            no_feed.rewards.found.code,
            MessageCode::HealthRewardsNotChecked
        );
        let none_chosen = check_feed(
            None,
            None,
            None,
            None,
            &rewards(&[" "]),
            &Policy::feed(),
            &options,
            NOW,
        );
        assert_eq!(
            none_chosen.rewards.found.code,
            MessageCode::HealthRewardsNoneChosen
        );
    }
}
