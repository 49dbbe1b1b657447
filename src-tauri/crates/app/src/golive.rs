//! Step 10, the hand-over: the checklist (what the app checked, then the owner's confirmations
//! about the +fidelidade panel), the panel's switches walked in the article's order and recorded
//! on the owner's word, and the owner's record of go-live, which stops the local preview engine.
//!
//! Nothing here switches anything in +fidelidade: the switches are in its panel.

use conector_core::activation::Activation;
use conector_setup::handover::{self, HandOverStep, Switch, SwitchState};
use rusqlite::Connection;
use serde::Serialize;

use crate::checklist::{self, Checklist, PanelConfirmation};
use crate::sync::SyncRuns;
use crate::{AppError, Context};

/// Everything step 10 shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ActivationView {
    pub checklist: Checklist,
    pub activation: Activation,
    pub register_customers: SwitchState,
    pub register_sales: SwitchState,
    /// The owner's answer about an ERP; `None` until asked and answered.
    pub has_erp: Option<bool>,
    pub next: HandOverStep,
}

/// Step 10 as it stands: the checklist, then the hand-over given whether it is complete.
pub fn view_of(conn: &Connection) -> Result<ActivationView, AppError> {
    let checklist = checklist::checklist(conn)?;
    let handover = handover::state(conn, checklist.complete)?;
    Ok(ActivationView {
        checklist,
        activation: handover.activation,
        register_customers: handover.register_customers,
        register_sales: handover.register_sales,
        has_erp: handover.has_erp,
        next: handover.next,
    })
}

pub fn view(ctx: &Context) -> Result<ActivationView, AppError> {
    ctx.with_db(view_of)
}

/// Records "Liguei a integração no painel" (refused until the checklist and the panel's earlier
/// switches are recorded) or, with `on` false, the owner's word that it is off in the panel:
/// back to preview. Going live stops a preview run in flight; the engine refuses new runs while
/// handed over.
pub async fn set_active(
    ctx: &Context,
    sync: &SyncRuns,
    on: bool,
) -> Result<ActivationView, AppError> {
    let view = ctx.with_db(|conn| {
        let complete = checklist::checklist(conn)?.complete;
        handover::set_active(conn, complete, on)?;
        view_of(conn)
    })?;
    if on
        && sync
            .stop_current(ctx, crate::rules::STOP_RUN_TIMEOUT)
            .await
            .is_err()
    {
        tracing::warn!("a preview sync was still running after go-live");
    }
    tracing::info!(on, "go-live recorded");
    Ok(view)
}

/// Records the owner's word about one of the panel's switches.
pub fn set_switch(ctx: &Context, which: Switch, on: bool) -> Result<ActivationView, AppError> {
    ctx.with_db(|conn| {
        handover::set_switch(conn, which, on)?;
        view_of(conn)
    })
}

/// Records the owner's answer about an ERP integrated with +fidelidade.
pub fn answer_erp(ctx: &Context, has_erp: bool) -> Result<ActivationView, AppError> {
    ctx.with_db(|conn| {
        handover::answer_erp(conn, has_erp)?;
        view_of(conn)
    })
}

/// Records (or takes back) one of the owner's confirmations about the panel.
pub fn confirm(
    ctx: &Context,
    which: PanelConfirmation,
    on: bool,
) -> Result<ActivationView, AppError> {
    ctx.with_db(|conn| {
        checklist::confirm(conn, which, on)?;
        view_of(conn)
    })
}
