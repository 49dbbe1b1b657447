//! The wizard's progress: which step is current and which are valid, decided here and
//! rendered by the UI.

use conector_core::wizard::{self, Progress, StepId, WizardView};
use conector_setup::{step_is_valid, Confirmation};
use rusqlite::Connection;

use crate::{AppError, Context};

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
