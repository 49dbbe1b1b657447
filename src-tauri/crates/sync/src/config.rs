use conector_ledger::{EarnRate, FinalStatuses};
use serde::{Deserialize, Serialize};
use time::{Date, Duration, OffsetDateTime, UtcOffset};

/// What one sync reads and how it judges orders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct SyncConfig {
    /// The ledger's store key (the store ID, or the API host for an address override).
    pub store: String,
    /// "Orders since": the first day read. Changing it starts the listing over.
    #[specta(type = String)]
    #[serde(with = "iso_date")]
    pub since: Date,
    pub finals: FinalStatuses,
    pub rate: EarnRate,
    /// Orders placed in the last `recent_days` are re-read by every run, whatever their status.
    pub recent_days: u32,
    /// Older orders whose status is still open (not final, not cancelled) are re-read one by
    /// one, at most this many per run, most recent first.
    pub max_rechecks: u32,
}

impl SyncConfig {
    /// Defaults: since 90 days ago, 1 point per R$ 1, recent window 30 days, 200 re-reads.
    pub fn new(store: impl Into<String>, finals: FinalStatuses) -> Self {
        Self {
            store: store.into(),
            since: default_since(),
            finals,
            rate: EarnRate::DEFAULT,
            recent_days: 30,
            max_rechecks: 200,
        }
    }
}

/// Stores record dates in Brasília time (UTC−3, no daylight saving since 2019).
pub fn store_today() -> Date {
    let brasilia = UtcOffset::from_hms(-3, 0, 0).unwrap_or(UtcOffset::UTC);
    OffsetDateTime::now_utc().to_offset(brasilia).date()
}

/// 90 days before today (the owner can pick another start date).
pub fn default_since() -> Date {
    store_today() - Duration::days(90)
}

/// The default interval of the background loop.
pub const DEFAULT_INTERVAL: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// `YYYY-MM-DD` on the wire.
pub(crate) mod iso_date {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::macros::format_description;
    use time::Date;

    const FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
        format_description!("[year]-[month]-[day]");

    pub fn serialize<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
        let text = date.format(FORMAT).map_err(serde::ser::Error::custom)?;
        s.serialize_str(&text)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        parse(&text).map_err(serde::de::Error::custom)
    }

    pub fn parse(text: &str) -> Result<Date, time::error::Parse> {
        Date::parse(text.trim(), FORMAT)
    }

    pub fn format(date: Date) -> String {
        date.format(FORMAT).unwrap_or_else(|_| date.to_string())
    }
}

pub use iso_date::parse as parse_date;

/// `YYYY-MM-DD`.
pub fn iso_date_string(date: Date) -> String {
    iso_date::format(date)
}

/// The ledger key of a store from its API base: the store ID for `https://{id}.simplo7.net/ws/`,
/// else the host (without port) of the custom domain or override.
pub fn store_key(api_base: &str) -> String {
    let rest = api_base.split_once("://").map_or(api_base, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or(rest);
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) => host,
        _ => authority,
    }
    .to_lowercase();
    match host.strip_suffix(".simplo7.net") {
        Some(id) if !id.is_empty() && !id.contains('.') => id.to_owned(),
        _ => host,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_key_is_the_store_id_or_the_host() {
        assert_eq!(store_key("https://12345.simplo7.net/ws/"), "12345");
        assert_eq!(
            store_key("https://www.MinhaLoja.com.br/ws/"),
            "www.minhaloja.com.br"
        );
        assert_eq!(store_key("http://127.0.0.1:43210/ws/"), "127.0.0.1");
    }
}
