//! The go-live check, "As primeiras 72 horas" (issue #21): once the owner has recorded go-live,
//! each health run reads the store's first orders placed **after** it — read-only: nothing goes
//! to the points ledger — and the card says, order by order, what should happen in the
//! +fidelidade panel:
//!
//! - while its status is not final (as the app last saw it): nothing yet, "aguardando status
//!   final";
//! - once final: the points the simulation's rule would give (the owner's own rates, not
//!   +fidelidade's) and when the sale should be in the panel — [`rules::FIRST_HOURS`] hours after
//!   it was registered in the store, per the vendor's article; when the store gives the day
//!   without a time, from when the app first saw it final;
//! - only after that time can the owner answer "Bateu" / "Não bateu"; a mismatch prepares what
//!   to send to +fidelidade's support ([`support`]), nothing personal in it.
//!
//! At most [`rules::FIRST_HOURS_ORDERS`] orders are followed, the first ones placed after
//! go-live; each run re-reads those not answered yet. The customer's name is personal data: the
//! erase of the simulation's data deletes these rows too ([`erase_all`]), and no order is read
//! again after an erase that followed go-live.

use std::collections::{HashMap, HashSet};

use conector_core::activation::{activation, Activation};
use conector_core::{settings, timestamp, CodedError, ErrorPayload, STORE_UTC_OFFSET};
use conector_ledger::{customer_key, CustomerRef, EarnRate, FinalStatuses};
use conector_simplo7::{Order, OrderRecord, OrderStatus, StoreClient, StoreError};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime, Time};

use crate::{keys, rules, AppError};

/// From when an order's [`rules::FIRST_HOURS`] are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DueFrom {
    /// When it was placed in the store: the article's "em até 72h após o cadastro no
    /// e-commerce".
    Placed,
    /// The store gave the day without a time: from when the app first saw it final.
    SeenFinal,
}

/// What should happen in the +fidelidade panel for one order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PanelExpectation {
    /// Its status is not final (as the app last saw it): nothing to look for yet.
    AwaitingFinal,
    /// Cancelled or returned in the store (the ledger's one word list,
    /// [`conector_ledger::statuses::is_reversal`], the same the cancel/return question of step 9
    /// uses) and not one of the chosen final statuses: it will never become final, nothing to
    /// look for in the panel.
    Undone,
    /// Final, but no valid CPF/CNPJ or e-mail identifies the buyer: the simulation's rule gives
    /// no one points for it.
    NoCustomer,
    /// Final: the simulation's rule gives `points`; the sale should be in the panel from
    /// `due_at` (RFC 3339 UTC).
    Points {
        points: i64,
        due_at: String,
        due_from: DueFrom,
    },
}

/// The owner's answer after looking in the +fidelidade panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FirstHoursAnswer {
    /// "Bateu".
    Matched,
    /// "Não bateu".
    Mismatched,
}

impl FirstHoursAnswer {
    fn as_str(self) -> &'static str {
        match self {
            FirstHoursAnswer::Matched => "matched",
            FirstHoursAnswer::Mismatched => "mismatched",
        }
    }

    fn parse(text: &str) -> Option<FirstHoursAnswer> {
        match text {
            "matched" => Some(FirstHoursAnswer::Matched),
            "mismatched" => Some(FirstHoursAnswer::Mismatched),
            _ => None,
        }
    }
}

/// One order of the card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct GoLiveOrder {
    pub order_id: u64,
    /// The number the owner and the customer see.
    pub number: String,
    /// The buyer's name as the order records it.
    pub customer: String,
    /// When it was placed (RFC 3339 UTC).
    pub placed_at: String,
    pub status_id: String,
    pub status_name: Option<String>,
    pub expected: PanelExpectation,
    /// Final and its due time has passed: "Bateu" / "Não bateu" may be answered.
    pub answerable: bool,
    pub answer: Option<FirstHoursAnswer>,
}

/// The "As primeiras 72 horas" card, after go-live.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct FirstHours {
    /// When go-live was recorded (RFC 3339 UTC).
    pub live_since: String,
    /// The simulation's rule, the owner's own: points per R$ 1 spent.
    pub earn_points_per_real: u32,
    /// The first orders placed after go-live, oldest first (none: no sale yet).
    pub orders: Vec<GoLiveOrder>,
    /// At most this many orders are followed.
    pub limit: u32,
    /// When the store was last read for them (RFC 3339 UTC; `None`: not yet).
    pub read_at: Option<String>,
    /// Why that read failed, when it did (the card keeps what it had).
    pub read_error: Option<ErrorPayload>,
    /// The customers' data was erased after go-live: no order is read any more.
    pub erased: bool,
}

/// What "Não bateu" sends to +fidelidade's support: the store, the rule, and the orders the
/// owner marked — no customer's name, document or e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct SupportReport {
    pub store_id: String,
    pub app_version: String,
    /// The final statuses chosen in step 9, by name (the id where the name is unknown).
    pub final_statuses: Vec<String>,
    pub earn_points_per_real: u32,
    pub orders: Vec<SupportOrder>,
    /// The redacted diagnostic zip written for it.
    pub zip: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct SupportOrder {
    pub number: String,
    pub placed_at: String,
    pub status: String,
    pub points: i64,
    pub due_at: String,
}

/// One stored order (a row of `golive_orders`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub order_id: u64,
    pub number: String,
    pub customer_name: String,
    pub has_customer: bool,
    pub placed_at: OffsetDateTime,
    pub placed_time_known: bool,
    pub status_id: String,
    pub status_name: Option<String>,
    pub products_cents: i64,
    pub discounts_cents: i64,
    pub first_seen_at: OffsetDateTime,
    pub final_seen_at: Option<OffsetDateTime>,
    pub answer: Option<FirstHoursAnswer>,
}

/// What one read of the store found.
#[derive(Debug, Clone, Default)]
pub struct Fresh {
    /// Orders placed after go-live, new ones and those followed and not answered yet.
    pub orders: Vec<Order>,
    /// Followed orders the store no longer has.
    pub gone: Vec<u64>,
}

/// Reads the store: its orders placed after `since`, from go-live's day on, page by page until
/// `limit` of them are known and every order of `follow` was seen; then each order of `follow`
/// the listing did not show, one by one. At most `limit` orders are followed in all: the
/// earliest.
pub async fn read_store(
    client: &StoreClient,
    since: OffsetDateTime,
    known: &[Row],
    limit: usize,
) -> Result<Fresh, StoreError> {
    let known_ids: HashSet<u64> = known.iter().map(|r| r.order_id).collect();
    let follow: HashSet<u64> = known
        .iter()
        .filter(|r| r.answer.is_none())
        .map(|r| r.order_id)
        .collect();
    let mut after = Vec::new();
    let mut seen = HashSet::new();
    let mut pager = client.orders_since(since.to_offset(STORE_UTC_OFFSET).date());
    while let Some(page) = pager.next_page().await? {
        for order in page.orders {
            if order.placed_at > since && seen.insert(order.id) {
                after.push(order);
            }
        }
        if after.len() >= limit && follow.iter().all(|id| seen.contains(id)) {
            break;
        }
    }
    after.sort_by_key(|o| (o.placed_at, o.id));
    let mut room = limit.saturating_sub(known_ids.len());
    let mut fresh = Fresh::default();
    for order in after {
        if known_ids.contains(&order.id) {
            if follow.contains(&order.id) {
                fresh.orders.push(order);
            }
        } else if room > 0 {
            room -= 1;
            fresh.orders.push(order);
        }
    }
    let mut unseen: Vec<u64> = follow.difference(&seen).copied().collect();
    unseen.sort_unstable();
    for id in unseen {
        match client.order_record(id).await {
            Ok(OrderRecord::Read(order)) => fresh.orders.push(order),
            // Unreadable now: the card keeps what it saw last.
            Ok(OrderRecord::Unreadable(_)) => {}
            Err(StoreError::OrderNotFound(_)) => fresh.gone.push(id),
            Err(e) => return Err(e),
        }
    }
    Ok(fresh)
}

/// The stored rows with what the store said now: new orders added, followed ones updated (the
/// first time the app saw each final is kept), orders gone from the store removed. Pure.
pub fn merged(
    mut rows: Vec<Row>,
    fresh: Fresh,
    finals: &FinalStatuses,
    statuses: &[OrderStatus],
    now: OffsetDateTime,
) -> Vec<Row> {
    let now = cut(now);
    let names: HashMap<&str, &str> = statuses
        .iter()
        .map(|s| (s.id.as_str(), s.name.as_str()))
        .collect();
    rows.retain(|r| !fresh.gone.contains(&r.order_id));
    for order in fresh.orders {
        let is_final = finals.contains(&order.status_id);
        let at = rows.iter().position(|r| r.order_id == order.id);
        let before = at.map(|i| rows[i].clone());
        let buyer = CustomerRef {
            cpf_cnpj: order.customer.document.clone(),
            email: order.customer.email.clone(),
            name: String::new(),
            phone: None,
        };
        let placed_at = cut(order.placed_at);
        let row = Row {
            order_id: order.id,
            number: order.number.clone(),
            customer_name: order.customer.name.clone().unwrap_or_default(),
            has_customer: customer_key(&buyer).is_some(),
            placed_at,
            // A `data_pedido` without a time is read as the day's first second in the store's
            // time zone.
            placed_time_known: placed_at.to_offset(STORE_UTC_OFFSET).time() != Time::MIDNIGHT,
            status_name: order
                .status_name
                .clone()
                .or_else(|| names.get(order.status_id.as_str()).map(|n| (*n).to_owned())),
            status_id: order.status_id,
            products_cents: order.totals.products_cents,
            discounts_cents: order.totals.discounts_cents,
            first_seen_at: before.as_ref().map_or(now, |b| b.first_seen_at),
            final_seen_at: before
                .as_ref()
                .and_then(|b| b.final_seen_at)
                .or(is_final.then_some(now)),
            answer: before.and_then(|b| b.answer),
        };
        match at {
            Some(i) => rows[i] = row,
            None => rows.push(row),
        }
    }
    rows.sort_by_key(|r| (r.placed_at, r.order_id));
    rows
}

/// What the card says of one row, at `now`.
pub fn order_view(
    row: &Row,
    finals: &FinalStatuses,
    rate: EarnRate,
    now: OffsetDateTime,
) -> GoLiveOrder {
    let undone = row
        .status_name
        .as_deref()
        .is_some_and(conector_ledger::statuses::is_reversal);
    let expected = if !finals.contains(&row.status_id) {
        if undone {
            PanelExpectation::Undone
        } else {
            PanelExpectation::AwaitingFinal
        }
    } else if !row.has_customer {
        PanelExpectation::NoCustomer
    } else {
        let (due_from, from) = if row.placed_time_known {
            (DueFrom::Placed, row.placed_at)
        } else {
            (DueFrom::SeenFinal, row.final_seen_at.unwrap_or(now))
        };
        PanelExpectation::Points {
            points: rate.points_for(row.products_cents, row.discounts_cents),
            due_at: timestamp::format(from + first_hours()),
            due_from,
        }
    };
    let answerable = match &expected {
        PanelExpectation::Points { due_at, .. } => {
            timestamp::parse(due_at).is_some_and(|due| now >= due)
        }
        PanelExpectation::AwaitingFinal
        | PanelExpectation::Undone
        | PanelExpectation::NoCustomer => false,
    };
    GoLiveOrder {
        order_id: row.order_id,
        number: row.number.clone(),
        customer: row.customer_name.clone(),
        placed_at: timestamp::format(row.placed_at),
        status_id: row.status_id.clone(),
        status_name: row.status_name.clone(),
        expected,
        answerable,
        answer: row.answer,
    }
}

fn first_hours() -> Duration {
    Duration::hours(i64::from(rules::FIRST_HOURS))
}

/// Instants as they are stored: to the second.
fn cut(at: OffsetDateTime) -> OffsetDateTime {
    timestamp::parse(&timestamp::format(at)).unwrap_or(at)
}

// ---- storage ---------------------------------------------------------------------------

/// The rows of `store_key`, oldest order first.
pub fn stored(conn: &Connection, store_key: &str) -> Result<Vec<Row>, AppError> {
    let mut stmt = conn.prepare(
        "SELECT order_id, number, customer_name, has_customer, placed_at, placed_time_known,
                status_id, status_name, products_cents, discounts_cents, first_seen_at,
                final_seen_at, answer
         FROM golive_orders WHERE store_key = ?1 ORDER BY placed_at, order_id",
    )?;
    let rows = stmt.query_map([store_key], |r| {
        let at = |text: String| timestamp::parse(&text).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        Ok(Row {
            order_id: u64::try_from(r.get::<_, i64>(0)?).unwrap_or_default(),
            number: r.get(1)?,
            customer_name: r.get(2)?,
            has_customer: r.get(3)?,
            placed_at: at(r.get(4)?),
            placed_time_known: r.get(5)?,
            status_id: r.get(6)?,
            status_name: r.get(7)?,
            products_cents: r.get(8)?,
            discounts_cents: r.get(9)?,
            first_seen_at: at(r.get(10)?),
            final_seen_at: r
                .get::<_, Option<String>>(11)?
                .as_deref()
                .and_then(timestamp::parse),
            answer: r
                .get::<_, Option<String>>(12)?
                .as_deref()
                .and_then(FirstHoursAnswer::parse),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Replaces the rows of `store_key` with `rows`, in one transaction; the answers and their times
/// are kept.
pub fn save(conn: &mut Connection, store_key: &str, rows: &[Row]) -> Result<(), AppError> {
    let tx = conector_core::write_turn::Write::begin(conn)?;
    let ids: Vec<i64> = rows
        .iter()
        .map(|r| i64::try_from(r.order_id).unwrap_or(i64::MAX))
        .collect();
    {
        let mut existing = tx.prepare("SELECT order_id FROM golive_orders WHERE store_key = ?1")?;
        let gone: Vec<i64> = existing
            .query_map([store_key], |r| r.get(0))?
            .collect::<Result<Vec<i64>, _>>()?
            .into_iter()
            .filter(|id| !ids.contains(id))
            .collect();
        for id in gone {
            tx.execute(
                "DELETE FROM golive_orders WHERE store_key = ?1 AND order_id = ?2",
                params![store_key, id],
            )?;
        }
        let mut upsert = tx.prepare(
            "INSERT INTO golive_orders (store_key, order_id, number, customer_name, has_customer,
                 placed_at, placed_time_known, status_id, status_name, products_cents,
                 discounts_cents, first_seen_at, final_seen_at, answer)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
             ON CONFLICT (store_key, order_id) DO UPDATE SET
                 number = excluded.number, customer_name = excluded.customer_name,
                 has_customer = excluded.has_customer, placed_at = excluded.placed_at,
                 placed_time_known = excluded.placed_time_known, status_id = excluded.status_id,
                 status_name = excluded.status_name, products_cents = excluded.products_cents,
                 discounts_cents = excluded.discounts_cents,
                 final_seen_at = excluded.final_seen_at",
        )?;
        for (row, id) in rows.iter().zip(&ids) {
            upsert.execute(params![
                store_key,
                id,
                row.number,
                row.customer_name,
                row.has_customer,
                timestamp::format(row.placed_at),
                row.placed_time_known,
                row.status_id,
                row.status_name,
                row.products_cents,
                row.discounts_cents,
                timestamp::format(row.first_seen_at),
                row.final_seen_at.map(timestamp::format),
                row.answer.map(FirstHoursAnswer::as_str),
            ])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Records the owner's answer for one order.
pub fn set_answer(
    conn: &Connection,
    store_key: &str,
    order_id: u64,
    answer: FirstHoursAnswer,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    conn.execute(
        "UPDATE golive_orders SET answer = ?3, answered_at = ?4
         WHERE store_key = ?1 AND order_id = ?2",
        params![
            store_key,
            i64::try_from(order_id).unwrap_or(i64::MAX),
            answer.as_str(),
            timestamp::format(now)
        ],
    )?;
    Ok(())
}

/// How many orders the card holds (all stores): the privacy card counts them.
pub fn held(conn: &Connection) -> Result<u64, AppError> {
    Ok(conn.query_row("SELECT COUNT(*) FROM golive_orders", [], |r| r.get(0))?)
}

/// Deletes every row (the erase of the customers' data). Run it inside the erase's transaction.
pub fn erase_all(conn: &Connection) -> Result<u64, AppError> {
    Ok(conn.execute("DELETE FROM golive_orders", [])? as u64)
}

/// The last read of the store for the card: when, and what went wrong.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LastRead {
    pub at: Option<String>,
    pub error: Option<ErrorPayload>,
}

pub fn last_read(conn: &Connection) -> Result<LastRead, AppError> {
    Ok(settings::get(conn, keys::HEALTH_GOLIVE_READ)?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default())
}

pub fn set_last_read(
    conn: &Connection,
    at: OffsetDateTime,
    error: Option<&StoreError>,
) -> Result<(), AppError> {
    let read = LastRead {
        at: Some(timestamp::format(at)),
        error: error.map(CodedError::payload),
    };
    settings::set(
        conn,
        keys::HEALTH_GOLIVE_READ,
        &serde_json::to_string(&read)?,
    )?;
    Ok(())
}

/// The go-live the card is for, unless the customers' data was erased after it (then the check
/// is over and the store is not read for it any more). `None` before go-live.
pub fn live_since(conn: &Connection) -> Result<Option<(OffsetDateTime, bool)>, AppError> {
    let Activation::HandedOver { since } = activation(conn)? else {
        return Ok(None);
    };
    let Some(live) = timestamp::parse(&since) else {
        return Ok(None);
    };
    let erased = settings::get(conn, keys::PRIVACY_ERASED_AT)?
        .as_deref()
        .and_then(timestamp::parse)
        .is_some_and(|at| at >= live);
    Ok(Some((live, erased)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use conector_simplo7::{Customer, Totals};
    use time::macros::datetime;

    const LIVE: OffsetDateTime = datetime!(2026-12-01 12:00 UTC);

    fn order(id: u64, placed_at: OffsetDateTime, status: &str) -> Order {
        Order {
            id,
            number: format!("5{id}"),
            placed_at,
            status_id: status.into(),
            status_name: None,
            customer: Customer {
                name: Some("Ana Souza".into()),
                email: Some("ana@example.com".into()),
                ..Customer::default()
            },
            totals: Totals {
                products_cents: 15_990,
                discounts_cents: 1_000,
                shipping_cents: 2_500,
                ..Totals::default()
            },
            payment_method: None,
            items: Vec::new(),
        }
    }

    fn statuses() -> Vec<OrderStatus> {
        [
            ("3", "Aguardando pagamento"),
            ("21", "Entregue"),
            ("25", "Cancelado"),
            ("27", "Concluído"),
            ("31", "Devolvido"),
        ]
        .into_iter()
        .map(|(id, name)| OrderStatus {
            id: id.into(),
            name: name.into(),
        })
        .collect()
    }

    fn finals() -> FinalStatuses {
        FinalStatuses::new(["21", "27"])
    }

    fn seen(orders: Vec<Order>, now: OffsetDateTime) -> Vec<Row> {
        let fresh = Fresh {
            orders,
            gone: Vec::new(),
        };
        merged(Vec::new(), fresh, &finals(), &statuses(), now)
    }

    #[test]
    fn an_order_not_final_awaits_and_cannot_be_answered() {
        let placed = LIVE + Duration::hours(2);
        let rows = seen(vec![order(1, placed, "3")], LIVE + Duration::days(5));
        let view = order_view(
            &rows[0],
            &finals(),
            EarnRate::DEFAULT,
            LIVE + Duration::days(5),
        );
        assert_eq!(view.expected, PanelExpectation::AwaitingFinal);
        assert_eq!(view.status_name.as_deref(), Some("Aguardando pagamento"));
        assert!(!view.answerable, "days later, but not final");
    }

    /// A cancelled or returned order never becomes final: the card must not say it awaits a
    /// final status (issue #21 item 2).
    #[test]
    fn a_cancelled_or_returned_order_is_undone_not_awaiting() {
        let placed = LIVE + Duration::hours(2);
        let now = LIVE + Duration::days(5);
        for (id, status, name) in [(1, "25", "Cancelado"), (2, "31", "Devolvido")] {
            let rows = seen(vec![order(id, placed, status)], now);
            let view = order_view(&rows[0], &finals(), EarnRate::DEFAULT, now);
            assert_eq!(view.status_name.as_deref(), Some(name));
            assert_eq!(view.expected, PanelExpectation::Undone, "{name}");
            assert!(!view.answerable, "{name}");
        }
    }

    #[test]
    fn a_final_order_gives_the_rules_points_and_is_answerable_72_hours_after_it_was_placed() {
        let placed = datetime!(2026-12-01 14:30:00 -3);
        let rows = seen(vec![order(1, placed, "21")], LIVE + Duration::days(1));
        let due = placed + Duration::hours(72);
        let before = order_view(
            &rows[0],
            &finals(),
            EarnRate::DEFAULT,
            due - Duration::SECOND,
        );
        assert_eq!(
            before.expected,
            PanelExpectation::Points {
                // R$ 159,90 − R$ 10,00, shipping not counted: 149 points at 1 per R$ 1.
                points: 149,
                due_at: timestamp::format(due),
                due_from: DueFrom::Placed,
            }
        );
        assert!(
            !before.answerable,
            "final, but the 72 hours have not passed"
        );
        let at_due = order_view(&rows[0], &finals(), EarnRate::DEFAULT, due);
        assert!(at_due.answerable);
        let three = EarnRate::points_per_real(3).unwrap();
        assert!(matches!(
            order_view(&rows[0], &finals(), three, due).expected,
            PanelExpectation::Points { points: 449, .. }
        ));
    }

    #[test]
    fn a_day_without_a_time_counts_from_when_the_app_first_saw_it_final() {
        // `data_pedido: "2026-12-02"` reads as that day's first second in the store's time.
        let day_only = datetime!(2026-12-02 00:00:00 -3);
        let first_look = LIVE + Duration::days(1);
        let rows = seen(vec![order(1, day_only, "3")], first_look);
        assert!(!rows[0].placed_time_known);
        assert_eq!(rows[0].final_seen_at, None);
        let later = first_look + Duration::hours(30);
        let fresh = Fresh {
            orders: vec![order(1, day_only, "21")],
            gone: Vec::new(),
        };
        let rows = merged(rows, fresh, &finals(), &statuses(), later);
        assert_eq!(rows[0].final_seen_at, Some(later));
        // Seen final again (moving to "Concluído") keeps the first time.
        let fresh = Fresh {
            orders: vec![order(1, day_only, "27")],
            gone: Vec::new(),
        };
        let rows = merged(
            rows,
            fresh,
            &finals(),
            &statuses(),
            later + Duration::hours(5),
        );
        assert_eq!(rows[0].final_seen_at, Some(later));
        let view = order_view(&rows[0], &finals(), EarnRate::DEFAULT, later);
        assert!(matches!(
            view.expected,
            PanelExpectation::Points { due_from: DueFrom::SeenFinal, ref due_at, .. }
                if *due_at == timestamp::format(later + Duration::hours(72))
        ));
    }

    #[test]
    fn a_buyer_without_cpf_or_email_gets_no_points_and_no_question() {
        let mut o = order(1, LIVE + Duration::hours(1), "21");
        o.customer.email = Some("sem e-mail".into());
        let rows = seen(vec![o], LIVE + Duration::days(9));
        let view = order_view(
            &rows[0],
            &finals(),
            EarnRate::DEFAULT,
            LIVE + Duration::days(9),
        );
        assert_eq!(view.expected, PanelExpectation::NoCustomer);
        assert!(!view.answerable);
    }

    #[test]
    fn an_order_gone_from_the_store_leaves_the_card_and_answers_stay() {
        let mut rows = seen(
            vec![
                order(1, LIVE + Duration::hours(1), "21"),
                order(2, LIVE + Duration::hours(2), "21"),
            ],
            LIVE,
        );
        rows[0].answer = Some(FirstHoursAnswer::Mismatched);
        let fresh = Fresh {
            orders: vec![order(1, LIVE + Duration::hours(1), "27")],
            gone: vec![2],
        };
        let rows = merged(
            rows,
            fresh,
            &finals(),
            &statuses(),
            LIVE + Duration::days(1),
        );
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].answer, Some(FirstHoursAnswer::Mismatched));
        assert_eq!(rows[0].status_name.as_deref(), Some("Concluído"));
    }
}
