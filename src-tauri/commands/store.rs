//! Steps 1–4: the store, its token and the demo store.

use conector_core::{ErrorPayload, Secret};
use conector_demo::{DemoConfig, DemoStore, DEMO_TOKEN};
use conector_setup::{ConnectionOutcome, SetupError, StoreProfile, StoreView, DEMO_STORE_ID};
use conector_simplo7::{preview_address, AddressPreview};
use tauri::State;

use super::to_payload;
use crate::AppState;

async fn view(state: &AppState) -> Result<StoreView, SetupError> {
    let profile = state.with_db(StoreProfile::load)?;
    let mask = match &profile {
        // A keychain that cannot be read still lets the owner see the rest of the page.
        Some(p) => conector_setup::token_mask(p, &state.keychain)
            .await
            .unwrap_or(None),
        None => None,
    };
    state.with_db(|conn| StoreProfile::view(profile.as_ref(), conn, mask))
}

#[tauri::command]
#[specta::specta]
pub async fn store_view(state: State<'_, AppState>) -> Result<StoreView, ErrorPayload> {
    view(&state).await.map_err(to_payload)
}

/// Step 1 as the owner types: the API address that will be used, or why not.
#[tauri::command]
#[specta::specta]
pub fn store_preview(
    store_id: String,
    custom_domain: Option<String>,
) -> Result<AddressPreview, ErrorPayload> {
    let domain = custom_domain
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty());
    preview_address(&store_id, domain).map_err(to_payload)
}

#[tauri::command]
#[specta::specta]
pub async fn store_save(
    state: State<'_, AppState>,
    store_id: String,
    custom_domain: Option<String>,
) -> Result<StoreView, ErrorPayload> {
    let previous = state.with_db(StoreProfile::load).map_err(to_payload)?;
    let current = state
        .with_db(|conn| StoreProfile::save(conn, &store_id, custom_domain.as_deref(), false))
        .map_err(to_payload)?;
    conector_setup::unbind_previous(previous.as_ref(), &current, &state.keychain)
        .await
        .map_err(to_payload)?;
    view(&state).await.map_err(to_payload)
}

/// "Testar conexão": tests the pasted token (or the stored one when `token` is empty) and, only
/// on success, keeps it in the keychain. The reply carries the token's mask, never the token.
#[tauri::command]
#[specta::specta]
pub async fn store_test_connection(
    state: State<'_, AppState>,
    token: Option<String>,
) -> Result<ConnectionOutcome, ErrorPayload> {
    let profile = state
        .with_db(StoreProfile::load)
        .map_err(to_payload)?
        .ok_or(SetupError::NoStore)
        .map_err(to_payload)?;
    let pasted = token.map(Secret::new).filter(|t| !t.is_empty());
    // The demo store's token is public: an empty field in demo mode means "use it".
    let pasted = match pasted {
        None if profile.demo => Some(Secret::new(DEMO_TOKEN)),
        other => other,
    };
    let outcome = conector_setup::connect(&profile, &state.keychain, pasted)
        .await
        .map_err(to_payload)?;
    state
        .with_db(|conn| conector_setup::record(conn, &outcome.connection))
        .map_err(to_payload)?;
    Ok(outcome)
}

/// "Desconectar": removes the token from the keychain and forgets the connection test.
#[tauri::command]
#[specta::specta]
pub async fn store_disconnect(state: State<'_, AppState>) -> Result<StoreView, ErrorPayload> {
    let profile = state.with_db(StoreProfile::load).map_err(to_payload)?;
    if let Some(profile) = profile {
        conector_setup::disconnect(&profile, &state.keychain)
            .await
            .map_err(to_payload)?;
    }
    state.with_db(conector_setup::forget).map_err(to_payload)?;
    view(&state).await.map_err(to_payload)
}

/// "Experimentar com a loja de demonstração": starts the local demo store (once) and points
/// step 1 at it.
#[tauri::command]
#[specta::specta]
pub async fn demo_start(state: State<'_, AppState>) -> Result<StoreView, ErrorPayload> {
    let base = ensure_demo(&state).await?;
    let previous = state.with_db(StoreProfile::load).map_err(to_payload)?;
    let current = state
        .with_db(|conn| StoreProfile::save(conn, DEMO_STORE_ID, Some(&base), true))
        .map_err(to_payload)?;
    conector_setup::unbind_previous(previous.as_ref(), &current, &state.keychain)
        .await
        .map_err(to_payload)?;
    view(&state).await.map_err(to_payload)
}

/// Starts the demo store if it is not running; returns its API base.
pub(crate) async fn ensure_demo(state: &AppState) -> Result<String, ErrorPayload> {
    let mut slot = state.demo.lock().await;
    if let Some(handle) = slot.as_ref() {
        return Ok(handle.base_url());
    }
    let handle = DemoStore::start(DemoConfig::default())
        .await
        .map_err(to_payload)?;
    let base = handle.base_url();
    *slot = Some(handle);
    Ok(base)
}

/// On launch, a profile on the demo store gets the demo store back (on a new port).
pub(crate) async fn resume_demo(state: &AppState) -> Result<(), ErrorPayload> {
    let profile = state.with_db(StoreProfile::load).map_err(to_payload)?;
    if profile.is_some_and(|p| p.demo) {
        let base = ensure_demo(state).await?;
        state
            .with_db(|conn| StoreProfile::save(conn, DEMO_STORE_ID, Some(&base), true))
            .map_err(to_payload)?;
    }
    Ok(())
}
