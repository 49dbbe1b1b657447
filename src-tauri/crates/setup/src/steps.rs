//! The wizard's own inputs: the platform (step 8) and the "I did it" checkboxes (steps 2 and
//! 5). Which step is valid combines these with the catalogue and the sync preview, and is
//! decided by the application layer (`conector_app::steps`).

use conector_core::settings;
use rusqlite::Connection;

use crate::SetupError;

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

/// Steps whose only input is "I did it" (step 2's checkbox).
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
