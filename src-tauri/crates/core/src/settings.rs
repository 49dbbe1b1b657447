//! Non-secret key/value settings (store ID, feed URL, language…). Never the token.

use rusqlite::{Connection, OptionalExtension};

use crate::db::DbError;
use crate::write_turn::WriteTurn;

pub fn get(conn: &Connection, key: &str) -> Result<Option<String>, DbError> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Writes in the app's write turn (see [`crate::write_turn`]), like every write.
pub fn set(conn: &Connection, key: &str, value: &str) -> Result<(), DbError> {
    let _turn = WriteTurn::of(conn);
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

pub fn remove(conn: &Connection, key: &str) -> Result<(), DbError> {
    let _turn = WriteTurn::of(conn);
    conn.execute("DELETE FROM settings WHERE key = ?1", [key])?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn set_get_overwrite_remove() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::db::open(&dir.path().join("a.sqlite3")).unwrap();
        assert_eq!(get(&conn, "locale").unwrap(), None);
        set(&conn, "locale", "en").unwrap();
        set(&conn, "locale", "pt-BR").unwrap();
        assert_eq!(get(&conn, "locale").unwrap().as_deref(), Some("pt-BR"));
        remove(&conn, "locale").unwrap();
        assert_eq!(get(&conn, "locale").unwrap(), None);
    }
}
