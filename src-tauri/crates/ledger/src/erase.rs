//! Erasing the preview's personal data (names, CPF/CNPJ, e-mails and phones of the store's
//! customers): every order snapshot and every ledger entry, for every store.
//!
//! The ledger is append-only for the engine; this is the one way rows leave it, and only inside
//! the caller's transaction (the delete trigger yields while `privacy_erasing` holds its row,
//! migration 9). The rules in force stay: they hold no personal data, and the next preview run
//! judges what it reads by them.

use rusqlite::Connection;

use crate::LedgerError;

/// What the preview held before it was erased.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Held {
    pub orders: u64,
    pub customers: u64,
    pub entries: u64,
}

/// What the preview holds now, over every store.
pub fn held(conn: &Connection) -> Result<Held, LedgerError> {
    let (orders, customers): (u64, u64) = conn.query_row(
        "SELECT COUNT(*), COUNT(DISTINCT customer_key) FROM ledger_orders",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let entries: u64 = conn.query_row("SELECT COUNT(*) FROM ledger_entries", [], |r| r.get(0))?;
    Ok(Held {
        orders,
        customers,
        entries,
    })
}

/// Deletes every order snapshot and ledger entry. Run it inside a transaction: the marker that
/// lets the ledger's rows go is inserted and removed within it, so it never outlives the erase.
pub fn erase_all(conn: &Connection) -> Result<Held, LedgerError> {
    let before = held(conn)?;
    conn.execute("INSERT INTO privacy_erasing (id) VALUES (1)", [])?;
    conn.execute("DELETE FROM ledger_entries", [])?;
    conn.execute("DELETE FROM ledger_orders", [])?;
    conn.execute("DELETE FROM privacy_erasing", [])?;
    Ok(before)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn entry(conn: &Connection, order: i64) {
        conn.execute(
            "INSERT INTO ledger_entries (store, order_id, seq, kind, points, customer_key,
                                         status_id, created_at)
             VALUES ('1', ?1, 1, 'earn', 10, 'cpf:52998224725', '21', '2026-11-28T10:00:00Z')",
            [order],
        )
        .unwrap();
    }

    #[test]
    fn the_ledger_stays_append_only_except_inside_an_erase() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = conector_core::db::open(&dir.path().join("a.sqlite3")).unwrap();
        entry(&conn, 1);
        entry(&conn, 2);
        // The engine (or anyone) cannot delete an entry.
        let refused = conn.execute("DELETE FROM ledger_entries WHERE order_id = 1", []);
        assert!(refused.is_err(), "{refused:?}");
        assert_eq!(held(&conn).unwrap().entries, 2);

        let tx = conn.transaction().unwrap();
        let before = erase_all(&tx).unwrap();
        tx.commit().unwrap();
        assert_eq!(before.entries, 2);
        assert_eq!(held(&conn).unwrap(), Held::default());

        // Afterwards the ledger is append-only again.
        entry(&conn, 3);
        assert!(conn.execute("DELETE FROM ledger_entries", []).is_err());
    }

    #[test]
    fn an_erase_that_fails_leaves_nothing_half_done() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = conector_core::db::open(&dir.path().join("a.sqlite3")).unwrap();
        entry(&conn, 1);
        {
            let tx = conn.transaction().unwrap();
            erase_all(&tx).unwrap();
            // Dropped without commit: rolled back, the marker with it.
        }
        assert_eq!(held(&conn).unwrap().entries, 1);
        assert!(conn.execute("DELETE FROM ledger_entries", []).is_err());
    }
}
