//! Simplo7 orders in the ledger's terms.

use conector_ledger::{CustomerRef, OrderSnapshot};
use conector_simplo7::Order;
use std::collections::HashMap;
use time::{OffsetDateTime, Time, UtcOffset};

/// Maps one store order. The status name comes with the order when the store sends it, else
/// from the status list. An order without a usable date is dated at the start of `fallback_day`
/// (it was listed as placed on or after it).
pub fn snapshot(
    order: &Order,
    status_names: &HashMap<String, String>,
    fallback_day: time::Date,
) -> OrderSnapshot {
    let placed_at = order
        .placed_at
        .unwrap_or_else(|| fallback_day.with_time(Time::MIDNIGHT).assume_utc())
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
