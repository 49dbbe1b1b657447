//! Round trip through the real OS keychain. On Linux this needs an unlocked Secret Service
//! session: `make test` provides one (dbus-run-session + gnome-keyring-daemon --unlock).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conector_core::Secret;
use conector_secrets::{Keychain, StoreAccount};

/// A service name of its own so the test never touches the app's entries.
fn keychain() -> Keychain {
    Keychain::with_service(format!(
        "br.com.conectorfidelidade.test.{}",
        std::process::id()
    ))
}

#[test]
#[ignore = "needs a Secret Service session: run make test"]
fn save_load_replace_delete_round_trip() {
    let keychain = keychain();
    let account = StoreAccount::for_store(Some("987654"), "https://987654.simplo7.net/ws/");
    let other = StoreAccount::for_store(Some("111111"), "https://111111.simplo7.net/ws/");
    assert_eq!(keychain.load(&account).unwrap(), None);
    assert_eq!(keychain.mask(&account).unwrap(), None);

    let first = Secret::new("tok-first-0000-aaaa-3f9a");
    keychain.save(&account, &first).unwrap();
    assert_eq!(keychain.load(&account).unwrap(), Some(first.clone()));
    assert_eq!(
        keychain.mask(&account).unwrap().as_deref(),
        Some("••••••••3f9a")
    );
    assert_eq!(keychain.load(&other).unwrap(), None, "tokens are per store");

    let second = Secret::new("tok-second-1111-bbbb-77e1");
    assert!(
        keychain.replace(&account, &second).unwrap(),
        "a token was there before"
    );
    assert_eq!(keychain.load(&account).unwrap(), Some(second));

    // A fresh handle (as after an app restart) reads the same entry.
    let reopened = keychain.clone();
    assert_eq!(
        reopened.mask(&account).unwrap().as_deref(),
        Some("••••••••77e1")
    );

    assert!(keychain.delete(&account).unwrap());
    assert_eq!(keychain.load(&account).unwrap(), None);
    assert!(
        !keychain.delete(&account).unwrap(),
        "deleting twice is not an error"
    );
    assert!(
        !keychain.replace(&other, &first).unwrap(),
        "nothing there before"
    );
    assert!(keychain.delete(&other).unwrap());
}
