//! Steps 7–10: the +fidelidade panel steps, the integration form with its review card, and
//! go-live.

use conector_app::window::{
    ActivationView, ClipboardEvent, FormField, FormView, IntegrationForm, PanelConfirmation,
    Platform, ReviewCopied, ReviewField, ReviewKey, Switch, WizardView,
};
use conector_app::App;
use conector_core::ErrorPayload;
use tauri::ipc::Channel;
use tauri::State;

use super::to_payload;

#[tauri::command]
#[specta::specta]
pub fn platform_choose(
    app: State<'_, App>,
    platform: Platform,
) -> Result<WizardView, ErrorPayload> {
    app.platform_choose(platform).map_err(to_payload)
}

#[tauri::command]
#[specta::specta]
pub fn platform_current(app: State<'_, App>) -> Result<Option<Platform>, ErrorPayload> {
    app.platform_current().map_err(to_payload)
}

/// The form (saved draft or pre-filled) with every note about it.
#[tauri::command]
#[specta::specta]
pub async fn form_view(app: State<'_, App>) -> Result<FormView, ErrorPayload> {
    app.form_view().await.map_err(to_payload)
}

/// Saves the draft as typed and checks it.
#[tauri::command]
#[specta::specta]
pub async fn form_save(
    app: State<'_, App>,
    form: IntegrationForm,
) -> Result<FormView, ErrorPayload> {
    app.form_save(&form).await.map_err(to_payload)
}

/// "Conferir": opens the link; the reply names a problem next to the field.
#[tauri::command]
#[specta::specta]
pub async fn form_probe_link(
    app: State<'_, App>,
    field: FormField,
    url: String,
) -> Result<FormView, ErrorPayload> {
    app.form_probe_link(field, &url).await.map_err(to_payload)
}

/// "Sim, é isso mesmo" about a cancellation-looking final status (or the answer taken back).
#[tauri::command]
#[specta::specta]
pub fn form_confirm_status(
    app: State<'_, App>,
    status_id: String,
    yes: bool,
) -> Result<FormView, ErrorPayload> {
    app.form_confirm_status(&status_id, yes).map_err(to_payload)
}

#[tauri::command]
#[specta::specta]
pub async fn review_fields(app: State<'_, App>) -> Result<Vec<ReviewField>, ErrorPayload> {
    app.review_fields().await.map_err(to_payload)
}

/// A copy button of the review card (`key`), or "copiar tudo" (`None`, every line but the
/// AppKey). Done in Rust so that the token goes from the keychain to the clipboard without
/// passing through the page; `on_clear` hears when a copied token's wait is over.
#[tauri::command]
#[specta::specta]
pub async fn review_copy(
    app: State<'_, App>,
    key: Option<ReviewKey>,
    on_clear: Channel<ClipboardEvent>,
) -> Result<ReviewCopied, ErrorPayload> {
    app.review_copy(key, move |event| {
        if on_clear.send(event).is_err() {
            tracing::debug!("the page that copied the token is gone");
        }
    })
    .await
    .map_err(to_payload)
}

#[tauri::command]
#[specta::specta]
pub fn activation_view(app: State<'_, App>) -> Result<ActivationView, ErrorPayload> {
    app.activation_view().map_err(to_payload)
}

/// The owner's confirmation about the +fidelidade panel (the form saved there, the program set
/// up there), or its withdrawal.
#[tauri::command]
#[specta::specta]
pub fn checklist_confirm(
    app: State<'_, App>,
    which: PanelConfirmation,
    on: bool,
) -> Result<ActivationView, ErrorPayload> {
    app.checklist_confirm(which, on).map_err(to_payload)
}

/// The owner's answer: is an ERP integrated with +fidelidade?
#[tauri::command]
#[specta::specta]
pub fn erp_answer(app: State<'_, App>, has_erp: bool) -> Result<ActivationView, ErrorPayload> {
    app.erp_answer(has_erp).map_err(to_payload)
}

/// The owner's record that the integration is on (or off) in the +fidelidade panel.
#[tauri::command]
#[specta::specta]
pub async fn activation_set(app: State<'_, App>, on: bool) -> Result<ActivationView, ErrorPayload> {
    app.activation_set(on).await.map_err(to_payload)
}

/// The owner's record of one of the panel's switches ("Cadastrar clientes", "Cadastrar vendas").
#[tauri::command]
#[specta::specta]
pub fn switch_set(
    app: State<'_, App>,
    which: Switch,
    on: bool,
) -> Result<ActivationView, ErrorPayload> {
    app.switch_set(which, on).map_err(to_payload)
}
