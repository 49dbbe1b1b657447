//! The way out when the app's database cannot be opened: say plainly what is wrong, and set a
//! bad file aside (never delete it) so the app can start fresh.

use std::path::{Path, PathBuf};

use conector_core::db::DbError;
use rusqlite::ErrorCode;
use serde::Serialize;
use time::OffsetDateTime;

use crate::DiagnosticsError;

/// Why the database could not be opened, as far as the owner's choices go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DbProblemKind {
    /// Not a database, or damaged: only a fresh start helps (the file is kept aside).
    Corrupt,
    /// Another program holds it: closing that program and trying again helps.
    Locked,
    /// Written by a newer version of the app: updating helps.
    TooNew,
    /// The folder or file cannot be read or written (permissions, disk).
    Unreadable,
}

impl DbProblemKind {
    /// Whether setting the file aside and starting over is the way out. Only for a damaged
    /// file: a locked file opens once the other program lets go, and a file from a newer
    /// version opens after an update; setting either aside would leave the customers' data in a
    /// copy for nothing.
    pub fn may_start_fresh(self) -> bool {
        self == DbProblemKind::Corrupt
    }
}

/// Tells what kind of problem an open error is.
pub fn classify(error: &DbError) -> DbProblemKind {
    let sqlite = match error {
        DbError::TooNew { .. } => return DbProblemKind::TooNew,
        DbError::Open(e) | DbError::Query(e) | DbError::Migration { source: e, .. } => e,
        _ => return DbProblemKind::Unreadable,
    };
    match sqlite.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => DbProblemKind::Corrupt,
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => DbProblemKind::Locked,
        // A migration that fails on an intact file means the file's tables are not what its
        // version says: as good as damaged.
        _ if matches!(error, DbError::Migration { .. }) => DbProblemKind::Corrupt,
        _ => DbProblemKind::Unreadable,
    }
}

/// Renames `database` (and its `-wal`/`-shm` companions) to `<name>.bad-<timestamp>` in the same
/// folder and returns the new path of the main file. Nothing is deleted.
pub fn set_aside(database: &Path, now: OffsetDateTime) -> Result<PathBuf, DiagnosticsError> {
    let stamp = format!(
        "{:04}{:02}{:02}-{:02}{:02}{:02}",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    );
    let bad = sibling(database, &format!(".bad-{stamp}"));
    let rename = |from: &Path, to: &Path| {
        std::fs::rename(from, to).map_err(|source| DiagnosticsError::SetAside {
            path: from.display().to_string(),
            source,
        })
    };
    if database.exists() {
        rename(database, &bad)?;
    }
    for suffix in ["-wal", "-shm"] {
        let companion = sibling(database, suffix);
        if companion.exists() {
            rename(&companion, &sibling(&bad, suffix))?;
        }
    }
    Ok(bad)
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use conector_core::db;

    const NOW: OffsetDateTime = time::macros::datetime!(2026-11-28 10:40:00 UTC);

    #[test]
    fn garbage_bytes_are_a_corrupt_database_and_setting_them_aside_starts_fresh() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("conector.sqlite3");
        let garbage: Vec<u8> = (0..8192u32).map(|i| (i * 7 + 13) as u8).collect();
        std::fs::write(&path, &garbage).unwrap();

        let err = db::open(&path).unwrap_err();
        assert_eq!(classify(&err), DbProblemKind::Corrupt, "{err}");

        let bad = set_aside(&path, NOW).unwrap();
        assert_eq!(bad, dir.path().join("conector.sqlite3.bad-20261128-104000"));
        assert_eq!(
            std::fs::read(&bad).unwrap(),
            garbage,
            "the bad file is kept as it was"
        );
        let conn = db::open(&path).unwrap();
        assert_eq!(db::current_version(&conn).unwrap(), db::latest_version());
    }

    #[test]
    fn a_database_held_by_another_connection_is_locked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("conector.sqlite3");
        drop(db::open(&path).unwrap());
        // Another program holds an exclusive lock in rollback-journal mode, so even WAL setup
        // cannot proceed.
        let other = rusqlite::Connection::open(&path).unwrap();
        other.pragma_update(None, "journal_mode", "DELETE").unwrap();
        other.execute_batch("BEGIN EXCLUSIVE").unwrap();

        let err = db::open(&path).unwrap_err();
        assert_eq!(classify(&err), DbProblemKind::Locked, "{err}");
        other.execute_batch("ROLLBACK").unwrap();
        drop(other);
        assert!(
            db::open(&path).is_ok(),
            "trying again once it is released works"
        );
    }

    #[test]
    fn a_newer_schema_is_too_new() {
        let err = DbError::TooNew { found: 9, known: 3 };
        assert_eq!(classify(&err), DbProblemKind::TooNew);
    }

    #[test]
    fn wal_companions_follow_the_main_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("conector.sqlite3");
        std::fs::write(&path, b"x").unwrap();
        std::fs::write(dir.path().join("conector.sqlite3-wal"), b"w").unwrap();
        let bad = set_aside(&path, NOW).unwrap();
        assert!(!path.exists());
        assert!(!dir.path().join("conector.sqlite3-wal").exists());
        assert_eq!(
            std::fs::read(dir.path().join("conector.sqlite3.bad-20261128-104000-wal")).unwrap(),
            b"w"
        );
        assert!(bad.exists());
    }
}
