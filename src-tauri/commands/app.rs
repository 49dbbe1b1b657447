use conector_core::{settings, ErrorPayload};
use serde::{Deserialize, Serialize};
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
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: state.paths.data_dir.display().to_string(),
        log_dir: state.paths.log_dir.display().to_string(),
    }
}

/// The interface languages. pt-BR first: it is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub enum Locale {
    #[serde(rename = "pt-BR")]
    PtBr,
    #[serde(rename = "en")]
    En,
}

impl Locale {
    fn as_str(self) -> &'static str {
        match self {
            Locale::PtBr => "pt-BR",
            Locale::En => "en",
        }
    }
}

#[tauri::command]
#[specta::specta]
pub fn get_locale(state: State<'_, AppState>) -> Result<Locale, ErrorPayload> {
    let stored = state
        .with_db(|conn| settings::get(conn, "locale"))
        .map_err(to_payload)?;
    Ok(match stored.as_deref() {
        Some("en") => Locale::En,
        _ => Locale::PtBr,
    })
}

#[tauri::command]
#[specta::specta]
pub fn set_locale(state: State<'_, AppState>, locale: Locale) -> Result<Locale, ErrorPayload> {
    state
        .with_db(|conn| settings::set(conn, "locale", locale.as_str()))
        .map_err(to_payload)?;
    Ok(locale)
}
