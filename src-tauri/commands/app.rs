use conector_app::window::Locale;
use conector_app::{App, AppInfo};
use conector_core::ErrorPayload;
use tauri::State;

use super::to_payload;

#[tauri::command]
#[specta::specta]
pub fn app_info(app: State<'_, App>) -> AppInfo {
    app.app_info()
}

#[tauri::command]
#[specta::specta]
pub fn get_locale(app: State<'_, App>) -> Result<Locale, ErrorPayload> {
    app.get_locale().map_err(to_payload)
}

#[tauri::command]
#[specta::specta]
pub fn set_locale(app: State<'_, App>, locale: Locale) -> Result<Locale, ErrorPayload> {
    app.set_locale(locale).map_err(to_payload)
}
