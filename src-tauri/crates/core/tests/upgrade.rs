//! A database written by an older version of the app opens in this one: migrated to the latest
//! schema, with the owner's data kept.

use conector_core::db::{self, MIGRATIONS};
use rusqlite::Connection;

#[test]
fn a_version_1_database_is_migrated_and_keeps_its_data() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("conector.sqlite3");
    {
        // What the first release wrote: schema 1 only, with progress and settings.
        let conn = Connection::open(&path)?;
        db::migrate(&conn, &MIGRATIONS[..1])?;
        assert_eq!(db::current_version(&conn)?, 1);
        conn.execute_batch(
            "INSERT INTO settings (key, value) VALUES ('store_id', '48213'), ('locale', 'en');
             INSERT INTO wizard_progress (id, current_step, updated_at)
                 VALUES (1, 4, '2026-10-01T12:00:00Z');",
        )?;
    }

    let conn = db::open(&path)?;
    assert_eq!(db::current_version(&conn)?, db::latest_version());
    assert!(db::latest_version() > 1, "there is something to migrate");
    let store: String = conn.query_row(
        "SELECT value FROM settings WHERE key = 'store_id'",
        [],
        |r| r.get(0),
    )?;
    assert_eq!(store, "48213");
    let step: i64 = conn.query_row("SELECT current_step FROM wizard_progress", [], |r| r.get(0))?;
    assert_eq!(step, 4, "the owner is still on the step they left");
    // The newer tables exist and work.
    let runs: i64 = conn.query_row("SELECT COUNT(*) FROM sync_runs", [], |r| r.get(0))?;
    assert_eq!(runs, 0);
    Ok(())
}
