//! The owner's preview settings (start date, final statuses, interval), what a sync needs to
//! run (store, connection test, final statuses), and the links the e-mail previews carry.
//! Kept in the settings table; never the token.

use conector_core::activation::{activation, Activation};
use conector_core::settings;
use conector_ledger::{EarnRate, EmailSettings, FinalStatuses};
use conector_setup::StoreProfile;
use conector_simplo7::OrderStatus;
use conector_sync::{default_since, parse_date, store_today, SyncConfig};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use time::Date;

use super::PreviewError;

const KEY_SINCE: &str = "sync.since";
/// Shared with wizard step 9 (the same final statuses go to the +fidelidade form).
const KEY_FINALS: &str = "sync.final_statuses";
const KEY_INTERVAL: &str = "sync.interval_minutes";
/// Filled by wizard step 9; until then the e-mail previews use the store's own address.
const KEY_SITE_URL: &str = "integration.site_url";
const KEY_SIGNUP_URL: &str = "integration.signup_url";
const KEY_STORE_NAME: &str = "integration.store_name";

pub const DEFAULT_INTERVAL_MINUTES: u32 = 15;
const MIN_INTERVAL_MINUTES: u32 = 5;
const MAX_INTERVAL_MINUTES: u32 = 24 * 60;
/// Fewer than two final statuses is refused (the vendor recommends at least three).
pub const MIN_FINAL_STATUSES: usize = 2;

/// What the owner sets on the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct SyncSettings {
    /// "Pedidos desde": `YYYY-MM-DD` (default: 90 days ago).
    pub since: String,
    /// The status ids that earn points, from the store's list.
    pub final_statuses: Vec<String>,
    /// Minutes between two background runs (default 15).
    pub interval_minutes: u32,
}

impl SyncSettings {
    pub fn load(conn: &Connection) -> Result<SyncSettings, PreviewError> {
        let since = settings::get(conn, KEY_SINCE)?
            .filter(|s| parse_date(s).is_ok())
            .unwrap_or_else(|| conector_sync::config::iso_date_string(default_since()));
        let final_statuses = settings::get(conn, KEY_FINALS)?
            .and_then(|json| serde_json::from_str::<Vec<String>>(&json).ok())
            .unwrap_or_default();
        let interval_minutes = settings::get(conn, KEY_INTERVAL)?
            .and_then(|m| m.parse().ok())
            .unwrap_or(DEFAULT_INTERVAL_MINUTES);
        Ok(SyncSettings {
            since,
            final_statuses,
            interval_minutes,
        })
    }

    /// Checks the settings against the store's status list, then saves them.
    pub fn save(&self, conn: &Connection, statuses: &[OrderStatus]) -> Result<(), PreviewError> {
        self.start_date()?;
        self.finals(statuses)?;
        if !(MIN_INTERVAL_MINUTES..=MAX_INTERVAL_MINUTES).contains(&self.interval_minutes) {
            return Err(PreviewError::BadInterval {
                min: MIN_INTERVAL_MINUTES,
                max: MAX_INTERVAL_MINUTES,
            });
        }
        let finals = serde_json::to_string(&self.finals(statuses)?.0)
            .map_err(|e| PreviewError::Interrupted(Box::new(e)))?;
        let tx = conn.unchecked_transaction()?;
        settings::set(&tx, KEY_SINCE, self.since.trim())?;
        settings::set(&tx, KEY_FINALS, &finals)?;
        settings::set(&tx, KEY_INTERVAL, &self.interval_minutes.to_string())?;
        tx.commit()?;
        Ok(())
    }

    pub fn start_date(&self) -> Result<Date, PreviewError> {
        let date = parse_date(&self.since).map_err(|_| PreviewError::BadDate)?;
        if date > store_today() {
            return Err(PreviewError::FutureDate);
        }
        Ok(date)
    }

    /// The chosen statuses, each one from the store's list, at least two.
    pub fn finals(&self, statuses: &[OrderStatus]) -> Result<FinalStatuses, PreviewError> {
        let finals = FinalStatuses::new(self.final_statuses.iter().map(|s| s.trim().to_owned()));
        if finals
            .0
            .iter()
            .any(|id| !statuses.iter().any(|s| &s.id == id))
        {
            return Err(PreviewError::UnknownStatus);
        }
        if finals.0.len() < MIN_FINAL_STATUSES {
            return Err(PreviewError::TooFewFinalStatuses(MIN_FINAL_STATUSES));
        }
        Ok(finals)
    }

    pub fn interval(&self) -> std::time::Duration {
        std::time::Duration::from_secs(u64::from(self.interval_minutes.max(1)) * 60)
    }
}

/// Whether a sync can run, and if not, what the owner must finish first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Readiness {
    Ready,
    /// Wizard step 1 (store ID) is not done.
    NeedsStore,
    /// Wizard step 4 (token test) is not done.
    NeedsConnection,
    /// Fewer than two final statuses chosen.
    NeedsFinalStatuses,
    /// Activation is on: +fidelidade took over, the local engine is stopped.
    HandedOver {
        since: String,
    },
}

/// Everything a run needs except the token.
pub struct RunPlan {
    pub profile: StoreProfile,
    pub config: SyncConfig,
}

/// Reads what a run would use; `Err(readiness)` says what is missing.
pub fn plan(conn: &Connection) -> Result<Result<RunPlan, Readiness>, PreviewError> {
    if let Activation::HandedOver { since } = activation(conn)? {
        return Ok(Err(Readiness::HandedOver { since }));
    }
    let Some(profile) = StoreProfile::load(conn)? else {
        return Ok(Err(Readiness::NeedsStore));
    };
    let Some(connection) =
        conector_setup::StoreProfile::view(Some(&profile), conn, None)?.connection
    else {
        return Ok(Err(Readiness::NeedsConnection));
    };
    let settings = SyncSettings::load(conn)?;
    let Ok(finals) = settings.finals(&connection.statuses) else {
        return Ok(Err(Readiness::NeedsFinalStatuses));
    };
    let mut config = SyncConfig::new(profile.store_id.clone(), finals);
    config.since = settings.start_date().unwrap_or_else(|_| default_since());
    config.rate = EarnRate::DEFAULT;
    Ok(Ok(RunPlan { profile, config }))
}

/// The ledger key of the configured store (its ID), if any.
pub fn store_key(conn: &Connection) -> Result<Option<String>, PreviewError> {
    Ok(StoreProfile::load(conn)?.map(|p| p.store_id))
}

/// The links the e-mails carry: step 9's when both are valid links, else the demo store's
/// pages (`demo_pages`) or the store's own address; `true` in the second place when they are
/// step 9's.
pub fn email_settings(
    conn: &Connection,
    profile: &StoreProfile,
    demo_pages: Option<(String, String)>,
) -> Result<(EmailSettings, bool), PreviewError> {
    let site_base = profile
        .address()
        .map(|a| {
            let base = a.api_base();
            base.strip_suffix("ws/").unwrap_or(base).to_owned()
        })
        .unwrap_or_default();
    let host = site_base
        .split_once("://")
        .map_or(site_base.as_str(), |(_, rest)| rest)
        .trim_end_matches('/')
        .to_owned();
    // Step 9 keeps its draft as typed: only links that pass its own check are used.
    let link = |key: &str| -> Result<Option<String>, PreviewError> {
        Ok(settings::get(conn, key)?
            .map(|s| s.trim().to_owned())
            .filter(|s| conector_setup::integration::check_link(s).is_ok()))
    };
    let (site, signup) = (link(KEY_SITE_URL)?, link(KEY_SIGNUP_URL)?);
    let from_step9 = site.is_some() && signup.is_some();
    let store_name = match settings::get(conn, KEY_STORE_NAME)?.filter(|n| !n.trim().is_empty()) {
        Some(name) => name,
        None if profile.demo => "Loja de demonstração".to_owned(),
        None => host,
    };
    let (fallback_site, fallback_signup) = match demo_pages {
        Some(pages) if profile.demo => pages,
        _ => (site_base.clone(), site_base),
    };
    let (site_url, signup_url) = if from_step9 {
        (site.unwrap_or_default(), signup.unwrap_or_default())
    } else {
        (fallback_site, fallback_signup)
    };
    Ok((
        EmailSettings {
            store_name,
            site_url,
            signup_url,
        },
        from_step9,
    ))
}
