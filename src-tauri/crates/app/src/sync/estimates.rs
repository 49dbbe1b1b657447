//! What the preview suggests going live would mean, from the orders read: what the points
//! would cost the store (the cost card) and how many e-mails customers would get. Every figure
//! is an estimate at the saved preview rates; the real rules live in the +fidelidade panel.

use conector_catalog::PreviewRates;
use conector_ledger::{EmailCounts, PreviewTotals};
use serde::Serialize;
use time::Date;

use crate::rules::PROJECTION_DAYS;

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

/// How many e-mails customers would receive.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct EmailVolume {
    /// Welcome e-mails right after go-live: one per customer of the orders read who has an
    /// e-mail address.
    pub welcome_first_day: u64,
    /// Points e-mails for the orders read that earn points and have an address.
    pub points_in_period: u64,
    /// The same, per week on average over the period (rounded).
    pub points_per_week: u64,
}

/// The estimates for `totals` and `emails`, read from orders placed from `since` to `until`.
pub fn estimates(
    totals: &PreviewTotals,
    emails: &EmailCounts,
    rates: PreviewRates,
    since: Date,
    until: Date,
) -> Estimates {
    let days = (until - since).whole_days().saturating_add(1).max(1);
    let period_days = u32::try_from(days).unwrap_or(u32::MAX);
    let per = |value: i64, span: i64| -> i64 {
        // Rounded to the nearest whole: value × span ÷ days.
        let scaled = i128::from(value) * i128::from(span);
        let days = i128::from(days);
        let rounded = (scaled * 2 + days * scaled.signum()) / (days * 2);
        i64::try_from(rounded).unwrap_or(i64::MAX)
    };
    let points = totals.points_total;
    let worth_cents = rates.points_worth_cents(points);
    let sales_cents = totals.earning_cents;
    let cashback_hundredths_percent = (sales_cents > 0).then(|| {
        let ratio = i128::from(worth_cents) * 10_000 / i128::from(sales_cents);
        i64::try_from(ratio).unwrap_or(i64::MAX)
    });
    let month = i64::from(PROJECTION_DAYS);
    let points_in_period = emails
        .points_earned
        .saturating_sub(emails.points_without_address);
    let points_per_week = per(i64::try_from(points_in_period).unwrap_or(i64::MAX), 7);
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
            welcome_first_day: emails
                .welcome
                .saturating_sub(emails.welcome_without_address),
            points_in_period,
            points_per_week: u64::try_from(points_per_week).unwrap_or(0),
        },
    }
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
            &EmailCounts::default(),
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
            &EmailCounts::default(),
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
            &EmailCounts::default(),
            PreviewRates::DEFAULT,
            date!(2026 - 11 - 30),
            date!(2026 - 11 - 30),
        );
        assert_eq!(e.period_days, 1);
        assert_eq!(e.cost.cashback_hundredths_percent, None);
        assert_eq!(e.cost.monthly_points, 0);
    }

    #[test]
    fn e_mails_without_an_address_are_not_counted() {
        let emails = EmailCounts {
            welcome: 160,
            points_earned: 300,
            without_address: 14,
            welcome_without_address: 5,
            points_without_address: 9,
        };
        let e = estimates(
            &totals(0, 0),
            &emails,
            PreviewRates::DEFAULT,
            date!(2026 - 08 - 02),
            date!(2026 - 11 - 29),
        );
        assert_eq!(e.period_days, 120);
        assert_eq!(e.emails.welcome_first_day, 155);
        assert_eq!(e.emails.points_in_period, 291);
        // 291 over 120 days is 16.975 a week: 17.
        assert_eq!(e.emails.points_per_week, 17);
    }
}
