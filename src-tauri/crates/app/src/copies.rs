//! The copies of the customers' data the app itself leaves on this computer besides the live
//! database:
//!
//! - a damaged database set aside by "Fazer cópia e começar do zero"
//!   (`conector.sqlite3.bad-<timestamp>`, with its `-wal` and `-shm`), in the data folder;
//! - the data folder of the builds before the identifier changed ([`identity::OLD_IDENTIFIER`]),
//!   which keeps its database once this build has data of its own (`identity::move_folder`);
//! - the roaming data folder the builds before the local one used on Windows
//!   ([`crate::folders`]), kept on the same condition.
//!
//! Erasing the customers' data erases these too (SPEC §6), and the privacy card counts what is
//! in them. The live database, its write-ahead log and this build's other files are not copies.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::identity;

/// What kind of copy it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CopyKind {
    /// A damaged database set aside to start over.
    SetAside,
    /// The data folder of an earlier build (the old identifier).
    EarlierBuild,
}

/// One copy, as the privacy card shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct DataCopy {
    pub kind: CopyKind,
    /// The file or folder, as the owner would find it.
    pub path: String,
    /// Bytes on disk (with the companions of a database file, or the whole folder).
    pub bytes: u64,
    /// What its database holds; `None` when it cannot be read (a damaged file may still hold
    /// customers' data in its bytes).
    pub customers: Option<u64>,
    pub orders: Option<u64>,
    /// Every file and folder deleting the copy removes (not shown).
    #[serde(skip)]
    #[specta(skip)]
    parts: Vec<PathBuf>,
}

/// The copies of the data next to `database` (the live database's path) and in the folder of
/// an earlier build. Never the live database, nor a folder that is the data folder itself.
pub fn find(database: &Path) -> Vec<DataCopy> {
    let earlier = crate::folders::UserRoots::of_user().and_then(|roots| {
        let current = roots.paths();
        let here = database
            .parent()
            .is_some_and(|dir| same_place(dir, &current.data_dir));
        roots.earlier_data_dir().filter(|_| here)
    });
    find_in(database, earlier.as_deref())
}

/// [`find`], with `earlier` the data folder an earlier build used in place of the one
/// `database` is in (this user's roaming folder on Windows), if any.
pub fn find_in(database: &Path, earlier: Option<&Path>) -> Vec<DataCopy> {
    let mut copies = set_aside(database);
    let data_dir = database.parent();
    let old_identifier = data_dir.and_then(identity::old_counterpart);
    let mut folders: Vec<PathBuf> = old_identifier.into_iter().collect();
    if let Some(earlier) = earlier {
        folders.push(earlier.to_path_buf());
        folders.extend(identity::old_counterpart(earlier));
    }
    for folder in folders {
        if let Some(copy) = earlier_build(database, &folder) {
            copies.push(copy);
        }
    }
    copies
}

/// Deletes every copy [`find`] lists. Returns the copies that could not be deleted (an
/// antivirus or another program holding a file), each logged; the next erase tries again.
pub fn delete(copies: &[DataCopy]) -> Vec<DataCopy> {
    let mut left = Vec::new();
    for copy in copies {
        let mut failed = false;
        for part in &copy.parts {
            let removed = if part.is_dir() {
                std::fs::remove_dir_all(part)
            } else {
                std::fs::remove_file(part)
            };
            match removed {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    tracing::warn!(path = %part.display(), error = %e, "a copy of the data could not be deleted");
                    failed = true;
                }
            }
        }
        if failed {
            left.push(copy.clone());
        } else {
            tracing::info!(kind = ?copy.kind, "a copy of the customers' data was deleted");
        }
    }
    left
}

/// `conector.sqlite3.bad-<timestamp>` files beside `database`, each with its companions.
fn set_aside(database: &Path) -> Vec<DataCopy> {
    let (Some(dir), Some(name)) = (database.parent(), database.file_name()) else {
        return Vec::new();
    };
    let prefix = format!("{}.bad-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut mains: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            name.starts_with(&prefix) && !name.ends_with("-wal") && !name.ends_with("-shm")
        })
        .collect();
    // A companion whose main file is gone (deleted by hand) is still a copy of its own.
    mains.sort();
    let mut copies: Vec<DataCopy> = mains.iter().map(|main| database_copy(main)).collect();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            let Some(main) = name
                .strip_suffix("-wal")
                .or_else(|| name.strip_suffix("-shm"))
            else {
                continue;
            };
            if name.starts_with(&prefix) && !dir.join(main).exists() {
                copies.push(DataCopy {
                    kind: CopyKind::SetAside,
                    path: path.display().to_string(),
                    bytes: bytes_on_disk(&path),
                    customers: None,
                    orders: None,
                    parts: vec![path.clone()],
                });
            }
        }
    }
    copies
}

/// A set-aside database file with its `-wal` and `-shm`.
fn database_copy(main: &Path) -> DataCopy {
    let parts: Vec<PathBuf> = ["", "-wal", "-shm"]
        .iter()
        .map(|suffix| {
            let mut name = main.as_os_str().to_owned();
            name.push(suffix);
            PathBuf::from(name)
        })
        .collect();
    let bytes = parts.iter().map(|p| bytes_on_disk(p)).sum();
    let held = held_in(main);
    DataCopy {
        kind: CopyKind::SetAside,
        path: main.display().to_string(),
        bytes,
        customers: held.map(|h| h.0),
        orders: held.map(|h| h.1),
        parts,
    }
}

/// `old`, an earlier build's data folder, when it exists apart from the live data folder and
/// holds a database of that build.
fn earlier_build(database: &Path, old: &Path) -> Option<DataCopy> {
    let data_dir = database.parent()?;
    let old = old.to_path_buf();
    if !old.is_dir() || same_place(&old, data_dir) {
        return None;
    }
    let name = database.file_name()?;
    let old_database = old.join(name);
    let holds_data = std::fs::read_dir(&old)
        .ok()?
        .filter_map(Result::ok)
        .any(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(&*name.to_string_lossy())
        });
    if !holds_data {
        return None;
    }
    let held = if old_database.exists() {
        held_in(&old_database)
    } else {
        None
    };
    Some(DataCopy {
        kind: CopyKind::EarlierBuild,
        path: old.display().to_string(),
        bytes: bytes_on_disk(&old),
        customers: held.map(|h| h.0),
        orders: held.map(|h| h.1),
        parts: vec![old],
    })
}

fn same_place(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// (customers, orders) in a copy's database, read without writing to it. `None` when the file
/// is not a database this build can read.
fn held_in(database: &Path) -> Option<(u64, u64)> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(database, flags).ok()?;
    let held = conector_ledger::erase::held(&conn).ok()?;
    Some((held.customers, held.orders))
}

/// Bytes of a file, or of everything under a folder.
fn bytes_on_disk(path: &Path) -> u64 {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return 0;
    };
    if !meta.is_dir() {
        return meta.len();
    }
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| bytes_on_disk(&e.path()))
                .sum()
        })
        .unwrap_or(0)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::context::APP_IDENTIFIER;

    #[test]
    fn set_aside_files_and_an_earlier_builds_folder_are_copies_the_live_files_are_not() {
        let home = tempfile::tempdir().unwrap();
        let data = home.path().join(APP_IDENTIFIER);
        std::fs::create_dir_all(&data).unwrap();
        let database = data.join("conector.sqlite3");
        drop(conector_core::db::open(&database).unwrap());
        std::fs::write(data.join("conector.sqlite3.bad-20261128-104000"), b"x").unwrap();
        std::fs::write(
            data.join("conector.sqlite3.bad-20261128-104000-wal"),
            b"wal",
        )
        .unwrap();
        std::fs::write(data.join("conector.sqlite3.bad-20261201-090000-shm"), b"s").unwrap();
        std::fs::write(data.join("notes.txt"), b"not ours to touch").unwrap();

        let copies = find(&database);
        let paths: Vec<&str> = copies.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(copies.len(), 2, "{paths:?}");
        assert_eq!(copies[0].bytes, 4, "the main file and its WAL");
        assert_eq!(copies[0].customers, None, "not a database");
        assert!(copies.iter().all(|c| c.kind == CopyKind::SetAside));

        // An earlier build's folder counts once it holds a database of that build.
        let old = home.path().join(identity::OLD_IDENTIFIER);
        std::fs::create_dir_all(old.join("WebKitCache")).unwrap();
        assert_eq!(
            find(&database).len(),
            2,
            "a folder of caches only is no copy"
        );
        drop(conector_core::db::open(&old.join("conector.sqlite3")).unwrap());
        let copies = find(&database);
        assert_eq!(copies.len(), 3);
        assert_eq!(copies[2].kind, CopyKind::EarlierBuild);
        assert_eq!(
            copies[2].customers,
            Some(0),
            "an empty database of that build"
        );

        assert!(delete(&copies).is_empty());
        assert!(find(&database).is_empty());
        assert!(!old.exists());
        assert!(database.exists() && data.join("notes.txt").exists());
    }

    #[test]
    fn the_data_folder_itself_is_never_a_copy() {
        // Before the app's first start, the command line uses the old folder as its data
        // folder (`Paths::for_user`): it has no old counterpart then.
        let home = tempfile::tempdir().unwrap();
        let old = home.path().join(identity::OLD_IDENTIFIER);
        let database = old.join("conector.sqlite3");
        drop(conector_core::db::open(&database).unwrap());
        assert!(find(&database).is_empty());
    }
}
