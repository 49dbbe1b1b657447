//! What each wizard step needs before Next is allowed. Decided here, rendered by the UI.

use conector_core::settings;
use conector_core::wizard::StepId;
use rusqlite::Connection;

use crate::{connection, SetupError, StoreProfile};

/// Steps whose only input is "I did it" (step 2's checkbox).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Confirmation {
    ApiAccessOpened,
}

impl Confirmation {
    fn key(self) -> &'static str {
        match self {
            Confirmation::ApiAccessOpened => "confirm.api_access_opened",
        }
    }

    pub fn set(self, conn: &Connection, on: bool) -> Result<(), SetupError> {
        if on {
            settings::set(conn, self.key(), "1")?;
        } else {
            settings::remove(conn, self.key())?;
        }
        Ok(())
    }

    pub fn get(self, conn: &Connection) -> Result<bool, SetupError> {
        Ok(settings::get(conn, self.key())?.as_deref() == Some("1"))
    }
}

/// Whether the owner may leave `step` forward.
pub fn step_is_valid(conn: &Connection, step: StepId) -> Result<bool, SetupError> {
    Ok(match step {
        StepId::StoreId => StoreProfile::load(conn)?.is_some_and(|p| p.address().is_ok()),
        StepId::ApiAccess => Confirmation::ApiAccessOpened.get(conn)?,
        StepId::Token => connection::load(conn)?.is_some(),
        // A feed counts once it was imported with at least one product that can be a reward.
        StepId::FeedUrl => conector_catalog::last_import(conn)
            .map_err(|e| SetupError::Catalog(e.to_string()))?
            .is_some_and(|import| import.summary.items > 0),
        // Steps whose checks land with their features (form, activation).
        StepId::ServiceUser
        | StepId::FindFeed
        | StepId::PanelSettings
        | StepId::Platform
        | StepId::IntegrationForm
        | StepId::Activation => true,
    })
}
