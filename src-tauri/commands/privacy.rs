//! The customers' personal data the preview keeps: where it lives and until when, "Apagar dados
//! da prévia", and keeping it after go-live.

use conector_app::privacy::{self, PrivacyView};
use conector_core::ErrorPayload;
use tauri::State;

use super::to_payload;
use crate::AppState;

#[tauri::command]
#[specta::specta]
pub fn privacy_view(state: State<'_, AppState>) -> Result<PrivacyView, ErrorPayload> {
    privacy::view(&state.ctx).map_err(to_payload)
}

/// "Apagar dados da prévia": orders, customers and the ledger; settings and catalogue stay.
#[tauri::command]
#[specta::specta]
pub async fn privacy_erase(state: State<'_, AppState>) -> Result<PrivacyView, ErrorPayload> {
    privacy::erase(&state.ctx, Some(&state.sync))
        .await
        .map_err(to_payload)
}

/// After go-live: keep the data past its erase day (`keep`), or let it go on that day.
#[tauri::command]
#[specta::specta]
pub fn privacy_keep(state: State<'_, AppState>, keep: bool) -> Result<PrivacyView, ErrorPayload> {
    privacy::keep(&state.ctx, keep).map_err(to_payload)
}
