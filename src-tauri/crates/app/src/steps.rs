//! What each wizard step needs before Next is allowed: the setup steps' own inputs, the
//! catalogue (a feed with rewards) and the integration form's notes together. Decided here,
//! rendered by the UI.

use conector_core::wizard::StepId;
use conector_setup::integration::{self, FormView, IntegrationForm};
use conector_setup::{Confirmation, ConnectionInfo, Platform, StoreProfile};
use rusqlite::Connection;

use crate::AppError;

/// The whole catalogue, or at least one chosen reward still in the catalogue.
pub fn rewards_chosen(conn: &Connection) -> Result<bool, AppError> {
    let summary = conector_catalog::selection::summary(conn)?;
    Ok(summary.whole_catalog || summary.selected > 0)
}

/// Every note about `form` that decides whether step 9 is complete: the form's own, whether
/// rewards are chosen in the catalogue, and the advice on the final statuses' names.
pub(crate) fn form_view(conn: &Connection, form: &IntegrationForm) -> Result<FormView, AppError> {
    let statuses = ConnectionInfo::load(conn)?
        .map(|c| c.statuses)
        .unwrap_or_default();
    let confirmed = integration::confirmed_reversals(conn)?;
    let advice = crate::status_advice::notes(&statuses, &form.final_statuses, &confirmed);
    let rewards_ok = rewards_chosen(conn)?;
    Ok(integration::check(conn, form, rewards_ok, advice)?)
}

/// Whether the owner may leave `step` forward.
pub fn step_is_valid(conn: &Connection, step: StepId) -> Result<bool, AppError> {
    Ok(match step {
        StepId::StoreId => StoreProfile::load(conn)?.is_some_and(|p| p.address().is_ok()),
        StepId::ApiAccess => Confirmation::ApiAccessOpened.get(conn)?,
        StepId::Token => ConnectionInfo::load(conn)?.is_some(),
        // A feed counts once it was imported with at least one product that can be a reward.
        StepId::FeedUrl => {
            conector_catalog::last_import(conn)?.is_some_and(|import| import.summary.items > 0)
        }
        // Found, said the owner — or shown by a feed imported since (a setup from before this
        // question stays done).
        StepId::FindFeed => {
            Confirmation::FeedFound.get(conn)? || step_is_valid(conn, StepId::FeedUrl)?
        }
        StepId::PanelSettings => Confirmation::PanelSettingsOpened.get(conn)?,
        StepId::Platform => Platform::load(conn)?.is_some(),
        StepId::IntegrationForm => {
            let form = IntegrationForm::load(conn, None)?;
            form_view(conn, &form)?.valid
        }
        // Nothing to enter: instructions only (step 10 is the last; it has no Next).
        StepId::ServiceUser | StepId::Activation => true,
    })
}
