//! Reward and coupon previews (SPEC §4): what a reward costs in points, how much a customer
//! must spend to earn it, and what the coupon would look like. Estimates for the preview: the
//! real rule lives in the +fidelidade panel. A Simplo7 store always gets its coupon (the
//! article's exception, Jet and Bis2Bis, are other platforms and are not mentioned).

use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::CatalogError;

/// The two preview rates the owner can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct PreviewRates {
    /// Points a customer earns per R$ 1 spent (default 1).
    pub earn_points_per_real: u32,
    /// Points a reward costs per R$ 1 of its value (default 20).
    pub cost_points_per_real: u32,
}

/// The highest earn rate the preview takes: 100 points per R$ 1 is already a program where a
/// R$ 10 purchase gives a thousand points.
pub const MAX_EARN_POINTS_PER_REAL: u32 = 100;
/// The highest reward cost the preview takes, in points per R$ 1 of a reward's value.
pub const MAX_COST_POINTS_PER_REAL: u32 = 10_000;

impl PreviewRates {
    /// 1 point per R$ 1 spent; a reward costs 20 points per R$ 1 of its value.
    pub const DEFAULT: PreviewRates = PreviewRates {
        earn_points_per_real: 1,
        cost_points_per_real: 20,
    };

    /// The rates when both are whole numbers from 1 to their maximum.
    pub fn checked(self) -> Result<PreviewRates, CatalogError> {
        if !(1..=MAX_EARN_POINTS_PER_REAL).contains(&self.earn_points_per_real) {
            return Err(CatalogError::InvalidRate {
                max: MAX_EARN_POINTS_PER_REAL,
            });
        }
        if !(1..=MAX_COST_POINTS_PER_REAL).contains(&self.cost_points_per_real) {
            return Err(CatalogError::InvalidRate {
                max: MAX_COST_POINTS_PER_REAL,
            });
        }
        Ok(self)
    }

    /// What `points` are worth when redeemed for rewards: `points ÷ cost rate` reais, floored
    /// to the cent (a reward of R$ 1 costs `cost_points_per_real` points).
    pub fn points_worth_cents(self, points: i64) -> i64 {
        let cost = i64::from(self.cost_points_per_real.max(1));
        let cents = i128::from(points) * 100 / i128::from(cost);
        i64::try_from(cents).unwrap_or(if points < 0 { i64::MIN } else { i64::MAX })
    }
}

impl Default for PreviewRates {
    fn default() -> PreviewRates {
        PreviewRates::DEFAULT
    }
}

/// One reward card's numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
pub struct RewardCost {
    /// The reward's value: its current price (sale price when there is one).
    pub value_cents: i64,
    /// Points to redeem it: value × cost rate, rounded up to a whole point.
    pub points: i64,
    /// What a customer must spend to earn those points: points ÷ earn rate, rounded up to
    /// the cent.
    pub spend_cents: i64,
}

/// Integer-only arithmetic: `points = ceil(value_cents × cost / 100)`,
/// `spend_cents = ceil(points × 100 / earn)`.
pub fn reward_cost(value_cents: i64, rates: PreviewRates) -> Result<RewardCost, CatalogError> {
    let rates = rates.checked()?;
    let value = value_cents.max(0);
    let points = ceil_div(value * i64::from(rates.cost_points_per_real), 100);
    let spend_cents = ceil_div(points * 100, i64::from(rates.earn_points_per_real));
    Ok(RewardCost {
        value_cents: value,
        points,
        spend_cents,
    })
}

fn ceil_div(a: i64, b: i64) -> i64 {
    (a + b - 1) / b
}

/// A sample of the coupon a redemption would create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct CouponPreview {
    pub value_cents: i64,
    pub validity_days: u16,
    /// ISO-8601 date (`2027-11-28`).
    pub valid_until: String,
    /// As a Brazilian reads it (`28/11/2027`).
    pub valid_until_br: String,
}

/// The coupon for a reward worth `value_cents`, valid `days` (1–3650) from `today`.
pub fn coupon_preview(
    value_cents: i64,
    days: u16,
    today: Date,
) -> Result<CouponPreview, CatalogError> {
    if !conector_core::COUPON_DAYS.contains(&days) {
        return Err(CatalogError::InvalidCouponDays);
    }
    let until = today
        .checked_add(time::Duration::days(i64::from(days)))
        .ok_or(CatalogError::InvalidCouponDays)?;
    Ok(CouponPreview {
        value_cents,
        validity_days: days,
        valid_until: format!(
            "{:04}-{:02}-{:02}",
            until.year(),
            u8::from(until.month()),
            until.day()
        ),
        valid_until_br: format!(
            "{:02}/{:02}/{:04}",
            until.day(),
            u8::from(until.month()),
            until.year()
        ),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn default_rates_cost_twenty_points_per_real() {
        let cost = reward_cost(9990, PreviewRates::default()).unwrap();
        assert_eq!(
            cost,
            RewardCost {
                value_cents: 9990,
                points: 1998,
                spend_cents: 199_800
            }
        );
    }

    #[test]
    fn points_and_spend_round_up() {
        // R$ 0,99 at 20 pts/R$ is 19.8 points: 20. Earning 3 pts/R$ needs R$ 6,67 for 20.
        let rates = PreviewRates {
            earn_points_per_real: 3,
            cost_points_per_real: 20,
        };
        assert_eq!(
            reward_cost(99, rates).unwrap(),
            RewardCost {
                value_cents: 99,
                points: 20,
                spend_cents: 667
            }
        );
    }

    #[test]
    fn zero_rates_are_refused() {
        let rates = PreviewRates {
            earn_points_per_real: 0,
            cost_points_per_real: 20,
        };
        assert!(matches!(
            reward_cost(100, rates),
            Err(CatalogError::InvalidRate { max: 100 })
        ));
        let too_dear = PreviewRates {
            earn_points_per_real: 1,
            cost_points_per_real: MAX_COST_POINTS_PER_REAL + 1,
        };
        assert!(matches!(
            too_dear.checked(),
            Err(CatalogError::InvalidRate { max: 10_000 })
        ));
        assert_eq!(
            PreviewRates::DEFAULT.checked().unwrap(),
            PreviewRates::DEFAULT
        );
    }

    #[test]
    fn points_are_worth_their_value_at_the_reward_rate() {
        // 20 points buy R$ 1 of reward: 1.998 points are R$ 99,90, 19 points are R$ 0,95.
        assert_eq!(PreviewRates::DEFAULT.points_worth_cents(1998), 9990);
        assert_eq!(PreviewRates::DEFAULT.points_worth_cents(19), 95);
        assert_eq!(PreviewRates::DEFAULT.points_worth_cents(0), 0);
        let dear = PreviewRates {
            earn_points_per_real: 1,
            cost_points_per_real: 3,
        };
        // 10 points at 3 per R$ 1 are R$ 3,333…: floored to R$ 3,33.
        assert_eq!(dear.points_worth_cents(10), 333);
    }

    #[test]
    fn coupon_ends_after_the_validity_days() {
        let c = coupon_preview(5000, 365, date!(2026 - 11 - 28)).unwrap();
        assert_eq!(c.valid_until, "2027-11-28");
        assert_eq!(c.valid_until_br, "28/11/2027");
        let leap = coupon_preview(5000, 1, date!(2028 - 02 - 28)).unwrap();
        assert_eq!(leap.valid_until_br, "29/02/2028");
        assert!(coupon_preview(5000, 0, date!(2026 - 11 - 28)).is_err());
    }
}
