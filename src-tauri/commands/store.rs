//! Steps 1–4: the store, its token and the demo store.

use conector_app::window::{AddressDiscovery, AddressPreview, ConnectionOutcome, StoreView};
use conector_app::App;
use conector_core::ErrorPayload;
use tauri::State;

use super::to_payload;

#[tauri::command]
#[specta::specta]
pub async fn store_view(app: State<'_, App>) -> Result<StoreView, ErrorPayload> {
    app.store_view().await.map_err(to_payload)
}

/// Step 1 as the owner types: the API address that will be used, or why not.
#[tauri::command]
#[specta::specta]
pub fn store_preview(
    store_id: String,
    custom_domain: Option<String>,
) -> Result<AddressPreview, ErrorPayload> {
    App::store_preview(&store_id, custom_domain.as_deref()).map_err(to_payload)
}

#[tauri::command]
#[specta::specta]
pub async fn store_save(
    app: State<'_, App>,
    store_id: String,
    custom_domain: Option<String>,
) -> Result<StoreView, ErrorPayload> {
    app.store_save(&store_id, custom_domain.as_deref())
        .await
        .map_err(to_payload)
}

/// Step 1: whether the saved custom domain answers by itself or moved to another name (asked
/// without the token); `None` when there is nothing to ask.
#[tauri::command]
#[specta::specta]
pub async fn store_discover(app: State<'_, App>) -> Result<Option<AddressDiscovery>, ErrorPayload> {
    app.store_discover().await.map_err(to_payload)
}

/// "Testar conexão": the reply carries the token's mask, never the token.
#[tauri::command]
#[specta::specta]
pub async fn store_test_connection(
    app: State<'_, App>,
    token: Option<String>,
) -> Result<ConnectionOutcome, ErrorPayload> {
    app.store_test_connection(token).await.map_err(to_payload)
}

/// "Desconectar": removes the token from the keychain and forgets the connection test.
#[tauri::command]
#[specta::specta]
pub async fn store_disconnect(app: State<'_, App>) -> Result<StoreView, ErrorPayload> {
    app.store_disconnect().await.map_err(to_payload)
}

/// "Experimentar com a loja de demonstração".
#[tauri::command]
#[specta::specta]
pub async fn demo_start(app: State<'_, App>) -> Result<StoreView, ErrorPayload> {
    app.demo_start().await.map_err(to_payload)
}
