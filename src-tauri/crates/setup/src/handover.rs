//! Step 10, the hand-over: the +fidelidade panel's switches in the article's order, each
//! recorded on the owner's word.
//!
//! The app switches nothing in +fidelidade (there is no public way to): the switches live in the
//! panel (Mais > Configurações > Integração > Simplo7). The order is the article's: the checklist
//! first, then "Cadastrar clientes", then "Cadastrar vendas" only without an ERP (the owner is
//! asked), then "Ativar integração", which starts the e-mails to customers the moment it is on in
//! the panel. The app keeps the owner's records — the two first switches here (append-only, with
//! their time), "Ativar integração" in `conector_core::activation`, which stops the local engine.
//!
//! Whether the checklist is complete combines the catalogue, the sync preview and the owner's
//! confirmations: the application layer decides it (`conector_app::checklist`) and passes it in.

use conector_core::activation::{self, Activation};
use conector_core::settings;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::SetupError;

/// The owner's answer: does the store have an ERP integrated with +fidelidade?
const KEY_HAS_ERP: &str = "golive.has_erp";

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

/// A panel switch as the owner last recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct SwitchState {
    pub on: bool,
    /// UTC ISO-8601 of the last change, when there was one.
    pub since: Option<String>,
}

/// What the owner does next in the panel, in the article's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum HandOverStep {
    /// Finish the checklist.
    Checklist,
    /// Switch "Cadastrar clientes" on in the panel, then record it.
    RegisterCustomers,
    /// Answer whether an ERP is integrated with +fidelidade.
    ErpQuestion,
    /// No ERP: switch "Cadastrar vendas" on in the panel, then record it.
    RegisterSales,
    /// Switch "Ativar integração" on in the panel, then record "Liguei a integração no painel".
    ActivateIntegration,
    /// Recorded: the local preview is stopped.
    HandedOver,
}

/// Where the hand-over stands: go-live, the panel's switches as recorded, the ERP answer, and
/// what comes next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandOver {
    pub activation: Activation,
    pub register_customers: SwitchState,
    pub register_sales: SwitchState,
    /// The owner's answer about an ERP; `None` until asked and answered.
    pub has_erp: Option<bool>,
    pub next: HandOverStep,
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

/// Records the owner's word about a switch (nothing when it is already in that position).
pub fn set_switch(conn: &Connection, switch: Switch, on: bool) -> Result<SwitchState, SetupError> {
    if switch_state(conn, switch)?.on != on {
        let now = conector_core::timestamp::now();
        conn.execute(
            "INSERT INTO switch_events (switch, on_state, changed_at) VALUES (?1, ?2, ?3)",
            rusqlite::params![switch.name(), on, now],
        )?;
    }
    switch_state(conn, switch)
}

pub fn has_erp(conn: &Connection) -> Result<Option<bool>, SetupError> {
    Ok(match settings::get(conn, KEY_HAS_ERP)?.as_deref() {
        Some("yes") => Some(true),
        Some("no") => Some(false),
        _ => None,
    })
}

/// The owner's answer about an ERP. With one, "Cadastrar vendas" must stay off in the panel
/// (sales would arrive twice): a record of it on is taken back.
pub fn answer_erp(conn: &Connection, has_erp: bool) -> Result<(), SetupError> {
    let tx = conector_core::write_turn::Write::begin(conn)?;
    settings::set(&tx, KEY_HAS_ERP, if has_erp { "yes" } else { "no" })?;
    if has_erp {
        set_switch(&tx, Switch::RegisterSales, false)?;
    }
    tx.commit()?;
    Ok(())
}

fn next_step(
    checklist_complete: bool,
    activation: &Activation,
    customers: &SwitchState,
    has_erp: Option<bool>,
    sales: &SwitchState,
) -> HandOverStep {
    if activation.is_active() {
        HandOverStep::HandedOver
    } else if !checklist_complete {
        HandOverStep::Checklist
    } else if !customers.on {
        HandOverStep::RegisterCustomers
    } else {
        match has_erp {
            None => HandOverStep::ErpQuestion,
            Some(false) if !sales.on => HandOverStep::RegisterSales,
            Some(_) => HandOverStep::ActivateIntegration,
        }
    }
}

/// The hand-over as recorded, given whether the checklist is complete.
pub fn state(conn: &Connection, checklist_complete: bool) -> Result<HandOver, SetupError> {
    let activation = activation::activation(conn)?;
    let register_customers = switch_state(conn, Switch::RegisterCustomers)?;
    let register_sales = switch_state(conn, Switch::RegisterSales)?;
    let has_erp = has_erp(conn)?;
    let next = next_step(
        checklist_complete,
        &activation,
        &register_customers,
        has_erp,
        &register_sales,
    );
    Ok(HandOver {
        activation,
        register_customers,
        register_sales,
        has_erp,
        next,
    })
}

/// Records "Liguei a integração no painel" (`on`), refused until the checklist is complete
/// and the panel's earlier switches are done, or the return to preview (always allowed: the
/// owner says the integration is off in the panel, and the local engine may run again).
pub fn set_active(conn: &Connection, checklist_complete: bool, on: bool) -> Result<(), SetupError> {
    if on {
        match state(conn, checklist_complete)?.next {
            HandOverStep::ActivateIntegration | HandOverStep::HandedOver => {}
            HandOverStep::Checklist => return Err(SetupError::ChecklistIncomplete),
            HandOverStep::RegisterCustomers
            | HandOverStep::ErpQuestion
            | HandOverStep::RegisterSales => return Err(SetupError::PanelStepsPending),
        }
    }
    activation::set_activation(conn, on)?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn state(on: bool) -> SwitchState {
        SwitchState { on, since: None }
    }

    #[test]
    fn the_panel_is_walked_in_the_articles_order() {
        let preview = Activation::Preview { since: None };
        let next = |complete, customers, erp, sales| {
            next_step(complete, &preview, &state(customers), erp, &state(sales))
        };
        assert_eq!(
            next(false, true, Some(false), true),
            HandOverStep::Checklist
        );
        assert_eq!(
            next(true, false, None, false),
            HandOverStep::RegisterCustomers
        );
        assert_eq!(next(true, true, None, false), HandOverStep::ErpQuestion);
        assert_eq!(
            next(true, true, Some(false), false),
            HandOverStep::RegisterSales
        );
        assert_eq!(
            next(true, true, Some(false), true),
            HandOverStep::ActivateIntegration
        );
        // With an ERP, "Cadastrar vendas" stays off and is not asked for.
        assert_eq!(
            next(true, true, Some(true), false),
            HandOverStep::ActivateIntegration
        );
        let handed = Activation::HandedOver {
            since: "2026-11-28T10:00:00Z".into(),
        };
        assert_eq!(
            next_step(false, &handed, &state(false), None, &state(false)),
            HandOverStep::HandedOver
        );
    }

    #[test]
    fn an_erp_answer_takes_back_a_sales_record() {
        let dir = tempfile::tempdir().unwrap();
        let conn = conector_core::db::open(&dir.path().join("a.sqlite3")).unwrap();
        assert_eq!(has_erp(&conn).unwrap(), None);
        set_switch(&conn, Switch::RegisterSales, true).unwrap();
        answer_erp(&conn, true).unwrap();
        assert_eq!(has_erp(&conn).unwrap(), Some(true));
        assert!(!switch_state(&conn, Switch::RegisterSales).unwrap().on);
        answer_erp(&conn, false).unwrap();
        assert_eq!(has_erp(&conn).unwrap(), Some(false));
    }

    #[test]
    fn go_live_is_refused_before_the_checklist_and_the_switches() {
        let dir = tempfile::tempdir().unwrap();
        let conn = conector_core::db::open(&dir.path().join("a.sqlite3")).unwrap();
        assert!(matches!(
            set_active(&conn, false, true),
            Err(SetupError::ChecklistIncomplete)
        ));
        // A complete checklist is not enough: "Cadastrar clientes" comes first.
        assert!(matches!(
            set_active(&conn, true, true),
            Err(SetupError::PanelStepsPending)
        ));
        set_switch(&conn, Switch::RegisterCustomers, true).unwrap();
        assert!(matches!(
            set_active(&conn, true, true),
            Err(SetupError::PanelStepsPending)
        ));
        answer_erp(&conn, false).unwrap();
        assert!(matches!(
            set_active(&conn, true, true),
            Err(SetupError::PanelStepsPending)
        ));
        assert!(!activation::activation(&conn).unwrap().is_active());
        set_switch(&conn, Switch::RegisterSales, true).unwrap();
        set_active(&conn, true, true).unwrap();
        assert!(activation::activation(&conn).unwrap().is_active());
        assert_eq!(
            super::state(&conn, true).unwrap().next,
            HandOverStep::HandedOver
        );

        // Returning to preview is always allowed, even with the checklist incomplete by now.
        set_active(&conn, false, false).unwrap();
        let back = super::state(&conn, false).unwrap();
        assert!(
            matches!(back.activation, Activation::Preview { .. }),
            "{:?}",
            back.activation
        );
        assert_eq!(back.next, HandOverStep::Checklist);
    }
}
