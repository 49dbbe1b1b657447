//! The one form of every instant the app stores: UTC, RFC 3339, whole seconds
//! (`2026-11-30T12:00:00Z`). It has a fixed width, so comparing two stored instants as text
//! compares them as times — in Rust and in SQL alike (SQLite's
//! `strftime('%Y-%m-%dT%H:%M:%SZ', 'now')` writes the same form, also cut to the second).

use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

/// `at` as it is stored: moved to UTC and cut to the second (12:00:00.999 is 12:00:00, as in
/// SQLite, so an instant written by either side compares the same).
pub fn format(at: OffsetDateTime) -> String {
    let at = at.to_offset(UtcOffset::UTC);
    let at = at.replace_nanosecond(0).unwrap_or(at);
    // RFC 3339 has no room for a year outside 0–9999, which neither a clock nor an order
    // gives; the seconds since 1970 at least keep the instant.
    at.format(&Rfc3339)
        .unwrap_or_else(|_| at.unix_timestamp().to_string())
}

/// Now, as it is stored.
pub fn now() -> String {
    format(OffsetDateTime::now_utc())
}

/// A stored instant read back (any RFC 3339 text, whatever its offset); `None` when the text
/// is not one.
pub fn parse(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text.trim(), &Rfc3339).ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn an_instant_is_stored_in_utc_to_the_second() {
        assert_eq!(
            format(datetime!(2026-11-30 09:00:00.999_999 -3)),
            "2026-11-30T12:00:00Z",
            "UTC, cut (not rounded) to the second"
        );
        assert_eq!(
            format(datetime!(2026-12-31 23:30:00 -3)),
            "2027-01-01T02:30:00Z",
            "a store's evening is the next day in UTC"
        );
    }

    #[test]
    fn stored_instants_sort_as_text_in_time_order() {
        let times = [
            datetime!(2026-11-30 12:00:00.9 UTC),
            datetime!(2026-11-30 09:00:01 -3),
            datetime!(2026-11-30 13:00:01.5 +01:00),
            datetime!(2026-11-30 12:00:02 UTC),
        ];
        let texts: Vec<String> = times.iter().map(|t| format(*t)).collect();
        let mut sorted = texts.clone();
        sorted.sort();
        assert_eq!(
            texts,
            vec![
                "2026-11-30T12:00:00Z",
                "2026-11-30T12:00:01Z",
                "2026-11-30T12:00:01Z",
                "2026-11-30T12:00:02Z"
            ]
        );
        assert_eq!(sorted, texts);
    }

    #[test]
    fn what_is_stored_reads_back_as_the_same_instant() {
        let at = datetime!(2026-11-30 09:15:07 -3);
        assert_eq!(parse(&format(at)), Some(at));
        assert_eq!(parse(" 2026-11-30T12:15:07Z "), Some(at));
        assert_eq!(parse("30/11/2026 12:15"), None);
        assert_eq!(parse(""), None);
    }

    #[test]
    fn the_same_form_as_sqlite_writes() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let (sql, unix): (String, i64) = conn
            .query_row(
                "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 1764504000.75, 'unixepoch'),
                        1764504000",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let at =
            OffsetDateTime::from_unix_timestamp(unix).unwrap() + time::Duration::milliseconds(750);
        assert_eq!(format(at), sql);
    }
}
