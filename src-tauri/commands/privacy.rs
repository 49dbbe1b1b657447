//! The customers' personal data the preview keeps: where it lives and until when, "Apagar dados
//! da simulação", and keeping it after go-live.

use conector_app::window::PrivacyView;
use conector_app::App;
use conector_core::ErrorPayload;
use tauri::State;

use super::to_payload;

#[tauri::command]
#[specta::specta]
pub fn privacy_view(app: State<'_, App>) -> Result<PrivacyView, ErrorPayload> {
    app.privacy_view().map_err(to_payload)
}

/// "Apagar dados da simulação": orders, customers and the ledger; settings and catalogue stay.
#[tauri::command]
#[specta::specta]
pub async fn privacy_erase(app: State<'_, App>) -> Result<PrivacyView, ErrorPayload> {
    app.privacy_erase().await.map_err(to_payload)
}

/// After go-live: keep the data past its erase day (`keep`), or let it go on that day.
#[tauri::command]
#[specta::specta]
pub fn privacy_keep(app: State<'_, App>, keep: bool) -> Result<PrivacyView, ErrorPayload> {
    app.privacy_keep(keep).map_err(to_payload)
}
