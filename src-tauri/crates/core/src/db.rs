//! The app database: one SQLite file in the app data dir, WAL, forward-only migrations.
//!
//! Every table of every domain is created here, in numbered migrations, so that the schema
//! has one history. Domain modules own their queries, not their DDL.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::error::{CodedError, MessageCode, Params};

/// One forward-only step of the schema. `version` is strictly increasing; a shipped migration
/// is never edited, only followed by a new one.
pub struct Migration {
    pub version: u32,
    pub name: &'static str,
    pub sql: &'static str,
}

/// The schema's whole history, oldest first.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "base",
        sql: include_str!("../migrations/0001_base.sql"),
    },
    Migration {
        version: 2,
        name: "catalog",
        sql: include_str!("../migrations/0002_catalog.sql"),
    },
    Migration {
        version: 3,
        name: "ledger",
        sql: include_str!("../migrations/0003_ledger.sql"),
    },
    Migration {
        version: 4,
        name: "switches",
        sql: include_str!("../migrations/0004_switches.sql"),
    },
    Migration {
        version: 5,
        name: "catalog_direct_import",
        sql: include_str!("../migrations/0005_catalog_direct_import.sql"),
    },
    Migration {
        version: 6,
        name: "ledger_follows_the_store",
        sql: include_str!("../migrations/0006_ledger_follows_the_store.sql"),
    },
    Migration {
        version: 8,
        name: "health",
        sql: include_str!("../migrations/0008_health.sql"),
    },
    Migration {
        version: 9,
        name: "privacy",
        sql: include_str!("../migrations/0009_privacy.sql"),
    },
    Migration {
        version: 10,
        name: "health_feed_currency",
        sql: include_str!("../migrations/0010_health_feed_currency.sql"),
    },
    Migration {
        version: 11,
        name: "golive_orders",
        sql: include_str!("../migrations/0011_golive_orders.sql"),
    },
];

/// The version this build writes and understands.
pub fn latest_version() -> u32 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DbError {
    #[error("the database could not be opened")]
    Open(#[source] rusqlite::Error),
    #[error("the database has schema {found}, this build knows up to {known}")]
    TooNew { found: u32, known: u32 },
    #[error("migration to schema {version} failed")]
    Migration {
        version: u32,
        #[source]
        source: rusqlite::Error,
    },
    #[error("database query failed")]
    Query(#[from] rusqlite::Error),
}

impl DbError {
    /// True when another writer held the database longer than the busy timeout.
    pub fn is_locked(&self) -> bool {
        let (DbError::Open(e) | DbError::Query(e) | DbError::Migration { source: e, .. }) = self
        else {
            return false;
        };
        matches!(
            e.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        )
    }
}

impl CodedError for DbError {
    fn code(&self) -> MessageCode {
        match self {
            _ if self.is_locked() => MessageCode::DbLocked,
            DbError::Open(_) => MessageCode::DbOpenFailed,
            DbError::TooNew { .. } => MessageCode::DbTooNew,
            DbError::Migration { .. } => MessageCode::DbMigrationFailed,
            DbError::Query(_) => MessageCode::DbQueryFailed,
        }
    }

    fn params(&self) -> Params {
        match self {
            DbError::TooNew { found, known } => Params::new()
                .number("found", *found)
                .number("known", *known),
            DbError::Migration { version, .. } => Params::new().number("version", *version),
            _ => Params::new(),
        }
    }
}

/// Opens (creating if needed) the database at `path`, switches it to WAL and brings its schema
/// to [`latest_version`].
pub fn open(path: &Path) -> Result<Connection, DbError> {
    if let Some(parent) = path.parent() {
        // A missing parent is reported by SQLite itself with a clearer path; ignore here.
        let _ = std::fs::create_dir_all(parent);
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags).map_err(DbError::Open)?;
    configure(&conn).map_err(DbError::Open)?;
    migrate(&conn, MIGRATIONS)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // A big catalogue import is one transaction and grows the WAL to its size (hundreds of MB
    // at 500k items); once checkpointed, the file is cut back to this instead of staying big.
    conn.pragma_update(None, "journal_size_limit", WAL_SIZE_LIMIT)?;
    Ok(())
}

/// Bytes the WAL file keeps after a checkpoint.
const WAL_SIZE_LIMIT: i64 = 64 * 1024 * 1024;

/// The schema version recorded in the file (0 for a new file).
pub fn current_version(conn: &Connection) -> Result<u32, DbError> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_version (
             version INTEGER PRIMARY KEY,
             name TEXT NOT NULL,
             applied_at TEXT NOT NULL
         );",
    )?;
    let version: Option<u32> =
        conn.query_row("SELECT MAX(version) FROM schema_version", [], |r| r.get(0))?;
    Ok(version.unwrap_or(0))
}

/// Applies, each in its own transaction, every migration newer than the file's version.
pub fn migrate(conn: &Connection, migrations: &[Migration]) -> Result<(), DbError> {
    let found = current_version(conn)?;
    let known = migrations.last().map_or(0, |m| m.version);
    if found > known {
        return Err(DbError::TooNew { found, known });
    }
    for m in migrations.iter().filter(|m| m.version > found) {
        let apply = || -> rusqlite::Result<()> {
            let tx = crate::write_turn::Write::begin(conn)?;
            tx.execute_batch(m.sql)?;
            tx.execute(
                "INSERT INTO schema_version (version, name, applied_at)
                 VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                rusqlite::params![m.version, m.name],
            )?;
            tx.commit()
        };
        apply().map_err(|source| DbError::Migration {
            version: m.version,
            source,
        })?;
        tracing::info!(version = m.version, name = m.name, "database migrated");
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn opens_migrates_and_reopens_a_real_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join("app.sqlite3");
        {
            let conn = open(&path).unwrap();
            assert_eq!(current_version(&conn).unwrap(), latest_version());
            conn.execute(
                "INSERT INTO settings (key, value) VALUES ('store_id', '12345')",
                [],
            )
            .unwrap();
        }
        let conn = open(&path).unwrap();
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let value: String = conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'store_id'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(value, "12345", "data written before reopening survives");
        let applied: u32 = conn
            .query_row("SELECT COUNT(*) FROM schema_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            applied as usize,
            MIGRATIONS.len(),
            "each migration applied once"
        );
    }

    #[test]
    fn a_big_transaction_does_not_leave_a_big_wal_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.sqlite3");
        let conn = open(&path).unwrap();
        conn.execute_batch("CREATE TABLE scratch (b BLOB)").unwrap();
        let tx = conn.unchecked_transaction().unwrap();
        for _ in 0..80 {
            tx.execute("INSERT INTO scratch (b) VALUES (zeroblob(1048576))", [])
                .unwrap();
        }
        tx.commit().unwrap();
        let wal = dir.path().join("app.sqlite3-wal");
        let size = || std::fs::metadata(&wal).unwrap().len();
        assert!(
            size() > 80 * 1024 * 1024,
            "the transaction went through the WAL"
        );
        conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
            .unwrap();
        conn.execute("DELETE FROM scratch", []).unwrap();
        assert!(
            size() <= WAL_SIZE_LIMIT as u64,
            "the WAL was cut back after the checkpoint: {} bytes",
            size()
        );
    }

    #[test]
    fn refuses_a_file_from_a_newer_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.sqlite3");
        {
            let conn = open(&path).unwrap();
            conn.execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'future', 'x')",
                [],
            )
            .unwrap();
        }
        let err = open(&path).unwrap_err();
        assert_eq!(err.code(), "db.too_new");
        assert_eq!(err.params().get("found"), Some(&crate::Param::Number(999)));
    }

    #[test]
    fn a_failing_migration_leaves_the_previous_version() {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open(dir.path().join("app.sqlite3")).unwrap();
        let broken = [
            Migration {
                version: 1,
                name: "ok",
                sql: "CREATE TABLE a (x INTEGER);",
            },
            Migration {
                version: 2,
                name: "bad",
                sql: "CREATE TABLE b (x INTEGER); NOT SQL;",
            },
        ];
        let err = migrate(&conn, &broken).unwrap_err();
        assert_eq!(err.code(), "db.migration_failed");
        assert_eq!(current_version(&conn).unwrap(), 1);
        let b_exists: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE name = 'b'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(b_exists, 0, "the half-applied migration was rolled back");
    }
}
