use conector_core::wizard::{self, Progress, StepId, WizardView};
use conector_core::ErrorPayload;
use conector_setup::{step_is_valid, Confirmation, SetupError};
use rusqlite::Connection;
use tauri::State;

use super::to_payload;
use crate::AppState;

pub(crate) fn view(conn: &Connection, progress: Progress) -> Result<WizardView, SetupError> {
    let mut validity = Vec::with_capacity(StepId::ALL.len());
    for step in StepId::ALL {
        validity.push((step, step_is_valid(conn, step)?));
    }
    Ok(progress.view_with(|id| validity.iter().any(|(s, ok)| *s == id && *ok)))
}

#[tauri::command]
#[specta::specta]
pub fn wizard_state(state: State<'_, AppState>) -> Result<WizardView, ErrorPayload> {
    state
        .with_db(|conn| view(conn, wizard::load(conn)?))
        .map_err(to_payload)
}

#[tauri::command]
#[specta::specta]
pub fn wizard_next(state: State<'_, AppState>) -> Result<WizardView, ErrorPayload> {
    state
        .with_db(|conn| {
            let progress = wizard::load(conn)?;
            let next = progress.next(step_is_valid(conn, progress.current)?);
            wizard::save(conn, next)?;
            view(conn, next)
        })
        .map_err(to_payload)
}

#[tauri::command]
#[specta::specta]
pub fn wizard_back(state: State<'_, AppState>) -> Result<WizardView, ErrorPayload> {
    state
        .with_db(|conn| {
            let previous = wizard::load(conn)?.back();
            wizard::save(conn, previous)?;
            view(conn, previous)
        })
        .map_err(to_payload)
}

/// A step whose input is "I did it" (a checkbox): records it and returns the new wizard view.
#[tauri::command]
#[specta::specta]
pub fn wizard_confirm(
    state: State<'_, AppState>,
    confirmation: Confirmation,
    confirmed: bool,
) -> Result<WizardView, ErrorPayload> {
    state
        .with_db(|conn| {
            confirmation.set(conn, confirmed)?;
            view(conn, wizard::load(conn)?)
        })
        .map_err(to_payload)
}
