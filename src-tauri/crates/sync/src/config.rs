use conector_ledger::{EarnRate, FinalStatuses};
use serde::{Deserialize, Serialize};
use time::{Date, Duration, OffsetDateTime};

/// What one sync reads and how it judges orders, and how much of the store a run may read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct SyncConfig {
    /// The ledger's store key ([`conector_simplo7::store_key`]).
    pub store: String,
    /// "Orders since": the first day read. Changing it starts the listing over.
    #[specta(type = String)]
    #[serde(with = "iso_date")]
    pub since: Date,
    pub finals: FinalStatuses,
    pub rate: EarnRate,
    /// The return window: orders are re-checked (status, amount, customer, deletion) until
    /// this many days after they were placed, because returns, chargebacks and refunds come
    /// late. Older orders keep what they hold; only those still open are re-read.
    pub return_window_days: u32,
    /// Pages of the return-window pass read per run (the pass goes on across runs).
    pub window_pages_per_run: u32,
    /// Pages of the cancel/return status listings read per run.
    pub status_pages_per_run: u32,
    /// Orders re-read one by one per run: those a finished window pass did not see (deleted
    /// in the store?) and open orders placed before the window.
    pub max_rechecks: u32,
    /// An open order before the window is re-read at most this often.
    pub reread_after_hours: u32,
    /// When the final statuses and rate above were read from the owner's settings. A run that
    /// finds the ledger's rules changed after that keeps those (the owner saved new ones while
    /// this run was being prepared) instead of putting the older ones back. `None`: the caller
    /// chose the rules itself (command-line flags) and they apply.
    #[serde(skip)]
    #[specta(skip)]
    pub rules_read_at: Option<time::OffsetDateTime>,
}

impl SyncConfig {
    /// Orders of `store` since `since`, re-checked for `return_window_days` after they were
    /// placed (the product's defaults for both are the application's, `conector_app::rules`),
    /// 1 point per R$ 1, and per run at most 10 window pages, 5 status-listing pages and 20
    /// single re-reads (open orders before the window re-read at most every 12 hours).
    pub fn new(
        store: impl Into<String>,
        finals: FinalStatuses,
        since: Date,
        return_window_days: u32,
    ) -> Self {
        Self {
            store: store.into(),
            since,
            finals,
            rate: EarnRate::DEFAULT,
            return_window_days,
            window_pages_per_run: 10,
            status_pages_per_run: 5,
            max_rechecks: 20,
            reread_after_hours: 12,
            rules_read_at: None,
        }
    }

    /// The first store day of the return window on `today`: never before the start date.
    pub fn window_start(&self, today: Date) -> Date {
        (today - Duration::days(i64::from(self.return_window_days))).max(self.since)
    }
}

/// Stores record dates in Brasília time (UTC−3, no daylight saving since 2019).
pub fn store_today() -> Date {
    let brasilia = conector_core::STORE_UTC_OFFSET;
    OffsetDateTime::now_utc().to_offset(brasilia).date()
}

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
