//! The preview rates: one saved set, read by the reward picker and the dashboard.

use conector_app::window::PreviewRates;
use conector_app::App;
use conector_core::ErrorPayload;
use tauri::State;

use super::to_payload;

#[tauri::command]
#[specta::specta]
pub fn preview_rates(app: State<'_, App>) -> Result<PreviewRates, ErrorPayload> {
    app.preview_rates().map_err(to_payload)
}

/// Saves the rates; a new earn rate recomputes the preview's points at once.
#[tauri::command]
#[specta::specta]
pub async fn preview_rates_save(
    app: State<'_, App>,
    rates: PreviewRates,
) -> Result<PreviewRates, ErrorPayload> {
    app.preview_rates_save(rates).await.map_err(to_payload)
}
