use conector_app::window::{Confirmation, WizardView};
use conector_app::App;
use conector_core::ErrorPayload;
use tauri::State;

use super::to_payload;

#[tauri::command]
#[specta::specta]
pub fn wizard_state(app: State<'_, App>) -> Result<WizardView, ErrorPayload> {
    app.wizard_state().map_err(to_payload)
}

#[tauri::command]
#[specta::specta]
pub fn wizard_next(app: State<'_, App>) -> Result<WizardView, ErrorPayload> {
    app.wizard_next().map_err(to_payload)
}

#[tauri::command]
#[specta::specta]
pub fn wizard_back(app: State<'_, App>) -> Result<WizardView, ErrorPayload> {
    app.wizard_back().map_err(to_payload)
}

/// A step whose input is "I did it" (a checkbox): records it and returns the new wizard view.
#[tauri::command]
#[specta::specta]
pub fn wizard_confirm(
    app: State<'_, App>,
    confirmation: Confirmation,
    confirmed: bool,
) -> Result<WizardView, ErrorPayload> {
    app.wizard_confirm(confirmation, confirmed)
        .map_err(to_payload)
}

/// Whether the welcome screen comes before step 1.
#[tauri::command]
#[specta::specta]
pub fn welcome_show(app: State<'_, App>) -> Result<bool, ErrorPayload> {
    app.welcome_show().map_err(to_payload)
}

/// The owner left the welcome screen: it is not shown again.
#[tauri::command]
#[specta::specta]
pub fn welcome_done(app: State<'_, App>) -> Result<(), ErrorPayload> {
    app.welcome_done().map_err(to_payload)
}
