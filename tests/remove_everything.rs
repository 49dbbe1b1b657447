//! "Remover tudo deste computador" as the Windows uninstaller runs it: `conector
//! remove-everything --yes` (issue #23, item 2). On real files in a throwaway home folder — the
//! app's data after a preview run against the demo store over HTTP, a damaged copy set aside,
//! an earlier build's folder, the window's settings, a cache, the login item — and, under a
//! desktop session, the store token's keychain entries. Afterwards no customer's name, e-mail
//! or document, and no token, is left in any file of that home folder, and the keychain has no
//! entry; the owner's other files are untouched.
//!
//! Linux only: the throwaway home is given to the command through the XDG variables, which is
//! how Linux (and Tauri's path API there) finds the app's folders. The Windows side runs the
//! same command under Wine (tests/windows_installer.rs).
#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use conector_app::context::APP_IDENTIFIER;
use conector_app::fixture::{self, customer_strings, files_under, left_in_files};
use conector_app::identity::OLD_IDENTIFIER;
use conector_app::Context;
use conector_core::Secret;
use conector_demo::DEMO_TOKEN;
use conector_secrets::{Keychain, StoreAccount};
use conector_setup::{StoreProfile, DEMO_STORE_ID};

/// A home folder of its own, given to the command line through the XDG variables.
struct Home(tempfile::TempDir);

impl Home {
    fn new() -> Home {
        Home(tempfile::tempdir().unwrap())
    }
    fn root(&self) -> &Path {
        self.0.path()
    }
    fn data(&self) -> PathBuf {
        self.root().join(".local/share")
    }
    fn config(&self) -> PathBuf {
        self.root().join(".config")
    }
    fn cache(&self) -> PathBuf {
        self.root().join(".cache")
    }
    fn data_dir(&self) -> PathBuf {
        self.data().join(APP_IDENTIFIER)
    }
    fn login_item(&self) -> PathBuf {
        self.config()
            .join("autostart")
            .join(format!("{APP_IDENTIFIER}.desktop"))
    }

    /// `conector --lang pt-BR <args>` with this home.
    fn conector(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_conector"))
            .args(args)
            .env("HOME", self.root())
            .env("XDG_DATA_HOME", self.data())
            .env("XDG_CONFIG_HOME", self.config())
            .env("XDG_CACHE_HOME", self.cache())
            .output()
            .unwrap()
    }
}

/// The app as the owner leaves it after the wizard and a preview run on the demo store, in
/// `home`'s data folder, with every other thing the app keeps on this computer beside it.
async fn owner_data(home: &Home) -> Context {
    let data_dir = home.data_dir();
    let ctx = fixture::context(&data_dir, Keychain::new());
    let base = fixture::own_demo(&ctx).await;
    fixture::record_connection(&ctx, &base).await;
    fixture::save_demo_form(&ctx, &["18", "21"]).await;
    let run = fixture::preview_run(&ctx).await.unwrap();
    assert!(run.totals.orders_seen > 100, "{:?}", run.totals);
    ctx.with_db(|conn| conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)"))
        .unwrap();

    // A damaged database set aside by "começar do zero", and an earlier build's folder.
    std::fs::copy(
        ctx.database_path(),
        data_dir.join("conector.sqlite3.bad-20261201T120000Z"),
    )
    .unwrap();
    let old = home.data().join(OLD_IDENTIFIER);
    std::fs::create_dir_all(&old).unwrap();
    std::fs::copy(ctx.database_path(), old.join("conector.sqlite3")).unwrap();
    // A log line, the window's size, the webview's cache.
    std::fs::create_dir_all(data_dir.join("logs")).unwrap();
    std::fs::write(
        data_dir.join("logs/conector.2026-12-07.log"),
        "app starting\n",
    )
    .unwrap();
    let config = home.config().join(APP_IDENTIFIER);
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join(".window-state.json"), "{}").unwrap();
    let cache = home.cache().join(APP_IDENTIFIER);
    std::fs::create_dir_all(&cache).unwrap();
    std::fs::write(cache.join("webkit"), "cache").unwrap();
    // "Iniciar com o computador" on: the app's login item (auto-launch's XDG file).
    std::fs::create_dir_all(home.login_item().parent().unwrap()).unwrap();
    std::fs::write(
        home.login_item(),
        format!(
            "[Desktop Entry]\nType=Application\nVersion=1.0\nName={APP_IDENTIFIER}\n\
             Comment={APP_IDENTIFIER}startup script\nExec=/usr/bin/conector-fidelidade --hidden\n\
             StartupNotify=false\nTerminal=false\n"
        ),
    )
    .unwrap();
    // The owner's own things, which must stay.
    std::fs::write(home.config().join("autostart/other.desktop"), "other").unwrap();
    std::fs::create_dir_all(home.data().join("other-app")).unwrap();
    std::fs::write(home.data().join("other-app/notes.txt"), "mine").unwrap();
    ctx
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Without `--yes`, or while the app has its data open, nothing is removed; the first says what
/// would go, the second that the app must be closed first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_is_removed_without_yes_or_while_the_app_runs() {
    let home = Home::new();
    drop(owner_data(&home).await);
    // The app started again, as the owner finds it: it holds its database open all its life.
    // (Opened after the set-up's file copies: closing any handle of a file drops every POSIX
    // lock this process holds on it, SQLite's included.)
    let app = fixture::context(&home.data_dir(), Keychain::new());
    let before = files_under(home.root());

    let asked = home.conector(&["remove-everything"]);
    assert_eq!(asked.status.code(), Some(2), "{asked:?}");
    let said = text(&asked.stderr);
    assert!(said.contains("Nada foi removido."), "{said}");
    for line in [
        format!("pasta {}", home.data_dir().display()),
        format!("pasta {}", home.data().join(OLD_IDENTIFIER).display()),
        format!("pasta {}", home.config().join(APP_IDENTIFIER).display()),
        format!("pasta {}", home.cache().join(APP_IDENTIFIER).display()),
        format!(
            "cópia dos dados de clientes: {}",
            home.data_dir()
                .join("conector.sqlite3.bad-20261201T120000Z")
                .display()
        ),
        format!("o token da loja {DEMO_STORE_ID} no chaveiro do sistema"),
        "o início automático com o computador".to_owned(),
    ] {
        assert!(said.contains(&line), "{line:?} not in {said}");
    }
    // (Counting what a copy holds may add its `-wal`/`-shm` beside it; nothing goes.)
    let kept = |before: &[PathBuf]| before.iter().all(|f| f.exists());
    assert!(kept(&before));

    // While the app runs:
    let refused = home.conector(&["remove-everything", "--yes"]);
    assert_eq!(refused.status.code(), Some(4), "{refused:?}");
    assert!(
        text(&refused.stderr).contains("O Conector +fidelidade está aberto"),
        "{refused:?}"
    );
    assert!(kept(&before));
    let help = home.conector(&["remove-everything", "--help"]);
    assert!(
        text(&help.stdout).contains("4 o aplicativo está aberto, nada removido"),
        "the exit codes are in --help: {help:?}"
    );
    drop(app);
}

/// With the app closed, `--yes` removes the data and every copy, the logs, the settings, the
/// cache, the login item and the token's keychain entries (each format, this identifier's and
/// the earlier one's), and nothing else.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a Secret Service session: run make test"]
async fn everything_goes_with_yes_and_nothing_of_the_customers_or_the_token_remains() {
    let home = Home::new();
    let ctx = owner_data(&home).await;
    let customers = customer_strings(&ctx);
    assert!(customers.len() > 30, "{customers:?}");
    let profile = ctx.with_db(StoreProfile::load).unwrap().unwrap();
    let token = Secret::new(DEMO_TOKEN);
    let mut accounts = vec![
        profile.account(),
        profile.host_bound_account(),
        StoreAccount::legacy(&profile.store_id),
    ];
    // The demo store's entry is bound to its host alone: the first two are one entry.
    accounts.dedup();
    let (keychain, old) = (Keychain::new(), Keychain::with_service(OLD_IDENTIFIER));
    for account in &accounts {
        keychain.save(account, &token).unwrap();
    }
    old.save(&profile.account(), &token).unwrap();
    // What the owner's data holds before, so the check after can fail.
    assert!(!left_in_files(&[home.root()], &customers).is_empty());
    drop(ctx);

    let done = home.conector(&["remove-everything", "--yes"]);
    assert_eq!(done.status.code(), Some(0), "{done:?}");
    assert!(
        text(&done.stdout).contains(&format!(
            "4 pastas, {} tokens guardados no chaveiro do sistema",
            accounts.len() + 1
        )),
        "{done:?}"
    );

    for gone in [
        home.data_dir(),
        home.data().join(OLD_IDENTIFIER),
        home.config().join(APP_IDENTIFIER),
        home.cache().join(APP_IDENTIFIER),
        home.login_item(),
    ] {
        assert!(!gone.exists(), "{} is still there", gone.display());
    }
    let mut secrets = customers.clone();
    secrets.push(DEMO_TOKEN.to_owned());
    assert_eq!(left_in_files(&[home.root()], &secrets), Vec::new());
    for account in &accounts {
        assert!(keychain.load(account).unwrap().is_none(), "{account:?}");
        assert!(old.load(account).unwrap().is_none(), "{account:?}");
    }
    // The owner's own files stay.
    assert!(home.config().join("autostart/other.desktop").exists());
    assert!(home.data().join("other-app/notes.txt").exists());

    // Once more: nothing left to remove.
    let again = home.conector(&["remove-everything", "--yes"]);
    assert_eq!(again.status.code(), Some(0), "{again:?}");
    assert!(
        text(&again.stdout).contains("não guarda nada neste computador"),
        "{again:?}"
    );
}
