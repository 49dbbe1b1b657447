//! The "As primeiras 72 horas" card in the product: read from the store at each health run after
//! go-live, shown, answered ("Bateu" / "Não bateu"), and reported to +fidelidade's support. The
//! rules of the check are [`super::golive_orders`]'s; this module reads the owner's settings and
//! the store for it.

use std::path::Path;

use conector_core::timestamp;
use conector_health::StoreInput;
use conector_ledger::FinalStatuses;
use conector_setup::integration::IntegrationForm;
use conector_setup::StoreProfile;
use conector_simplo7::{ClientConfig, OrderStatus, StoreClient, StoreError};
use rusqlite::Connection;
use time::OffsetDateTime;

use super::golive_orders::{
    self, live_since, order_view, stored, FirstHours, FirstHoursAnswer, PanelExpectation, Row,
    SupportOrder, SupportReport,
};
use crate::{rates, rules, AppError, Context};

/// The card, after go-live (`None` before).
pub fn first_hours(ctx: &Context) -> Result<Option<FirstHours>, AppError> {
    let now = ctx.now();
    ctx.with_db(|conn| card(conn, now))
}

fn card(conn: &Connection, now: OffsetDateTime) -> Result<Option<FirstHours>, AppError> {
    let Some((live, erased)) = live_since(conn)? else {
        return Ok(None);
    };
    let rows = match store_key(conn)? {
        Some(key) => stored(conn, &key)?,
        None => Vec::new(),
    };
    let read = golive_orders::last_read(conn)?;
    Ok(Some(view_of(conn, live, erased, &rows, read, now)?))
}

fn view_of(
    conn: &Connection,
    live: OffsetDateTime,
    erased: bool,
    rows: &[Row],
    read: golive_orders::LastRead,
    now: OffsetDateTime,
) -> Result<FirstHours, AppError> {
    let finals = finals(conn)?;
    let saved = rates::load(conn)?;
    let rate = rates::earn_rate(saved);
    Ok(FirstHours {
        live_since: timestamp::format(live),
        earn_points_per_real: saved.earn_points_per_real,
        orders: rows
            .iter()
            .map(|r| order_view(r, &finals, rate, now))
            .collect(),
        limit: rules::FIRST_HOURS_ORDERS,
        read_at: read.at,
        read_error: read.error,
        erased,
    })
}

fn store_key(conn: &Connection) -> Result<Option<String>, AppError> {
    Ok(StoreProfile::load(conn)?.map(|p| p.store_key()))
}

/// The final statuses chosen in step 9.
fn finals(conn: &Connection) -> Result<FinalStatuses, AppError> {
    Ok(FinalStatuses::new(
        IntegrationForm::load(conn, None)?.final_statuses,
    ))
}

/// What a read needs from the database: the go-live, the store's key, the rows followed.
struct ReadPlan {
    live: OffsetDateTime,
    key: String,
    rows: Vec<Row>,
    finals: FinalStatuses,
}

fn read_plan(conn: &Connection) -> Result<Option<ReadPlan>, AppError> {
    let Some((live, erased)) = live_since(conn)? else {
        return Ok(None);
    };
    let Some(key) = store_key(conn)? else {
        return Ok(None);
    };
    if erased {
        return Ok(None);
    }
    Ok(Some(ReadPlan {
        live,
        rows: stored(conn, &key)?,
        key,
        finals: finals(conn)?,
    }))
}

async fn read(store: &StoreInput, plan: &ReadPlan) -> Result<golive_orders::Fresh, StoreError> {
    let StoreInput::Ready(target) = store else {
        // No store or token to read with: the token check says why.
        return Ok(golive_orders::Fresh::default());
    };
    let client = StoreClient::new(
        target.address.clone(),
        &target.token,
        ClientConfig::interactive(),
    )?;
    let limit = rules::FIRST_HOURS_ORDERS as usize;
    golive_orders::read_store(&client, plan.live, &plan.rows, limit).await
}

/// At each health run after go-live: reads the store's orders placed after it and keeps what it
/// said. A failed read is kept for the card (which keeps what it had); it fails nothing else.
pub(super) async fn refresh(
    ctx: &Context,
    store: &StoreInput,
    statuses: &[OrderStatus],
) -> Result<(), AppError> {
    let Some(plan) = ctx.with_db(read_plan)? else {
        return Ok(());
    };
    let fresh = read(store, &plan).await;
    let now = ctx.now();
    match fresh {
        Ok(fresh) => {
            let rows = golive_orders::merged(plan.rows, fresh, &plan.finals, statuses, now);
            ctx.with_db_mut(|conn| golive_orders::save(conn, &plan.key, &rows))?;
            ctx.with_db(|conn| golive_orders::set_last_read(conn, now, None))?;
            tracing::info!(orders = rows.len(), "the go-live check read the store");
        }
        Err(e) => {
            conector_core::log_error("the go-live check could not read the store", &e);
            ctx.with_db(|conn| golive_orders::set_last_read(conn, now, Some(&e)))?;
        }
    }
    Ok(())
}

/// The card as the store shows it now, without keeping anything (`conector health`: the command
/// line writes nothing). `None` before go-live.
pub async fn first_hours_read_only(
    conn: &Connection,
    store: &StoreInput,
    statuses: &[OrderStatus],
    now: OffsetDateTime,
) -> Result<Option<FirstHours>, AppError> {
    let Some(plan) = read_plan(conn)? else {
        return card(conn, now);
    };
    let (rows, error) = match read(store, &plan).await {
        Ok(fresh) => (
            golive_orders::merged(plan.rows, fresh, &plan.finals, statuses, now),
            None,
        ),
        Err(e) => (plan.rows, Some(conector_core::CodedError::payload(&e))),
    };
    let read = golive_orders::LastRead {
        at: Some(timestamp::format(now)),
        error,
    };
    Ok(Some(view_of(conn, plan.live, false, &rows, read, now)?))
}

/// "Bateu" / "Não bateu" for one order: refused until it is final and its 72 hours have passed.
/// Returns the card.
pub fn answer(
    ctx: &Context,
    order_id: u64,
    answer: FirstHoursAnswer,
) -> Result<FirstHours, AppError> {
    let now = ctx.now();
    ctx.with_db(|conn| {
        let (key, row) = followed(conn, order_id)?;
        let view = order_view(
            &row,
            &finals(conn)?,
            rates::earn_rate(rates::load(conn)?),
            now,
        );
        if !view.answerable {
            return Err(AppError::NotAnswerable { number: row.number });
        }
        golive_orders::set_answer(conn, &key, order_id, answer, now)?;
        tracing::info!(
            matched = (answer == FirstHoursAnswer::Matched),
            "go-live check answered"
        );
        card(conn, now)?.ok_or(AppError::UnknownGoLiveOrder(order_id))
    })
}

fn followed(conn: &Connection, order_id: u64) -> Result<(String, Row), AppError> {
    let unknown = || AppError::UnknownGoLiveOrder(order_id);
    live_since(conn)?.ok_or_else(unknown)?;
    let key = store_key(conn)?.ok_or_else(unknown)?;
    let row = stored(conn, &key)?
        .into_iter()
        .find(|r| r.order_id == order_id)
        .ok_or_else(unknown)?;
    Ok((key, row))
}

/// "Não bateu": what to send to +fidelidade's support — the store ID, the orders marked, their
/// statuses and expected points, the final statuses chosen, the app version — and the redacted
/// diagnostic zip, written into `dest_dir`. No customer's name, document or e-mail.
pub async fn support(ctx: &Context, dest_dir: &Path) -> Result<SupportReport, AppError> {
    let now = ctx.now();
    let mut report = ctx.with_db(|conn| support_facts(conn, now))?;
    let paths = ctx.paths.clone();
    let keychain = ctx.keychain.clone();
    let dest = dest_dir.to_path_buf();
    let zip = tokio::task::spawn_blocking(move || {
        crate::diagnostics::export(&paths, &keychain, &dest, now)
    })
    .await
    .map_err(AppError::Interrupted)??;
    report.zip = zip.display().to_string();
    Ok(report)
}

fn support_facts(conn: &Connection, now: OffsetDateTime) -> Result<SupportReport, AppError> {
    let key = store_key(conn)?.ok_or(AppError::NothingToReport)?;
    let saved = super::saved(conn)?;
    let finals = finals(conn)?;
    let rates = rates::load(conn)?;
    let rows = stored(conn, &key)?;
    let orders: Vec<SupportOrder> = rows
        .iter()
        .filter(|r| r.answer == Some(FirstHoursAnswer::Mismatched))
        .filter_map(|r| {
            let view = order_view(r, &finals, rates::earn_rate(rates), now);
            match view.expected {
                PanelExpectation::Points { points, due_at, .. } => Some(SupportOrder {
                    number: view.number,
                    placed_at: view.placed_at,
                    status: view.status_name.unwrap_or(view.status_id),
                    points,
                    due_at,
                }),
                PanelExpectation::AwaitingFinal
                | PanelExpectation::Undone
                | PanelExpectation::NoCustomer => None,
            }
        })
        .collect();
    if orders.is_empty() {
        return Err(AppError::NothingToReport);
    }
    Ok(SupportReport {
        store_id: saved.store_id.unwrap_or(key),
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        // Named as the last connection test listed them, else as the orders read showed them.
        final_statuses: saved
            .final_statuses
            .into_iter()
            .map(|s| {
                let seen = || {
                    rows.iter()
                        .find(|r| r.status_id == s.id)
                        .and_then(|r| r.status_name.clone())
                };
                s.name.or_else(seen).unwrap_or(s.id)
            })
            .collect(),
        earn_points_per_real: rates.earn_points_per_real,
        orders,
        zip: String::new(),
    })
}
