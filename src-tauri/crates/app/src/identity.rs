//! The app's desktop identity. Notifications, the tray, the login item, the data folders and the
//! keychain all carry [`crate::context::APP_IDENTIFIER`]. It was `br.com.conectorfidelidade.app`
//! until the health watch (issue #16): an identifier ending in `.app` clashes with macOS's
//! application bundles (the Tauri CLI warns). What an earlier build kept under the old name is
//! moved over once, on the first start: the folders, and the store token's keychain entry.

use std::path::{Component, Path, PathBuf};

use conector_secrets::{Keychain, StoreAccount};
use conector_setup::StoreProfile;
use rusqlite::Connection;

use crate::context::APP_IDENTIFIER;
use crate::AppError;

/// The identifier of the builds before issue #16.
pub const OLD_IDENTIFIER: &str = "br.com.conectorfidelidade.app";

/// The folder an earlier build used in place of `current` (the same path with the old
/// identifier), when `current` holds the identifier.
pub fn old_counterpart(current: &Path) -> Option<PathBuf> {
    let mut found = false;
    let old: PathBuf = current
        .components()
        .map(|c| match c {
            Component::Normal(name) if name == APP_IDENTIFIER => {
                found = true;
                Component::Normal(OLD_IDENTIFIER.as_ref())
            }
            other => other,
        })
        .collect();
    found.then_some(old)
}

/// Moves each folder's old counterpart to it, when only the old one exists (parents first, so
/// a log folder inside the data folder moves with it). Returns the folders moved. A folder that
/// cannot be moved is logged and left where it is: the app then starts as a new installation.
pub fn move_old_folders(folders: &[PathBuf]) -> Vec<PathBuf> {
    let mut folders: Vec<&PathBuf> = folders.iter().collect();
    folders.sort_by_key(|f| f.components().count());
    folders.dedup();
    let mut moved = Vec::new();
    for folder in folders {
        let Some(old) = old_counterpart(folder) else {
            continue;
        };
        match move_folder(&old, folder) {
            Ok(true) => {
                tracing::info!(from = %old.display(), to = %folder.display(), "folder of the old identifier moved");
                moved.push(folder.clone());
            }
            Ok(false) => {}
            Err(e) => {
                tracing::warn!(from = %old.display(), error = %e, "folder of the old identifier could not be moved");
            }
        }
    }
    moved
}

/// Moves `old` to `new`; `true` when something moved. When `new` already exists (the webview
/// makes its own files there before the app's code runs), each entry of `old` that `new` lacks
/// is moved into it, and `old` is removed once empty — unless `new` already holds a database:
/// then this build has its own data and nothing is touched.
pub fn move_folder(old: &Path, new: &Path) -> std::io::Result<bool> {
    if !old.is_dir() {
        return Ok(false);
    }
    if !new.exists() {
        if let Some(parent) = new.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::rename(old, new)?;
        return Ok(true);
    }
    if new.join(DATABASE).exists() {
        return Ok(false);
    }
    let mut moved = false;
    for entry in std::fs::read_dir(old)? {
        let entry = entry?;
        let target = new.join(entry.file_name());
        if !target.exists() {
            std::fs::rename(entry.path(), target)?;
            moved = true;
        }
    }
    // Left only when `new` had the same names (the webview's own caches): kept, not deleted.
    if std::fs::read_dir(old)?.next().is_none() {
        std::fs::remove_dir(old)?;
    }
    Ok(moved)
}

/// The database's file name in the data folder (`crate::Paths::database`).
const DATABASE: &str = "conector.sqlite3";

/// Moves the saved store's token from the old identifier's keychain service to `keychain`'s,
/// every entry format (bound to the API origin, to the API host only, and the oldest one keyed
/// by store ID; the startup migration then binds the older ones to the origin), then deletes
/// the old entries. An entry already in the new service is kept. Blocks on the keychain.
/// Returns how many entries moved.
pub fn move_keychain_entries(conn: &Connection, keychain: &Keychain) -> Result<u32, AppError> {
    let Some(profile) = StoreProfile::load(conn)? else {
        return Ok(0);
    };
    let old = Keychain::with_service(OLD_IDENTIFIER);
    let mut moved = 0;
    for account in [
        profile.account(),
        profile.host_bound_account(),
        StoreAccount::legacy(&profile.store_id),
    ] {
        let Some(token) = old.load(&account)? else {
            continue;
        };
        if keychain.load(&account)?.is_none() {
            keychain.save(&account, &token)?;
            moved += 1;
        }
        old.delete(&account)?;
    }
    if moved > 0 {
        tracing::info!(moved, "token moved to the new identifier's keychain entry");
    }
    Ok(moved)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_old_folder_of_each_place_is_the_same_path_with_the_old_name() {
        let data = Path::new("/home/ana/.local/share").join(APP_IDENTIFIER);
        assert_eq!(
            old_counterpart(&data),
            Some(Path::new("/home/ana/.local/share").join(OLD_IDENTIFIER))
        );
        assert_eq!(
            old_counterpart(&data.join("logs")),
            Some(
                Path::new("/home/ana/.local/share")
                    .join(OLD_IDENTIFIER)
                    .join("logs")
            )
        );
        assert_eq!(old_counterpart(Path::new("/tmp/other")), None);
    }

    #[test]
    fn an_earlier_builds_folders_move_over_once_with_what_is_inside() {
        let home = tempfile::tempdir().unwrap();
        let share = home.path().join("share");
        let config = home.path().join("config");
        let old_data = share.join(OLD_IDENTIFIER);
        std::fs::create_dir_all(old_data.join("logs")).unwrap();
        std::fs::write(old_data.join("conector.sqlite3"), b"db").unwrap();
        std::fs::write(old_data.join("logs/conector.2026-11-29.log"), b"log").unwrap();
        std::fs::create_dir_all(config.join(OLD_IDENTIFIER)).unwrap();
        std::fs::write(
            config.join(OLD_IDENTIFIER).join(".window-state.json"),
            b"{}",
        )
        .unwrap();

        let data = share.join(APP_IDENTIFIER);
        // The log folder is listed first: the data folder (its parent) still moves whole.
        let folders = [data.join("logs"), data.clone(), config.join(APP_IDENTIFIER)];
        let moved = move_old_folders(&folders);
        assert_eq!(moved, [data.clone(), config.join(APP_IDENTIFIER)]);
        assert_eq!(std::fs::read(data.join("conector.sqlite3")).unwrap(), b"db");
        assert_eq!(
            std::fs::read(data.join("logs/conector.2026-11-29.log")).unwrap(),
            b"log"
        );
        assert!(config
            .join(APP_IDENTIFIER)
            .join(".window-state.json")
            .exists());
        assert!(!old_data.exists());

        // A second start finds nothing to move; a database already there is never replaced.
        std::fs::create_dir_all(&old_data).unwrap();
        std::fs::write(old_data.join("conector.sqlite3"), b"other").unwrap();
        assert!(move_old_folders(&folders).is_empty());
        assert_eq!(std::fs::read(data.join("conector.sqlite3")).unwrap(), b"db");
        assert!(old_data.exists(), "left alone");
    }

    #[test]
    fn files_the_webview_made_first_do_not_keep_the_old_data_out() {
        let home = tempfile::tempdir().unwrap();
        let old = home.path().join(OLD_IDENTIFIER);
        let new = home.path().join(APP_IDENTIFIER);
        std::fs::create_dir_all(old.join("WebKitCache")).unwrap();
        std::fs::write(old.join("conector.sqlite3"), b"db").unwrap();
        std::fs::write(old.join("conector.sqlite3-wal"), b"wal").unwrap();
        std::fs::create_dir_all(new.join("WebKitCache")).unwrap();
        std::fs::write(new.join("hsts-storage.sqlite"), b"webkit").unwrap();

        assert!(move_folder(&old, &new).unwrap());
        assert_eq!(std::fs::read(new.join("conector.sqlite3")).unwrap(), b"db");
        assert_eq!(
            std::fs::read(new.join("conector.sqlite3-wal")).unwrap(),
            b"wal"
        );
        assert_eq!(
            std::fs::read(new.join("hsts-storage.sqlite")).unwrap(),
            b"webkit"
        );
        assert!(
            old.join("WebKitCache").exists(),
            "the old cache is left, not deleted"
        );
    }
}
