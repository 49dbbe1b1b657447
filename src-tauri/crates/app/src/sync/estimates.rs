//! What the simulation suggests, from the orders read: what the points would have cost the
//! store (the cost card) and how many e-mails customers would get at the store's current pace.
//! Every figure is an estimate at the saved preview rates; the real rules live in the
//! +fidelidade panel. Nothing here says what +fidelidade does with orders from before go-live
//! (the article does not say).

use conector_catalog::PreviewRates;
use conector_ledger::{PreviewTotals, RecentEmails};
use serde::Serialize;
use time::{Date, Duration};

use crate::rules::{PACE_WEEKS, PROJECTION_DAYS};

/// The dashboard's estimates, in one value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct Estimates {
    /// The preview rates the figures use.
    pub rates: PreviewRates,
    /// The first day the orders read cover (`YYYY-MM-DD`).
    pub since: String,
    /// Days the orders read cover: from the start date to the day of the last run (today when
    /// there was none), both counted.
    pub period_days: u32,
    pub cost: CostEstimate,
    pub emails: EmailVolume,
}

/// What the points would cost the store.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct CostEstimate {
    /// Points the preview would award (the balance of every customer).
    pub points: i64,
    /// What those points are worth in rewards at the reward rate.
    pub worth_cents: i64,
    /// What the orders that earn points count for points (products − discounts).
    pub sales_cents: i64,
    /// `worth ÷ sales` in hundredths of a percent (500 = 5 %); `None` without sales.
    pub cashback_hundredths_percent: Option<i64>,
    /// The same pace over [`PROJECTION_DAYS`]: points a month and what they are worth.
    pub monthly_points: i64,
    pub monthly_worth_cents: i64,
}

/// How many e-mails customers would receive a week at the store's current pace: from the
/// orders of the recent weeks ([`pace_window`]), never as a burst on the day of go-live.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct EmailVolume {
    /// The first day of the recent weeks the pace comes from (`YYYY-MM-DD`).
    pub pace_since: String,
    /// How many days those are (both ends counted).
    pub pace_days: u32,
    /// Welcome e-mails in those days: customers with an address whose first order read is from
    /// then.
    pub welcome_in_pace: u64,
    /// Points e-mails in those days: orders that earn points, of customers with an address.
    pub points_in_pace: u64,
    /// The same per week (rounded; 0 may still mean "less than one").
    pub welcome_per_week: u64,
    pub points_per_week: u64,
}

/// The recent weeks of the orders read from `since` to `until`: the last [`PACE_WEEKS`] weeks
/// up to `until`, starting no earlier than `since`. Returns the first day and the day count.
pub fn pace_window(since: Date, until: Date) -> (Date, u32) {
    let weeks = Duration::days(i64::from(PACE_WEEKS) * 7 - 1);
    let from = until
        .checked_sub(weeks)
        .map_or(since, |d| d.max(since))
        .min(until);
    let days = (until - from).whole_days().saturating_add(1).max(1);
    (from, u32::try_from(days).unwrap_or(u32::MAX))
}

/// The estimates for `totals`, read from orders placed from `since` to `until`, and the
/// e-mails `recent` counted in [`pace_window`]`(since, until)`.
pub fn estimates(
    totals: &PreviewTotals,
    recent: &RecentEmails,
    rates: PreviewRates,
    since: Date,
    until: Date,
) -> Estimates {
    let days = (until - since).whole_days().saturating_add(1).max(1);
    let period_days = u32::try_from(days).unwrap_or(u32::MAX);
    let per = |value: i64, span: i64| rate(value, span, days);
    let points = totals.points_total;
    let worth_cents = rates.points_worth_cents(points);
    let sales_cents = totals.earning_cents;
    let cashback_hundredths_percent = (sales_cents > 0).then(|| {
        let ratio = i128::from(worth_cents) * 10_000 / i128::from(sales_cents);
        i64::try_from(ratio).unwrap_or(i64::MAX)
    });
    let month = i64::from(PROJECTION_DAYS);
    let (pace_since, pace_days) = pace_window(since, until);
    let weekly = |count: u64| {
        let count = i64::try_from(count).unwrap_or(i64::MAX);
        u64::try_from(rate(count, 7, i64::from(pace_days))).unwrap_or(0)
    };
    Estimates {
        rates,
        since: conector_sync::config::iso_date_string(since),
        period_days,
        cost: CostEstimate {
            points,
            worth_cents,
            sales_cents,
            cashback_hundredths_percent,
            monthly_points: per(points, month),
            monthly_worth_cents: per(worth_cents, month),
        },
        emails: EmailVolume {
            pace_since: conector_sync::config::iso_date_string(pace_since),
            pace_days,
            welcome_in_pace: recent.welcome,
            points_in_pace: recent.points_earned,
            welcome_per_week: weekly(recent.welcome),
            points_per_week: weekly(recent.points_earned),
        },
    }
}

/// `value × span ÷ days`, rounded to the nearest whole.
fn rate(value: i64, span: i64, days: i64) -> i64 {
    let scaled = i128::from(value) * i128::from(span);
    let days = i128::from(days.max(1));
    let rounded = (scaled * 2 + days * scaled.signum()) / (days * 2);
    i64::try_from(rounded).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn totals(points: i64, earning_cents: i64) -> PreviewTotals {
        PreviewTotals {
            points_total: points,
            earning_cents,
            ..PreviewTotals::default()
        }
    }

    #[test]
    fn ninety_days_of_orders_cost_five_percent_at_the_default_rates() {
        // 90 days (both ends counted) of R$ 30.000 in sales earning 1 point per R$ 1.
        let e = estimates(
            &totals(30_000, 3_000_000),
            &RecentEmails::default(),
            PreviewRates::DEFAULT,
            date!(2026 - 09 - 01),
            date!(2026 - 11 - 29),
        );
        assert_eq!(e.period_days, 90);
        assert_eq!(e.since, "2026-09-01");
        // 30.000 points at 20 per R$ 1 are R$ 1.500, 5 % of the sales.
        assert_eq!(e.cost.worth_cents, 150_000);
        assert_eq!(e.cost.cashback_hundredths_percent, Some(500));
        // A month is a third of the period.
        assert_eq!(e.cost.monthly_points, 10_000);
        assert_eq!(e.cost.monthly_worth_cents, 50_000);
    }

    #[test]
    fn a_higher_earn_rate_or_a_cheaper_reward_raises_the_cashback() {
        let rates = PreviewRates {
            earn_points_per_real: 2,
            cost_points_per_real: 10,
        };
        let e = estimates(
            &totals(20_000, 1_000_000),
            &RecentEmails::default(),
            rates,
            date!(2026 - 11 - 01),
            date!(2026 - 11 - 30),
        );
        assert_eq!(e.cost.worth_cents, 200_000);
        assert_eq!(e.cost.cashback_hundredths_percent, Some(2_000));
        assert_eq!(e.cost.monthly_points, 20_000);
    }

    #[test]
    fn no_sales_means_no_percentage_and_a_same_day_period_counts_one_day() {
        let e = estimates(
            &totals(0, 0),
            &RecentEmails::default(),
            PreviewRates::DEFAULT,
            date!(2026 - 11 - 30),
            date!(2026 - 11 - 30),
        );
        assert_eq!(e.period_days, 1);
        assert_eq!(e.cost.cashback_hundredths_percent, None);
        assert_eq!(e.cost.monthly_points, 0);
    }

    #[test]
    fn the_e_mail_pace_comes_from_the_last_four_weeks_read() {
        // 120 days read; the pace comes from the 28 days up to the last run.
        let recent = RecentEmails {
            welcome: 30,
            points_earned: 61,
        };
        let e = estimates(
            &totals(0, 0),
            &recent,
            PreviewRates::DEFAULT,
            date!(2026 - 08 - 02),
            date!(2026 - 11 - 29),
        );
        assert_eq!(e.period_days, 120);
        assert_eq!(e.emails.pace_since, "2026-11-02");
        assert_eq!(e.emails.pace_days, 28);
        // 30 welcome e-mails in four weeks are 7.5 a week: 8; 61 points e-mails are 15.25: 15.
        assert_eq!(e.emails.welcome_per_week, 8);
        assert_eq!(e.emails.points_per_week, 15);
        assert_eq!(
            (e.emails.welcome_in_pace, e.emails.points_in_pace),
            (30, 61)
        );
    }

    #[test]
    fn a_shorter_read_gives_its_pace_over_the_days_it_covers() {
        assert_eq!(
            pace_window(date!(2026 - 11 - 20), date!(2026 - 11 - 29)),
            (date!(2026 - 11 - 20), 10)
        );
        assert_eq!(
            pace_window(date!(2026 - 11 - 29), date!(2026 - 11 - 29)),
            (date!(2026 - 11 - 29), 1)
        );
        let recent = RecentEmails {
            welcome: 10,
            points_earned: 3,
        };
        let e = estimates(
            &totals(0, 0),
            &recent,
            PreviewRates::DEFAULT,
            date!(2026 - 11 - 20),
            date!(2026 - 11 - 29),
        );
        // 10 in 10 days is 7 a week; 3 in 10 days is 2.1: 2.
        assert_eq!(
            (e.emails.welcome_per_week, e.emails.points_per_week),
            (7, 2)
        );
    }
}
