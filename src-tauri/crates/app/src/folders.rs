//! Where the product's folders are for this user, the same for the window and the command line:
//! under the per-user *local* data folder ([`dirs::data_local_dir`]: `%LOCALAPPDATA%` on
//! Windows, `$XDG_DATA_HOME` or `~/.local/share` on Linux, `~/Library/Application Support` on
//! macOS), in a folder named [`APP_IDENTIFIER`], with the logs inside it.
//!
//! Not the roaming folder ([`dirs::data_dir`], `%APPDATA%` on Windows): a roaming profile
//! copies it to every computer the user logs on to, and the database is this computer's. The
//! builds before this one kept their data there on Windows (Tauri's `app_data_dir`); it moves
//! over once, on the first start ([`UserRoots::move_earlier_data`]). On Linux and macOS both
//! are the same folder and nothing moves.

use std::path::{Path, PathBuf};

use crate::context::APP_IDENTIFIER;
use crate::identity::{self, OLD_IDENTIFIER};
use crate::Paths;

/// The per-user folders the product's folder sits in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRoots {
    /// Where the product keeps its files now ([`dirs::data_local_dir`]).
    pub local: PathBuf,
    /// Where earlier builds kept them ([`dirs::data_dir`]); the same as `local` except on
    /// Windows.
    pub roaming: PathBuf,
}

impl UserRoots {
    /// This user's, from the OS; `None` when the OS gives no home folder.
    pub fn of_user() -> Option<UserRoots> {
        Some(UserRoots {
            local: from_env("LOCALAPPDATA").or_else(dirs::data_local_dir)?,
            roaming: from_env("APPDATA").or_else(dirs::data_dir)?,
        })
    }

    /// The product's folders: `<local>/<APP_IDENTIFIER>`, logs in its `logs` folder.
    pub fn paths(&self) -> Paths {
        Paths::under(&self.local)
    }

    /// The data folder the builds before this one used, when it is not the current one (on
    /// Windows: the roaming folder's).
    pub fn earlier_data_dir(&self) -> Option<PathBuf> {
        let earlier = self.roaming.join(APP_IDENTIFIER);
        (earlier != self.paths().data_dir).then_some(earlier)
    }

    /// Moves an earlier build's data folder into the current one, once: everything in it
    /// that the current folder lacks ([`identity::move_folder`]; the earlier folder goes when
    /// emptied). Nothing moves when the current folder already holds a database: the earlier
    /// folder then stays, and is a copy of the customers' data that the erase deletes
    /// ([`crate::copies`]). Returns whether something moved; a failure is logged and the app
    /// starts on the current folder.
    pub fn move_earlier_data(&self) -> bool {
        let Some(earlier) = self.earlier_data_dir() else {
            return false;
        };
        let current = self.paths().data_dir;
        match identity::move_folder(&earlier, &current) {
            Ok(moved) => {
                if moved {
                    tracing::info!(from = %earlier.display(), to = %current.display(), "data folder moved to the local folder");
                }
                moved
            }
            Err(e) => {
                tracing::warn!(from = %earlier.display(), error = %e, "the earlier data folder could not be moved");
                false
            }
        }
    }

    /// The folders the command line reads before the app's first start has moved anything:
    /// the first of the current folder, the old identifier's and the earlier build's (roaming)
    /// ones that holds a database; the current folder when none does.
    pub fn paths_with_data(&self) -> Paths {
        let current = self.paths();
        let mut candidates = vec![current.data_dir.clone(), self.local.join(OLD_IDENTIFIER)];
        if let Some(earlier) = self.earlier_data_dir() {
            candidates.push(earlier);
            candidates.push(self.roaming.join(OLD_IDENTIFIER));
        }
        candidates
            .into_iter()
            .find(|dir| holds_database(dir))
            .map_or(current, |dir| Paths::in_folder(&dir))
    }
}

fn holds_database(dir: &Path) -> bool {
    Paths::in_folder(dir).database().is_file()
}

/// On Windows the folder the environment names (`%LOCALAPPDATA%`, `%APPDATA%`, which Windows sets
/// for every process to the same folders as its known-folder API), so a redirected profile, or a
/// test, can point the app and the command line elsewhere as builds before this one allowed;
/// the known folder ([`dirs`]) when it is unset. Elsewhere these variables mean nothing.
#[cfg(windows)]
fn from_env(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|value| !value.is_empty())
        .map(PathBuf::from)
}

#[cfg(not(windows))]
fn from_env(_name: &str) -> Option<PathBuf> {
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn roots(home: &Path) -> UserRoots {
        UserRoots {
            local: home.join("AppData/Local"),
            roaming: home.join("AppData/Roaming"),
        }
    }

    /// A real database with one saved setting, as an earlier build left it.
    fn database_in(dir: &Path, value: &str) {
        let conn = conector_core::db::open(&Paths::in_folder(dir).database()).unwrap();
        conector_core::settings::set(&conn, "test.marker", value).unwrap();
    }

    fn marker(dir: &Path) -> Option<String> {
        let conn = conector_core::db::open(&Paths::in_folder(dir).database()).unwrap();
        conector_core::settings::get(&conn, "test.marker").unwrap()
    }

    #[test]
    fn the_folders_are_the_local_ones_with_the_logs_inside() {
        let home = tempfile::tempdir().unwrap();
        let paths = roots(home.path()).paths();
        let data = home.path().join("AppData/Local").join(APP_IDENTIFIER);
        assert_eq!(paths.data_dir, data);
        assert_eq!(paths.log_dir, data.join("logs"));
        assert_eq!(paths.database(), data.join("conector.sqlite3"));
    }

    #[test]
    fn an_earlier_builds_roaming_database_moves_to_the_local_folder_once_with_its_data() {
        let home = tempfile::tempdir().unwrap();
        let roots = roots(home.path());
        let earlier = roots.earlier_data_dir().unwrap();
        database_in(&earlier, "da versão anterior");
        std::fs::create_dir_all(earlier.join("logs")).unwrap();
        std::fs::write(earlier.join("logs/conector.2026-12-01.log"), "linha").unwrap();
        // The webview made its own folder in the local one before the app's code ran.
        let current = roots.paths().data_dir;
        std::fs::create_dir_all(current.join("EBWebView")).unwrap();

        assert!(roots.move_earlier_data());
        assert_eq!(marker(&current).as_deref(), Some("da versão anterior"));
        assert!(current.join("logs/conector.2026-12-01.log").is_file());
        assert!(current.join("EBWebView").is_dir());
        assert!(!earlier.exists(), "the emptied roaming folder is gone");

        assert!(!roots.move_earlier_data(), "once");
        assert_eq!(marker(&current).as_deref(), Some("da versão anterior"));
    }

    #[test]
    fn a_local_database_is_never_replaced_and_the_earlier_one_stays_as_a_copy() {
        let home = tempfile::tempdir().unwrap();
        let roots = roots(home.path());
        let earlier = roots.earlier_data_dir().unwrap();
        let current = roots.paths().data_dir;
        database_in(&earlier, "antiga");
        database_in(&current, "atual");

        assert!(!roots.move_earlier_data());
        assert_eq!(marker(&current).as_deref(), Some("atual"));
        assert_eq!(marker(&earlier).as_deref(), Some("antiga"));

        // The erase deletes it: it is a copy of the customers' data.
        let database = roots.paths().database();
        let copies = crate::copies::find_in(&database, Some(&earlier));
        assert_eq!(copies.len(), 1, "{copies:?}");
        assert_eq!(copies[0].kind, crate::copies::CopyKind::EarlierBuild);
        assert_eq!(copies[0].path, earlier.display().to_string());
        assert!(crate::copies::delete(&copies).is_empty());
        assert!(!earlier.exists());
        assert_eq!(marker(&current).as_deref(), Some("atual"));
    }

    #[test]
    fn where_both_are_one_folder_nothing_moves() {
        let home = tempfile::tempdir().unwrap();
        let share = home.path().join(".local/share");
        let roots = UserRoots {
            local: share.clone(),
            roaming: share,
        };
        assert_eq!(roots.earlier_data_dir(), None);
        database_in(&roots.paths().data_dir, "única");
        assert!(!roots.move_earlier_data());
        assert_eq!(marker(&roots.paths().data_dir).as_deref(), Some("única"));
    }

    #[test]
    fn before_the_first_start_the_command_line_reads_where_the_data_is() {
        let home = tempfile::tempdir().unwrap();
        let roots = roots(home.path());
        assert_eq!(roots.paths_with_data(), roots.paths(), "no data anywhere");
        let earlier = roots.earlier_data_dir().unwrap();
        database_in(&earlier, "antiga");
        assert_eq!(roots.paths_with_data().data_dir, earlier);
        database_in(&roots.paths().data_dir, "atual");
        assert_eq!(roots.paths_with_data(), roots.paths());
    }
}
