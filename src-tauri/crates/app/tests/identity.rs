//! The keychain entry an earlier identifier kept moves to the current one, once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conector_app::identity::{move_keychain_entries, OLD_IDENTIFIER};
use conector_core::Secret;
use conector_secrets::{Keychain, StoreAccount};
use conector_setup::StoreProfile;

#[test]
#[ignore = "needs a Secret Service session: run make test"]
fn the_token_moves_from_the_old_identifiers_keychain_service() {
    let dir = tempfile::tempdir().unwrap();
    let conn = conector_core::db::open(&dir.path().join("conector.sqlite3")).unwrap();
    let profile = StoreProfile::save(&conn, "123456", None, false).unwrap();
    let account = profile.account();
    let old = Keychain::with_service(OLD_IDENTIFIER);
    let new = Keychain::with_service("br.com.conectorfidelidade.test.identity-new");
    let _ = new.delete(&account);
    old.save(
        &account,
        &Secret::new("token-guardado-pela-versao-antiga-1234"),
    )
    .unwrap();

    assert_eq!(move_keychain_entries(&conn, &new).unwrap(), 1);
    assert_eq!(
        new.load(&account).unwrap().map(|t| t.expose().to_owned()),
        Some("token-guardado-pela-versao-antiga-1234".to_owned())
    );
    assert_eq!(old.load(&account).unwrap(), None, "the old entry is gone");
    assert_eq!(old.load(&StoreAccount::legacy("123456")).unwrap(), None);
    assert_eq!(move_keychain_entries(&conn, &new).unwrap(), 0, "once");
    new.delete(&account).unwrap();
}
