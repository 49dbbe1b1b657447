use conector_core::wizard::{self, Progress, StepId, WizardView};
use conector_core::ErrorPayload;
use rusqlite::Connection;
use tauri::State;

use super::to_payload;
use crate::AppState;

/// Whether the owner may leave `step` forward. Steps gain real checks as their features land;
/// until then a step with nothing to enter is valid.
fn step_is_valid(_conn: &Connection, step: StepId) -> bool {
    match step {
        StepId::StoreId
        | StepId::ApiAccess
        | StepId::ServiceUser
        | StepId::Token
        | StepId::FindFeed
        | StepId::FeedUrl
        | StepId::PanelSettings
        | StepId::Platform
        | StepId::IntegrationForm
        | StepId::Activation => true,
    }
}

fn view(conn: &Connection, progress: Progress) -> WizardView {
    progress.view(step_is_valid(conn, progress.current))
}

#[tauri::command]
#[specta::specta]
pub fn wizard_state(state: State<'_, AppState>) -> Result<WizardView, ErrorPayload> {
    state.with_db(|conn| {
        let progress = wizard::load(conn).map_err(to_payload)?;
        Ok(view(conn, progress))
    })
}

#[tauri::command]
#[specta::specta]
pub fn wizard_next(state: State<'_, AppState>) -> Result<WizardView, ErrorPayload> {
    state.with_db(|conn| {
        let progress = wizard::load(conn).map_err(to_payload)?;
        let next = progress.next(step_is_valid(conn, progress.current));
        wizard::save(conn, next).map_err(to_payload)?;
        Ok(view(conn, next))
    })
}

#[tauri::command]
#[specta::specta]
pub fn wizard_back(state: State<'_, AppState>) -> Result<WizardView, ErrorPayload> {
    state.with_db(|conn| {
        let previous = wizard::load(conn).map_err(to_payload)?.back();
        wizard::save(conn, previous).map_err(to_payload)?;
        Ok(view(conn, previous))
    })
}
