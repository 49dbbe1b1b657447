//! Simplo7 orders in the ledger's terms.

use conector_ledger::{CustomerRef, OrderSnapshot};
use conector_simplo7::Order;
use std::collections::HashMap;
use time::{OffsetDateTime, Time, UtcOffset};

/// Maps one store order. The status name comes with the order when the store sends it, else
/// from the status list. An order without a usable date is dated at the start of `fallback_day`
/// in store time (it was listed as placed on or after it).
pub fn snapshot(
    order: &Order,
    status_names: &HashMap<String, String>,
    fallback_day: time::Date,
) -> OrderSnapshot {
    let placed_at = order
        .placed_at
        // The start of that day in store time: never before the start date, so such an order
        // is not dropped from the preview as "before the start date".
        .unwrap_or_else(|| {
            let brasilia = UtcOffset::from_hms(-3, 0, 0).unwrap_or(UtcOffset::UTC);
            fallback_day
                .with_time(Time::MIDNIGHT)
                .assume_offset(brasilia)
        })
        .to_offset(UtcOffset::UTC);
    let c = &order.customer;
    OrderSnapshot {
        order_id: i64::try_from(order.id).unwrap_or(i64::MAX),
        number: order.number.clone(),
        placed_at: truncate(placed_at),
        status_id: order.status_id.clone(),
        status_name: order
            .status_name
            .clone()
            .or_else(|| status_names.get(&order.status_id).cloned()),
        products_cents: order.totals.products_cents,
        discounts_cents: order.totals.discounts_cents,
        shipping_cents: order.totals.shipping_cents,
        total_cents: order.totals.order_cents,
        customer: CustomerRef {
            cpf_cnpj: c.document.clone(),
            email: c.email.clone(),
            name: c.name.clone().unwrap_or_default(),
            phone: c.mobile.clone().or_else(|| c.phone.clone()),
        },
    }
}

fn truncate(t: OffsetDateTime) -> OffsetDateTime {
    t.replace_nanosecond(0).unwrap_or(t)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use conector_simplo7::{Customer, Totals};
    use time::macros::{date, datetime};

    fn store_order() -> Order {
        Order {
            id: 9001,
            number: "A-9001".into(),
            placed_at: Some(datetime!(2026-11-20 10:30:15.5 -3)),
            status_id: "21".into(),
            status_name: None,
            customer: Customer {
                document: Some("529.982.247-25".into()),
                name: Some("Maria".into()),
                email: Some("maria@exemplo.com".into()),
                phone: Some("(11) 3333-4444".into()),
                mobile: Some("(11) 98888-7777".into()),
                ..Customer::default()
            },
            totals: Totals {
                products_cents: 10_000,
                shipping_cents: 1_500,
                discounts_cents: 1_000,
                cash_discount_cents: 500,
                order_cents: 10_000,
            },
            payment_method: Some("Pix".into()),
            items: Vec::new(),
        }
    }

    #[test]
    fn an_order_maps_to_utc_with_the_status_name_from_the_list() {
        let names = HashMap::from([("21".to_owned(), "Entregue".to_owned())]);
        let s = snapshot(&store_order(), &names, date!(2026 - 08 - 30));
        assert_eq!(s.order_id, 9001);
        assert_eq!(s.number, "A-9001");
        assert_eq!(s.placed_at, datetime!(2026-11-20 13:30:15 UTC));
        assert_eq!(s.status_name.as_deref(), Some("Entregue"));
        assert_eq!(
            (s.products_cents, s.discounts_cents, s.shipping_cents),
            (10_000, 1_000, 1_500)
        );
        assert_eq!(
            s.customer.phone.as_deref(),
            Some("(11) 98888-7777"),
            "mobile first"
        );
        assert_eq!(s.customer.cpf_cnpj.as_deref(), Some("529.982.247-25"));
    }

    #[test]
    fn the_orders_own_status_name_wins_and_a_missing_date_falls_back_to_the_listing_day() {
        let mut order = store_order();
        order.status_name = Some("Entregue ao cliente".into());
        order.placed_at = None;
        order.customer.mobile = None;
        order.customer.name = None;
        let names = HashMap::from([("21".to_owned(), "Entregue".to_owned())]);
        let s = snapshot(&order, &names, date!(2026 - 08 - 30));
        assert_eq!(s.status_name.as_deref(), Some("Entregue ao cliente"));
        assert_eq!(
            s.placed_at,
            datetime!(2026-08-30 03:00 UTC),
            "midnight in Brasília"
        );
        assert_eq!(s.customer.phone.as_deref(), Some("(11) 3333-4444"));
        assert_eq!(s.customer.name, "");
    }
}
