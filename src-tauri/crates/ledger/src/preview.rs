//! What the sync preview shows: totals, customers and their points, skipped orders.
//!
//! Everything is read from the stored orders and the ledger, so the answers are the same with
//! or without network, and change only when a sync or a recompute writes.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::customer::KeyKind;
use crate::error::LedgerError;
use crate::fold::fold;
use crate::rules::SkipReason;

/// One page of a longer list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Matching rows in all pages.
    pub total: u64,
    pub offset: u64,
    pub limit: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct SkipCounts {
    pub status_not_final: u64,
    pub cancelled: u64,
    pub no_customer_key: u64,
    /// Orders the store sent in a form their points cannot be read from ("ilegível").
    pub unreadable: u64,
}

/// The headline numbers of the preview.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct PreviewTotals {
    /// Orders stored (since the start date).
    pub orders_seen: u64,
    /// Customers that would be registered: distinct keys over all stored orders with one.
    pub customers: u64,
    /// Orders that hold points (final status and a customer key).
    pub orders_earning: u64,
    /// What those orders count for points: products − discounts, shipping excluded.
    pub earning_cents: i64,
    /// Sum of all ledger entries.
    pub points_total: i64,
    pub ledger_entries: u64,
    pub skipped: SkipCounts,
}

pub fn totals(conn: &Connection, store: &str) -> Result<PreviewTotals, LedgerError> {
    let mut t = conn.query_row(
        "SELECT COUNT(*),
                COUNT(DISTINCT customer_key),
                COALESCE(SUM(skip_reason IS NULL), 0),
                COALESCE(SUM(skip_reason = 'status_not_final'), 0),
                COALESCE(SUM(skip_reason = 'cancelled'), 0),
                COALESCE(SUM(skip_reason = 'no_customer_key'), 0),
                COALESCE(SUM(skip_reason = 'unreadable'), 0),
                COALESCE(SUM(CASE WHEN skip_reason IS NULL
                                  THEN products_cents - discounts_cents END), 0)
         FROM ledger_orders WHERE store = ?1",
        [store],
        |r| {
            Ok(PreviewTotals {
                orders_seen: r.get(0)?,
                customers: r.get(1)?,
                orders_earning: r.get(2)?,
                earning_cents: r.get(7)?,
                skipped: SkipCounts {
                    status_not_final: r.get(3)?,
                    cancelled: r.get(4)?,
                    no_customer_key: r.get(5)?,
                    unreadable: r.get(6)?,
                },
                ..PreviewTotals::default()
            })
        },
    )?;
    (t.points_total, t.ledger_entries) = conn.query_row(
        "SELECT COALESCE(SUM(points), 0), COUNT(*) FROM ledger_entries WHERE store = ?1",
        [store],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(t)
}

/// A customer as +fidelidade would register them, with the points the preview gives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct CustomerPoints {
    /// `cpf:…`, `cnpj:…` or `email:…`.
    pub key: String,
    pub kind: KeyKind,
    /// From the customer's latest order.
    pub name: String,
    pub email: Option<String>,
    pub document: Option<String>,
    pub phone: Option<String>,
    pub orders: u64,
    pub orders_earning: u64,
    /// Balance: earns minus reversals (may be negative).
    pub points: i64,
    pub last_order_at: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CustomerSort {
    #[default]
    PointsDesc,
    NameAsc,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct CustomerQuery {
    /// Matches name, e-mail or document (punctuation ignored); empty = everyone.
    pub search: String,
    pub sort: CustomerSort,
    pub offset: u64,
    pub limit: u64,
}

/// Makes `conector_fold(text)` available to this connection's queries.
fn register_fold(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "conector_fold",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| Ok(ctx.get::<Option<String>>(0)?.map(|s| fold(&s))),
    )
}

fn like_pattern(text: &str) -> String {
    let escaped: String = text
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            _ => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

pub fn customers(
    conn: &Connection,
    store: &str,
    query: &CustomerQuery,
) -> Result<Page<CustomerPoints>, LedgerError> {
    register_fold(conn)?;
    let search = fold(query.search.trim());
    let digits: String = search
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_uppercase();
    let text_pattern = like_pattern(&search);
    let doc_pattern = if digits.is_empty() {
        "\u{0}".to_owned()
    } else {
        like_pattern(&digits)
    };
    let order_by = match query.sort {
        CustomerSort::PointsDesc => "points DESC, name COLLATE NOCASE ASC, key ASC",
        CustomerSort::NameAsc => "name COLLATE NOCASE ASC, key ASC",
    };
    let limit = query.limit.clamp(1, 1000);
    // Bare columns next to the single MAX() come from the customer's latest order.
    let grouped = "WITH pts AS (
             SELECT customer_key, SUM(points) AS points FROM ledger_entries
             WHERE store = ?1 GROUP BY customer_key
         ), c AS (
             SELECT o.customer_key AS key, o.customer_kind AS kind, o.customer_name AS name,
                    o.customer_email AS email, o.customer_document AS document,
                    o.customer_phone AS phone, MAX(o.placed_at) AS last_order_at,
                    COUNT(*) AS orders, SUM(o.skip_reason IS NULL) AS orders_earning
             FROM ledger_orders o
             WHERE o.store = ?1 AND o.customer_key IS NOT NULL
             GROUP BY o.customer_key
         ), m AS (
             SELECT c.*, COALESCE(pts.points, 0) AS points
             FROM c LEFT JOIN pts ON pts.customer_key = c.key
             WHERE ?2 = '%%' OR conector_fold(c.name) LIKE ?2 ESCAPE '\\'
                OR c.email LIKE ?2 ESCAPE '\\' OR c.document LIKE ?3 ESCAPE '\\'
         )";
    // One pass: the window count gives the total of all pages next to this page's rows.
    let mut stmt = conn.prepare(&format!(
        "{grouped} SELECT key, kind, name, email, document, phone, orders, orders_earning,
                          points, last_order_at, COUNT(*) OVER () AS total
                   FROM m ORDER BY {order_by} LIMIT ?4 OFFSET ?5"
    ))?;
    let mut total = None;
    let mut items = stmt
        .query_map(
            params![store, text_pattern, doc_pattern, limit, query.offset],
            |r| {
                let kind: String = r.get(1)?;
                Ok((
                    CustomerPoints {
                        key: r.get(0)?,
                        kind: KeyKind::parse(&kind).unwrap_or(KeyKind::Email),
                        name: r.get(2)?,
                        email: r.get(3)?,
                        document: r.get(4)?,
                        phone: r.get(5)?,
                        orders: r.get(6)?,
                        orders_earning: r.get(7)?,
                        points: r.get(8)?,
                        last_order_at: r.get(9)?,
                    },
                    r.get::<_, u64>(10)?,
                ))
            },
        )?
        .map(|row| {
            row.map(|(customer, all)| {
                total = Some(all);
                customer
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let total = match total {
        Some(total) => total,
        // A page past the end: count separately.
        None => conn.query_row(
            &format!("{grouped} SELECT COUNT(*) FROM m"),
            params![store, text_pattern, doc_pattern],
            |r| r.get(0),
        )?,
    };
    // The latest order may lack an e-mail an earlier one had.
    let mut fallback = conn.prepare_cached(
        "SELECT customer_email FROM ledger_orders
         WHERE store = ?1 AND customer_key = ?2 AND customer_email IS NOT NULL
         ORDER BY placed_at DESC LIMIT 1",
    )?;
    for customer in items.iter_mut().filter(|c| c.email.is_none()) {
        customer.email = fallback
            .query_row(params![store, customer.key], |r| r.get(0))
            .optional()?;
    }
    Ok(Page {
        items,
        total,
        offset: query.offset,
        limit,
    })
}

/// The `n` customers with the most points.
pub fn top_customers(
    conn: &Connection,
    store: &str,
    n: u64,
) -> Result<Vec<CustomerPoints>, LedgerError> {
    let query = CustomerQuery {
        search: String::new(),
        sort: CustomerSort::PointsDesc,
        offset: 0,
        limit: n,
    };
    Ok(customers(conn, store, &query)?.items)
}

/// An order that does not earn points, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct SkippedOrder {
    pub order_id: i64,
    pub number: String,
    pub placed_at: String,
    pub status_id: String,
    pub status_name: Option<String>,
    pub reason: SkipReason,
    /// For `unreadable`: the Simplo7 field that could not be read (`total_produtos`...).
    pub unreadable_field: Option<String>,
    pub customer_name: String,
    pub total_cents: i64,
    /// What the order would be worth if it earned.
    pub points: i64,
}

/// Skipped orders, newest first, optionally of one reason only.
pub fn skipped_orders(
    conn: &Connection,
    store: &str,
    reason: Option<SkipReason>,
    offset: u64,
    limit: u64,
) -> Result<Page<SkippedOrder>, LedgerError> {
    let reason = reason.map(SkipReason::as_str);
    let limit = limit.clamp(1, 1000);
    let filter = "store = ?1 AND skip_reason IS NOT NULL AND (?2 IS NULL OR skip_reason = ?2)";
    let total: u64 = conn.query_row(
        &format!("SELECT COUNT(*) FROM ledger_orders WHERE {filter}"),
        params![store, reason],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(&format!(
        "SELECT order_id, number, placed_at, status_id, status_name, skip_reason,
                customer_name, total_cents, points, unreadable_field
         FROM ledger_orders WHERE {filter}
         ORDER BY placed_at DESC, order_id DESC LIMIT ?3 OFFSET ?4"
    ))?;
    let items = stmt
        .query_map(params![store, reason, limit, offset], |r| {
            let reason: String = r.get(5)?;
            Ok(SkippedOrder {
                order_id: r.get(0)?,
                number: r.get(1)?,
                placed_at: r.get(2)?,
                status_id: r.get(3)?,
                status_name: r.get(4)?,
                reason: SkipReason::parse(&reason).unwrap_or(SkipReason::StatusNotFinal),
                unreadable_field: r.get(9)?,
                customer_name: r.get(6)?,
                total_cents: r.get(7)?,
                points: r.get(8)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page {
        items,
        total,
        offset,
        limit,
    })
}
