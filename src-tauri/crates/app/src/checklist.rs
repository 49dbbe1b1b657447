//! Step 10's checklist: what the app checked itself (steps, token, feed, statuses, a preview
//! run), then what only the owner can confirm about the +fidelidade panel (the form pasted and
//! saved there, the program set up there). The switches come after it
//! (`conector_setup::handover`, which is told whether this list is complete).
//!
//! It combines the setup steps, the catalogue and the sync preview, so it is decided here.

use conector_core::settings;
use conector_core::wizard::StepId;
use conector_setup::integration::IntegrationForm;
use conector_setup::review::ReviewKey;
use conector_setup::ConnectionInfo;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::steps::{rewards_chosen, step_is_valid};
use crate::{keys, rules, AppError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ChecklistId {
    StepsDone,
    TokenTested,
    FeedWithRewards,
    StatusesChosen,
    PreviewRun,
    /// The owner's word: "Colei os valores do resumo no formulário do +fidelidade e salvei".
    FormSavedInPanel,
    /// The owner's word: "Terminei as configurações do programa no painel".
    ProgramConfigured,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ChecklistItem {
    pub id: ChecklistId,
    pub done: bool,
    /// An owner confirmation (a checkbox the owner ticks), not something the app checked.
    pub by_owner: bool,
    /// Confirmed once, but the review card's values changed since: paste them again.
    pub changed_since: bool,
}

/// What the owner confirms about the +fidelidade panel, which the app cannot see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PanelConfirmation {
    /// The review card's values are pasted into the panel's form, and saved.
    FormSavedInPanel,
    /// The program itself is set up in the panel (points rules and rewards).
    ProgramConfigured,
}

impl PanelConfirmation {
    fn key(self) -> &'static str {
        match self {
            PanelConfirmation::FormSavedInPanel => keys::GOLIVE_FORM_SAVED_IN_PANEL,
            PanelConfirmation::ProgramConfigured => keys::GOLIVE_PROGRAM_CONFIGURED,
        }
    }
}

/// What a confirmation keeps: when it was given and, for the form, the values it was given for.
#[derive(Debug, Serialize, Deserialize)]
struct Confirmed {
    at: String,
    #[serde(default)]
    values: Vec<String>,
}

/// The review card's values the panel's form holds once pasted (the AppKey line is the token,
/// which the card never shows: a new token is caught by step 4, not here).
fn pasted_values(conn: &Connection) -> Result<Vec<String>, AppError> {
    Ok(crate::form::review_of(conn, None)?
        .into_iter()
        .filter(|f| f.key != ReviewKey::AppKey)
        .map(|f| f.value)
        .collect())
}

/// Records (or takes back) one of the owner's confirmations about the panel.
pub fn confirm(conn: &Connection, which: PanelConfirmation, on: bool) -> Result<(), AppError> {
    if !on {
        settings::remove(conn, which.key())?;
        return Ok(());
    }
    let values = match which {
        PanelConfirmation::FormSavedInPanel => pasted_values(conn)?,
        PanelConfirmation::ProgramConfigured => Vec::new(),
    };
    let json = serde_json::to_string(&Confirmed {
        at: conector_core::timestamp::now(),
        values,
    })?;
    settings::set(conn, which.key(), &json)?;
    Ok(())
}

/// (done, changed since): a form confirmation holds only for the values it was given for.
fn confirmation_state(
    conn: &Connection,
    which: PanelConfirmation,
) -> Result<(bool, bool), AppError> {
    let Some(saved) = settings::get(conn, which.key())?
        .and_then(|json| serde_json::from_str::<Confirmed>(&json).ok())
    else {
        return Ok((false, false));
    };
    Ok(match which {
        PanelConfirmation::FormSavedInPanel => {
            let same = saved.values == pasted_values(conn)?;
            (same, !same)
        }
        PanelConfirmation::ProgramConfigured => (true, false),
    })
}

/// Step 10's checklist: what the app checked, then what the owner confirms about the panel.
/// Recording go-live needs it `complete` (and the panel's switches before it, in order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Checklist {
    pub items: Vec<ChecklistItem>,
    /// Steps 1–9 that are not valid yet, in order.
    pub pending_steps: Vec<StepId>,
    pub complete: bool,
}

pub fn checklist(conn: &Connection) -> Result<Checklist, AppError> {
    let mut pending_steps = Vec::new();
    for step in StepId::ALL
        .iter()
        .copied()
        .filter(|s| *s != StepId::Activation)
    {
        if !step_is_valid(conn, step)? {
            pending_steps.push(step);
        }
    }
    let connection = ConnectionInfo::load(conn)?;
    let token_tested = connection.is_some();
    let items = conector_catalog::last_import(conn)?.map_or(0, |i| i.summary.items);
    let feed_with_rewards = items > 0 && rewards_chosen(conn)?;
    let form = IntegrationForm::load(conn, None)?;
    let statuses = connection.map(|c| c.statuses).unwrap_or_default();
    let chosen = form
        .final_statuses
        .iter()
        .filter(|id| statuses.iter().any(|s| &s.id == *id))
        .count();
    let statuses_chosen = chosen >= rules::MIN_FINAL_STATUSES;
    let preview_run = conector_sync::recent_runs(conn, 20)?
        .iter()
        .any(|run| run.result == "ok");
    let checked = |id, done| ChecklistItem {
        id,
        done,
        by_owner: false,
        changed_since: false,
    };
    let mut items = vec![
        checked(ChecklistId::StepsDone, pending_steps.is_empty()),
        checked(ChecklistId::TokenTested, token_tested),
        checked(ChecklistId::FeedWithRewards, feed_with_rewards),
        checked(ChecklistId::StatusesChosen, statuses_chosen),
        checked(ChecklistId::PreviewRun, preview_run),
    ];
    for (id, which) in [
        (
            ChecklistId::FormSavedInPanel,
            PanelConfirmation::FormSavedInPanel,
        ),
        (
            ChecklistId::ProgramConfigured,
            PanelConfirmation::ProgramConfigured,
        ),
    ] {
        let (done, changed_since) = confirmation_state(conn, which)?;
        items.push(ChecklistItem {
            id,
            done,
            by_owner: true,
            changed_since,
        });
    }
    let complete = items.iter().all(|i| i.done);
    Ok(Checklist {
        items,
        pending_steps,
        complete,
    })
}
