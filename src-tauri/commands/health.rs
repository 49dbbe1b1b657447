//! The "Saúde da integração" page: the checks' latest results and 30-day history, "Verificar
//! agora", confirming a smaller feed, the "first 72 hours" card, and "iniciar com o
//! computador" (the login item of `conector_app::login_item`).

use conector_app::window::{FirstHours, FirstHoursAnswer, HealthView, SupportReport};
use conector_app::App;
use conector_core::ErrorPayload;
use tauri::State;

use super::to_payload;
use crate::startup::Startup;
use crate::watch::Autostart;

/// The page. `utc_offset_minutes`: the window's time zone (`-180` in Brasília), to group the
/// history by the owner's days.
#[tauri::command]
#[specta::specta]
pub fn health_view(
    app: State<'_, App>,
    utc_offset_minutes: i32,
) -> Result<HealthView, ErrorPayload> {
    app.health_view(utc_offset_minutes).map_err(to_payload)
}

/// "Verificar agora": runs every check (after a run in flight), then returns the page. The
/// run's notifications go out as for a scheduled run.
#[tauri::command]
#[specta::specta]
pub async fn health_check_now(
    app: State<'_, App>,
    utc_offset_minutes: i32,
) -> Result<HealthView, ErrorPayload> {
    app.health_check_now(utc_offset_minutes)
        .await
        .map_err(to_payload)
}

/// "A nova quantidade está certa": the feed's current product count becomes the reference, so
/// the drop warning clears at the next check.
#[tauri::command]
#[specta::specta]
pub fn health_accept_feed_count(app: State<'_, App>) -> Result<Option<u32>, ErrorPayload> {
    app.health_accept_feed_count().map_err(to_payload)
}

/// The "first 72 hours" card (`null` before go-live).
#[tauri::command]
#[specta::specta]
pub fn health_first_hours(app: State<'_, App>) -> Result<Option<FirstHours>, ErrorPayload> {
    app.health_first_hours().map_err(to_payload)
}

/// "Bateu" / "Não bateu" for one order of the card (refused until it is final and due); returns
/// the card.
#[tauri::command]
#[specta::specta]
pub fn health_first_hours_answer(
    app: State<'_, App>,
    order_id: u64,
    answer: FirstHoursAnswer,
) -> Result<FirstHours, ErrorPayload> {
    app.health_first_hours_answer(order_id, answer)
        .map_err(to_payload)
}

/// "Não bateu": the facts for +fidelidade's support and the redacted diagnostic zip, written
/// where "Exportar diagnóstico" writes it.
#[tauri::command]
#[specta::specta]
pub async fn health_first_hours_support(
    app: State<'_, App>,
    startup: State<'_, Startup>,
) -> Result<SupportReport, ErrorPayload> {
    app.health_first_hours_support(&startup.export_dir)
        .await
        .map_err(to_payload)
}

/// Whether the app starts with the computer (its login item exists).
#[tauri::command]
#[specta::specta]
pub fn health_autostart(autostart: State<'_, Autostart>) -> Result<bool, ErrorPayload> {
    autostart.enabled()
}

/// "Iniciar com o computador": creates or removes the login item; returns the new state.
#[tauri::command]
#[specta::specta]
pub fn health_set_autostart(
    autostart: State<'_, Autostart>,
    on: bool,
) -> Result<bool, ErrorPayload> {
    autostart.set(on)
}
