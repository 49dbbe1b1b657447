//! The owner's preferences that are not part of the setup (the interface language).

use conector_core::settings;
use serde::{Deserialize, Serialize};

use crate::{keys, AppError, Context};

/// The interface languages. pt-BR first: it is the default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub enum Locale {
    #[default]
    #[serde(rename = "pt-BR")]
    PtBr,
    #[serde(rename = "en")]
    En,
}

impl Locale {
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::PtBr => "pt-BR",
            Locale::En => "en",
        }
    }
}

pub fn locale(ctx: &Context) -> Result<Locale, AppError> {
    let stored = ctx.with_db(|conn| settings::get(conn, keys::LOCALE))?;
    Ok(match stored.as_deref() {
        Some("en") => Locale::En,
        _ => Locale::PtBr,
    })
}

pub fn set_locale(ctx: &Context, locale: Locale) -> Result<Locale, AppError> {
    ctx.with_db(|conn| settings::set(conn, keys::LOCALE, locale.as_str()))?;
    Ok(locale)
}
