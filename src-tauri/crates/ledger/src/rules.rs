//! The ledger rules as pure functions: which orders hold points, how many, and why an order
//! does not. The database layer ([`crate::apply`]) only records what these decide.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::customer::{customer_key, CustomerKey, CustomerRef};
use crate::error::LedgerError;

/// What the ledger needs to know of one order, as last read from the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderSnapshot {
    pub order_id: i64,
    pub number: String,
    pub placed_at: OffsetDateTime,
    /// The store's status id (ids differ per store).
    pub status_id: String,
    /// The status name from the store's status list, when known (used to tell cancellations).
    pub status_name: Option<String>,
    pub products_cents: i64,
    pub discounts_cents: i64,
    pub shipping_cents: i64,
    pub total_cents: i64,
    pub customer: CustomerRef,
    /// The Simplo7 field that made the order unreadable, if it was: then the other fields hold
    /// only what could be read (or defaults) and the order holds no points.
    pub unreadable: Option<String>,
}

impl OrderSnapshot {
    /// The amount points are counted on: products − discounts (may be negative).
    pub fn counted_cents(&self) -> i64 {
        self.products_cents.saturating_sub(self.discounts_cents)
    }
}

/// The order statuses that earn points, chosen by the owner from the store's list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct FinalStatuses(pub BTreeSet<String>);

impl FinalStatuses {
    pub fn new<I, S>(ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self(ids.into_iter().map(Into::into).collect())
    }

    pub fn contains(&self, status_id: &str) -> bool {
        self.0.contains(status_id.trim())
    }
}

/// Points per R$ 1 spent, in hundredths of a point (100 = 1 point per R$ 1, the default), so
/// that the arithmetic stays on integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct EarnRate {
    pub hundredths_per_real: i64,
}

impl EarnRate {
    /// One point per R$ 1.
    pub const DEFAULT: EarnRate = EarnRate {
        hundredths_per_real: 100,
    };

    pub fn from_hundredths(hundredths_per_real: i64) -> Result<Self, LedgerError> {
        if hundredths_per_real < 0 {
            return Err(LedgerError::NegativeRate(hundredths_per_real));
        }
        Ok(Self {
            hundredths_per_real,
        })
    }

    pub fn points_per_real(points: i64) -> Result<Self, LedgerError> {
        Self::from_hundredths(points.saturating_mul(100))
    }

    /// floor((products − discounts) × rate); shipping never counts; a net below zero gives 0.
    pub fn points_for(self, products_cents: i64, discounts_cents: i64) -> i64 {
        let net = i128::from(products_cents) - i128::from(discounts_cents);
        if net <= 0 {
            return 0;
        }
        // cents × (hundredths of a point per 100 cents) / 10_000 = points, floored.
        let points = net * i128::from(self.hundredths_per_real) / 10_000;
        i64::try_from(points).unwrap_or(i64::MAX)
    }
}

impl Default for EarnRate {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Why an order does not hold points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// Its current status is not one of the final statuses.
    StatusNotFinal,
    /// Not final, and the status name says it was cancelled or returned.
    Cancelled,
    /// Final, but neither a valid CPF/CNPJ nor a usable e-mail identifies the buyer.
    NoCustomerKey,
    /// The store's record could not be read (shown as "ilegível", with the field that failed).
    Unreadable,
}

impl SkipReason {
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::StatusNotFinal => "status_not_final",
            SkipReason::Cancelled => "cancelled",
            SkipReason::NoCustomerKey => "no_customer_key",
            SkipReason::Unreadable => "unreadable",
        }
    }

    pub fn parse(s: &str) -> Option<SkipReason> {
        match s {
            "status_not_final" => Some(SkipReason::StatusNotFinal),
            "cancelled" => Some(SkipReason::Cancelled),
            "no_customer_key" => Some(SkipReason::NoCustomerKey),
            "unreadable" => Some(SkipReason::Unreadable),
            _ => None,
        }
    }
}

/// A status name that means the sale did not happen or was undone (cancelado, devolvido,
/// estornado…): the words live in [`crate::statuses`], shared with step 9's advice.
pub fn is_cancellation(status_name: &str) -> bool {
    crate::statuses::is_reversal(status_name)
}

/// What the rules say about an order right now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub key: Option<CustomerKey>,
    /// The points the order is worth (held only when `skip` is `None`).
    pub points: i64,
    pub skip: Option<SkipReason>,
}

impl Verdict {
    /// An order holds points iff its current status is final and a customer can receive them.
    pub fn holds(&self) -> bool {
        self.skip.is_none()
    }
}

/// Judges an order as last read. An unreadable order holds nothing (whatever it held before
/// is reversed, and it earns again once readable); points follow the order's current customer.
pub fn judge(order: &OrderSnapshot, finals: &FinalStatuses, rate: EarnRate) -> Verdict {
    if order.unreadable.is_some() {
        return Verdict {
            key: None,
            points: 0,
            skip: Some(SkipReason::Unreadable),
        };
    }
    let key = customer_key(&order.customer);
    let skip = if !finals.contains(&order.status_id) {
        if order.status_name.as_deref().is_some_and(is_cancellation) {
            Some(SkipReason::Cancelled)
        } else {
            Some(SkipReason::StatusNotFinal)
        }
    } else if key.is_none() {
        Some(SkipReason::NoCustomerKey)
    } else {
        None
    };
    Verdict {
        key,
        points: rate.points_for(order.products_cents, order.discounts_cents),
        skip,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn order(status: &str, name: &str) -> OrderSnapshot {
        OrderSnapshot {
            order_id: 1,
            number: "1001".into(),
            placed_at: datetime!(2026-11-01 12:00 UTC),
            status_id: status.into(),
            status_name: Some(name.into()),
            products_cents: 15_990,
            discounts_cents: 1_000,
            shipping_cents: 2_500,
            total_cents: 17_490,
            customer: CustomerRef {
                cpf_cnpj: Some("529.982.247-25".into()),
                email: None,
                name: "Ana".into(),
                phone: None,
            },
            unreadable: None,
        }
    }

    #[test]
    fn points_floor_the_net_of_products_and_discounts_and_ignore_shipping() {
        let rate = EarnRate::DEFAULT;
        // R$ 159,90 − R$ 10,00 = R$ 149,90 → 149 points; shipping R$ 25,00 is not counted.
        assert_eq!(rate.points_for(15_990, 1_000), 149);
        assert_eq!(rate.points_for(99, 0), 0);
        assert_eq!(rate.points_for(100, 0), 1);
        // Discounts larger than the products clamp to zero, never negative.
        assert_eq!(rate.points_for(1_000, 5_000), 0);
        assert_eq!(
            EarnRate::points_per_real(3).unwrap().points_for(15_990, 0),
            479
        );
        // Half a point per real: R$ 3,99 → 1.995 → 1.
        assert_eq!(EarnRate::from_hundredths(50).unwrap().points_for(399, 0), 1);
        assert!(matches!(
            EarnRate::from_hundredths(-1),
            Err(LedgerError::NegativeRate(-1))
        ));
    }

    #[test]
    fn only_final_statuses_with_a_customer_hold_points() {
        let finals = FinalStatuses::new(["4", "5"]);
        let v = judge(&order("4", "Entregue"), &finals, EarnRate::DEFAULT);
        assert!(v.holds());
        assert_eq!(v.points, 149);

        let v = judge(
            &order("1", "Aguardando pagamento"),
            &finals,
            EarnRate::DEFAULT,
        );
        assert_eq!(v.skip, Some(SkipReason::StatusNotFinal));

        let v = judge(&order("8", "Pedido Cancelado"), &finals, EarnRate::DEFAULT);
        assert_eq!(v.skip, Some(SkipReason::Cancelled));
        let v = judge(&order("9", "Devolvido"), &finals, EarnRate::DEFAULT);
        assert_eq!(v.skip, Some(SkipReason::Cancelled));

        let mut no_key = order("5", "Enviado");
        no_key.customer.cpf_cnpj = Some("000.000.000-00".into());
        no_key.customer.email = Some("nao tem".into());
        let v = judge(&no_key, &finals, EarnRate::DEFAULT);
        assert_eq!(v.skip, Some(SkipReason::NoCustomerKey));
        assert!(!v.holds());
    }

    #[test]
    fn an_unreadable_order_holds_nothing_whatever_its_status() {
        let finals = FinalStatuses::new(["4"]);
        let mut o = order("4", "Entregue");
        o.unreadable = Some("total_produtos".into());
        let v = judge(&o, &finals, EarnRate::DEFAULT);
        assert_eq!(v.skip, Some(SkipReason::Unreadable));
        assert_eq!((v.points, v.key), (0, None));
    }

    #[test]
    fn a_cancel_status_the_owner_chose_as_final_still_follows_the_owner() {
        let finals = FinalStatuses::new(["8"]);
        assert!(judge(&order("8", "Cancelado"), &finals, EarnRate::DEFAULT).holds());
    }
}
