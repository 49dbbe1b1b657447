use conector_app::preferences::{self, Locale};
use conector_core::ErrorPayload;
use serde::Serialize;
use tauri::State;

use super::to_payload;
use crate::AppState;

#[derive(Debug, Serialize, specta::Type)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub log_dir: String,
}

#[tauri::command]
#[specta::specta]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        version: conector_app::update::current_version().to_owned(),
        data_dir: state.ctx.paths.data_dir.display().to_string(),
        log_dir: state.ctx.paths.log_dir.display().to_string(),
    }
}

#[tauri::command]
#[specta::specta]
pub fn get_locale(state: State<'_, AppState>) -> Result<Locale, ErrorPayload> {
    preferences::locale(&state.ctx).map_err(to_payload)
}

#[tauri::command]
#[specta::specta]
pub fn set_locale(state: State<'_, AppState>, locale: Locale) -> Result<Locale, ErrorPayload> {
    preferences::set_locale(&state.ctx, locale).map_err(to_payload)
}
