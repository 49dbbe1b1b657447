//! What each wizard step needs before Next is allowed. Decided here, rendered by the UI.

use conector_core::settings;
use conector_core::wizard::StepId;
use rusqlite::Connection;

use crate::integration::{self, IntegrationForm};
use crate::{connection, SetupError, StoreProfile};

/// The e-commerce platform (step 8). Simplo7 is the only one today; another platform would be
/// a new variant here and its own client crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    /// Simplo7, also sold as DLoja Virtual and Loja Hostgator.
    Simplo7,
}

const KEY_PLATFORM: &str = "integration.platform";

impl Platform {
    pub fn load(conn: &Connection) -> Result<Option<Platform>, SetupError> {
        Ok(match settings::get(conn, KEY_PLATFORM)?.as_deref() {
            Some("simplo7") => Some(Platform::Simplo7),
            _ => None,
        })
    }

    pub fn save(self, conn: &Connection) -> Result<(), SetupError> {
        let name = match self {
            Platform::Simplo7 => "simplo7",
        };
        settings::set(conn, KEY_PLATFORM, name)?;
        Ok(())
    }
}

/// The whole catalogue, or at least one chosen reward still in the catalogue.
pub fn rewards_chosen(conn: &Connection) -> Result<bool, SetupError> {
    let summary = conector_catalog::selection::summary(conn).map_err(SetupError::from)?;
    Ok(summary.whole_catalog || summary.selected > 0)
}

/// Steps whose only input is "I did it" (a checkbox).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Confirmation {
    /// Step 2: the Public API is switched on and its settings screen is open.
    ApiAccessOpened,
    /// Step 5: "Achei o XML Google Shopping" in the store panel's search.
    FeedFound,
    PanelSettingsOpened,
}

impl Confirmation {
    fn key(self) -> &'static str {
        match self {
            Confirmation::ApiAccessOpened => "confirm.api_access_opened",
            Confirmation::FeedFound => "confirm.feed_found",
            Confirmation::PanelSettingsOpened => "confirm.panel_settings_opened",
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
            .map_err(SetupError::from)?
            .is_some_and(|import| import.summary.items > 0),
        // Found, said the owner — or shown by a feed imported since (a setup from before this
        // question stays done).
        StepId::FindFeed => {
            Confirmation::FeedFound.get(conn)? || step_is_valid(conn, StepId::FeedUrl)?
        }
        StepId::PanelSettings => Confirmation::PanelSettingsOpened.get(conn)?,
        StepId::Platform => Platform::load(conn)?.is_some(),
        StepId::IntegrationForm => {
            let form = IntegrationForm::load(conn, None)?;
            integration::check(conn, &form, rewards_chosen(conn)?)?.valid
        }
        // Nothing to enter: instructions only (step 10 is the last; it has no Next).
        StepId::ServiceUser | StepId::Activation => true,
    })
}
