//! What the owner sets on the dashboard (start date, final statuses, interval, return window),
//! kept in the
//! settings table. The final statuses are step 9's too: one list, read and written through
//! `conector_setup::integration`.

use conector_core::settings;
use conector_ledger::FinalStatuses;
use conector_simplo7::OrderStatus;
use conector_sync::{parse_date, store_today};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::rules::{
    self, DEFAULT_INTERVAL_MINUTES, DEFAULT_RETURN_WINDOW_DAYS, MAX_INTERVAL_MINUTES,
    MAX_RETURN_WINDOW_DAYS, MIN_FINAL_STATUSES, MIN_INTERVAL_MINUTES, MIN_RETURN_WINDOW_DAYS,
};
use crate::{keys, AppError};

/// The dashboard's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct SyncSettings {
    /// "Pedidos desde": `YYYY-MM-DD` when read; when saved, the day as the owner typed it
    /// (`30/08/2026` or `2026-08-30`).
    pub since: String,
    /// The status ids that earn points, from the store's list.
    pub final_statuses: Vec<String>,
    /// Minutes between two background runs.
    pub interval_minutes: u32,
    /// The return window: orders are re-checked for returns, refunds, edits and deletions
    /// until this many days after they were placed.
    pub return_window_days: u32,
}

impl SyncSettings {
    pub fn load(conn: &Connection) -> Result<SyncSettings, AppError> {
        let since = settings::get(conn, keys::SYNC_SINCE)?
            .filter(|s| parse_date(s).is_ok())
            .unwrap_or_else(|| {
                conector_sync::config::iso_date_string(rules::default_since(store_today()))
            });
        let interval_minutes = settings::get(conn, keys::SYNC_INTERVAL)?
            .and_then(|m| m.parse().ok())
            .unwrap_or(DEFAULT_INTERVAL_MINUTES);
        let return_window_days = settings::get(conn, keys::SYNC_RETURN_WINDOW)?
            .and_then(|d| d.parse().ok())
            .filter(|d| (MIN_RETURN_WINDOW_DAYS..=MAX_RETURN_WINDOW_DAYS).contains(d))
            .unwrap_or(DEFAULT_RETURN_WINDOW_DAYS);
        Ok(SyncSettings {
            since,
            final_statuses: conector_setup::integration::final_statuses(conn)?,
            interval_minutes,
            return_window_days,
        })
    }

    /// The settings as they will be saved: the day read, the statuses checked against the
    /// store's list, the interval in range.
    pub fn checked(&self, statuses: &[OrderStatus]) -> Result<SyncSettings, AppError> {
        let since = self.start_date()?;
        let finals = self.finals(statuses)?;
        if !(MIN_INTERVAL_MINUTES..=MAX_INTERVAL_MINUTES).contains(&self.interval_minutes) {
            return Err(AppError::BadInterval {
                min: MIN_INTERVAL_MINUTES,
                max: MAX_INTERVAL_MINUTES,
            });
        }
        if !(MIN_RETURN_WINDOW_DAYS..=MAX_RETURN_WINDOW_DAYS).contains(&self.return_window_days) {
            return Err(AppError::BadReturnWindow {
                min: MIN_RETURN_WINDOW_DAYS,
                max: MAX_RETURN_WINDOW_DAYS,
            });
        }
        Ok(SyncSettings {
            since: conector_sync::config::iso_date_string(since),
            final_statuses: finals.0.into_iter().collect(),
            interval_minutes: self.interval_minutes,
            return_window_days: self.return_window_days,
        })
    }

    /// Writes checked settings within the caller's transaction.
    pub(crate) fn save_in(&self, conn: &Connection) -> Result<(), AppError> {
        settings::set(conn, keys::SYNC_SINCE, self.since.trim())?;
        conector_setup::integration::save_final_statuses(conn, &self.final_statuses)?;
        settings::set(
            conn,
            keys::SYNC_INTERVAL,
            &self.interval_minutes.to_string(),
        )?;
        settings::set(
            conn,
            keys::SYNC_RETURN_WINDOW,
            &self.return_window_days.to_string(),
        )?;
        Ok(())
    }

    /// The start date, typed as `30/08/2026` or `2026-08-30`; never after today.
    pub fn start_date(&self) -> Result<Date, AppError> {
        start_day(&self.since)
    }

    /// The chosen statuses, each one from the store's list, at least the minimum.
    pub fn finals(&self, statuses: &[OrderStatus]) -> Result<FinalStatuses, AppError> {
        let finals = FinalStatuses::new(self.final_statuses.iter().map(|s| s.trim().to_owned()));
        if finals
            .0
            .iter()
            .any(|id| !statuses.iter().any(|s| &s.id == id))
        {
            return Err(AppError::UnknownStatus);
        }
        if finals.0.len() < MIN_FINAL_STATUSES {
            return Err(AppError::TooFewFinalStatuses(MIN_FINAL_STATUSES));
        }
        Ok(finals)
    }

    pub fn interval(&self) -> std::time::Duration {
        std::time::Duration::from_secs(u64::from(self.interval_minutes.max(1)) * 60)
    }
}

/// A start date as typed (see [`read_day`]); never after today in the store.
pub(crate) fn start_day(text: &str) -> Result<Date, AppError> {
    let date = read_day(text).ok_or(AppError::BadDate)?;
    if date > store_today() {
        return Err(AppError::FutureDate);
    }
    Ok(date)
}

/// A calendar day as a Brazilian types it (`30/08/2026`, `1/9/2026`) or as ISO (`2026-08-30`).
pub fn read_day(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Ok(date) = parse_date(text) {
        return Some(date);
    }
    let mut parts = text.split('/');
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || year.len() != 4 {
        return None;
    }
    let month = time::Month::try_from(month.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn days_are_read_as_typed_in_brazil_or_as_iso() {
        let day = Date::from_calendar_date(2026, time::Month::August, 30).unwrap();
        assert_eq!(read_day("30/08/2026"), Some(day));
        assert_eq!(read_day(" 2026-08-30 "), Some(day));
        assert_eq!(
            read_day("1/9/2026"),
            Date::from_calendar_date(2026, time::Month::September, 1).ok()
        );
        for bad in [
            "31/02/2026",
            "2026/08/30",
            "30-08-2026",
            "30/08/26",
            "",
            "ontem",
        ] {
            assert_eq!(read_day(bad), None, "{bad}");
        }
    }
}
