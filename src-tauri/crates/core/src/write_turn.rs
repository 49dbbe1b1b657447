//! One writer at a time per database file in this process, served in the order they asked.
//!
//! SQLite has one write lock per file and no queue: a writer that finds it taken sleeps in its
//! busy handler and tries again, and a writer that commits and begins again at once (the feed
//! import, a transaction every few thousand rows) takes it back before a sleeper wakes. Under
//! load — a slow owner PC, a compile beside the app — a sync commit, a settings save or a health
//! run could sleep past the busy timeout while the import's short transactions followed each
//! other, and fail with `db.locked` (issue #23).
//!
//! So every write of the app takes its **turn** first: a fair, reentrant lock per database
//! path. Waiting for a turn has no time limit — the holder is another task of this app, in a
//! short transaction — and a turn given back goes to the writer that has waited longest, so
//! the import's next transaction queues behind a waiting save instead of racing it. SQLite's
//! busy timeout is then only for another process (the `conector` command line).
//!
//! A turn is reentrant on its thread (a write function called inside a transaction that holds
//! the turn takes it again for free) and cannot cross threads (`!Send`): it is held for one
//! blocking stretch of SQLite work, never across an `.await`. Take it before `BEGIN`, never
//! inside a transaction that began without it.

use std::collections::HashMap;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use parking_lot::{ReentrantMutex, ReentrantMutexGuard};
use rusqlite::{Connection, Transaction, TransactionBehavior};

/// The turn of one database: the lock of each path lives as long as the process (a handful of
/// paths in the app; one per temporary database in tests).
fn turn_of(path: &Path) -> &'static ReentrantMutex<()> {
    static TURNS: OnceLock<Mutex<HashMap<PathBuf, &'static ReentrantMutex<()>>>> = OnceLock::new();
    let key = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut turns = TURNS
        .get_or_init(Default::default)
        .lock()
        // The map holds plain paths and leaked locks: a panic elsewhere left it whole.
        .unwrap_or_else(|p| p.into_inner());
    turns
        .entry(key)
        .or_insert_with(|| Box::leak(Box::new(ReentrantMutex::new(()))))
}

/// This thread's turn to write to one database; given back, to the longest waiter, on drop.
#[must_use = "the turn is given back as soon as it is dropped"]
pub struct WriteTurn {
    guard: Option<ReentrantMutexGuard<'static, ()>>,
}

impl WriteTurn {
    /// Waits (as long as it takes) for the turn of the database at `path`.
    pub fn take(path: &Path) -> WriteTurn {
        WriteTurn {
            guard: Some(turn_of(path).lock()),
        }
    }

    /// The turn of the database file `conn` has open. An in-memory database is private to its
    /// connection: no turn is needed, and none is taken.
    pub fn of(conn: &Connection) -> WriteTurn {
        match conn.path().filter(|p| !p.is_empty()) {
            Some(path) => WriteTurn::take(Path::new(path)),
            None => WriteTurn { guard: None },
        }
    }
}

impl Drop for WriteTurn {
    fn drop(&mut self) {
        if let Some(guard) = self.guard.take() {
            // Handed to the thread that waited longest, not to whoever asks next.
            ReentrantMutexGuard::unlock_fair(guard);
        }
    }
}

/// A write transaction (`BEGIN IMMEDIATE`) begun in this thread's turn and holding it until it
/// commits or rolls back (on drop). Reads as the [`Transaction`] it wraps.
pub struct Write<'c> {
    // Dropped first: the transaction ends before the turn is given back.
    tx: Transaction<'c>,
    _turn: WriteTurn,
}

impl<'c> Write<'c> {
    /// Takes the turn of `conn`'s database, then begins an IMMEDIATE transaction (the write lock
    /// at once, so it never fails half-way on upgrading a read).
    pub fn begin(conn: &'c Connection) -> rusqlite::Result<Write<'c>> {
        let turn = WriteTurn::of(conn);
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        Ok(Write { tx, _turn: turn })
    }

    pub fn commit(self) -> rusqlite::Result<()> {
        self.tx.commit()
    }
}

impl<'c> Deref for Write<'c> {
    type Target = Transaction<'c>;

    fn deref(&self) -> &Transaction<'c> {
        &self.tx
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    #[test]
    fn another_thread_writes_only_once_the_transaction_ended_and_this_one_may_nest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.sqlite3");
        let conn = crate::db::open(&path).unwrap();
        let write = Write::begin(&conn).unwrap();
        // A write function called inside takes the same turn again, on this thread.
        crate::settings::set(&write, "a", "1").unwrap();
        let ended = Arc::new(AtomicBool::new(false));
        let other = std::thread::spawn({
            let (path, ended) = (path.clone(), ended.clone());
            move || {
                let _turn = WriteTurn::take(&path);
                // Only reachable after the commit below gave the turn back.
                let conn = crate::db::open(&path).unwrap();
                let seen = crate::settings::get(&conn, "a").unwrap();
                (ended.load(Ordering::SeqCst), seen)
            }
        });
        ended.store(true, Ordering::SeqCst);
        write.commit().unwrap();
        assert_eq!(other.join().unwrap(), (true, Some("1".to_owned())));
    }

    #[test]
    fn an_in_memory_database_needs_no_turn() {
        let conn = Connection::open_in_memory().unwrap();
        assert!(WriteTurn::of(&conn).guard.is_none());
        let path = std::env::temp_dir().join("never-opened.sqlite3");
        let held = WriteTurn::take(&path);
        // The same path, named another way, is the same turn (reentrant here).
        let again = WriteTurn::take(
            &path
                .parent()
                .unwrap()
                .join(".")
                .join("never-opened.sqlite3"),
        );
        assert!(again.guard.is_some() && held.guard.is_some());
    }
}
