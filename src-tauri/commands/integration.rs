//! Steps 7–10: the +fidelidade panel steps, the integration form with its review card, and
//! go-live.

use conector_app::checklist::PanelConfirmation;
use conector_app::clipboard::{self, ClipboardEvent, ReviewCopied};
use conector_app::golive::ActivationView;
use conector_app::{form, golive};
use conector_core::wizard::WizardView;
use conector_core::ErrorPayload;
use conector_setup::handover::Switch;
use conector_setup::integration::{FormField, FormView, IntegrationForm};
use conector_setup::review::{ReviewField, ReviewKey};
use conector_setup::Platform;
use tauri::ipc::Channel;
use tauri::State;

use super::to_payload;
use crate::AppState;

#[tauri::command]
#[specta::specta]
pub fn platform_choose(
    state: State<'_, AppState>,
    platform: Platform,
) -> Result<WizardView, ErrorPayload> {
    form::choose_platform(&state.ctx, platform).map_err(to_payload)
}

#[tauri::command]
#[specta::specta]
pub fn platform_current(state: State<'_, AppState>) -> Result<Option<Platform>, ErrorPayload> {
    form::current_platform(&state.ctx).map_err(to_payload)
}

/// The form (saved draft or pre-filled) with every note about it.
#[tauri::command]
#[specta::specta]
pub async fn form_view(state: State<'_, AppState>) -> Result<FormView, ErrorPayload> {
    form::view(&state.ctx).await.map_err(to_payload)
}

/// Saves the draft as typed and checks it.
#[tauri::command]
#[specta::specta]
pub async fn form_save(
    state: State<'_, AppState>,
    form: IntegrationForm,
) -> Result<FormView, ErrorPayload> {
    form::save(&state.ctx, Some(&state.sync), &form)
        .await
        .map_err(to_payload)
}

/// "Conferir": opens the link; the reply names a problem next to the field.
#[tauri::command]
#[specta::specta]
pub async fn form_probe_link(
    state: State<'_, AppState>,
    field: FormField,
    url: String,
) -> Result<FormView, ErrorPayload> {
    form::probe_link(&state.ctx, field, &url)
        .await
        .map_err(to_payload)
}

/// "Sim, é isso mesmo" about a cancellation-looking final status (or the answer taken back).
#[tauri::command]
#[specta::specta]
pub fn form_confirm_status(
    state: State<'_, AppState>,
    status_id: String,
    yes: bool,
) -> Result<FormView, ErrorPayload> {
    form::confirm_status(&state.ctx, &status_id, yes).map_err(to_payload)
}

#[tauri::command]
#[specta::specta]
pub async fn review_fields(state: State<'_, AppState>) -> Result<Vec<ReviewField>, ErrorPayload> {
    form::review(&state.ctx).await.map_err(to_payload)
}

/// A copy button of the review card (`key`), or "copiar tudo" (`None`, every line but the
/// AppKey). Done in Rust so that the token goes from the keychain to the clipboard without
/// passing through the page; `on_clear` hears when a copied token's wait is over.
#[tauri::command]
#[specta::specta]
pub async fn review_copy(
    state: State<'_, AppState>,
    key: Option<ReviewKey>,
    on_clear: Channel<ClipboardEvent>,
) -> Result<ReviewCopied, ErrorPayload> {
    let (copied, handle) = clipboard::copy_review(&state.ctx, &state.clipboard, key)
        .await
        .map_err(to_payload)?;
    if let Some(handle) = handle {
        tauri::async_runtime::spawn(async move {
            if on_clear.send(clipboard::cleared(handle).await).is_err() {
                tracing::debug!("the page that copied the token is gone");
            }
        });
    }
    Ok(copied)
}

#[tauri::command]
#[specta::specta]
pub fn activation_view(state: State<'_, AppState>) -> Result<ActivationView, ErrorPayload> {
    golive::view(&state.ctx).map_err(to_payload)
}

/// The owner's confirmation about the +fidelidade panel (the form saved there, the program set
/// up there), or its withdrawal.
#[tauri::command]
#[specta::specta]
pub fn checklist_confirm(
    state: State<'_, AppState>,
    which: PanelConfirmation,
    on: bool,
) -> Result<ActivationView, ErrorPayload> {
    golive::confirm(&state.ctx, which, on).map_err(to_payload)
}

/// The owner's answer: is an ERP integrated with +fidelidade?
#[tauri::command]
#[specta::specta]
pub fn erp_answer(
    state: State<'_, AppState>,
    has_erp: bool,
) -> Result<ActivationView, ErrorPayload> {
    golive::answer_erp(&state.ctx, has_erp).map_err(to_payload)
}

/// The owner's record that the integration is on (or off) in the +fidelidade panel.
#[tauri::command]
#[specta::specta]
pub async fn activation_set(
    state: State<'_, AppState>,
    on: bool,
) -> Result<ActivationView, ErrorPayload> {
    let view = golive::set_active(&state.ctx, Some(&state.sync), on)
        .await
        .map_err(to_payload)?;
    // Go-live starts the health watch; going back to preview stops it.
    state.health.wake();
    Ok(view)
}

/// The owner's record of one of the panel's switches ("Cadastrar clientes", "Cadastrar vendas").
#[tauri::command]
#[specta::specta]
pub fn switch_set(
    state: State<'_, AppState>,
    which: Switch,
    on: bool,
) -> Result<ActivationView, ErrorPayload> {
    golive::set_switch(&state.ctx, which, on).map_err(to_payload)
}
