//! The preview rates: one saved set, read by the reward picker and the dashboard.

use conector_app::rates;
use conector_catalog::PreviewRates;
use conector_core::ErrorPayload;
use tauri::State;

use super::to_payload;
use crate::AppState;

#[tauri::command]
#[specta::specta]
pub fn preview_rates(state: State<'_, AppState>) -> Result<PreviewRates, ErrorPayload> {
    rates::view(&state.ctx).map_err(to_payload)
}

/// Saves the rates; a new earn rate recomputes the preview's points at once.
#[tauri::command]
#[specta::specta]
pub async fn preview_rates_save(
    state: State<'_, AppState>,
    rates: PreviewRates,
) -> Result<PreviewRates, ErrorPayload> {
    rates::save(&state.ctx, Some(&state.sync), rates)
        .await
        .map_err(to_payload)
}
