//! What the health watch keeps in the app database (migration 8): every result for 30 days,
//! the last feed download, and what the owner was last told about each check.
//!
//! Only the `health_*` tables are written here; no ledger, catalogue or setting.

use std::collections::BTreeMap;

use conector_core::db::DbError;
use conector_core::timestamp::{format as format_time, parse as parse_time};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use time::{Date, Duration, OffsetDateTime, UtcOffset};

use crate::feed::{FeedSnapshot, Stock};
use crate::throttle::{decide, Notice, Told};
use crate::verdict::{Check, CheckResult, Note, Report, State};

/// How long results are kept.
pub const KEEP: Duration = Duration::days(30);

/// The part of a result stored as JSON.
#[derive(Serialize, Deserialize)]
struct Found {
    found: Note,
    #[serde(default)]
    also: Vec<Note>,
    todo: Option<Note>,
}

/// One stored result and when its run started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Recorded {
    /// RFC 3339 UTC.
    pub run_at: String,
    pub result: CheckResult,
}

/// Keeps a run's results and forgets those older than [`KEEP`] before it.
pub fn record(conn: &Connection, report: &Report) -> Result<(), DbError> {
    let tx = conector_core::write_turn::Write::begin(conn)?;
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO health_result (run_at, check_name, state, found_json) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for result in &report.results {
            let found = Found {
                found: result.found.clone(),
                also: result.also.clone(),
                todo: result.todo.clone(),
            };
            insert.execute(params![
                report.checked_at,
                result.check.as_str(),
                result.state.as_str(),
                to_json(&found)?,
            ])?;
        }
    }
    if let Some(cutoff) = parse_time(&report.checked_at).map(|t| t - KEEP) {
        tx.execute(
            "DELETE FROM health_result WHERE run_at < ?1",
            [format_time(cutoff)],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// Every result kept, oldest first.
pub fn results(conn: &Connection) -> Result<Vec<Recorded>, DbError> {
    let mut stmt = conn.prepare_cached(
        "SELECT run_at, check_name, state, found_json FROM health_result ORDER BY run_at, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (run_at, check, state, json) = row?;
        // A row this build cannot read (a check or code from a newer version) is left out.
        let (Some(check), Some(state), Ok(found)) = (
            Check::parse(&check),
            State::parse(&state),
            serde_json::from_str::<Found>(&json),
        ) else {
            continue;
        };
        out.push(Recorded {
            run_at,
            result: CheckResult {
                check,
                name: check.name(),
                state,
                found: found.found,
                also: found.also,
                todo: found.todo,
            },
        });
    }
    Ok(out)
}

/// When the latest run started (RFC 3339 UTC), if any run is kept.
pub fn last_run_at(conn: &Connection) -> Result<Option<String>, DbError> {
    Ok(conn.query_row("SELECT MAX(run_at) FROM health_result", [], |r| r.get(0))?)
}

/// The latest result of each check, in [`Check::ALL`] order (checks never run are absent).
pub fn latest(conn: &Connection) -> Result<Vec<Recorded>, DbError> {
    let mut by_check: BTreeMap<Check, Recorded> = BTreeMap::new();
    for recorded in results(conn)? {
        by_check.insert(recorded.result.check, recorded);
    }
    Ok(by_check.into_values().collect())
}

/// One day of one check in the history: its worst state that day and how many runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Day {
    /// The local calendar day, `YYYY-MM-DD`.
    pub day: String,
    pub check: Check,
    pub worst: State,
    pub runs: u32,
    /// Runs that ended warning or problem.
    pub bad_runs: u32,
}

/// The kept results grouped by local day (`offset`: the owner's time zone), oldest first.
pub fn days(results: &[Recorded], offset: UtcOffset) -> Vec<Day> {
    let mut by_day: BTreeMap<(Date, Check), Day> = BTreeMap::new();
    for recorded in results {
        let Some(at) = parse_time(&recorded.run_at) else {
            continue;
        };
        let date = at.to_offset(offset).date();
        let state = recorded.result.state;
        let day = by_day.entry((date, recorded.result.check)).or_insert(Day {
            day: iso_date(date),
            check: recorded.result.check,
            worst: State::Skipped,
            runs: 0,
            bad_runs: 0,
        });
        day.runs += 1;
        day.bad_runs += u32::from(state.is_bad());
        if state.severity() > day.worst.severity() {
            day.worst = state;
        }
    }
    by_day.into_values().collect()
}

/// The last feed download, if any.
pub fn feed_snapshot(conn: &Connection) -> Result<Option<FeedSnapshot>, DbError> {
    let row = conn
        .query_row(
            "SELECT url, etag, last_modified, items, baseline, downloaded_at, stock_json,
                    currency_json
             FROM health_feed WHERE id = 1",
            [],
            |r| {
                Ok((
                    FeedSnapshot {
                        url: r.get(0)?,
                        etag: r.get(1)?,
                        last_modified: r.get(2)?,
                        items: r.get(3)?,
                        baseline: r.get(4)?,
                        downloaded_at: r.get(5)?,
                        stock: BTreeMap::new(),
                        currency: r
                            .get::<_, Option<String>>(7)?
                            .and_then(|json| serde_json::from_str(&json).ok()),
                    },
                    r.get::<_, String>(6)?,
                ))
            },
        )
        .optional()?;
    Ok(row.map(|(mut snapshot, stock)| {
        match serde_json::from_str::<BTreeMap<String, Stock>>(&stock) {
            Ok(stock) => snapshot.stock = stock,
            // Unreadable: without validators the next run downloads the feed whole.
            Err(_) => {
                snapshot.etag = None;
                snapshot.last_modified = None;
            }
        }
        snapshot
    }))
}

pub fn save_feed_snapshot(conn: &Connection, snapshot: &FeedSnapshot) -> Result<(), DbError> {
    conn.execute(
        "INSERT INTO health_feed (id, url, etag, last_modified, items, baseline, downloaded_at,
                                  stock_json, currency_json)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (id) DO UPDATE SET url = excluded.url, etag = excluded.etag,
             last_modified = excluded.last_modified, items = excluded.items,
             baseline = excluded.baseline, downloaded_at = excluded.downloaded_at,
             stock_json = excluded.stock_json, currency_json = excluded.currency_json",
        params![
            snapshot.url,
            snapshot.etag,
            snapshot.last_modified,
            snapshot.items,
            snapshot.baseline,
            snapshot.downloaded_at,
            to_json(&snapshot.stock)?,
            snapshot.currency.as_ref().map(to_json).transpose()?,
        ],
    )?;
    Ok(())
}

/// "A nova quantidade está certa": the current item count becomes the one compared with, which
/// clears a drop warning from the next run on. Returns the count accepted.
pub fn accept_feed_count(conn: &Connection) -> Result<Option<u32>, DbError> {
    conn.execute("UPDATE health_feed SET baseline = items WHERE id = 1", [])?;
    Ok(conn
        .query_row("SELECT items FROM health_feed WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Decides the notifications for a run (see [`crate::throttle`]) and remembers what the owner
/// is told, in one transaction. Call it once per run whose notices are actually shown.
pub fn notices(conn: &Connection, report: &Report) -> Result<Vec<Notice>, DbError> {
    let now = parse_time(&report.checked_at).unwrap_or_else(OffsetDateTime::now_utc);
    let tx = conector_core::write_turn::Write::begin(conn)?;
    let mut raised = Vec::new();
    for result in &report.results {
        let told = told(&tx, result.check)?;
        let (notice, next) = decide(result.check, result.state, told, now);
        if next != told {
            tx.execute(
                "INSERT INTO health_told (check_name, bad_state, last_bad_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (check_name) DO UPDATE SET bad_state = excluded.bad_state,
                     last_bad_at = excluded.last_bad_at",
                params![
                    result.check.as_str(),
                    next.bad.map(State::as_str),
                    next.last_bad_at.map(format_time),
                ],
            )?;
        }
        raised.extend(notice);
    }
    tx.commit()?;
    Ok(raised)
}

fn told(conn: &Connection, check: Check) -> Result<Told, DbError> {
    let row: Option<(Option<String>, Option<String>)> = conn
        .query_row(
            "SELECT bad_state, last_bad_at FROM health_told WHERE check_name = ?1",
            [check.as_str()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(row.map_or_else(Told::default, |(bad, at)| Told {
        bad: bad.as_deref().and_then(State::parse),
        last_bad_at: at.as_deref().and_then(parse_time),
    }))
}

fn to_json<T: Serialize>(value: &T) -> Result<String, DbError> {
    serde_json::to_string(value)
        .map_err(|e| DbError::Query(rusqlite::Error::ToSqlConversionFailure(Box::new(e))))
}

fn iso_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use conector_core::{MessageCode, Params};
    use time::macros::{datetime, offset};

    fn open() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let conn = conector_core::db::open(&dir.path().join("app.sqlite3")).unwrap();
        (dir, conn)
    }

    fn report(at: OffsetDateTime, states: [State; 5]) -> Report {
        Report {
            checked_at: format_time(at),
            results: Check::ALL
                .into_iter()
                .zip(states)
                .map(|(check, state)| CheckResult {
                    check,
                    name: check.name(),
                    state,
                    found: Note::with(MessageCode::HealthFeedOk, Params::new().number("count", 7)),
                    also: Vec::new(),
                    todo: state
                        .is_bad()
                        .then(|| Note::new(MessageCode::HealthTodoFeed)),
                })
                .collect(),
        }
    }

    const ALL_OK: [State; 5] = [State::Ok; 5];

    #[test]
    fn results_are_kept_thirty_days_and_read_back_whole() {
        let (_dir, conn) = open();
        let start = datetime!(2026-10-01 12:00 UTC);
        let mut bad = ALL_OK;
        bad[2] = State::Problem;
        record(&conn, &report(start, bad)).unwrap();
        record(&conn, &report(start + Duration::days(10), ALL_OK)).unwrap();
        assert_eq!(results(&conn).unwrap().len(), 10);

        let first = &results(&conn).unwrap()[2];
        assert_eq!(first.run_at, "2026-10-01T12:00:00Z");
        assert_eq!(first.result.check, Check::Feed);
        assert_eq!(first.result.state, State::Problem);
        assert_eq!(
            first.result.todo,
            Some(Note::new(MessageCode::HealthTodoFeed))
        );

        // 31 days after the first run: the first run is forgotten, the second kept.
        record(&conn, &report(start + Duration::days(31), ALL_OK)).unwrap();
        let kept = results(&conn).unwrap();
        assert_eq!(kept.len(), 10);
        assert_eq!(kept[0].run_at, "2026-10-11T12:00:00Z");

        assert_eq!(
            last_run_at(&conn).unwrap().as_deref(),
            Some("2026-11-01T12:00:00Z")
        );
        let latest = latest(&conn).unwrap();
        assert_eq!(latest.len(), 5);
        assert!(latest.iter().all(|r| r.run_at == "2026-11-01T12:00:00Z"));
        assert_eq!(
            latest.iter().map(|r| r.result.check).collect::<Vec<_>>(),
            Check::ALL
        );
    }

    #[test]
    fn the_history_groups_runs_by_the_owners_day_with_the_worst_state() {
        let (_dir, conn) = open();
        // 01:30 UTC is still the previous evening in Brasília (UTC−3).
        let mut warn = ALL_OK;
        warn[0] = State::Warning;
        record(&conn, &report(datetime!(2026-11-30 01:30 UTC), warn)).unwrap();
        record(&conn, &report(datetime!(2026-11-30 12:00 UTC), ALL_OK)).unwrap();
        record(&conn, &report(datetime!(2026-11-30 13:00 UTC), ALL_OK)).unwrap();
        let days = days(&results(&conn).unwrap(), offset!(-3));
        let token: Vec<&Day> = days.iter().filter(|d| d.check == Check::Token).collect();
        assert_eq!(token.len(), 2);
        assert_eq!(
            (
                token[0].day.as_str(),
                token[0].worst,
                token[0].runs,
                token[0].bad_runs
            ),
            ("2026-11-29", State::Warning, 1, 1)
        );
        assert_eq!(
            (
                token[1].day.as_str(),
                token[1].worst,
                token[1].runs,
                token[1].bad_runs
            ),
            ("2026-11-30", State::Ok, 2, 0)
        );
    }

    #[test]
    fn the_feed_snapshot_round_trips_and_a_drop_can_be_accepted() {
        let (_dir, conn) = open();
        assert_eq!(last_run_at(&conn).unwrap(), None);
        assert_eq!(feed_snapshot(&conn).unwrap(), None);
        assert_eq!(accept_feed_count(&conn).unwrap(), None);
        let snapshot = FeedSnapshot {
            url: "https://loja.example/feed.xml".into(),
            etag: Some("\"abc\"".into()),
            last_modified: Some("Mon, 30 Nov 2026 11:00:00 GMT".into()),
            items: 700,
            baseline: 1000,
            downloaded_at: "2026-11-30T12:00:00Z".into(),
            currency: Some(conector_feed::FeedCurrency::Other { code: "KZT".into() }),
            stock: [
                ("A".to_owned(), Stock::OutOfStock),
                ("B".to_owned(), Stock::Missing),
            ]
            .into_iter()
            .collect(),
        };
        save_feed_snapshot(&conn, &snapshot).unwrap();
        assert_eq!(feed_snapshot(&conn).unwrap().as_ref(), Some(&snapshot));
        assert_eq!(accept_feed_count(&conn).unwrap(), Some(700));
        assert_eq!(feed_snapshot(&conn).unwrap().unwrap().baseline, 700);
    }

    #[test]
    fn notices_follow_the_throttle_across_runs_and_restarts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.sqlite3");
        let start = datetime!(2026-11-30 08:00 UTC);
        let mut feed_bad = ALL_OK;
        feed_bad[2] = State::Problem;
        {
            let conn = conector_core::db::open(&path).unwrap();
            assert_eq!(notices(&conn, &report(start, ALL_OK)).unwrap(), []);
            assert_eq!(
                notices(&conn, &report(start + Duration::hours(1), feed_bad)).unwrap(),
                [Notice::TurnedBad {
                    check: Check::Feed,
                    state: State::Problem
                }]
            );
        }
        // The app restarts: what the owner was told is remembered.
        let conn = conector_core::db::open(&path).unwrap();
        assert_eq!(
            notices(&conn, &report(start + Duration::hours(2), feed_bad)).unwrap(),
            []
        );
        assert_eq!(
            notices(&conn, &report(start + Duration::hours(3), ALL_OK)).unwrap(),
            [Notice::Recovered { check: Check::Feed }]
        );
        assert_eq!(
            notices(&conn, &report(start + Duration::hours(4), feed_bad)).unwrap(),
            [],
            "a second bad notice the same day waits"
        );
    }
}
