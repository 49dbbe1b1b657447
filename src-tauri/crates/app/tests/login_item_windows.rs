//! "Iniciar com o computador" on Windows, under Wine (the Windows gate runs it with the other
//! domain tests): the app's login item (`conector_app::login_item`, what the health page's
//! switch and go-live turn on) is a value under HKCU's `Run` key (per user, as the app is
//! installed) whose command line is the program's
//! path **in quotes**, then `--hidden` — read back with Windows' own `reg.exe` as any other
//! program would (unquoted, a path with a space followed by an argument does not start at
//! sign-in, and the install folder's name has a space); "Remover tudo deste computador" (Sobre,
//! `conector remove-everything`, the uninstaller's "remove my data too") removes it, and
//! `reg.exe` then finds nothing under either key.

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(target_os = "windows")]

use std::process::Command;

use conector_app::context::APP_IDENTIFIER;
use conector_app::{login_item, remove, Paths};
use conector_secrets::Keychain;

const RUN_KEYS: [&str; 2] = [
    r"HKCU\Software\Microsoft\Windows\CurrentVersion\Run",
    r"HKLM\Software\Microsoft\Windows\CurrentVersion\Run",
];

/// The `Run` keys that hold the login item, each with its line as `reg query` prints it.
fn login_items() -> Vec<(&'static str, String)> {
    RUN_KEYS
        .iter()
        .filter_map(|key| {
            let out = Command::new("reg")
                .args(["query", key, "/v", APP_IDENTIFIER])
                .output()
                .expect("reg.exe runs");
            out.status.success().then(|| {
                let text = String::from_utf8_lossy(&out.stdout).into_owned();
                let line = text
                    .lines()
                    .find(|l| l.contains(APP_IDENTIFIER))
                    .map(|l| l.trim().to_owned())
                    .unwrap_or_default();
                (*key, line)
            })
        })
        .collect()
}

#[test]
fn the_login_item_is_a_run_value_and_remove_everything_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap().display().to_string();
    // A run stopped halfway (in this Wine prefix) may have left one: start without it.
    let item = login_item::this_app().unwrap();
    item.disable().unwrap();
    assert!(login_items().is_empty(), "none before: {:?}", login_items());

    // The owner ticks "Iniciar com o computador".
    item.enable().unwrap();
    let items = login_items();
    assert_eq!(items.len(), 1, "one Run value: {items:?}");
    let (key, line) = &items[0];
    assert_eq!(*key, RUN_KEYS[0], "per user, under HKCU");
    assert!(line.contains("REG_SZ"), "{line}");
    assert!(
        line.ends_with(&format!("\"{exe}\" --hidden")),
        "the path in quotes, then --hidden: {line}"
    );
    assert!(item.is_enabled().unwrap());

    let paths = Paths {
        data_dir: dir.path().join("data"),
        log_dir: dir.path().join("logs"),
    };
    let removal = remove::plan(&paths, &[]).unwrap();
    assert!(removal.login_item, "the confirmation lists it");
    let removed = remove::remove_everything(
        &removal,
        &Keychain::with_service("br.com.conectorfidelidade.test.login-item"),
    )
    .unwrap();
    assert!(removed.login_item);
    assert_eq!(login_items(), Vec::new(), "no Run value left");
    assert!(!item.is_enabled().unwrap());
}
