//! Steps 7–10: the +fidelidade panel steps, the integration form with its review card, and
//! activation.

use std::time::Duration;

use conector_core::wizard::{self, WizardView};
use conector_core::{ErrorCode, ErrorPayload, Secret};
use conector_setup::checklist::{self, ActivationView, Switch};
use conector_setup::integration::{
    self, FieldNote, FormField, FormView, IntegrationForm, ReviewField, ReviewKey,
};
use conector_setup::probe::{probe_link, ProbePolicy};
use conector_setup::{rewards_chosen, Platform, SetupError, StoreProfile};
use tauri::State;

use super::to_payload;
use crate::AppState;

#[tauri::command]
#[specta::specta]
pub fn platform_choose(
    state: State<'_, AppState>,
    platform: Platform,
) -> Result<WizardView, ErrorPayload> {
    state
        .with_db(|conn| {
            platform.save(conn)?;
            super::wizard::view(conn, wizard::load(conn)?)
        })
        .map_err(to_payload)
}

#[tauri::command]
#[specta::specta]
pub fn platform_current(state: State<'_, AppState>) -> Result<Option<Platform>, ErrorPayload> {
    state.with_db(Platform::load).map_err(to_payload)
}

async fn demo_pages(state: &AppState) -> Option<(String, String)> {
    state
        .demo
        .lock()
        .await
        .as_ref()
        .map(|d| (d.site_url(), d.signup_url()))
}

/// The form (saved draft or pre-filled) with every note about it.
#[tauri::command]
#[specta::specta]
pub async fn form_view(state: State<'_, AppState>) -> Result<FormView, ErrorPayload> {
    let pages = demo_pages(&state).await;
    state
        .with_db(|conn| {
            let form = IntegrationForm::load(conn, pages)?;
            integration::check(conn, &form, rewards_chosen(conn)?)
        })
        .map_err(to_payload)
}

/// Saves the draft as typed and checks it.
#[tauri::command]
#[specta::specta]
pub fn form_save(
    state: State<'_, AppState>,
    form: IntegrationForm,
) -> Result<FormView, ErrorPayload> {
    state
        .with_db(|conn| {
            form.save(conn)?;
            integration::check(conn, &form, rewards_chosen(conn)?)
        })
        .map_err(to_payload)
}

/// "Conferir": opens the link; when it answers, it is remembered as checked.
#[tauri::command]
#[specta::specta]
pub async fn form_probe_link(
    state: State<'_, AppState>,
    field: FormField,
    url: String,
) -> Result<FormView, ErrorPayload> {
    let demo = state
        .with_db(StoreProfile::load)
        .map_err(to_payload)?
        .is_some_and(|p| p.demo);
    match probe_link(&url, ProbePolicy::for_store(demo)).await {
        Ok(probe) => {
            let mut view = state
                .with_db(|conn| {
                    integration::remember_reachable(conn, &probe.url)?;
                    let form = IntegrationForm::load(conn, None)?;
                    integration::check(conn, &form, rewards_chosen(conn)?)
                })
                .map_err(to_payload)?;
            // Where the link really ends, when it was redirected.
            view.notes.extend(probe.note(field));
            Ok(view)
        }
        Err(e) => {
            let payload = to_payload(e);
            // The reply names the field so the page can put the message next to it.
            let mut view = state
                .with_db(|conn| {
                    let form = IntegrationForm::load(conn, None)?;
                    integration::check(conn, &form, rewards_chosen(conn)?)
                })
                .map_err(to_payload)?;
            view.notes
                .retain(|n| !(n.field == field && n.code == ErrorCode::FormUncheckedLink));
            view.notes.insert(
                0,
                FieldNote {
                    field,
                    code: payload.code,
                    params: payload.params,
                    blocking: true,
                },
            );
            view.valid = false;
            Ok(view)
        }
    }
}

async fn stored_token(state: &AppState) -> Result<Option<(String, Secret)>, SetupError> {
    let Some(profile) = state.with_db(StoreProfile::load)? else {
        return Ok(None);
    };
    let (keychain, account) = (state.keychain.clone(), profile.account());
    let token = tokio::task::spawn_blocking(move || keychain.load(&account))
        .await
        .map_err(SetupError::Interrupted)??;
    Ok(token.map(|t| (t.mask(), t)))
}

#[tauri::command]
#[specta::specta]
pub async fn review_fields(state: State<'_, AppState>) -> Result<Vec<ReviewField>, ErrorPayload> {
    let mask = stored_token(&state)
        .await
        .map_err(to_payload)?
        .map(|(mask, _)| mask);
    state
        .with_db(|conn| integration::review(conn, mask))
        .map_err(to_payload)
}

/// A copy button of the review card (`key`), or "copiar tudo" (`None`). Done in Rust so that
/// the token goes from the keychain to the clipboard without passing through the page.
#[tauri::command]
#[specta::specta]
pub async fn review_copy(
    state: State<'_, AppState>,
    key: Option<ReviewKey>,
) -> Result<(), ErrorPayload> {
    let token = stored_token(&state).await.map_err(to_payload)?;
    let fields = state
        .with_db(|conn| integration::review(conn, token.as_ref().map(|(m, _)| m.clone())))
        .map_err(to_payload)?;
    let secret = token.map(|(_, t)| t);
    let text =
        integration::clipboard_text(&fields, key, secret.as_ref().map_or("", Secret::expose));
    state.clipboard.write(text).map_err(|e| {
        tracing::warn!(error = %e, "the clipboard could not be written");
        ErrorPayload::new(ErrorCode::ClipboardFailed)
    })
}

#[tauri::command]
#[specta::specta]
pub fn activation_view(state: State<'_, AppState>) -> Result<ActivationView, ErrorPayload> {
    state.with_db(checklist::view).map_err(to_payload)
}

/// "Ativar integração" (after the page's confirmation). Switching on stops the local engine:
/// +fidelidade takes over. Switching off returns to preview mode.
#[tauri::command]
#[specta::specta]
pub async fn activation_set(
    state: State<'_, AppState>,
    on: bool,
) -> Result<ActivationView, ErrorPayload> {
    let view = state
        .with_db(|conn| checklist::set_active(conn, on))
        .map_err(to_payload)?;
    if on {
        // A run in flight is cancelled; the engine refuses new runs while handed over.
        if state
            .sync
            .stop_current(Duration::from_secs(30))
            .await
            .is_err()
        {
            tracing::warn!("a preview sync was still running 30 s after activation");
        }
    }
    tracing::info!(on, "integration activation switched");
    Ok(view)
}

#[tauri::command]
#[specta::specta]
pub fn switch_set(
    state: State<'_, AppState>,
    which: Switch,
    on: bool,
) -> Result<ActivationView, ErrorPayload> {
    state
        .with_db(|conn| {
            checklist::set_switch(conn, which, on)?;
            checklist::view(conn)
        })
        .map_err(to_payload)
}
