//! One sync at a time per database: an in-process registry (two tasks of the app) and an OS
//! lock held through SQLite on a side file (two processes: the app and the command line).
//! The OS releases the side-file lock when a process dies, so a killed run never leaves the
//! engine locked.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use rusqlite::Connection;

use crate::error::SyncError;

fn running() -> &'static Mutex<HashSet<PathBuf>> {
    static RUNNING: OnceLock<Mutex<HashSet<PathBuf>>> = OnceLock::new();
    RUNNING.get_or_init(|| Mutex::new(HashSet::new()))
}

/// Held for the whole run; dropping it releases both locks.
pub struct RunLock {
    key: PathBuf,
    // Holds `BEGIN EXCLUSIVE` on the side file until dropped.
    _guard: Connection,
}

impl RunLock {
    pub fn acquire(db_path: &Path) -> Result<RunLock, SyncError> {
        let key = std::path::absolute(db_path).unwrap_or_else(|_| db_path.to_path_buf());
        {
            // A poisoned registry still holds plain paths: keep using it.
            let mut set = running().lock().unwrap_or_else(|p| p.into_inner());
            if !set.insert(key.clone()) {
                return Err(SyncError::AlreadyRunning);
            }
        }
        match Self::os_lock(&key) {
            Ok(guard) => Ok(RunLock { key, _guard: guard }),
            Err(e) => {
                Self::forget(&key);
                Err(e)
            }
        }
    }

    fn os_lock(db_path: &Path) -> Result<Connection, SyncError> {
        let mut name = db_path.as_os_str().to_owned();
        name.push(".sync-lock");
        let conn = Connection::open(PathBuf::from(name)).map_err(SyncError::Lock)?;
        conn.busy_timeout(std::time::Duration::ZERO)
            .map_err(SyncError::Lock)?;
        match conn.execute_batch("BEGIN EXCLUSIVE") {
            Ok(()) => Ok(conn),
            Err(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::DatabaseBusy
                    || f.code == rusqlite::ErrorCode::DatabaseLocked =>
            {
                Err(SyncError::AlreadyRunning)
            }
            Err(e) => Err(SyncError::Lock(e)),
        }
    }

    fn forget(key: &Path) {
        running()
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(key);
    }
}

impl Drop for RunLock {
    fn drop(&mut self) {
        Self::forget(&self.key);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn a_second_run_on_the_same_database_is_refused_until_the_first_ends() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("app.sqlite3");
        let first = RunLock::acquire(&db).unwrap();
        assert!(matches!(
            RunLock::acquire(&db),
            Err(SyncError::AlreadyRunning)
        ));
        // A different database is independent.
        let other = RunLock::acquire(&dir.path().join("other.sqlite3")).unwrap();
        // The OS-level lock alone also refuses (as another process would see it).
        assert!(matches!(
            RunLock::os_lock(&db),
            Err(SyncError::AlreadyRunning)
        ));
        drop(first);
        drop(other);
        RunLock::acquire(&db).unwrap();
    }
}
