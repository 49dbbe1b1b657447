use conector_core::wizard::WizardView;
use conector_core::ErrorPayload;
use conector_setup::Confirmation;
use tauri::State;

use super::to_payload;
use crate::AppState;

#[tauri::command]
#[specta::specta]
pub fn wizard_state(state: State<'_, AppState>) -> Result<WizardView, ErrorPayload> {
    conector_app::wizard::state(&state.ctx).map_err(to_payload)
}

#[tauri::command]
#[specta::specta]
pub fn wizard_next(state: State<'_, AppState>) -> Result<WizardView, ErrorPayload> {
    conector_app::wizard::next(&state.ctx).map_err(to_payload)
}

#[tauri::command]
#[specta::specta]
pub fn wizard_back(state: State<'_, AppState>) -> Result<WizardView, ErrorPayload> {
    conector_app::wizard::back(&state.ctx).map_err(to_payload)
}

/// A step whose input is "I did it" (a checkbox): records it and returns the new wizard view.
#[tauri::command]
#[specta::specta]
pub fn wizard_confirm(
    state: State<'_, AppState>,
    confirmation: Confirmation,
    confirmed: bool,
) -> Result<WizardView, ErrorPayload> {
    conector_app::wizard::confirm(&state.ctx, confirmation, confirmed).map_err(to_payload)
}

/// Whether the welcome screen comes before step 1.
#[tauri::command]
#[specta::specta]
pub fn welcome_show(state: State<'_, AppState>) -> Result<bool, ErrorPayload> {
    conector_app::wizard::welcome(&state.ctx).map_err(to_payload)
}

/// The owner left the welcome screen: it is not shown again.
#[tauri::command]
#[specta::specta]
pub fn welcome_done(state: State<'_, AppState>) -> Result<(), ErrorPayload> {
    conector_app::wizard::welcome_done(&state.ctx).map_err(to_payload)
}
