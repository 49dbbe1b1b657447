//! Steps 1–4: the store, its token and the demo store.

use conector_app::store;
use conector_core::ErrorPayload;
use conector_setup::{ConnectionOutcome, StoreView};
use conector_simplo7::{AddressDiscovery, AddressPreview};
use tauri::State;

use super::to_payload;
use crate::AppState;

#[tauri::command]
#[specta::specta]
pub async fn store_view(state: State<'_, AppState>) -> Result<StoreView, ErrorPayload> {
    store::view(&state.ctx).await.map_err(to_payload)
}

/// Step 1 as the owner types: the API address that will be used, or why not.
#[tauri::command]
#[specta::specta]
pub fn store_preview(
    store_id: String,
    custom_domain: Option<String>,
) -> Result<AddressPreview, ErrorPayload> {
    store::preview(&store_id, custom_domain.as_deref()).map_err(to_payload)
}

#[tauri::command]
#[specta::specta]
pub async fn store_save(
    state: State<'_, AppState>,
    store_id: String,
    custom_domain: Option<String>,
) -> Result<StoreView, ErrorPayload> {
    store::save(&state.ctx, &store_id, custom_domain.as_deref())
        .await
        .map_err(to_payload)
}

/// Step 1: whether the saved custom domain answers by itself or moved to another name (asked
/// without the token); `None` when there is nothing to ask.
#[tauri::command]
#[specta::specta]
pub async fn store_discover(
    state: State<'_, AppState>,
) -> Result<Option<AddressDiscovery>, ErrorPayload> {
    store::discover(&state.ctx).await.map_err(to_payload)
}

/// "Testar conexão": the reply carries the token's mask, never the token.
#[tauri::command]
#[specta::specta]
pub async fn store_test_connection(
    state: State<'_, AppState>,
    token: Option<String>,
) -> Result<ConnectionOutcome, ErrorPayload> {
    store::test_connection(&state.ctx, token)
        .await
        .map_err(to_payload)
}

/// "Desconectar": removes the token from the keychain and forgets the connection test.
#[tauri::command]
#[specta::specta]
pub async fn store_disconnect(state: State<'_, AppState>) -> Result<StoreView, ErrorPayload> {
    store::disconnect(&state.ctx).await.map_err(to_payload)
}

/// "Experimentar com a loja de demonstração".
#[tauri::command]
#[specta::specta]
pub async fn demo_start(state: State<'_, AppState>) -> Result<StoreView, ErrorPayload> {
    store::start_demo(&state.ctx).await.map_err(to_payload)
}
