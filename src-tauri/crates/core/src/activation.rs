//! The activation switch (wizard step 10): once the owner switches the integration on,
//! +fidelidade takes over and the local sync engine stops; switching it off returns to preview.
//!
//! Every change is recorded with its time (append-only history); the latest row is the state.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use time::OffsetDateTime;

use crate::db::DbError;

/// Whether the integration is handed over to +fidelidade, and since when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Activation {
    /// The local engine runs in preview mode (the default, also after switching off).
    Preview { since: Option<String> },
    /// Handed over: the local engine refuses to run. `since` is UTC ISO-8601.
    HandedOver { since: String },
}

impl Activation {
    pub fn is_active(&self) -> bool {
        matches!(self, Activation::HandedOver { .. })
    }
}

/// Records the switch position at the current time and returns the new state. Setting the
/// state it already has records nothing and keeps the original time.
pub fn set_activation(conn: &Connection, on: bool) -> Result<Activation, DbError> {
    set_activation_at(conn, on, OffsetDateTime::now_utc())
}

/// [`set_activation`] at a given time (tests, imports).
pub fn set_activation_at(
    conn: &Connection,
    on: bool,
    at: OffsetDateTime,
) -> Result<Activation, DbError> {
    let _turn = crate::write_turn::WriteTurn::of(conn);
    let current = activation(conn)?;
    if current.is_active() == on {
        return Ok(current);
    }
    let at = crate::timestamp::format(at);
    conn.execute(
        "INSERT INTO activation_events (active, changed_at) VALUES (?1, ?2)",
        rusqlite::params![on, at],
    )?;
    activation(conn)
}

/// The current state: the latest recorded change, or preview when nothing was ever recorded.
pub fn activation(conn: &Connection) -> Result<Activation, DbError> {
    let latest: Option<(bool, String)> = conn
        .query_row(
            "SELECT active, changed_at FROM activation_events ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(match latest {
        Some((true, since)) => Activation::HandedOver { since },
        Some((false, since)) => Activation::Preview { since: Some(since) },
        None => Activation::Preview { since: None },
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn switching_on_records_the_time_and_off_returns_to_preview() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::db::open(&dir.path().join("app.sqlite3")).unwrap();
        assert_eq!(
            activation(&conn).unwrap(),
            Activation::Preview { since: None }
        );

        let on = set_activation_at(&conn, true, datetime!(2026-11-28 10:00:00 UTC)).unwrap();
        assert_eq!(
            on,
            Activation::HandedOver {
                since: "2026-11-28T10:00:00Z".into()
            }
        );
        // Switching on again keeps the original hand-over time.
        let again = set_activation_at(&conn, true, datetime!(2026-11-29 10:00:00 UTC)).unwrap();
        assert_eq!(again, on);

        let off = set_activation_at(&conn, false, datetime!(2026-11-30 08:30:00 UTC)).unwrap();
        assert_eq!(
            off,
            Activation::Preview {
                since: Some("2026-11-30T08:30:00Z".into())
            }
        );
        assert!(!activation(&conn).unwrap().is_active());
    }
}
