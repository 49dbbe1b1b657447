//! The wizard's progress: which step is current and which are valid, decided here and
//! rendered by the UI.

use conector_core::settings;
use conector_core::wizard::{self, Progress, StepId, WizardView};
use conector_setup::{Confirmation, StoreProfile};
use rusqlite::Connection;

use crate::steps::step_is_valid;
use crate::{keys, AppError, Context};

/// The wizard as the UI shows it, from the saved progress.
pub fn view(conn: &Connection) -> Result<WizardView, AppError> {
    view_of(conn, wizard::load(conn)?)
}

fn view_of(conn: &Connection, progress: Progress) -> Result<WizardView, AppError> {
    let mut validity = Vec::with_capacity(StepId::ALL.len());
    for step in StepId::ALL {
        validity.push((step, step_is_valid(conn, step)?));
    }
    Ok(progress.view_with(|id| validity.iter().any(|(s, ok)| *s == id && *ok)))
}

pub fn state(ctx: &Context) -> Result<WizardView, AppError> {
    ctx.with_db(view)
}

/// Next: moves on only when the current step is valid.
pub fn next(ctx: &Context) -> Result<WizardView, AppError> {
    ctx.with_db(|conn| {
        let progress = wizard::load(conn)?;
        let next = progress.next(step_is_valid(conn, progress.current)?);
        wizard::save(conn, next)?;
        view_of(conn, next)
    })
}

pub fn back(ctx: &Context) -> Result<WizardView, AppError> {
    ctx.with_db(|conn| {
        let previous = wizard::load(conn)?.back();
        wizard::save(conn, previous)?;
        view_of(conn, previous)
    })
}

/// A step whose input is "I did it" (a checkbox).
pub fn confirm(
    ctx: &Context,
    confirmation: Confirmation,
    confirmed: bool,
) -> Result<WizardView, AppError> {
    ctx.with_db(|conn| {
        confirmation.set(conn, confirmed)?;
        view(conn)
    })
}

/// Whether the welcome screen comes before step 1: until the owner leaves it, and never once a
/// store is saved (someone who already started the wizard is not welcomed again).
pub fn welcome(ctx: &Context) -> Result<bool, AppError> {
    ctx.with_db(|conn| {
        let done = settings::get(conn, keys::WELCOME_DONE)?.is_some();
        Ok(!done && StoreProfile::load(conn)?.is_none())
    })
}

/// The owner left the welcome screen (to step 1, or to the demo store).
pub fn welcome_done(ctx: &Context) -> Result<(), AppError> {
    ctx.with_db(|conn| Ok(settings::set(conn, keys::WELCOME_DONE, "1")?))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::Arc;

    use super::*;

    #[test]
    fn the_welcome_comes_once_and_not_after_a_store_is_saved() {
        let dir = tempfile::tempdir().unwrap();
        let paths = crate::Paths {
            data_dir: dir.path().to_path_buf(),
            log_dir: dir.path().join("logs"),
        };
        let ctx = Context::open_with(
            paths,
            conector_secrets::Keychain::with_service("conector-test-welcome"),
            Arc::new(time::OffsetDateTime::now_utc),
        )
        .unwrap();
        assert!(welcome(&ctx).unwrap());
        welcome_done(&ctx).unwrap();
        assert!(!welcome(&ctx).unwrap());

        // A profile from before the welcome screen existed: no welcome either.
        let other = tempfile::tempdir().unwrap();
        let ctx = Context::open_with(
            crate::Paths {
                data_dir: other.path().to_path_buf(),
                log_dir: other.path().join("logs"),
            },
            conector_secrets::Keychain::with_service("conector-test-welcome"),
            Arc::new(time::OffsetDateTime::now_utc),
        )
        .unwrap();
        ctx.with_db(|conn| StoreProfile::save(conn, "123456", None, false))
            .unwrap();
        assert!(!welcome(&ctx).unwrap());
    }
}
