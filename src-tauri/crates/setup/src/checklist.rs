//! Step 10: what must be true before the integration may be switched on, and the switches.
//!
//! Activation itself lives in `conector_core::activation` (the sync engine obeys it); the two
//! other switches of the +fidelidade panel are recorded here, append-only, with their time.

use conector_core::activation::{self, Activation};
use conector_core::wizard::StepId;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::integration::IntegrationForm;
use crate::{connection, step_is_valid, SetupError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ChecklistId {
    StepsDone,
    TokenTested,
    FeedWithRewards,
    StatusesChosen,
    PreviewRun,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ChecklistItem {
    pub id: ChecklistId,
    pub done: bool,
}

/// Step 10's checklist. `complete` is the only gate of "Ativar integração".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Checklist {
    pub items: Vec<ChecklistItem>,
    /// Steps 1–9 that are not valid yet, in order.
    pub pending_steps: Vec<StepId>,
    pub complete: bool,
}

pub fn checklist(conn: &Connection) -> Result<Checklist, SetupError> {
    let mut pending_steps = Vec::new();
    for step in StepId::ALL
        .iter()
        .copied()
        .filter(|s| *s != StepId::Activation)
    {
        if !step_is_valid(conn, step)? {
            pending_steps.push(step);
        }
    }
    let token_tested = connection::load(conn)?.is_some();
    let catalog = SetupError::from;
    let items = conector_catalog::last_import(conn)
        .map_err(catalog)?
        .map_or(0, |i| i.summary.items);
    let selection = conector_catalog::selection::summary(conn).map_err(catalog)?;
    let feed_with_rewards = items > 0 && (selection.whole_catalog || selection.selected > 0);
    let form = IntegrationForm::load(conn, None)?;
    let statuses = connection::load(conn)?
        .map(|c| c.statuses)
        .unwrap_or_default();
    let chosen = form
        .final_statuses
        .iter()
        .filter(|id| statuses.iter().any(|s| &s.id == *id))
        .count();
    let statuses_chosen = chosen >= crate::integration::MIN_FINAL_STATUSES;
    let preview_run = conector_sync::recent_runs(conn, 20)
        .map_err(|e| SetupError::Db(e.into()))?
        .iter()
        .any(|run| run.result == "ok");
    let items = vec![
        ChecklistItem {
            id: ChecklistId::StepsDone,
            done: pending_steps.is_empty(),
        },
        ChecklistItem {
            id: ChecklistId::TokenTested,
            done: token_tested,
        },
        ChecklistItem {
            id: ChecklistId::FeedWithRewards,
            done: feed_with_rewards,
        },
        ChecklistItem {
            id: ChecklistId::StatusesChosen,
            done: statuses_chosen,
        },
        ChecklistItem {
            id: ChecklistId::PreviewRun,
            done: preview_run,
        },
    ];
    let complete = items.iter().all(|i| i.done);
    Ok(Checklist {
        items,
        pending_steps,
        complete,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Switch {
    /// "Cadastrar clientes".
    RegisterCustomers,
    /// "Cadastrar vendas": only without an ERP, or customers get points twice.
    RegisterSales,
}

impl Switch {
    fn name(self) -> &'static str {
        match self {
            Switch::RegisterCustomers => "register_customers",
            Switch::RegisterSales => "register_sales",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct SwitchState {
    pub on: bool,
    /// UTC ISO-8601 of the last change, when there was one.
    pub since: Option<String>,
}

/// Everything step 10 shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ActivationView {
    pub checklist: Checklist,
    pub activation: Activation,
    pub register_customers: SwitchState,
    pub register_sales: SwitchState,
}

pub fn switch_state(conn: &Connection, switch: Switch) -> Result<SwitchState, SetupError> {
    let row: Option<(bool, String)> = conn
        .query_row(
            "SELECT on_state, changed_at FROM switch_events WHERE switch = ?1
             ORDER BY id DESC LIMIT 1",
            [switch.name()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(match row {
        Some((on, since)) => SwitchState {
            on,
            since: Some(since),
        },
        None => SwitchState {
            on: false,
            since: None,
        },
    })
}

/// Records a switch change (nothing when it is already in that position).
pub fn set_switch(conn: &Connection, switch: Switch, on: bool) -> Result<SwitchState, SetupError> {
    if switch_state(conn, switch)?.on != on {
        let now = OffsetDateTime::now_utc()
            .replace_nanosecond(0)
            .unwrap_or_else(|_| OffsetDateTime::now_utc())
            .format(&Rfc3339)?;
        conn.execute(
            "INSERT INTO switch_events (switch, on_state, changed_at) VALUES (?1, ?2, ?3)",
            rusqlite::params![switch.name(), on, now],
        )?;
    }
    switch_state(conn, switch)
}

pub fn view(conn: &Connection) -> Result<ActivationView, SetupError> {
    Ok(ActivationView {
        checklist: checklist(conn)?,
        activation: activation::activation(conn)?,
        register_customers: switch_state(conn, Switch::RegisterCustomers)?,
        register_sales: switch_state(conn, Switch::RegisterSales)?,
    })
}

/// "Ativar integração": refused while the checklist is incomplete. Switching off is always
/// allowed (it returns the engine to preview mode).
pub fn set_active(conn: &Connection, on: bool) -> Result<ActivationView, SetupError> {
    if on && !checklist(conn)?.complete {
        return Err(SetupError::ChecklistIncomplete);
    }
    activation::set_activation(conn, on)?;
    view(conn)
}
