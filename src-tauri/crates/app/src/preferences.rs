//! The owner's preferences that are not part of the setup (the interface language).

use conector_core::settings;
pub use conector_core::Locale;

use crate::{keys, AppError, Context};

pub fn locale(ctx: &Context) -> Result<Locale, AppError> {
    let stored = ctx.with_db(|conn| settings::get(conn, keys::LOCALE))?;
    Ok(stored
        .as_deref()
        .and_then(Locale::from_tag)
        .unwrap_or_default())
}

pub fn set_locale(ctx: &Context, locale: Locale) -> Result<Locale, AppError> {
    ctx.with_db(|conn| settings::set(conn, keys::LOCALE, locale.as_str()))?;
    Ok(locale)
}
