//! Simplo7 orders in the ledger's terms.

use std::collections::HashMap;

use conector_ledger::{CustomerRef, OrderSnapshot};
use conector_simplo7::{Order, UnreadableOrder};
use time::{Date, OffsetDateTime, Time, UtcOffset};

/// Maps one store order. The status name comes with the order when the store sends it, else
/// from the status list.
pub fn snapshot(order: &Order, status_names: &HashMap<String, String>) -> OrderSnapshot {
    let c = &order.customer;
    OrderSnapshot {
        order_id: i64::try_from(order.id).unwrap_or(i64::MAX),
        number: order.number.clone(),
        placed_at: truncate(order.placed_at.to_offset(UtcOffset::UTC)),
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
        unreadable: None,
    }
}

/// Maps an order the points cannot be read from: it is stored as skipped "ilegível" with the
/// field that failed and holds nothing. `None` when not even its id could be read (there is
/// nothing to key it by; the run counts it). Without a readable date it is dated `fallback`
/// (the start of the listing's first day, or what was stored before).
pub fn unreadable_snapshot(
    order: &UnreadableOrder,
    status_names: &HashMap<String, String>,
    fallback: OffsetDateTime,
) -> Option<OrderSnapshot> {
    let id = i64::try_from(order.id?).ok()?;
    let status_id = order.status_id.clone().unwrap_or_default();
    Some(OrderSnapshot {
        order_id: id,
        number: order.number.clone().unwrap_or_else(|| id.to_string()),
        placed_at: truncate(
            order
                .placed_at
                .unwrap_or(fallback)
                .to_offset(UtcOffset::UTC),
        ),
        status_name: status_names.get(&status_id).cloned(),
        status_id,
        products_cents: 0,
        discounts_cents: 0,
        shipping_cents: 0,
        total_cents: 0,
        customer: CustomerRef::default(),
        unreadable: Some(order.field.to_owned()),
    })
}

/// Midnight of a store day (Brasília, UTC−3) as a UTC instant.
pub fn day_start_utc(day: Date) -> OffsetDateTime {
    let brasilia = conector_core::STORE_UTC_OFFSET;
    day.with_time(Time::MIDNIGHT)
        .assume_offset(brasilia)
        .to_offset(UtcOffset::UTC)
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
            placed_at: datetime!(2026-11-20 10:30:15.5 -3),
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
        let s = snapshot(&store_order(), &names);
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
        assert_eq!(s.unreadable, None);
    }

    #[test]
    fn the_orders_own_status_name_wins() {
        let mut order = store_order();
        order.status_name = Some("Entregue ao cliente".into());
        order.customer.mobile = None;
        order.customer.name = None;
        let names = HashMap::from([("21".to_owned(), "Entregue".to_owned())]);
        let s = snapshot(&order, &names);
        assert_eq!(s.status_name.as_deref(), Some("Entregue ao cliente"));
        assert_eq!(s.customer.phone.as_deref(), Some("(11) 3333-4444"));
        assert_eq!(s.customer.name, "");
    }

    #[test]
    fn an_unreadable_order_keeps_its_id_and_field_and_nothing_of_the_buyer() {
        let names = HashMap::from([("21".to_owned(), "Entregue".to_owned())]);
        let fallback = day_start_utc(date!(2026 - 08 - 30));
        let u = UnreadableOrder {
            position: 4,
            id: Some(77),
            number: None,
            placed_at: None,
            status_id: Some("21".into()),
            field: "total_produtos",
        };
        let s = unreadable_snapshot(&u, &names, fallback).unwrap();
        assert_eq!((s.order_id, s.number.as_str()), (77, "77"));
        assert_eq!(
            s.placed_at,
            datetime!(2026-08-30 03:00 UTC),
            "midnight in Brasília"
        );
        assert_eq!(s.unreadable.as_deref(), Some("total_produtos"));
        assert_eq!(s.status_name.as_deref(), Some("Entregue"));
        assert_eq!(s.customer, CustomerRef::default());
        let no_id = UnreadableOrder { id: None, ..u };
        assert_eq!(unreadable_snapshot(&no_id, &names, fallback), None);
    }
}
